#include "schedule/arrange_stages.hpp"

namespace kaowu::schedule::stages {

// The random seating the figures compare with (randomAdjacentSameCollege) draws from a stream of
// its own, the batch's seed mixed with this constant, so that it never repeats the stream of
// `random` seating itself; the value only has to differ from the other streams.
constexpr std::uint64_t kBaselineStream = 0x5eedULL;

void Arranger::seat_and_staff() {
  // What seating needs of each candidate-subject with a room, gathered in one pass in order of
  // candidate-subject (so the tables are read in order) and bucketed by room: the work per room
  // then reads its own entries only, which keeps a million of them from costing a cache miss
  // each time one is looked at.
  struct Entry {
    std::uint64_t key;  // slot rank, then candidate id rank: the seating order in a room
    std::uint32_t k;
    Index cand, college, subject, slot;
    std::int32_t seat;  // pinned seat of a kept row
    State state;
  };
  std::vector<std::size_t> start(in_.rooms.size() + 1, 0);
  for (std::size_t k = 0; k < subject_.size(); ++k) {
    if (room_[k] >= 0 && state_[k] != State::unplaced) ++start[z(room_[k]) + 1];
  }
  for (std::size_t r = 0; r < in_.rooms.size(); ++r) start[r + 1] += start[r];
  std::vector<Entry> bucket(start.back());
  {
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (std::size_t k = 0; k < subject_.size(); ++k) {
      if (room_[k] < 0 || state_[k] == State::unplaced) continue;
      const Index c = cand_[k], slot = slot_of(k);
      // A candidate sits at most once in a room per slot, so the key is unique.
      bucket[fill[z(room_[k])]++] = {static_cast<std::uint64_t>(slot_rank_[z(slot)]) << 32 |
                                         static_cast<std::uint32_t>(id_rank_[z(c)]),
                                     static_cast<std::uint32_t>(k),
                                     c,
                                     in_.candidates[z(c)].college,
                                     subject_[k],
                                     slot,
                                     seat_[k],
                                     state_[k]};
    }
  }
  std::vector<std::int64_t> seat_end;
  std::vector<char> blocked;
  std::vector<std::int32_t> free_seats;
  std::vector<Index> people, colleges;
  std::vector<TakenSeat> pinned, taken;
  std::vector<Entry*> fresh;  // entries of the group still to be seated
  std::vector<std::pair<Index, Entry*>> by_cand;
  std::vector<std::size_t> group_start;
  std::vector<Index> room_colleges;  // colleges of a room-slot's candidates
  for (std::size_t r = 0; r < in_.rooms.size(); ++r) {
    if (start[r] == start[r + 1]) continue;
    const Room& room = in_.rooms[r];
    const std::span<Entry> ks(bucket.data() + start[r], start[r + 1] - start[r]);
    std::sort(ks.begin(), ks.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
    group_start.clear();
    for (std::size_t i = 0; i < ks.size(); ++i) {
      if (i == 0 || ks[i].slot != ks[i - 1].slot) group_start.push_back(i);
    }
    group_start.push_back(ks.size());
    seat_end.assign(static_cast<std::size_t>(room.seats) + 2,
                    std::numeric_limits<std::int64_t>::min());
    for (std::size_t g = 0; g + 1 < group_start.size(); ++g) {
      const Index slot = ks[group_start[g]].slot;
      const Slot& s = in_.slots[z(slot)];
      blocked.assign(static_cast<std::size_t>(room.seats) + 2, 0);
      pinned.clear();
      fresh.clear();
      for (std::size_t i = group_start[g]; i < group_start[g + 1]; ++i) {
        Entry& e = ks[i];
        if (e.state == State::fixed) {
          blocked[z(e.seat)] = 1;
          pinned.push_back({e.seat, e.college});
        } else {
          fresh.push_back(&e);
        }
      }
      for (std::size_t h = group_start[g + 1]; h < ks.size(); ++h) {
        const Entry& e = ks[h];
        if (in_.slots[z(e.slot)].start >= s.end) break;
        if (e.state == State::fixed) blocked[z(e.seat)] = 1;
      }
      free_seats.clear();
      for (std::int32_t seat = 1; seat <= room.seats && free_seats.size() < fresh.size(); ++seat) {
        if (!blocked[z(seat)] && seat_end[z(seat)] <= s.start) free_seats.push_back(seat);
      }
      while (fresh.size() > free_seats.size()) {
        Entry& e = *fresh.back();
        unplace(e.k, UnplacedReason::capacity);
        e.state = State::unplaced;
        room_[e.k] = -1;
        fresh.pop_back();
      }
      std::sort(pinned.begin(), pinned.end(),
                [](const TakenSeat& a, const TakenSeat& b) { return a.seat < b.seat; });
      people.clear();
      colleges.clear();
      by_cand.clear();
      for (Entry* e : fresh) {
        people.push_back(e->cand);
        colleges.push_back(e->college);
        by_cand.push_back({e->cand, e});
      }
      std::sort(by_cand.begin(), by_cand.end());
      const auto ordered =
          order_seats(in_.seating, mix_seed(in_.seed, r, static_cast<std::uint64_t>(slot)),
                      free_seats, people, colleges, pinned);
      taken = pinned;
      for (std::size_t i = 0; i < ordered.size(); ++i) {
        const auto hit = std::lower_bound(by_cand.begin(), by_cand.end(),
                                          std::pair<Index, Entry*>{ordered[i], nullptr});
        seat_[hit->second->k] = free_seats[i];
        taken.push_back({free_seats[i], hit->second->college});
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
        SplitMix64 rng(
            mix_seed(in_.seed ^ kBaselineStream, r, static_cast<std::uint64_t>(slot), 1));
        // The colleges shuffled as the candidates would be (a shuffle moves the colleges as it
        // moves the people).
        std::vector<Index> shuffled = colleges;
        shuffle(shuffled, rng);
        std::vector<TakenSeat> baseline = pinned;
        for (std::size_t i = 0; i < shuffled.size(); ++i)
          baseline.push_back({free_seats[i], shuffled[i]});
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
      room_colleges.clear();
      for (std::size_t i = group_start[g]; i < group_start[g + 1]; ++i) {
        const Entry& e = ks[i];
        if (e.state == State::unplaced) continue;
        subjects.push_back(e.subject);
        room_colleges.push_back(e.college);
      }
      std::sort(subjects.begin(), subjects.end());
      subjects.erase(std::unique(subjects.begin(), subjects.end()), subjects.end());
      for (Index sub : subjects) need.certificates.push_back(in_.subjects[z(sub)].certificate);
      std::sort(need.certificates.begin(), need.certificates.end());
      need.certificates.erase(std::unique(need.certificates.begin(), need.certificates.end()),
                              need.certificates.end());
      std::sort(room_colleges.begin(), room_colleges.end());
      room_colleges.erase(std::unique(room_colleges.begin(), room_colleges.end()),
                          room_colleges.end());
      need.colleges.assign(room_colleges.begin(), room_colleges.end());
      if (subjects.size() > 1) ++stats_.mixed_room_slots;
      stats_.seats_offered += room.seats;
      room_slots_.push_back(std::move(rs));
      needs_.push_back(std::move(need));
    }
  }
  assign_invigilators(in_, room_slots_, needs_, site_patrols_, rejected_invigilation_, stats_);
}

}  // namespace kaowu::schedule::stages
