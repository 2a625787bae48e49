#include "core/auth/throttle.hpp"

#include <algorithm>

namespace kaowu::throttle {

std::int64_t delay_seconds(int failures) {
  if (failures <= kFreeFailures) return 0;
  const int doublings = std::min(failures - kFreeFailures - 1, 10);
  return std::min<std::int64_t>(std::int64_t{30} << doublings, kMaxDelaySeconds);
}

std::string failure_key(const std::string& username) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < username.size(); ++i) {
    if ((static_cast<unsigned char>(username[i]) & 0xC0) != 0x80 && ++points > 64) {
      return username.substr(0, i);
    }
  }
  return username;
}

}  // namespace kaowu::throttle
