#include "modules/weekly_reports/model.hpp"

#include <gtest/gtest.h>

namespace kaowu::weekly_reports {
namespace {

Timestamp at(const char* text) {
  return *cst::parse(text);
}

TEST(WeeklyPeriods, AWeekBelongsToTheMonthOfItsThursday) {
  // The seed's 「2021年09月 第二周」 is 6 to 12 September.
  Period p = natural_period(Cadence::weekly, at("2021-09-08 12:00:00"));
  EXPECT_EQ(p.label, "2021年09月 第二周");
  EXPECT_EQ(p.start, at("2021-09-06 00:00:00"));
  EXPECT_EQ(p.end, at("2021-09-13 00:00:00"));
  // 30 August to 5 September: its Thursday is 2 September.
  EXPECT_EQ(natural_period(Cadence::weekly, at("2021-08-31 09:00:00")).label, "2021年09月 第一周");
  // 27 September to 3 October: Thursday 30 September, the month's fifth week.
  EXPECT_EQ(natural_period(Cadence::weekly, at("2021-10-03 23:59:59")).label, "2021年09月 第五周");
  // 25 to 31 October 2021 has its Thursday on the 28th; 1 November 2021 is a Monday.
  EXPECT_EQ(natural_period(Cadence::weekly, at("2021-10-31 23:59:59")).label, "2021年10月 第四周");
  EXPECT_EQ(natural_period(Cadence::weekly, at("2021-11-01 00:00:00")).label, "2021年11月 第一周");
  // The Beijing midnight is the edge, not UTC's: Sunday 23:59:59 and Monday 00:00:00.
  EXPECT_EQ(natural_period(Cadence::weekly, at("2021-09-12 23:59:59")).label, "2021年09月 第二周");
  EXPECT_EQ(natural_period(Cadence::weekly, at("2021-09-13 00:00:00")).label, "2021年09月 第三周");
}

TEST(WeeklyPeriods, HalfMonthsSplitAfterTheFifteenth) {
  Period first = natural_period(Cadence::semimonthly, at("2021-09-15 23:59:59"));
  EXPECT_EQ(first.label, "2021年09月 上半月");
  EXPECT_EQ(first.start, at("2021-09-01 00:00:00"));
  EXPECT_EQ(first.end, at("2021-09-16 00:00:00"));
  Period second = natural_period(Cadence::semimonthly, at("2021-09-16 00:00:00"));
  EXPECT_EQ(second.label, "2021年09月 下半月");
  EXPECT_EQ(second.end, at("2021-10-01 00:00:00"));
  EXPECT_EQ(natural_period(Cadence::semimonthly, at("2024-02-29 12:00:00")).end,
            at("2024-03-01 00:00:00"));
  EXPECT_EQ(natural_period(Cadence::semimonthly, at("2021-12-31 23:59:59")).end,
            at("2022-01-01 00:00:00"));
}

TEST(WeeklyPeriods, ACadenceChangeCutsThePeriodsAtItsDate) {
  const std::vector<CadenceChange> schedule = {{Cadence::semimonthly, at("2021-09-13 00:00:00")},
                                               {Cadence::weekly, at("2021-10-01 00:00:00")}};
  EXPECT_EQ(period_at(schedule, at("2021-09-12 23:59:59")).label, "2021年09月 第二周");
  Period cut = period_at(schedule, at("2021-09-13 00:00:00"));
  EXPECT_EQ(cut.label, "2021年09月 上半月");
  EXPECT_EQ(cut.start, at("2021-09-13 00:00:00"));
  EXPECT_EQ(cut.end, at("2021-09-16 00:00:00"));
  // Back to weeks on Friday 1 October: the week of 27 September ends early for nobody, the new
  // period runs from the 1st to Sunday the 3rd.
  Period back = period_at(schedule, at("2021-10-02 10:00:00"));
  EXPECT_EQ(back.label, "2021年09月 第五周");
  EXPECT_EQ(back.start, at("2021-10-01 00:00:00"));
  EXPECT_EQ(back.end, at("2021-10-04 00:00:00"));
  const auto list = periods_between(schedule, at("2021-09-06 00:00:00"), at("2021-10-05 00:00:00"));
  std::vector<std::string> labels;
  for (const auto& p : list) labels.push_back(p.label + "@" + period_key(p));
  EXPECT_EQ(labels, (std::vector<std::string>{
                        "2021年09月 第二周@2021-09-06", "2021年09月 上半月@2021-09-13",
                        "2021年09月 下半月@2021-09-16", "2021年09月 第五周@2021-10-01",
                        "2021年10月 第一周@2021-10-04"}));
}

TEST(WeeklyAttachments, TheBytesMustBeWhatTheNameSays) {
  EXPECT_EQ(sniff("周报.pdf", "%PDF-1.7\n").value(), "application/pdf");
  EXPECT_EQ(sniff("盖章.JPG", std::string_view("\xFF\xD8\xFF\xE0", 4)).value(), "image/jpeg");
  EXPECT_TRUE(sniff("资料.docx", std::string_view("PK\x03\x04", 4)));
  EXPECT_TRUE(sniff("旧表.xls", std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)));
  auto elf = sniff("周报.pdf", std::string_view("\x7F"
                                                "ELF\x02\x01\x01",
                                                7));
  ASSERT_FALSE(elf);
  EXPECT_EQ(elf.error().message,
            "文件「周报.pdf」的内容不是PDF，可能是改了扩展名的其他文件，请上传真实的 "
            "pdf、jpg、png、doc、docx、xls、xlsx 或 zip 文件");
  auto exe = sniff("setup.exe", "MZ");
  ASSERT_FALSE(exe);
  EXPECT_EQ(
      exe.error().message,
      "文件「setup.exe」的类型不允许上传，只能上传 pdf、jpg、png、doc、docx、xls、xlsx、zip 文件");
}

}  // namespace
}  // namespace kaowu::weekly_reports
