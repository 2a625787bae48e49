#include "office/cell_value.hpp"

#include <gtest/gtest.h>

namespace kaowu::office {
namespace {

TEST(CellValue, NumbersAreShortestWithoutExponent) {
  EXPECT_EQ(format_number(13812345678.0), "13812345678");
  EXPECT_EQ(format_number(1.38e10), "13800000000");
  EXPECT_EQ(format_number(42.0), "42");
  EXPECT_EQ(format_number(-3.5), "-3.5");
  EXPECT_EQ(format_number(0.1 + 0.2), "0.3");
  EXPECT_EQ(format_number(0.000123), "0.000123");
  EXPECT_EQ(format_number(370682199409063549.0), "370682199409064000");
  EXPECT_EQ(format_number(0.0), "0");
}

TEST(CellValue, IntegerTextKeepsEveryDigit) {
  EXPECT_EQ(format_number_text("370682199409063549"), "370682199409063549");
  EXPECT_EQ(format_number_text("18312340551"), "18312340551");
  EXPECT_EQ(format_number_text("1.8312340551E10"), "18312340551");
  EXPECT_EQ(format_number_text("95.0"), "95");
  EXPECT_EQ(format_number_text("88.5"), "88.5");
  EXPECT_EQ(format_number_text("0.30000000000000004"), "0.3");
}

TEST(CellValue, BuiltinDateFormats) {
  EXPECT_EQ(builtin_format_kind(14), NumberKind::date);
  EXPECT_EQ(builtin_format_kind(22), NumberKind::datetime);
  EXPECT_EQ(builtin_format_kind(20), NumberKind::time);
  EXPECT_EQ(builtin_format_kind(31), NumberKind::date);
  EXPECT_EQ(builtin_format_kind(57), NumberKind::date);
  EXPECT_EQ(builtin_format_kind(32), NumberKind::time);
  EXPECT_EQ(builtin_format_kind(0), NumberKind::number);
  EXPECT_EQ(builtin_format_kind(49), NumberKind::number);
}

TEST(CellValue, CustomFormatCodes) {
  EXPECT_EQ(format_code_kind("yyyy/m/d"), NumberKind::date);
  EXPECT_EQ(format_code_kind("yyyy\"年\"m\"月\"d\"日\""), NumberKind::date);
  EXPECT_EQ(format_code_kind("[$-F800]dddd, mmmm dd, yyyy"), NumberKind::date);
  EXPECT_EQ(format_code_kind("yyyy-mm-dd hh:mm"), NumberKind::datetime);
  EXPECT_EQ(format_code_kind("h:mm AM/PM"), NumberKind::time);
  EXPECT_EQ(format_code_kind("[h]:mm:ss"), NumberKind::time);
  EXPECT_EQ(format_code_kind("0.00"), NumberKind::number);
  EXPECT_EQ(format_code_kind("#,##0.00_);[Red](#,##0.00)"), NumberKind::number);
  EXPECT_EQ(format_code_kind("0.00E+00"), NumberKind::number);
  EXPECT_EQ(format_code_kind("\"day\"0"), NumberKind::number);
  EXPECT_EQ(format_code_kind("General"), NumberKind::number);
  EXPECT_EQ(format_code_kind("@"), NumberKind::number);
}

TEST(CellValue, SerialsBecomeDates) {
  EXPECT_EQ(format_serial(45292, NumberKind::date, false), "2024-01-01");
  EXPECT_EQ(format_serial(45292.5, NumberKind::datetime, false), "2024-01-01 12:00");
  EXPECT_EQ(format_serial(0.375, NumberKind::time, false), "09:00");
  EXPECT_EQ(format_serial(1, NumberKind::date, false), "1900-01-01");
  EXPECT_EQ(format_serial(59, NumberKind::date, false), "1900-02-28");
  EXPECT_EQ(format_serial(60, NumberKind::date, false), "1900-02-29");
  EXPECT_EQ(format_serial(61, NumberKind::date, false), "1900-03-01");
  EXPECT_EQ(format_serial(43830, NumberKind::date, true), "2024-01-01");
  EXPECT_EQ(format_serial(0, NumberKind::date, true), "1904-01-01");
  EXPECT_EQ(format_serial(45292.99999999, NumberKind::datetime, false), "2024-01-02 00:00");
  EXPECT_EQ(format_serial(-1, NumberKind::date, false), std::nullopt);
}

TEST(CellValue, TrimAndHalfwidth) {
  EXPECT_EQ(trim("  张三\t\n"), "张三");
  EXPECT_EQ(trim("\xE3\x80\x80李四\xC2\xA0"), "李四");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(to_halfwidth("１２３ＡＢｃ\xE3\x80\x80－"), "123ABc -");
  EXPECT_EQ(to_halfwidth("身份证号"), "身份证号");
}

TEST(CellValue, Utf8Validation) {
  EXPECT_TRUE(is_utf8("考生编号,abc"));
  EXPECT_FALSE(is_utf8("\xBF\xBC\xC9\xFA"));  // 考生 in GB18030
  EXPECT_FALSE(is_utf8("\xE8\x80"));
  EXPECT_FALSE(is_utf8("\xC0\x80"));
}

}  // namespace
}  // namespace kaowu::office
