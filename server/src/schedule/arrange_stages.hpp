#pragma once

// Internal to the arranging engine (arrange.cpp and the stage files beside it, and their tests):
// the pieces of state a stage owns, each with its own file.
//   capacity.cpp   seats per site, time segment and set of exam modes (Hall's condition)
//   room_flow.cpp  a slot's demand per mode split over classes of rooms (a small max-flow)
#include <cstdint>
#include <vector>

#include "schedule/model.hpp"

namespace kaowu::schedule::stages {

inline std::size_t z(Index i) {
  return static_cast<std::size_t>(i);
}

//! Calls f(m) for every set m of the `bits` local modes of a site that contains mode bit j.
template <class F>
void for_masks_with(int bits, int j, F&& f) {
  const unsigned full = (1u << bits) - 1;
  const unsigned other = full & ~(1u << j);
  for (unsigned rest = other;; rest = (rest - 1) & other) {
    f(rest | (1u << j));
    if (rest == 0) break;
  }
}

//! Seats per site, time segment and set of the site's exam modes (as bits, at most 8 a site),
//! and the demand placed against them. For a row (site, segment) and a set m, cap holds the seats
//! of the rooms taking at least one mode of m and dem the subjects of a mode in m placed there.
//! By Hall's condition the subjects of a row can be given seats of their modes exactly when
//! dem <= cap for every set, so one more subject of mode bit b fits when dem + 1 <= cap for every
//! set containing b.
class Capacity {
 public:
  //! Rows for `segments` time segments at each site; site x has `site_bits[x]` local modes.
  void build(std::size_t segments, const std::vector<int>& site_bits);
  //! Adds a room of `seats` taking the modes `mask` (local bits) at `site`, in every segment.
  void add_room(std::size_t site, unsigned mask, std::int64_t seats);
  //! Takes `seats` of a room with modes `mask` at `site` during segment `e` (pinned rows).
  void take(std::size_t site, std::size_t e, unsigned mask, std::int64_t seats);

  int bits(std::size_t site) const { return bits_[site]; }
  std::size_t masks(std::size_t site) const { return std::size_t{1} << bits_[site]; }
  //! Where row (site, e) starts in cap() and dem().
  std::size_t row(std::size_t site, std::size_t e) const { return offset_[site] + e * masks(site); }
  std::int64_t cap(std::size_t i) const { return cap_[i]; }
  std::int64_t& dem(std::size_t i) { return dem_[i]; }
  std::int64_t dem(std::size_t i) const { return dem_[i]; }

  //! Whether one more subject of mode bit b fits row (site, e).
  bool fits(std::size_t site, std::size_t e, int b) const {
    if (b < 0) return false;
    const std::size_t r = row(site, e);
    bool ok = true;
    for_masks_with(bits_[site], b, [&](unsigned m) {
      if (dem_[r + m] + 1 > cap_[r + m]) ok = false;
    });
    return ok;
  }
  //! Adds `delta` subjects of mode bit b to row (site, e).
  void add(std::size_t site, std::size_t e, int b, int delta) {
    const std::size_t r = row(site, e);
    for_masks_with(bits_[site], b, [&](unsigned m) { dem_[r + m] += delta; });
  }
  //! The largest excess of demand over seats among the sets of row (site, e); 0 when it fits.
  std::int64_t overload(std::size_t site, std::size_t e) const;

 private:
  std::size_t segments_ = 0;
  std::vector<int> bits_;
  std::vector<std::size_t> offset_;
  std::vector<std::int64_t> cap_, dem_;
};

//! Splits the demand of each mode (bit) of a slot over classes of rooms (rooms taking the same
//! set of modes, `class_masks`, most specialised first) with `residual` seats each: greedily,
//! modes with the fewest seats they could use first, each into the most specialised classes
//! first, then augmenting paths move earlier flow between classes so that what is left finds
//! seats. Returns flow[m * classes + t]; all demand is met whenever Hall's condition holds.
std::vector<std::int64_t> flow_modes_to_classes(const std::vector<unsigned>& class_masks,
                                                std::vector<std::int64_t> residual,
                                                const std::vector<std::int64_t>& demand);

}  // namespace kaowu::schedule::stages
