#include "modules/weekly_reports/service.hpp"

#include <gtest/gtest.h>

#include "../../support/builder.hpp"
#include "../../support/test_db.hpp"
#include "modules/organizations/repository.hpp"

namespace kaowu::weekly_reports {
namespace {

Timestamp at(const char* text) {
  return *cst::parse(text);
}

//! 北京教育委员会 with two colleges, 天津市教育委员会 with one; reports written through the
//! service.
class WeeklyReportsTest : public testing::SessionDbTest {
 protected:
  void SetUp() override {
    if (!open(at("2021-09-06 09:00:00"))) return;
    testing::Builder make(sql(), 1);
    province_ = make.province("北京教育委员会");
    province_.display_name = "北京教育委员会审核员";
    other_province_ = make.province("天津市教育委员会");
    ustb_ = make.college("北京科技大学", &province_);
    ncut_ = make.college("北方工业大学", &province_);
    tju_ = make.college("天津大学", &other_province_);
  }

  audit::Actor actor(const Scope& s) { return audit::Actor{&s, "", "127.0.0.1", ""}; }

  Result<Report> write(const Scope& college, Timestamp now, bool submit = false,
                       nlohmann::json extra = {}) {
    nlohmann::json body = {{"progress", college.org_name + "本周完成考场布置"},
                           {"difficulties", "无"},
                           {"submit", submit}};
    if (extra.is_object()) body.update(extra);
    return service::create(sql(), actor(college), body, now);
  }
  void set_cadence(const char* cadence, const char* from, Timestamp now) {
    nlohmann::json body = {{"cadence", cadence}};
    if (from) body["effectiveFrom"] = from;
    auto set = service::set_cadence(sql(), actor(province_), body, now);
    ASSERT_TRUE(set) << set.error().message;
  }

  Scope province_, other_province_, ustb_, ncut_, tju_;
};

TEST_P(WeeklyReportsTest, WR1_OneReportPerCollegeAndWeek) {
  const Timestamp monday = at("2021-09-06 09:00:00");
  auto saved = write(ustb_, monday);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(saved->state, State::draft);
  EXPECT_EQ(saved->period.label, "2021年09月 第二周");
  EXPECT_EQ(saved->college_type, "本科院校");
  EXPECT_EQ(saved->province_name, "北京教育委员会");

  // 提交周报 again in the same week, through the form and through the save itself.
  auto form = service::form(sql(), ustb_, at("2021-09-12 23:59:59"));
  ASSERT_FALSE(form);
  EXPECT_EQ(form.error().message, "本周周报已提交，请勿重复提交");
  auto again = write(ustb_, at("2021-09-12 23:59:59"), true);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  EXPECT_EQ(again.error().message, "本周周报已提交，请勿重复提交");

  // The next week is a new period; another college is not affected.
  auto next = service::form(sql(), ustb_, at("2021-09-13 00:00:00"));
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(next.value()["period"]["label"], "2021年09月 第三周");
  EXPECT_TRUE(write(ncut_, monday));
}

TEST_P(WeeklyReportsTest, WR1_OneReportPerCollegeAndHalfMonth) {
  set_cadence("semimonthly", nullptr, at("2021-09-06 09:00:00"));  // from Monday 13 September
  ASSERT_TRUE(write(ustb_, at("2021-09-13 00:00:00")));
  auto again = write(ustb_, at("2021-09-15 23:59:59"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message, "本期周报已提交，请勿重复提交");
  auto next = write(ustb_, at("2021-09-16 00:00:00"));
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(next->period.label, "2021年09月 下半月");
}

TEST_P(WeeklyReportsTest, WR2_WeeklyReportsSubmitUntilTheLastSecondOfSunday) {
  auto in_time = write(ustb_, at("2021-09-06 09:00:00"));
  ASSERT_TRUE(in_time);
  auto submitted = service::submit(sql(), actor(ustb_), in_time->id, at("2021-09-12 23:59:59"));
  ASSERT_TRUE(submitted) << submitted.error().message;
  EXPECT_EQ(submitted->state, State::pending);

  // Withdrawn after its week it could never be submitted again: it stays with the province.
  auto kept_pending =
      service::withdraw(sql(), actor(ustb_), in_time->id, at("2021-09-13 00:00:00"));
  ASSERT_FALSE(kept_pending);
  EXPECT_EQ(kept_pending.error().message,
            "周报周期「2021年09月 第二周」已结束，撤回后将不能再提交，因此不能撤回");

  auto late = write(ncut_, at("2021-09-06 09:00:00"));
  ASSERT_TRUE(late);
  auto refused = service::submit(sql(), actor(ncut_), late->id, at("2021-09-13 00:00:00"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "提交时间已过，该周报目前不能提交，谢谢");
  // From the form too (编辑 then 提交), and nothing changed.
  auto from_form =
      service::update(sql(), actor(ncut_), late->id,
                      {{"version", late->version}, {"progress", "补填"}, {"submit", true}},
                      at("2021-09-13 00:00:00"));
  ASSERT_FALSE(from_form);
  EXPECT_EQ(from_form.error().message, "提交时间已过，该周报目前不能提交，谢谢");
  auto kept = service::get(sql(), ncut_, late->id);
  EXPECT_EQ(kept->state, State::draft);
  EXPECT_EQ(kept->progress, "北方工业大学本周完成考场布置");
  // Saving a past week is refused as well: it cannot be filled in afterwards.
  auto edit = service::update(sql(), actor(ncut_), late->id,
                              {{"version", late->version}, {"progress", "补填"}},
                              at("2021-09-13 00:00:00"));
  ASSERT_FALSE(edit);
  EXPECT_EQ(edit.error().message, "周报周期「2021年09月 第二周」已结束，不能再填写或修改");
}

TEST_P(WeeklyReportsTest, WR2_ANewReportOpenedInTheLastSecondIsLateInTheNextWeek) {
  auto form = service::form(sql(), tju_, at("2021-09-12 23:59:59"));
  ASSERT_TRUE(form);
  const std::string period = form.value()["period"]["key"];
  EXPECT_EQ(period, "2021-09-06");
  auto late = write(tju_, at("2021-09-13 00:00:00"), true, {{"period", period}});
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().message, "提交时间已过，该周报目前不能提交，谢谢");
  auto now = write(tju_, at("2021-09-12 23:59:59"), true, {{"period", period}});
  ASSERT_TRUE(now) << now.error().message;
  EXPECT_EQ(now->state, State::pending);
}

TEST_P(WeeklyReportsTest, WR2_HalfMonthsSubmitUntilTheLastSecondOfTheFifteenth) {
  set_cadence("semimonthly", nullptr, at("2021-08-30 09:00:00"));  // from Monday 6 September
  auto a = write(ustb_, at("2021-09-07 09:00:00"));
  auto b = write(ncut_, at("2021-09-07 09:00:00"));
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->period.label, "2021年09月 上半月");
  EXPECT_EQ(a->period.start, at("2021-09-06 00:00:00"));
  EXPECT_TRUE(service::submit(sql(), actor(ustb_), a->id, at("2021-09-15 23:59:59")));
  auto late = service::submit(sql(), actor(ncut_), b->id, at("2021-09-16 00:00:00"));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().message, "提交时间已过，该周报目前不能提交，谢谢");
}

TEST_P(WeeklyReportsTest, WR2_AReturnedReportIsResubmittedOnlyWithinItsPeriod) {
  auto r = write(ustb_, at("2021-09-06 09:00:00"), true);
  ASSERT_TRUE(r);
  auto returned = service::review(sql(), actor(province_), r->id, false,
                                  {{"opinion", "请补充困难的具体情况"}}, at("2021-09-10 09:00:00"));
  ASSERT_TRUE(returned) << returned.error().message;
  EXPECT_EQ(returned->state, State::returned);
  auto late = service::submit(sql(), actor(ustb_), r->id, at("2021-09-13 00:00:00"));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().message, "提交时间已过，该周报目前不能提交，谢谢");
  auto again = service::update(
      sql(), actor(ustb_), r->id,
      {{"version", returned->version}, {"difficulties", "考点电脑不足"}, {"submit", true}},
      at("2021-09-12 23:59:59"));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->state, State::pending);
}

TEST_P(WeeklyReportsTest, WR2_ACadenceChangeStartsTheNextPeriodAndKeepsTheCurrentOne) {
  // Wednesday 8 September: the week of the 6th stays a week; half-months start on the 13th.
  const Timestamp wednesday = at("2021-09-08 10:00:00");
  auto early = service::set_cadence(sql(), actor(province_),
                                    {{"cadence", "semimonthly"}, {"effectiveFrom", "2021-09-10"}},
                                    wednesday);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().message,
            "生效日期不能早于 2021-09-13：本期（2021年09月 第二周）及以前的周期不能更改");
  set_cadence("semimonthly", nullptr, wednesday);
  auto cadence = service::cadence(sql(), ustb_, wednesday);
  ASSERT_TRUE(cadence);
  EXPECT_EQ(cadence.value()["cadence"], "weekly");
  EXPECT_EQ(cadence.value()["next"]["label"], "2021年09月 上半月");

  auto week = write(ustb_, wednesday);
  ASSERT_TRUE(week);
  EXPECT_EQ(week->period.label, "2021年09月 第二周");
  // The shortened first half-month runs 13 to 15 September.
  auto half = write(ustb_, at("2021-09-13 00:00:00"));
  ASSERT_TRUE(half) << half.error().message;
  EXPECT_EQ(half->period.label, "2021年09月 上半月");
  EXPECT_EQ(half->period.start, at("2021-09-13 00:00:00"));
  EXPECT_TRUE(service::submit(sql(), actor(ustb_), half->id, at("2021-09-15 23:59:59")));
  auto other = write(ncut_, at("2021-09-15 23:59:59"));
  ASSERT_TRUE(other);
  auto late = service::submit(sql(), actor(ncut_), other->id, at("2021-09-16 00:00:00"));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().message, "提交时间已过，该周报目前不能提交，谢谢");
  // The province of Tianjin has not changed anything: its colleges still report weekly.
  auto tju = write(tju_, at("2021-09-14 00:00:00"));
  ASSERT_TRUE(tju);
  EXPECT_EQ(tju->period.label, "2021年09月 第三周");
  // The overview of the half-month: one submitted, one saved.
  auto overview = service::overview(sql(), province_, "2021-09-13", at("2021-09-16 00:00:00"));
  ASSERT_TRUE(overview) << overview.error().message;
  EXPECT_EQ(overview.value()["counts"]["pending"], 1);
  EXPECT_EQ(overview.value()["counts"]["draft"], 1);
}

TEST_P(WeeklyReportsTest, WR3_WithdrawBeforeReviewReturnWithAnOpinionAndDeleteOnlyDrafts) {
  const Timestamp now = at("2021-09-07 09:00:00");
  auto r = write(ustb_, now, true);
  ASSERT_TRUE(r);
  auto draft = service::remove(sql(), actor(ustb_), {r->id, r->version}, now);
  ASSERT_FALSE(draft);
  EXPECT_EQ(draft.error().message, "周报当前为「待审核」，只有未提交的周报可以删除");
  auto withdrawn = service::withdraw(sql(), actor(ustb_), r->id, now);
  ASSERT_TRUE(withdrawn);
  EXPECT_EQ(withdrawn->state, State::draft);
  EXPECT_FALSE(withdrawn->submitted_at);
  ASSERT_TRUE(service::submit(sql(), actor(ustb_), r->id, now));

  auto no_opinion =
      service::review(sql(), actor(province_), r->id, false, nlohmann::json::object(), now);
  ASSERT_FALSE(no_opinion);
  EXPECT_EQ(no_opinion.error().message, "请填写退回意见");
  // Another province does not see the report at all.
  auto foreign =
      service::review(sql(), actor(other_province_), r->id, true, nlohmann::json::object(), now);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().kind, ErrorKind::not_found);
  EXPECT_EQ(service::get(sql(), ncut_, r->id).error().kind, ErrorKind::not_found);

  ASSERT_TRUE(
      service::review(sql(), actor(province_), r->id, false, {{"opinion", "请补充进展"}}, now));
  auto late_withdraw = service::withdraw(sql(), actor(ustb_), r->id, now);
  ASSERT_FALSE(late_withdraw);
  EXPECT_EQ(late_withdraw.error().message,
            "周报当前为「审核退回」，只有待审核（尚未审核）的周报可以撤回");
  auto returned = service::get(sql(), ustb_, r->id);
  ASSERT_TRUE(service::update(
      sql(), actor(ustb_), r->id,
      {{"version", returned->version}, {"progress", "已补充"}, {"submit", true}}, now));
  auto approved =
      service::review(sql(), actor(province_), r->id, true, nlohmann::json::object(), now);
  ASSERT_TRUE(approved);
  EXPECT_EQ(approved->state, State::approved);
  ASSERT_EQ(approved->reviews.size(), 2u);
  EXPECT_FALSE(approved->reviews[0].approved);
  EXPECT_EQ(approved->reviews[0].opinion, "请补充进展");
  EXPECT_EQ(approved->reviews[0].reviewer_name, "北京教育委员会审核员");
  EXPECT_TRUE(approved->reviews[1].approved);
  auto twice = service::review(sql(), actor(province_), r->id, true, nlohmann::json::object(), now);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().message,
            "北京科技大学「2021年09月 第二周」周报当前为「审核通过」，只有待审核的周报可以审核");
  auto edit = service::update(sql(), actor(ustb_), r->id,
                              {{"version", approved->version}, {"progress", "x"}}, now);
  ASSERT_FALSE(edit);
  EXPECT_EQ(edit.error().message, "周报当前为「审核通过」，只有未提交或审核退回的周报可以编辑");

  // The list's state buttons count under the same filter.
  auto other = write(ncut_, now);
  ASSERT_TRUE(other);
  Filter all;
  auto list = service::list(sql(), province_, all, 1, 20);
  EXPECT_EQ(list["total"], 2);
  EXPECT_EQ(list["counts"]["approved"], 1);
  EXPECT_EQ(list["counts"]["draft"], 1);
  EXPECT_EQ(service::list(sql(), other_province_, all, 1, 20)["total"], 0);
  ASSERT_TRUE(service::remove(sql(), actor(ncut_), {other->id, other->version}, now));
}

TEST_P(WeeklyReportsTest, AttachmentsAreCheckedByContentAndStayWithTheCollegeAndItsProvince) {
  const Timestamp now = at("2021-09-07 09:00:00");
  auto renamed = service::upload(sql(), actor(ustb_), "签章.pdf",
                                 std::string("\x7F"
                                             "ELF\x02\x01\x01\x00",
                                             8),
                                 now);
  ASSERT_FALSE(renamed);
  EXPECT_EQ(renamed.error().kind, ErrorKind::invalid_input);
  auto big = service::upload(sql(), actor(ustb_), "大文件.pdf",
                             "%PDF-" + std::string(Limits::file_bytes, 'x'), now);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().kind, ErrorKind::too_large);
  EXPECT_EQ(big.error().message, "文件「大文件.pdf」超过单个附件 10 MB 的上限，请压缩或拆分后上传");

  auto scan = service::upload(sql(), actor(ustb_), "签章.pdf", "%PDF-1.4 signed", now);
  ASSERT_TRUE(scan) << scan.error().message;
  // Another college cannot attach it to its own report.
  auto stolen =
      write(ncut_, now, false, {{"attachments", {{{"fileId", scan->file_id}, {"kind", "scan"}}}}});
  ASSERT_FALSE(stolen);
  EXPECT_EQ(stolen.error().message, "附件不存在或已失效，请重新上传");
  auto r =
      write(ustb_, now, true, {{"attachments", {{{"fileId", scan->file_id}, {"kind", "scan"}}}}});
  ASSERT_TRUE(r) << r.error().message;
  auto got = service::get(sql(), province_, r->id);
  ASSERT_EQ(got->attachments.size(), 1u);
  EXPECT_EQ(got->attachments[0].name, "签章.pdf");
  EXPECT_EQ(got->attachments[0].kind, Kind::scan);

  auto own = service::download(sql(), ustb_, scan->file_id);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->second, "%PDF-1.4 signed");
  EXPECT_TRUE(service::download(sql(), province_, scan->file_id));
  EXPECT_EQ(service::download(sql(), ncut_, scan->file_id).error().kind, ErrorKind::not_found);
  EXPECT_EQ(service::download(sql(), other_province_, scan->file_id).error().kind,
            ErrorKind::not_found);
  EXPECT_EQ(service::download(sql(), tju_, scan->file_id).error().kind, ErrorKind::not_found);

  // An upload no report took up is dropped a day later, at the college's next upload.
  auto left =
      service::upload(sql(), actor(ustb_), "草稿.png", std::string("\x89PNG\r\n\x1A\n", 8), now);
  ASSERT_TRUE(left);
  ASSERT_TRUE(service::upload(sql(), actor(ustb_), "次日.pdf", "%PDF-1.4", now + 86400 - 1));
  EXPECT_TRUE(service::download(sql(), ustb_, left->file_id));
  ASSERT_TRUE(service::upload(sql(), actor(ustb_), "第三天.pdf", "%PDF-1.4", now + 86400 + 1));
  EXPECT_EQ(service::download(sql(), ustb_, left->file_id).error().kind, ErrorKind::not_found);
  EXPECT_TRUE(service::download(sql(), province_, scan->file_id)) << "attached files stay";
}

INSTANTIATE_TEST_SUITE_P(Engines, WeeklyReportsTest,
                         ::testing::ValuesIn(kaowu::testing::engines()));

}  // namespace
}  // namespace kaowu::weekly_reports
