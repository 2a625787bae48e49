#include "schedule/arrange_stages.hpp"

namespace kaowu::schedule::stages {

void Arranger::seat_and_staff() {
  std::vector<std::size_t> start(in_.rooms.size() + 1, 0);
  for (std::size_t k = 0; k < subject_.size(); ++k) {
    if (room_[k] >= 0 && state_[k] != State::unplaced) ++start[z(room_[k]) + 1];
  }
  for (std::size_t r = 0; r < in_.rooms.size(); ++r) start[r + 1] += start[r];
  std::vector<std::size_t> bucket(start.back());
  {
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (std::size_t k = 0; k < subject_.size(); ++k) {
      if (room_[k] >= 0 && state_[k] != State::unplaced) bucket[fill[z(room_[k])]++] = k;
    }
  }
  std::vector<std::int64_t> seat_end;
  std::vector<char> blocked;
  std::vector<std::int32_t> free_seats;
  std::vector<Index> people;
  std::vector<TakenSeat> pinned, taken;
  std::vector<std::size_t> new_ks;
  std::vector<std::pair<Index, std::size_t>> k_of;
  std::vector<Index> college_count(in_.colleges.size(), 0);
  for (std::size_t r = 0; r < in_.rooms.size(); ++r) {
    if (start[r] == start[r + 1]) continue;
    const Room& room = in_.rooms[r];
    auto first = bucket.begin() + static_cast<std::ptrdiff_t>(start[r]);
    auto last = bucket.begin() + static_cast<std::ptrdiff_t>(start[r + 1]);
    std::sort(first, last, [&](std::size_t a, std::size_t b) {
      const Index ra = slot_rank_[z(slot_of(a))], rb = slot_rank_[z(slot_of(b))];
      if (ra != rb) return ra < rb;
      return id_rank_[z(cand_[a])] < id_rank_[z(cand_[b])];
    });
    std::vector<std::size_t> ks(first, last);
    std::vector<std::size_t> group_start;
    for (std::size_t i = 0; i < ks.size(); ++i) {
      if (i == 0 || slot_of(ks[i]) != slot_of(ks[i - 1])) group_start.push_back(i);
    }
    group_start.push_back(ks.size());
    seat_end.assign(static_cast<std::size_t>(room.seats) + 2,
                    std::numeric_limits<std::int64_t>::min());
    for (std::size_t g = 0; g + 1 < group_start.size(); ++g) {
      const Index slot = slot_of(ks[group_start[g]]);
      const Slot& s = in_.slots[z(slot)];
      blocked.assign(static_cast<std::size_t>(room.seats) + 2, 0);
      pinned.clear();
      new_ks.clear();
      for (std::size_t i = group_start[g]; i < group_start[g + 1]; ++i) {
        const std::size_t k = ks[i];
        if (state_[k] == State::fixed) {
          blocked[z(seat_[k])] = 1;
          pinned.push_back({seat_[k], in_.candidates[z(cand_[k])].college});
        } else {
          new_ks.push_back(k);
        }
      }
      for (std::size_t h = group_start[g + 1]; h < ks.size(); ++h) {
        const std::size_t k = ks[h];
        if (in_.slots[z(slot_of(k))].start >= s.end) break;
        if (state_[k] == State::fixed) blocked[z(seat_[k])] = 1;
      }
      free_seats.clear();
      for (std::int32_t seat = 1; seat <= room.seats && free_seats.size() < new_ks.size(); ++seat) {
        if (!blocked[z(seat)] && seat_end[z(seat)] <= s.start) free_seats.push_back(seat);
      }
      while (new_ks.size() > free_seats.size()) {
        unplace(new_ks.back(), UnplacedReason::capacity);
        room_[new_ks.back()] = -1;
        new_ks.pop_back();
      }
      std::sort(pinned.begin(), pinned.end(),
                [](const TakenSeat& a, const TakenSeat& b) { return a.seat < b.seat; });
      people.clear();
      k_of.clear();
      for (std::size_t k : new_ks) {
        people.push_back(cand_[k]);
        k_of.push_back({cand_[k], k});
      }
      std::sort(k_of.begin(), k_of.end());
      const auto ordered =
          order_seats(in_, in_.seating, mix_seed(in_.seed, r, static_cast<std::uint64_t>(slot)),
                      free_seats, people, pinned);
      taken = pinned;
      for (std::size_t i = 0; i < ordered.size(); ++i) {
        const auto hit = std::lower_bound(k_of.begin(), k_of.end(),
                                          std::pair<Index, std::size_t>{ordered[i], 0});
        seat_[hit->second] = free_seats[i];
        taken.push_back({free_seats[i], in_.candidates[z(ordered[i])].college});
      }
      std::sort(taken.begin(), taken.end(),
                [](const TakenSeat& a, const TakenSeat& b) { return a.seat < b.seat; });
      for (const auto& t : taken) seat_end[z(t.seat)] = std::max(seat_end[z(t.seat)], s.end);
      if (taken.empty()) continue;
      // Stats: neighbours from one college, and the same for a seeded random order.
      const auto [pairs, same] = adjacent_pairs(taken);
      stats_.adjacent_pairs += pairs;
      stats_.adjacent_same_college += same;
      {
        SplitMix64 rng(mix_seed(in_.seed ^ 0x5eedULL, r, static_cast<std::uint64_t>(slot), 1));
        std::vector<Index> shuffled = people;
        shuffle(shuffled, rng);
        std::vector<TakenSeat> baseline = pinned;
        for (std::size_t i = 0; i < shuffled.size(); ++i) {
          baseline.push_back({free_seats[i], in_.candidates[z(shuffled[i])].college});
        }
        std::sort(baseline.begin(), baseline.end(),
                  [](const TakenSeat& a, const TakenSeat& b) { return a.seat < b.seat; });
        stats_.random_adjacent_same_college += adjacent_pairs(baseline).second;
      }
      // The room-slot and what staffing it needs.
      RoomSlot rs;
      rs.room = static_cast<Index>(r);
      rs.slot = slot;
      RoomSlotNeed need;
      std::vector<Index> subjects;
      Index majority = -1;
      std::int32_t best = 0;
      for (std::size_t i = group_start[g]; i < group_start[g + 1]; ++i) {
        const std::size_t k = ks[i];
        if (state_[k] == State::unplaced) continue;
        subjects.push_back(subject_[k]);
        const Index col = in_.candidates[z(cand_[k])].college;
        if (++college_count[z(col)] > best || (college_count[z(col)] == best && col < majority)) {
          best = college_count[z(col)];
          majority = col;
        }
      }
      for (std::size_t i = group_start[g]; i < group_start[g + 1]; ++i) {
        college_count[z(in_.candidates[z(cand_[ks[i]])].college)] = 0;
      }
      std::sort(subjects.begin(), subjects.end());
      subjects.erase(std::unique(subjects.begin(), subjects.end()), subjects.end());
      for (Index sub : subjects) need.certificates.push_back(in_.subjects[z(sub)].certificate);
      std::sort(need.certificates.begin(), need.certificates.end());
      need.certificates.erase(std::unique(need.certificates.begin(), need.certificates.end()),
                              need.certificates.end());
      if (static_cast<std::size_t>(best) * 2 > taken.size()) need.majority_college = majority;
      if (subjects.size() > 1) ++stats_.mixed_room_slots;
      stats_.seats_offered += room.seats;
      room_slots_.push_back(std::move(rs));
      needs_.push_back(std::move(need));
    }
  }
  assign_invigilators(in_, room_slots_, needs_, stats_);
}

}  // namespace kaowu::schedule::stages
