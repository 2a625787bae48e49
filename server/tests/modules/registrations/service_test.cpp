#include "modules/registrations/service.hpp"

#include <gtest/gtest.h>

#include "../../support/builder.hpp"
#include "../../support/test_db.hpp"
#include "modules/plans/repository.hpp"
#include "modules/registrations/ledger.hpp"

namespace kaowu::registrations {
namespace {

constexpr Timestamp kNow = 1630717200;  // 2021-09-04 09:00:00 CST, inside the registration window

//! A certificate organisation with a published plan, a college in it with one student registered
//! by certificate (two subjects), and a payment application of that college to put rows into.
class RegistrationsServiceTest : public testing::SessionDbTest {
 protected:
  void SetUp() override {
    if (!open(kNow)) return;
    testing::Builder make(sql(), kNow);
    org_ = make.org();
    make.account(org_, "org");
    college_ = make.college();
    make.account(college_, "college");
    account_id_ = college_.account_id;
    org_actor_.scope = &org_;
    college_actor_.scope = &college_;
    const auto cert = make.certificate(org_, {{"50000002202", "网店运营推广(实操)", "机考+实操"},
                                              {"50000002203", "网店运营推广(理论)", "机考"}});
    ASSERT_FALSE(HasFailure());
    cert_id_ = cert.id;
    level_id_ = cert.level_id;
    plan_id_ = make.plan(org_, cert, {college_});
    student_id_ = make.student(college_, "110101199003070011");
    const auto added = make.registrations(college_, plan_id_, student_id_, level_id_);
    ASSERT_EQ(added.size(), 2u);
    practice_ = added[0].id;
    theory_ = added[1].id;

    long long college = college_.org_id, plan_id = plan_id_, cert_id = cert_id_, org = org_.org_id,
              account = account_id_, at = kNow;
    sql() << "INSERT INTO payment_applications(number, college_id, plan_id, certificate_id, "
             "org_id, payee_org_id, mode, "
             "head_count, amount_fen, created_by, created_at, updated_at) VALUES('2109049263', :c, "
             ":p, :ce, :o, :o2, "
             "'certificate', 1, 24000, :a, :t, :t2) RETURNING id",
        soci::use(college), soci::use(plan_id), soci::use(cert_id), soci::use(org), soci::use(org),
        soci::use(account), soci::use(at), soci::use(at), soci::into(application_id_);
  }
  //! A registration as the user sees it now: its id and current version.
  input::Named shown(std::int64_t id) {
    int version = 0;
    long long rid = id;
    sql() << "SELECT version FROM registrations WHERE id = :id", soci::use(rid),
        soci::into(version);
    return {id, version};
  }

  Scope org_, college_;
  audit::Actor org_actor_, college_actor_;
  long long account_id_ = 0, application_id_ = 0;
  std::int64_t cert_id_ = 0, plan_id_ = 0, level_id_ = 0, student_id_ = 0, practice_ = 0,
               theory_ = 0;
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
            "考生「王小二」的报考科目“网店运营推广(实操)"
            "”已在缴费申请单中，不能删除；如需删除，请先删除该缴费申请单");
  // A 按证书报考 plan: the theory subject goes only with its level, which the application holds.
  auto batch =
      service::batch_remove(sql(), college_actor_, {shown(practice_), shown(theory_)}, kNow);
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
  EXPECT_EQ(refused.error().message,
            "考生「王小二」的报考科目“网店运营推广(实操)”已缴费，不能删除");

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

INSTANTIATE_TEST_SUITE_P(Engines, RegistrationsServiceTest,
                         ::testing::ValuesIn(kaowu::testing::engines()));

}  // namespace
}  // namespace kaowu::registrations
