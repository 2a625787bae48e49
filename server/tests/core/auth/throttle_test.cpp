#include "core/auth/throttle.hpp"

#include <gtest/gtest.h>

namespace kaowu::throttle {
namespace {

TEST(Throttle, TheFirstFailuresAreFreeThenTheWaitDoublesUpToFifteenMinutes) {
  for (int n = 0; n <= kFreeFailures; ++n) EXPECT_EQ(delay_seconds(n), 0) << n;
  EXPECT_EQ(delay_seconds(5), 30);
  EXPECT_EQ(delay_seconds(6), 60);
  EXPECT_EQ(delay_seconds(7), 120);
  EXPECT_EQ(delay_seconds(9), 480);
  EXPECT_EQ(delay_seconds(10), kMaxDelaySeconds);
  EXPECT_EQ(delay_seconds(200), kMaxDelaySeconds);
  EXPECT_EQ(delay_seconds(1 << 30), kMaxDelaySeconds);
}

TEST(Throttle, FailureKeysAreCutAtSixtyFourCharactersOnACharacterBoundary) {
  EXPECT_EQ(failure_key("admin"), "admin");
  std::string long_name;
  for (int i = 0; i < 100; ++i) long_name += "考";
  const std::string key = failure_key(long_name);
  EXPECT_EQ(key.size(), 64u * 3);
  EXPECT_EQ(key, long_name.substr(0, 64 * 3));
}

}  // namespace
}  // namespace kaowu::throttle
