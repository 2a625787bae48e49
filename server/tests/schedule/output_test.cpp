#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "fixture.hpp"

namespace kaowu::schedule {
namespace {

using nlohmann::json;

Instance small() {
  return testing::make(
      {{"seed", 5},
       {"seating", "random"},
       {"invigilatorsPerRoom", 1},
       {"slots", {testing::slot("s1", 8, 0, 60)}},
       {"subjects", {{{"id", "sub1"}, {"slot", "s1"}, {"mode", "机考"}, {"certificate", "c1"}}}},
       {"sites", {{{"id", "site1"}, {"colleges", {"A"}}}}},
       {"rooms", {{{"id", "r1"}, {"site", "site1"}, {"types", {"机考"}}, {"seats", 2}}}},
       {"candidates",
        {{{"id", "st1"}, {"college", "A"}, {"subjects", {"sub1"}}},
         {{"id", "st2"}, {"college", "A"}, {"subjects", {"sub1"}}},
         {{"id", "st3"}, {"college", "A"}, {"subjects", {"sub1"}}}}},
       {"invigilators", {{{"id", "t1"}, {"college", "B"}, {"certificates", {"c1"}}}}}});
}

TEST(SolutionJson, HasTheDocumentedShapeInAFixedKeyOrder) {
  const Instance in = small();
  const auto doc = solution_to_json(in, testing::solve(in));
  std::vector<std::string> keys;
  for (const auto& item : doc.items()) keys.push_back(item.key());
  EXPECT_EQ(keys,
            (std::vector<std::string>{"placements", "unplaced", "rejectedExisting", "roomSlots",
                                      "sitePatrols", "rejectedInvigilation", "stats"}));
  ASSERT_EQ(doc["placements"].size(), 2u);
  EXPECT_EQ(doc["placements"][0]["slot"], "s1");
  EXPECT_EQ(
      doc["unplaced"][0],
      (nlohmann::ordered_json{{"candidate", "st3"}, {"subject", "sub1"}, {"reason", "capacity"}}));
  EXPECT_EQ(doc["roomSlots"][0]["invigilators"], nlohmann::ordered_json::array({"t1"}));
  EXPECT_EQ(doc["roomSlots"][0]["shortage"], 0);
  EXPECT_EQ(doc["roomSlots"][0]["ownCollege"], nlohmann::ordered_json::array({false}));
  EXPECT_EQ(doc["roomSlots"][0]["kept"], nlohmann::ordered_json::array({false}));
  // No 巡考老师 given: the one site-slot is listed with its shortage.
  EXPECT_EQ(doc["sitePatrols"][0], (nlohmann::ordered_json{{"site", "site1"},
                                                           {"slot", "s1"},
                                                           {"invigilators", json::array()},
                                                           {"shortage", 1},
                                                           {"ownCollege", json::array()},
                                                           {"kept", json::array()}}));
  EXPECT_EQ(doc["stats"]["patrolShortage"], 1);
  EXPECT_EQ(doc["stats"]["placed"], 2);
}

TEST(SolutionJson, IdsThatNeedEscapesComeBackAsTheyWereGiven) {
  // Plain ids are copied into the output as they are, the others escaped: a quote, a backslash,
  // a line break and Chinese in ids all read back as the same ids.
  const json doc = json::parse(R"({"seed":1,"seating":"sequential","invigilatorsPerRoom":1,
    "slots":[{"id":"上午\"1\"","start":"2021-09-18T08:00","end":"2021-09-18T09:00"}],
    "subjects":[{"id":"sub\\1","slot":"上午\"1\"","mode":"机考","certificate":"c1"}],
    "sites":[{"id":"site1","colleges":["A"]}],
    "rooms":[{"id":"r\n1","site":"site1","types":["机考"],"seats":3}],
    "candidates":[{"id":"张三\t1","college":"A","subjects":["sub\\1"]},{"id":"st2","college":"A","subjects":["sub\\1"]}],
    "invigilators":[{"id":"李\"老师\"","college":"B","certificates":["c1"]}]})");
  const Instance instance = testing::make(doc);
  const json out = json::parse(write_solution(instance, testing::solve(instance)));
  ASSERT_EQ(out["placements"].size(), 2u) << out.dump();
  EXPECT_EQ(out["placements"][0]["candidate"], "张三\t1");
  EXPECT_EQ(out["placements"][0]["subject"], "sub\\1");
  EXPECT_EQ(out["placements"][0]["room"], "r\n1");
  EXPECT_EQ(out["placements"][0]["slot"], "上午\"1\"");
  EXPECT_EQ(out["placements"][1]["candidate"], "st2");
  ASSERT_EQ(out["roomSlots"].size(), 1u);
  EXPECT_EQ(out["roomSlots"][0]["invigilators"], json::array({"李\"老师\""}));
}

TEST(SolutionJson, ReadingRejectsUnknownIdsWithTheirPath) {
  const Instance in = small();
  json doc = json::parse(solution_to_json(in, testing::solve(in)).dump());
  doc["placements"][1]["room"] = "r7";
  auto back = solution_from_json(in, doc);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().message, "$.placements[1].room: 未知的考场：r7");
}

class ArrangeCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string leaf = testing::name("kaowu-arrange-", static_cast<long long>(::getpid()));
    leaf += '-';
    leaf += ::testing::UnitTest::GetInstance()->current_test_info()->name();
    dir_ = std::filesystem::temp_directory_path() / leaf;
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    const auto path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
  std::string read(const std::string& path) {
    std::ifstream file(path);
    std::stringstream buffer;
    buffer << file.rdbuf();
    return buffer.str();
  }
  std::filesystem::path dir_;
};

const char* kInput = R"({"seed":1,"seating":"sequential","invigilatorsPerRoom":0,
  "slots":[{"id":"s1","start":"2021-09-18T08:00","end":"2021-09-18T09:00"}],
  "subjects":[{"id":"sub1","slot":"s1","mode":"机考","certificate":"c1"}],
  "sites":[{"id":"site1","colleges":["A"]}],
  "rooms":[{"id":"r1","site":"site1","types":["机考"],"seats":3}],
  "candidates":[{"id":"st1","college":"A","subjects":["sub1"]},{"id":"st2","college":"A","subjects":["sub1"]}]})";

TEST_F(ArrangeCommand, ArrangesThenChecksTheResult) {
  const auto in = write("in.json", kInput);
  const auto out = (dir_ / "out.json").string();
  EXPECT_EQ(cli::arrange({in, out, false}), 0);
  const auto result = json::parse(read(out));
  EXPECT_EQ(result["placements"].size(), 2u);
  EXPECT_EQ(cli::arrange({in, out, true}), 0);
  // Two candidates on one seat: the check reports it and exits 1.
  json broken = result;
  broken["placements"][1]["seat"] = broken["placements"][0]["seat"];
  const auto bad = write("bad.json", broken.dump());
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(cli::arrange({in, bad, true}), 1);
  const std::string printed = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(printed.find("规则2"), std::string::npos) << printed;
}

TEST_F(ArrangeCommand, StatsSayWhereTheTimeWent) {
  const auto in = write("in.json", kInput);
  const auto out = (dir_ / "out.json").string();
  ASSERT_EQ(cli::arrange({in, out, false}), 0);
  const auto timings = json::parse(read(out))["stats"]["timingsMs"];
  ASSERT_TRUE(timings.is_object()) << read(out);
  for (const char* stage :
       {"parse", "prepare", "sites", "repair", "rooms", "residue", "seating", "output"}) {
    ASSERT_TRUE(timings.contains(stage)) << stage << " missing in " << timings.dump();
    EXPECT_GE(timings[stage].get<double>(), 0.0) << stage;
  }
  // Outside the CLI the output carries no timings: the same instance prints the same bytes.
  const Instance instance = testing::make(json::parse(kInput));
  const std::string text = write_solution(instance, testing::solve(instance));
  EXPECT_EQ(text.find("timingsMs"), std::string::npos);
  EXPECT_EQ(text, write_solution(instance, testing::solve(instance)));
}

TEST_F(ArrangeCommand, StatsGiveTheCpuTimeOfEachStageBesideTheWallClock) {
  const auto in = write("in.json", kInput);
  const auto out = (dir_ / "out.json").string();
  ASSERT_EQ(cli::arrange({in, out, false}), 0);
  const auto stats = json::parse(read(out))["stats"];
  ASSERT_TRUE(stats["cpuMs"].is_object()) << stats.dump();
  for (const char* stage :
       {"read", "parse", "prepare", "sites", "repair", "rooms", "residue", "seating", "output"}) {
    ASSERT_TRUE(stats["cpuMs"].contains(stage)) << stage << " missing in " << stats.dump();
    ASSERT_TRUE(stats["timingsMs"].contains(stage)) << stage << " missing in " << stats.dump();
    EXPECT_GE(stats["cpuMs"][stage].get<double>(), 0.0) << stage;
  }
  const Instance instance = testing::make(json::parse(kInput));
  EXPECT_EQ(write_solution(instance, testing::solve(instance)).find("cpuMs"), std::string::npos);
}

TEST_F(ArrangeCommand, SCH2_CheckCatchesAPatrolRowBrokenInTheStoredResult) {
  std::string text = kInput;
  text.replace(text.find("\"invigilatorsPerRoom\":0"), 23,
               "\"invigilatorsPerRoom\":1,\"patrolsPerSite\":1");
  text.insert(text.rfind('}'), R"(,"invigilators":[
    {"id":"t1","college":"B","certificates":["c1"],"kind":"监考老师"},
    {"id":"p1","college":"B","certificates":["c1"],"kind":"巡考老师",
     "unavailable":[{"start":"2021-09-18T12:00","end":"2021-09-18T13:00"}]}])");
  const auto in = write("in.json", text);
  const auto out = (dir_ / "out.json").string();
  ASSERT_EQ(cli::arrange({in, out, false}), 0);
  const auto result = json::parse(read(out));
  ASSERT_EQ(result["sitePatrols"][0]["invigilators"], json::array({"p1"})) << result.dump();
  EXPECT_EQ(cli::arrange({in, out, true}), 0);
  // The room's 监考老师 also on patrol in the same slot: both the kind and the overlap are found.
  json broken = result;
  broken["sitePatrols"][0]["invigilators"] = json::array({"t1"});
  const auto bad = write("bad.json", broken.dump());
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(cli::arrange({in, bad, true}), 1);
  const std::string printed = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(printed.find("规则6：考点 site1 场次 s1 的 t1 是监考老师，应为巡考老师"),
            std::string::npos)
      << printed;
  EXPECT_NE(
      printed.find("规则6：监考员 t1 同时被安排在考场 r1（场次 s1）和考点 site1 巡考（场次 s1）"),
      std::string::npos)
      << printed;
}

TEST_F(ArrangeCommand, MalformedInputExitsWithTwoAndThePath) {
  std::string text = kInput;
  text.replace(text.find("\"seats\":3"), 9, "\"seats\":-3");
  const auto in = write("in.json", text);
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(cli::arrange({in, (dir_ / "out.json").string(), false}), 2);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "$.rooms[0].seats: 考位数必须为正整数\n");
}

}  // namespace
}  // namespace kaowu::schedule
