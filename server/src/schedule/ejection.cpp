#include "schedule/arrange_stages.hpp"

namespace kaowu::schedule::stages {

// The ejection chains (repair()) take at most kEjectionStepsPerOpen steps per open candidate and
// kEjectionStepsTotal in all, stop kEjectionStall plus kEjectionStallPerOpen per open candidate
// steps after their last gain, and may look at kEjectionScan candidates: a fixed amount, since on
// large tight batches the conflict search that follows does better with the time
// (bench/arrange/results.txt, round of 2026-11-28: the base of 20M is shared with it).
constexpr std::int64_t kEjectionStepsPerOpen = 2000;
constexpr std::int64_t kEjectionStepsTotal = 400000;
constexpr std::int64_t kEjectionScan = 20000000;
constexpr std::int64_t kEjectionStall = 500;
constexpr std::int64_t kEjectionStallPerOpen = 5;
// A candidate forced into a site may not be pushed out again for kEjectionTabu plus a random
// number below kEjectionTabuSpread steps: long enough that the candidates it displaced cannot
// push it straight back (a chain of two or three would otherwise cycle), short enough that it is
// free again while the chain is still working near it; the random part breaks cycles of a
// fixed length (the usual tabu-search device).
constexpr std::uint64_t kEjectionTabu = 4;
constexpr std::uint64_t kEjectionTabuSpread = 8;
// Fixed seeds of the generators that break ties (which site to force a candidate into, which
// candidate to push out): any value gives a deterministic run; these are hexadecimal digits of
// pi and of the square root of 2, chosen so as not to be chosen.
constexpr std::uint64_t kEjectionSiteSeed = 0x243f6a8885a308d3ULL;
constexpr std::uint64_t kEjectionPushSeed = 0x6a09e667f3bcc908ULL;

void Arranger::build_seg_masks() {
  repair_->seg_words = (segments_ + 63) / 64;
  repair_->seg_mask.assign(in_.candidates.size() * repair_->seg_words, 0);
  for (std::size_t c = 0; c < in_.candidates.size(); ++c) {
    for (std::size_t k = offset_[c]; k < offset_[c + 1]; ++k) {
      if (!pool_[k]) continue;
      for (std::size_t e = seg_begin_[z(slot_of(k))]; e < seg_end_[z(slot_of(k))]; ++e) {
        repair_->seg_mask[c * repair_->seg_words + e / 64] |= std::uint64_t{1} << (e % 64);
      }
    }
  }
}

void Arranger::reconfigure(Index c, Index site, const std::vector<std::size_t>& assign, bool log) {
  const Index old = cand_site_[z(c)];
  if (log) {
    RepairState::Change ch{c, old, repair_->log_ks.size(), 0};
    for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
      if (pool_[k] && state_[k] == State::assigned) repair_->log_ks.push_back(k);
    }
    ch.count = repair_->log_ks.size() - ch.first;
    repair_->log.push_back(ch);
  }
  for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
    if (!pool_[k] || state_[k] != State::assigned) continue;
    add(old, k, -1);
    state_[k] = State::unplaced;
    reason_[k] = UnplacedReason::capacity;
    --repair_->got_n[z(c)];
    --repair_->seated;
  }
  if (old != site) {
    if (old >= 0) leave(c);
    if (site >= 0) join(c, site);
  }
  for (std::size_t k : assign) {
    add(site, k, +1);
    state_[k] = State::assigned;
    ++repair_->got_n[z(c)];
    ++repair_->seated;
  }
}

void Arranger::undo_to(std::size_t mark) {
  std::vector<std::size_t> ks;
  while (repair_->log.size() > mark) {
    const RepairState::Change ch = repair_->log.back();
    repair_->log.pop_back();
    ks.assign(repair_->log_ks.begin() + static_cast<std::ptrdiff_t>(ch.first),
              repair_->log_ks.begin() + static_cast<std::ptrdiff_t>(ch.first + ch.count));
    repair_->log_ks.resize(ch.first);
    reconfigure(ch.c, ch.site, ks, false);
  }
}

void Arranger::fitting(Index c, Index site, std::vector<std::size_t>& out) {
  out.clear();
  for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
    if (!pool_[k] || bit(site, mode_of(k)) < 0 || !fits(site, k)) continue;
    add(site, k, +1);
    out.push_back(k);
  }
  for (std::size_t k : out) add(site, k, -1);
}

Index Arranger::best_partial(Index c, std::vector<std::size_t>& out) {
  Index chosen = -1;
  std::size_t best = 0;
  std::int64_t best_margin = 0;
  std::vector<std::size_t> list;
  for (Index x : eligible(c)) {
    fitting(c, x, list);
    const std::int64_t m = list.empty() ? 0 : margin(list, x);
    if (chosen < 0 || list.size() > best || (list.size() == best && m > best_margin)) {
      chosen = x;
      best = list.size();
      best_margin = m;
      out = list;
    }
  }
  return chosen;
}

std::int64_t Arranger::excess(const std::vector<std::size_t>& needs, Index site) const {
  const std::size_t x = z(site);
  std::int64_t total = 0;
  for (std::size_t k : needs) {
    const int j = bit(site, mode_of(k));
    const Index slot = slot_of(k);
    std::int64_t worst = 0;
    for (std::size_t e = seg_begin_[z(slot)]; e < seg_end_[z(slot)]; ++e) {
      const std::size_t row = hall_.row(x, e);
      for_masks_with(site_modes_[x], j,
                     [&](unsigned m) { worst = std::max(worst, 1 - hall_.left(row + m)); });
    }
    total += worst;
  }
  return total;
}

std::int64_t Arranger::ejection(Index c, const std::vector<std::size_t>& needs, Index site,
                                std::vector<Index>& out) {
  out.clear();
  std::int64_t cost = 0;
  std::int64_t ex = excess(needs, site);
  std::vector<Index> relevant;
  for (Index d : members_[z(site)]) {
    if (d == c || fixed_site_[z(d)] >= 0 || repair_->got_n[z(d)] == 0 ||
        repair_->tabu[z(d)] > repair_->step)
      continue;
    if (!may_share(d, c)) continue;
    bool shares = false;
    for (std::size_t k = offset_[z(d)]; k < offset_[z(d) + 1] && !shares; ++k) {
      if (!pool_[k] || state_[k] != State::assigned) continue;
      for (std::size_t n : needs) shares = shares || overlap(slot_of(k), slot_of(n));
    }
    if (shares) relevant.push_back(d);
  }
  repair_->scan += static_cast<std::int64_t>(members_[z(site)].size());
  while (ex > 0) {
    Index pick = -1;
    std::int64_t pick_gain = 0, pick_cost = 1;
    std::uint64_t pick_key = 0;
    for (Index d : relevant) {
      if (d < 0) continue;
      remove_seated(d, site, -1);
      const std::int64_t gain = ex - excess(needs, site);
      remove_seated(d, site, +1);
      ++repair_->scan;
      if (gain <= 0) continue;
      const std::int64_t dc = repair_->got_n[z(d)];
      const std::uint64_t key =
          mix_seed(kEjectionPushSeed, static_cast<std::uint64_t>(d), repair_->step);
      // gain / cost larger is better: compare gain * pick_cost with pick_gain * dc.
      if (pick < 0 || gain * pick_cost > pick_gain * dc ||
          (gain * pick_cost == pick_gain * dc && key < pick_key)) {
        pick = d;
        pick_gain = gain;
        pick_cost = dc;
        pick_key = key;
      }
    }
    if (pick < 0) break;
    remove_seated(pick, site, -1);
    out.push_back(pick);
    cost += repair_->got_n[z(pick)];
    ex -= pick_gain;
    for (Index& d : relevant) {
      if (d == pick) d = -1;
    }
  }
  if (ex > 0) {
    for (Index d : out) remove_seated(d, site, +1);
    return -1;
  }
  // Put back whoever is not needed after all, latest pick first.
  for (std::size_t i = out.size(); i-- > 0;) {
    const Index d = out[i];
    remove_seated(d, site, +1);
    if (excess(needs, site) == 0) {
      cost -= repair_->got_n[z(d)];
      out.erase(out.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      remove_seated(d, site, -1);
    }
  }
  for (Index d : out) remove_seated(d, site, +1);
  return cost;
}

void Arranger::repair() {
  repair_->want_n.assign(in_.candidates.size(), 0);
  repair_->got_n.assign(in_.candidates.size(), 0);
  repair_->tabu.assign(in_.candidates.size(), 0);
  std::int64_t target = 0;
  std::vector<Index> queue;
  for (std::size_t ci = 0; ci < in_.candidates.size(); ++ci) {
    const Index c = static_cast<Index>(ci);
    std::int32_t best = 0, got = 0;
    for (Index x : eligible(c)) {
      std::int32_t typed = 0;
      for (std::size_t k = offset_[ci]; k < offset_[ci + 1]; ++k)
        typed += pool_[k] && bit(x, mode_of(k)) >= 0;
      best = std::max(best, typed);
    }
    for (std::size_t k = offset_[ci]; k < offset_[ci + 1]; ++k)
      got += pool_[k] && state_[k] == State::assigned;
    repair_->want_n[ci] = best;
    repair_->got_n[ci] = got;
    repair_->seated += got;
    target += best;
    if (got < best) queue.push_back(c);
  }
  if (queue.empty()) return;
  build_seg_masks();
  std::int64_t best_seated = repair_->seated;
  const std::int64_t open = static_cast<std::int64_t>(queue.size());
  const std::int64_t steps = std::min(kEjectionStepsTotal, kEjectionStepsPerOpen * open);
  const std::int64_t stall = kEjectionStall + kEjectionStallPerOpen * open;
  SplitMix64 rng(kEjectionSiteSeed ^ static_cast<std::uint64_t>(open));
  std::vector<char> queued(in_.candidates.size(), 0);
  std::deque<Index> fifo;
  auto push = [&](Index c) {
    if (!queued[z(c)]) {
      queued[z(c)] = 1;
      fifo.push_back(c);
    }
  };
  for (Index c : queue) push(c);
  std::vector<std::size_t> list, needs;
  std::vector<Index> out, chosen_out;
  repair_->log.clear();
  repair_->log_ks.clear();
  repair_->scan = 0;
  std::uint64_t last_best = 0;
  for (repair_->step = 0; !fifo.empty() && repair_->seated < target;) {
    if (static_cast<std::int64_t>(repair_->step) >= steps ||
        static_cast<std::int64_t>(repair_->step - last_best) >= stall ||
        repair_->scan >= kEjectionScan) {
      break;
    }
    const Index c = fifo.front();
    fifo.pop_front();
    queued[z(c)] = 0;
    if (!open_candidate(c)) continue;
    ++repair_->step;
    // Off its site, then wherever all of it fits.
    reconfigure(c, cand_site_[z(c)], {});
    Index direct = best_partial(c, list);
    if (list.size() == want_of(c)) {
      reconfigure(c, direct, list);
    } else {
      // Forced in where the fewest seated subjects make way.
      Index target_site = -1;
      std::int64_t best_cost = -1;
      std::uint64_t best_key = 0;
      for (Index x : eligible(c)) {
        needs.clear();
        for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
          if (pool_[k] && bit(x, mode_of(k)) >= 0) needs.push_back(k);
        }
        if (needs.size() != want_of(c)) continue;
        const std::int64_t cost = ejection(c, needs, x, out);
        if (cost < 0) continue;
        const std::uint64_t key = rng.next();
        if (target_site < 0 || cost < best_cost || (cost == best_cost && key < best_key)) {
          target_site = x;
          best_cost = cost;
          best_key = key;
          chosen_out = out;
        }
      }
      if (target_site < 0) {
        reconfigure(c, direct, list);
      } else {
        for (Index d : chosen_out) reconfigure(d, cand_site_[z(d)], {});
        fitting(c, target_site, list);
        reconfigure(c, target_site, list);
        repair_->tabu[z(c)] = repair_->step + kEjectionTabu + rng.below(kEjectionTabuSpread);
        for (Index d : chosen_out) {
          const Index y = best_partial(d, list);
          reconfigure(d, y, list);
          if (open_candidate(d)) push(d);
        }
        ++repair_moves_;
      }
    }
    if (open_candidate(c)) push(c);
    if (repair_->seated > best_seated) {
      best_seated = repair_->seated;
      last_best = repair_->step;
      repair_->log.clear();
      repair_->log_ks.clear();
    }
  }
  undo_to(0);
}

}  // namespace kaowu::schedule::stages
