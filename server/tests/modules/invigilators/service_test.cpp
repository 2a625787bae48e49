#include "modules/invigilators/service.hpp"

#include <gtest/gtest.h>

#include "../../support/test_db.hpp"
#include "modules/certificates/service.hpp"
#include "modules/invigilators/ledger.hpp"
#include "modules/organizations/repository.hpp"

namespace kaowu::invigilators {
namespace {

//! Two colleges and an organisation with a two-level certificate; persons made through the service.
class InvigilatorsServiceTest : public testing::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    sql_ = std::make_unique<soci::session>(database_->pool());
    org_ = scope(add_org("org", "北京中车行高新技术有限公司"), Role::org);
    ustb_ = scope(add_org("college", "北京科技大学"), Role::college);
    ncut_ = scope(add_org("college", "北方工业大学"), Role::college);
    nlohmann::json levels = nlohmann::json::array();
    for (const auto& [level, code] :
         {std::pair{"初级", "50000001101"}, std::pair{"中级", "50000001201"}}) {
      levels.push_back({{"level", level},
                        {"subjects",
                         {{{"code", code},
                           {"name", std::string(level) + "理论"},
                           {"mode", "笔试"},
                           {"durationMinutes", 60},
                           {"fullMark", 100},
                           {"passMark", 60}}}}});
    }
    auto cert = certificates::service::create(
        *sql_, actor(org_),
        {{"code", "50000001"}, {"name", "智能新能源汽车职业技能等级证书"}, {"levels", levels}},
        kNow);
    ASSERT_TRUE(cert) << cert.error().message;
    cert_id_ = cert->id;
    junior_ = cert->levels[0].id;
    middle_ = cert->levels[1].id;
  }
  void TearDown() override {
    sql_.reset();
    DbTest::TearDown();
  }

  std::int64_t add_org(const std::string& type, const std::string& name) {
    organizations::Organization o;
    o.type = type;
    o.name = name;
    o.created_at = o.updated_at = 1;
    return organizations::repository::insert(*sql_, o);
  }
  static Scope scope(std::int64_t id, Role role) {
    Scope s;
    s.role = role;
    s.org_id = id;
    s.username = "test";
    return s;
  }
  audit::Actor actor(const Scope& s) { return audit::Actor{&s, "", "127.0.0.1", ""}; }

  // A person of `college` applying for `levels`, submitted; `certify` levels certified.
  Invigilator add(const Scope& college, const std::string& kind, const std::string& name,
                  const std::string& id_number, const std::string& phone,
                  const std::vector<std::int64_t>& levels,
                  const std::vector<std::int64_t>& certify) {
    auto made = service::create(*sql_, actor(college),
                                {{"kind", kind},
                                 {"name", name},
                                 {"idNumber", id_number},
                                 {"phone", phone},
                                 {"region", "北京市北京市海淀区"},
                                 {"levelIds", levels}},
                                kNow);
    EXPECT_TRUE(made) << made.error().message;
    auto sent =
        service::submit(*sql_, actor(college), made->id, {{"version", made->version}}, kNow);
    EXPECT_TRUE(sent) << sent.error().message;
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& c : sent->certificates) {
      for (auto l : certify) {
        if (c.level_id == l) ids.push_back(c.id);
      }
    }
    if (!ids.empty()) {
      auto done =
          service::review(*sql_, actor(org_), {{"ids", ids}, {"decision", "certify"}}, kNow);
      EXPECT_TRUE(done) << done.error().message;
      EXPECT_EQ(static_cast<std::size_t>(done.value().done), ids.size());
    }
    return service::get(*sql_, college, made->id).value();
  }

  static constexpr Timestamp kNow = 1629421200;  // 2021-08-20 09:00 China time
  std::unique_ptr<soci::session> sql_;
  Scope org_, ustb_, ncut_;
  std::int64_t cert_id_ = 0, junior_ = 0, middle_ = 0;
};

TEST_P(InvigilatorsServiceTest,
       TheArrangementGetsEveryCertifiedPersonOfACertificateWithTheirCollege) {
  add(ustb_, "监考老师", "李虹", "110106198502150021", "18310000551", {junior_, middle_},
      {junior_, middle_});
  add(ustb_, "巡考老师", "张伟", "110108197903120016", "13810086712", {junior_}, {});
  add(ncut_, "巡考老师", "赵磊", "110107198807140031", "18610293384", {middle_}, {middle_});
  const auto people = ledger::certified_for(*sql_, cert_id_);
  ASSERT_EQ(people.size(), 2u) << "a pending person is not offered; a person with two levels once";
  EXPECT_EQ(people[0].name, "李虹");
  EXPECT_EQ(people[0].kind, "监考老师");
  EXPECT_EQ(people[0].teacher_no.substr(0, 2), "JK");
  EXPECT_EQ(people[0].college_name, "北京科技大学");
  EXPECT_EQ(people[1].name, "赵磊");
  EXPECT_EQ(people[1].teacher_no.substr(0, 2), "KK");
  EXPECT_EQ(people[1].college_id, ncut_.org_id);
  EXPECT_TRUE(people[0].unavailable.empty());
  EXPECT_TRUE(ledger::certified_for(*sql_, cert_id_ + 1000).empty());
  // 不可监考时间 reach the arrangement with the person.
  auto edited = service::update(
      *sql_, actor(ncut_), people[1].id,
      {{"version", service::get(*sql_, ncut_, people[1].id)->version},
       {"unavailable", {{{"start", "2021-09-18 08:00"}, {"end", "2021-09-18 12:00"}}}}},
      kNow);
  ASSERT_TRUE(edited) << edited.error().message;
  const auto again = ledger::certified_for(*sql_, cert_id_);
  ASSERT_EQ(again[1].unavailable.size(), 1u);
  EXPECT_EQ(cst::format_minute(again[1].unavailable[0].start), "2021-09-18 08:00");
  EXPECT_EQ(cst::format_minute(again[1].unavailable[0].end), "2021-09-18 12:00");
}

TEST_P(InvigilatorsServiceTest, TeacherNumbersAreUniqueAcrossTypesAndFollowAChangeOfType) {
  const auto a = add(ustb_, "监考老师", "李虹", "110106198502150021", "18310000551", {junior_}, {});
  const auto b = add(ncut_, "巡考老师", "赵磊", "110107198807140031", "18610293384", {junior_}, {});
  EXPECT_NE(a.teacher_no.substr(2), b.teacher_no.substr(2));
  auto changed = service::update(*sql_, actor(ustb_), a.id,
                                 {{"version", a.version}, {"kind", "巡考老师"}}, kNow);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->teacher_no, "KK" + a.teacher_no.substr(2));
}

INSTANTIATE_TEST_SUITE_P(Engines, InvigilatorsServiceTest, ::testing::ValuesIn(testing::engines()));

}  // namespace
}  // namespace kaowu::invigilators
