#include "core/rate_limit.hpp"

namespace kaowu {

bool RateLimit::allow(const std::string& key, std::int64_t now_ms) {
  if (max_ <= 0) return true;
  std::lock_guard lock(mutex_);
  // Keys that went quiet are dropped once a window, so the map does not grow with every key seen.
  if (now_ms - last_sweep_ms_ > window_ms_) {
    for (auto it = events_.begin(); it != events_.end();) {
      while (!it->second.empty() && it->second.front() <= now_ms - window_ms_)
        it->second.pop_front();
      it = it->second.empty() ? events_.erase(it) : std::next(it);
    }
    last_sweep_ms_ = now_ms;
  }
  auto& q = events_[key];
  while (!q.empty() && q.front() <= now_ms - window_ms_) q.pop_front();
  if (static_cast<int>(q.size()) >= max_) return false;
  q.push_back(now_ms);
  return true;
}

}  // namespace kaowu
