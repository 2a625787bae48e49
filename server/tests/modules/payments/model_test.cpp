#include "modules/payments/model.hpp"

#include <gtest/gtest.h>

namespace kaowu::payments {
namespace {

TEST(AmountInWords, WholeYuanEndsWithZheng) {
  EXPECT_EQ(amount_in_words(12000), "壹佰贰拾元整");
  EXPECT_EQ(amount_in_words(100), "壹元整");
  EXPECT_EQ(amount_in_words(1000000), "壹万元整");
  EXPECT_EQ(amount_in_words(0), "零元整");
}

TEST(AmountInWords, ZerosInsideReadAsOneLing) {
  EXPECT_EQ(amount_in_words(100500), "壹仟零伍元整");
  EXPECT_EQ(amount_in_words(1000100), "壹万零壹元整");
  EXPECT_EQ(amount_in_words(10010000), "壹拾万零壹佰元整");
  EXPECT_EQ(amount_in_words(12345678900), "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整");
  EXPECT_EQ(amount_in_words(10000000000), "壹亿元整");
  EXPECT_EQ(amount_in_words(10000010000), "壹亿零壹佰元整");
}

TEST(AmountInWords, JiaoAndFen) {
  EXPECT_EQ(amount_in_words(1250), "壹拾贰元伍角整");
  EXPECT_EQ(amount_in_words(1205), "壹拾贰元零伍分");
  EXPECT_EQ(amount_in_words(1234), "壹拾贰元叁角肆分");
  EXPECT_EQ(amount_in_words(5), "伍分");
  EXPECT_EQ(amount_in_words(50), "伍角整");
}

TEST(PaymentExport, ColumnsFollowTheSeed) {
  std::vector<std::string> names;
  for (const auto& c : export_columns()) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"缴费单号", "缴费院校", "缴费人数", "申请时间",
                                             "收费对象", "缴费方式", "缴费状态"}));
  Application a;
  a.number = "2109159263";
  a.college_name = "北京科技大学";
  a.head_count = 4;
  a.created_at = 1631687700;  // 2021-09-15 14:35 CST
  a.payee_name = "中联集团教育科技有限公司";
  a.mode = "subject";
  EXPECT_EQ(export_cells(a),
            (std::vector<std::string>{"2109159263", "北京科技大学", "4", "2021-09-15 14:35:00",
                                      "中联集团教育科技有限公司", "按科目缴费", "待确认"}));
}

}  // namespace
}  // namespace kaowu::payments
