#include "schedule/invigilation.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace kaowu::schedule {

void assign_invigilators(const Instance& in, std::vector<RoomSlot>& room_slots,
                         const std::vector<RoomSlotNeed>& needs, Stats& stats) {
  const std::size_t k = static_cast<std::size_t>(std::max(0, in.invigilators_per_room));
  std::vector<std::vector<Index>> pools(in.certificates.size());
  for (std::size_t i = 0; i < in.invigilators.size(); ++i) {
    for (Index c : in.invigilators[i].certificates)
      pools[static_cast<std::size_t>(c)].push_back(static_cast<Index>(i));
  }
  // What the search looks at for each invigilator, in flat arrays (college, certificates) rather
  // than through each person's record: a large batch has tens of thousands of invigilators,
  // looked at again for every room-slot.
  std::vector<Index> college(in.invigilators.size());
  std::vector<std::size_t> cert_start(in.invigilators.size() + 1, 0);
  std::vector<Index> certs;
  for (std::size_t i = 0; i < in.invigilators.size(); ++i) {
    college[i] = in.invigilators[i].college;
    certs.insert(certs.end(), in.invigilators[i].certificates.begin(),
                 in.invigilators[i].certificates.end());
    cert_start[i + 1] = certs.size();
  }
  std::vector<std::size_t> cursor(pools.size(), 0);
  std::vector<Index> exhausted_at(pools.size(), -1);
  // Room-slots are staffed in order of start, so an invigilator is busy during a slot exactly when
  // one of the slots already given to them ends after it starts: the latest such end is enough.
  std::vector<std::int64_t> busy_until(in.invigilators.size(),
                                       std::numeric_limits<std::int64_t>::min());
  std::vector<std::int64_t> load(in.invigilators.size(), 0);

  std::vector<std::size_t> order(room_slots.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Slot& x = in.slots[static_cast<std::size_t>(room_slots[a].slot)];
    const Slot& y = in.slots[static_cast<std::size_t>(room_slots[b].slot)];
    if (x.start != y.start) return x.start < y.start;
    if (x.end != y.end) return x.end < y.end;
    if (room_slots[a].slot != room_slots[b].slot) return room_slots[a].slot < room_slots[b].slot;
    return room_slots[a].room < room_slots[b].room;
  });

  auto is_busy = [&](Index inv, const Slot& slot) {
    return busy_until[static_cast<std::size_t>(inv)] > slot.start;
  };

  std::vector<Index> chosen, fallback;
  for (std::size_t idx : order) {
    RoomSlot& rs = room_slots[idx];
    const RoomSlotNeed& need = needs[idx];
    const Slot& slot = in.slots[static_cast<std::size_t>(rs.slot)];
    rs.invigilators.clear();
    chosen.clear();
    fallback.clear();
    if (k > 0 && !need.certificates.empty()) {
      Index pool_cert = need.certificates.front();
      for (Index c : need.certificates) {
        if (pools[static_cast<std::size_t>(c)].size() <
            pools[static_cast<std::size_t>(pool_cert)].size())
          pool_cert = c;
      }
      const auto& pool = pools[static_cast<std::size_t>(pool_cert)];
      const bool single = need.certificates.size() == 1;
      if (!pool.empty() &&
          !(single && exhausted_at[static_cast<std::size_t>(pool_cert)] == rs.slot)) {
        std::size_t& cur = cursor[static_cast<std::size_t>(pool_cert)];
        std::size_t stop_at = cur;
        bool full_scan = true;
        for (std::size_t step = 0; step < pool.size(); ++step) {
          const std::size_t pos = (cur + step) % pool.size();
          const Index inv = pool[pos];
          const std::size_t person = static_cast<std::size_t>(inv);
          const auto held_begin = certs.begin() + static_cast<std::ptrdiff_t>(cert_start[person]);
          const auto held_end = certs.begin() + static_cast<std::ptrdiff_t>(cert_start[person + 1]);
          bool certified =
              true;  // the pool holds those certified for pool_cert: only the others are looked up
          for (Index c : need.certificates) {
            if (c == pool_cert) continue;
            if (!std::binary_search(held_begin, held_end, c)) {
              certified = false;
              break;
            }
          }
          if (!certified || is_busy(inv, slot)) continue;
          if (need.majority_college >= 0 && college[person] == need.majority_college) {
            if (fallback.size() < k) fallback.push_back(inv);
            continue;
          }
          chosen.push_back(inv);
          if (chosen.size() == k) {
            stop_at = (pos + 1) % pool.size();
            full_scan = false;
            break;
          }
        }
        if (full_scan && chosen.empty() && fallback.empty() && single) {
          exhausted_at[static_cast<std::size_t>(pool_cert)] = rs.slot;
        }
        cur = stop_at;
        for (std::size_t i = 0; chosen.size() < k && i < fallback.size(); ++i) {
          chosen.push_back(fallback[i]);
          ++stats.own_college_assignments;
        }
      }
    }
    for (Index inv : chosen) {
      busy_until[static_cast<std::size_t>(inv)] =
          std::max(busy_until[static_cast<std::size_t>(inv)], slot.end);
      ++load[static_cast<std::size_t>(inv)];
    }
    rs.invigilators = chosen;
    std::sort(rs.invigilators.begin(), rs.invigilators.end(), [&](Index a, Index b) {
      return in.invigilators[static_cast<std::size_t>(a)].id <
             in.invigilators[static_cast<std::size_t>(b)].id;
    });
    rs.shortage = static_cast<std::int32_t>(k - chosen.size());
    stats.invigilator_shortage += rs.shortage;
  }

  std::vector<char> used_cert(in.certificates.size(), 0);
  for (const auto& need : needs) {
    for (Index c : need.certificates) used_cert[static_cast<std::size_t>(c)] = 1;
  }
  std::int64_t max_load = 0, min_load = std::numeric_limits<std::int64_t>::max();
  for (std::size_t i = 0; i < in.invigilators.size(); ++i) {
    bool relevant = false;
    for (Index c : in.invigilators[i].certificates)
      relevant = relevant || used_cert[static_cast<std::size_t>(c)];
    if (!relevant) continue;
    max_load = std::max(max_load, load[i]);
    min_load = std::min(min_load, load[i]);
  }
  stats.invigilator_max_load = max_load;
  stats.invigilator_min_load = min_load == std::numeric_limits<std::int64_t>::max() ? 0 : min_load;
}

}  // namespace kaowu::schedule
