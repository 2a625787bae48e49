#include <algorithm>

#include "schedule/arrange_stages.hpp"

namespace kaowu::schedule::stages {

void Capacity::build(std::size_t segments, const std::vector<int>& site_bits) {
  segments_ = segments;
  bits_ = site_bits;
  offset_.resize(bits_.size() + 1);
  offset_[0] = 0;
  for (std::size_t x = 0; x < bits_.size(); ++x) offset_[x + 1] = offset_[x] + segments_ * masks(x);
  cap_.assign(offset_.back(), 0);
  left_.assign(offset_.back(), 0);
}

void Capacity::add_room(std::size_t site, unsigned mask, std::int64_t seats) {
  const std::size_t n = masks(site);
  for (std::size_t e = 0; e < segments_; ++e) {
    const std::size_t r = row(site, e);
    for (std::size_t m = 1; m < n; ++m) {
      if (!(m & mask)) continue;
      const auto grown = static_cast<std::int32_t>(std::min(kSeatCeiling, cap_[r + m] + seats));
      left_[r + m] += grown - cap_[r + m];
      cap_[r + m] = grown;
    }
  }
}

void Capacity::add_rooms(std::size_t site,
                         const std::vector<std::pair<unsigned, std::int64_t>>& rooms) {
  const std::size_t n = masks(site);
  std::vector<std::int64_t> seats(n, 0);
  for (const auto& [mask, room_seats] : rooms) {
    for (std::size_t m = 1; m < n; ++m) {
      if (m & mask) seats[m] = std::min(kSeatCeiling, seats[m] + room_seats);
    }
  }
  for (std::size_t e = 0; e < segments_; ++e) {
    const std::size_t r = row(site, e);
    for (std::size_t m = 1; m < n; ++m) {
      const auto grown = static_cast<std::int32_t>(std::min(kSeatCeiling, cap_[r + m] + seats[m]));
      left_[r + m] += grown - cap_[r + m];
      cap_[r + m] = grown;
    }
  }
}

void Capacity::take(std::size_t site, std::size_t e, unsigned mask, std::int64_t seats) {
  const std::size_t n = masks(site);
  const std::size_t r = row(site, e);
  const auto taken = static_cast<std::int32_t>(std::min(seats, kSeatCeiling));
  for (std::size_t m = 1; m < n; ++m) {
    if (!(m & mask)) continue;
    cap_[r + m] -= taken;
    left_[r + m] -= taken;
  }
}

std::int64_t Capacity::overload(std::size_t site, std::size_t e) const {
  const std::size_t n = masks(site);
  const std::size_t r = row(site, e);
  std::int64_t worst = 0;
  for (std::size_t m = 1; m < n; ++m)
    worst = std::max<std::int64_t>(worst, -std::int64_t{left_[r + m]});
  return worst;
}

}  // namespace kaowu::schedule::stages
