#include "schedule/arrange_stages.hpp"

namespace kaowu::schedule::stages {

void Arranger::place_rooms() {
  // Candidate-subjects to arrange, bucketed by site, each with its sort key (slot in time order,
  // then subject), subject and candidate, read in one pass in order of candidate-subject.
  struct Entry {
    std::uint64_t key;
    std::size_t k;
    Index subject, cand;
    bool operator<(const Entry& o) const { return key != o.key ? key < o.key : k < o.k; }
  };
  std::vector<std::size_t> start(in_.sites.size() + 1, 0);
  for (std::size_t k = 0; k < subject_.size(); ++k) {
    if (state_[k] == State::assigned) ++start[z(cand_site_[z(cand_[k])]) + 1];
  }
  for (std::size_t x = 0; x < in_.sites.size(); ++x) start[x + 1] += start[x];
  std::vector<Entry> bucket(start.back());
  {
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (std::size_t k = 0; k < subject_.size(); ++k) {
      if (state_[k] != State::assigned) continue;
      const Index c = cand_[k], subject = subject_[k];
      bucket[fill[z(cand_site_[z(c)])]++] = {
          static_cast<std::uint64_t>(slot_rank_[z(in_.subjects[z(subject)].slot)]) << 32 |
              static_cast<std::uint32_t>(subject),
          k, subject, c};
    }
  }
  std::vector<std::int32_t> used;
  SiteItems items;
  for (std::size_t x = 0; x < in_.sites.size(); ++x) {
    if (start[x] == start[x + 1]) continue;
    const auto first = bucket.begin() + static_cast<std::ptrdiff_t>(start[x]);
    const auto last = bucket.begin() + static_cast<std::ptrdiff_t>(start[x + 1]);
    std::sort(first, last);
    items.ks.clear();
    items.subject.clear();
    items.cand.clear();
    for (auto it = first; it != last; ++it) {
      items.ks.push_back(it->k);
      items.subject.push_back(it->subject);
      items.cand.push_back(it->cand);
    }
    place_site(static_cast<Index>(x), items, used);
  }
}

void Arranger::place_site(Index site, const SiteItems& items, std::vector<std::int32_t>& used) {
  const std::vector<std::size_t>& ks = items.ks;
  const auto& rooms = site_rooms_[z(site)];
  const std::size_t n_rooms = rooms.size();
  used.assign(n_rooms * segments_, 0);
  for (std::size_t lr = 0; lr < n_rooms && !existing_used_.empty(); ++lr) {
    for (std::size_t e = 0; e < segments_; ++e) {
      auto it = existing_used_.find(pair_key(rooms[lr], static_cast<Index>(e)));
      if (it != existing_used_.end()) used[lr * segments_ + e] = it->second;
    }
  }
  const int bits = site_modes_[z(site)];
  std::vector<Class> classes;
  {
    std::vector<unsigned> masks;
    for (Index r : rooms) {
      if (room_mask_[z(r)]) masks.push_back(room_mask_[z(r)]);
    }
    std::sort(masks.begin(), masks.end(), [](unsigned a, unsigned b) {
      if (std::popcount(a) != std::popcount(b)) return std::popcount(a) < std::popcount(b);
      return a < b;
    });
    masks.erase(std::unique(masks.begin(), masks.end()), masks.end());
    for (unsigned m : masks) classes.push_back({m, {}});
    for (std::size_t lr = 0; lr < n_rooms; ++lr) {
      const unsigned m = room_mask_[z(rooms[lr])];
      for (auto& cl : classes) {
        if (cl.mask == m) cl.rooms.push_back(static_cast<Index>(lr));
      }
    }
  }
  std::vector<std::int64_t> avail(n_rooms);
  std::vector<char> open(n_rooms);
  for (std::size_t i = 0; i < ks.size();) {
    const Index slot = items.slot(i, in_);
    std::size_t j = i;
    while (j < ks.size() && items.slot(j, in_) == slot) ++j;
    for (std::size_t lr = 0; lr < n_rooms; ++lr) {
      std::int32_t peak = 0;
      for (std::size_t e = seg_begin_[z(slot)]; e < seg_end_[z(slot)]; ++e) {
        peak = std::max(peak, used[lr * segments_ + e]);
      }
      avail[lr] = std::max<std::int64_t>(0, in_.rooms[z(rooms[lr])].seats - peak);
      open[lr] = existing_count_.count(pair_key(rooms[lr], slot)) > 0;
    }
    place_slot(site, slot, bits, classes, rooms, avail, open, items, i, j, used);
    i = j;
  }
}

void Arranger::place_slot(Index site, Index slot, int bits, std::vector<Class>& classes,
                          const std::vector<Index>& rooms, const std::vector<std::int64_t>& avail,
                          const std::vector<char>& open, const SiteItems& items, std::size_t from,
                          std::size_t to, std::vector<std::int32_t>& used) {
  const std::vector<std::size_t>& ks = items.ks;
  auto mode_at = [&](std::size_t i) { return in_.subjects[z(items.subject[i])].mode; };
  const std::size_t nc = classes.size();
  const std::size_t nm = static_cast<std::size_t>(bits);
  std::vector<std::int64_t> demand(nm, 0), residual(nc, 0);
  for (std::size_t i = from; i < to; ++i) ++demand[z(static_cast<Index>(bit(site, mode_at(i))))];
  for (std::size_t t = 0; t < nc; ++t) {
    for (Index lr : classes[t].rooms) residual[t] += avail[z(lr)];
  }
  // Modes to room classes: greedy on the most specialised classes, then augmenting paths.
  std::vector<unsigned> class_masks(nc);
  for (std::size_t t = 0; t < nc; ++t) class_masks[t] = classes[t].mask;
  const std::vector<std::int64_t> flow =
      stages::flow_modes_to_classes(class_masks, residual, demand);
  // Each mode's share of each class, handed to its subjects in order, then rooms filled.
  struct Piece {
    std::size_t group;
    std::int64_t amount;
  };
  std::vector<std::size_t> group_start;
  for (std::size_t i = from; i < to; ++i) {
    if (i == from || items.subject[i] != items.subject[i - 1]) group_start.push_back(i);
  }
  group_start.push_back(to);
  const std::size_t groups = group_start.size() - 1;
  std::vector<std::vector<Piece>> pieces(nc);
  for (std::size_t m = 0; m < nm; ++m) {
    std::size_t t = 0;
    std::int64_t left_in_class = nc ? flow[m * nc] : 0;
    for (std::size_t g = 0; g < groups; ++g) {
      if (z(static_cast<Index>(bit(site, mode_at(group_start[g])))) != m) continue;
      std::int64_t need = static_cast<std::int64_t>(group_start[g + 1] - group_start[g]);
      while (need > 0 && t < nc) {
        if (left_in_class == 0) {
          if (++t < nc) left_in_class = flow[m * nc + t];
          continue;
        }
        const std::int64_t take = std::min(need, left_in_class);
        pieces[t].push_back({g, take});
        need -= take;
        left_in_class -= take;
      }
    }
  }
  std::vector<std::vector<std::pair<Index, std::int64_t>>> group_rooms(groups);
  auto certificate_of = [&](std::size_t g) {
    return in_.subjects[z(items.subject[group_start[g]])].certificate;
  };
  std::vector<std::int64_t> left(rooms.size());
  std::vector<char> taken(rooms.size());
  std::vector<std::int64_t> home_count(rooms.size());
  for (std::size_t t = 0; t < nc; ++t) {
    auto& list = pieces[t];
    if (list.empty()) continue;
    std::stable_sort(list.begin(), list.end(), [&](const Piece& a, const Piece& b) {
      return certificate_of(a.group) < certificate_of(b.group);
    });
    std::vector<Index> order = classes[t].rooms;
    std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
      if (open[z(a)] != open[z(b)]) return open[z(a)] > open[z(b)];
      return avail[z(a)] > avail[z(b)];
    });
    for (Index lr : order) {
      left[z(lr)] = avail[z(lr)];
      taken[z(lr)] = open[z(lr)];
    }
    auto give = [&](Piece& p, Index lr, std::int64_t amount) {
      const std::int64_t take = std::min({amount, p.amount, left[z(lr)]});
      if (take <= 0) return std::int64_t{0};
      group_rooms[p.group].push_back({rooms[z(lr)], take});
      p.amount -= take;
      left[z(lr)] -= take;
      return take;
    };
    // Rooms of their own for each certificate (so that its invigilators need only that one),
    // best fit, preferring the room its candidates already sit in.
    for (std::size_t a = 0; a < list.size();) {
      std::size_t b = a;
      std::int64_t need = 0;
      while (b < list.size() && certificate_of(list[b].group) == certificate_of(list[a].group))
        need += list[b++].amount;
      for (Index lr : order) home_count[z(lr)] = 0;
      for (std::size_t q = a; q < b; ++q) {
        const std::size_t g = list[q].group;
        for (std::size_t i = group_start[g]; i < group_start[g + 1]; ++i) {
          const Index home = home_[z(items.cand[i])];
          if (home < 0 || in_.rooms[z(home)].site != site) continue;
          const auto lr = std::lower_bound(rooms.begin(), rooms.end(), home) - rooms.begin();
          ++home_count[static_cast<std::size_t>(lr)];
        }
      }
      while (need > 0) {
        Index best = -1;
        for (Index lr : order) {
          if (taken[z(lr)] || left[z(lr)] == 0) continue;
          if (best < 0) {
            best = lr;
            continue;
          }
          const bool fits_lr = left[z(lr)] >= need, fits_best = left[z(best)] >= need;
          if (fits_lr != fits_best) {
            if (fits_lr) best = lr;
            continue;
          }
          if (home_count[z(lr)] != home_count[z(best)]) {
            if (home_count[z(lr)] > home_count[z(best)]) best = lr;
            continue;
          }
          if (fits_lr ? left[z(lr)] < left[z(best)] : left[z(lr)] > left[z(best)]) best = lr;
        }
        if (best < 0) break;
        taken[z(best)] = 1;
        for (std::size_t q = a; q < b && left[z(best)] > 0; ++q)
          need -= give(list[q], best, list[q].amount);
      }
      a = b;
    }
    // What is left shares rooms already in use, then any room with space.
    for (auto& p : list) {
      for (int pass = 0; pass < 2 && p.amount > 0; ++pass) {
        for (Index lr : order) {
          if ((pass == 0) != static_cast<bool>(taken[z(lr)])) continue;
          give(p, lr, p.amount);
          if (p.amount == 0) break;
        }
      }
    }
  }
  // Candidates to rooms: first those whose other subjects already sit in one of the rooms.
  std::vector<std::int32_t> added(rooms.size(), 0);
  for (std::size_t g = 0; g < groups; ++g) {
    auto& targets = group_rooms[g];
    for (std::size_t i = group_start[g]; i < group_start[g + 1]; ++i) {
      const std::size_t k = ks[i];
      const Index home = home_[z(items.cand[i])];
      if (home < 0) continue;
      for (auto& [room, count] : targets) {
        if (room == home && count > 0) {
          room_[k] = room;
          --count;
          break;
        }
      }
    }
    std::size_t ti = 0;
    for (std::size_t i = group_start[g]; i < group_start[g + 1]; ++i) {
      const std::size_t k = ks[i];
      if (room_[k] >= 0) continue;
      while (ti < targets.size() && targets[ti].second == 0) ++ti;
      if (ti == targets.size()) {
        unplace(k, UnplacedReason::capacity);
        continue;
      }
      room_[k] = targets[ti].first;
      --targets[ti].second;
    }
    for (std::size_t i = group_start[g]; i < group_start[g + 1]; ++i) {
      const std::size_t k = ks[i];
      if (room_[k] < 0) continue;
      if (home_[z(items.cand[i])] < 0) home_[z(items.cand[i])] = room_[k];
      const auto lr = std::lower_bound(rooms.begin(), rooms.end(), room_[k]) - rooms.begin();
      ++added[static_cast<std::size_t>(lr)];
    }
  }
  for (std::size_t lr = 0; lr < rooms.size(); ++lr) {
    if (!added[lr]) continue;
    for (std::size_t e = seg_begin_[z(slot)]; e < seg_end_[z(slot)]; ++e)
      used[lr * segments_ + e] += added[lr];
  }
}

}  // namespace kaowu::schedule::stages
