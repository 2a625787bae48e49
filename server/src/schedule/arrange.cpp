#include "schedule/arrange.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <deque>
#include <limits>
#include <numeric>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "schedule/arrange_stages.hpp"

namespace kaowu::schedule {

const char* reason_name(UnplacedReason reason) {
  switch (reason) {
    case UnplacedReason::capacity:
      return "capacity";
    case UnplacedReason::no_room_type:
      return "no_room_type";
    case UnplacedReason::time_clash:
      return "time_clash";
    case UnplacedReason::no_site:
      return "no_site";
    case UnplacedReason::invalid_existing:
      return "invalid_existing";
  }
  return "capacity";
}

const char* staff_kind_name(StaffKind kind) {
  return kind == StaffKind::patrol ? "巡考老师" : "监考老师";
}

bool parse_staff_kind(const std::string& name, StaffKind& out) {
  for (auto k : {StaffKind::room, StaffKind::patrol}) {
    if (name == staff_kind_name(k)) {
      out = k;
      return true;
    }
  }
  return false;
}

bool parse_reason(const std::string& name, UnplacedReason& out) {
  for (auto r : {UnplacedReason::capacity, UnplacedReason::no_room_type, UnplacedReason::time_clash,
                 UnplacedReason::no_site, UnplacedReason::invalid_existing}) {
    if (name == reason_name(r)) {
      out = r;
      return true;
    }
  }
  return false;
}

// How arranging works, stage by stage:
//  1. `existing` rows are checked in order; valid ones are pinned (room, seat, site of the
//     candidate), invalid ones are reported and their subject is left out, never moved.
//  2. Per candidate: no serving site -> no_site; no room of the mode at any serving site ->
//     no_room_type; overlapping subjects -> the largest non-overlapping set is kept (earliest end
//     first), the rest time_clash.
//  3. Site choice. Per site and time segment the capacity for every set of modes is kept, so
//     Hall's condition (demand of any mode set <= seats of rooms taking one of those modes) says
//     exactly whether one more subject fits. Candidates with one possible site go first; others
//     take the fitting site with most room left; a candidate that fits nowhere triggers an
//     augmenting-path search that moves earlier candidates to their other sites (never into a
//     site being freed further up the search); then left-out candidates are retried while that
//     helps. What is still left goes to ejection chains (repair()): an open candidate is forced
//     into the site where the fewest seated subjects must make way, those look for seats in
//     turn, and the best state seen is kept. A subject dropped for a time clash with one that
//     then found no seat is tried again (retry_clashes()). If candidates are still open, all
//     are given full places, overloads allowed, and the overload is driven to zero by moves and
//     trades between sites with breakout weights (resolve_conflicts()); when it is stuck with a
//     residue, each seat still short is looked for along chains of moves (a candidate leaves the
//     overloaded site for another of its sites, those it overloads there move on in turn:
//     relieve(), guided by the distance to a free seat, where a site may trade one mode for
//     another) and the search goes on from there, or starts again from the best state seen
//     while only a few seats are short. A site whose seats suffice but not their types (too
//     many subjects of one mode) is mended by trading modes with other sites the same way.
//     Telling whether everyone fits is NP-complete once candidates take several subjects (it
//     contains exact cover by 3-sets: two sites, one mode, a slot per element, a candidate per
//     set, one seat a slot at the first site), so this stage is a search, not a guarantee; it
//     works until the seats short are found or its allowance, which grows with the input, is
//     spent.
//  4. Rooms per site and slot: a small max-flow from modes to room classes (rooms with the
//     same types) realises what Hall's condition promised, then each certificate gets rooms of
//     its own, best fit, preferring rooms its candidates already sit in.
//  5. The residue: a candidate holding fewer seats than the most of its subjects that one of its
//     sites could take without overlaps (its bound) may have lost them to a choice made above
//     (which overlapping subject to keep, which slot gets a room taking several modes, which
//     site). Around such candidates (their sites, and those seated there at the same times,
//     ring by ring while the part stays small) the rules are solved exactly as an integer
//     program (exact.cpp, CBC), the rest of the batch held fixed; the result is taken only when
//     it places more. Batches whose every candidate reaches its bound (all planted and standard
//     batches) skip this stage after one pass over the candidates.
//  6. Seats per room in time order (seats of overlapping slots and pinned seats excluded), in
//     the requested order; then invigilators for the room-slots and patrols for the sites during
//     the slots their rooms are used in, duties of an earlier run kept (invigilation.cpp).
// Files: 1-2 prepare.cpp; 3 site_choice.cpp, ejection.cpp (repair()), conflicts.cpp
// (resolve_conflicts(), retry_clashes()), capacity.cpp (Hall's condition); 4 rooms.cpp,
// room_flow.cpp; 5 residue.cpp; 6 staffing.cpp. arrange_stages.hpp declares them all.

namespace stages {

Result<Solution> Arranger::run() {
  Timings& t = stats_.timings;
  Stopwatch watch;
  build_time();
  if (auto status = build_sites(); !status) return std::move(status).error();
  build_candidates();
  apply_existing();
  build_hall();
  filter_candidates();
  watch.lap(t.prepare);
  choose_sites();
  watch.lap(t.sites);
  {
    const StageScope<RepairState> scope(repair_);
    repair();
    resolve_conflicts();
  }
  retry_clashes();
  settle_reasons();
  watch.lap(t.repair);
  place_rooms();
  watch.lap(t.rooms);
  settle_residue();
  watch.lap(t.residue);
  seat_and_staff();
  auto out = finish();
  watch.lap(t.seating);
  if (out) out->stats.timings = t;
  return out;
}

Result<Solution> Arranger::finish() {
  Solution out;
  Stats& st = stats_;
  st.candidates = static_cast<std::int64_t>(in_.candidates.size());
  st.candidate_subjects = static_cast<std::int64_t>(subject_.size());
  st.repair_moves = repair_moves_;
  st.rejected_existing = static_cast<std::int64_t>(rejected_.size());
  st.room_slots = static_cast<std::int64_t>(room_slots_.size());
  std::vector<char> room_used(in_.rooms.size(), 0);
  for (const auto& rs : room_slots_) room_used[z(rs.room)] = 1;
  for (char u : room_used) st.rooms_used += u;
  out.placements.reserve(subject_.size());
  // Rooms and seats may still have turned a subject away; one left out for a time clash with
  // it then clashes with nothing placed, and what kept it out was the lack of seats.
  for (std::size_t c = 0; c < in_.candidates.size(); ++c) {
    for (std::size_t k = offset_[c]; k < offset_[c + 1]; ++k) {
      if (state_[k] != State::unplaced || reason_[k] != UnplacedReason::time_clash) continue;
      bool clash = false;
      for (std::size_t j = offset_[c]; j < offset_[c + 1] && !clash; ++j) {
        clash = (state_[j] == State::assigned || state_[j] == State::fixed) &&
                overlap(slot_of(j), slot_of(k));
      }
      if (!clash) reason_[k] = UnplacedReason::capacity;
    }
  }
  for (std::size_t c = 0; c < in_.candidates.size(); ++c) {
    std::size_t placed = 0;
    Index first_room = -1;
    bool one_room = true;
    for (std::size_t k = offset_[c]; k < offset_[c + 1]; ++k) {
      if (state_[k] == State::unplaced || state_[k] == State::pending) {
        out.unplaced.push_back({static_cast<Index>(c), subject_[k], reason_[k]});
        switch (reason_[k]) {
          case UnplacedReason::capacity:
            ++st.unplaced_capacity;
            break;
          case UnplacedReason::no_room_type:
            ++st.unplaced_no_room_type;
            break;
          case UnplacedReason::time_clash:
            ++st.unplaced_time_clash;
            break;
          case UnplacedReason::no_site:
            ++st.unplaced_no_site;
            break;
          case UnplacedReason::invalid_existing:
            ++st.unplaced_invalid_existing;
            break;
        }
        continue;
      }
      out.placements.push_back(
          {static_cast<Index>(c), subject_[k], room_[k], slot_of(k), seat_[k]});
      ++st.placed;
      if (state_[k] == State::fixed) ++st.kept_existing;
      if (placed++ == 0) first_room = room_[k];
      one_room = one_room && room_[k] == first_room;
    }
    if (placed >= 2) {
      ++st.multi_subject_candidates;
      st.same_room_candidates += one_room;
    }
  }
  out.rejected = std::move(rejected_);
  out.room_slots = std::move(room_slots_);
  out.site_patrols = std::move(site_patrols_);
  out.rejected_invigilation = std::move(rejected_invigilation_);
  out.stats = st;
  return out;
}

}  // namespace stages

Result<Solution> arrange(const Instance& in) {
  return stages::Arranger(in).run();
}

}  // namespace kaowu::schedule
