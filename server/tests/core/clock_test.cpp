#include "core/clock.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace kaowu {
namespace {

TEST(Clock, ParsesChinaStandardTimeAndOffsets) {
  auto t = cst::parse("2021-09-18 08:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, 1631923200);  // 2021-09-18T00:00:00Z
  EXPECT_EQ(cst::parse("2021-09-18T08:00:00+08:00"), t);
  EXPECT_EQ(cst::parse("2021-09-18T00:00:00Z"), t);
  EXPECT_EQ(cst::parse("2021/09/18 08:00:00"), t);
  EXPECT_EQ(cst::parse("2021-09-18"), *t - 8 * 3600);
  EXPECT_EQ(cst::format(*t), "2021-09-18 08:00:00");
  EXPECT_EQ(cst::format_minute(*t), "2021-09-18 08:00");
  EXPECT_EQ(cst::format_with(*t, "%y%m%d"), "210918");
  char buf[22] = "[...................]";
  cst::format_to(*t, buf + 1);
  EXPECT_EQ(std::string(buf), "[2021-09-18 08:00:00]");
  cst::format_to(*t - 8 * 3600 - 1, buf + 1);
  EXPECT_EQ(std::string(buf), "[2021-09-17 23:59:59]");
}

TEST(Clock, RejectsImpossibleDates) {
  EXPECT_FALSE(cst::parse("2021-02-29"));
  EXPECT_TRUE(cst::parse("2020-02-29"));
  EXPECT_FALSE(cst::parse("2021-13-01"));
  EXPECT_FALSE(cst::parse("2021-09-18 24:00"));
  EXPECT_FALSE(cst::parse("18/09/2021"));
  EXPECT_FALSE(cst::parse(""));
}

TEST(Clock, ManualClockIsFrozenUntilToldToRun) {
  ManualClock clock;
  EXPECT_TRUE(clock.manual());
  clock.set(1631923200);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(clock.now(), 1631923200);
  EXPECT_EQ(clock.now_ms(), 1631923200000);
  clock.set(1631923200, true);
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_GE(clock.now_ms(), 1631923200020);
  EXPECT_LT(clock.now_ms(), 1631923205000);
}

TEST(Clock, SystemClockIsNotManual) {
  SystemClock clock;
  EXPECT_FALSE(clock.manual());
  EXPECT_GT(clock.now(), 1700000000);
}

}  // namespace
}  // namespace kaowu

namespace kaowu {
namespace {
// The arithmetic calendar agrees with the C library for every day from 1901 to 2099, at several
// times of day, including the formats with patterns.
TEST(CstFormat, AgreesWithGmtimeAcrossTwoCenturies) {
  for (Timestamp t = -2177452800; t < 4102444800; t += 86400 * 7 + 3671) {
    std::time_t shifted = static_cast<std::time_t>(t + 8 * 3600);
    std::tm tm{};
    gmtime_r(&shifted, &tm);
    char want[32];
    std::strftime(want, sizeof want, "%Y-%m-%d %H:%M:%S", &tm);
    ASSERT_EQ(cst::format(t), want) << t;
    // format_to keeps the last date it wrote: a new day, then the same day again (or the next
    // one, when t is the day's last second).
    char out[19];
    cst::format_to(t, out);
    ASSERT_EQ(std::string(out, 19), want) << t;
    cst::format_to(t + 1, out);
    ASSERT_EQ(std::string(out, 19), cst::format(t + 1)) << t;
    std::strftime(want, sizeof want, "%y%m%d %j %a", &tm);
    ASSERT_EQ(cst::format_with(t, "%y%m%d %j %a"), want) << t;
  }
  // Across midnight and back, and before 1970, on one thread.
  char out[19];
  for (const auto& [t, text] :
       std::vector<std::pair<Timestamp, std::string>>{{1631980799, "2021-09-18 23:59:59"},
                                                      {1631980800, "2021-09-19 00:00:00"},
                                                      {1631980799, "2021-09-18 23:59:59"},
                                                      {-8 * 3600 - 1, "1969-12-31 23:59:59"},
                                                      {-8 * 3600, "1970-01-01 00:00:00"}}) {
    cst::format_to(t, out);
    EXPECT_EQ(std::string(out, 19), text) << t;
  }
  EXPECT_EQ(cst::format_date(1631923200), "2021-09-18");
  EXPECT_EQ(cst::format_minute(1631923200 + 59), "2021-09-18 08:00");
}
}  // namespace
}  // namespace kaowu
