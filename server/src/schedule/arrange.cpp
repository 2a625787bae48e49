#include "schedule/arrange.hpp"

#include "schedule/arrange_stages.hpp"
#include "schedule/exact.hpp"
#include "schedule/invigilation.hpp"
#include "schedule/seating.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <deque>
#include <limits>
#include <numeric>
#include <span>
#include <unordered_map>
#include <unordered_set>

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
//     the requested order; then invigilators (invigilation.cpp).
namespace {

constexpr int kMaxLocalModes = 8;
constexpr std::int64_t kRepairBudgetPerCandidate = 20000;
constexpr std::int64_t kRepairBudgetTotal = 5000000;
constexpr int kRepairDepth = 12;
constexpr int kRetryRounds = 3;
constexpr std::int64_t kEjectionStepsPerOpen = 2000;
constexpr std::int64_t kEjectionStepsTotal = 400000;
// Work (candidates looked at) allowed to each repair stage: the ejection chains a fixed amount
// (on large tight batches the conflict stage does better with the time), the conflict stage a
// base (at most so much per candidate-subject: small batches are done quickly, even when some
// of them cannot be seated) plus so much per candidate-subject, so that the repair grows no
// faster than the input.
constexpr std::int64_t kEjectionScan = 20000000;
constexpr std::int64_t kRepairScanBase = 20000000;
constexpr std::int64_t kRepairScanBasePerSubject = 2000;
constexpr std::int64_t kConflictScanPerSubject = 120;
constexpr std::int64_t kEjectionStall = 500;
constexpr std::int64_t kEjectionStallPerOpen = 5;
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

// The residue stage (settle_residue()): a part solved exactly has at most kResidueColumns
// columns (a room a subject may take, a site a candidate may take). 8,000 holds the whole of a
// batch of ~1,500 candidate-subjects at 8 sites, which CBC settles in ~0.1 s; with 4,000 such
// batches were cut into parts and 4 in 100 stayed below the optimum (bench/arrange --exact
// --medium). A part grows at most kResidueRings rings of neighbours deep; each search may visit
// kResidueNodes branch-and-bound nodes (a node limit, not a time limit, keeps the result the same
// on every machine); all parts of one batch together at most kResidueColumnsTotal columns, so that
// a batch short of seats everywhere pays a bounded amount for finding that nothing more fits.
constexpr std::int64_t kResidueColumns = 8000;
constexpr int kResidueRings = 3;
constexpr std::int64_t kResidueNodes = 2000;
constexpr std::int64_t kResidueColumnsTotal = 100000;

enum class State : std::uint8_t { pending, fixed, assigned, unplaced };

inline std::size_t z(Index i) { return static_cast<std::size_t>(i); }

inline std::uint64_t pair_key(Index a, Index b) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b);
}

class Arranger {
 public:
  explicit Arranger(const Instance& in) : in_(in) {}

  Result<Solution> run() {
    Timings& t = stats_.timings;
    auto clock = std::chrono::steady_clock::now();
    auto lap = [&clock](double& into) {
      const auto now = std::chrono::steady_clock::now();
      into = std::chrono::duration<double, std::milli>(now - clock).count();
      clock = now;
    };
    build_time();
    if (auto status = build_sites(); !status) return std::move(status).error();
    build_candidates();
    apply_existing();
    build_hall();
    filter_candidates();
    lap(t.prepare_ms);
    choose_sites();
    lap(t.sites_ms);
    repair();
    resolve_conflicts();
    retry_clashes();
    settle_reasons();
    lap(t.repair_ms);
    place_rooms();
    lap(t.rooms_ms);
    settle_residue();
    lap(t.residue_ms);
    seat_and_staff();
    auto out = finish();
    lap(t.seating_ms);
    if (out) out->stats.timings = t;
    return out;
  }

 private:
  // ---- time -------------------------------------------------------------------------------
  void build_time() {
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

  bool overlap(Index a, Index b) const {
    const Slot &x = in_.slots[z(a)], &y = in_.slots[z(b)];
    return x.start < y.end && y.start < x.end;
  }

  // ---- sites and their exam modes ---------------------------------------------------------
  Status build_sites() {
    const std::size_t modes = in_.modes.size();
    std::vector<char> subject_mode(modes, 0);
    for (const auto& s : in_.subjects) subject_mode[z(s.mode)] = 1;
    site_rooms_.assign(in_.sites.size(), {});
    for (std::size_t r = 0; r < in_.rooms.size(); ++r) site_rooms_[z(in_.rooms[r].site)].push_back(static_cast<Index>(r));
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
          return err::invalid("考点 " + in_.sites[x].id + " 的考场类型超过 " + std::to_string(kMaxLocalModes) +
                              " 种考试形式，无法排考");
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

  int bit(Index site, Index mode) const { return site_bit_[z(site) * in_.modes.size() + z(mode)]; }

  // ---- candidate-subjects -----------------------------------------------------------------
  void build_candidates() {
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
    std::vector<Index> by_id(in_.candidates.size());
    std::iota(by_id.begin(), by_id.end(), Index{0});
    std::sort(by_id.begin(), by_id.end(),
              [&](Index a, Index b) { return in_.candidates[z(a)].id < in_.candidates[z(b)].id; });
    id_rank_.resize(in_.candidates.size());
    for (std::size_t i = 0; i < by_id.size(); ++i) id_rank_[z(by_id[i])] = static_cast<Index>(i);
  }

  std::size_t find_k(Index c, Index subject) const {
    for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
      if (subject_[k] == subject) return k;
    }
    return std::numeric_limits<std::size_t>::max();
  }

  Index slot_of(std::size_t k) const { return in_.subjects[z(subject_[k])].slot; }
  Index mode_of(std::size_t k) const { return in_.subjects[z(subject_[k])].mode; }

  void apply_existing() {
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
      } else if (!std::binary_search(in_.sites[z(room.site)].colleges.begin(), in_.sites[z(room.site)].colleges.end(),
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

  // ---- capacity per site, segment and set of modes (Hall's condition, capacity.cpp) -------
  void build_hall() {
    hall_.build(segments_, site_modes_);
    for (std::size_t x = 0; x < in_.sites.size(); ++x) {
      for (Index r : site_rooms_[x]) hall_.add_room(x, room_mask_[z(r)], in_.rooms[z(r)].seats);
    }
    for (const auto& [key, used] : existing_used_) {
      const Index r = static_cast<Index>(key >> 32);
      const std::size_t e = static_cast<std::uint32_t>(key);
      hall_.take(z(in_.rooms[z(r)].site), e, room_mask_[z(r)], used);
    }
  }

  template <class F>
  static void for_masks_with(int bits, int j, F&& f) {
    stages::for_masks_with(bits, j, std::forward<F>(f));
  }

  //! Whether one more subject of mode bit b (of site x) fits row (x, e).
  bool fits_bit(std::size_t x, std::size_t e, int b) const { return hall_.fits(x, e, b); }

  bool fits(Index site, std::size_t k) const {
    const int j = bit(site, mode_of(k));
    if (j < 0) return false;
    const Index slot = slot_of(k);
    for (std::size_t e = seg_begin_[z(slot)]; e < seg_end_[z(slot)]; ++e) {
      if (!fits_bit(z(site), e, j)) return false;
    }
    return true;
  }

  void add(Index site, std::size_t k, int delta) {
    const int j = bit(site, mode_of(k));
    const Index slot = slot_of(k);
    for (std::size_t e = seg_begin_[z(slot)]; e < seg_end_[z(slot)]; ++e) hall_.add(z(site), e, j, delta);
  }

  // ---- per candidate: eligible sites, modes, time clashes ---------------------------------
  std::span<const Index> eligible(Index c) const {
    if (fixed_site_[z(c)] >= 0) return {&fixed_site_[z(c)], 1};
    const auto& list = college_sites_[z(in_.candidates[z(c)].college)];
    return {list.data(), list.size()};
  }

  void unplace(std::size_t k, UnplacedReason reason) {
    state_[k] = State::unplaced;
    reason_[k] = reason;
  }

  void filter_candidates() {
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

  // ---- site choice with repair ------------------------------------------------------------
  std::size_t count_fit(const std::vector<std::size_t>& ks, Index site) const {
    std::size_t n = 0;
    for (std::size_t k : ks) n += fits(site, k);
    return n;
  }

  //! Smallest spare capacity over the sets of modes that the subjects in `ks` would use at `site`.
  std::int64_t margin(const std::vector<std::size_t>& ks, Index site) const {
    std::int64_t best = std::numeric_limits<std::int64_t>::max();
    const std::size_t x = z(site);
    for (std::size_t k : ks) {
      const int j = bit(site, mode_of(k));
      if (j < 0) continue;
      const Index slot = slot_of(k);
      for (std::size_t e = seg_begin_[z(slot)]; e < seg_end_[z(slot)]; ++e) {
        const std::size_t row = hall_.row(x, e);
        for_masks_with(site_modes_[x], j, [&](unsigned m) { best = std::min(best, hall_.cap(row + m) - hall_.dem(row + m)); });
      }
    }
    return best;
  }

  std::size_t count_typed(const std::vector<std::size_t>& ks, Index site) const {
    std::size_t n = 0;
    for (std::size_t k : ks) n += bit(site, mode_of(k)) >= 0;
    return n;
  }

  void assigned_of(Index c, std::vector<std::size_t>& out) const {
    out.clear();
    for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
      if (state_[k] == State::assigned) out.push_back(k);
    }
  }

  void join(Index c, Index site) {
    cand_site_[z(c)] = site;
    member_pos_[z(c)] = members_[z(site)].size();
    members_[z(site)].push_back(c);
    if (!slot_mobile_.empty() && movable(c)) link_slots(c, site);
  }

  void leave(Index c) {
    const Index site = cand_site_[z(c)];
    auto& list = members_[z(site)];
    const std::size_t pos = member_pos_[z(c)];
    list[pos] = list.back();
    member_pos_[z(list[pos])] = pos;
    list.pop_back();
    if (!slot_mobile_.empty() && movable(c)) unlink_slots(c, site);
    cand_site_[z(c)] = -1;
  }

  //! Lists the pool subjects of movable candidate `c` under (site, slot), for the conflict stage,
  //! with what the search filters on first (kept beside each other: the lists are scanned often).
  void link_slots(Index c, Index site) {
    const auto full = full_sites(c);
    Index alt = -1;  // the one other site where c may sit in full; -2 when there are several
    if (full.size() == 2) alt = full[0] == site ? full[1] : full[0];
    if (full.size() > 2) alt = -2;
    for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
      if (!pool_[k]) continue;
      auto& list = slot_mobile_[z(site) * in_.slots.size() + z(slot_of(k))];
      slot_pos_[k] = list.size();
      list.push_back({static_cast<std::uint32_t>(k), c, alt, static_cast<std::int32_t>(bit(site, mode_of(k)))});
    }
  }

  void unlink_slots(Index c, Index site) {
    for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
      if (!pool_[k]) continue;
      auto& list = slot_mobile_[z(site) * in_.slots.size() + z(slot_of(k))];
      const std::size_t at = slot_pos_[k];
      list[at] = list.back();
      slot_pos_[list[at].k] = at;
      list.pop_back();
    }
  }

  bool movable(Index d) const { return fixed_site_[z(d)] < 0 && eligible(d).size() > 1; }

  std::uint64_t need_key(Index site, std::size_t k) const {
    return (static_cast<std::uint64_t>(site) * in_.slots.size() + z(slot_of(k))) * in_.modes.size() + z(mode_of(k));
  }

  //! Records the needs (site, slot, mode) of `ks` still unmet at `site`; false when every one of
  //! them was already explored in this search.
  bool mark_needs(const std::vector<std::size_t>& ks, Index site) {
    bool fresh = false;
    for (std::size_t k : ks) {
      if (!fits(site, k)) fresh = explored_.insert(need_key(site, k)).second || fresh;
    }
    return fresh;
  }

  //! Moves other candidates out of `site` (each to another of its sites where it fits,
  //! recursively making room there) until every subject in `ks` of candidate `c` fits at `site`.
  //! An augmenting-path search as in bipartite matching: each unmet need (site, slot, mode) is
  //! explored once per search, and sites being freed further up are never filled again.
  bool make_room(Index c, const std::vector<std::size_t>& ks, Index site, int depth) {
    std::size_t fit = count_fit(ks, site);
    if (fit == ks.size()) return true;
    if (!mark_needs(ks, site)) return false;
    on_stack_[z(site)] = &ks;
    const bool ok = free_seats_at(c, ks, site, depth, fit);
    on_stack_[z(site)] = nullptr;
    return ok;
  }

  bool free_seats_at(Index c, const std::vector<std::size_t>& ks, Index site, int depth, std::size_t fit) {
    auto& list = members_[z(site)];
    std::vector<std::size_t> dks;
    for (std::size_t i = 0; i < list.size();) {
      if (budget_ <= 0) return false;
      const Index d = list[i];
      if (d == c || !movable(d)) {
        ++i;
        continue;
      }
      --budget_;
      assigned_of(d, dks);
      for (std::size_t k : dks) add(site, k, -1);
      const std::size_t fit_without = count_fit(ks, site);
      Index target = -1;
      if (fit_without > fit) {
        for (Index y : eligible(d)) {
          if (y == site || count_fit(dks, y) != dks.size()) continue;
          // Never into a site being freed further up: a failed search there puts its candidate
          // back, and the seats it had lent would then be taken twice.
          if (on_stack_[z(y)]) continue;
          target = y;
          break;
        }
        if (target < 0 && depth > 0) {
          for (Index y : eligible(d)) {
            if (y == site || on_stack_[z(y)] || count_typed(dks, y) != dks.size()) continue;
            if (make_room(d, dks, y, depth - 1)) {
              target = y;
              break;
            }
            if (budget_ <= 0) break;
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

  void commit(Index c, Index site, const std::vector<std::size_t>& want) {
    for (std::size_t k : want) {
      if (fits(site, k)) {
        add(site, k, +1);
        state_[k] = State::assigned;
      } else {
        unplace(k, bit(site, mode_of(k)) < 0 ? UnplacedReason::no_room_type : UnplacedReason::capacity);
      }
    }
    join(c, site);
  }

  void choose_sites() {
    members_.assign(in_.sites.size(), {});
    member_pos_.assign(in_.candidates.size(), 0);
    on_stack_.assign(in_.sites.size(), nullptr);
    std::vector<Index> order(in_.candidates.size());
    std::iota(order.begin(), order.end(), Index{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](Index a, Index b) { return eligible(a).size() < eligible(b).size(); });
    total_budget_ = kRepairBudgetTotal;
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
    for (int round = 0; round < kRetryRounds && total_budget_ > 0; ++round) {
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

  void place_candidate(Index c, const std::vector<std::size_t>& want) {
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
    if (chosen < 0 && total_budget_ > 0) {
      std::vector<std::size_t> typed;
      for (Index x : sites) {
        if (count_typed(want, x) != best_typed) continue;
        typed.clear();
        for (std::size_t k : want) {
          if (bit(x, mode_of(k)) >= 0) typed.push_back(k);
        }
        explored_.clear();
        budget_ = std::min(kRepairBudgetPerCandidate, total_budget_);
        const std::int64_t before = budget_;
        const bool ok = make_room(c, typed, x, kRepairDepth);
        total_budget_ -= before - budget_;
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

  // ---- repair: ejection chains for what is left -------------------------------------------
  // A candidate is open while fewer of its subjects hold seats than the best serving site could
  // take by type. An open candidate is first placed where all of it fits; failing that it is
  // forced into the serving site where the fewest seated subjects have to make way, and the
  // candidates pushed out look for seats elsewhere in turn (and are forced in themselves when
  // they find none). Recently forced candidates are not pushed out again for a few steps (tabu),
  // ties are broken by a fixed-seed generator, and every change since the best state seen is
  // logged so that the search ends in that state. Deterministic for a given instance.

  //! Per candidate, the time segments its pool subjects use, as bits (a quick pre-check of
  //! overlaps in the repair stages).
  void build_seg_masks() {
    seg_words_ = (segments_ + 63) / 64;
    seg_mask_.assign(in_.candidates.size() * seg_words_, 0);
    for (std::size_t c = 0; c < in_.candidates.size(); ++c) {
      for (std::size_t k = offset_[c]; k < offset_[c + 1]; ++k) {
        if (!pool_[k]) continue;
        for (std::size_t e = seg_begin_[z(slot_of(k))]; e < seg_end_[z(slot_of(k))]; ++e) {
          seg_mask_[c * seg_words_ + e / 64] |= std::uint64_t{1} << (e % 64);
        }
      }
    }
  }

  bool may_use(Index c, std::size_t e) const { return seg_mask_[z(c) * seg_words_ + e / 64] >> (e % 64) & 1; }

  bool may_share(Index a, Index b) const {
    for (std::size_t w = 0; w < seg_words_; ++w) {
      if (seg_mask_[z(a) * seg_words_ + w] & seg_mask_[z(b) * seg_words_ + w]) return true;
    }
    return false;
  }

  std::size_t want_of(Index c) const { return static_cast<std::size_t>(want_n_[z(c)]); }
  bool open_candidate(Index c) const { return got_n_[z(c)] < want_n_[z(c)]; }

  //! Gives candidate `c` site `site` with exactly the pool subjects in `assign` seated (all
  //! others of its pool unseated), logging the previous configuration unless undoing.
  void reconfigure(Index c, Index site, const std::vector<std::size_t>& assign, bool log = true) {
    const Index old = cand_site_[z(c)];
    if (log) {
      Change ch{c, old, log_ks_.size(), 0};
      for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
        if (pool_[k] && state_[k] == State::assigned) log_ks_.push_back(k);
      }
      ch.count = log_ks_.size() - ch.first;
      log_.push_back(ch);
    }
    for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
      if (!pool_[k] || state_[k] != State::assigned) continue;
      add(old, k, -1);
      state_[k] = State::unplaced;
      reason_[k] = UnplacedReason::capacity;
      --got_n_[z(c)];
      --seated_;
    }
    if (old != site) {
      if (old >= 0) leave(c);
      if (site >= 0) join(c, site);
    }
    for (std::size_t k : assign) {
      add(site, k, +1);
      state_[k] = State::assigned;
      ++got_n_[z(c)];
      ++seated_;
    }
  }

  void undo_to(std::size_t mark) {
    std::vector<std::size_t> ks;
    while (log_.size() > mark) {
      const Change ch = log_.back();
      log_.pop_back();
      ks.assign(log_ks_.begin() + static_cast<std::ptrdiff_t>(ch.first),
                log_ks_.begin() + static_cast<std::ptrdiff_t>(ch.first + ch.count));
      log_ks_.resize(ch.first);
      reconfigure(ch.c, ch.site, ks, false);
    }
  }

  //! The pool subjects of unseated candidate `c` that fit at `site` together, in order.
  void fitting(Index c, Index site, std::vector<std::size_t>& out) {
    out.clear();
    for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
      if (!pool_[k] || bit(site, mode_of(k)) < 0 || !fits(site, k)) continue;
      add(site, k, +1);
      out.push_back(k);
    }
    for (std::size_t k : out) add(site, k, -1);
  }

  //! The serving site where most of unseated candidate `c` fits (then most room left).
  Index best_partial(Index c, std::vector<std::size_t>& out) {
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

  //! How far the pool subjects of unseated `c` typed at `site` are from fitting: per subject,
  //! the largest excess over the sets of modes it uses, summed.
  std::int64_t excess(const std::vector<std::size_t>& needs, Index site) const {
    const std::size_t x = z(site);
    std::int64_t total = 0;
    for (std::size_t k : needs) {
      const int j = bit(site, mode_of(k));
      const Index slot = slot_of(k);
      std::int64_t worst = 0;
      for (std::size_t e = seg_begin_[z(slot)]; e < seg_end_[z(slot)]; ++e) {
        const std::size_t row = hall_.row(x, e);
        for_masks_with(site_modes_[x], j, [&](unsigned m) { worst = std::max(worst, hall_.dem(row + m) + 1 - hall_.cap(row + m)); });
      }
      total += worst;
    }
    return total;
  }

  void remove_seated(Index d, Index site, int delta) {
    for (std::size_t k = offset_[z(d)]; k < offset_[z(d) + 1]; ++k) {
      if (pool_[k] && state_[k] == State::assigned) add(site, k, delta);
    }
  }

  //! Candidates at `site` to push out so that every subject in `needs` fits there, chosen
  //! greedily by excess removed per seated subject lost; -1 when no such set exists.
  std::int64_t ejection(Index c, const std::vector<std::size_t>& needs, Index site, std::vector<Index>& out) {
    out.clear();
    std::int64_t cost = 0;
    std::int64_t ex = excess(needs, site);
    std::vector<Index> relevant;
    for (Index d : members_[z(site)]) {
      if (d == c || fixed_site_[z(d)] >= 0 || got_n_[z(d)] == 0 || tabu_[z(d)] > step_) continue;
      if (!may_share(d, c)) continue;
      bool shares = false;
      for (std::size_t k = offset_[z(d)]; k < offset_[z(d) + 1] && !shares; ++k) {
        if (!pool_[k] || state_[k] != State::assigned) continue;
        for (std::size_t n : needs) shares = shares || overlap(slot_of(k), slot_of(n));
      }
      if (shares) relevant.push_back(d);
    }
    scan_ += static_cast<std::int64_t>(members_[z(site)].size());
    while (ex > 0) {
      Index pick = -1;
      std::int64_t pick_gain = 0, pick_cost = 1;
      std::uint64_t pick_key = 0;
      for (Index d : relevant) {
        if (d < 0) continue;
        remove_seated(d, site, -1);
        const std::int64_t gain = ex - excess(needs, site);
        remove_seated(d, site, +1);
        ++scan_;
        if (gain <= 0) continue;
        const std::int64_t dc = got_n_[z(d)];
        const std::uint64_t key = mix_seed(0x6a09e667f3bcc908ULL, static_cast<std::uint64_t>(d), step_);
        // gain / cost larger is better: compare gain * pick_cost with pick_gain * dc.
        if (pick < 0 || gain * pick_cost > pick_gain * dc || (gain * pick_cost == pick_gain * dc && key < pick_key)) {
          pick = d;
          pick_gain = gain;
          pick_cost = dc;
          pick_key = key;
        }
      }
      if (pick < 0) break;
      remove_seated(pick, site, -1);
      out.push_back(pick);
      cost += got_n_[z(pick)];
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
        cost -= got_n_[z(d)];
        out.erase(out.begin() + static_cast<std::ptrdiff_t>(i));
      } else {
        remove_seated(d, site, -1);
      }
    }
    for (Index d : out) remove_seated(d, site, +1);
    return cost;
  }

  void repair() {
    want_n_.assign(in_.candidates.size(), 0);
    got_n_.assign(in_.candidates.size(), 0);
    tabu_.assign(in_.candidates.size(), 0);
    std::int64_t target = 0;
    std::vector<Index> queue;
    for (std::size_t ci = 0; ci < in_.candidates.size(); ++ci) {
      const Index c = static_cast<Index>(ci);
      std::int32_t best = 0, got = 0;
      for (Index x : eligible(c)) {
        std::int32_t typed = 0;
        for (std::size_t k = offset_[ci]; k < offset_[ci + 1]; ++k) typed += pool_[k] && bit(x, mode_of(k)) >= 0;
        best = std::max(best, typed);
      }
      for (std::size_t k = offset_[ci]; k < offset_[ci + 1]; ++k) got += pool_[k] && state_[k] == State::assigned;
      want_n_[ci] = best;
      got_n_[ci] = got;
      seated_ += got;
      target += best;
      if (got < best) queue.push_back(c);
    }
    if (queue.empty()) return;
    build_seg_masks();
    std::int64_t best_seated = seated_;
    const std::int64_t open = static_cast<std::int64_t>(queue.size());
    const std::int64_t steps = std::min(kEjectionStepsTotal, kEjectionStepsPerOpen * open);
    const std::int64_t stall = kEjectionStall + kEjectionStallPerOpen * open;
    SplitMix64 rng(0x243f6a8885a308d3ULL ^ static_cast<std::uint64_t>(open));
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
    log_.clear();
    log_ks_.clear();
    scan_ = 0;
    std::uint64_t last_best = 0;
    for (step_ = 0; !fifo.empty() && seated_ < target;) {
      if (static_cast<std::int64_t>(step_) >= steps || static_cast<std::int64_t>(step_ - last_best) >= stall ||
          scan_ >= kEjectionScan) {
        break;
      }
      const Index c = fifo.front();
      fifo.pop_front();
      queued[z(c)] = 0;
      if (!open_candidate(c)) continue;
      ++step_;
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
          tabu_[z(c)] = step_ + 4 + rng.below(8);
          for (Index d : chosen_out) {
            const Index y = best_partial(d, list);
            reconfigure(d, y, list);
            if (open_candidate(d)) push(d);
          }
          ++repair_moves_;
        }
      }
      if (open_candidate(c)) push(c);
      if (seated_ > best_seated) {
        best_seated = seated_;
        last_best = step_;
        log_.clear();
        log_ks_.clear();
      }
    }
    undo_to(0);
  }

  // ---- repair, second stage: conflicts with breakout weights -------------------------------
  // When ejection chains leave candidates open, every candidate is given a site where all of
  // its subjects have rooms of their type, seats or not, and the overload is driven to zero by
  // moving candidates between their sites: per site and time segment the overload is the
  // largest excess of demand over capacity among the sets of modes (Hall's condition), weighted;
  // a move must not raise the weighted sum; when every single move raises it, two candidates at
  // different sites may trade sites, and otherwise the weights of the overloaded rows grow (the
  // breakout method), so that the search leaves the local minimum. Candidates that may move are
  // listed by site and slot, so that a step looks only at those sitting in the overloaded row,
  // and a trade only at those whose leaving lowers an overload the mover would cause. The search
  // stops some steps after its last gain (more while more rows are overloaded); when only a few
  // seats are short it starts again from its best state with fresh weights instead. The least
  // overloaded state seen is kept, and then turned back into seats; if that seats fewer subjects
  // than before, the earlier state stays.

  //! Per candidate, the serving sites that have rooms of the type of every pool subject the
  //! candidate could be given (want_of), in order: where it may sit in full.
  void build_full_sites() {
    full_offset_.assign(in_.candidates.size() + 1, 0);
    full_list_.clear();
    for (std::size_t ci = 0; ci < in_.candidates.size(); ++ci) {
      const Index c = static_cast<Index>(ci);
      for (Index x : eligible(c)) {
        std::size_t typed = 0;
        for (std::size_t k = offset_[ci]; k < offset_[ci + 1]; ++k) typed += pool_[k] && bit(x, mode_of(k)) >= 0;
        if (typed == want_of(c)) full_list_.push_back(x);
      }
      full_offset_[ci + 1] = full_list_.size();
    }
  }

  std::span<const Index> full_sites(Index c) const {
    return {full_list_.data() + full_offset_[z(c)], full_offset_[z(c) + 1] - full_offset_[z(c)]};
  }

  std::int64_t overload(std::size_t x, std::size_t e) const { return hall_.overload(x, e); }

  void typed_pool(Index c, Index site, std::vector<std::size_t>& out) const {
    out.clear();
    for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
      if (pool_[k] && bit(site, mode_of(k)) >= 0) out.push_back(k);
    }
  }

  void touch_row(std::size_t x, std::size_t e) {
    const std::size_t r = x * segments_ + e;
    const std::int64_t o = overload(x, e);
    total_over_ += o - over_[r];
    over_[r] = o;
    if (o > 0 && hot_pos_[r] < 0) {
      hot_pos_[r] = static_cast<std::int64_t>(hot_.size());
      hot_.push_back(r);
    } else if (o == 0 && hot_pos_[r] >= 0) {
      const std::size_t at = static_cast<std::size_t>(hot_pos_[r]);
      hot_[at] = hot_.back();
      hot_pos_[hot_[at]] = static_cast<std::int64_t>(at);
      hot_.pop_back();
      hot_pos_[r] = -1;
    }
  }

  void touch_candidate(Index c, Index site) {
    for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
      if (!pool_[k] || bit(site, mode_of(k)) < 0) continue;
      for (std::size_t e = seg_begin_[z(slot_of(k))]; e < seg_end_[z(slot_of(k))]; ++e) touch_row(z(site), e);
    }
  }

  //! Weighted overload of the rows that the subjects of `c` use at `site`; `now`: of the current
  //! state, from the kept overloads (over_ follows every move of the conflict stage).
  std::int64_t weighted_at(Index c, Index site, bool now = false) const {
    std::int64_t sum = 0;
    for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
      if (!pool_[k] || bit(site, mode_of(k)) < 0) continue;
      for (std::size_t e = seg_begin_[z(slot_of(k))]; e < seg_end_[z(slot_of(k))]; ++e) {
        const std::size_t r = z(site) * segments_ + e;
        sum += weight_[r] * (now ? over_[r] : overload(z(site), e));
      }
    }
    return sum;
  }

  //! Change of the weighted overload if `c` (seated in full at its site) moved to `to`.
  //! `now`: the counts are those of the current state (not changed for a trial).
  std::int64_t move_delta(Index c, Index to, std::vector<std::size_t>& ks, bool now = true) {
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

  void move_full(Index c, Index to, std::vector<std::size_t>& ks) {
    const Index from = cand_site_[z(c)];
    typed_pool(c, to, ks);
    reconfigure(c, to, ks);
    touch_candidate(c, from);
    touch_candidate(c, to);
  }

  //! Modes (bits of site `x`) whose leaving lowers the overload of row (x, e): those in every
  //! set of modes where the excess is largest.
  unsigned relief_modes(std::size_t x, std::size_t e) const {
    const std::size_t masks = std::size_t{1} << site_modes_[x];
    const std::size_t row = hall_.row(x, e);
    std::int64_t worst = 0;
    unsigned all = 0;
    for (std::size_t m = 1; m < masks; ++m) {
      const std::int64_t o = hall_.dem(row + m) - hall_.cap(row + m);
      if (o > worst) {
        worst = o;
        all = static_cast<unsigned>(m);
      } else if (o == worst && worst > 0) {
        all &= static_cast<unsigned>(m);
      }
    }
    return all;
  }

  //! Rows at `to` whose overload would grow if `c` (seated in full elsewhere) came there; false
  //! when one of them is taken by the current search.
  bool grown_rows(Index c, Index to, std::vector<std::size_t>& ks, std::vector<std::size_t>& out) {
    out.clear();
    typed_pool(c, to, ks);
    for (std::size_t k : ks) add(to, k, +1);
    bool ok = true;
    for (std::size_t k : ks) {
      for (std::size_t e = seg_begin_[z(slot_of(k))]; e < seg_end_[z(slot_of(k))]; ++e) {
        const std::size_t r = z(to) * segments_ + e;
        if (overload(z(to), e) <= over_[r]) continue;
        if (row_mark_[r] == path_mark_) ok = false;
        out.push_back(r);
      }
    }
    for (std::size_t k : ks) add(to, k, -1);
    return ok;
  }

  //! Back to log mark `mark`, keeping the overloads of the rows touched up to date.
  void undo_rows(std::size_t mark) {
    std::vector<std::pair<Index, Index>> moved;  // candidate, site it is leaving
    for (std::size_t i = mark; i < log_.size(); ++i) moved.push_back({log_[i].c, cand_site_[z(log_[i].c)]});
    undo_to(mark);
    for (const auto& [c, site] : moved) {
      if (site >= 0) touch_candidate(c, site);
      if (cand_site_[z(c)] >= 0) touch_candidate(c, cand_site_[z(c)]);
    }
  }

  //! Lowers the overload of row r (site, segment) by one without raising any other row: a
  //! candidate seated there with a relieving mode goes to another of its sites (nearest to a free
  //! seat of its mode first, then fewest rows overloaded there), and the rows it overloads there
  //! are relieved in turn, depth first (an augmenting path, or a tree when the mover has several
  //! subjects). Rows relieved on the current way are not filled again; a row that could not be
  //! relieved kPathTries times stays out of the search.
  bool relieve(std::size_t r, int depth) {
    if (relieve_in(r, depth)) return true;
    if (dead_[r] != path_mark_) {
      dead_[r] = path_mark_;
      fails_[r] = 0;
    }
    ++fails_[r];
    return false;
  }

  bool relieve_in(std::size_t r, int depth) {
    row_mark_[r] = path_mark_;
    used_rows_.push_back(r);
    if (depth > depth_limit_) return false;
    const std::size_t x = r / segments_, e = r % segments_;
    const unsigned relief = relief_modes(x, e);
    const std::int64_t before = total_over_;
    struct Option {
      std::size_t grown;
      std::int64_t dist;
      Index d, to;
    };
    std::vector<Option> options;
    std::vector<std::size_t> ks, grown;
    for (Index slot : seg_slots_[e]) {
      for (const SlotEntry& en : slot_mobile_[x * in_.slots.size() + z(slot)]) {
        if (en.bit < 0 || !(relief >> en.bit & 1) || state_[en.k] != State::assigned) continue;
        for (Index y : full_sites(en.c)) {
          if (z(y) == x) continue;
          if (++path_scan_ > path_limit_) return false;
          if (!grown_rows(en.c, y, ks, grown) || grown.size() > kPathBranch) continue;
          // The distances are those of the state the search began in: a seat freed on the way
          // (a mover's other subjects left their rows) is nearest.
          const std::int64_t begun = free_dist_[(z(mode_of(en.k)) * in_.sites.size() + z(y)) * segments_ + e];
          const std::int64_t dist = fits_bit(z(y), e, bit(y, mode_of(en.k))) ? 0 : std::max<std::int64_t>(begun, 1);
          options.push_back({grown.size(), dist, en.c, y});
        }
      }
    }
    std::stable_sort(options.begin(), options.end(), [](const Option& a, const Option& b) {
      if (a.dist != b.dist) return a.dist < b.dist;
      return a.grown < b.grown;
    });
    for (const Option& o : options) {
      if (path_scan_ > path_limit_) return false;
      if (cand_site_[z(o.d)] != static_cast<Index>(x) || !grown_rows(o.d, o.to, ks, grown)) continue;
      const std::size_t mark = log_.size();
      const std::size_t used = used_rows_.size();
      move_full(o.d, o.to, ks);
      ++path_scan_;
      bool ok = true;
      for (std::size_t g : grown) {
        if (over_[g] > 0 && !(ok = row_mark_[g] != path_mark_ && relieve(g, depth + 1))) break;
      }
      if (ok && total_over_ < before) return true;
      undo_rows(mark);
      // Rows relieved for this option only are free again; rows that failed too often stay taken.
      for (std::size_t i = used; i < used_rows_.size(); ++i) {
        const std::size_t g = used_rows_[i];
        if (dead_[g] != path_mark_ || fails_[g] < kPathTries) row_mark_[g] = 0;
      }
      used_rows_.resize(used);
    }
    return false;
  }

  //! Per mode, site and segment: how many moves between sites sharing a college away the nearest
  //! site with a seat for that mode free in that segment is, counting trades of modes at a site
  //! (segment_distances()); relieve() tries nearer sites first.
  void free_distances() {
    const std::size_t sites = in_.sites.size();
    if (site_links_.empty()) {
      site_links_.assign(sites, {});
      for (const auto& list : college_sites_) {
        for (Index a : list) {
          for (Index b : list) {
            if (a != b) site_links_[z(a)].push_back(b);
          }
        }
      }
      for (auto& l : site_links_) {
        std::sort(l.begin(), l.end());
        l.erase(std::unique(l.begin(), l.end()), l.end());
      }
    }
    free_dist_.assign(in_.modes.size() * sites * segments_, std::numeric_limits<std::int32_t>::max());
    convert_.assign(in_.modes.size() * sites, 0);
    for (std::size_t e = 0; e < segments_; ++e) segment_distances(e, -1);
  }

  //! free_distances() for segment e. A search over (mode, site) from the free seats backwards: a
  //! seat of mode j short at site y is as far as one at a linked site plus one move, or, when y
  //! can trade it for a seat of mode j2 (one more j there is relieved by one j2 leaving), as far
  //! as a seat of j2 short at y. With `origin` >= 0 (a site overloaded in this segment by its mix
  //! of modes only, mix_only()), the seats that would be free there once a subject of a relieving
  //! mode has left count as free too, so that ways back to it (trading modes with other sites)
  //! are found.
  void segment_distances(std::size_t e, std::int64_t origin) {
    const std::size_t sites = in_.sites.size(), modes = in_.modes.size();
    const std::int64_t far = std::numeric_limits<std::int32_t>::max();
    auto dist = [&](std::size_t j, std::size_t x) -> std::int64_t& { return free_dist_[(j * sites + x) * segments_ + e]; };
    dist_queue_.clear();
    for (std::size_t x = 0; x < sites; ++x) {
      const std::size_t row = hall_.row(x, e);
      for (std::size_t j = 0; j < modes; ++j) {
        dist(j, x) = far;
        convert_[j * sites + x] = 0;
        const int b = bit(static_cast<Index>(x), static_cast<Index>(j));
        if (b < 0) continue;
        if (fits_bit(x, e, b)) {
          dist(j, x) = 0;
          dist_queue_.push_back(j * sites + x);
          continue;
        }
        for_masks_with(site_modes_[x], b, [&](unsigned m) { hall_.dem(row + m) += 1; });
        convert_[j * sites + x] = relief_modes(x, e);
        for_masks_with(site_modes_[x], b, [&](unsigned m) { hall_.dem(row + m) -= 1; });
      }
    }
    if (origin >= 0) {
      const std::size_t x = static_cast<std::size_t>(origin);
      const std::size_t row = hall_.row(x, e);
      const unsigned relief = relief_modes(x, e);
      for (int out = 0; out < site_modes_[x]; ++out) {
        if (!(relief >> out & 1)) continue;
        for_masks_with(site_modes_[x], out, [&](unsigned m) { hall_.dem(row + m) -= 1; });
        for (std::size_t j = 0; j < modes; ++j) {
          const int b = bit(static_cast<Index>(x), static_cast<Index>(j));
          if (b >= 0 && b != out && dist(j, x) != 0 && fits_bit(x, e, b)) {
            dist(j, x) = 0;
            dist_queue_.push_back(j * sites + x);
          }
        }
        for_masks_with(site_modes_[x], out, [&](unsigned m) { hall_.dem(row + m) += 1; });
      }
    }
    while (!dist_queue_.empty()) {
      const std::size_t node = dist_queue_.front();
      dist_queue_.pop_front();
      const std::size_t j = node / sites, x = node % sites;
      const std::int64_t d = dist(j, x);
      const int bj = bit(static_cast<Index>(x), static_cast<Index>(j));
      for (std::size_t j2 = 0; j2 < modes; ++j2) {
        if (dist(j2, x) > d && (convert_[j2 * sites + x] >> bj & 1)) {
          dist(j2, x) = d;
          dist_queue_.push_front(j2 * sites + x);
        }
      }
      for (Index y : site_links_[x]) {
        if (bit(y, static_cast<Index>(j)) >= 0 && dist(j, z(y)) > d + 1) {
          dist(j, z(y)) = d + 1;
          dist_queue_.push_back(j * sites + z(y));
        }
      }
    }
  }

  //! Whether the overload of row (x, e) is one of mix only: the site has a seat for every
  //! subject in the segment, but not of the right types. Then no seat needs to be found
  //! elsewhere, only subjects of other modes traded with other sites.
  bool mix_only(std::size_t x, std::size_t e) const {
    const std::size_t masks = std::size_t{1} << site_modes_[x];
    const std::size_t row = hall_.row(x, e);
    return hall_.dem(row + masks - 1) <= hall_.cap(row + masks - 1);
  }

  //! Looks for each seat still short with relieve(), rows in order, while that gains, within
  //! kPathScanPerShort moves looked at per seat short and at most `allowance`.
  //! False when there is no free seat in segment e at any site that moves could reach from x:
  //! then no chain of moves lowers the overload there.
  bool reachable_seat(std::size_t x, std::size_t e) const {
    if (mix_only(x, e)) return true;
    const std::size_t per_mode = in_.sites.size() * segments_;
    for (std::size_t j = 0; j < in_.modes.size(); ++j) {
      if (free_dist_[j * per_mode + x * segments_ + e] < std::numeric_limits<std::int32_t>::max()) return true;
    }
    return false;
  }

  //! Returns false when no overloaded row has a free seat within reach (nothing was tried).
  bool relieve_rows(std::int64_t allowance) {
    free_distances();
    path_scan_ = 0;
    std::vector<std::size_t> rows;
    for (std::size_t r : hot_) {
      if (reachable_seat(r / segments_, r % segments_)) rows.push_back(r);
    }
    if (rows.empty()) return false;
    row_mark_.assign(in_.sites.size() * segments_, 0);
    dead_.assign(in_.sites.size() * segments_, 0);
    fails_.assign(in_.sites.size() * segments_, 0);
    path_mark_ = 0;
    path_limit_ = std::min(allowance, kPathScanPerShort * total_over_);
    for (bool progress = true; progress && total_over_ > 0 && path_scan_ < path_limit_;) {
      progress = false;
      rows.clear();
      for (std::size_t r : hot_) {
        if (reachable_seat(r / segments_, r % segments_)) rows.push_back(r);
      }
      std::sort(rows.begin(), rows.end());
      for (std::size_t r : rows) {
        while (over_[r] > 0 && path_scan_ < path_limit_) {
          bool found = false;
          const bool mix = mix_only(r / segments_, r % segments_);
          if (mix) segment_distances(r % segments_, static_cast<std::int64_t>(r / segments_));
          for (int limit = 1; !found && path_scan_ < path_limit_; limit = std::min(kPathDepth, limit * 2)) {
            depth_limit_ = limit;
            ++path_mark_;
            used_rows_.clear();
            const std::size_t mark = log_.size();
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

  void resolve_conflicts() {
    std::vector<Index> open;
    for (std::size_t ci = 0; ci < in_.candidates.size(); ++ci) {
      if (open_candidate(static_cast<Index>(ci))) open.push_back(static_cast<Index>(ci));
    }
    if (open.empty()) return;
    if (seg_mask_.empty()) build_seg_masks();
    build_full_sites();
    // Movable candidates by site and slot of their pool subjects; slots by segment and by overlap.
    slot_mobile_.assign(in_.sites.size() * in_.slots.size(), {});
    slot_pos_.assign(subject_.size(), 0);
    for (std::size_t x = 0; x < in_.sites.size(); ++x) {
      for (Index d : members_[x]) {
        if (movable(d)) link_slots(d, static_cast<Index>(x));
      }
    }
    seg_slots_.assign(segments_, {});
    auto& seg_slots = seg_slots_;
    std::vector<std::vector<Index>> overlapping(in_.slots.size());
    for (std::size_t a = 0; a < in_.slots.size(); ++a) {
      for (std::size_t e = seg_begin_[a]; e < seg_end_[a]; ++e) seg_slots[e].push_back(static_cast<Index>(a));
      for (std::size_t b = 0; b < in_.slots.size(); ++b) {
        if (overlap(static_cast<Index>(a), static_cast<Index>(b))) overlapping[a].push_back(static_cast<Index>(b));
      }
    }
    std::vector<std::uint64_t> seen(in_.candidates.size(), 0);
    std::uint64_t seen_mark = 0;
    const std::int64_t seated_before = seated_;
    log_.clear();
    log_ks_.clear();
    over_.assign(in_.sites.size() * segments_, 0);
    weight_.assign(in_.sites.size() * segments_, 1);
    hot_pos_.assign(in_.sites.size() * segments_, -1);
    hot_.clear();
    total_over_ = 0;
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
    SplitMix64 rng(0x13198a2e03707344ULL ^ static_cast<std::uint64_t>(open.size()));
    std::int64_t best_over = total_over_;
    std::size_t best_mark = log_.size();
    std::uint64_t last_best = 0;
    const std::int64_t steps = std::min(kConflictSteps, kConflictStepsPerOpen * static_cast<std::int64_t>(open.size()));
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
    for (std::uint64_t step = 1; total_over_ > 0 && scan < scan_limit; ++step) {
      const std::int64_t stall = kConflictStall + kConflictStallPerRow * static_cast<std::int64_t>(hot_.size());
      if (static_cast<std::int64_t>(step - round_start) > steps || static_cast<std::int64_t>(step - last_best) > stall) {
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
          scan += path_scan_;
          unreachable = !tried;
          if (total_over_ < best_over) {
            idle = 0;
            best_over = total_over_;
            best_mark = log_.size();
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
        if (best_over > (unreachable ? kConflictFew : kPathFew) || restarts == kConflictRestarts) break;
        ++restarts;
        undo_to(best_mark);
        std::fill(weight_.begin(), weight_.end(), 1);
        for (std::size_t xs = 0; xs < in_.sites.size(); ++xs) {
          for (std::size_t es = 0; es < segments_; ++es) touch_row(xs, es);
        }
        rng = SplitMix64(mix_seed(0x13198a2e03707344ULL, static_cast<std::uint64_t>(restarts), open.size()));
        std::fill(until.begin(), until.end(), 0);
        round_start = step;
        last_best = step;
        continue;
      }
      const std::size_t r = hot_[rng.below(hot_.size())];
      const Index x = static_cast<Index>(r / segments_);
      const std::size_t e = r % segments_;
      // Candidates seated at x in segment e who may go elsewhere.
      // (A candidate's pool subjects never overlap: one subject at most covers e.)
      movers.clear();
      for (Index slot : seg_slots[e]) {
        const auto& list = slot_mobile_[z(x) * in_.slots.size() + z(slot)];
        scan += static_cast<std::int64_t>(list.size());
        for (const SlotEntry& en : list) {
          if (en.bit >= 0 && state_[en.k] == State::assigned && until[z(en.c)] <= step) movers.push_back(en.c);
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
        // Every single move makes it worse: try trading sites with a candidate at one of the other sites.
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
                const auto& list = slot_mobile_[z(y) * in_.slots.size() + z(slot)];
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
          until[z(sd)] = step + 2 + rng.below(6);
          until[z(sf)] = step + 2 + rng.below(6);
          repair_moves_ += 2;
          if (total_over_ < best_over) {
            best_over = total_over_;
            best_mark = log_.size();
            last_best = step;
          }
          continue;
        }
      }
      // Nothing improves: the overloaded rows weigh more from now on (breakout); a move that keeps
      // the weighted overload as it is still goes ahead, to walk along the plateau.
      if (pick < 0 || pick_delta >= 0) {
        for (std::size_t h : hot_) ++weight_[h];
      }
      if (pick < 0 || pick_delta > 0) continue;
      move_full(pick, pick_to, ks);
      until[z(pick)] = step + 2 + rng.below(6);
      ++repair_moves_;
      if (total_over_ < best_over) {
        best_over = total_over_;
        best_mark = log_.size();
        last_best = step;
      }
    }
    undo_to(best_mark);
    for (std::size_t xs = 0; xs < in_.sites.size(); ++xs) {
      for (std::size_t es = 0; es < segments_; ++es) touch_row(xs, es);
    }
    // Once more along chains of moves, from the best state.
    if (total_over_ > 0) relieve_rows(std::max<std::int64_t>(0, scan_limit - scan));
    best_mark = log_.size();
    // Seats: candidates in overloaded rows keep what fits.
    std::vector<Index> conflicted;
    for (std::size_t ci = 0; ci < in_.candidates.size(); ++ci) {
      const Index c = static_cast<Index>(ci);
      const Index x = cand_site_[ci];
      if (x < 0) continue;
      bool hot = false;
      for (std::size_t k = offset_[ci]; k < offset_[ci + 1] && !hot; ++k) {
        if (!pool_[k] || state_[k] != State::assigned) continue;
        for (std::size_t e = seg_begin_[z(slot_of(k))]; e < seg_end_[z(slot_of(k))] && !hot; ++e) hot = overload(z(x), e) > 0;
      }
      if (hot) conflicted.push_back(c);
    }
    for (Index c : conflicted) reconfigure(c, cand_site_[z(c)], {});
    for (Index c : conflicted) {
      const Index x = cand_site_[z(c)];
      fitting(c, x, ks);
      reconfigure(c, x, ks);
    }
    if (seated_ <= seated_before) undo_to(0);
    log_.clear();
    log_ks_.clear();
    slot_mobile_.clear();
  }

  //! Subjects left out for a time clash with a subject that then found no seat are tried again.
  void retry_clashes() {
    std::vector<std::size_t> clashed;
    for (std::size_t ci = 0; ci < in_.candidates.size(); ++ci) {
      const Index c = static_cast<Index>(ci);
      clashed.clear();
      for (std::size_t k = offset_[ci]; k < offset_[ci + 1]; ++k) {
        if (state_[k] == State::unplaced && reason_[k] == UnplacedReason::time_clash) clashed.push_back(k);
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

  //! Subjects of the site choice left without a seat: no_room_type when the candidate's site has
  //! no room of their mode, capacity otherwise.
  void settle_reasons() {
    for (std::size_t k = 0; k < subject_.size(); ++k) {
      if (!pool_[k] || state_[k] != State::unplaced) continue;
      const Index site = cand_site_[z(cand_[k])];
      reason_[k] = site >= 0 && bit(site, mode_of(k)) < 0 ? UnplacedReason::no_room_type : UnplacedReason::capacity;
    }
  }

  // ---- rooms per site and slot ------------------------------------------------------------
  struct Class {
    unsigned mask = 0;
    std::vector<Index> rooms;  // local room positions
  };

  void place_rooms() {
    // Candidate-subjects to arrange, bucketed by site.
    std::vector<std::size_t> start(in_.sites.size() + 1, 0);
    for (std::size_t k = 0; k < subject_.size(); ++k) {
      if (state_[k] == State::assigned) ++start[z(cand_site_[z(cand_[k])]) + 1];
    }
    for (std::size_t x = 0; x < in_.sites.size(); ++x) start[x + 1] += start[x];
    std::vector<std::size_t> bucket(start.back());
    {
      std::vector<std::size_t> fill(start.begin(), start.end() - 1);
      for (std::size_t k = 0; k < subject_.size(); ++k) {
        if (state_[k] == State::assigned) bucket[fill[z(cand_site_[z(cand_[k])])]++] = k;
      }
    }
    std::vector<std::int32_t> used;
    for (std::size_t x = 0; x < in_.sites.size(); ++x) {
      if (start[x] == start[x + 1]) continue;
      auto first = bucket.begin() + static_cast<std::ptrdiff_t>(start[x]);
      auto last = bucket.begin() + static_cast<std::ptrdiff_t>(start[x + 1]);
      std::sort(first, last, [&](std::size_t a, std::size_t b) {
        const Index ra = slot_rank_[z(slot_of(a))], rb = slot_rank_[z(slot_of(b))];
        if (ra != rb) return ra < rb;
        if (subject_[a] != subject_[b]) return subject_[a] < subject_[b];
        return a < b;
      });
      place_site(static_cast<Index>(x), std::vector<std::size_t>(first, last), used);
    }
  }

  void place_site(Index site, const std::vector<std::size_t>& ks, std::vector<std::int32_t>& used) {
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
      const Index slot = slot_of(ks[i]);
      std::size_t j = i;
      while (j < ks.size() && slot_of(ks[j]) == slot) ++j;
      for (std::size_t lr = 0; lr < n_rooms; ++lr) {
        std::int32_t peak = 0;
        for (std::size_t e = seg_begin_[z(slot)]; e < seg_end_[z(slot)]; ++e) {
          peak = std::max(peak, used[lr * segments_ + e]);
        }
        avail[lr] = std::max<std::int64_t>(0, in_.rooms[z(rooms[lr])].seats - peak);
        open[lr] = existing_count_.count(pair_key(rooms[lr], slot)) > 0;
      }
      place_slot(site, slot, bits, classes, rooms, avail, open, ks, i, j, used);
      i = j;
    }
  }

  void place_slot(Index site, Index slot, int bits, std::vector<Class>& classes, const std::vector<Index>& rooms,
                  const std::vector<std::int64_t>& avail, const std::vector<char>& open,
                  const std::vector<std::size_t>& ks, std::size_t from, std::size_t to,
                  std::vector<std::int32_t>& used) {
    const std::size_t nc = classes.size();
    const std::size_t nm = static_cast<std::size_t>(bits);
    std::vector<std::int64_t> demand(nm, 0), residual(nc, 0);
    for (std::size_t i = from; i < to; ++i) ++demand[z(static_cast<Index>(bit(site, mode_of(ks[i]))))];
    for (std::size_t t = 0; t < nc; ++t) {
      for (Index lr : classes[t].rooms) residual[t] += avail[z(lr)];
    }
    // Modes to room classes: greedy on the most specialised classes, then augmenting paths.
    std::vector<unsigned> class_masks(nc);
    for (std::size_t t = 0; t < nc; ++t) class_masks[t] = classes[t].mask;
    const std::vector<std::int64_t> flow = stages::flow_modes_to_classes(class_masks, residual, demand);
    // Each mode's share of each class, handed to its subjects in order, then rooms filled.
    struct Piece {
      std::size_t group;
      std::int64_t amount;
    };
    std::vector<std::size_t> group_start;
    for (std::size_t i = from; i < to; ++i) {
      if (i == from || subject_[ks[i]] != subject_[ks[i - 1]]) group_start.push_back(i);
    }
    group_start.push_back(to);
    const std::size_t groups = group_start.size() - 1;
    std::vector<std::vector<Piece>> pieces(nc);
    for (std::size_t m = 0; m < nm; ++m) {
      std::size_t t = 0;
      std::int64_t left_in_class = nc ? flow[m * nc] : 0;
      for (std::size_t g = 0; g < groups; ++g) {
        if (z(static_cast<Index>(bit(site, mode_of(ks[group_start[g]])))) != m) continue;
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
    auto certificate_of = [&](std::size_t g) { return in_.subjects[z(subject_[ks[group_start[g]]])].certificate; };
    std::vector<std::int64_t> left(rooms.size());
    std::vector<char> taken(rooms.size());
    std::vector<std::int64_t> home_count(rooms.size());
    for (std::size_t t = 0; t < nc; ++t) {
      auto& list = pieces[t];
      if (list.empty()) continue;
      std::stable_sort(list.begin(), list.end(),
                       [&](const Piece& a, const Piece& b) { return certificate_of(a.group) < certificate_of(b.group); });
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
        while (b < list.size() && certificate_of(list[b].group) == certificate_of(list[a].group)) need += list[b++].amount;
        for (Index lr : order) home_count[z(lr)] = 0;
        for (std::size_t q = a; q < b; ++q) {
          const std::size_t g = list[q].group;
          for (std::size_t i = group_start[g]; i < group_start[g + 1]; ++i) {
            const Index home = home_[z(cand_[ks[i]])];
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
          for (std::size_t q = a; q < b && left[z(best)] > 0; ++q) need -= give(list[q], best, list[q].amount);
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
        const Index home = home_[z(cand_[k])];
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
        if (home_[z(cand_[k])] < 0) home_[z(cand_[k])] = room_[k];
        const auto lr = std::lower_bound(rooms.begin(), rooms.end(), room_[k]) - rooms.begin();
        ++added[static_cast<std::size_t>(lr)];
      }
    }
    for (std::size_t lr = 0; lr < rooms.size(); ++lr) {
      if (!added[lr]) continue;
      for (std::size_t e = seg_begin_[z(slot)]; e < seg_end_[z(slot)]; ++e) used[lr * segments_ + e] += added[lr];
    }
  }

  // ---- the residue, solved exactly ---------------------------------------------------------
  //! Subjects of candidate `c` that the residue stage may place: not pinned, not left out for
  //! a reason no arrangement changes, not overlapping a pinned subject of the candidate.
  void free_items(Index c, std::vector<std::size_t>& out) const {
    out.clear();
    for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
      if (state_[k] == State::fixed) continue;
      if (state_[k] == State::unplaced && (reason_[k] == UnplacedReason::no_site ||
                                           reason_[k] == UnplacedReason::invalid_existing)) {
        continue;
      }
      bool clash = false;
      for (std::size_t j = offset_[z(c)]; j < offset_[z(c) + 1] && !clash; ++j) {
        clash = state_[j] == State::fixed && overlap(slot_of(j), slot_of(k));
      }
      if (!clash) out.push_back(k);
    }
  }

  bool seated(std::size_t k) const { return state_[k] == State::assigned && room_[k] >= 0; }

  //! The most of `ks` one site of `c` could take without overlaps (earliest end first).
  std::int32_t bound(Index c, const std::vector<std::size_t>& ks) const {
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

  void settle_residue() {
    // Candidates below their bound, in order.
    std::vector<Index> short_of;
    std::vector<std::size_t> ks;
    for (std::size_t ci = 0; ci < in_.candidates.size(); ++ci) {
      const Index c = static_cast<Index>(ci);
      bool open = false;
      for (std::size_t k = offset_[ci]; k < offset_[ci + 1] && !open; ++k) {
        open = state_[k] == State::unplaced && (reason_[k] == UnplacedReason::capacity ||
                                                reason_[k] == UnplacedReason::time_clash ||
                                                reason_[k] == UnplacedReason::no_room_type);
      }
      if (!open) continue;
      free_items(c, ks);
      std::int32_t got = 0;
      for (std::size_t k : ks) got += seated(k);
      if (got < bound(c, ks)) short_of.push_back(c);
    }
    if (short_of.empty()) return;
    // Seats taken per room and segment by everything placed, pinned rows included.
    used_.assign(in_.rooms.size() * segments_, 0);
    for (const auto& [key, n] : existing_used_)
      used_[z(static_cast<Index>(key >> 32)) * segments_ + (key & 0xffffffffu)] += n;
    site_people_.assign(in_.sites.size(), {});
    for (std::size_t ci = 0; ci < in_.candidates.size(); ++ci) {
      for (std::size_t k = offset_[ci]; k < offset_[ci + 1]; ++k) {
        if (seated(k)) seat_use(k, +1);
      }
      if (cand_site_[ci] >= 0) site_people_[z(cand_site_[ci])].push_back(static_cast<Index>(ci));
    }
    in_part_.assign(in_.candidates.size(), 0);
    std::vector<char> done(in_.candidates.size(), 0);
    std::int64_t allowance = kResidueColumnsTotal;
    for (Index d : short_of) {
      if (done[z(d)] || allowance <= 0) continue;
      const std::vector<Index> part = residue_part(d, short_of);
      std::int64_t columns = 0;
      for (Index c : part) columns += columns_of(c);
      allowance -= columns;
      for (Index c : part) done[z(c)] = 1;
      solve_part(part);
      for (Index c : part) in_part_[z(c)] = 0;
    }
  }

  void seat_use(std::size_t k, std::int32_t delta) {
    const Index slot = slot_of(k);
    for (std::size_t e = seg_begin_[z(slot)]; e < seg_end_[z(slot)]; ++e)
      used_[z(room_[k]) * segments_ + e] += delta;
  }

  //! Rooms at a site of `c` that may take subject k.
  void rooms_for(Index c, std::size_t k, std::vector<Index>& out) const {
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

  std::int64_t columns_of(Index c) const {
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

  //! The part of the batch solved together with short candidate `d`: `d` and the other short
  //! candidates sharing a site with it, then ring by ring those seated at the sites reached whose
  //! subjects overlap in time with the part's, while it stays within kResidueColumns.
  std::vector<Index> residue_part(Index d, const std::vector<Index>& short_of) {
    std::vector<Index> part;
    std::vector<char> site_in(in_.sites.size(), 0), seg_in(segments_, 0);
    std::vector<std::size_t> ks;
    std::int64_t columns = 0;
    auto take = [&](Index c) {
      const std::int64_t n = columns_of(c);
      if (!part.empty() && columns + n > kResidueColumns) return false;
      columns += n;
      in_part_[z(c)] = 1;
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
      if (in_part_[z(c)]) continue;
      bool shares = false;
      for (Index x : eligible(c)) shares = shares || site_in[z(x)];
      if (shares && take(c)) reach(c);
    }
    bool full = false;
    for (int ring = 0; ring < kResidueRings && !full; ++ring) {
      std::vector<Index> added;
      for (std::size_t x = 0; x < in_.sites.size() && !full; ++x) {
        if (!site_in[x]) continue;
        for (Index c : site_people_[x]) {
          if (in_part_[z(c)]) continue;
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

  void solve_part(const std::vector<Index>& part) {
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
          seat_use(k, -1);
        }
        p.items.push_back(std::move(item));
        item_k.push_back(k);
      }
    }
    p.free_seats = [&](Index room, std::size_t e) {
      return in_.rooms[z(room)].seats - used_[z(room) * segments_ + e];
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
            clash = j != k && (seated(j) || state_[j] == State::fixed) &&
                    overlap(slot_of(j), slot_of(k));
          }
          const Index site = cand_site_[z(c)];
          reason_[k] = clash                                    ? UnplacedReason::time_clash
                       : site >= 0 && bit(site, mode_of(k)) < 0 ? UnplacedReason::no_room_type
                                                                : UnplacedReason::capacity;
        }
      }
    }
    for (std::size_t k : item_k) {
      if (seated(k)) seat_use(k, +1);
    }
  }

  // ---- seats and invigilators -------------------------------------------------------------
  void seat_and_staff() {
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
      seat_end.assign(static_cast<std::size_t>(room.seats) + 2, std::numeric_limits<std::int64_t>::min());
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
        std::sort(pinned.begin(), pinned.end(), [](const TakenSeat& a, const TakenSeat& b) { return a.seat < b.seat; });
        people.clear();
        k_of.clear();
        for (std::size_t k : new_ks) {
          people.push_back(cand_[k]);
          k_of.push_back({cand_[k], k});
        }
        std::sort(k_of.begin(), k_of.end());
        const auto ordered = order_seats(in_, in_.seating, mix_seed(in_.seed, r, static_cast<std::uint64_t>(slot)),
                                         free_seats, people, pinned);
        taken = pinned;
        for (std::size_t i = 0; i < ordered.size(); ++i) {
          const auto hit = std::lower_bound(k_of.begin(), k_of.end(), std::pair<Index, std::size_t>{ordered[i], 0});
          seat_[hit->second] = free_seats[i];
          taken.push_back({free_seats[i], in_.candidates[z(ordered[i])].college});
        }
        std::sort(taken.begin(), taken.end(), [](const TakenSeat& a, const TakenSeat& b) { return a.seat < b.seat; });
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

  Result<Solution> finish() {
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
          clash = (state_[j] == State::assigned || state_[j] == State::fixed) && overlap(slot_of(j), slot_of(k));
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
        out.placements.push_back({static_cast<Index>(c), subject_[k], room_[k], slot_of(k), seat_[k]});
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
    out.stats = st;
    return out;
  }

  const Instance& in_;
  std::size_t segments_ = 0;
  std::vector<std::size_t> seg_begin_, seg_end_;
  std::vector<Index> slot_rank_;
  std::vector<std::vector<Index>> site_rooms_, college_sites_;
  std::vector<std::int8_t> site_bit_;
  std::vector<int> site_modes_;
  std::vector<unsigned> room_mask_;

  std::vector<std::size_t> offset_;
  std::vector<Index> subject_, cand_;
  std::vector<State> state_;
  std::vector<UnplacedReason> reason_;
  std::vector<Index> room_;
  std::vector<std::int32_t> seat_;
  std::vector<Index> cand_site_, fixed_site_, home_, id_rank_;

  std::unordered_map<std::uint64_t, std::int32_t> existing_used_;   // (room, segment) -> kept seats
  std::unordered_map<std::uint64_t, std::int32_t> existing_count_;  // (room, slot) -> kept seats
  std::vector<RejectedRow> rejected_;

  stages::Capacity hall_;

  std::vector<std::vector<Index>> members_;
  std::vector<std::size_t> member_pos_;
  std::vector<std::size_t> full_offset_;  // per candidate, into full_list_
  std::vector<Index> full_list_;
  struct SlotEntry {
    std::uint32_t k;  // candidate-subject
    Index c;          // its candidate
    Index alt;        // the candidate's other site where it may sit in full (-1 none, -2 several)
    std::int32_t bit;  // the subject's mode at this site (-1: no room of it)
  };
  std::vector<std::vector<SlotEntry>> slot_mobile_;  // conflict stage: per (site, slot), pool subjects of movable members
  std::vector<std::size_t> slot_pos_;                   // per candidate-subject, in slot_mobile_
  std::vector<const std::vector<std::size_t>*> on_stack_;  // need being freed at a site
  std::unordered_set<std::uint64_t> explored_;
  std::int64_t budget_ = 0;
  std::int64_t total_budget_ = 0;
  std::int64_t repair_moves_ = 0;

  struct Change {
    Index c;
    Index site;
    std::size_t first, count;  // seated pool subjects, in log_ks_
  };
  std::vector<char> pool_;  // subject took part in the site choice
  std::vector<std::int32_t> want_n_, got_n_;
  std::vector<std::uint64_t> tabu_;
  std::int64_t seated_ = 0;
  std::vector<Change> log_;
  std::vector<std::size_t> log_ks_;
  std::uint64_t step_ = 0;
  std::int64_t scan_ = 0;
  std::vector<std::int64_t> over_, weight_, hot_pos_;  // per site and segment
  std::vector<std::size_t> hot_;                        // overloaded rows
  std::int64_t total_over_ = 0;
  std::vector<std::vector<Index>> seg_slots_;           // conflict stage: slots covering each segment
  // relieve(): rows taken by the current search (mark), rows that failed in it (search, count),
  // rows relieved on the way so far, sites sharing a college, distances to a free seat, work.
  std::vector<std::uint64_t> row_mark_, dead_;
  std::vector<std::int64_t> fails_;
  std::uint64_t path_mark_ = 0;
  std::vector<std::size_t> used_rows_;
  std::vector<std::vector<Index>> site_links_;
  std::vector<std::int64_t> free_dist_;  // per mode, site and segment
  std::int64_t path_scan_ = 0, path_limit_ = 0;
  int depth_limit_ = kPathDepth;
  std::vector<unsigned> convert_;  // per mode and site: modes whose leaving makes room for it (segment_distances())
  std::deque<std::size_t> dist_queue_;

  std::size_t seg_words_ = 0;
  std::vector<std::uint64_t> seg_mask_;  // per candidate, seg_words_ words

  std::vector<RoomSlot> room_slots_;
  std::vector<std::int32_t> used_;  // residue stage: seats taken per room and segment
  std::vector<std::vector<Index>> site_people_;
  std::vector<char> in_part_;
  std::vector<RoomSlotNeed> needs_;
  Stats stats_;
};

}  // namespace

Result<Solution> arrange(const Instance& in) { return Arranger(in).run(); }

}  // namespace kaowu::schedule
