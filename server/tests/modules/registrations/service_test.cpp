#include "modules/registrations/service.hpp"

#include "../../support/test_db.hpp"
#include "modules/certificates/service.hpp"
#include "modules/organizations/repository.hpp"
#include "modules/plans/repository.hpp"
#include "modules/plans/service.hpp"
#include "modules/registrations/ledger.hpp"
#include "modules/students/repository.hpp"

#include <gtest/gtest.h>

namespace kaowu::registrations {
namespace {

constexpr Timestamp kNow = 1630717200;  // 2021-09-04 09:00:00 CST, inside the registration window

//! A certificate organisation with a published plan, a college in it with one student registered
//! by certificate (two subjects), and a payment application of that college to put rows into.
class RegistrationsServiceTest : public testing::SessionDbTest {
 protected:
  void SetUp() override {
    if (!open(kNow)) return;
    org_ = scope("org", Role::org, "中联集团教育科技有限公司");
    college_ = scope("college", Role::college, "北京科技大学");
    org_actor_.scope = &org_;
    college_actor_.scope = &college_;

    auto cert = certificates::service::create(
        sql(), org_actor_,
        {{"code", "50000002"},
         {"name", "网店运营推广职业技能等级证书"},
         {"levels",
          {{{"level", "初级"},
            {"fee", "240"},
            {"subjects",
             {{{"code", "50000002202"}, {"name", "网店运营推广(实操)"}, {"mode", "机考+实操"}, {"durationMinutes", 60},
               {"fullMark", 100}, {"passMark", 60}},
              {{"code", "50000002203"}, {"name", "网店运营推广(理论)"}, {"mode", "机考"}, {"durationMinutes", 60},
               {"fullMark", 100}, {"passMark", 60}}}}}}},
         {"majors", {"电子商务"}}},
        kNow);
    ASSERT_TRUE(cert) << cert.error().message;
    cert_id_ = cert->id;
    const auto& level = cert->levels.front();
    auto plan = plans::service::create(
        sql(), org_actor_,
        {{"name", "2021年9月第一批网店考试"},
         {"mode", "certificate"},
         {"windows",
          {{"registrationStart", "2021-09-01 00:00"}, {"registrationEnd", "2021-09-10 18:00"},
           {"arrangingStart", "2021-09-05 00:00"}, {"arrangingEnd", "2021-09-15 18:00"},
           {"scoreStart", "2021-09-19 00:00"}, {"scoreEnd", "2021-09-25 18:00"},
           {"publicityStart", "2021-09-26 00:00"}, {"publicityEnd", "2021-10-05 18:00"}}},
         {"levelIds", {level.id}},
         {"subjects",
          {{{"subjectId", level.subjects[0].id}, {"start", "2021-09-18 08:00"}, {"end", "2021-09-18 09:00"}},
           {{"subjectId", level.subjects[1].id}, {"start", "2021-09-18 09:30"}, {"end", "2021-09-18 10:30"}}}},
         {"collegeIds", {college_.org_id}}},
        kNow);
    ASSERT_TRUE(plan) << plan.error().message;
    plans::repository::set_status(sql(), plan->id, "published", kNow);
    plan_id_ = plan->id;
    level_id_ = level.id;

    students::Student s;
    s.college_id = college_.org_id;
    s.student_no = "20210001000001";
    s.name = "王小二";
    s.gender = "男";
    s.id_number = "110101199003070011";
    s.birth_date = "1990-03-07";
    s.type = "院校考生";
    s.major = "电子商务";
    s.created_at = s.updated_at = kNow;
    student_id_ = students::repository::insert(sql(), s);
    auto added = service::add(sql(), college_actor_, {{"planId", plan_id_}, {"studentId", student_id_}, {"levelId", level_id_}},
                              kNow);
    ASSERT_TRUE(added) << added.error().message;
    ASSERT_EQ(added->size(), 2u);
    practice_ = (*added)[0].id;
    theory_ = (*added)[1].id;

    long long college = college_.org_id, plan_id = plan_id_, cert_id = cert_id_, org = org_.org_id, account = account_id_,
              at = kNow;
    sql() << "INSERT INTO payment_applications(number, college_id, plan_id, certificate_id, org_id, payee_org_id, mode, "
             "head_count, amount_fen, created_by, created_at, updated_at) VALUES('2109049263', :c, :p, :ce, :o, :o2, "
             "'certificate', 1, 24000, :a, :t, :t2) RETURNING id",
        soci::use(college), soci::use(plan_id), soci::use(cert_id), soci::use(org), soci::use(org), soci::use(account),
        soci::use(at), soci::use(at), soci::into(application_id_);
  }
  Scope scope(const std::string& type, Role role, const std::string& name) {
    organizations::Organization o;
    o.type = type;
    o.name = name;
    o.created_at = o.updated_at = kNow;
    Scope s;
    s.org_id = organizations::repository::insert(sql(), o);
    s.org_name = name;
    s.role = role;
    s.username = type;
    s.display_name = name + "老师";
    long long org_id = s.org_id, at = kNow;
    std::string username = type, display = s.display_name, role_code = type;
    sql() << "INSERT INTO accounts(username, display_name, role, org_id, password_hash, created_at, updated_at) "
             "VALUES(:u, :d, :r, :o, 'x', :c, :c2) RETURNING id",
        soci::use(username), soci::use(display), soci::use(role_code), soci::use(org_id), soci::use(at), soci::use(at),
        soci::into(account_id_);
    s.account_id = account_id_;
    return s;
  }

  //! A registration as the user sees it now: its id and current version.
  input::Named shown(std::int64_t id) {
    int version = 0;
    long long rid = id;
    sql() << "SELECT version FROM registrations WHERE id = :id", soci::use(rid), soci::into(version);
    return {id, version};
  }

  Scope org_, college_;
  audit::Actor org_actor_, college_actor_;
  long long account_id_ = 0, application_id_ = 0;
  std::int64_t cert_id_ = 0, plan_id_ = 0, level_id_ = 0, student_id_ = 0, practice_ = 0, theory_ = 0;
};

TEST_P(RegistrationsServiceTest, Reg4ARowInAPaymentApplicationIsKept) {
  const input::Named before = shown(practice_);
  ASSERT_EQ(ledger::attach(sql(), {practice_}, application_id_, kNow), 1);
  Status stale = service::remove(sql(), college_actor_, before, kNow);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().message, "考生「王小二」的报考记录已被他人修改，请刷新后再删除");
  Status refused = service::remove(sql(), college_actor_, shown(practice_), kNow);
  ASSERT_FALSE(refused);
  EXPECT_EQ(http_status(refused.error().kind), 409);
  EXPECT_EQ(refused.error().message,
            "考生「王小二」的报考科目“网店运营推广(实操)”已在缴费申请单中，不能删除；如需删除，请先删除该缴费申请单");
  // A 按证书报考 plan: the theory subject goes only with its level, which the application holds.
  auto batch = service::batch_remove(sql(), college_actor_, {shown(practice_), shown(theory_)}, kNow);
  EXPECT_EQ(batch.done, 0);
  ASSERT_EQ(batch.refused.size(), 2u);
  EXPECT_EQ(batch.refused[0].id, practice_);
  EXPECT_EQ(batch.refused[0].name, "王小二（网店运营推广(实操)）");
  EXPECT_EQ(batch.refused[1].id, theory_);
  EXPECT_EQ(batch.refused[1].reason, refused.error().message);
  EXPECT_TRUE(ledger::find(sql(), practice_));
  EXPECT_TRUE(ledger::find(sql(), theory_));

  // Released with its application, the row may go.
  ledger::release(sql(), application_id_, kNow);
  EXPECT_TRUE(service::remove(sql(), college_actor_, shown(practice_), kNow));
  EXPECT_EQ(ledger::count_for_student(sql(), student_id_), 0);
}

TEST_P(RegistrationsServiceTest, Reg4APaidRowIsKeptAndShowsAsPaid) {
  ASSERT_EQ(ledger::attach(sql(), {practice_, theory_}, application_id_, kNow), 2);
  ledger::mark_paid(sql(), application_id_, kNow);
  ledger::release(sql(), application_id_, kNow);  // paid rows stay in their application
  Status refused = service::remove(sql(), college_actor_, shown(theory_), kNow);
  ASSERT_FALSE(refused);
  // The level goes as a whole (按证书报考): the first of its subjects that holds it says why.
  EXPECT_EQ(refused.error().message, "考生「王小二」的报考科目“网店运营推广(实操)”已缴费，不能删除");

  Filter paid;
  paid.paid = true;
  auto page = service::list(sql(), college_, paid, 1, 20, kNow);
  ASSERT_EQ(page["total"], 2);
  EXPECT_EQ(page["items"][0]["paidName"], "已缴费");
  EXPECT_EQ(page["items"][0]["statusName"], "未排考");
  Filter unpaid;
  unpaid.paid = false;
  EXPECT_EQ(service::list(sql(), college_, unpaid, 1, 20, kNow)["total"], 0);
  // The organisation sees its plan's rows read-only; the college of another plan nothing.
  EXPECT_EQ(service::list(sql(), org_, {}, 1, 20, kNow)["total"], 2);
}

TEST_P(RegistrationsServiceTest, AnAttachedRowIsNoLongerPayable) {
  EXPECT_EQ(ledger::payable(sql(), college_.org_id, plan_id_, cert_id_).size(), 2u);
  ledger::attach(sql(), {practice_}, application_id_, kNow);
  auto left = ledger::payable(sql(), college_.org_id, plan_id_, cert_id_);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, theory_);
  auto page = service::list(sql(), college_, {}, 1, 20, kNow);
  for (const auto& item : page["items"]) {
    EXPECT_EQ(item["inApplication"], item["id"] == practice_);
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, RegistrationsServiceTest, ::testing::ValuesIn(kaowu::testing::engines()));

}  // namespace
}  // namespace kaowu::registrations
