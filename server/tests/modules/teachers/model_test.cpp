// The form 修改教师资料 (seed 7.1): what each field accepts and the message when it does not.
#include "modules/teachers/model.hpp"

#include <gtest/gtest.h>

namespace kaowu::teachers {
namespace {

std::vector<std::string> row() {
  return {"王老师",
          "110101199003070011",
          "",
          "硕士研究生",
          "机械工程学院",
          "副教授",
          "",
          "13700000501",
          "wang@ustb.edu.cn",
          "数控技术",
          "",
          "北京市海淀区学院路30号"};
}

std::string refusal(std::vector<std::string> cells) {
  Teacher t;
  auto st = from_cells(cells, t);
  return st ? "" : st.error().message;
}

TEST(TeacherForm, AGoodRowGetsTheGenderFromTheIdNumber) {
  Teacher t;
  ASSERT_TRUE(from_cells(row(), t));
  EXPECT_EQ(t.gender, "男");
  EXPECT_EQ(t.department, "机械工程学院");
  EXPECT_EQ(t.phone, "13700000501");
}

TEST(TeacherForm, EachRequiredFieldAndEachLimitSaysWhatToFix) {
  auto with = [](std::size_t i, std::string v) {
    auto r = row();
    r[i] = std::move(v);
    return r;
  };
  EXPECT_EQ(refusal(with(0, "")), "请填写姓名");
  EXPECT_EQ(refusal(with(1, "110101199003070012")), "身份证号校验位不正确，请核对是否抄错");
  EXPECT_EQ(refusal(with(2, "女")), "性别「女」与身份证号不一致（身份证号显示为男）");
  EXPECT_EQ(refusal(with(4, "")), "请填写学院");
  EXPECT_EQ(refusal(with(7, "")), "请填写手机号");
  EXPECT_EQ(refusal(with(7, "1370000050")), "手机号须为 11 位数字");
  EXPECT_EQ(refusal(with(8, "wang.ustb.edu.cn")), "邮箱「wang.ustb.edu.cn」格式不正确");
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "研";
  EXPECT_EQ(refusal(with(9, hundred)), "") << "100 characters are allowed";
  EXPECT_EQ(refusal(with(9, hundred + "究")), "研究方向不能超过 100 个字（当前 101 个字）");
  std::string long_text;
  for (int i = 0; i < 101; ++i) long_text += "成";
  EXPECT_EQ(refusal(with(10, long_text)), "主要成果不能超过 100 个字（当前 101 个字）");
}

TEST(TeacherForm, TheOwnProfileChangesOnlyTheOptionalFields) {
  Teacher t;
  ASSERT_TRUE(from_cells(row(), t));
  ASSERT_TRUE(own_fields_from_json(
      {{"name", "改名"}, {"phone", "13900000000"}, {"title", "教授"}, {"research", "智能制造"}},
      t));
  EXPECT_EQ(t.name, "王老师");
  EXPECT_EQ(t.phone, "13700000501");
  EXPECT_EQ(t.title, "教授");
  EXPECT_EQ(t.research, "智能制造");
}

}  // namespace
}  // namespace kaowu::teachers
