#include <set>

#include "fixture.hpp"

namespace kaowu::schedule {
namespace {

using nlohmann::json;
using testing::make;
using testing::name;
using testing::solve;

Instance one_room(const std::string& seating,
                  const std::vector<std::pair<std::string, std::string>>& people, int seats) {
  json doc = {
      {"seed", 7},
      {"seating", seating},
      {"invigilatorsPerRoom", 0},
      {"slots", {testing::slot("s1", 8, 0, 60)}},
      {"subjects", {{{"id", "sub1"}, {"slot", "s1"}, {"mode", "机考"}, {"certificate", "c1"}}}},
      {"sites", {{{"id", "site1"}, {"colleges", {"A", "B", "C"}}}}},
      {"rooms", {{{"id", "r1"}, {"site", "site1"}, {"types", {"机考"}}, {"seats", seats}}}},
      {"candidates", json::array()}};
  for (const auto& [id, college] : people) {
    doc["candidates"].push_back({{"id", id}, {"college", college}, {"subjects", {"sub1"}}});
  }
  return make(doc);
}

std::vector<std::string> by_seat(const Instance& in, const Solution& s) {
  std::vector<std::pair<int, std::string>> rows;
  for (const auto& p : s.placements)
    rows.push_back({p.seat, in.candidates[static_cast<std::size_t>(p.candidate)].id});
  std::sort(rows.begin(), rows.end());
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.second);
  return out;
}

TEST(SplitMix64, MatchesTheReferenceSequence) {
  // First outputs of SplitMix64 seeded with 1234567 (reference implementation by S. Vigna).
  SplitMix64 rng(1234567);
  EXPECT_EQ(rng.next(), 6457827717110365317ULL);
  EXPECT_EQ(rng.next(), 3203168211198807973ULL);
  EXPECT_EQ(rng.next(), 9817491932198370423ULL);
}

TEST(SplitMix64, BelowStaysInRangeAndCoversIt) {
  SplitMix64 rng(1);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto v = rng.below(7);
    ASSERT_LT(v, 7u);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 7u);
}

TEST(Seating, SequentialFollowsCandidateIds) {
  const Instance in = one_room("sequential", {{"st2", "A"}, {"st10", "A"}, {"st1", "B"}}, 5);
  // Ids compare as text: "st1" < "st10" < "st2".
  EXPECT_EQ(by_seat(in, solve(in)), (std::vector<std::string>{"st1", "st10", "st2"}));
}

TEST(Seating, RandomIsAPermutationFixedBySeed) {
  std::vector<std::pair<std::string, std::string>> people;
  for (int i = 0; i < 30; ++i) people.push_back({name("st", 100 + i), "A"});
  const Instance in = one_room("random", people, 30);
  const auto a = by_seat(in, solve(in));
  EXPECT_EQ(a, by_seat(in, solve(in)));
  auto sorted = a;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::set<std::string>(a.begin(), a.end()).size(), 30u);
  EXPECT_NE(a, sorted);
}

TEST(Seating, SpreadSeparatesCollegesWheneverTheMixAllows) {
  // 5 of A, 4 of B, 3 of C in 12 seats: no two neighbours need share a college.
  std::vector<std::pair<std::string, std::string>> people;
  for (int i = 0; i < 5; ++i) people.push_back({name("a", i), "A"});
  for (int i = 0; i < 4; ++i) people.push_back({name("b", i), "B"});
  for (int i = 0; i < 3; ++i) people.push_back({name("c", i), "C"});
  const Instance in = one_room("spread", people, 12);
  const Solution s = solve(in);
  EXPECT_EQ(s.stats.adjacent_pairs, 11);
  EXPECT_EQ(s.stats.adjacent_same_college, 0);
  const Instance seq = one_room("sequential", people, 12);
  EXPECT_GT(solve(seq).stats.adjacent_same_college, 0);
}

TEST(Seating, SpreadDoesTheBestItCanWithOneLargeCollege) {
  // 7 of A and 2 of B: A must sit next to A at least 7 - 1 - 2 = 4 times.
  std::vector<std::pair<std::string, std::string>> people;
  for (int i = 0; i < 7; ++i) people.push_back({name("a", i), "A"});
  for (int i = 0; i < 2; ++i) people.push_back({name("b", i), "B"});
  const Instance in = one_room("spread", people, 9);
  EXPECT_EQ(solve(in).stats.adjacent_same_college, 4);
}

TEST(Seating, SpreadBeatsTheRandomBaselineOnMixedRooms) {
  std::vector<std::pair<std::string, std::string>> people;
  for (int i = 0; i < 40; ++i)
    people.push_back({name("st", i), i < 20 ? "A" : (i < 32 ? "B" : "C")});
  const Instance in = one_room("spread", people, 40);
  const Stats st = solve(in).stats;
  EXPECT_EQ(st.adjacent_same_college, 0);
  EXPECT_GT(st.random_adjacent_same_college, 5);
}

TEST(Seating, SpreadKeepsNewNeighboursOfKeptCandidatesFromOtherColleges) {
  std::vector<std::pair<std::string, std::string>> people = {
      {"a0", "A"}, {"a1", "A"}, {"b0", "B"}, {"b1", "B"}};
  Instance in = one_room("spread", people, 4);
  in.existing.push_back({0, 0, 0, 2});  // a0 kept on seat 2
  const Solution s = solve(in);
  EXPECT_EQ(s.stats.adjacent_same_college, 0) << solution_to_json(in, s).dump();
}

TEST(AdjacentPairs, CountsOnlyNeighbouringSeats) {
  const auto [pairs, same] = adjacent_pairs({{1, 0}, {2, 0}, {4, 1}, {5, 0}, {6, 0}});
  EXPECT_EQ(pairs, 3);
  EXPECT_EQ(same, 2);
}

}  // namespace
}  // namespace kaowu::schedule
