#include "modules/rooms/model.hpp"

#include <gtest/gtest.h>

namespace kaowu::rooms {
namespace {

TEST(RoomTypes, ParsedIntoTheFixedOrderWithoutRepeats) {
  auto t = parse_types("机考+实操, 笔试，机考、机考+实操");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t.value(), (std::vector<std::string>{"笔试", "机考", "机考+实操"}));
  EXPECT_EQ(join_types(t.value()), "笔试, 机考, 机考+实操");
  auto single = parse_types(std::vector<std::string>{" 实操 "});
  ASSERT_TRUE(single);
  EXPECT_EQ(join_types(single.value()), "实操");
}

TEST(RoomTypes, UnknownOrMissingTypesAreRefusedWithTheChoices) {
  auto unknown = parse_types("笔试, 面试");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message,
            "考场类型「面试」不正确，可选：笔试、机考、实操、笔试+实操、机考+实操");
  auto none = parse_types(" ,, ");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message, "请选择考场类型");
}

TEST(RoomSeats, WholeNumbersFromOneTo999) {
  EXPECT_EQ(parse_seats("1").value(), 1);
  EXPECT_EQ(parse_seats(" 999 ").value(), 999);
  EXPECT_EQ(parse_seats("20.0").value(), 20) << "a spreadsheet number";
  for (const char* bad : {"0", "1000", "-3", "2.5", "二十", "12345"}) {
    auto r = parse_seats(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().message, "考位数须为 1 到 999 之间的整数") << bad;
  }
  EXPECT_EQ(parse_seats("").error().message, "请填写考位数");
}

TEST(RoomState, DerivedFromArrangementsAndThePlan) {
  const Timestamp end = 1631934000;  // the last exam in the room ends
  EXPECT_EQ(derive_state(false, 0, 0, end), State::unarranged);
  EXPECT_EQ(derive_state(false, 3, end, end - 1), State::arranging);
  EXPECT_EQ(derive_state(false, 3, end, end), State::finished);
  EXPECT_EQ(derive_state(false, 3, end, end + 1), State::finished);
  EXPECT_EQ(derive_state(true, 0, 0, end), State::finished) << "a room of an ended plan";
  EXPECT_STREQ(state_name(State::arranging), "排考中");
  EXPECT_EQ(parse_state("已结束"), State::finished);
  EXPECT_EQ(parse_state("finished"), State::finished);
  EXPECT_FALSE(parse_state("done"));
}

TEST(RoomColumns, ExportHasTheSeedsTenColumnsAndTheTemplateAllButTheState) {
  std::vector<std::string> names;
  for (const auto& c : export_columns()) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"所属考试计划", "所属考场地点", "所属院校", "考场名称",
                                             "考场类型", "考位数", "考场地址", "详细地址",
                                             "本次组织考试的证书", "状态"}));
  ASSERT_EQ(import_columns().size(), 9u);
  Room r;
  r.plan_name = "计划";
  r.types = {"笔试", "机考"};
  r.seats = 10;
  r.state = State::finished;
  const auto cells = export_cells(r);
  EXPECT_EQ(cells[4], "笔试, 机考");
  EXPECT_EQ(cells[5], "10");
  EXPECT_EQ(cells[9], "已结束");
}

}  // namespace
}  // namespace kaowu::rooms
