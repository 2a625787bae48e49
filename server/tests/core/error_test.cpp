#include "core/error.hpp"

#include <gtest/gtest.h>

namespace kaowu {
namespace {

TEST(Error, EveryKindMapsToItsStatus) {
  EXPECT_EQ(http_status(ErrorKind::invalid_input), 400);
  EXPECT_EQ(http_status(ErrorKind::unauthenticated), 401);
  EXPECT_EQ(http_status(ErrorKind::forbidden), 403);
  EXPECT_EQ(http_status(ErrorKind::not_found), 404);
  EXPECT_EQ(http_status(ErrorKind::conflict), 409);
  EXPECT_EQ(http_status(ErrorKind::too_large), 413);
  EXPECT_EQ(http_status(ErrorKind::too_many_requests), 429);
  EXPECT_EQ(http_status(ErrorKind::unavailable), 503);
  EXPECT_EQ(http_status(ErrorKind::internal), 500);
}

TEST(Error, BodyHasCodeMessageAndDetails) {
  auto body = error_body(err::conflict("考场名称已存在", {{"field", "name"}}));
  EXPECT_EQ(body["error"]["code"], "conflict");
  EXPECT_EQ(body["error"]["message"], "考场名称已存在");
  EXPECT_EQ(body["error"]["details"]["field"], "name");
  auto specific = error_body(err::make(ErrorKind::unauthenticated, "账号已锁定", "account_locked"));
  EXPECT_EQ(specific["error"]["code"], "account_locked");
  EXPECT_TRUE(specific["error"]["details"].is_object());
}

Result<int> half(int v) {
  if (v % 2) return err::invalid("必须是偶数");
  return v / 2;
}

Result<int> quarter(int v) {
  int h = TRY(half(v));
  return TRY(half(h));
}

TEST(Error, TryPropagatesTheFirstError) {
  EXPECT_EQ(quarter(8).value(), 2);
  auto r = quarter(6);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "必须是偶数");
  Status ok;
  EXPECT_TRUE(ok);
}

}  // namespace
}  // namespace kaowu
