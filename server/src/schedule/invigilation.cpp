#include "schedule/invigilation.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <queue>
#include <tuple>

namespace kaowu::schedule {

namespace {

inline std::size_t z(Index i) {
  return static_cast<std::size_t>(i);
}

std::uint64_t key_of(Index a, Index b) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) |
         static_cast<std::uint32_t>(b);
}

//! What the search reads of a person for each look, side by side: one cache line per look
//! rather than one per array (a large batch has tens of thousands of people, looked at again for
//! every room-slot).
struct Hot {
  std::int64_t busy_until = std::numeric_limits<std::int64_t>::min();  //!< end of the latest duty
  std::int32_t load = 0;                                               //!< duties so far
  Index college = -1;
  std::uint32_t blocked_begin = 0, blocked_end = 0;  //!< the person's entries in Blocked
  std::uint64_t id_key = 0;  //!< the first eight bytes of the id, ordered as the ids are
};

//! The first eight bytes of `id` as a number that orders as the strings do (bytes compared
//! unsigned, a shorter string padded with zeros).
std::uint64_t id_key(const std::string& id) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i)
    v = v << 8 | (i < id.size() ? static_cast<unsigned char>(id[i]) : 0u);
  return v;
}

//! The intervals in which people cannot take a duty (unavailable, and the duties kept from an
//! earlier run), per person sorted by start beside the running maximum of their ends: whether an
//! interval hits one is a binary search.
class Blocked {
 public:
  Blocked(const Instance& in, const std::vector<std::vector<Interval>>& kept,
          std::vector<Hot>& hot) {
    std::vector<Interval> list;
    for (std::size_t i = 0; i < in.invigilators.size(); ++i) {
      hot[i].blocked_begin = static_cast<std::uint32_t>(begin_.size());
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
      hot[i].blocked_end = static_cast<std::uint32_t>(begin_.size());
    }
  }

  bool hits(const Hot& h, std::int64_t start, std::int64_t end) const {
    if (h.blocked_begin == h.blocked_end) return false;
    // The last interval starting before `end`: it or one before it reaches past `start`.
    const auto first = begin_.begin() + h.blocked_begin;
    const auto it = std::lower_bound(first, begin_.begin() + h.blocked_end, end);
    return it != first && reach_[static_cast<std::size_t>(it - begin_.begin()) - 1] > start;
  }

 private:
  std::vector<std::int64_t> begin_, reach_;
};

//! Indices 0..n-1 ordered by key(i) (below `keys`), equal keys in index order (counting sort).
template <class Key>
std::vector<std::size_t> counting_order(const std::vector<std::size_t>& items, std::size_t keys,
                                        Key&& key) {
  std::vector<std::size_t> start(keys + 1, 0), out(items.size());
  for (std::size_t i : items) ++start[key(i) + 1];
  for (std::size_t k = 0; k < keys; ++k) start[k + 1] += start[k];
  for (std::size_t i : items) out[start[key(i)]++] = i;
  return out;
}

//! The people of one kind who may serve each certificate, in lists by load: the least busy are
//! looked at first, and among them whoever has waited longest (a person given a duty is added to
//! the end of the next list). A person is in the pool of each certificate they hold. Lists only
//! grow: an entry whose person has since been given a duty is stale and skipped (loads only
//! grow, so it stays stale), and stale entries at the front of a list are passed for good.
class Pools {
 public:
  //! `wanted`: per certificate, whether any duty asks for it (the others are never looked at).
  Pools(const Instance& in, StaffKind kind, const std::vector<std::size_t>& cert_start,
        const std::vector<Index>& certs, const std::vector<Hot>& hot,
        const std::vector<char>& wanted)
      : cert_start_(cert_start), certs_(certs), hot_(hot), wanted_(wanted) {
    size_.assign(in.certificates.size(), 0);
    lists_.assign(in.certificates.size(), {});
    for (std::size_t p = 0; p < in.invigilators.size(); ++p) {
      if (in.invigilators[p].kind != kind) continue;
      for (std::size_t n = cert_start[p]; n < cert_start[p + 1]; ++n) {
        ++size_[z(certs[n])];
        if (wanted[z(certs[n])]) add(z(certs[n]), static_cast<Index>(p));
      }
    }
  }

  std::size_t size(Index cert) const { return size_[z(cert)]; }

  //! Calls f(person) for the pool of `cert` by load, then by waiting time, until f returns
  //! false; true when the whole pool was looked at.
  template <class F>
  bool scan(Index cert, F&& f) {
    auto& levels = lists_[z(cert)];
    for (std::size_t level = 0; level < levels.size(); ++level) {
      if (!scan_level(levels[level], level, f)) return false;
    }
    return true;
  }

  //! The same over the union of the pools of `certs` (a person in several is seen once), by
  //! load first.
  template <class F>
  bool scan_any(const std::vector<Index>& certs, std::vector<std::uint32_t>& mark,
                std::uint32_t stamp, F&& f) {
    std::size_t top = 0;
    for (Index c : certs) top = std::max(top, lists_[z(c)].size());
    auto once = [&](Index person) {
      if (mark[z(person)] == stamp) return true;
      mark[z(person)] = stamp;
      return f(person);
    };
    for (std::size_t level = 0; level < top; ++level) {
      for (Index c : certs) {
        auto& levels = lists_[z(c)];
        if (level < levels.size() && !scan_level(levels[level], level, once)) return false;
      }
    }
    return true;
  }

  //! `person`, whose load has just grown by one (in `hot`), is busy until `until`: they are
  //! looked at again once release() passes that time, at the end of the list of their new load.
  //! Until then scans do not pass over them again and again while they are busy.
  void hold(Index person, std::int64_t until) { held_.push({until, seq_++, person}); }

  //! Puts back everyone held until `now` or earlier, in order of the end of their duty (then of
  //! when it was given).
  void release(std::int64_t now) {
    while (!held_.empty() && std::get<0>(held_.top()) <= now) {
      bump(std::get<2>(held_.top()));
      held_.pop();
    }
  }

 private:
  //! Adds `person` to the end of the list of their load in each of their pools.
  void bump(Index person) {
    const std::size_t p = z(person);
    for (std::size_t n = cert_start_[p]; n < cert_start_[p + 1]; ++n) {
      if (wanted_[z(certs_[n])]) add(z(certs_[n]), person);
    }
  }

  struct List {
    std::vector<Index> people;
    std::size_t front = 0;  //!< entries before it are stale
  };

  void add(std::size_t pool, Index person) {
    auto& levels = lists_[pool];
    const std::size_t level = z(hot_[z(person)].load);
    if (levels.size() <= level) levels.resize(level + 1);
    levels[level].people.push_back(person);
  }

  template <class F>
  bool scan_level(List& list, std::size_t level, F& f) {
    const auto current = [&](Index person) { return z(hot_[z(person)].load) == level; };
    while (list.front < list.people.size() && !current(list.people[list.front])) ++list.front;
    if (list.front == list.people.size() && list.front > 0) {
      // All stale: give the memory back (a list below everyone's load stays empty for good).
      std::vector<Index>().swap(list.people);
      list.front = 0;
    }
    for (std::size_t i = list.front; i < list.people.size(); ++i) {
      const Index person = list.people[i];
      if (current(person) && !f(person)) return false;
    }
    return true;
  }

  const std::vector<std::size_t>& cert_start_;
  const std::vector<Index>& certs_;
  const std::vector<Hot>& hot_;
  const std::vector<char>& wanted_;
  std::vector<std::size_t> size_;
  std::vector<std::vector<List>> lists_;                        //!< per certificate, per load
  using Held = std::tuple<std::int64_t, std::uint64_t, Index>;  //!< until, sequence, person
  std::priority_queue<Held, std::vector<Held>, std::greater<Held>> held_;
  std::uint64_t seq_ = 0;
};

//! One duty list (a room-slot or a site-slot) while it is staffed.
struct Staff {
  std::vector<Index>* people;
  std::vector<std::uint8_t>* own;
  std::vector<std::uint8_t>* kept;
};

//! Orders a duty list's people by id, their flags with them; a handful each: insertion. Read
//! right after the list is made, while their records are still in the cache.
void sort_by_id(const Instance& in, const std::vector<Hot>& hot, Staff s) {
  auto& people = *s.people;
  auto& own = *s.own;
  auto& kept = *s.kept;
  auto before = [&](Index a, Index b) {
    const std::uint64_t x = hot[z(a)].id_key, y = hot[z(b)].id_key;
    if (x != y) return x < y;
    return in.invigilators[z(a)].id < in.invigilators[z(b)].id;
  };
  for (std::size_t i = 1; i < people.size(); ++i) {
    for (std::size_t j = i; j > 0 && before(people[j], people[j - 1]); --j) {
      std::swap(people[j], people[j - 1]);
      std::swap(own[j], own[j - 1]);
      std::swap(kept[j], kept[j - 1]);
    }
  }
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

  // Slots by start (then end, then index): duties are given in this order.
  std::vector<std::size_t> slot_rank(in.slots.size());
  {
    std::vector<std::size_t> order(in.slots.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const Slot &x = in.slots[a], &y = in.slots[b];
      if (x.start != y.start) return x.start < y.start;
      if (x.end != y.end) return x.end < y.end;
      return a < b;
    });
    for (std::size_t r = 0; r < order.size(); ++r) slot_rank[order[r]] = r;
  }
  auto by_time = [&](const auto& list) {
    std::vector<std::size_t> all(list.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    return counting_order(all, slot_rank.size(),
                          [&](std::size_t i) { return slot_rank[z(list[i].slot)]; });
  };

  // The sites during the slots their rooms are used in, by site then slot start, with the
  // certificates sat there.
  auto site_of = [&](std::size_t i) { return in.rooms[z(room_slots[i].room)].site; };
  const std::vector<std::size_t> site_order = counting_order(
      by_time(room_slots), in.sites.size(), [&](std::size_t i) { return z(site_of(i)); });
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
  std::vector<Hot> hot(people);
  std::vector<std::size_t> cert_start(people + 1, 0);
  std::vector<Index> certs;
  for (std::size_t i = 0; i < people; ++i) {
    hot[i].college = in.invigilators[i].college;
    hot[i].id_key = id_key(in.invigilators[i].id);
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
    return std::binary_search(needs[i].colleges.begin(), needs[i].colleges.end(),
                              hot[person].college);
  };
  auto site_own = [&](const SitePatrol& sp, std::size_t person) {
    const auto& served = in.sites[z(sp.site)].colleges;
    return std::binary_search(served.begin(), served.end(), hot[person].college);
  };

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
      ++hot[person].load;
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
  const Blocked blocked(in, kept_times, hot);
  // Duties are given in order of start, so a person is busy with a new duty during a slot exactly
  // when one of those already given to them ends after it starts: the latest such end is enough.
  auto free_at = [&](std::size_t person, const Slot& slot) {
    const Hot& h = hot[person];
    return h.busy_until <= slot.start && !blocked.hits(h, slot.start, slot.end);
  };
  std::vector<Index> chosen, fallback;

  // Room-slots: 监考老师 certified for every certificate of the room; the pool of the rarest
  // one is looked at and the others checked person by person. Each pool is a list in index
  // order looked at in turn from a cursor (the scan runs through memory in order, which a large
  // batch needs: tens of thousands of people, looked at for every room-slot), taking people whose
  // load is at most the pool's `cap`; when a whole turn finds too few, the least busy of the
  // others are taken and the cap rises to their load. So a person with fewer duties than the rest
  // (kept away by other certificates, unavailable times, 回避) is taken at the next turn.
  {
    std::vector<std::vector<Index>> pool(in.certificates.size());
    for (std::size_t p = 0; p < people; ++p) {
      if (in.invigilators[p].kind != StaffKind::room) continue;
      for (std::size_t n = cert_start[p]; n < cert_start[p + 1]; ++n)
        pool[z(certs[n])].push_back(static_cast<Index>(p));
    }
    std::vector<std::size_t> cursor(pool.size(), 0);
    std::vector<std::int32_t> cap(pool.size(), 0);
    std::vector<Index> exhausted_at(pool.size(), -1);
    struct Spare {
      std::uint8_t own;
      std::int32_t load;
      std::size_t step;
      Index person;
      bool operator<(const Spare& o) const {
        if (own != o.own) return own < o.own;
        if (load != o.load) return load < o.load;
        return step < o.step;
      }
    };
    std::vector<Spare> spare;  // the best `want` of those not taken at once, best first
    for (std::size_t idx : by_time(room_slots)) {
      RoomSlot& rs = room_slots[idx];
      const RoomSlotNeed& need = needs[idx];
      const Slot& slot = slot_of(rs.slot);
      const std::size_t want = per_room - std::min(per_room, rs.invigilators.size());
      chosen.clear();
      fallback.clear();
      spare.clear();
      if (want > 0 && !need.certificates.empty()) {
        Index pool_cert = need.certificates.front();
        for (Index c : need.certificates) {
          if (pool[z(c)].size() < pool[z(pool_cert)].size()) pool_cert = c;
        }
        const auto& list = pool[z(pool_cert)];
        const bool single = need.certificates.size() == 1;
        if (!list.empty() && !(single && exhausted_at[z(pool_cert)] == rs.slot)) {
          std::size_t& cur = cursor[z(pool_cert)];
          std::int32_t& level = cap[z(pool_cert)];
          bool whole = true;
          for (std::size_t step = 0; step < list.size(); ++step) {
            const std::size_t pos =
                cur + step < list.size() ? cur + step : cur + step - list.size();
            const Index inv = list[pos];
            const std::size_t person = z(inv);
            if (!single) {
              bool certified = true;
              for (Index c : need.certificates) {
                if (c != pool_cert && !holds(person, c)) {
                  certified = false;
                  break;
                }
              }
              if (!certified) continue;
            }
            if (!free_at(person, slot)) continue;
            const bool own = room_own(idx, person);
            const std::int32_t load = hot[person].load;
            if (!own && load <= level) {
              chosen.push_back(inv);
              if (chosen.size() == want) {
                cur = pos + 1 == list.size() ? 0 : pos + 1;
                whole = false;
                break;
              }
              continue;
            }
            const Spare entry{static_cast<std::uint8_t>(own), load, step, inv};
            if (spare.size() < want || entry < spare.back()) {
              if (spare.size() == want) spare.pop_back();
              spare.insert(std::upper_bound(spare.begin(), spare.end(), entry), entry);
            }
          }
          if (whole && chosen.empty() && spare.empty() && single)
            exhausted_at[z(pool_cert)] = rs.slot;
          for (std::size_t i = 0; chosen.size() < want && i < spare.size(); ++i) {
            if (spare[i].own) {
              fallback.push_back(spare[i].person);
            } else {
              chosen.push_back(spare[i].person);
              level = std::max(level, spare[i].load);
            }
            if (chosen.size() + fallback.size() == want) break;
          }
        }
      }
      {
        const std::size_t n =
            std::min(per_room, rs.invigilators.size() + chosen.size() + fallback.size());
        rs.invigilators.reserve(n);
        rs.own_college.reserve(n);
        rs.kept.reserve(n);
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
        Hot& h = hot[z(inv)];
        h.busy_until = std::max(h.busy_until, slot.end);
        ++h.load;
      }
      sort_by_id(in, hot, {&rs.invigilators, &rs.own_college, &rs.kept});
    }
  }

  // Site-slots: 巡考老师 certified for at least one certificate sat there.
  {
    std::vector<char> wanted(in.certificates.size(), 0);
    for (const auto& list : patrol_certs) {
      for (Index c : list) wanted[z(c)] = 1;
    }
    Pools pools(in, StaffKind::patrol, cert_start, certs, hot, wanted);
    std::vector<std::uint32_t> mark(people, 0);
    std::uint32_t stamp = 0;
    for (std::size_t idx : by_time(patrols)) {
      SitePatrol& sp = patrols[idx];
      const Slot& slot = slot_of(sp.slot);
      pools.release(slot.start);
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
      {
        const std::size_t n =
            std::min(per_site, sp.invigilators.size() + chosen.size() + fallback.size());
        sp.invigilators.reserve(n);
        sp.own_college.reserve(n);
        sp.kept.reserve(n);
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
        Hot& h = hot[z(inv)];
        h.busy_until = std::max(h.busy_until, slot.end);
        ++h.load;
        pools.hold(inv, slot.end);
      }
      sort_by_id(in, hot, {&sp.invigilators, &sp.own_college, &sp.kept});
    }
  }

  for (auto& rs : room_slots) {
    rs.shortage = static_cast<std::int32_t>(per_room - std::min(per_room, rs.invigilators.size()));
    stats.invigilator_shortage += rs.shortage;
    for (std::uint8_t f : rs.own_college) stats.own_college_assignments += f;
  }
  for (auto& sp : patrols) {
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
    max_load[k] = std::max<std::int64_t>(max_load[k], hot[i].load);
    min_load[k] = std::min<std::int64_t>(min_load[k], hot[i].load);
  }
  auto low = [](std::int64_t v) { return v == std::numeric_limits<std::int64_t>::max() ? 0 : v; };
  stats.invigilator_max_load = max_load[0];
  stats.invigilator_min_load = low(min_load[0]);
  stats.patrol_max_load = max_load[1];
  stats.patrol_min_load = low(min_load[1]);
}

}  // namespace kaowu::schedule
