#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kaowu {

//! At most `max` events per key (an account, say) in a sliding window; in memory, per instance.
class RateLimit {
 public:
  RateLimit(int max, std::int64_t window_ms) : max_(max), window_ms_(window_ms) {}
  //! Records an event at `now_ms`; false (and not recorded) when the key is at its limit. A max
  //! of 0 or less means no limit.
  bool allow(const std::string& key, std::int64_t now_ms);

 private:
  int max_;
  std::int64_t window_ms_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<std::int64_t>> events_;
  std::int64_t last_sweep_ms_ = 0;
};

}  // namespace kaowu
