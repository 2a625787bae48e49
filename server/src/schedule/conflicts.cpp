#include "schedule/arrange_stages.hpp"

namespace kaowu::schedule::stages {

// Work (candidates looked at) allowed to the conflict search: a base of kRepairScanBase, at most
// kRepairScanBasePerSubject per candidate-subject (small batches are done quickly, even when some
// of them cannot be seated), plus kConflictScanPerSubject per candidate-subject, so that the
// search grows no faster than the input; at most kConflictSteps steps, kConflictStepsPerOpen per
// open candidate. Chosen on the zero-slack batches of bench/arrange (results.txt, 2026-11-28:
// the base went from 5M to 20M for the tight 1M batches to be seated in full).
constexpr std::int64_t kRepairScanBase = 20000000;
constexpr std::int64_t kRepairScanBasePerSubject = 2000;
constexpr std::int64_t kConflictScanPerSubject = 120;
constexpr std::int64_t kConflictSteps = 1000000;
constexpr std::int64_t kConflictStepsPerOpen = 1000;
// The conflict stage stops this many steps after its last gain, plus so many per overloaded row
// (a step works on one row: each row left gets about as many tries however many there are).
constexpr std::int64_t kConflictStall = 300;
constexpr std::int64_t kConflictStallPerRow = 8;
// Stuck with at most kPathFew seats short, it looks for each missing seat along chains of moves
// (relieve()) and goes on searching from the result; after kPathIdle such rounds in a row
// without a gain it starts again from its best state with fresh weights, at most
// kConflictRestarts times. When no seat short can be reached by chains, it starts again only
// while at most kConflictFew are short. From the first round of chains on, the work left is
// the stage's base plus kPathScanPerShort per seat short, within the stage's allowance. The
// chains may be kPathDepth moves deep (searched to depth 1, 2, 4, ... in turn, so that short
// chains are found first), a move may overload at most kPathBranch rows (each relieved in
// turn), a row that could not be relieved kPathTries times is not used again in the same
// search, and a round may look at kPathScanPerShort moves per seat short.
constexpr std::int64_t kPathFew = 1000;
constexpr std::int64_t kConflictFew = 8;
constexpr std::int64_t kConflictRestarts = 1000;
constexpr std::int64_t kPathIdle = 3;
constexpr int kPathDepth = 400;
constexpr std::size_t kPathBranch = 4;
constexpr std::int64_t kPathTries = 2;
constexpr std::int64_t kPathScanPerShort = 1000000;
// A candidate just moved by the conflict search stays where it is for kConflictTabu plus a random
// number below kConflictTabuSpread steps, so that the next step does not simply undo the move
// (the weights change only when no move helps, so an undone move would repeat itself); shorter
// than the ejection chains' (kEjectionTabu), since every step here moves a candidate in full and
// a row has only the few candidates that may leave it. The random part breaks cycles of a fixed
// length.
constexpr std::uint64_t kConflictTabu = 2;
constexpr std::uint64_t kConflictTabuSpread = 6;
// Fixed seed of the generator of the conflict search (ties, fresh starts): any value gives a
// deterministic run; these are hexadecimal digits of pi, chosen so as not to be chosen.
constexpr std::uint64_t kConflictSeed = 0x13198a2e03707344ULL;

void Arranger::build_full_sites() {
  conflict_->full_offset.assign(in_.candidates.size() + 1, 0);
  conflict_->full_list.clear();
  for (std::size_t ci = 0; ci < in_.candidates.size(); ++ci) {
    const Index c = static_cast<Index>(ci);
    for (Index x : eligible(c)) {
      std::size_t typed = 0;
      for (std::size_t k = offset_[ci]; k < offset_[ci + 1]; ++k)
        typed += pool_[k] && bit(x, mode_of(k)) >= 0;
      if (typed == want_of(c)) conflict_->full_list.push_back(x);
    }
    conflict_->full_offset[ci + 1] = conflict_->full_list.size();
  }
}

void Arranger::touch_row(std::size_t x, std::size_t e) {
  const std::size_t r = x * segments_ + e;
  const std::int64_t o = overload(x, e);
  conflict_->total_over += o - conflict_->over[r];
  conflict_->over[r] = o;
  if (o > 0 && conflict_->hot_pos[r] < 0) {
    conflict_->hot_pos[r] = static_cast<std::int64_t>(conflict_->hot.size());
    conflict_->hot.push_back(r);
  } else if (o == 0 && conflict_->hot_pos[r] >= 0) {
    const std::size_t at = static_cast<std::size_t>(conflict_->hot_pos[r]);
    conflict_->hot[at] = conflict_->hot.back();
    conflict_->hot_pos[conflict_->hot[at]] = static_cast<std::int64_t>(at);
    conflict_->hot.pop_back();
    conflict_->hot_pos[r] = -1;
  }
}

std::int64_t Arranger::weighted_at(Index c, Index site, bool now) const {
  std::int64_t sum = 0;
  for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
    if (!pool_[k] || bit(site, mode_of(k)) < 0) continue;
    for (std::size_t e = seg_begin_[z(slot_of(k))]; e < seg_end_[z(slot_of(k))]; ++e) {
      const std::size_t r = z(site) * segments_ + e;
      sum += conflict_->weight[r] * (now ? conflict_->over[r] : overload(z(site), e));
    }
  }
  return sum;
}

std::int64_t Arranger::move_delta(Index c, Index to, std::vector<std::size_t>& ks, bool now) {
  const Index from = cand_site_[z(c)];
  typed_pool(c, from, ks);
  std::int64_t before = weighted_at(c, from, now);
  for (std::size_t k : ks) add(from, k, -1);
  std::int64_t after = weighted_at(c, from);
  for (std::size_t k : ks) add(from, k, +1);
  typed_pool(c, to, ks);
  before += weighted_at(c, to, now);
  for (std::size_t k : ks) add(to, k, +1);
  after += weighted_at(c, to);
  for (std::size_t k : ks) add(to, k, -1);
  return after - before;
}

unsigned Arranger::relief_modes(std::size_t x, std::size_t e) const {
  const std::size_t masks = std::size_t{1} << site_modes_[x];
  const std::size_t row = hall_.row(x, e);
  std::int64_t worst = 0;
  unsigned all = 0;
  for (std::size_t m = 1; m < masks; ++m) {
    const std::int64_t o = -hall_.left(row + m);
    if (o > worst) {
      worst = o;
      all = static_cast<unsigned>(m);
    } else if (o == worst && worst > 0) {
      all &= static_cast<unsigned>(m);
    }
  }
  return all;
}

bool Arranger::grown_rows(Index c, Index to, std::vector<std::size_t>& ks,
                          std::vector<std::size_t>& out) {
  out.clear();
  typed_pool(c, to, ks);
  for (std::size_t k : ks) add(to, k, +1);
  bool ok = true;
  for (std::size_t k : ks) {
    for (std::size_t e = seg_begin_[z(slot_of(k))]; e < seg_end_[z(slot_of(k))]; ++e) {
      const std::size_t r = z(to) * segments_ + e;
      if (overload(z(to), e) <= conflict_->over[r]) continue;
      if (conflict_->row_mark[r] == conflict_->path_mark) ok = false;
      out.push_back(r);
    }
  }
  for (std::size_t k : ks) add(to, k, -1);
  return ok;
}

void Arranger::undo_rows(std::size_t mark) {
  std::vector<std::pair<Index, Index>> moved;  // candidate, site it is leaving
  for (std::size_t i = mark; i < repair_->log.size(); ++i)
    moved.push_back({repair_->log[i].c, cand_site_[z(repair_->log[i].c)]});
  undo_to(mark);
  for (const auto& [c, site] : moved) {
    if (site >= 0) touch_candidate(c, site);
    if (cand_site_[z(c)] >= 0) touch_candidate(c, cand_site_[z(c)]);
  }
}

bool Arranger::relieve(std::size_t r, int depth) {
  if (relieve_in(r, depth)) return true;
  if (conflict_->dead[r] != conflict_->path_mark) {
    conflict_->dead[r] = conflict_->path_mark;
    conflict_->fails[r] = 0;
  }
  ++conflict_->fails[r];
  return false;
}

bool Arranger::relieve_in(std::size_t r, int depth) {
  conflict_->row_mark[r] = conflict_->path_mark;
  conflict_->used_rows.push_back(r);
  if (depth > conflict_->depth_limit) return false;
  const std::size_t x = r / segments_, e = r % segments_;
  const unsigned relief = relief_modes(x, e);
  const std::int64_t before = conflict_->total_over;
  struct Option {
    std::size_t grown;
    std::int64_t dist;
    Index d, to;
  };
  std::vector<Option> options;
  std::vector<std::size_t> ks, grown;
  for (Index slot : conflict_->seg_slots[e]) {
    for (const SlotEntry& en : conflict_->slot_mobile[x * in_.slots.size() + z(slot)]) {
      if (en.bit < 0 || !(relief >> en.bit & 1) || state_[en.k] != State::assigned) continue;
      for (Index y : full_sites(en.c)) {
        if (z(y) == x) continue;
        if (++conflict_->path_scan > conflict_->path_limit) return false;
        if (!grown_rows(en.c, y, ks, grown) || grown.size() > kPathBranch) continue;
        // The distances are those of the state the search began in: a seat freed on the way
        // (a mover's other subjects left their rows) is nearest.
        const std::int64_t begun =
            conflict_->free_dist[(z(mode_of(en.k)) * in_.sites.size() + z(y)) * segments_ + e];
        const std::int64_t dist =
            fits_bit(z(y), e, bit(y, mode_of(en.k))) ? 0 : std::max<std::int64_t>(begun, 1);
        options.push_back({grown.size(), dist, en.c, y});
      }
    }
  }
  std::stable_sort(options.begin(), options.end(), [](const Option& a, const Option& b) {
    if (a.dist != b.dist) return a.dist < b.dist;
    return a.grown < b.grown;
  });
  for (const Option& o : options) {
    if (conflict_->path_scan > conflict_->path_limit) return false;
    if (cand_site_[z(o.d)] != static_cast<Index>(x) || !grown_rows(o.d, o.to, ks, grown)) continue;
    const std::size_t mark = repair_->log.size();
    const std::size_t used = conflict_->used_rows.size();
    move_full(o.d, o.to, ks);
    ++conflict_->path_scan;
    bool ok = true;
    for (std::size_t g : grown) {
      if (conflict_->over[g] > 0 &&
          !(ok = conflict_->row_mark[g] != conflict_->path_mark && relieve(g, depth + 1)))
        break;
    }
    if (ok && conflict_->total_over < before) return true;
    undo_rows(mark);
    // Rows relieved for this option only are free again; rows that failed too often stay taken.
    for (std::size_t i = used; i < conflict_->used_rows.size(); ++i) {
      const std::size_t g = conflict_->used_rows[i];
      if (conflict_->dead[g] != conflict_->path_mark || conflict_->fails[g] < kPathTries)
        conflict_->row_mark[g] = 0;
    }
    conflict_->used_rows.resize(used);
  }
  return false;
}

void Arranger::free_distances() {
  const std::size_t sites = in_.sites.size();
  if (conflict_->site_links.empty()) {
    conflict_->site_links.assign(sites, {});
    for (const auto& list : college_sites_) {
      for (Index a : list) {
        for (Index b : list) {
          if (a != b) conflict_->site_links[z(a)].push_back(b);
        }
      }
    }
    for (auto& l : conflict_->site_links) {
      std::sort(l.begin(), l.end());
      l.erase(std::unique(l.begin(), l.end()), l.end());
    }
  }
  conflict_->free_dist.assign(in_.modes.size() * sites * segments_,
                              std::numeric_limits<std::int32_t>::max());
  conflict_->convert.assign(in_.modes.size() * sites, 0);
  for (std::size_t e = 0; e < segments_; ++e) segment_distances(e, -1);
}

void Arranger::segment_distances(std::size_t e, std::int64_t origin) {
  const std::size_t sites = in_.sites.size(), modes = in_.modes.size();
  const std::int64_t far = std::numeric_limits<std::int32_t>::max();
  auto dist = [&](std::size_t j, std::size_t x) -> std::int64_t& {
    return conflict_->free_dist[(j * sites + x) * segments_ + e];
  };
  conflict_->dist_queue.clear();
  for (std::size_t x = 0; x < sites; ++x) {
    const std::size_t row = hall_.row(x, e);
    for (std::size_t j = 0; j < modes; ++j) {
      dist(j, x) = far;
      conflict_->convert[j * sites + x] = 0;
      const int b = bit(static_cast<Index>(x), static_cast<Index>(j));
      if (b < 0) continue;
      if (fits_bit(x, e, b)) {
        dist(j, x) = 0;
        conflict_->dist_queue.push_back(j * sites + x);
        continue;
      }
      for_masks_with(site_modes_[x], b, [&](unsigned m) { hall_.shift(row + m, +1); });
      conflict_->convert[j * sites + x] = relief_modes(x, e);
      for_masks_with(site_modes_[x], b, [&](unsigned m) { hall_.shift(row + m, -1); });
    }
  }
  if (origin >= 0) {
    const std::size_t x = static_cast<std::size_t>(origin);
    const std::size_t row = hall_.row(x, e);
    const unsigned relief = relief_modes(x, e);
    for (int out = 0; out < site_modes_[x]; ++out) {
      if (!(relief >> out & 1)) continue;
      for_masks_with(site_modes_[x], out, [&](unsigned m) { hall_.shift(row + m, -1); });
      for (std::size_t j = 0; j < modes; ++j) {
        const int b = bit(static_cast<Index>(x), static_cast<Index>(j));
        if (b >= 0 && b != out && dist(j, x) != 0 && fits_bit(x, e, b)) {
          dist(j, x) = 0;
          conflict_->dist_queue.push_back(j * sites + x);
        }
      }
      for_masks_with(site_modes_[x], out, [&](unsigned m) { hall_.shift(row + m, +1); });
    }
  }
  while (!conflict_->dist_queue.empty()) {
    const std::size_t node = conflict_->dist_queue.front();
    conflict_->dist_queue.pop_front();
    const std::size_t j = node / sites, x = node % sites;
    const std::int64_t d = dist(j, x);
    const int bj = bit(static_cast<Index>(x), static_cast<Index>(j));
    for (std::size_t j2 = 0; j2 < modes; ++j2) {
      if (dist(j2, x) > d && (conflict_->convert[j2 * sites + x] >> bj & 1)) {
        dist(j2, x) = d;
        conflict_->dist_queue.push_front(j2 * sites + x);
      }
    }
    for (Index y : conflict_->site_links[x]) {
      if (bit(y, static_cast<Index>(j)) >= 0 && dist(j, z(y)) > d + 1) {
        dist(j, z(y)) = d + 1;
        conflict_->dist_queue.push_back(j * sites + z(y));
      }
    }
  }
}

bool Arranger::reachable_seat(std::size_t x, std::size_t e) const {
  if (mix_only(x, e)) return true;
  const std::size_t per_mode = in_.sites.size() * segments_;
  for (std::size_t j = 0; j < in_.modes.size(); ++j) {
    if (conflict_->free_dist[j * per_mode + x * segments_ + e] <
        std::numeric_limits<std::int32_t>::max())
      return true;
  }
  return false;
}

bool Arranger::relieve_rows(std::int64_t allowance) {
  free_distances();
  conflict_->path_scan = 0;
  std::vector<std::size_t> rows;
  for (std::size_t r : conflict_->hot) {
    if (reachable_seat(r / segments_, r % segments_)) rows.push_back(r);
  }
  if (rows.empty()) return false;
  conflict_->row_mark.assign(in_.sites.size() * segments_, 0);
  conflict_->dead.assign(in_.sites.size() * segments_, 0);
  conflict_->fails.assign(in_.sites.size() * segments_, 0);
  conflict_->path_mark = 0;
  conflict_->path_limit = std::min(allowance, kPathScanPerShort * conflict_->total_over);
  for (bool progress = true;
       progress && conflict_->total_over > 0 && conflict_->path_scan < conflict_->path_limit;) {
    progress = false;
    rows.clear();
    for (std::size_t r : conflict_->hot) {
      if (reachable_seat(r / segments_, r % segments_)) rows.push_back(r);
    }
    std::sort(rows.begin(), rows.end());
    for (std::size_t r : rows) {
      while (conflict_->over[r] > 0 && conflict_->path_scan < conflict_->path_limit) {
        bool found = false;
        const bool mix = mix_only(r / segments_, r % segments_);
        if (mix) segment_distances(r % segments_, static_cast<std::int64_t>(r / segments_));
        for (int limit = 1; !found && conflict_->path_scan < conflict_->path_limit;
             limit = std::min(kPathDepth, limit * 2)) {
          conflict_->depth_limit = limit;
          ++conflict_->path_mark;
          conflict_->used_rows.clear();
          const std::size_t mark = repair_->log.size();
          found = relieve(r, 0);
          if (!found) undo_rows(mark);
          if (limit == kPathDepth) break;
        }
        if (mix) segment_distances(r % segments_, -1);
        if (!found) break;
        progress = true;
        ++repair_moves_;
      }
    }
  }
  return true;
}

void Arranger::resolve_conflicts() {
  std::vector<Index> open;
  for (std::size_t ci = 0; ci < in_.candidates.size(); ++ci) {
    if (open_candidate(static_cast<Index>(ci))) open.push_back(static_cast<Index>(ci));
  }
  if (open.empty()) return;
  const StageScope<ConflictState> scope(conflict_);
  if (repair_->seg_mask.empty()) build_seg_masks();
  build_full_sites();
  // Movable candidates by site and slot of their pool subjects; slots by segment and by overlap.
  conflict_->slot_mobile.assign(in_.sites.size() * in_.slots.size(), {});
  conflict_->slot_pos.assign(subject_.size(), 0);
  for (std::size_t x = 0; x < in_.sites.size(); ++x) {
    for (Index d : members_[x]) {
      if (movable(d)) link_slots(d, static_cast<Index>(x));
    }
  }
  conflict_->seg_slots.assign(segments_, {});
  auto& seg_slots = conflict_->seg_slots;
  std::vector<std::vector<Index>> overlapping(in_.slots.size());
  for (std::size_t a = 0; a < in_.slots.size(); ++a) {
    for (std::size_t e = seg_begin_[a]; e < seg_end_[a]; ++e)
      seg_slots[e].push_back(static_cast<Index>(a));
    for (std::size_t b = 0; b < in_.slots.size(); ++b) {
      if (overlap(static_cast<Index>(a), static_cast<Index>(b)))
        overlapping[a].push_back(static_cast<Index>(b));
    }
  }
  std::vector<std::uint64_t> seen(in_.candidates.size(), 0);
  std::uint64_t seen_mark = 0;
  const std::int64_t seated_before = repair_->seated;
  repair_->log.clear();
  repair_->log_ks.clear();
  conflict_->over.assign(in_.sites.size() * segments_, 0);
  conflict_->weight.assign(in_.sites.size() * segments_, 1);
  conflict_->hot_pos.assign(in_.sites.size() * segments_, -1);
  conflict_->hot.clear();
  conflict_->total_over = 0;
  std::vector<std::size_t> ks;
  // Everyone open in full at the site of theirs where that overloads least.
  for (Index c : open) {
    Index best = -1;
    std::int64_t best_delta = 0;
    for (Index x : eligible(c)) {
      typed_pool(c, x, ks);
      if (ks.size() != want_of(c)) continue;
      reconfigure(c, cand_site_[z(c)], {});
      std::int64_t d = -weighted_at(c, x);
      for (std::size_t k : ks) add(x, k, +1);
      d += weighted_at(c, x);
      for (std::size_t k : ks) add(x, k, -1);
      if (best < 0 || d < best_delta) {
        best = x;
        best_delta = d;
      }
    }
    if (best >= 0) move_full(c, best, ks);
  }
  for (std::size_t x = 0; x < in_.sites.size(); ++x) {
    for (std::size_t e = 0; e < segments_; ++e) touch_row(x, e);
  }
  SplitMix64 rng(kConflictSeed ^ static_cast<std::uint64_t>(open.size()));
  std::int64_t best_over = conflict_->total_over;
  std::size_t best_mark = repair_->log.size();
  std::uint64_t last_best = 0;
  const std::int64_t steps =
      std::min(kConflictSteps, kConflictStepsPerOpen * static_cast<std::int64_t>(open.size()));
  const std::int64_t subjects = static_cast<std::int64_t>(subject_.size());
  const std::int64_t base = std::min(kRepairScanBase, kRepairScanBasePerSubject * subjects);
  std::int64_t scan_limit = base + kConflictScanPerSubject * subjects;
  std::vector<Index> movers;
  std::vector<std::size_t> swap_a, swap_b;
  std::vector<std::pair<std::size_t, unsigned>> crowded;  // subject of d, modes relieving it
  std::vector<std::uint64_t> until(in_.candidates.size(), 0);
  std::int64_t scan = 0;
  std::uint64_t round_start = 0;
  std::int64_t restarts = 0;
  std::int64_t idle = 0;
  bool chains = false, unreachable = false;
  for (std::uint64_t step = 1; conflict_->total_over > 0 && scan < scan_limit; ++step) {
    const std::int64_t stall =
        kConflictStall + kConflictStallPerRow * static_cast<std::int64_t>(conflict_->hot.size());
    if (static_cast<std::int64_t>(step - round_start) > steps ||
        static_cast<std::int64_t>(step - last_best) > stall) {
      // Stuck: look for the seats short along chains of moves, from the best state, or after a
      // round that gained nothing from the state the search is in, and search on from there.
      if (best_over <= kPathFew && !unreachable) {
        if (!chains) {
          chains = true;
          // From here on the work left is proportional to the seats short.
          scan_limit = std::min(scan_limit, scan + base + kPathScanPerShort * best_over);
        }
        if (idle == 0) {
          undo_to(best_mark);
          for (std::size_t xs = 0; xs < in_.sites.size(); ++xs) {
            for (std::size_t es = 0; es < segments_; ++es) touch_row(xs, es);
          }
        }
        const bool tried = relieve_rows(scan_limit - scan);
        scan += conflict_->path_scan;
        unreachable = !tried;
        if (conflict_->total_over < best_over) {
          idle = 0;
          best_over = conflict_->total_over;
          best_mark = repair_->log.size();
          last_best = step;
          continue;
        }
        if (tried && ++idle <= kPathIdle) {
          last_best = step;
          continue;
        }
      }
      // Still stuck: start again from the best state with fresh weights and another random
      // stream, while the work allowance lasts.
      if (best_over > (unreachable ? kConflictFew : kPathFew) || restarts == kConflictRestarts)
        break;
      ++restarts;
      undo_to(best_mark);
      std::fill(conflict_->weight.begin(), conflict_->weight.end(), 1);
      for (std::size_t xs = 0; xs < in_.sites.size(); ++xs) {
        for (std::size_t es = 0; es < segments_; ++es) touch_row(xs, es);
      }
      rng = SplitMix64(mix_seed(kConflictSeed, static_cast<std::uint64_t>(restarts), open.size()));
      std::fill(until.begin(), until.end(), 0);
      round_start = step;
      last_best = step;
      continue;
    }
    const std::size_t r = conflict_->hot[rng.below(conflict_->hot.size())];
    const Index x = static_cast<Index>(r / segments_);
    const std::size_t e = r % segments_;
    // Candidates seated at x in segment e who may go elsewhere.
    // (A candidate's pool subjects never overlap: one subject at most covers e.)
    movers.clear();
    for (Index slot : seg_slots[e]) {
      const auto& list = conflict_->slot_mobile[z(x) * in_.slots.size() + z(slot)];
      scan += static_cast<std::int64_t>(list.size());
      for (const SlotEntry& en : list) {
        if (en.bit >= 0 && state_[en.k] == State::assigned && until[z(en.c)] <= step)
          movers.push_back(en.c);
      }
    }
    Index pick = -1, pick_to = -1;
    std::int64_t pick_delta = 0;
    std::uint64_t pick_key = 0;
    for (Index d : movers) {
      for (Index y : full_sites(d)) {
        if (y == x) continue;
        const std::int64_t delta = move_delta(d, y, ks);
        ++scan;
        const std::uint64_t key = rng.next();
        if (pick < 0 || delta < pick_delta || (delta == pick_delta && key < pick_key)) {
          pick = d;
          pick_to = y;
          pick_delta = delta;
          pick_key = key;
        }
      }
    }
    if (pick < 0 || pick_delta > 0) {
      // Every single move makes it worse: try trading sites with a candidate at one of the other
      // sites.
      Index sd = -1, sf = -1;
      std::int64_t swap_best = 0;
      for (Index d : movers) {
        for (Index y : full_sites(d)) {
          if (y == x) continue;
          // A trade is d's move, then f's move with d gone: d moves (for the trial) first.
          const std::int64_t d_delta = move_delta(d, y, ks);
          typed_pool(d, x, swap_a);
          typed_pool(d, y, ks);
          for (std::size_t k : swap_a) add(x, k, -1);
          for (std::size_t k : ks) add(y, k, +1);
          // Only a candidate sitting when d would overload y can make room for d there. Per
          // subject of d overloading y, the modes whose leaving lowers that overload: those in
          // every set of modes where the excess is largest.
          crowded.clear();
          for (std::size_t k : ks) {
            unsigned relief = 0;
            for (std::size_t e2 = seg_begin_[z(slot_of(k))]; e2 < seg_end_[z(slot_of(k))]; ++e2) {
              relief |= relief_modes(z(y), e2);
            }
            if (relief) crowded.push_back({k, relief});
          }
          ++seen_mark;
          for (const auto& [kd, relief] : crowded) {
            for (Index slot : overlapping[z(slot_of(kd))]) {
              const auto& list = conflict_->slot_mobile[z(y) * in_.slots.size() + z(slot)];
              scan += static_cast<std::int64_t>(list.size());
              for (const SlotEntry& en : list) {
                if (en.bit < 0 || !(relief >> en.bit & 1)) continue;
                if (en.alt != x) {
                  if (en.alt != -2) continue;
                  const auto fe = full_sites(en.c);
                  if (!std::binary_search(fe.begin(), fe.end(), x)) continue;
                }
                const Index f = en.c;
                if (seen[z(f)] == seen_mark || until[z(f)] > step) continue;
                seen[z(f)] = seen_mark;
                const std::int64_t delta = d_delta + move_delta(f, x, swap_b, false);
                ++scan;
                if (delta < swap_best) {
                  swap_best = delta;
                  sd = d;
                  sf = f;
                }
              }
            }
          }
          typed_pool(d, y, ks);
          for (std::size_t k : ks) add(y, k, -1);
          for (std::size_t k : swap_a) add(x, k, +1);
        }
      }
      if (sd >= 0) {
        const Index y = cand_site_[z(sf)];
        move_full(sd, y, ks);
        move_full(sf, x, ks);
        until[z(sd)] = step + kConflictTabu + rng.below(kConflictTabuSpread);
        until[z(sf)] = step + kConflictTabu + rng.below(kConflictTabuSpread);
        repair_moves_ += 2;
        if (conflict_->total_over < best_over) {
          best_over = conflict_->total_over;
          best_mark = repair_->log.size();
          last_best = step;
        }
        continue;
      }
    }
    // Nothing improves: the overloaded rows weigh more from now on (breakout); a move that keeps
    // the weighted overload as it is still goes ahead, to walk along the plateau.
    if (pick < 0 || pick_delta >= 0) {
      for (std::size_t h : conflict_->hot) ++conflict_->weight[h];
    }
    if (pick < 0 || pick_delta > 0) continue;
    move_full(pick, pick_to, ks);
    until[z(pick)] = step + kConflictTabu + rng.below(kConflictTabuSpread);
    ++repair_moves_;
    if (conflict_->total_over < best_over) {
      best_over = conflict_->total_over;
      best_mark = repair_->log.size();
      last_best = step;
    }
  }
  undo_to(best_mark);
  for (std::size_t xs = 0; xs < in_.sites.size(); ++xs) {
    for (std::size_t es = 0; es < segments_; ++es) touch_row(xs, es);
  }
  // Once more along chains of moves, from the best state.
  if (conflict_->total_over > 0) relieve_rows(std::max<std::int64_t>(0, scan_limit - scan));
  best_mark = repair_->log.size();
  // Seats: candidates in overloaded rows keep what fits.
  std::vector<Index> conflicted;
  for (std::size_t ci = 0; ci < in_.candidates.size(); ++ci) {
    const Index c = static_cast<Index>(ci);
    const Index x = cand_site_[ci];
    if (x < 0) continue;
    bool hot = false;
    for (std::size_t k = offset_[ci]; k < offset_[ci + 1] && !hot; ++k) {
      if (!pool_[k] || state_[k] != State::assigned) continue;
      for (std::size_t e = seg_begin_[z(slot_of(k))]; e < seg_end_[z(slot_of(k))] && !hot; ++e)
        hot = overload(z(x), e) > 0;
    }
    if (hot) conflicted.push_back(c);
  }
  for (Index c : conflicted) reconfigure(c, cand_site_[z(c)], {});
  for (Index c : conflicted) {
    const Index x = cand_site_[z(c)];
    fitting(c, x, ks);
    reconfigure(c, x, ks);
  }
  if (repair_->seated <= seated_before) undo_to(0);
  repair_->log.clear();
  repair_->log_ks.clear();
  conflict_->slot_mobile.clear();
}

void Arranger::retry_clashes() {
  std::vector<std::size_t> clashed;
  for (std::size_t ci = 0; ci < in_.candidates.size(); ++ci) {
    const Index c = static_cast<Index>(ci);
    clashed.clear();
    for (std::size_t k = offset_[ci]; k < offset_[ci + 1]; ++k) {
      if (state_[k] == State::unplaced && reason_[k] == UnplacedReason::time_clash)
        clashed.push_back(k);
    }
    if (clashed.empty()) continue;
    std::sort(clashed.begin(), clashed.end(), [&](std::size_t a, std::size_t b) {
      const Slot &x = in_.slots[z(slot_of(a))], &y = in_.slots[z(slot_of(b))];
      if (x.end != y.end) return x.end < y.end;
      if (x.start != y.start) return x.start > y.start;
      return a < b;
    });
    for (std::size_t k : clashed) {
      bool clash = false;
      bool seated = false;
      for (std::size_t j = offset_[ci]; j < offset_[ci + 1]; ++j) {
        if (state_[j] != State::assigned && state_[j] != State::fixed) continue;
        seated = true;
        clash = clash || overlap(slot_of(j), slot_of(k));
      }
      if (clash) continue;
      pool_[k] = 1;
      Index site = cand_site_[z(c)];
      if (!seated && fixed_site_[ci] < 0) {
        // Nothing holds the candidate to its site: any serving site with room will do.
        for (Index x : eligible(c)) {
          if (bit(x, mode_of(k)) >= 0 && fits(x, k)) {
            site = x;
            break;
          }
        }
        if (site >= 0 && site != cand_site_[z(c)]) {
          if (cand_site_[z(c)] >= 0) leave(c);
          join(c, site);
        }
      }
      if (site >= 0 && bit(site, mode_of(k)) >= 0 && fits(site, k)) {
        add(site, k, +1);
        state_[k] = State::assigned;
      } else {
        state_[k] = State::unplaced;
        reason_[k] = UnplacedReason::capacity;
      }
    }
  }
}

}  // namespace kaowu::schedule::stages
