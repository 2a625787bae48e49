// SCH-2 for the people of an exam: 监考老师 per room-slot, 巡考老师 per site and slot, the times a
// person is unavailable, 回避, load, duties kept from an earlier run; the checker catching each
// kind of broken row; the JSON carrying it all both ways.
#include "fixture.hpp"

namespace kaowu::schedule {
namespace {

using nlohmann::json;
using testing::make;
using testing::name;
using testing::solve;
using testing::violations_text;

std::string ids(const Instance& in, const std::vector<Index>& people) {
  std::string out;
  for (Index p : people)
    out += (out.empty() ? "" : ",") + in.invigilators[static_cast<std::size_t>(p)].id;
  return out;
}

std::string flags(const std::vector<std::uint8_t>& f) {
  std::string out;
  for (auto v : f) out += v ? '1' : '0';
  return out;
}

//! One site serving A and B, one room of one seat a slot, `slots` separate slots of subject
//! sub<i> (certificate c1), one candidate of college A in each.
json base(int slots) {
  json doc = {{"seed", 1},
              {"seating", "sequential"},
              {"invigilatorsPerRoom", 1},
              {"patrolsPerSite", 1},
              {"slots", json::array()},
              {"subjects", json::array()},
              {"sites", {{{"id", "site1"}, {"colleges", {"A", "B"}}}}},
              {"rooms", {{{"id", "r1"}, {"site", "site1"}, {"types", {"机考"}}, {"seats", 1}}}},
              {"candidates", json::array()},
              {"invigilators", json::array()}};
  for (int s = 0; s < slots; ++s) {
    doc["slots"].push_back(testing::slot(name("s", s), 8 + 2 * s, 0, 60));
    doc["subjects"].push_back(
        {{"id", name("sub", s)}, {"slot", name("s", s)}, {"mode", "机考"}, {"certificate", "c1"}});
    doc["candidates"].push_back(
        {{"id", name("st", s)}, {"college", "A"}, {"subjects", {name("sub", s)}}});
  }
  return doc;
}

json person(const std::string& id, const std::string& college, const json& certs,
            const char* kind = "监考老师") {
  return {{"id", id}, {"college", college}, {"certificates", certs}, {"kind", kind}};
}

TEST(Invigilation, SCH2_RoomSlotsTakeOnlyRoomInvigilatorsAndSitesOnlyPatrols) {
  json doc = base(1);
  doc["invigilators"] = {person("p1", "C", {"c1"}, "巡考老师"), person("t1", "C", {"c1"})};
  const Instance in = make(doc);
  const Solution s = solve(in);
  ASSERT_EQ(s.room_slots.size(), 1u);
  ASSERT_EQ(s.site_patrols.size(), 1u);
  EXPECT_EQ(ids(in, s.room_slots[0].invigilators), "t1");
  EXPECT_EQ(ids(in, s.site_patrols[0].invigilators), "p1");
  EXPECT_EQ(s.site_patrols[0].shortage, 0);
  EXPECT_EQ(s.stats.patrol_slots, 1);
  EXPECT_EQ(violations_text(in, s), "");
}

TEST(Invigilation, SCH2_EverySiteSlotWithAUsedRoomGetsPatrolsCertifiedForWhatIsSatThere) {
  // Two sites, two slots; site2 is used only in s1. p1 holds c2 only (sat nowhere): never used.
  json doc = base(2);
  doc["sites"].push_back({{"id", "site2"}, {"colleges", {"A"}}});
  doc["rooms"].push_back({{"id", "r2"}, {"site", "site2"}, {"types", {"机考"}}, {"seats", 1}});
  doc["candidates"].push_back({{"id", "x"}, {"college", "A"}, {"subjects", {"sub0"}}});
  doc["patrolsPerSite"] = 2;
  doc["invigilators"] = {
      person("p1", "C", {"c2"}, "巡考老师"), person("p2", "C", {"c1"}, "巡考老师"),
      person("p3", "C", {"c1", "c2"}, "巡考老师"), person("p4", "C", {"c1"}, "巡考老师"),
      person("p5", "C", {"c1"}, "巡考老师")};
  const Instance in = make(doc);
  const Solution s = solve(in);
  ASSERT_EQ(s.site_patrols.size(), 3u);
  // By site, then slot start.
  EXPECT_EQ(in.sites[static_cast<std::size_t>(s.site_patrols[0].site)].id, "site1");
  EXPECT_EQ(in.slots[static_cast<std::size_t>(s.site_patrols[0].slot)].id, "s0");
  EXPECT_EQ(in.slots[static_cast<std::size_t>(s.site_patrols[1].slot)].id, "s1");
  EXPECT_EQ(in.sites[static_cast<std::size_t>(s.site_patrols[2].site)].id, "site2");
  for (const auto& sp : s.site_patrols) {
    EXPECT_EQ(sp.invigilators.size(), 2u);
    EXPECT_EQ(ids(in, sp.invigilators).find("p1"), std::string::npos);
  }
  EXPECT_EQ(s.stats.patrol_shortage, 0);
  EXPECT_EQ(violations_text(in, s), "");
}

TEST(Invigilation, SCH2_PatrolNeverInTwoOverlappingSiteSlots) {
  // Two sites in overlapping slots, one patrol: one site goes without, and says so.
  json doc = base(2);
  doc["slots"][1] = testing::slot("s1", 8, 30, 60);
  doc["sites"].push_back({{"id", "site2"}, {"colleges", {"A"}}});
  doc["rooms"].push_back({{"id", "r2"}, {"site", "site2"}, {"types", {"机考"}}, {"seats", 1}});
  doc["rooms"][0]["seats"] = 2;
  doc["candidates"][1]["college"] = "B";  // st1 (sub1) can only sit at site1
  doc["sites"][1]["colleges"] = {"A"};
  doc["invigilators"] = {person("p1", "C", {"c1"}, "巡考老师"), person("t1", "C", {"c1"}),
                         person("t2", "C", {"c1"})};
  const Instance in = make(doc);
  const Solution s = solve(in);
  std::int64_t staffed = 0;
  for (const auto& sp : s.site_patrols)
    staffed += static_cast<std::int64_t>(sp.invigilators.size());
  EXPECT_EQ(staffed, 1);
  EXPECT_EQ(s.stats.patrol_shortage, static_cast<std::int64_t>(s.site_patrols.size()) - 1);
  EXPECT_GE(s.site_patrols.size(), 2u);
  EXPECT_EQ(violations_text(in, s), "");
}

TEST(Invigilation, SCH2_ShortagesAreListedPerRoomSlotAndSiteSlot) {
  json doc = base(2);
  doc["invigilatorsPerRoom"] = 2;
  doc["patrolsPerSite"] = 2;
  doc["invigilators"] = {person("t1", "C", {"c1"}), person("p1", "C", {"c1"}, "巡考老师")};
  const Instance in = make(doc);
  const Solution s = solve(in);
  ASSERT_EQ(s.room_slots.size(), 2u);
  ASSERT_EQ(s.site_patrols.size(), 2u);
  for (const auto& rs : s.room_slots) EXPECT_EQ(rs.shortage, 1);
  for (const auto& sp : s.site_patrols) EXPECT_EQ(sp.shortage, 1);
  EXPECT_EQ(s.stats.invigilator_shortage, 2);
  EXPECT_EQ(s.stats.patrol_shortage, 2);
  EXPECT_EQ(violations_text(in, s), "");
}

TEST(Invigilation, SCH2_NobodyServesDuringTheirUnavailableTimes) {
  // s0 08:00-09:00, s1 10:00-11:00. t1 is unavailable 08:30-08:45 (inside s0), p1 from 08:59:
  // both come first otherwise.
  json doc = base(2);
  json t1 = person("t1", "C", {"c1"});
  t1["unavailable"] = {{{"start", "2021-09-18T08:30"}, {"end", "2021-09-18T08:45"}}};
  json p1 = person("p1", "C", {"c1"}, "巡考老师");
  p1["unavailable"] = {{{"start", "2021-09-18T08:59"}, {"end", "2021-09-18T18:00"}}};
  doc["invigilators"] = {t1, person("t2", "C", {"c1"}), p1, person("p2", "C", {"c1"}, "巡考老师")};
  const Instance in = make(doc);
  const Solution s = solve(in);
  ASSERT_EQ(s.room_slots.size(), 2u);
  EXPECT_EQ(ids(in, s.room_slots[0].invigilators), "t2");  // s0: t1 is away
  EXPECT_EQ(ids(in, s.room_slots[1].invigilators), "t1");
  EXPECT_EQ(ids(in, s.site_patrols[0].invigilators), "p2");  // p1 is away from 08:59
  EXPECT_EQ(ids(in, s.site_patrols[1].invigilators), "p2");
  EXPECT_EQ(violations_text(in, s), "");
  // Nobody else: the slot goes short rather than seat an unavailable person.
  doc["invigilators"] = {t1, p1};
  const Instance alone = make(doc);
  const Solution t = solve(alone);
  EXPECT_EQ(t.room_slots[0].invigilators.size(), 0u);
  EXPECT_EQ(t.room_slots[0].shortage, 1);
  EXPECT_EQ(t.site_patrols[0].shortage, 1);
  EXPECT_EQ(t.site_patrols[1].shortage, 1);
  EXPECT_EQ(violations_text(alone, t), "");
}

TEST(Invigilation, SCH2_AvoidanceHoldsForEveryCollegeInTheRoomNotOnlyTheMost) {
  // Three of college A and one of B in the room: a teacher of B is avoided too.
  json doc = base(1);
  doc["rooms"][0]["seats"] = 4;
  for (const char* id : {"a2", "a3"})
    doc["candidates"].push_back({{"id", id}, {"college", "A"}, {"subjects", {"sub0"}}});
  doc["candidates"].push_back({{"id", "b1"}, {"college", "B"}, {"subjects", {"sub0"}}});
  doc["invigilators"] = {person("t1", "B", {"c1"}), person("t2", "C", {"c1"})};
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_EQ(ids(in, s.room_slots[0].invigilators), "t2");
  EXPECT_EQ(flags(s.room_slots[0].own_college), "0");
  EXPECT_EQ(s.stats.own_college_assignments, 0);
}

TEST(Invigilation, SCH2_AvoidanceImpossibleAssignsAnywayAndFlagsIt) {
  json doc = base(1);
  doc["invigilatorsPerRoom"] = 2;
  doc["invigilators"] = {person("t1", "A", {"c1"}), person("t2", "C", {"c1"}),
                         person("p1", "B", {"c1"}, "巡考老师")};
  const Instance in = make(doc);
  const Solution s = solve(in);
  // t1 of college A watches a candidate of A: flagged; t2 is not.
  EXPECT_EQ(ids(in, s.room_slots[0].invigilators), "t1,t2");
  EXPECT_EQ(flags(s.room_slots[0].own_college), "10");
  EXPECT_EQ(s.room_slots[0].shortage, 0);
  EXPECT_EQ(s.stats.own_college_assignments, 1);
  // The only patrol is of B, a college site1 serves: taken and flagged.
  EXPECT_EQ(ids(in, s.site_patrols[0].invigilators), "p1");
  EXPECT_EQ(flags(s.site_patrols[0].own_college), "1");
  EXPECT_EQ(s.stats.own_college_patrols, 1);
  EXPECT_EQ(violations_text(in, s), "");
}

TEST(Invigilation, SCH2_PatrolsPreferPeopleNotOfTheSitesColleges) {
  json doc = base(1);
  doc["invigilators"] = {person("p1", "B", {"c1"}, "巡考老师"),
                         person("p2", "C", {"c1"}, "巡考老师")};
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_EQ(ids(in, s.site_patrols[0].invigilators), "p2");
  EXPECT_EQ(flags(s.site_patrols[0].own_college), "0");
}

TEST(Invigilation, SCH2_LoadGoesToTheLeastBusyAcrossCertificates) {
  // s0 sits c2, which only t1 holds; s1..s3 sit c1, which t1 and t2 hold. Taking turns in the
  // c1 pool alone would give t1 three duties and t2 one; the least busy first gives two each.
  json doc = base(4);
  doc["subjects"][0]["certificate"] = "c2";
  doc["patrolsPerSite"] = 1;
  doc["invigilators"] = {person("t1", "C", {"c1", "c2"}), person("t2", "C", {"c1"}),
                         person("p1", "C", {"c1", "c2"}, "巡考老师"),
                         person("p2", "C", {"c1"}, "巡考老师")};
  const Instance in = make(doc);
  const Solution s = solve(in);
  EXPECT_EQ(s.stats.invigilator_max_load, 2);
  EXPECT_EQ(s.stats.invigilator_min_load, 2);
  EXPECT_EQ(s.stats.patrol_max_load, 2);
  EXPECT_EQ(s.stats.patrol_min_load, 2);
  EXPECT_EQ(violations_text(in, s), "");
}

TEST(Invigilation, SCH2_KeptDutiesAreKeptAndOnlyTheMissingFilled) {
  json doc = base(3);
  doc["invigilatorsPerRoom"] = 2;
  for (int t = 0; t < 6; ++t) doc["invigilators"].push_back(person(name("t", t), "C", {"c1"}));
  doc["invigilators"].push_back(person("p1", "C", {"c1"}, "巡考老师"));
  doc["invigilators"].push_back(person("p2", "C", {"c1"}, "巡考老师"));
  // An earlier run gave t5 to r1 in s2 and p2 to site1 in s0 (not what a fresh run picks first).
  doc["existingInvigilation"] = {{{"room", "r1"}, {"slot", "s2"}, {"invigilator", "t5"}},
                                 {{"site", "site1"}, {"slot", "s0"}, {"invigilator", "p2"}}};
  const Instance in = make(doc);
  const Solution s = solve(in);
  ASSERT_EQ(s.room_slots.size(), 3u);
  EXPECT_EQ(s.stats.kept_invigilation, 2);
  EXPECT_TRUE(s.rejected_invigilation.empty());
  const RoomSlot& late = s.room_slots[2];
  ASSERT_EQ(late.invigilators.size(), 2u);
  EXPECT_EQ(in.invigilators[static_cast<std::size_t>(late.invigilators[1])].id, "t5");
  EXPECT_EQ(flags(late.kept), "01");
  EXPECT_EQ(ids(in, s.site_patrols[0].invigilators), "p2");
  EXPECT_EQ(flags(s.site_patrols[0].kept), "1");
  EXPECT_EQ(violations_text(in, s), "");
  // A rerun with everything of the first run kept changes nothing but the kept flags.
  json again = doc;
  again["existingInvigilation"] = json::array();
  for (const auto& rs : s.room_slots) {
    for (Index p : rs.invigilators)
      again["existingInvigilation"].push_back(
          {{"room", "r1"},
           {"slot", in.slots[static_cast<std::size_t>(rs.slot)].id},
           {"invigilator", in.invigilators[static_cast<std::size_t>(p)].id}});
  }
  const Instance in2 = make(again);
  const Solution t = solve(in2);
  EXPECT_EQ(t.stats.kept_invigilation, 6);
  for (std::size_t i = 0; i < t.room_slots.size(); ++i) {
    EXPECT_EQ(t.room_slots[i].invigilators, s.room_slots[i].invigilators);
    EXPECT_EQ(flags(t.room_slots[i].kept), "11");
  }
  EXPECT_EQ(violations_text(in2, t), "");
}

TEST(Invigilation, SCH2_InvalidKeptDutiesAreRejectedWithTheirCode) {
  // r1 is used in s0 (certificate c1) and s2 (c2); s1 overlaps s0 and is not used.
  json doc = base(3);
  doc["slots"][1] = testing::slot("s1", 8, 30, 60);
  doc["subjects"][2]["certificate"] = "c2";
  doc["candidates"].erase(1);
  json t2 = person("t2", "B", {"c1", "c2"});
  t2["unavailable"] = {{{"start", "2021-09-18T12:00"}, {"end", "2021-09-18T13:00"}}};
  doc["invigilators"] = {person("t1", "C", {"c1"}), t2, person("t3", "C", {"c2"}),
                         person("t4", "C", {"c1"}), person("p1", "C", {"c1"}, "巡考老师")};
  doc["existingInvigilation"] = {
      {{"room", "r1"}, {"slot", "s0"}, {"invigilator", "t1"}},     // 0 kept
      {{"room", "r1"}, {"slot", "s1"}, {"invigilator", "t4"}},     // 1 slot_unused
      {{"site", "site1"}, {"slot", "s0"}, {"invigilator", "t4"}},  // 2 wrong_kind
      {{"room", "r1"}, {"slot", "s2"}, {"invigilator", "t1"}},     // 3 not_certified
      {{"room", "r1"}, {"slot", "s2"}, {"invigilator", "t2"}},     // 4 unavailable
      {{"site", "site1"}, {"slot", "s0"}, {"invigilator", "p1"}},  // 5 kept
      {{"site", "site1"}, {"slot", "s0"}, {"invigilator", "p1"}},  // 6 double_booked
      {{"room", "r1"}, {"slot", "s0"}, {"invigilator", "t4"}}};    // 7 full
  const Instance in = make(doc);
  const Solution s = solve(in);
  std::string got;
  for (const auto& r : s.rejected_invigilation) got += std::to_string(r.row) + ":" + r.reason + " ";
  EXPECT_EQ(got,
            "1:slot_unused 2:wrong_kind 3:not_certified 4:unavailable 6:double_booked 7:full ");
  EXPECT_EQ(s.stats.kept_invigilation, 2);
  EXPECT_EQ(s.stats.rejected_invigilation, 6);
  // What was rejected is given anew: t3 holds c2 and is free in s2; no patrol holds c2.
  ASSERT_EQ(s.room_slots.size(), 2u);
  EXPECT_EQ(ids(in, s.room_slots[0].invigilators), "t1");
  EXPECT_EQ(flags(s.room_slots[0].kept), "1");
  EXPECT_EQ(ids(in, s.room_slots[1].invigilators), "t3");
  EXPECT_EQ(flags(s.room_slots[1].kept), "0");
  EXPECT_EQ(s.site_patrols[1].shortage, 1);
  EXPECT_EQ(violations_text(in, s), "");
}

// --- the checker on hand-broken results ---------------------------------------------------

// s1 08:00-09:00 and s2 08:30-09:30 overlap, s3 10:00-11:00. site1 serves A, site2 serves B.
Instance sample() {
  json p3 = person("p3", "A", {"c1"}, "巡考老师");
  p3["unavailable"] = {{{"start", "2021-09-18T10:00"}, {"end", "2021-09-18T11:00"}}};
  return make(
      {{"seed", 1},
       {"seating", "sequential"},
       {"invigilatorsPerRoom", 1},
       {"patrolsPerSite", 1},
       {"slots",
        {testing::slot("s1", 8, 0, 60), testing::slot("s2", 8, 30, 60),
         testing::slot("s3", 10, 0, 60)}},
       {"subjects",
        {{{"id", "a"}, {"slot", "s1"}, {"mode", "机考"}, {"certificate", "c1"}},
         {{"id", "b"}, {"slot", "s2"}, {"mode", "机考"}, {"certificate", "c1"}},
         {{"id", "c"}, {"slot", "s3"}, {"mode", "机考"}, {"certificate", "c2"}}}},
       {"sites", {{{"id", "site1"}, {"colleges", {"A"}}}, {{"id", "site2"}, {"colleges", {"B"}}}}},
       {"rooms",
        {{{"id", "r1"}, {"site", "site1"}, {"types", {"机考"}}, {"seats", 3}},
         {{"id", "r2"}, {"site", "site2"}, {"types", {"机考"}}, {"seats", 3}}}},
       {"candidates",
        {{{"id", "st1"}, {"college", "A"}, {"subjects", {"a", "c"}}},
         {{"id", "st2"}, {"college", "A"}, {"subjects", {"b"}}},
         {{"id", "st3"}, {"college", "B"}, {"subjects", {"a"}}}}},
       {"invigilators",
        {person("t1", "B", {"c1", "c2"}), person("t2", "B", {"c1"}), person("t3", "A", {"c1"}),
         person("p1", "C", {"c1", "c2"}, "巡考老师"), person("p2", "C", {"c1"}, "巡考老师"), p3}}});
}

// t1=0 t2=1 t3=2 p1=3 p2=4 p3=5; r1=0 r2=1; s1=0 s2=1 s3=2; site1=0 site2=1.
Solution valid() {
  Solution s;
  s.placements = {{0, 0, 0, 0, 1}, {0, 2, 0, 2, 1}, {1, 1, 0, 1, 2}, {2, 0, 1, 0, 1}};
  s.room_slots = {{0, 0, {0}, 0, {0}, {0}},
                  {0, 1, {1}, 0, {0}, {0}},
                  {0, 2, {0}, 0, {0}, {0}},
                  {1, 0, {2}, 0, {0}, {0}}};
  s.site_patrols = {{0, 0, {3}, 0, {0}, {0}},
                    {0, 1, {4}, 0, {0}, {0}},
                    {0, 2, {3}, 0, {0}, {0}},
                    {1, 0, {5}, 0, {0}, {0}}};
  return s;
}

//! Whether the checker found a rule-6/7 violation whose message holds `part`, and nothing of
//! another rule.
::testing::AssertionResult finds(const Instance& in, const Solution& s, const std::string& part) {
  const std::string text = violations_text(in, s);
  if (text.find(part) == std::string::npos)
    return ::testing::AssertionFailure() << "no \"" << part << "\" in:\n" << text;
  for (const auto& v : validate(in, s)) {
    if (v.rule != 6 && v.rule != 7)
      return ::testing::AssertionFailure() << "rule " << v.rule << ": " << v.message;
  }
  return ::testing::AssertionSuccess();
}

TEST(Validate, SCH2_AcceptsAValidStaffing) {
  const Instance in = sample();
  EXPECT_EQ(violations_text(in, valid()), "");
  EXPECT_EQ(violations_text(in, solve(in)), "");
}

TEST(Validate, SCH2_PatrolNeverOverlapsARoomAssignment) {
  const Instance in = sample();
  Solution s = valid();
  s.site_patrols[2].invigilators = {0};  // t1 patrols site1 in s3 while in r1 in s3
  EXPECT_TRUE(finds(in, s, "监考员 t1 同时被安排在考场 r1（场次 s3）和考点 site1 巡考（场次 s3）"));
  EXPECT_TRUE(finds(in, s, "的 t1 是监考老师，应为巡考老师"));
}

TEST(Validate, SCH2_FlagsAPatrolInTwoOverlappingSiteSlots) {
  const Instance in = sample();
  Solution s = valid();
  s.site_patrols[1].invigilators = {3};  // p1 at site1 in s1 and s2, which overlap
  EXPECT_TRUE(
      finds(in, s, "监考员 p1 同时被安排在考点 site1 巡考（场次 s1）和考点 site1 巡考（场次 s2）"));
}

TEST(Validate, SCH2_FlagsAPatrolInARoomAndAnUncertifiedPatrol) {
  const Instance in = sample();
  Solution s = valid();
  s.room_slots[2].invigilators = {3};  // p1 (巡考老师) in r1 in s3
  EXPECT_TRUE(finds(in, s, "考场 r1 场次 s3 的 p1 是巡考老师，应为监考老师"));
  s = valid();
  s.site_patrols[2].invigilators = {4};  // p2 holds c1 only; site1 sits c2 in s3
  EXPECT_TRUE(finds(in, s, "考点 site1 场次 s3 的巡考老师 p2 未取得该考点该场次任何证书的认证"));
}

TEST(Validate, SCH2_FlagsADutyDuringAnUnavailableTime) {
  const Instance in = sample();
  Solution s = valid();
  s.site_patrols[2].invigilators = {5};  // p3 is unavailable 10:00-11:00 (s3)
  s.site_patrols[2].own_college = {1};   // p3 is of A, which site1 serves
  EXPECT_TRUE(finds(in, s, "监考员 p3 在不可监考时间被安排在考点 site1 巡考（场次 s3）"));
}

TEST(Validate, SCH2_FlagsCountsThatDoNotAddUpToTheWantedNumber) {
  const Instance in = sample();
  Solution s = valid();
  s.site_patrols[3].shortage = 1;  // one patrol there and one missing makes two, not one
  EXPECT_TRUE(finds(in, s, "考点 site2 场次 s1 的缺额应为 0，结果为 1"));
  s = valid();
  s.site_patrols.pop_back();
  EXPECT_TRUE(finds(in, s, "考点 site2 场次 s1 有考生，但缺少巡考安排记录"));
  s = valid();
  s.site_patrols[0].invigilators = {3, 4};
  s.site_patrols[0].own_college = {0, 0};
  s.site_patrols[0].kept = {0, 0};
  EXPECT_TRUE(finds(in, s, "考点 site1 场次 s1 安排了 2 名巡考老师，多于要求的 1 名"));
  s = valid();
  s.site_patrols.push_back({1, 2, {}, 1, {}, {}});  // site2 is not used in s3
  EXPECT_TRUE(finds(in, s, "考点 site2 场次 s3 没有考生，却有巡考安排"));
}

TEST(Validate, SCH2_FlagsWrongAvoidanceFlags) {
  const Instance in = sample();
  Solution s = valid();
  s.room_slots[3].own_college = {1};  // t3 (A) in r2 with st3 (B): nothing to avoid
  EXPECT_TRUE(finds(in, s, "考场 r2 场次 s1 的 t3（A）回避标记应为 false"));
  s = valid();
  s.room_slots[1].invigilators = {2};  // t3 (A) in r1 with st2 (A), not flagged
  EXPECT_TRUE(finds(in, s, "考场 r1 场次 s2 的 t3（A）回避标记应为 true"));
  s = valid();
  s.room_slots[0].own_college.clear();
  EXPECT_TRUE(finds(in, s, "与人员不一一对应"));
}

TEST(Validate, SCH2_FlagsKeptDutiesDroppedOrRejectedForNothing) {
  Instance in = sample();
  // Row 0 valid; row 1 full (r1 has t1 in s1 by row 0); row 2 slot_unused (r2 is idle in s3).
  in.existing_invigilation = {{0, -1, 0, 0}, {0, -1, 0, 1}, {1, -1, 2, 0}};
  const Solution solved = solve(in);
  ASSERT_EQ(violations_text(in, solved), "");
  ASSERT_EQ(solved.rejected_invigilation.size(), 2u);
  EXPECT_EQ(solved.rejected_invigilation[0].reason, "full");
  EXPECT_EQ(solved.rejected_invigilation[1].reason, "slot_unused");
  Solution s = valid();
  s.rejected_invigilation = {{1, "full"}, {2, "slot_unused"}};
  s.room_slots[0].kept = {1};
  ASSERT_EQ(violations_text(in, s), "");
  s.room_slots[0].kept = {0};  // row 0 not kept
  EXPECT_TRUE(finds(in, s, "保留监考 $.existingInvigilation[0]（t1，考场 r1，场次 s1） 未保留"));
  s = valid();
  s.room_slots[0].kept = {1};
  s.rejected_invigilation = {{1, "unavailable"}, {2, "slot_unused"}};  // the wrong reason
  EXPECT_TRUE(finds(in, s, "的无效原因 unavailable 不成立（成立的是 full）"));
  s.rejected_invigilation = {{0, "full"}, {1, "full"}, {2, "slot_unused"}};  // a good row rejected
  EXPECT_TRUE(finds(
      in, s,
      "保留监考 $.existingInvigilation[0]（t1，考场 r1，场次 s1） 符合全部规则，却被判为无效"));
  EXPECT_TRUE(finds(in, s, "t1 在考场 r1（场次 s1）标记为保留，但没有对应的保留行"));
}

// --- the JSON both ways ----------------------------------------------------------------------

TEST(ParseInstance, SCH2_ReadsKindsUnavailableTimesPatrolsAndKeptDuties) {
  json doc = base(1);
  doc["patrolsPerSite"] = 3;
  json p1 = person("p1", "C", {"c1"}, "巡考老师");
  p1["unavailable"] = {{{"start", "2021-09-18T12:00"}, {"end", "2021-09-18 13:30"}}};
  doc["invigilators"] = {
      person("t1", "C", {"c1"}), p1, {{"id", "t2"}, {"college", "C"}, {"certificates", {"c1"}}}};
  doc["existingInvigilation"] = {{{"room", "r1"}, {"slot", "s0"}, {"invigilator", "t1"}},
                                 {{"site", "site1"}, {"slot", "s0"}, {"invigilator", "p1"}}};
  const Instance in = make(doc);
  EXPECT_EQ(in.patrols_per_site, 3);
  ASSERT_EQ(in.invigilators.size(), 3u);
  EXPECT_EQ(in.invigilators[0].kind, StaffKind::room);
  EXPECT_EQ(in.invigilators[1].kind, StaffKind::patrol);
  EXPECT_EQ(in.invigilators[2].kind, StaffKind::room);  // no kind: 监考老师
  ASSERT_EQ(in.invigilators[1].unavailable.size(), 1u);
  EXPECT_EQ(format_time(in.invigilators[1].unavailable[0].end), "2021-09-18T13:30");
  ASSERT_EQ(in.existing_invigilation.size(), 2u);
  EXPECT_EQ(in.existing_invigilation[0].room, 0);
  EXPECT_EQ(in.existing_invigilation[0].site, -1);
  EXPECT_EQ(in.existing_invigilation[1].site, 0);
  EXPECT_EQ(in.existing_invigilation[1].invigilator, 1);
  EXPECT_EQ(make(base(1)).patrols_per_site, 1);  // the default
}

TEST(ParseInstance, SCH2_BadStaffingInputNamesThePathAndWhatToFix) {
  auto first_error = [](const json& doc) {
    auto parsed = parse_instance(doc);
    return parsed.ok() ? std::string() : parsed.error().message;
  };
  json doc = base(1);
  doc["invigilators"] = {person("t1", "C", {"c1"}, "考务老师")};
  EXPECT_EQ(first_error(doc), "$.invigilators[0].kind: 人员类型必须是 监考老师 或 巡考老师");
  doc["invigilators"] = {person("t1", "C", {"c1"})};
  doc["invigilators"][0]["unavailable"] = {
      {{"start", "2021-09-18T12:00"}, {"end", "2021-09-18T11:00"}}};
  EXPECT_EQ(first_error(doc), "$.invigilators[0].unavailable[0].end: 结束时间必须晚于开始时间");
  doc["invigilators"] = {person("t1", "C", {"c1"})};
  doc["patrolsPerSite"] = -1;
  EXPECT_EQ(first_error(doc), "$.patrolsPerSite: 每考点每场次巡考人数必须是 0 到 100 的整数");
  doc["patrolsPerSite"] = 1;
  doc["existingInvigilation"] = {
      {{"room", "r1"}, {"site", "site1"}, {"slot", "s0"}, {"invigilator", "t1"}}};
  EXPECT_EQ(first_error(doc), "$.existingInvigilation[0]: 须给出 room（监考）或 site（巡考）之一");
  doc["existingInvigilation"] = {{{"room", "r1"}, {"slot", "s0"}, {"invigilator", "t9"}}};
  EXPECT_EQ(first_error(doc), "$.existingInvigilation[0].invigilator: 未知的监考员：t9");
}

TEST(SolutionJson, SCH2_StaffingReadsBackToTheSameBytes) {
  Instance in = sample();
  in.existing_invigilation = {{0, -1, 0, 0}, {0, -1, 0, 1}, {-1, 1, 2, 3}};
  const Solution s = solve(in);
  const std::string text = write_solution(in, s);
  const auto doc = json::parse(text);
  EXPECT_EQ(
      doc["rejectedInvigilation"][0],
      (json{
          {"row", 1}, {"room", "r1"}, {"slot", "s1"}, {"invigilator", "t2"}, {"reason", "full"}}));
  EXPECT_EQ(doc["rejectedInvigilation"][1], (json{{"row", 2},
                                                  {"site", "site2"},
                                                  {"slot", "s3"},
                                                  {"invigilator", "p1"},
                                                  {"reason", "slot_unused"}}));
  EXPECT_EQ(doc["roomSlots"][0]["kept"], json::array({true}));
  EXPECT_TRUE(doc["sitePatrols"].is_array());
  EXPECT_EQ(doc["stats"]["keptInvigilation"], 1);
  EXPECT_EQ(doc["stats"]["rejectedInvigilation"], 2);
  auto back = solution_from_json(in, doc);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->site_patrols.size(), s.site_patrols.size());
  EXPECT_TRUE(validate(in, back.value()).empty()) << violations_text(in, back.value());
  Solution again = back.value();
  again.stats = s.stats;
  EXPECT_EQ(write_solution(in, again), text);
  EXPECT_EQ(write_solution(in, solve(in)), text);  // same input, same bytes
}

}  // namespace
}  // namespace kaowu::schedule
