#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kaowu {

//! Counts attempts per key (client IP) in a sliding window; in memory, per instance.
class Throttle {
 public:
  Throttle(int max_attempts, std::int64_t window_ms) : max_(max_attempts), window_ms_(window_ms) {}
  //! Records an attempt at `now_ms`; false when the key is over its limit.
  bool allow(const std::string& key, std::int64_t now_ms);

 private:
  int max_;
  std::int64_t window_ms_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<std::int64_t>> attempts_;
  std::int64_t last_sweep_ms_ = 0;
};

}  // namespace kaowu
