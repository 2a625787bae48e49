#include "modules/registrations/model.hpp"

#include <gtest/gtest.h>

namespace kaowu::registrations {
namespace {

TEST(RegistrationStatus, Reg1FollowsTheSlotToTheSecond) {
  const Placement p{1, "北京科技大学考核站点", "2021091800010100000010004", 1631923200, 1631926800};
  EXPECT_EQ(status_of(std::nullopt, 1631923200), "unarranged");
  EXPECT_EQ(status_of(p, 1631923199), "waiting");
  EXPECT_EQ(status_of(p, 1631923200), "ongoing");
  EXPECT_EQ(status_of(p, 1631926799), "ongoing");
  EXPECT_EQ(status_of(p, 1631926800), "finished");
  EXPECT_STREQ(status_name("unarranged"), "未排考");
  EXPECT_STREQ(status_name("waiting"), "待考试");
  EXPECT_STREQ(status_name("ongoing"), "考试中");
  EXPECT_STREQ(status_name("finished"), "已结束");
}

TEST(RegistrationWindow, Reg2OpensAtTheStartAndClosesAtTheEnd) {
  plans::Plan plan;
  plan.status = "published";
  plan.windows.registration_start = 1000;
  plan.windows.registration_end = 2000;
  EXPECT_FALSE(open_for_registration(plan, 999));
  EXPECT_TRUE(open_for_registration(plan, 1000));
  EXPECT_TRUE(open_for_registration(plan, 1999));
  EXPECT_FALSE(open_for_registration(plan, 2000));
  plan.status = "cancelled";
  EXPECT_FALSE(open_for_registration(plan, 1500));
}

TEST(SubjectCell, SplitsOnChineseAndLatinSeparators) {
  EXPECT_EQ(split_names("50000002202、网店运营推广(理论)"),
            (std::vector<std::string>{"50000002202", "网店运营推广(理论)"}));
  EXPECT_EQ(split_names(" A , B，C;D；E\nF "),
            (std::vector<std::string>{"A", "B", "C", "D", "E", "F"}));
  EXPECT_TRUE(split_names(" 、, ").empty());
}

}  // namespace
}  // namespace kaowu::registrations
