#include <map>

#include "fixture.hpp"

namespace kaowu::schedule {
namespace {

using nlohmann::json;
using testing::make;
using testing::name;
using testing::solve;
using testing::violations_text;

json doc_with(int rooms, int slots_count, bool overlapping) {
  json doc = {{"seed", 1},
              {"seating", "sequential"},
              {"invigilatorsPerRoom", 1},
              {"slots", json::array()},
              {"subjects", json::array()},
              {"sites", {{{"id", "site1"}, {"colleges", {"A", "B"}}}}},
              {"rooms", json::array()},
              {"candidates", json::array()},
              {"invigilators", json::array()}};
  for (int s = 0; s < slots_count; ++s) {
    doc["slots"].push_back(
        testing::slot(name("s", s), 8 + (overlapping ? 0 : 2 * s), overlapping ? 30 * s : 0, 60));
    doc["subjects"].push_back(
        {{"id", name("sub", s)}, {"slot", name("s", s)}, {"mode", "机考"}, {"certificate", "c1"}});
  }
  for (int r = 0; r < rooms; ++r) {
    doc["rooms"].push_back(
        {{"id", name("r", r)}, {"site", "site1"}, {"types", {"机考"}}, {"seats", 1}});
  }
  return doc;
}

std::string invigilators_of(const Instance& in, const Solution& s, std::size_t i) {
  std::string out;
  for (Index inv : s.room_slots[i].invigilators)
    out += (out.empty() ? "" : ",") + in.invigilators[static_cast<std::size_t>(inv)].id;
  return out;
}

TEST(Invigilation, OnlyCertifiedTeachersAndShortageCounted) {
  json doc = doc_with(2, 1, false);
  doc["invigilatorsPerRoom"] = 2;
  doc["candidates"] = {{{"id", "st1"}, {"college", "A"}, {"subjects", {"sub0"}}},
                       {{"id", "st2"}, {"college", "A"}, {"subjects", {"sub0"}}}};
  doc["invigilators"] = {{{"id", "t1"}, {"college", "B"}, {"certificates", {"c1"}}},
                         {{"id", "t2"}, {"college", "B"}, {"certificates", {"c2"}}},
                         {{"id", "t3"}, {"college", "B"}, {"certificates", {"c1", "c2"}}}};
  const Instance in = make(doc);
  const Solution s = solve(in);
  ASSERT_EQ(s.room_slots.size(), 2u);
  // Two certified teachers for two rooms of two: one each, one missing in each room.
  EXPECT_EQ(s.room_slots[0].invigilators.size() + s.room_slots[1].invigilators.size(), 2u);
  EXPECT_EQ(s.room_slots[0].shortage + s.room_slots[1].shortage, 2);
  EXPECT_EQ(s.stats.invigilator_shortage, 2);
  for (const auto& rs : s.room_slots) {
    for (Index inv : rs.invigilators)
      EXPECT_NE(in.invigilators[static_cast<std::size_t>(inv)].id, "t2");
  }
  EXPECT_EQ(violations_text(in, s), "");
}

TEST(Invigilation, NoTeacherInTwoOverlappingRoomSlots) {
  // Slots 08:00-09:00 and 08:30-09:30 overlap: one teacher can take only one of them.
  json doc = doc_with(1, 2, true);
  doc["candidates"] = {{{"id", "st1"}, {"college", "A"}, {"subjects", {"sub0"}}},
                       {{"id", "st2"}, {"college", "A"}, {"subjects", {"sub1"}}}};
  doc["rooms"][0]["seats"] = 2;
  doc["invigilators"] = {{{"id", "t1"}, {"college", "B"}, {"certificates", {"c1"}}}};
  const Instance in = make(doc);
  const Solution s = solve(in);
  ASSERT_EQ(s.room_slots.size(), 2u);
  EXPECT_EQ(s.stats.invigilator_shortage, 1);
  EXPECT_EQ(violations_text(in, s), "");
}

TEST(Invigilation, TeachersAvoidRoomsOfTheirOwnCollege) {
  json doc = doc_with(1, 1, false);
  doc["candidates"] = {{{"id", "st1"}, {"college", "A"}, {"subjects", {"sub0"}}}};
  doc["invigilators"] = {{{"id", "t1"}, {"college", "A"}, {"certificates", {"c1"}}},
                         {{"id", "t2"}, {"college", "B"}, {"certificates", {"c1"}}}};
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_EQ(invigilators_of(in, s, 0), "t2");
  EXPECT_EQ(s.stats.own_college_assignments, 0);
}

TEST(Invigilation, OwnCollegeTeacherServesWhenNobodyElseCan) {
  json doc = doc_with(1, 1, false);
  doc["candidates"] = {{{"id", "st1"}, {"college", "A"}, {"subjects", {"sub0"}}}};
  doc["invigilators"] = {{{"id", "t1"}, {"college", "A"}, {"certificates", {"c1"}}}};
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_EQ(invigilators_of(in, s, 0), "t1");
  EXPECT_EQ(s.stats.own_college_assignments, 1);
  EXPECT_EQ(s.stats.invigilator_shortage, 0);
}

TEST(Invigilation, LoadIsSpreadEvenly) {
  // Eight separate slots, one room each, four teachers: two duties each.
  json doc = doc_with(1, 8, false);
  for (int s = 0; s < 8; ++s)
    doc["candidates"].push_back(
        {{"id", name("st", s)}, {"college", "A"}, {"subjects", {name("sub", s)}}});
  for (int t = 0; t < 4; ++t)
    doc["invigilators"].push_back(
        {{"id", name("t", t)}, {"college", "B"}, {"certificates", {"c1"}}});
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_EQ(s.stats.invigilator_max_load, 2);
  EXPECT_EQ(s.stats.invigilator_min_load, 2);
}

TEST(Invigilation, MixedRoomsNeedTeachersHoldingEveryCertificate) {
  json doc = doc_with(1, 1, false);
  doc["subjects"].push_back(
      {{"id", "other"}, {"slot", "s0"}, {"mode", "机考"}, {"certificate", "c2"}});
  doc["rooms"][0]["seats"] = 2;
  doc["candidates"] = {{{"id", "st1"}, {"college", "A"}, {"subjects", {"sub0"}}},
                       {{"id", "st2"}, {"college", "A"}, {"subjects", {"other"}}}};
  doc["invigilators"] = {{{"id", "t1"}, {"college", "B"}, {"certificates", {"c1"}}},
                         {{"id", "t2"}, {"college", "B"}, {"certificates", {"c1", "c2"}}}};
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_EQ(invigilators_of(in, s, 0), "t2");
  EXPECT_EQ(s.stats.mixed_room_slots, 1);
  EXPECT_EQ(violations_text(in, s), "");
}

}  // namespace
}  // namespace kaowu::schedule
