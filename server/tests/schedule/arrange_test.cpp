#include <set>

#include "fixture.hpp"

namespace kaowu::schedule {
namespace {

using nlohmann::json;
using testing::find_placement;
using testing::find_unplaced;
using testing::make;
using testing::room_id;
using testing::slot;
using testing::solve;
using testing::violations_text;

json base() {
  return {{"seed", 42},
          {"seating", "sequential"},
          {"invigilatorsPerRoom", 0},
          {"slots", {slot("s1", 8, 0, 60)}},
          {"subjects", {{{"id", "sub1"}, {"slot", "s1"}, {"mode", "机考"}, {"certificate", "c1"}}}},
          {"sites", {{{"id", "site1"}, {"colleges", {"col1", "col2"}}}}},
          {"rooms", json::array()},
          {"candidates", json::array()},
          {"invigilators", json::array()},
          {"existing", json::array()}};
}

json candidate(const std::string& id, const std::string& college,
               std::vector<std::string> subjects) {
  return {{"id", id}, {"college", college}, {"subjects", subjects}};
}

json room(const std::string& id, const std::string& site, std::vector<std::string> types,
          int seats) {
  return {{"id", id}, {"site", site}, {"types", types}, {"seats", seats}};
}

json subject(const std::string& id, const std::string& slot_id, const std::string& mode,
             const std::string& cert = "c1") {
  return {{"id", id}, {"slot", slot_id}, {"mode", mode}, {"certificate", cert}};
}

// ---- rule 1: room type ------------------------------------------------------------------------

TEST(ArrangeRoomType, SubjectsGoOnlyToRoomsOfTheirMode) {
  json doc = base();
  doc["subjects"].push_back(subject("sub2", "s1", "实操"));
  doc["rooms"] = {room("r1", "site1", {"实操"}, 5), room("r2", "site1", {"机考"}, 5)};
  doc["candidates"] = {candidate("st1", "col1", {"sub1"}), candidate("st2", "col1", {"sub2"})};
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_EQ(room_id(in, find_placement(in, s, "st1", "sub1")->room), "r2");
  EXPECT_EQ(room_id(in, find_placement(in, s, "st2", "sub2")->room), "r1");
  EXPECT_EQ(violations_text(in, s), "");
}

TEST(ArrangeRoomType, SubjectWithoutAnyRoomOfItsModeIsReported) {
  json doc = base();
  doc["rooms"] = {room("r1", "site1", {"实操"}, 5)};
  doc["candidates"] = {candidate("st1", "col1", {"sub1"})};
  const Instance in = make(doc);
  const Solution s = solve(in);
  ASSERT_NE(find_unplaced(in, s, "st1", "sub1"), nullptr);
  EXPECT_EQ(find_unplaced(in, s, "st1", "sub1")->reason, UnplacedReason::no_room_type);
}

TEST(ArrangeRoomType, MoreThanEightModesAtOneSiteIsAnError) {
  json doc = base();
  std::vector<std::string> modes;
  for (int m = 0; m < 9; ++m) {
    modes.push_back(testing::name("形式", m));
    doc["subjects"].push_back(subject(testing::name("x", m), "s1", modes.back()));
  }
  doc["rooms"] = {room("r1", "site1", modes, 5)};
  auto solved = arrange(make(doc));
  ASSERT_FALSE(solved.ok());
  EXPECT_EQ(solved.error().message, "考点 site1 的考场类型超过 8 种考试形式，无法排考");
}

// ---- rule 2: capacity and seats ---------------------------------------------------------------

TEST(ArrangeCapacity, SeatsAreDistinctAndWithinTheRoom) {
  json doc = base();
  doc["rooms"] = {room("r1", "site1", {"机考"}, 3), room("r2", "site1", {"机考"}, 3)};
  for (int i = 0; i < 7; ++i)
    doc["candidates"].push_back(candidate(testing::name("st", i), "col1", {"sub1"}));
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_EQ(s.placements.size(), 6u);
  ASSERT_EQ(s.unplaced.size(), 1u);
  EXPECT_EQ(s.unplaced[0].reason, UnplacedReason::capacity);
  std::set<std::pair<Index, int>> seats;
  for (const auto& p : s.placements) {
    EXPECT_GE(p.seat, 1);
    EXPECT_LE(p.seat, 3);
    EXPECT_TRUE(seats.insert({p.room, p.seat}).second);
  }
  EXPECT_EQ(violations_text(in, s), "");
}

TEST(ArrangeCapacity, PartiallyOverlappingSlotsShareARoomWithoutSharingSeats) {
  // 08:00-09:00 and 08:30-09:30 overlap; 10:00-11:00 does not. One room of 4 seats.
  json doc = base();
  doc["slots"] = {slot("s1", 8, 0, 60), slot("s2", 8, 30, 60), slot("s3", 10, 0, 60)};
  doc["subjects"] = {subject("a", "s1", "机考"), subject("b", "s2", "机考"),
                     subject("c", "s3", "机考")};
  doc["rooms"] = {room("r1", "site1", {"机考"}, 4)};
  for (int i = 0; i < 3; ++i)
    doc["candidates"].push_back(candidate(testing::name("a", i), "col1", {"a"}));
  for (int i = 0; i < 3; ++i)
    doc["candidates"].push_back(candidate(testing::name("b", i), "col1", {"b"}));
  for (int i = 0; i < 4; ++i)
    doc["candidates"].push_back(candidate(testing::name("c", i), "col1", {"c"}));
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_EQ(violations_text(in, s), "");
  // At 08:30-09:00 the room holds at most 4: of the 6 in s1/s2 two cannot be seated.
  EXPECT_EQ(s.stats.unplaced_capacity, 2);
  EXPECT_EQ(s.placements.size(), 8u);
}

// ---- rule 3: no candidate in two overlapping slots ---------------------------------------------

TEST(ArrangeTimeClash, TheLargestSetOfNonOverlappingSubjectsIsKept) {
  // a 08:00-10:00 overlaps b 08:30-09:00 and c 09:30-10:30; b and c do not overlap each other.
  json doc = base();
  doc["slots"] = {slot("s1", 8, 0, 120), slot("s2", 8, 30, 30), slot("s3", 9, 30, 60)};
  doc["subjects"] = {subject("a", "s1", "机考"), subject("b", "s2", "机考"),
                     subject("c", "s3", "机考")};
  doc["rooms"] = {room("r1", "site1", {"机考"}, 5)};
  doc["candidates"] = {candidate("st1", "col1", {"a", "b", "c"})};
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_NE(find_placement(in, s, "st1", "b"), nullptr);
  EXPECT_NE(find_placement(in, s, "st1", "c"), nullptr);
  ASSERT_NE(find_unplaced(in, s, "st1", "a"), nullptr);
  EXPECT_EQ(find_unplaced(in, s, "st1", "a")->reason, UnplacedReason::time_clash);
  EXPECT_EQ(violations_text(in, s), "");
}

TEST(ArrangeTimeClash, ASubjectDroppedForAClashIsPlacedWhenTheKeptOneFindsNoSeat) {
  // st1 takes a 08:00-10:00 (笔试) and b 08:30-09:00 (机考): b is kept (it ends first), a dropped.
  // b's only seat is already held by st0, so b gets no seat; a then no longer clashes with
  // anything placed and takes the free 笔试 seat instead of staying out for a time clash.
  json doc = base();
  doc["slots"] = {slot("s1", 8, 0, 120), slot("s2", 8, 30, 30)};
  doc["subjects"] = {subject("a", "s1", "笔试"), subject("b", "s2", "机考")};
  doc["rooms"] = {room("r1", "site1", {"机考"}, 1), room("r2", "site1", {"笔试"}, 1)};
  doc["candidates"] = {candidate("st0", "col1", {"b"}), candidate("st1", "col1", {"a", "b"})};
  doc["existing"] = {{{"candidate", "st0"}, {"subject", "b"}, {"room", "r1"}, {"seat", 1}}};
  const Instance in = make(doc);
  const Solution s = solve(in);
  ASSERT_NE(find_placement(in, s, "st1", "a"), nullptr) << solution_to_json(in, s).dump();
  EXPECT_EQ(room_id(in, find_placement(in, s, "st1", "a")->room), "r2");
  ASSERT_NE(find_unplaced(in, s, "st1", "b"), nullptr);
  EXPECT_EQ(find_unplaced(in, s, "st1", "b")->reason, UnplacedReason::capacity);
  EXPECT_EQ(violations_text(in, s), "");
}

TEST(ArrangeTimeClash, WhenNeitherOverlappingSubjectFindsASeatBothReportCapacity) {
  // As above, but a's seat is held too: neither subject is placed, and neither is reported as a
  // time clash, since nothing placed overlaps them.
  json doc = base();
  doc["slots"] = {slot("s1", 8, 0, 120), slot("s2", 8, 30, 30)};
  doc["subjects"] = {subject("a", "s1", "笔试"), subject("b", "s2", "机考")};
  doc["rooms"] = {room("r1", "site1", {"机考"}, 1), room("r2", "site1", {"笔试"}, 1)};
  doc["candidates"] = {candidate("st0", "col1", {"b"}), candidate("st1", "col1", {"a", "b"}),
                       candidate("st2", "col1", {"a"})};
  doc["existing"] = {{{"candidate", "st0"}, {"subject", "b"}, {"room", "r1"}, {"seat", 1}},
                     {{"candidate", "st2"}, {"subject", "a"}, {"room", "r2"}, {"seat", 1}}};
  const Instance in = make(doc);
  const Solution s = solve(in);
  ASSERT_NE(find_unplaced(in, s, "st1", "a"), nullptr);
  ASSERT_NE(find_unplaced(in, s, "st1", "b"), nullptr);
  EXPECT_EQ(find_unplaced(in, s, "st1", "a")->reason, UnplacedReason::capacity);
  EXPECT_EQ(find_unplaced(in, s, "st1", "b")->reason, UnplacedReason::capacity);
  EXPECT_EQ(s.stats.unplaced_time_clash, 0);
  EXPECT_EQ(violations_text(in, s), "");
}

// ---- rule 4: one site serving the candidate's college ------------------------------------------

TEST(ArrangeSite, CandidateOfAnUnservedCollegeIsReported) {
  json doc = base();
  doc["rooms"] = {room("r1", "site1", {"机考"}, 5)};
  doc["candidates"] = {candidate("st1", "col9", {"sub1"})};
  const Instance in = make(doc);
  const Solution s = solve(in);
  ASSERT_NE(find_unplaced(in, s, "st1", "sub1"), nullptr);
  EXPECT_EQ(find_unplaced(in, s, "st1", "sub1")->reason, UnplacedReason::no_site);
}

TEST(ArrangeSite, AllSubjectsOfACandidateAreAtOneSite) {
  // site1 has only 机考 rooms, site2 has both: a candidate taking both modes goes to site2.
  json doc = base();
  doc["slots"] = {slot("s1", 8, 0, 60), slot("s2", 10, 0, 60)};
  doc["subjects"] = {subject("a", "s1", "机考"), subject("b", "s2", "实操")};
  doc["sites"] = {{{"id", "site1"}, {"colleges", {"col1"}}},
                  {{"id", "site2"}, {"colleges", {"col1"}}}};
  doc["rooms"] = {room("r1", "site1", {"机考"}, 5), room("r2", "site2", {"机考"}, 5),
                  room("r3", "site2", {"实操"}, 5)};
  doc["candidates"] = {candidate("st1", "col1", {"a", "b"})};
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_EQ(room_id(in, find_placement(in, s, "st1", "a")->room), "r2");
  EXPECT_EQ(room_id(in, find_placement(in, s, "st1", "b")->room), "r3");
  EXPECT_EQ(violations_text(in, s), "");
}

// ---- quality: nobody stranded where first-fit strands ------------------------------------------

TEST(ArrangeQuality, FlexibleRoomsAreKeptForTheModesThatNeedThem) {
  // First-fit seats the ten 机考 candidates (listed first) in r1, which is also the only room for
  // 机考+实操, and strands the other ten. Both fit when 机考 uses r2.
  json doc = base();
  doc["subjects"].push_back(subject("sub2", "s1", "机考+实操"));
  doc["rooms"] = {room("r1", "site1", {"机考", "机考+实操"}, 10),
                  room("r2", "site1", {"机考"}, 10)};
  for (int i = 0; i < 10; ++i)
    doc["candidates"].push_back(candidate(testing::name("a", i), "col1", {"sub1"}));
  for (int i = 0; i < 10; ++i)
    doc["candidates"].push_back(candidate(testing::name("b", i), "col1", {"sub2"}));
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_TRUE(s.unplaced.empty());
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(room_id(in, find_placement(in, s, testing::name("b", i), "sub2")->room), "r1");
  }
}

TEST(ArrangeQuality, CandidatesWithOneSiteAreNotCrowdedOutByThoseWithTwo) {
  // col1 may use site1 or site2, col2 only site1. First-fit in input order fills site1 with col1.
  json doc = base();
  doc["sites"] = {{{"id", "site1"}, {"colleges", {"col1", "col2"}}},
                  {{"id", "site2"}, {"colleges", {"col1"}}}};
  doc["rooms"] = {room("r1", "site1", {"机考"}, 2), room("r2", "site2", {"机考"}, 2)};
  doc["candidates"] = {candidate("a1", "col1", {"sub1"}), candidate("a2", "col1", {"sub1"}),
                       candidate("b1", "col2", {"sub1"}), candidate("b2", "col2", {"sub1"})};
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_TRUE(s.unplaced.empty());
  EXPECT_EQ(violations_text(in, s), "");
}

TEST(ArrangeQuality, AugmentingPathMovesAnEarlierCandidateToMakeRoom) {
  // Every candidate has two sites, one seat each. x takes site1 first; y then site3; z (site1 or
  // site3) fits only after x moves on to site2.
  json doc = base();
  doc["sites"] = {{{"id", "site1"}, {"colleges", {"X", "Y", "Z"}}},
                  {{"id", "site2"}, {"colleges", {"X"}}},
                  {{"id", "site3"}, {"colleges", {"Y", "Z"}}}};
  doc["rooms"] = {room("r1", "site1", {"机考"}, 1), room("r2", "site2", {"机考"}, 1),
                  room("r3", "site3", {"机考"}, 1)};
  doc["candidates"] = {candidate("x", "X", {"sub1"}), candidate("y", "Y", {"sub1"}),
                       candidate("z", "Z", {"sub1"})};
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_TRUE(s.unplaced.empty()) << solution_to_json(in, s).dump();
  EXPECT_EQ(room_id(in, find_placement(in, s, "x", "sub1")->room), "r2");
  EXPECT_GE(s.stats.repair_moves, 1);
  EXPECT_EQ(violations_text(in, s), "");
}

TEST(ArrangeQuality, RoomsAreFilledBeforeOthersAreOpened) {
  json doc = base();
  doc["rooms"] = {room("r1", "site1", {"机考"}, 10), room("r2", "site1", {"机考"}, 30),
                  room("r3", "site1", {"机考"}, 10)};
  for (int i = 0; i < 35; ++i)
    doc["candidates"].push_back(candidate(testing::name("st", i), "col1", {"sub1"}));
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_TRUE(s.unplaced.empty());
  EXPECT_EQ(s.stats.rooms_used, 2);  // 30 + 10, not three rooms
}

TEST(ArrangeQuality, ACandidateKeepsOneRoomAcrossSlots) {
  json doc = base();
  doc["slots"] = {slot("s1", 8, 0, 60), slot("s2", 10, 0, 60)};
  doc["subjects"] = {subject("a", "s1", "机考"), subject("b", "s2", "机考")};
  doc["rooms"] = {room("r1", "site1", {"机考"}, 4), room("r2", "site1", {"机考"}, 4)};
  // Only some candidates take a: the ones who take both should not change room for b.
  for (int i = 0; i < 6; ++i) {
    doc["candidates"].push_back(
        candidate(testing::name("st", i), "col1",
                  i % 2 ? std::vector<std::string>{"a", "b"} : std::vector<std::string>{"b"}));
  }
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_TRUE(s.unplaced.empty());
  EXPECT_EQ(s.stats.same_room_candidates, s.stats.multi_subject_candidates);
  EXPECT_EQ(s.stats.multi_subject_candidates, 3);
}

// ---- rule 5: existing placements ---------------------------------------------------------------

TEST(ArrangeExisting, ValidRowsAreKeptExactlyAndNewCandidatesFillAround) {
  json doc = base();
  doc["rooms"] = {room("r1", "site1", {"机考"}, 3), room("r2", "site1", {"机考"}, 3)};
  for (int i = 0; i < 6; ++i)
    doc["candidates"].push_back(candidate(testing::name("st", i), "col1", {"sub1"}));
  doc["existing"] = {{{"candidate", "st5"}, {"subject", "sub1"}, {"room", "r2"}, {"seat", 2}},
                     {{"candidate", "st4"}, {"subject", "sub1"}, {"room", "r1"}, {"seat", 1}}};
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_TRUE(s.unplaced.empty());
  EXPECT_EQ(room_id(in, find_placement(in, s, "st5", "sub1")->room), "r2");
  EXPECT_EQ(find_placement(in, s, "st5", "sub1")->seat, 2);
  EXPECT_EQ(room_id(in, find_placement(in, s, "st4", "sub1")->room), "r1");
  EXPECT_EQ(find_placement(in, s, "st4", "sub1")->seat, 1);
  EXPECT_EQ(s.stats.kept_existing, 2);
  EXPECT_EQ(violations_text(in, s), "");
}

TEST(ArrangeExisting, InvalidRowsAreReportedAndNotMoved) {
  json doc = base();
  doc["subjects"].push_back(subject("sub2", "s1", "实操"));
  doc["sites"].push_back({{"id", "site2"}, {"colleges", {"col3"}}});
  doc["rooms"] = {room("r1", "site1", {"机考"}, 3), room("r2", "site2", {"机考"}, 3)};
  doc["candidates"] = {candidate("st1", "col1", {"sub1"}), candidate("st2", "col1", {"sub1"}),
                       candidate("st3", "col1", {"sub1"}), candidate("st4", "col1", {"sub2"}),
                       candidate("st5", "col1", {"sub1"})};
  doc["existing"] = {
      {{"candidate", "st1"}, {"subject", "sub1"}, {"room", "r1"}, {"seat", 2}},
      {{"candidate", "st2"}, {"subject", "sub1"}, {"room", "r1"}, {"seat", 2}},  // seat taken
      {{"candidate", "st3"}, {"subject", "sub1"}, {"room", "r1"}, {"seat", 9}},  // no such seat
      {{"candidate", "st4"}, {"subject", "sub2"}, {"room", "r1"}, {"seat", 1}},  // wrong type
      {{"candidate", "st5"}, {"subject", "sub1"}, {"room", "r2"}, {"seat", 1}},  // site not serving
      {{"candidate", "st5"}, {"subject", "sub2"}, {"room", "r1"}, {"seat", 3}}};  // not registered
  const Instance in = make(doc);
  const Solution s = solve(in);
  ASSERT_EQ(s.rejected.size(), 5u);
  EXPECT_EQ(s.rejected[0].row, 1);
  EXPECT_EQ(s.rejected[0].reason, "seat_taken");
  EXPECT_EQ(s.rejected[1].reason, "seat_range");
  EXPECT_EQ(s.rejected[2].reason, "room_type");
  EXPECT_EQ(s.rejected[3].reason, "site_college");
  EXPECT_EQ(s.rejected[4].reason, "not_registered");
  for (const char* id : {"st2", "st3", "st5"}) {
    ASSERT_NE(find_unplaced(in, s, id, "sub1"), nullptr) << id;
    EXPECT_EQ(find_unplaced(in, s, id, "sub1")->reason, UnplacedReason::invalid_existing);
  }
  EXPECT_EQ(find_unplaced(in, s, "st4", "sub2")->reason, UnplacedReason::invalid_existing);
  EXPECT_EQ(violations_text(in, s), "");
}

TEST(ArrangeExisting, AValidRowAfterAnInvalidOneForTheSameSubjectIsKept) {
  json doc = base();
  doc["rooms"] = {room("r1", "site1", {"机考"}, 3)};
  doc["candidates"] = {candidate("st1", "col1", {"sub1"})};
  doc["existing"] = {{{"candidate", "st1"}, {"subject", "sub1"}, {"room", "r1"}, {"seat", 7}},
                     {{"candidate", "st1"}, {"subject", "sub1"}, {"room", "r1"}, {"seat", 2}},
                     {{"candidate", "st1"}, {"subject", "sub1"}, {"room", "r1"}, {"seat", 3}}};
  const Instance in = make(doc);
  const Solution s = solve(in);
  ASSERT_EQ(s.rejected.size(), 2u);
  EXPECT_EQ(s.rejected[0].reason, "seat_range");
  EXPECT_EQ(s.rejected[1].reason, "duplicate");
  ASSERT_NE(find_placement(in, s, "st1", "sub1"), nullptr);
  EXPECT_EQ(find_placement(in, s, "st1", "sub1")->seat, 2);
  EXPECT_TRUE(s.unplaced.empty());
  EXPECT_EQ(violations_text(in, s), "");
}

TEST(ArrangeExisting, AnIncrementalRunLeavesEarlierPlacementsAlone) {
  json doc = base();
  doc["seating"] = "random";
  doc["rooms"] = {room("r1", "site1", {"机考"}, 10), room("r2", "site1", {"机考"}, 10)};
  for (int i = 0; i < 12; ++i)
    doc["candidates"].push_back(candidate(testing::name("st", i), "col1", {"sub1"}));
  const Instance first_in = make(doc);
  const Solution first = solve(first_in);
  for (const auto& p : first.placements) {
    doc["existing"].push_back(
        {{"candidate", first_in.candidates[static_cast<std::size_t>(p.candidate)].id},
         {"subject", "sub1"},
         {"room", room_id(first_in, p.room)},
         {"seat", p.seat}});
  }
  for (int i = 12; i < 18; ++i)
    doc["candidates"].push_back(candidate(testing::name("st", i), "col2", {"sub1"}));
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_TRUE(s.unplaced.empty());
  EXPECT_EQ(s.stats.kept_existing, 12);
  for (const auto& p : first.placements) {
    const auto* again = find_placement(
        in, s, first_in.candidates[static_cast<std::size_t>(p.candidate)].id, "sub1");
    ASSERT_NE(again, nullptr);
    EXPECT_EQ(again->room, p.room);
    EXPECT_EQ(again->seat, p.seat);
  }
  EXPECT_EQ(violations_text(in, s), "");
}

// ---- rule 7: determinism -----------------------------------------------------------------------

TEST(ArrangeDeterminism, SameInputAndSeedGiveTheSameBytesAndAnotherSeedReshuffles) {
  json doc = base();
  doc["seating"] = "random";
  doc["rooms"] = {room("r1", "site1", {"机考"}, 40)};
  for (int i = 0; i < 40; ++i)
    doc["candidates"].push_back(
        candidate(testing::name("st", i), i % 2 ? "col1" : "col2", {"sub1"}));
  const Instance in = make(doc);
  const std::string a = solution_to_json(in, solve(in)).dump();
  EXPECT_EQ(a, solution_to_json(in, solve(in)).dump());
  doc["seed"] = 43;
  const Instance other = make(doc);
  EXPECT_NE(a, solution_to_json(other, solve(other)).dump());
}

}  // namespace
}  // namespace kaowu::schedule
