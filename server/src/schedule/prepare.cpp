#include "schedule/arrange_stages.hpp"

namespace kaowu::schedule::stages {

// A site's exam modes are the bits of a set (an unsigned mask) and its capacity keeps a row entry
// for every set of them: 2^8 = 256 entries per site and time segment at most. More modes at one
// site are refused with a message rather than a table that doubles with each mode.
constexpr int kMaxLocalModes = 8;

namespace {

//! The first eight bytes of `id` as a number that orders as the strings do (bytes compared
//! unsigned, a shorter string padded with zeros): equal numbers leave the order to the strings.
std::uint64_t id_prefix(const std::string& id) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    v = v << 8 | (i < id.size() ? static_cast<unsigned char>(id[i]) : 0u);
  }
  return v;
}

}  // namespace

void Arranger::build_time() {
  std::vector<std::int64_t> bounds;
  for (const auto& s : in_.slots) {
    bounds.push_back(s.start);
    bounds.push_back(s.end);
  }
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  segments_ = bounds.empty() ? 0 : bounds.size() - 1;
  seg_begin_.resize(in_.slots.size());
  seg_end_.resize(in_.slots.size());
  for (std::size_t s = 0; s < in_.slots.size(); ++s) {
    seg_begin_[s] = static_cast<std::size_t>(
        std::lower_bound(bounds.begin(), bounds.end(), in_.slots[s].start) - bounds.begin());
    seg_end_[s] = static_cast<std::size_t>(
        std::lower_bound(bounds.begin(), bounds.end(), in_.slots[s].end) - bounds.begin());
  }
  std::vector<Index> order(in_.slots.size());
  std::iota(order.begin(), order.end(), Index{0});
  std::sort(order.begin(), order.end(), [&](Index a, Index b) {
    const Slot &x = in_.slots[z(a)], &y = in_.slots[z(b)];
    if (x.start != y.start) return x.start < y.start;
    if (x.end != y.end) return x.end < y.end;
    return a < b;
  });
  slot_rank_.resize(in_.slots.size());
  for (std::size_t i = 0; i < order.size(); ++i) slot_rank_[z(order[i])] = static_cast<Index>(i);
}

Status Arranger::build_sites() {
  const std::size_t modes = in_.modes.size();
  std::vector<char> subject_mode(modes, 0);
  for (const auto& s : in_.subjects) subject_mode[z(s.mode)] = 1;
  site_rooms_.assign(in_.sites.size(), {});
  for (std::size_t r = 0; r < in_.rooms.size(); ++r)
    site_rooms_[z(in_.rooms[r].site)].push_back(static_cast<Index>(r));
  site_bit_.assign(in_.sites.size() * modes, -1);
  site_modes_.assign(in_.sites.size(), 0);
  for (std::size_t x = 0; x < in_.sites.size(); ++x) {
    std::vector<char> present(modes, 0);
    for (Index r : site_rooms_[x]) {
      for (Index m : in_.rooms[z(r)].types) present[z(m)] = 1;
    }
    int bits = 0;
    for (std::size_t m = 0; m < modes; ++m) {
      if (!present[m] || !subject_mode[m]) continue;
      if (bits == kMaxLocalModes) {
        return err::invalid("考点 " + in_.sites[x].id + " 的考场类型超过 " +
                            std::to_string(kMaxLocalModes) + " 种考试形式，无法排考");
      }
      site_bit_[x * modes + m] = static_cast<std::int8_t>(bits++);
    }
    site_modes_[x] = bits;
  }
  room_mask_.assign(in_.rooms.size(), 0);
  for (std::size_t r = 0; r < in_.rooms.size(); ++r) {
    for (Index m : in_.rooms[r].types) {
      const int b = bit(in_.rooms[r].site, m);
      if (b >= 0) room_mask_[r] |= 1u << b;
    }
  }
  college_sites_.assign(in_.colleges.size(), {});
  for (std::size_t x = 0; x < in_.sites.size(); ++x) {
    for (Index c : in_.sites[x].colleges) college_sites_[z(c)].push_back(static_cast<Index>(x));
  }
  return {};
}

void Arranger::build_candidates() {
  offset_.resize(in_.candidates.size() + 1);
  offset_[0] = 0;
  for (std::size_t c = 0; c < in_.candidates.size(); ++c) {
    offset_[c + 1] = offset_[c] + in_.candidates[c].subjects.size();
  }
  const std::size_t n = offset_.back();
  subject_.resize(n);
  cand_.resize(n);
  for (std::size_t c = 0; c < in_.candidates.size(); ++c) {
    for (std::size_t i = 0; i < in_.candidates[c].subjects.size(); ++i) {
      subject_[offset_[c] + i] = in_.candidates[c].subjects[i];
      cand_[offset_[c] + i] = static_cast<Index>(c);
    }
  }
  state_.assign(n, State::pending);
  reason_.assign(n, UnplacedReason::capacity);
  room_.assign(n, -1);
  seat_.assign(n, 0);
  cand_site_.assign(in_.candidates.size(), -1);
  fixed_site_.assign(in_.candidates.size(), -1);
  home_.assign(in_.candidates.size(), -1);
  // Candidates in the order of their ids. Ids are unique, so the order is the same however it is
  // found; sorting on the first eight bytes of each id (kept beside the index) touches the
  // strings themselves only for ids that share those bytes, which keeps a million candidates
  // from costing a cache miss per comparison.
  struct ById {
    std::uint64_t prefix;
    Index c;
  };
  std::vector<ById> by_id(in_.candidates.size());
  for (std::size_t c = 0; c < in_.candidates.size(); ++c) {
    by_id[c] = {id_prefix(in_.candidates[c].id), static_cast<Index>(c)};
  }
  std::sort(by_id.begin(), by_id.end(), [&](const ById& a, const ById& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return in_.candidates[z(a.c)].id < in_.candidates[z(b.c)].id;
  });
  id_rank_.resize(in_.candidates.size());
  for (std::size_t i = 0; i < by_id.size(); ++i) id_rank_[z(by_id[i].c)] = static_cast<Index>(i);
}

void Arranger::apply_existing() {
  std::unordered_map<std::uint64_t, std::vector<Index>> seat_slots;  // (room, seat) -> slots
  std::vector<char> seen(subject_.size(), 0);
  for (std::size_t row = 0; row < in_.existing.size(); ++row) {
    const ExistingRow& e = in_.existing[row];
    const Room& room = in_.rooms[z(e.room)];
    const Subject& subject = in_.subjects[z(e.subject)];
    const Index c = e.candidate;
    const std::size_t k = find_k(c, e.subject);
    const char* reason = nullptr;
    if (k == std::numeric_limits<std::size_t>::max()) {
      reason = "not_registered";
    } else if (seen[k]) {
      reason = "duplicate";
    } else if (!std::binary_search(room.types.begin(), room.types.end(), subject.mode)) {
      reason = "room_type";
    } else if (e.seat > room.seats) {
      reason = "seat_range";
    } else if (!std::binary_search(in_.sites[z(room.site)].colleges.begin(),
                                   in_.sites[z(room.site)].colleges.end(),
                                   in_.candidates[z(c)].college)) {
      reason = "site_college";
    } else if (fixed_site_[z(c)] >= 0 && fixed_site_[z(c)] != room.site) {
      reason = "site_mismatch";
    } else {
      for (std::size_t j = offset_[z(c)]; j < offset_[z(c) + 1] && !reason; ++j) {
        if (state_[j] == State::fixed && overlap(slot_of(j), subject.slot)) reason = "time_clash";
      }
      if (!reason) {
        auto it = seat_slots.find(pair_key(e.room, e.seat));
        if (it != seat_slots.end()) {
          for (Index s : it->second) {
            if (overlap(s, subject.slot)) reason = "seat_taken";
          }
        }
      }
    }
    if (reason) {
      rejected_.push_back({static_cast<std::int32_t>(row), reason});
      if (k != std::numeric_limits<std::size_t>::max() && state_[k] == State::pending) {
        state_[k] = State::unplaced;
        reason_[k] = UnplacedReason::invalid_existing;
      }
      continue;
    }
    seen[k] = 1;
    state_[k] = State::fixed;
    room_[k] = e.room;
    seat_[k] = e.seat;
    fixed_site_[z(c)] = room.site;
    if (home_[z(c)] < 0) home_[z(c)] = e.room;
    seat_slots[pair_key(e.room, e.seat)].push_back(subject.slot);
    ++existing_count_[pair_key(e.room, subject.slot)];
    for (std::size_t seg = seg_begin_[z(subject.slot)]; seg < seg_end_[z(subject.slot)]; ++seg) {
      ++existing_used_[pair_key(e.room, static_cast<Index>(seg))];
    }
  }
}

void Arranger::build_hall() {
  hall_.build(segments_, site_modes_);
  std::vector<std::pair<unsigned, std::int64_t>> rooms;
  for (std::size_t x = 0; x < in_.sites.size(); ++x) {
    rooms.clear();
    for (Index r : site_rooms_[x]) rooms.push_back({room_mask_[z(r)], in_.rooms[z(r)].seats});
    hall_.add_rooms(x, rooms);
  }
  for (const auto& [key, used] : existing_used_) {
    const Index r = static_cast<Index>(key >> 32);
    const std::size_t e = static_cast<std::uint32_t>(key);
    hall_.take(z(in_.rooms[z(r)].site), e, room_mask_[z(r)], used);
  }
}

void Arranger::filter_candidates() {
  std::vector<std::size_t> open;
  for (std::size_t ci = 0; ci < in_.candidates.size(); ++ci) {
    const Index c = static_cast<Index>(ci);
    const auto sites = eligible(c);
    for (std::size_t k = offset_[ci]; k < offset_[ci + 1]; ++k) {
      if (state_[k] != State::pending) continue;
      if (sites.empty()) {
        unplace(k, UnplacedReason::no_site);
        continue;
      }
      bool typed = false;
      for (Index x : sites) typed = typed || bit(x, mode_of(k)) >= 0;
      if (!typed) unplace(k, UnplacedReason::no_room_type);
    }
    // Keep the largest set of subjects without overlaps (earliest end first is optimal),
    // after the kept existing ones.
    open.clear();
    for (std::size_t k = offset_[ci]; k < offset_[ci + 1]; ++k) {
      if (state_[k] != State::pending) continue;
      bool clash = false;
      for (std::size_t j = offset_[ci]; j < offset_[ci + 1] && !clash; ++j) {
        if (state_[j] == State::fixed && overlap(slot_of(j), slot_of(k))) clash = true;
      }
      if (clash) {
        unplace(k, UnplacedReason::time_clash);
      } else {
        open.push_back(k);
      }
    }
    if (open.size() < 2) continue;
    std::sort(open.begin(), open.end(), [&](std::size_t a, std::size_t b) {
      const Slot &x = in_.slots[z(slot_of(a))], &y = in_.slots[z(slot_of(b))];
      if (x.end != y.end) return x.end < y.end;
      if (x.start != y.start) return x.start > y.start;
      return a < b;
    });
    std::int64_t free_from = std::numeric_limits<std::int64_t>::min();
    for (std::size_t k : open) {
      const Slot& s = in_.slots[z(slot_of(k))];
      if (s.start >= free_from) {
        free_from = s.end;
      } else {
        unplace(k, UnplacedReason::time_clash);
      }
    }
  }
}

}  // namespace kaowu::schedule::stages
