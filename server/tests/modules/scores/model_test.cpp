#include "modules/scores/model.hpp"

#include <gtest/gtest.h>

namespace kaowu::scores {
namespace {

// 2021-09-19 00:00 to 2021-09-25 18:00 成绩登记, 2021-09-26 00:00 to 2021-10-05 18:00 公示期
// (China time), as Unix seconds.
const Windows kWindows{1631980800, 1632564000, 1632585600, 1633428000};

TEST(Score1, EntryOpensAtTheSecondTheWindowStartsAndClosesAtItsEnd) {
  const auto before = may_write(kWindows, kWindows.score_start - 1, false, false, Via::page);
  ASSERT_FALSE(before);
  EXPECT_EQ(before.error().message,
            "成绩登记时间为 2021-09-19 00:00 至 2021-09-25 18:00，尚未开始，不能登记成绩");
  EXPECT_TRUE(may_write(kWindows, kWindows.score_start, false, false, Via::import));
  EXPECT_TRUE(may_write(kWindows, kWindows.score_end - 1, true, false, Via::import))
      << "inside the window a correction needs no reason";
  const auto closed = may_write(kWindows, kWindows.score_end, false, false, Via::page);
  ASSERT_FALSE(closed);
  EXPECT_NE(closed.error().message.find("成绩登记已于 2021-09-25 18:00 结束"), std::string::npos);
}

TEST(Score2, DuringPublicityAChangeNeedsAReasonAndThePage) {
  const Timestamp t = kWindows.publicity_start;
  EXPECT_EQ(phase(kWindows, t - 1), Phase::closed);
  EXPECT_EQ(phase(kWindows, t), Phase::publicity);
  const auto bare = may_write(kWindows, t, true, false, Via::page);
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().message, "公示期内修改成绩须填写修改原因");
  EXPECT_TRUE(may_write(kWindows, t, true, true, Via::page));
  const auto imported = may_write(kWindows, t, true, true, Via::import);
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().message,
            "公示期内修改成绩须在科目成绩页面逐条填写修改原因，不能通过导入修改");
  const auto missing = may_write(kWindows, t, false, false, Via::import);
  ASSERT_FALSE(missing) << "成绩登记 ended before the 公示期: no new scores";
}

TEST(Score2, WhenTheWindowsOverlapAMissingScoreMayStillBeImportedDuringPublicity) {
  Windows w = kWindows;
  w.score_end = w.publicity_start + 3600;
  EXPECT_TRUE(may_write(w, w.publicity_start, false, false, Via::import));
  EXPECT_FALSE(may_write(w, w.publicity_start, true, false, Via::import));
}

TEST(Score2, FromTheSecondPublicityEndsEveryWriteIsRefused) {
  const Timestamp t = kWindows.publicity_end;
  EXPECT_TRUE(may_write(kWindows, t - 1, true, true, Via::page));
  for (bool existing : {false, true}) {
    for (Via via : {Via::page, Via::import}) {
      const auto st = may_write(kWindows, t, existing, true, via);
      ASSERT_FALSE(st);
      EXPECT_EQ(st.error().message, "公示期已于 2021-10-05 18:00 结束，成绩已锁定，不能再修改");
    }
  }
  EXPECT_EQ(state_code(true, phase(kWindows, t)), "locked");
  EXPECT_EQ(state_code(false, phase(kWindows, t)), "locked");
}

TEST(ScoreMarks, NumbersFromZeroToTheFullMarkWithOneDecimal) {
  EXPECT_EQ(parse_mark("0", 100).value(), 0);
  EXPECT_EQ(parse_mark(" 87.5 ", 100).value(), 875);
  EXPECT_EQ(parse_mark("87.50", 100).value(), 875);
  EXPECT_EQ(parse_mark("100", 100).value(), 1000);
  EXPECT_EQ(parse_mark("50.", 50).value(), 500);
  EXPECT_EQ(parse_mark("100.1", 100).error().message,
            "成绩须为 0 到 100 之间的数，最多一位小数，「100.1」超出满分 100");
  EXPECT_EQ(parse_mark("87.55", 100).error().message,
            "成绩须为 0 到 100 之间的数，最多一位小数，「87.55」的小数多于一位");
  for (const char* bad : {"-1", "八十", "1e2", ".5", "80分"}) {
    EXPECT_FALSE(parse_mark(bad, 100)) << bad;
  }
  EXPECT_EQ(format_mark(875), "87.5");
  EXPECT_EQ(format_mark(900), "90");
  EXPECT_EQ(format_mark(0), "0");
}

TEST(ScoreMarks, AbsentIsYesOrNo) {
  EXPECT_FALSE(parse_absent("").value());
  EXPECT_FALSE(parse_absent("否").value());
  EXPECT_TRUE(parse_absent(" 是 ").value());
  EXPECT_EQ(parse_absent("缺").error().message, "是否缺考须填 是 或 否（不填为否），「缺」不是");
}

}  // namespace
}  // namespace kaowu::scores
