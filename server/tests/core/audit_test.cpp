// 15.12: every audit entry names its business object in Chinese, and an update's detail is the
// fields it changed with Chinese labels; entries written before still show (raw keys, named from
// their fields).
#include "core/audit.hpp"

#include <gtest/gtest.h>

#include "../support/test_db.hpp"
#include "modules/audit/service.hpp"

namespace kaowu::audit {
namespace {

TEST(Audit, Item15_12_TheObjectIsNamedInChineseFromTheRecord) {
  const nlohmann::json student = {{"id", 7}, {"name", "王小二"}, {"studentNo", "202600070000002"}};
  EXPECT_EQ(describe("update", "student", "7", student, student), "考生 王小二 (202600070000002)");
  EXPECT_EQ(describe("create", "room", "3", nullptr, {{"name", "一号机房"}, {"seats", 30}}),
            "考场 一号机房");
  EXPECT_EQ(describe("publish", "plan", "2", {{"status", "draft"}}, {{"status", "published"}}),
            "考试计划 #2");
  EXPECT_EQ(describe("create", "plan", "2", nullptr, {{"name", "2021年9月第一批网店考试"}}),
            "考试计划 2021年9月第一批网店考试");
  EXPECT_EQ(describe("delete", "payment", "4", {{"number", "JF202109150001"}}, nullptr),
            "缴费申请 JF202109150001");
  EXPECT_EQ(describe("import", "student", "9", nullptr, {{"file", "花名册.xlsx"}, {"total", 3}}),
            "考生导入 花名册.xlsx");
  EXPECT_EQ(describe("delete", "registration", "5",
                     nlohmann::json::array({{{"studentName", "王小二"},
                                             {"studentNo", "202600070000002"},
                                             {"planName", "网店考试"}}}),
                     nullptr),
            "报考 王小二 (202600070000002) 网店考试");
  EXPECT_EQ(describe("update", "organization", "1", nullptr,
                     {{"typeName", "试点院校"}, {"name", "北京科技大学"}}),
            "试点院校 北京科技大学");
  EXPECT_EQ(describe("frobnicate", "gadget", "8", nullptr, nullptr), "gadget #8");
  EXPECT_EQ(entity_name("weekly_report"), "周报");
}

TEST(Audit, Item15_12_AnUpdateListsTheChangedFieldsWithChineseLabels) {
  const nlohmann::json before = {{"id", 3},
                                 {"version", 1},
                                 {"name", "一号考场"},
                                 {"seats", 30},
                                 {"status", "unarranged"},
                                 {"statusName", "未排考"},
                                 {"planId", 2},
                                 {"planName", "网店考试"},
                                 {"types", {"笔试"}},
                                 {"typesText", "笔试"},
                                 {"region", "北京市北京市海淀区"}};
  nlohmann::json after = before;
  after["version"] = 2;
  after["seats"] = 35;
  after["types"] = {"笔试", "机考"};
  after["typesText"] = "笔试, 机考";
  after["region"] = "湖北省武汉市洪山区";
  after["newField"] = true;
  const auto rows = changes("room", before, after);
  EXPECT_EQ(rows, nlohmann::json::parse(R"([
    {"field":"typesText","label":"考场类型","before":"笔试","after":"笔试, 机考"},
    {"field":"seats","label":"考位数","before":"30","after":"35"},
    {"field":"region","label":"考场地址","before":"北京市北京市海淀区","after":"湖北省武汉市洪山区"},
    {"field":"newField","label":"newField","before":"","after":"是"}
  ])"))
      << rows.dump();
  // A record created: every field it has, with nothing before.
  const auto created =
      changes("student", nullptr, {{"id", 1}, {"name", "王小二"}, {"gender", "男"}});
  EXPECT_EQ(created, nlohmann::json::parse(R"([
    {"field":"name","label":"姓名","before":"","after":"王小二"},
    {"field":"gender","label":"性别","before":"","after":"男"}
  ])"))
      << created.dump();
  // Codes kept without a name beside them, and nested records, read in Chinese too.
  const auto account = changes("account", nullptr, {{"username", "ustb"}, {"role", "college"}});
  EXPECT_EQ(account[1],
            nlohmann::json(
                {{"field", "role"}, {"label", "角色"}, {"before", ""}, {"after", "试点院校"}}));
  const auto windows = changes("plan", {{"windows", {{"registrationEnd", "2021-09-10 18:00"}}}},
                               {{"windows", {{"registrationEnd", "2021-09-12 18:00"}}}});
  EXPECT_EQ(windows[0]["label"], "时间安排");
  EXPECT_EQ(windows[0]["before"], "报名截止：2021-09-10 18:00");
  EXPECT_EQ(windows[0]["after"], "报名截止：2021-09-12 18:00");
  EXPECT_EQ(field_label("site", "region"), "考点地区");
  EXPECT_EQ(field_label("organization", "region"), "所在地区");
  EXPECT_EQ(field_label("student", "studentNo"), "考生编号");
  EXPECT_EQ(display_value(
                nlohmann::json::array({{{"name", "北方工业大学"}}, {{"name", "北京科技大学"}}})),
            "北方工业大学、北京科技大学");
}

class AuditLogTest : public testing::SessionDbTest {
 protected:
  void SetUp() override {
    if (!open(*cst::parse("2021-09-15 10:00:00"))) return;
  }
};

TEST_P(AuditLogTest, Item15_12_TheLogShowsTheObjectAndTheChangesAndOldEntriesStillShow) {
  Scope who;
  who.account_id = 1;
  who.username = "ustb";
  who.display_name = "北科大考务老师";
  who.role = Role::college;
  who.org_id = 1;
  who.org_name = "北京科技大学";
  Actor actor;
  actor.scope = &who;
  actor.ip = "127.0.0.1";
  const nlohmann::json before = {
      {"name", "王小二"}, {"studentNo", "202600070000002"}, {"major", "电子商务"}};
  nlohmann::json after = before;
  after["major"] = "市场营销";
  record(sql(), actor, {"update", "student", "7", "修改考生「王小二」", before, after},
         clock_.now());
  record(sql(), actor,
         {"login", "account", "1", "登录系统", nullptr, nullptr, "账号 ustb（北科大考务老师）"},
         clock_.now());
  // An entry written before objects were stored: no object_name, English keys nobody labelled.
  std::string old_before = R"({"name":"一号考场","legacyKey":"a"})",
              old_after = R"({"name":"一号考场","legacyKey":"b"})";
  sql() << "INSERT INTO audit_log(at, username, action, entity, entity_id, summary, before_json, "
           "after_json) "
           "VALUES(1, 'ustb', 'update', 'room', '3', '修改考场', :b, :a)",
      soci::use(old_before), soci::use(old_after);

  const auto page = audit_log::list(sql(), {}, 1, 10);
  ASSERT_EQ(page["total"], 3);
  const auto& items = page["items"];
  const auto& update = items[2];
  EXPECT_EQ(update["object"], "考生 王小二 (202600070000002)");
  EXPECT_EQ(update["entityName"], "考生");
  EXPECT_EQ(update["changes"],
            nlohmann::json::parse(
                R"([{"field":"major","label":"专业","before":"电子商务","after":"市场营销"}])"));
  EXPECT_EQ(items[1]["object"], "账号 ustb（北科大考务老师）");
  EXPECT_EQ(items[1]["changes"], nlohmann::json::array());
  EXPECT_EQ(items[0]["object"], "考场 一号考场");
  EXPECT_EQ(items[0]["changes"],
            nlohmann::json::parse(
                R"([{"field":"legacyKey","label":"legacyKey","before":"a","after":"b"}])"));
  // The keyword finds an entry by its object.
  audit_log::Filter by_object;
  by_object.keyword = "202600070000002";
  EXPECT_EQ(audit_log::list(sql(), by_object, 1, 10)["total"], 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, AuditLogTest, ::testing::ValuesIn(kaowu::testing::engines()));

}  // namespace
}  // namespace kaowu::audit
