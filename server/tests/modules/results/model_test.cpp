#include "modules/results/model.hpp"

#include <gtest/gtest.h>

namespace kaowu::results {
namespace {

SubjectMark mark(std::optional<int> tenths, int pass = 60, int full = 100) {
  SubjectMark m;
  m.full_mark = full;
  m.pass_mark = pass;
  m.entered = true;
  m.tenths = tenths;
  m.absent = !tenths;
  return m;
}

SubjectMark missing() {
  return {};
}

TEST(Res1AllSubjects, PassedOnlyWhenEverySubjectReachesItsPassMark) {
  EXPECT_EQ(decide("all_subjects", std::nullopt, {mark(600), mark(300, 30, 50)}).status, "passed");
  EXPECT_EQ(decide("all_subjects", std::nullopt, {mark(599), mark(500, 30, 50)}).status, "failed");
  EXPECT_EQ(decide("all_subjects", std::nullopt, {mark(1000), mark(std::nullopt)}).status, "failed")
      << "缺考 in one subject fails the level";
  EXPECT_EQ(decide("all_subjects", std::nullopt, {mark(1000), missing()}).status, "failed")
      << "a score never entered counts as 缺考";
}

TEST(Res1AllSubjects, AbsentFromEverySubjectIsAbsent) {
  EXPECT_EQ(decide("all_subjects", std::nullopt, {mark(std::nullopt), missing()}).status, "absent");
  EXPECT_EQ(decide("all_subjects", std::nullopt, {}).status, "absent");
}

TEST(Res1Total, PassedWhenTheMarksAddUpToTheLine) {
  const auto d = decide("total", 90, {mark(500), mark(400, 30, 50)});
  EXPECT_EQ(d.status, "passed") << "no subject line under 总分合格";
  EXPECT_EQ(d.total_tenths, 900);
  EXPECT_EQ(decide("total", 90, {mark(500), mark(399, 30, 50)}).status, "failed");
  EXPECT_EQ(decide("total", 90, {mark(950), mark(std::nullopt)}).status, "passed")
      << "a missed subject scores 0";
  EXPECT_EQ(decide("total", 90, {mark(std::nullopt), mark(std::nullopt)}).status, "absent");
}

TEST(Res1Names, AsTheListsShowThem) {
  EXPECT_STREQ(status_name(""), "考核中");
  EXPECT_STREQ(status_name("passed"), "已通过");
  EXPECT_STREQ(issue_name("signed"), "待站点确认");
  EXPECT_EQ(condition_name("total", 120), "总分≥120");
  EXPECT_EQ(condition_name("all_subjects", std::nullopt), "各科成绩合格");
}

}  // namespace
}  // namespace kaowu::results
