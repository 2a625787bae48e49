#include "fixture.hpp"

namespace kaowu::schedule {
namespace {

using nlohmann::json;

json minimal() {
  return {{"seed", 42},
          {"seating", "spread"},
          {"invigilatorsPerRoom", 2},
          {"slots", {{{"id", "s1"}, {"start", "2021-09-18T08:00"}, {"end", "2021-09-18T09:00"}}}},
          {"subjects", {{{"id", "sub1"}, {"slot", "s1"}, {"mode", "机考"}, {"certificate", "c1"}}}},
          {"sites", {{{"id", "site1"}, {"colleges", {"col1", "col2"}}}}},
          {"rooms",
           {{{"id", "r1"}, {"site", "site1"}, {"types", {"机考", "机考+实操"}}, {"seats", 30}}}},
          {"candidates", {{{"id", "st1"}, {"college", "col1"}, {"subjects", {"sub1"}}}}},
          {"invigilators", {{{"id", "t1"}, {"college", "col1"}, {"certificates", {"c1"}}}}},
          {"existing", {{{"candidate", "st1"}, {"subject", "sub1"}, {"room", "r1"}, {"seat", 3}}}}};
}

std::string first_error(const json& doc) {
  auto parsed = parse_instance(doc);
  return parsed.ok() ? std::string() : parsed.error().message;
}

TEST(ParseInstance, ReadsTheDocumentedShape) {
  auto parsed = parse_instance(minimal());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const Instance& in = parsed.value();
  EXPECT_EQ(in.seed, 42u);
  EXPECT_EQ(in.seating, Seating::spread);
  EXPECT_EQ(in.invigilators_per_room, 2);
  EXPECT_EQ(in.slots[0].end - in.slots[0].start, 3600);
  EXPECT_EQ(in.rooms[0].types.size(), 2u);
  EXPECT_EQ(in.modes[static_cast<std::size_t>(in.subjects[0].mode)], "机考");
  EXPECT_EQ(in.colleges[static_cast<std::size_t>(in.candidates[0].college)], "col1");
  ASSERT_EQ(in.existing.size(), 1u);
  EXPECT_EQ(in.existing[0].seat, 3);
}

TEST(ParseInstance, NamesTheJsonPathOfEachProblem) {
  json doc = minimal();
  doc["rooms"].push_back({{"id", "r2"}, {"site", "site1"}, {"types", {"机考"}}, {"seats", 10}});
  doc["rooms"].push_back({{"id", "r3"}, {"site", "site1"}, {"types", {"机考"}}, {"seats", 10}});
  doc["rooms"].push_back({{"id", "r4"}, {"site", "site1"}, {"types", {"机考"}}, {"seats", -5}});
  EXPECT_EQ(first_error(doc), "$.rooms[3].seats: 考位数必须为正整数");
  doc["rooms"][3]["seats"] = 0;
  EXPECT_EQ(first_error(doc), "$.rooms[3].seats: 考位数必须为正整数");
  doc["rooms"][3]["seats"] = "30";
  EXPECT_EQ(first_error(doc), "$.rooms[3].seats: 考位数必须为正整数");
}

TEST(ParseInstance, RejectsUnknownIds) {
  json doc = minimal();
  doc["subjects"][0]["slot"] = "s9";
  EXPECT_EQ(first_error(doc), "$.subjects[0].slot: 未知的场次：s9");
  doc = minimal();
  doc["candidates"][0]["subjects"] = {"sub1", "nope"};
  EXPECT_EQ(first_error(doc), "$.candidates[0].subjects[1]: 未知的科目：nope");
  doc = minimal();
  doc["rooms"][0]["site"] = "x";
  EXPECT_EQ(first_error(doc), "$.rooms[0].site: 未知的考点：x");
  doc = minimal();
  doc["existing"][0]["room"] = "r9";
  EXPECT_EQ(first_error(doc), "$.existing[0].room: 未知的考场：r9");
}

TEST(ParseInstance, CandidateIdsAreCheckedAndFoundAmongMany) {
  // Candidate ids are indexed once all are read: a repeated id is reported where it occurs, in
  // order with the other problems, and existing rows find their candidate among many.
  json doc = minimal();
  for (int i = 2; i <= 300; ++i) {
    doc["candidates"].push_back({{"id", "st" + std::to_string(i)},
                                 {"college", i % 2 ? "col1" : "col2"},
                                 {"subjects", {"sub1"}}});
  }
  doc["existing"].push_back(
      {{"candidate", "st257"}, {"subject", "sub1"}, {"room", "r1"}, {"seat", 4}});
  auto parsed = parse_instance(doc);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->existing.size(), 2u);
  EXPECT_EQ(parsed->candidates[static_cast<std::size_t>(parsed->existing[1].candidate)].id,
            "st257");
  EXPECT_EQ(parsed->candidates.size(), 300u);

  doc["existing"][1]["candidate"] = "st301";
  EXPECT_EQ(first_error(doc), "$.existing[1].candidate: 未知的考生：st301");

  doc = minimal();
  doc["candidates"].push_back({{"id", "st2"}, {"college", "col1"}, {"subjects", {"nope"}}});
  doc["candidates"].push_back({{"id", "st1"}, {"college", "col3"}, {"subjects", {"sub1"}}});
  doc["candidates"].push_back({{"id", "st3"}, {"college", "col2"}, {"subjects", {"sub1", "sub1"}}});
  auto repeated = parse_instance(doc);
  ASSERT_FALSE(repeated.ok());
  const auto& errors = repeated.error().details["errors"];
  ASSERT_EQ(errors.size(), 3u) << errors.dump();
  EXPECT_EQ(errors[0], "$.candidates[1].subjects[0]: 未知的科目：nope");
  EXPECT_EQ(errors[1], "$.candidates[2].id: 考生编号重复：st1");
  EXPECT_EQ(errors[2], "$.candidates[3].subjects[1]: 科目重复：sub1");
}

TEST(ParseInstance, RejectsBadTimes) {
  json doc = minimal();
  doc["slots"][0]["start"] = "2021-09-18 8:00";
  EXPECT_EQ(first_error(doc), "$.slots[0].start: 时间格式应为 YYYY-MM-DDTHH:MM：2021-09-18 8:00");
  doc = minimal();
  doc["slots"][0]["end"] = "2021-02-29T09:00";
  EXPECT_EQ(first_error(doc), "$.slots[0].end: 时间格式应为 YYYY-MM-DDTHH:MM：2021-02-29T09:00");
  doc = minimal();
  doc["slots"][0]["end"] = "2021-09-18T08:00";
  EXPECT_EQ(first_error(doc), "$.slots[0].end: 结束时间必须晚于开始时间");
}

TEST(ParseInstance, RejectsDuplicatesAndBadScalars) {
  json doc = minimal();
  doc["rooms"].push_back(doc["rooms"][0]);
  EXPECT_EQ(first_error(doc), "$.rooms[1].id: 考场编号重复：r1");
  doc = minimal();
  doc["candidates"][0]["subjects"] = {"sub1", "sub1"};
  EXPECT_EQ(first_error(doc), "$.candidates[0].subjects[1]: 科目重复：sub1");
  doc = minimal();
  doc["seating"] = "zigzag";
  EXPECT_EQ(first_error(doc), "$.seating: 座位编排方式必须是 sequential、random 或 spread");
  doc = minimal();
  doc["invigilatorsPerRoom"] = -1;
  EXPECT_EQ(first_error(doc), "$.invigilatorsPerRoom: 每考场监考人数必须是 0 到 100 的整数");
  doc = minimal();
  doc.erase("rooms");
  EXPECT_EQ(first_error(doc), "$.rooms: 缺少必填字段");
  doc = minimal();
  doc["existing"][0]["seat"] = 0;
  EXPECT_EQ(first_error(doc), "$.existing[0].seat: 座位号必须为正整数");
}

TEST(ParseInstance, ListsEveryErrorInDetails) {
  json doc = minimal();
  doc["rooms"][0]["seats"] = -1;
  doc["candidates"][0]["college"] = 5;
  auto parsed = parse_instance(doc);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(parsed.error().details["errors"].size(), 2u);
}

TEST(ParseInstance, RejectsTextThatIsNotJson) {
  auto parsed = parse_instance_text("{\"slots\": [");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message, "$: 不是合法的 JSON");
  EXPECT_FALSE(parse_instance(json::array()).ok());
}

TEST(ParseTime, RoundTripsAndKnowsTheCalendar) {
  std::int64_t t = 0;
  ASSERT_TRUE(parse_time("1970-01-01T00:00", t));
  EXPECT_EQ(t, 0);
  ASSERT_TRUE(parse_time("2021-09-18T08:00", t));
  EXPECT_EQ(t, 1631952000);
  EXPECT_EQ(format_time(t), "2021-09-18T08:00");
  ASSERT_TRUE(parse_time("2024-02-29T23:59:30", t));
  EXPECT_EQ(format_time(t), "2024-02-29T23:59:30");
  EXPECT_FALSE(parse_time("2023-02-29T10:00", t));
  EXPECT_FALSE(parse_time("2023-13-01T10:00", t));
  EXPECT_FALSE(parse_time("2023-01-01T10:60", t));
  EXPECT_FALSE(parse_time("2023-01-01", t));
}

}  // namespace
}  // namespace kaowu::schedule
