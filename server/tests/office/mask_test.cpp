#include "office/mask.hpp"

#include <gtest/gtest.h>

namespace kaowu::office {
namespace {

TEST(Mask, IdNumberKeepsSixAndSix) {
  EXPECT_EQ(mask_id_number("370682199409063549"), "370682*****063549");
  EXPECT_EQ(mask_id_number("11010519491231002X"), "110105*****31002X");
  EXPECT_EQ(mask_id_number(""), "");
  EXPECT_EQ(mask_id_number("12345"), "1*****5");
}

TEST(Mask, PhoneKeepsThreeAndFour) {
  EXPECT_EQ(mask_phone("18312340551"), "183****0551");
  EXPECT_EQ(mask_phone(""), "");
  EXPECT_EQ(mask_phone("12345"), "****45");
}

}  // namespace
}  // namespace kaowu::office
