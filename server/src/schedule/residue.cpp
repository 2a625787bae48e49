#include "schedule/arrange_stages.hpp"

namespace kaowu::schedule::stages {

// The residue stage (settle_residue()): a part solved exactly has at most kResidueColumns
// columns (a room a subject may take, a site a candidate may take). 8,000 holds the whole of a
// batch of ~1,500 candidate-subjects at 8 sites; with 4,000 such batches were cut into parts and
// 4 in 100 stayed below the optimum (bench/arrange --exact --medium). A part grows at most
// kResidueRings rings of neighbours deep. Each search may visit kResidueNodes branch-and-bound
// nodes: a node limit, not a time limit, so that the result is the same on every machine; on
// the 1,000 small and 100 medium batches of bench/arrange every part was settled at the root
// node (0 nodes gives the same placements) in at most 169 ms, so 100 is a margin, not a need.
// All parts of one batch together have at most kResidueColumnsTotal columns, so that a batch
// short of seats everywhere pays a bounded amount for finding that nothing more fits.
constexpr std::int64_t kResidueColumns = 8000;
constexpr int kResidueRings = 3;
constexpr std::int64_t kResidueNodes = 100;
constexpr std::int64_t kResidueColumnsTotal = 100000;

void Arranger::free_items(Index c, std::vector<std::size_t>& out) const {
  out.clear();
  for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
    if (state_[k] == State::fixed) continue;
    if (state_[k] == State::unplaced &&
        (reason_[k] == UnplacedReason::no_site || reason_[k] == UnplacedReason::invalid_existing)) {
      continue;
    }
    bool clash = false;
    for (std::size_t j = offset_[z(c)]; j < offset_[z(c) + 1] && !clash; ++j) {
      clash = state_[j] == State::fixed && overlap(slot_of(j), slot_of(k));
    }
    if (!clash) out.push_back(k);
  }
}

std::int32_t Arranger::bound(Index c, const std::vector<std::size_t>& ks) const {
  std::int32_t best = 0;
  std::vector<std::size_t> typed;
  for (Index x : eligible(c)) {
    typed.clear();
    for (std::size_t k : ks) {
      if (bit(x, mode_of(k)) >= 0) typed.push_back(k);
    }
    std::sort(typed.begin(), typed.end(), [&](std::size_t a, std::size_t b) {
      const Slot &p = in_.slots[z(slot_of(a))], &q = in_.slots[z(slot_of(b))];
      if (p.end != q.end) return p.end < q.end;
      return a < b;
    });
    std::int32_t n = 0;
    std::int64_t free_from = std::numeric_limits<std::int64_t>::min();
    for (std::size_t k : typed) {
      const Slot& sl = in_.slots[z(slot_of(k))];
      if (sl.start >= free_from || sl.start == sl.end) {
        ++n;
        free_from = std::max(free_from, sl.end);
      }
    }
    best = std::max(best, n);
  }
  return best;
}

void Arranger::settle_residue() {
  // Candidates below their bound, in order.
  std::vector<Index> short_of;
  std::vector<std::size_t> ks;
  for (std::size_t ci = 0; ci < in_.candidates.size(); ++ci) {
    const Index c = static_cast<Index>(ci);
    bool open = false;
    for (std::size_t k = offset_[ci]; k < offset_[ci + 1] && !open; ++k) {
      open = state_[k] == State::unplaced &&
             (reason_[k] == UnplacedReason::capacity || reason_[k] == UnplacedReason::time_clash ||
              reason_[k] == UnplacedReason::no_room_type);
    }
    if (!open) continue;
    free_items(c, ks);
    std::int32_t got = 0;
    for (std::size_t k : ks) got += seated(k);
    if (got < bound(c, ks)) short_of.push_back(c);
  }
  if (short_of.empty()) return;
  ResidueState rs;
  // Seats taken per room and segment by everything placed, pinned rows included.
  rs.used.assign(in_.rooms.size() * segments_, 0);
  for (const auto& [key, n] : existing_used_)
    rs.used[z(static_cast<Index>(key >> 32)) * segments_ + (key & 0xffffffffu)] += n;
  rs.site_people.assign(in_.sites.size(), {});
  for (std::size_t ci = 0; ci < in_.candidates.size(); ++ci) {
    for (std::size_t k = offset_[ci]; k < offset_[ci + 1]; ++k) {
      if (seated(k)) seat_use(rs, k, +1);
    }
    if (cand_site_[ci] >= 0) rs.site_people[z(cand_site_[ci])].push_back(static_cast<Index>(ci));
  }
  rs.in_part.assign(in_.candidates.size(), 0);
  std::vector<char> done(in_.candidates.size(), 0);
  std::int64_t allowance = kResidueColumnsTotal;
  for (Index d : short_of) {
    if (done[z(d)] || allowance <= 0) continue;
    const std::vector<Index> part = residue_part(rs, d, short_of);
    std::int64_t columns = 0;
    for (Index c : part) columns += columns_of(c);
    allowance -= columns;
    for (Index c : part) done[z(c)] = 1;
    solve_part(rs, part);
    for (Index c : part) rs.in_part[z(c)] = 0;
  }
}

void Arranger::rooms_for(Index c, std::size_t k, std::vector<Index>& out) const {
  out.clear();
  for (Index x : eligible(c)) {
    if (bit(x, mode_of(k)) < 0) continue;
    for (Index r : site_rooms_[z(x)]) {
      if (in_.rooms[z(r)].seats > 0 && (room_mask_[z(r)] >> bit(x, mode_of(k)) & 1))
        out.push_back(r);
    }
  }
  std::sort(out.begin(), out.end());
}

std::int64_t Arranger::columns_of(Index c) const {
  std::vector<std::size_t> ks;
  std::vector<Index> rooms;
  free_items(c, ks);
  std::int64_t n = static_cast<std::int64_t>(eligible(c).size());
  for (std::size_t k : ks) {
    rooms_for(c, k, rooms);
    n += static_cast<std::int64_t>(rooms.size());
  }
  return n;
}

std::vector<Index> Arranger::residue_part(ResidueState& rs, Index d,
                                          const std::vector<Index>& short_of) {
  std::vector<Index> part;
  std::vector<char> site_in(in_.sites.size(), 0), seg_in(segments_, 0);
  std::vector<std::size_t> ks;
  std::int64_t columns = 0;
  auto take = [&](Index c) {
    const std::int64_t n = columns_of(c);
    if (!part.empty() && columns + n > kResidueColumns) return false;
    columns += n;
    rs.in_part[z(c)] = 1;
    part.push_back(c);
    return true;
  };
  auto reach = [&](Index c) {
    for (Index x : eligible(c)) site_in[z(x)] = 1;
    free_items(c, ks);
    for (std::size_t k : ks) {
      for (std::size_t e = seg_begin_[z(slot_of(k))]; e < seg_end_[z(slot_of(k))]; ++e)
        seg_in[e] = 1;
    }
  };
  take(d);
  reach(d);
  for (Index c : short_of) {
    if (rs.in_part[z(c)]) continue;
    bool shares = false;
    for (Index x : eligible(c)) shares = shares || site_in[z(x)];
    if (shares && take(c)) reach(c);
  }
  bool full = false;
  for (int ring = 0; ring < kResidueRings && !full; ++ring) {
    std::vector<Index> added;
    for (std::size_t x = 0; x < in_.sites.size() && !full; ++x) {
      if (!site_in[x]) continue;
      for (Index c : rs.site_people[x]) {
        if (rs.in_part[z(c)]) continue;
        free_items(c, ks);
        bool meets = false;
        for (std::size_t k : ks) {
          if (!seated(k)) continue;
          for (std::size_t e = seg_begin_[z(slot_of(k))]; e < seg_end_[z(slot_of(k))] && !meets;
               ++e)
            meets = seg_in[e];
        }
        if (!meets) continue;
        if (!take(c)) {
          full = true;
          break;
        }
        added.push_back(c);
      }
    }
    if (added.empty()) break;
    for (Index c : added) reach(c);
  }
  std::sort(part.begin(), part.end());
  return part;
}

void Arranger::solve_part(ResidueState& rs, const std::vector<Index>& part) {
  exact::Problem p;
  p.room_site.resize(in_.rooms.size());
  for (std::size_t r = 0; r < in_.rooms.size(); ++r) p.room_site[r] = in_.rooms[r].site;
  std::vector<std::size_t> item_k;
  std::int64_t placed = 0;
  std::vector<std::size_t> ks;
  for (std::size_t i = 0; i < part.size(); ++i) {
    const Index c = part[i];
    const auto sites = eligible(c);
    p.candidate_sites.emplace_back(sites.begin(), sites.end());
    free_items(c, ks);
    for (std::size_t k : ks) {
      exact::Item item;
      item.candidate = static_cast<Index>(i);
      item.seg_begin = seg_begin_[z(slot_of(k))];
      item.seg_end = seg_end_[z(slot_of(k))];
      rooms_for(c, k, item.rooms);
      if (item.rooms.empty()) continue;
      if (seated(k)) {
        item.current_room = room_[k];
        ++placed;
        seat_use(rs, k, -1);
      }
      p.items.push_back(std::move(item));
      item_k.push_back(k);
    }
  }
  p.free_seats = [&](Index room, std::size_t e) {
    return in_.rooms[z(room)].seats - rs.used[z(room) * segments_ + e];
  };
  exact::Limits limits;
  limits.max_nodes = kResidueNodes;
  limits.min_placed = placed + 1;
  const exact::Result r = exact::solve(p, limits);
  if (r.found) {
    for (std::size_t i = 0; i < item_k.size(); ++i) {
      const std::size_t k = item_k[i];
      room_[k] = r.item_room[i];
      state_[k] = room_[k] >= 0 ? State::assigned : State::unplaced;
    }
    for (std::size_t i = 0; i < part.size(); ++i) {
      const Index c = part[i];
      if (r.candidate_site[i] >= 0) cand_site_[z(c)] = r.candidate_site[i];
      // Reasons of what is still left out: a placed overlapping subject, else the site's rooms.
      for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
        if (state_[k] != State::unplaced || reason_[k] == UnplacedReason::no_site ||
            reason_[k] == UnplacedReason::invalid_existing) {
          continue;
        }
        bool clash = false;
        for (std::size_t j = offset_[z(c)]; j < offset_[z(c) + 1] && !clash; ++j) {
          clash =
              j != k && (seated(j) || state_[j] == State::fixed) && overlap(slot_of(j), slot_of(k));
        }
        const Index site = cand_site_[z(c)];
        reason_[k] = clash                                    ? UnplacedReason::time_clash
                     : site >= 0 && bit(site, mode_of(k)) < 0 ? UnplacedReason::no_room_type
                                                              : UnplacedReason::capacity;
      }
    }
  }
  for (std::size_t k : item_k) {
    if (seated(k)) seat_use(rs, k, +1);
  }
}

}  // namespace kaowu::schedule::stages
