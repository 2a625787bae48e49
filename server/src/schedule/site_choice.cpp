#include "schedule/arrange_stages.hpp"

namespace kaowu::schedule::stages {

// The augmenting-path search of the site choice (make_room()) may look at kRepairBudgetPerCandidate
// candidates for one candidate and kRepairBudgetTotal for the whole batch, moving candidates at
// most kRepairDepth sites deep; candidates left out are retried at most kRetryRounds times while
// a round still seats more. The budgets keep a batch where many candidates fit nowhere from
// searching for each of them at length: what the site choice leaves open goes on to the ejection
// chains and the conflict search, which are built for it.
// What the values change, measured on the tight 100k batches of bench/arrange (seeds 20210918, 7
// and 8, every seat needed) and 200 small exact batches, one value changed at a time
// (2026-12-04): every variant below left no one unplaced on the tight batches and reached the
// optimum on all 200 small ones, so on these batches the values decide time, not how many are
// placed (the standard batches show repair_moves=0: the search is not needed there).
// kRepairBudgetTotal: 0.5M took 0.6-1.5 s a batch, 5M 1.0-1.6 s, 50M 2.8-5.6 s: beyond a few
// million the search only delays the stages that finish the job. 5M is kept: a smaller one was
// faster here but is untried on the tight 1M batches, and it changes which candidates move.
// kRepairBudgetPerCandidate: 2,000 took 1.3-2.5 s, 20,000 and 200,000 1.0-1.8 s.
constexpr std::int64_t kRepairBudgetPerCandidate = 20000;
constexpr std::int64_t kRepairBudgetTotal = 5000000;
// kRepairDepth (moves per chain): 2, 4, 12 and 24 all placed everyone, in times within the
// machine's noise; 12 lets a chain cross a run of sites that share colleges pairwise while one
// search cannot wander through every site of a large batch.
constexpr int kRepairDepth = 12;
// kRetryRounds: cheap (one pass over the candidates each, and no more once a round seats no one
// more); 0, 1, 3 and 6 rounds all placed everyone, in times within the noise.
constexpr int kRetryRounds = 3;

std::int64_t Arranger::margin(const std::vector<std::size_t>& ks, Index site) const {
  std::int64_t best = std::numeric_limits<std::int64_t>::max();
  const std::size_t x = z(site);
  for (std::size_t k : ks) {
    const int j = bit(site, mode_of(k));
    if (j < 0) continue;
    const Index slot = slot_of(k);
    for (std::size_t e = seg_begin_[z(slot)]; e < seg_end_[z(slot)]; ++e) {
      const std::size_t row = hall_.row(x, e);
      for_masks_with(site_modes_[x], j,
                     [&](unsigned m) { best = std::min(best, hall_.left(row + m)); });
    }
  }
  return best;
}

void Arranger::leave(Index c) {
  const Index site = cand_site_[z(c)];
  auto& list = members_[z(site)];
  const std::size_t pos = member_pos_[z(c)];
  list[pos] = list.back();
  member_pos_[z(list[pos])] = pos;
  list.pop_back();
  if (conflict_ && !conflict_->slot_mobile.empty() && movable(c)) unlink_slots(c, site);
  cand_site_[z(c)] = -1;
}

void Arranger::link_slots(Index c, Index site) {
  const auto full = full_sites(c);
  Index alt = -1;  // the one other site where c may sit in full; -2 when there are several
  if (full.size() == 2) alt = full[0] == site ? full[1] : full[0];
  if (full.size() > 2) alt = -2;
  for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
    if (!pool_[k]) continue;
    auto& list = conflict_->slot_mobile[z(site) * in_.slots.size() + z(slot_of(k))];
    conflict_->slot_pos[k] = list.size();
    list.push_back(
        {static_cast<std::uint32_t>(k), c, alt, static_cast<std::int32_t>(bit(site, mode_of(k)))});
  }
}

void Arranger::unlink_slots(Index c, Index site) {
  for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
    if (!pool_[k]) continue;
    auto& list = conflict_->slot_mobile[z(site) * in_.slots.size() + z(slot_of(k))];
    const std::size_t at = conflict_->slot_pos[k];
    list[at] = list.back();
    conflict_->slot_pos[list[at].k] = at;
    list.pop_back();
  }
}

bool Arranger::make_room(Index c, const std::vector<std::size_t>& ks, Index site, int depth) {
  std::size_t fit = count_fit(ks, site);
  if (fit == ks.size()) return true;
  if (!mark_needs(ks, site)) return false;
  sites_->on_stack[z(site)] = &ks;
  const bool ok = free_seats_at(c, ks, site, depth, fit);
  sites_->on_stack[z(site)] = nullptr;
  return ok;
}

bool Arranger::free_seats_at(Index c, const std::vector<std::size_t>& ks, Index site, int depth,
                             std::size_t fit) {
  auto& list = members_[z(site)];
  std::vector<std::size_t> dks;
  for (std::size_t i = 0; i < list.size();) {
    if (sites_->budget <= 0) return false;
    const Index d = list[i];
    if (d == c || !movable(d)) {
      ++i;
      continue;
    }
    --sites_->budget;
    assigned_of(d, dks);
    for (std::size_t k : dks) add(site, k, -1);
    const std::size_t fit_without = count_fit(ks, site);
    Index target = -1;
    if (fit_without > fit) {
      for (Index y : eligible(d)) {
        if (y == site || count_fit(dks, y) != dks.size()) continue;
        // Never into a site being freed further up: a failed search there puts its candidate
        // back, and the seats it had lent would then be taken twice.
        if (sites_->on_stack[z(y)]) continue;
        target = y;
        break;
      }
      if (target < 0 && depth > 0) {
        for (Index y : eligible(d)) {
          if (y == site || sites_->on_stack[z(y)] || count_typed(dks, y) != dks.size()) continue;
          if (make_room(d, dks, y, depth - 1)) {
            target = y;
            break;
          }
          if (sites_->budget <= 0) break;
        }
      }
    }
    if (target < 0) {
      for (std::size_t k : dks) add(site, k, +1);
      ++i;
      continue;
    }
    leave(d);
    for (std::size_t k : dks) add(target, k, +1);
    join(d, target);
    ++repair_moves_;
    fit = count_fit(ks, site);
    if (fit == ks.size()) return true;
  }
  return false;
}

void Arranger::commit(Index c, Index site, const std::vector<std::size_t>& want) {
  for (std::size_t k : want) {
    if (fits(site, k)) {
      add(site, k, +1);
      state_[k] = State::assigned;
    } else {
      unplace(k,
              bit(site, mode_of(k)) < 0 ? UnplacedReason::no_room_type : UnplacedReason::capacity);
    }
  }
  join(c, site);
}

void Arranger::choose_sites() {
  const StageScope<SiteSearch> scope(sites_);
  members_.assign(in_.sites.size(), {});
  member_pos_.assign(in_.candidates.size(), 0);
  sites_->on_stack.assign(in_.sites.size(), nullptr);
  // Candidates with fewer possible sites first, in input order otherwise: a counting sort on
  // the number of sites (stable, and one pass over the candidates instead of a comparison sort
  // that looks their sites up again at every comparison).
  std::vector<Index> order(in_.candidates.size());
  {
    std::vector<std::size_t> from;
    for (std::size_t c = 0; c < in_.candidates.size(); ++c) {
      const std::size_t n = eligible(static_cast<Index>(c)).size();
      if (from.size() < n + 2) from.resize(n + 2, 0);
      ++from[n + 1];
    }
    for (std::size_t n = 1; n < from.size(); ++n) from[n] += from[n - 1];
    for (std::size_t c = 0; c < in_.candidates.size(); ++c) {
      order[from[eligible(static_cast<Index>(c)).size()]++] = static_cast<Index>(c);
    }
  }
  sites_->total_budget = kRepairBudgetTotal;
  pool_.assign(subject_.size(), 0);
  for (std::size_t k = 0; k < subject_.size(); ++k) pool_[k] = state_[k] == State::pending;
  std::vector<std::size_t> want;
  for (Index c : order) {
    want.clear();
    for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
      if (state_[k] == State::pending) want.push_back(k);
    }
    if (want.empty()) {
      if (fixed_site_[z(c)] >= 0) join(c, fixed_site_[z(c)]);
      continue;
    }
    place_candidate(c, want);
  }
  // Later moves can open room for candidates left out earlier: retry them while that helps.
  for (int round = 0; round < kRetryRounds && sites_->total_budget > 0; ++round) {
    bool progress = false;
    for (Index c : order) {
      want.clear();
      std::size_t before = 0;
      for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
        if (state_[k] == State::assigned) ++before;
        if (state_[k] == State::assigned ||
            (state_[k] == State::unplaced && reason_[k] == UnplacedReason::capacity)) {
          want.push_back(k);
        }
      }
      if (want.size() == before) continue;
      const Index site = cand_site_[z(c)];
      if (site >= 0) {
        for (std::size_t k : want) {
          if (state_[k] == State::assigned) add(site, k, -1);
        }
        leave(c);
      }
      for (std::size_t k : want) state_[k] = State::pending;
      place_candidate(c, want);
      std::size_t after = 0;
      for (std::size_t k : want) after += state_[k] == State::assigned;
      progress = progress || after > before;
    }
    if (!progress) break;
  }
}

void Arranger::place_candidate(Index c, const std::vector<std::size_t>& want) {
  const auto sites = eligible(c);
  std::size_t best_typed = 0;
  for (Index x : sites) best_typed = std::max(best_typed, count_typed(want, x));
  // Among the sites where everything fits, the one with the most room left for these subjects,
  // so that candidates with fewer choices later still find seats.
  Index chosen = -1;
  std::int64_t best_margin = 0;
  for (Index x : sites) {
    if (count_typed(want, x) != best_typed || count_fit(want, x) != best_typed) continue;
    const std::int64_t m = margin(want, x);
    if (chosen < 0 || m > best_margin) {
      chosen = x;
      best_margin = m;
    }
  }
  if (chosen < 0 && sites_->total_budget > 0) {
    std::vector<std::size_t> typed;
    for (Index x : sites) {
      if (count_typed(want, x) != best_typed) continue;
      typed.clear();
      for (std::size_t k : want) {
        if (bit(x, mode_of(k)) >= 0) typed.push_back(k);
      }
      sites_->explored.clear();
      sites_->budget = std::min(kRepairBudgetPerCandidate, sites_->total_budget);
      const std::int64_t before = sites_->budget;
      const bool ok = make_room(c, typed, x, kRepairDepth);
      sites_->total_budget -= before - sites_->budget;
      if (ok) {
        chosen = x;
        break;
      }
    }
  }
  if (chosen < 0) {
    std::size_t best_fit = 0;
    for (Index x : sites) {
      const std::size_t f = count_fit(want, x);
      if (chosen < 0 || f > best_fit) {
        chosen = x;
        best_fit = f;
      }
    }
  }
  commit(c, chosen, want);
}

}  // namespace kaowu::schedule::stages
