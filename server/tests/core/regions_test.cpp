// 15.5: one region list on the server, one stored form, a 400 that says how to write a region.
#include "core/regions.hpp"

#include <gtest/gtest.h>

namespace kaowu::regions {
namespace {

TEST(
    Regions,
    Item15_5_TheListIsTheWebPickersWithMunicipalitiesRepeatedAndDirectlyGovernedCitiesUnderTheProvince) {
  const auto& provinces = tree();
  ASSERT_EQ(provinces.size(), 31u);
  EXPECT_EQ(provinces.front().name, "北京市");
  ASSERT_EQ(provinces.front().children.size(), 1u);
  EXPECT_EQ(provinces.front().children.front().name, "北京市");
  EXPECT_EQ(provinces.front().children.front().children.size(), 16u);  // 东城区 … 延庆区
  const auto hubei = std::find_if(provinces.begin(), provinces.end(),
                                  [](const Node& n) { return n.name == "湖北省"; });
  ASSERT_NE(hubei, provinces.end());
  const auto xiantao = std::find_if(hubei->children.begin(), hubei->children.end(),
                                    [](const Node& n) { return n.name == "仙桃市"; });
  ASSERT_NE(xiantao, hubei->children.end());
  EXPECT_TRUE(xiantao->children.empty());
  const auto& json = cascader_json();
  EXPECT_EQ(json[0]["value"], "北京市");
  EXPECT_EQ(json[0]["children"][0]["children"][0]["label"], "东城区");
  EXPECT_FALSE(json[0]["children"][0]["children"][0].contains("children"));
}

TEST(Regions, Item15_5_TheStoredFormIsTheNamesJoinedWhicheverWayTheyAreWritten) {
  EXPECT_EQ(canonical("北京市北京市朝阳区"), "北京市北京市朝阳区");
  EXPECT_EQ(canonical("北京市/北京市/朝阳区"), "北京市北京市朝阳区");
  EXPECT_EQ(canonical("北京市朝阳区"), "北京市北京市朝阳区");
  EXPECT_EQ(canonical("浙江省 / 杭州市 / 西湖区"), "浙江省杭州市西湖区");
  EXPECT_EQ(canonical("浙江省、杭州市、西湖区"), "浙江省杭州市西湖区");
  EXPECT_EQ(canonical("湖北省/仙桃市"), "湖北省仙桃市");
  EXPECT_EQ(canonical("吉林省吉林市船营区"), "吉林省吉林市船营区");
  EXPECT_EQ(path("湖北省武汉市洪山区"), (std::vector<std::string>{"湖北省", "武汉市", "洪山区"}));
}

TEST(Regions, Item15_5_AnAddressMustReachADistrictAndNamePlacesOfTheList) {
  EXPECT_EQ(canonical("北京市"), std::nullopt);
  EXPECT_EQ(canonical("浙江省杭州市"), std::nullopt);
  EXPECT_EQ(canonical("浙江省杭州市朝阳区"), std::nullopt);
  EXPECT_EQ(canonical("北京朝阳"), std::nullopt);
  EXPECT_EQ(canonical("浙江省杭州市西湖区文三路"), std::nullopt);
  EXPECT_EQ(canonical(""), std::nullopt);
  // An organisation's 所在地区 may stop at a province or a city.
  EXPECT_EQ(canonical("北京市", Depth::any), "北京市");
  EXPECT_EQ(canonical("浙江省/杭州市", Depth::any), "浙江省杭州市");
  EXPECT_EQ(canonical("北京市海淀区", Depth::any), "北京市北京市海淀区");
  EXPECT_EQ(canonical("火星", Depth::any), std::nullopt);
}

TEST(Regions, Item15_5_ABadRegionIsA400ThatSaysHowToWriteIt) {
  auto bad = check("北京朝阳", "考场地址", "region");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(bad.error().message,
            "考场地址须为 省/市/区 格式，如 浙江省/杭州市/西湖区（直辖市如 "
            "北京市/北京市/朝阳区）；「北京朝阳」不在全国省市区列表中");
  EXPECT_EQ(bad.error().details["field"], "region");
  auto empty = check("  ", "考点地区", "region");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, "请选择考点地区（省/市/区）");
  auto optional = check("", "所在地区", "region", false, Depth::any);
  ASSERT_TRUE(optional);
  EXPECT_EQ(optional.value(), "");
  auto ok = check(" 浙江省/杭州市/西湖区 ", "考点地区", "region");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok.value(), "浙江省杭州市西湖区");
}

}  // namespace
}  // namespace kaowu::regions
