#include "core/input.hpp"

#include <gtest/gtest.h>

namespace kaowu::input {
namespace {

TEST(Utf8, WellFormedTextPassesAndBrokenSequencesDoNot) {
  EXPECT_TRUE(valid_utf8("北京科技大学 abc"));
  EXPECT_TRUE(valid_utf8("\xF0\x9F\x98\x80"));   // U+1F600
  EXPECT_FALSE(valid_utf8("\xFF"));              // never in UTF-8
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));          // overlong "/"
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(valid_utf8("\xE5\x8C"));          // cut short
}

TEST(Utf8, RepairReplacesEachBadByteAndKeepsTheRest) {
  EXPECT_EQ(repair_utf8("Mozilla \xFF\xFE ok"), "Mozilla \xEF\xBF\xBD\xEF\xBF\xBD ok");
  EXPECT_EQ(repair_utf8("考试"), "考试");
  EXPECT_TRUE(valid_utf8(repair_utf8("\xE5\x8C")));
}

TEST(ForbiddenCharacter, ControlsAndBidiOverridesAreNamedWithTheirCodePoint) {
  EXPECT_EQ(forbidden_character(std::string("张\0三", 5), Lines::single), "控制字符 U+0000");
  EXPECT_EQ(forbidden_character("\x1b[31m", Lines::single), "控制字符 U+001B");
  EXPECT_EQ(forbidden_character("a\x7f", Lines::single), "控制字符 U+007F");
  EXPECT_EQ(forbidden_character("a\xC2\x85", Lines::single), "控制字符 U+0085");
  EXPECT_EQ(forbidden_character("\xE2\x80\xAEgpj.exe", Lines::single), "文字方向控制符 U+202E");
  EXPECT_EQ(forbidden_character("\xE2\x81\xA6x\xE2\x81\xA9", Lines::multi),
            "文字方向控制符 U+2066");
  EXPECT_EQ(forbidden_character("北京科技大学（东校区）", Lines::single), "");
}

TEST(ForbiddenCharacter, LineBreaksOnlyInLongText) {
  EXPECT_EQ(forbidden_character("第一行\n第二行", Lines::single), "换行");
  EXPECT_EQ(forbidden_character("第一行\r\n第二行\t备注", Lines::multi), "");
  EXPECT_EQ(forbidden_character("a\tb", Lines::single), "控制字符 U+0009");
}

TEST(Text, TheMessageNamesTheField) {
  auto nul = text({{"name", std::string("甲\0乙", 7)}}, "name", "机构名称", true);
  ASSERT_FALSE(nul);
  EXPECT_EQ(nul.error().message, "机构名称含有不允许的控制字符 U+0000，请删除后重试");
  EXPECT_EQ(nul.error().details["field"], "name");
  auto line = text({{"name", "甲\n乙"}}, "name", "机构名称", true);
  ASSERT_FALSE(line);
  EXPECT_EQ(line.error().message, "机构名称不能换行，请写成一行");
  auto notes = text({{"notes", "甲\n乙"}}, "notes", "备注", false, 500, Lines::multi);
  ASSERT_TRUE(notes);
  EXPECT_EQ(notes.value(), "甲\n乙");
}

}  // namespace
}  // namespace kaowu::input
