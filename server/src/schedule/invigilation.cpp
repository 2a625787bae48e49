#include "schedule/invigilation.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>

namespace kaowu::schedule {

namespace {

inline std::size_t z(Index i) {
  return static_cast<std::size_t>(i);
}

std::uint64_t key_of(Index a, Index b) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) |
         static_cast<std::uint32_t>(b);
}

//! Per person, the intervals in which they cannot take a duty (unavailable, and the duties kept
//! from an earlier run), sorted by start beside the running maximum of their ends: whether an
//! interval hits one is a binary search.
class Blocked {
 public:
  Blocked(const Instance& in, const std::vector<std::vector<Interval>>& kept) {
    start_.assign(in.invigilators.size() + 1, 0);
    std::vector<Interval> list;
    for (std::size_t i = 0; i < in.invigilators.size(); ++i) {
      list = in.invigilators[i].unavailable;
      if (i < kept.size()) list.insert(list.end(), kept[i].begin(), kept[i].end());
      std::sort(list.begin(), list.end(), [](const Interval& a, const Interval& b) {
        return a.start != b.start ? a.start < b.start : a.end < b.end;
      });
      std::int64_t reach = std::numeric_limits<std::int64_t>::min();
      for (const Interval& v : list) {
        reach = std::max(reach, v.end);
        begin_.push_back(v.start);
        reach_.push_back(reach);
      }
      start_[i + 1] = begin_.size();
    }
  }

  bool hits(std::size_t person, std::int64_t start, std::int64_t end) const {
    const std::size_t b = start_[person], e = start_[person + 1];
    if (b == e) return false;
    // The last interval starting before `end`: it or one before it reaches past `start`.
    const auto it = std::lower_bound(begin_.begin() + static_cast<std::ptrdiff_t>(b),
                                     begin_.begin() + static_cast<std::ptrdiff_t>(e), end);
    const std::size_t n = static_cast<std::size_t>(it - begin_.begin());
    return n > b && reach_[n - 1] > start;
  }

 private:
  std::vector<std::size_t> start_;
  std::vector<std::int64_t> begin_, reach_;
};

//! The people of one kind who may serve each certificate, in lists by load: the least busy are
//! looked at first, and among them whoever has waited longest (a person given a duty goes to the
//! end of the next list). A person is in the pool of each certificate they hold; `member` j of
//! person p is entry cert_start[p] + j of the flat arrays, for certificate certs[...].
class Pools {
 public:
  Pools(const Instance& in, StaffKind kind, const std::vector<std::size_t>& cert_start,
        const std::vector<Index>& certs, const std::vector<std::int64_t>& load)
      : cert_start_(cert_start), certs_(certs), load_(load) {
    const std::size_t nodes = certs.size();
    next_.assign(nodes, -1);
    prev_.assign(nodes, -1);
    owner_.assign(nodes, -1);
    size_.assign(in.certificates.size(), 0);
    head_.assign(in.certificates.size(), {});
    tail_.assign(in.certificates.size(), {});
    low_.assign(in.certificates.size(), 0);
    for (std::size_t p = 0; p < in.invigilators.size(); ++p) {
      if (in.invigilators[p].kind != kind) continue;
      for (std::size_t n = cert_start[p]; n < cert_start[p + 1]; ++n) {
        owner_[n] = static_cast<Index>(p);
        ++size_[z(certs[n])];
        append(n, z(load[p]));
      }
    }
  }

  std::size_t size(Index cert) const { return size_[z(cert)]; }

  //! Calls f(person) for the pool of `cert` by load, then by waiting time, until f returns
  //! false; true when the whole pool was looked at.
  template <class F>
  bool scan(Index cert, F&& f) {
    const std::size_t pool = z(cert);
    const auto& head = head_[pool];
    std::size_t& low = low_[pool];
    while (low < head.size() && head[low] < 0) ++low;
    for (std::size_t level = low; level < head.size(); ++level) {
      for (std::int32_t n = head[level]; n >= 0; n = next_[z(n)]) {
        if (!f(owner_[z(n)])) return false;
      }
    }
    return true;
  }

  //! The same over the union of the pools of `certs` (a person in several is seen once, at the
  //! first of them), by load first.
  template <class F>
  bool scan_any(const std::vector<Index>& certs, std::vector<std::uint32_t>& mark,
                std::uint32_t stamp, F&& f) {
    std::size_t top = 0, level = std::numeric_limits<std::size_t>::max();
    for (Index c : certs) {
      const std::size_t pool = z(c);
      std::size_t& low = low_[pool];
      while (low < head_[pool].size() && head_[pool][low] < 0) ++low;
      level = std::min(level, low);
      top = std::max(top, head_[pool].size());
    }
    for (; level < top; ++level) {
      for (Index c : certs) {
        const auto& head = head_[z(c)];
        if (level >= head.size()) continue;
        for (std::int32_t n = head[level]; n >= 0; n = next_[z(n)]) {
          const std::size_t person = z(owner_[z(n)]);
          if (mark[person] == stamp) continue;
          mark[person] = stamp;
          if (!f(owner_[z(n)])) return false;
        }
      }
    }
    return true;
  }

  //! Moves `person`, whose load has just grown by one (in `load`), to the end of the next list
  //! in each of their pools.
  void bump(Index person) {
    const std::size_t p = z(person);
    const std::size_t level = z(static_cast<Index>(load_[p]));
    for (std::size_t n = cert_start_[p]; n < cert_start_[p + 1]; ++n) {
      unlink(n, level - 1);
      append(n, level);
    }
  }

 private:
  void append(std::size_t n, std::size_t level) {
    const std::size_t pool = z(certs_[n]);
    auto& head = head_[pool];
    auto& tail = tail_[pool];
    if (head.size() <= level) {
      head.resize(level + 1, -1);
      tail.resize(level + 1, -1);
    }
    next_[n] = -1;
    prev_[n] = tail[level];
    if (tail[level] >= 0) {
      next_[z(tail[level])] = static_cast<std::int32_t>(n);
    } else {
      head[level] = static_cast<std::int32_t>(n);
    }
    tail[level] = static_cast<std::int32_t>(n);
  }

  void unlink(std::size_t n, std::size_t level) {
    const std::size_t pool = z(certs_[n]);
    if (prev_[n] >= 0) {
      next_[z(prev_[n])] = next_[n];
    } else {
      head_[pool][level] = next_[n];
    }
    if (next_[n] >= 0) {
      prev_[z(next_[n])] = prev_[n];
    } else {
      tail_[pool][level] = prev_[n];
    }
  }

  const std::vector<std::size_t>& cert_start_;
  const std::vector<Index>& certs_;
  const std::vector<std::int64_t>& load_;
  std::vector<std::int32_t> next_, prev_;
  std::vector<Index> owner_;
  std::vector<std::size_t> size_;
  std::vector<std::vector<std::int32_t>> head_, tail_;
  std::vector<std::size_t> low_;
};

//! One duty list (a room-slot or a site-slot) while it is staffed.
struct Staff {
  std::vector<Index>* people;
  std::vector<std::uint8_t>* own;
  std::vector<std::uint8_t>* kept;
};

//! Orders a duty list's people by id, their flags with them.
void sort_by_id(const Instance& in, Staff s) {
  const std::size_t n = s.people->size();
  if (n < 2) return;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return in.invigilators[z((*s.people)[a])].id < in.invigilators[z((*s.people)[b])].id;
  });
  std::vector<Index> people(n);
  std::vector<std::uint8_t> own(n), kept(n);
  for (std::size_t i = 0; i < n; ++i) {
    people[i] = (*s.people)[order[i]];
    own[i] = (*s.own)[order[i]];
    kept[i] = (*s.kept)[order[i]];
  }
  *s.people = std::move(people);
  *s.own = std::move(own);
  *s.kept = std::move(kept);
}

}  // namespace

bool overlaps_any(const std::vector<Interval>& intervals, std::int64_t start, std::int64_t end) {
  for (const Interval& v : intervals) {
    if (v.start < end && start < v.end) return true;
  }
  return false;
}

void assign_invigilators(const Instance& in, std::vector<RoomSlot>& room_slots,
                         const std::vector<RoomSlotNeed>& needs, std::vector<SitePatrol>& patrols,
                         std::vector<RejectedRow>& rejected, Stats& stats) {
  const std::size_t per_room = static_cast<std::size_t>(std::max(0, in.invigilators_per_room));
  const std::size_t per_site = static_cast<std::size_t>(std::max(0, in.patrols_per_site));
  const std::size_t people = in.invigilators.size();
  auto slot_of = [&](Index s) -> const Slot& { return in.slots[z(s)]; };

  // The sites during the slots their rooms are used in, by site then slot start, with the
  // certificates sat there; and for each room-slot its site-slot.
  std::vector<std::size_t> site_order(room_slots.size());
  std::iota(site_order.begin(), site_order.end(), std::size_t{0});
  auto site_of = [&](std::size_t i) { return in.rooms[z(room_slots[i].room)].site; };
  std::sort(site_order.begin(), site_order.end(), [&](std::size_t a, std::size_t b) {
    if (site_of(a) != site_of(b)) return site_of(a) < site_of(b);
    const Slot &x = slot_of(room_slots[a].slot), &y = slot_of(room_slots[b].slot);
    if (x.start != y.start) return x.start < y.start;
    if (x.end != y.end) return x.end < y.end;
    if (room_slots[a].slot != room_slots[b].slot) return room_slots[a].slot < room_slots[b].slot;
    return a < b;
  });
  patrols.clear();
  std::vector<std::vector<Index>> patrol_certs;
  for (std::size_t i : site_order) {
    if (patrols.empty() || patrols.back().site != site_of(i) ||
        patrols.back().slot != room_slots[i].slot) {
      SitePatrol sp;
      sp.site = site_of(i);
      sp.slot = room_slots[i].slot;
      patrols.push_back(std::move(sp));
      patrol_certs.emplace_back();
    }
    auto& certs = patrol_certs.back();
    certs.insert(certs.end(), needs[i].certificates.begin(), needs[i].certificates.end());
  }
  for (auto& certs : patrol_certs) {
    std::sort(certs.begin(), certs.end());
    certs.erase(std::unique(certs.begin(), certs.end()), certs.end());
  }
  stats.patrol_slots = static_cast<std::int64_t>(patrols.size());

  for (auto& rs : room_slots) {
    rs.invigilators.clear();
    rs.own_college.clear();
    rs.kept.clear();
  }

  // What the search looks at for each person, in flat arrays (college, certificates) rather
  // than through each person's record: a large batch has tens of thousands of them, looked at
  // again for every room-slot.
  std::vector<Index> college(people);
  std::vector<std::size_t> cert_start(people + 1, 0);
  std::vector<Index> certs;
  for (std::size_t i = 0; i < people; ++i) {
    college[i] = in.invigilators[i].college;
    certs.insert(certs.end(), in.invigilators[i].certificates.begin(),
                 in.invigilators[i].certificates.end());
    cert_start[i + 1] = certs.size();
  }
  auto holds = [&](std::size_t person, Index c) {
    return std::binary_search(certs.begin() + static_cast<std::ptrdiff_t>(cert_start[person]),
                              certs.begin() + static_cast<std::ptrdiff_t>(cert_start[person + 1]),
                              c);
  };
  auto holds_any = [&](std::size_t person, const std::vector<Index>& wanted) {
    return std::any_of(wanted.begin(), wanted.end(), [&](Index c) { return holds(person, c); });
  };
  auto holds_all = [&](std::size_t person, const std::vector<Index>& wanted) {
    return std::all_of(wanted.begin(), wanted.end(), [&](Index c) { return holds(person, c); });
  };
  auto room_own = [&](std::size_t i, std::size_t person) {
    return std::binary_search(needs[i].colleges.begin(), needs[i].colleges.end(), college[person]);
  };
  auto site_own = [&](const SitePatrol& sp, std::size_t person) {
    const auto& served = in.sites[z(sp.site)].colleges;
    return std::binary_search(served.begin(), served.end(), college[person]);
  };
  std::vector<std::int64_t> load(people, 0);

  // Duties kept from an earlier run, row by row.
  std::vector<std::vector<Interval>> kept_times;
  if (!in.existing_invigilation.empty()) {
    kept_times.resize(people);
    std::vector<std::pair<std::uint64_t, std::size_t>> room_index, site_index;
    for (std::size_t i = 0; i < room_slots.size(); ++i)
      room_index.push_back({key_of(room_slots[i].room, room_slots[i].slot), i});
    for (std::size_t i = 0; i < patrols.size(); ++i)
      site_index.push_back({key_of(patrols[i].site, patrols[i].slot), i});
    std::sort(room_index.begin(), room_index.end());
    std::sort(site_index.begin(), site_index.end());
    auto find = [](const std::vector<std::pair<std::uint64_t, std::size_t>>& index,
                   std::uint64_t key) -> std::ptrdiff_t {
      const auto it = std::lower_bound(index.begin(), index.end(),
                                       std::pair<std::uint64_t, std::size_t>{key, 0});
      return it != index.end() && it->first == key ? static_cast<std::ptrdiff_t>(it->second) : -1;
    };
    for (std::size_t r = 0; r < in.existing_invigilation.size(); ++r) {
      const ExistingDuty& row = in.existing_invigilation[r];
      const bool room = row.room >= 0;
      const std::size_t person = z(row.invigilator);
      const Invigilator& inv = in.invigilators[person];
      const Slot& slot = slot_of(row.slot);
      const std::ptrdiff_t at = room ? find(room_index, key_of(row.room, row.slot))
                                     : find(site_index, key_of(row.site, row.slot));
      const char* reason = nullptr;
      if (at < 0) {
        reason = "slot_unused";
      } else if (inv.kind != (room ? StaffKind::room : StaffKind::patrol)) {
        reason = "wrong_kind";
      } else if (room ? !holds_all(person, needs[z(static_cast<Index>(at))].certificates)
                      : !holds_any(person, patrol_certs[z(static_cast<Index>(at))])) {
        reason = "not_certified";
      } else if (overlaps_any(inv.unavailable, slot.start, slot.end)) {
        reason = "unavailable";
      } else if (overlaps_any(kept_times[person], slot.start, slot.end)) {
        reason = "double_booked";
      } else if ((room ? room_slots[static_cast<std::size_t>(at)].invigilators.size()
                       : patrols[static_cast<std::size_t>(at)].invigilators.size()) >=
                 (room ? per_room : per_site)) {
        reason = "full";
      }
      if (reason) {
        rejected.push_back({static_cast<std::int32_t>(r), reason});
        continue;
      }
      kept_times[person].push_back({slot.start, slot.end});
      ++load[person];
      ++stats.kept_invigilation;
      if (room) {
        RoomSlot& rs = room_slots[static_cast<std::size_t>(at)];
        rs.invigilators.push_back(row.invigilator);
        rs.own_college.push_back(room_own(static_cast<std::size_t>(at), person));
        rs.kept.push_back(1);
      } else {
        SitePatrol& sp = patrols[static_cast<std::size_t>(at)];
        sp.invigilators.push_back(row.invigilator);
        sp.own_college.push_back(site_own(sp, person));
        sp.kept.push_back(1);
      }
    }
  }
  stats.rejected_invigilation = static_cast<std::int64_t>(rejected.size());
  const Blocked blocked(in, kept_times);
  // Duties are given in order of start, so a person is busy with a new duty during a slot exactly
  // when one of those already given to them ends after it starts: the latest such end is enough.
  std::vector<std::int64_t> busy_until(people, std::numeric_limits<std::int64_t>::min());
  auto free_at = [&](std::size_t person, const Slot& slot) {
    return busy_until[person] <= slot.start && !blocked.hits(person, slot.start, slot.end);
  };
  auto by_time = [&](auto& list) {
    std::vector<std::size_t> order(list.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const Slot &x = slot_of(list[a].slot), &y = slot_of(list[b].slot);
      if (x.start != y.start) return x.start < y.start;
      if (x.end != y.end) return x.end < y.end;
      if (list[a].slot != list[b].slot) return list[a].slot < list[b].slot;
      return a < b;
    });
    return order;
  };
  std::vector<Index> chosen, fallback;

  // Room-slots: 监考老师 certified for every certificate of the room; the pool of the rarest
  // one is looked at and the others checked person by person.
  {
    Pools pools(in, StaffKind::room, cert_start, certs, load);
    std::vector<Index> exhausted_at(in.certificates.size(), -1);
    for (std::size_t idx : by_time(room_slots)) {
      RoomSlot& rs = room_slots[idx];
      const RoomSlotNeed& need = needs[idx];
      const Slot& slot = slot_of(rs.slot);
      const std::size_t want = per_room - std::min(per_room, rs.invigilators.size());
      chosen.clear();
      fallback.clear();
      if (want > 0 && !need.certificates.empty()) {
        Index pool_cert = need.certificates.front();
        for (Index c : need.certificates) {
          if (pools.size(c) < pools.size(pool_cert)) pool_cert = c;
        }
        const bool single = need.certificates.size() == 1;
        if (pools.size(pool_cert) > 0 && !(single && exhausted_at[z(pool_cert)] == rs.slot)) {
          const bool whole = pools.scan(pool_cert, [&](Index inv) {
            const std::size_t person = z(inv);
            if (!single) {
              for (Index c : need.certificates) {
                if (c != pool_cert && !holds(person, c)) return true;
              }
            }
            if (!free_at(person, slot)) return true;
            if (room_own(idx, person)) {
              if (fallback.size() < want) fallback.push_back(inv);
              return true;
            }
            chosen.push_back(inv);
            return chosen.size() < want;
          });
          if (whole && chosen.empty() && fallback.empty() && single)
            exhausted_at[z(pool_cert)] = rs.slot;
        }
      }
      for (Index inv : chosen) {
        rs.invigilators.push_back(inv);
        rs.own_college.push_back(0);
        rs.kept.push_back(0);
      }
      for (std::size_t i = 0; rs.invigilators.size() < per_room && i < fallback.size(); ++i) {
        rs.invigilators.push_back(fallback[i]);
        rs.own_college.push_back(1);
        rs.kept.push_back(0);
        chosen.push_back(fallback[i]);
      }
      for (Index inv : chosen) {
        busy_until[z(inv)] = std::max(busy_until[z(inv)], slot.end);
        ++load[z(inv)];
        pools.bump(inv);
      }
    }
  }

  // Site-slots: 巡考老师 certified for at least one certificate sat there.
  {
    Pools pools(in, StaffKind::patrol, cert_start, certs, load);
    std::vector<std::uint32_t> mark(people, 0);
    std::uint32_t stamp = 0;
    for (std::size_t idx : by_time(patrols)) {
      SitePatrol& sp = patrols[idx];
      const Slot& slot = slot_of(sp.slot);
      const std::size_t want = per_site - std::min(per_site, sp.invigilators.size());
      chosen.clear();
      fallback.clear();
      if (want > 0) {
        pools.scan_any(patrol_certs[idx], mark, ++stamp, [&](Index inv) {
          const std::size_t person = z(inv);
          if (!free_at(person, slot)) return true;
          if (site_own(sp, person)) {
            if (fallback.size() < want) fallback.push_back(inv);
            return true;
          }
          chosen.push_back(inv);
          return chosen.size() < want;
        });
      }
      for (Index inv : chosen) {
        sp.invigilators.push_back(inv);
        sp.own_college.push_back(0);
        sp.kept.push_back(0);
      }
      for (std::size_t i = 0; sp.invigilators.size() < per_site && i < fallback.size(); ++i) {
        sp.invigilators.push_back(fallback[i]);
        sp.own_college.push_back(1);
        sp.kept.push_back(0);
        chosen.push_back(fallback[i]);
      }
      for (Index inv : chosen) {
        busy_until[z(inv)] = std::max(busy_until[z(inv)], slot.end);
        ++load[z(inv)];
        pools.bump(inv);
      }
    }
  }

  for (auto& rs : room_slots) {
    sort_by_id(in, {&rs.invigilators, &rs.own_college, &rs.kept});
    rs.shortage = static_cast<std::int32_t>(per_room - std::min(per_room, rs.invigilators.size()));
    stats.invigilator_shortage += rs.shortage;
    for (std::uint8_t f : rs.own_college) stats.own_college_assignments += f;
  }
  for (auto& sp : patrols) {
    sort_by_id(in, {&sp.invigilators, &sp.own_college, &sp.kept});
    sp.shortage = static_cast<std::int32_t>(per_site - std::min(per_site, sp.invigilators.size()));
    stats.patrol_shortage += sp.shortage;
    for (std::uint8_t f : sp.own_college) stats.own_college_patrols += f;
  }

  // Loads over the people who could have served: certified for a certificate sat in a used
  // room-slot (every room-slot has a site-slot, so the same certificates for patrols).
  std::vector<char> used_cert(in.certificates.size(), 0);
  for (const auto& need : needs) {
    for (Index c : need.certificates) used_cert[z(c)] = 1;
  }
  std::int64_t max_load[2] = {0, 0};
  std::int64_t min_load[2] = {std::numeric_limits<std::int64_t>::max(),
                              std::numeric_limits<std::int64_t>::max()};
  for (std::size_t i = 0; i < people; ++i) {
    bool relevant = false;
    for (std::size_t n = cert_start[i]; n < cert_start[i + 1]; ++n)
      relevant = relevant || used_cert[z(certs[n])];
    if (!relevant) continue;
    const std::size_t k = in.invigilators[i].kind == StaffKind::room ? 0 : 1;
    max_load[k] = std::max(max_load[k], load[i]);
    min_load[k] = std::min(min_load[k], load[i]);
  }
  auto low = [](std::int64_t v) { return v == std::numeric_limits<std::int64_t>::max() ? 0 : v; };
  stats.invigilator_max_load = max_load[0];
  stats.invigilator_min_load = low(min_load[0]);
  stats.patrol_max_load = max_load[1];
  stats.patrol_min_load = low(min_load[1]);
}

}  // namespace kaowu::schedule
