#include "fixture.hpp"

namespace kaowu::schedule {
namespace {

using nlohmann::json;
using testing::make;
using testing::solve;

// Two slots overlapping at 08:30-09:00, a third later; two sites; two modes.
Instance sample() {
  json doc = {
      {"seed", 1},
      {"seating", "sequential"},
      {"invigilatorsPerRoom", 1},
      {"patrolsPerSite", 0},
      {"slots",
       {testing::slot("s1", 8, 0, 60), testing::slot("s2", 8, 30, 60),
        testing::slot("s3", 10, 0, 60)}},
      {"subjects",
       {{{"id", "a"}, {"slot", "s1"}, {"mode", "机考"}, {"certificate", "c1"}},
        {{"id", "b"}, {"slot", "s2"}, {"mode", "机考"}, {"certificate", "c1"}},
        {{"id", "c"}, {"slot", "s3"}, {"mode", "实操"}, {"certificate", "c2"}}}},
      {"sites",
       {{{"id", "site1"}, {"colleges", {"A"}}}, {{"id", "site2"}, {"colleges", {"A", "B"}}}}},
      {"rooms",
       {{{"id", "r1"}, {"site", "site1"}, {"types", {"机考"}}, {"seats", 3}},
        {{"id", "r2"}, {"site", "site1"}, {"types", {"实操"}}, {"seats", 2}},
        {{"id", "r3"}, {"site", "site2"}, {"types", {"机考", "实操"}}, {"seats", 2}}}},
      {"candidates",
       {{{"id", "st1"}, {"college", "A"}, {"subjects", {"a", "c"}}},
        {{"id", "st2"}, {"college", "A"}, {"subjects", {"b"}}},
        {{"id", "st3"}, {"college", "B"}, {"subjects", {"a"}}}}},
      {"invigilators",
       {{{"id", "t1"}, {"college", "B"}, {"certificates", {"c1", "c2"}}},
        {{"id", "t2"}, {"college", "B"}, {"certificates", {"c1", "c2"}}},
        {{"id", "t3"}, {"college", "B"}, {"certificates", {"c1"}}}}},
      {"existing", {{{"candidate", "st2"}, {"subject", "b"}, {"room", "r1"}, {"seat", 2}}}}};
  return make(doc);
}

// A valid hand-made solution for `sample`: st1 in r1/r2 at site1, st2 kept, st3 at site2.
Solution valid(const Instance&) {
  Solution s;
  s.placements = {{0, 0, 0, 0, 1}, {0, 2, 1, 2, 1}, {1, 1, 0, 1, 2}, {2, 0, 2, 0, 1}};
  // t3 (college B) watches st3 (college B) in r3: flagged.
  s.room_slots = {{0, 0, {0}, 0, {0}, {0}},
                  {0, 1, {1}, 0, {0}, {0}},
                  {1, 2, {0}, 0, {0}, {0}},
                  {2, 0, {2}, 0, {1}, {0}}};
  return s;
}

std::vector<int> rules(const Instance& in, const Solution& s) {
  std::vector<int> out;
  for (const auto& v : validate(in, s)) out.push_back(v.rule);
  return out;
}

TEST(Validate, AcceptsAValidSolution) {
  const Instance in = sample();
  EXPECT_EQ(testing::violations_text(in, valid(in)), "");
  EXPECT_EQ(testing::violations_text(in, solve(in)), "");
}

TEST(Validate, FlagsARoomOfTheWrongType) {
  const Instance in = sample();
  Solution s = valid(in);
  s.placements[1].room = 0;  // 实操 subject c in the 机考 room r1
  s.room_slots[2].room = 0;
  EXPECT_EQ(rules(in, s), std::vector<int>{1});
}

TEST(Validate, FlagsSeatsOutOfRangeAndSharedInOverlappingSlots) {
  const Instance in = sample();
  Solution s = valid(in);
  s.placements[0].seat = 2;  // st1 on seat 2 of r1 in s1, st2 kept there in s2 (overlap)
  const auto found = validate(in, s);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule, 2);
  EXPECT_NE(found[0].message.find("座位 2"), std::string::npos);
  s = valid(in);
  s.placements[3].seat = 5;
  EXPECT_EQ(rules(in, s), std::vector<int>{2});
}

TEST(Validate, FlagsACandidateInTwoOverlappingSlots) {
  Instance in = sample();
  in.candidates[0].subjects = {0, 1, 2};
  Solution s = valid(in);
  s.placements.insert(s.placements.begin() + 1, Placement{0, 1, 0, 1, 3});
  EXPECT_EQ(rules(in, s), std::vector<int>{3});
}

TEST(Validate, FlagsATimeClashReasonWithoutAnOverlappingPlacement) {
  Instance in = sample();
  in.candidates[0].subjects = {0, 2, 1};  // st1 also registers b (s2), which overlaps a (s1)
  Solution s = valid(in);
  s.unplaced.push_back({0, 1, UnplacedReason::time_clash});
  EXPECT_EQ(rules(in, s), std::vector<int>{});
  s.placements.erase(s.placements.begin());  // a is not placed after all: the clash is stale
  s.room_slots.erase(s.room_slots.begin());
  s.unplaced.push_back({0, 0, UnplacedReason::capacity});
  EXPECT_EQ(rules(in, s), std::vector<int>{3});
}

TEST(Validate, FlagsTwoSitesAndSitesNotServingTheCollege) {
  const Instance in = sample();
  Solution s = valid(in);
  s.placements[1].room = 2;  // st1's c moves to r3 at site2: two sites
  s.room_slots[2].room = 2;
  EXPECT_EQ(rules(in, s), std::vector<int>{4});
  s = valid(in);
  s.placements[3].room = 0;  // st3 of college B at site1, which serves only A
  s.placements[3].seat = 3;
  s.room_slots[3].room = 0;
  s.room_slots[0].invigilators = {2};
  s.room_slots[0].own_college = {1};  // t3 of college B now watches st3 of B in r1
  s.room_slots.erase(s.room_slots.begin() + 3);
  EXPECT_EQ(rules(in, s), std::vector<int>{4});
}

TEST(Validate, FlagsExistingRowsMovedOrRejectedButMoved) {
  const Instance in = sample();
  Solution s = valid(in);
  s.placements[2].seat = 3;  // st2 kept row was seat 2
  EXPECT_EQ(rules(in, s), std::vector<int>{5});
  s = valid(in);
  s.rejected = {{0, "seat_taken"}};  // a valid row reported invalid, and moved as well
  s.placements[2].seat = 3;
  EXPECT_EQ(rules(in, s), (std::vector<int>{5, 5}));
  s = valid(in);
  s.rejected = {{0, "seat_taken"}};  // a valid row reported invalid and left out
  s.placements.erase(s.placements.begin() + 2);
  s.room_slots.erase(s.room_slots.begin() + 1);
  s.unplaced.push_back({1, 1, UnplacedReason::invalid_existing});
  EXPECT_EQ(rules(in, s), std::vector<int>{5});
}

TEST(Validate, FlagsInvigilatorProblems) {
  const Instance in = sample();
  Solution s = valid(in);
  s.room_slots[2].invigilators = {2};  // t3 lacks c2
  EXPECT_EQ(rules(in, s), std::vector<int>{6});
  s = valid(in);
  s.room_slots[1].invigilators = {0};  // t1 in r1/s1 and r1/s2, which overlap
  EXPECT_EQ(rules(in, s), std::vector<int>{6});
  s = valid(in);
  s.room_slots[3].invigilators = {};  // missing one but shortage says 0
  s.room_slots[3].own_college = {};
  s.room_slots[3].kept = {};
  EXPECT_EQ(rules(in, s), std::vector<int>{6});
  s = valid(in);
  s.room_slots.pop_back();  // r3/s1 used but unstaffed and unlisted
  EXPECT_EQ(rules(in, s), std::vector<int>{6});
}

TEST(Validate, FlagsSubjectsLostOrDoubled) {
  const Instance in = sample();
  Solution s = valid(in);
  s.placements.pop_back();
  s.room_slots.pop_back();
  EXPECT_EQ(rules(in, s), std::vector<int>{0});
  s = valid(in);
  s.unplaced.push_back({2, 0, UnplacedReason::capacity});
  EXPECT_EQ(rules(in, s), std::vector<int>{0});
}

}  // namespace
}  // namespace kaowu::schedule
