#pragma once

// Internal to the arranging engine (arrange.cpp and the stage files beside it, and their tests):
// the pieces of state a stage owns, each with its own file.
//   arrange.cpp      the run, stage after stage (its overview comment says what each does)
//   prepare.cpp      time segments, sites and their modes, candidate-subjects, kept rows, clashes
//   capacity.cpp     seats per site, time segment and set of exam modes (Hall's condition)
//   site_choice.cpp  a site per candidate, making room along augmenting paths
//   ejection.cpp     ejection chains for candidates left open
//   conflicts.cpp    the conflict search with breakout weights and chains of moves
//   rooms.cpp        rooms per site and slot
//   room_flow.cpp    a slot's demand per mode split over classes of rooms (a small max-flow)
//   residue.cpp      candidates below their bound, solved exactly (exact.cpp)
//   staffing.cpp     seats and invigilators
#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <numeric>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.hpp"
#include "schedule/exact.hpp"
#include "schedule/invigilation.hpp"
#include "schedule/model.hpp"
#include "schedule/seating.hpp"

namespace kaowu::schedule::stages {

inline std::size_t z(Index i) {
  return static_cast<std::size_t>(i);
}

//! Calls f(m) for every set m of the `bits` local modes of a site that contains mode bit j.
template <class F>
void for_masks_with(int bits, int j, F&& f) {
  const unsigned full = (1u << bits) - 1;
  const unsigned other = full & ~(1u << j);
  for (unsigned rest = other;; rest = (rest - 1) & other) {
    f(rest | (1u << j));
    if (rest == 0) break;
  }
}

//! Seats per site, time segment and set of the site's exam modes (as bits, at most 8 a site),
//! and the demand placed against them. For a row (site, segment) and a set m, cap holds the seats
//! of the rooms taking at least one mode of m and dem the subjects of a mode in m placed there.
//! By Hall's condition the subjects of a row can be given seats of their modes exactly when
//! dem <= cap for every set, so one more subject of mode bit b fits when dem + 1 <= cap for every
//! set containing b.
//! What the placing stages ask most (does one more fit, how much room is left) is read from one
//! table, the seats left (cap - dem) per entry; the seats themselves are kept beside it. Entries
//! are 32-bit: a row of 16 sets (four modes) is one cache line, and the table of a large batch
//! (500 sites, 40 segments in use) is looked at one line per check instead of four. Demand
//! counts candidate-subjects (an Index, 32-bit). Seats are counted up to kSeatCeiling per site
//! and set: more than any demand can reach, so a site with more seats than that behaves as one
//! with exactly that many.
class Capacity {
 public:
  static constexpr std::int64_t kSeatCeiling = std::int64_t{1} << 30;

  //! Rows for `segments` time segments at each site; site x has `site_bits[x]` local modes.
  void build(std::size_t segments, const std::vector<int>& site_bits);
  //! Adds a room of `seats` taking the modes `mask` (local bits) at `site`, in every segment.
  void add_room(std::size_t site, unsigned mask, std::int64_t seats);
  //! The same as add_room() for each of `rooms` (modes, seats) at `site`, summed per set of
  //! modes first and then written once into every segment.
  void add_rooms(std::size_t site, const std::vector<std::pair<unsigned, std::int64_t>>& rooms);
  //! Takes `seats` of a room with modes `mask` at `site` during segment `e` (pinned rows).
  void take(std::size_t site, std::size_t e, unsigned mask, std::int64_t seats);

  int bits(std::size_t site) const { return bits_[site]; }
  std::size_t masks(std::size_t site) const { return std::size_t{1} << bits_[site]; }
  //! Where row (site, e) starts in cap(), dem() and left().
  std::size_t row(std::size_t site, std::size_t e) const { return offset_[site] + e * masks(site); }
  std::int64_t cap(std::size_t i) const { return cap_[i]; }
  std::int64_t dem(std::size_t i) const { return std::int64_t{cap_[i]} - left_[i]; }
  //! Seats left (cap - dem; negative when overloaded).
  std::int64_t left(std::size_t i) const { return left_[i]; }
  //! Adds `delta` to the demand of entry i alone (a trial of the conflict search).
  void shift(std::size_t i, int delta) { left_[i] -= delta; }

  //! Whether one more subject of mode bit b fits row (site, e).
  bool fits(std::size_t site, std::size_t e, int b) const {
    if (b < 0) return false;
    const std::size_t r = row(site, e);
    bool ok = true;
    for_masks_with(bits_[site], b, [&](unsigned m) {
      if (left_[r + m] < 1) ok = false;
    });
    return ok;
  }
  //! Adds `delta` subjects of mode bit b to row (site, e).
  void add(std::size_t site, std::size_t e, int b, int delta) {
    const std::size_t r = row(site, e);
    for_masks_with(bits_[site], b, [&](unsigned m) { left_[r + m] -= delta; });
  }
  //! The largest excess of demand over seats among the sets of row (site, e); 0 when it fits.
  std::int64_t overload(std::size_t site, std::size_t e) const;

 private:
  std::size_t segments_ = 0;
  std::vector<int> bits_;
  std::vector<std::size_t> offset_;
  std::vector<std::int32_t> cap_, left_;
};

//! Splits the demand of each mode (bit) of a slot over classes of rooms (rooms taking the same
//! set of modes, `class_masks`, most specialised first) with `residual` seats each: greedily,
//! modes with the fewest seats they could use first, each into the most specialised classes
//! first, then augmenting paths move earlier flow between classes so that what is left finds
//! seats. Returns flow[m * classes + t]; all demand is met whenever Hall's condition holds.
std::vector<std::int64_t> flow_modes_to_classes(const std::vector<unsigned>& class_masks,
                                                std::vector<std::int64_t> residual,
                                                const std::vector<std::int64_t>& demand);

enum class State : std::uint8_t { pending, fixed, assigned, unplaced };

inline std::uint64_t pair_key(Index a, Index b) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) |
         static_cast<std::uint32_t>(b);
}

//! Gives `slot` a fresh T for as long as this object lives: the state a stage keeps of its own
//! exists only while the stage runs.
template <class T>
class StageScope {
 public:
  explicit StageScope(std::unique_ptr<T>& slot) : slot_(slot) { slot_ = std::make_unique<T>(); }
  ~StageScope() { slot_.reset(); }
  StageScope(const StageScope&) = delete;
  StageScope& operator=(const StageScope&) = delete;

 private:
  std::unique_ptr<T>& slot_;
};

//! What the augmenting-path search of the site choice (site_choice.cpp) works with; it exists
//! only while choose_sites() runs.
struct SiteSearch {
  std::vector<const std::vector<std::size_t>*> on_stack;  //!< per site: the need being freed there
  std::unordered_set<std::uint64_t> explored;  //!< needs (site, slot, mode) explored in this search
  std::int64_t budget = 0;                     //!< candidates the current search may still look at
  std::int64_t total_budget = 0;               //!< what is left of the batch's allowance
};

//! What the repair stages (ejection.cpp, then conflicts.cpp) share; it exists only while
//! repair() and resolve_conflicts() run.
struct RepairState {
  //! A candidate's configuration before a change: its site and seated pool subjects.
  struct Change {
    Index c;
    Index site;
    std::size_t first, count;  //!< seated pool subjects, in log_ks
  };
  std::vector<std::int32_t> want_n;  //!< per candidate: the most subjects a serving site could take
  std::vector<std::int32_t> got_n;   //!< per candidate: pool subjects seated
  std::int64_t seated = 0;           //!< pool subjects seated in all
  std::vector<Change> log;           //!< changes since the best state seen (undo_to())
  std::vector<std::size_t> log_ks;
  std::vector<std::uint64_t> tabu;  //!< per candidate: the step until which it is not pushed out
  std::uint64_t step = 0;           //!< steps of the ejection chains
  std::int64_t scan = 0;            //!< candidates looked at by the ejection chains
  std::size_t seg_words = 0;
  std::vector<std::uint64_t> seg_mask;  //!< per candidate, seg_words words (build_seg_masks())
};

//! A pool subject of a movable candidate, listed under its (site, slot) for the conflict search.
struct SlotEntry {
  std::uint32_t k;   //!< candidate-subject
  Index c;           //!< its candidate
  Index alt;         //!< the candidate's other site where it may sit in full (-1 none, -2 several)
  std::int32_t bit;  //!< the subject's mode at this site (-1: no room of it)
};

//! What the conflict search (conflicts.cpp) works with; it exists only while that stage runs.
struct ConflictState {
  //! Per (site, slot): pool subjects of movable members; per candidate-subject its place there.
  std::vector<std::vector<SlotEntry>> slot_mobile;
  std::vector<std::size_t> slot_pos;
  //! Per candidate, the serving sites where it may sit in full (build_full_sites()).
  std::vector<std::size_t> full_offset;
  std::vector<Index> full_list;
  std::vector<std::int64_t> over, weight, hot_pos;  //!< per site and segment
  std::vector<std::size_t> hot;                     //!< overloaded rows
  std::int64_t total_over = 0;
  std::vector<std::vector<Index>> seg_slots;  //!< slots covering each segment
  // relieve(): rows taken by the current search (mark), rows that failed in it (search, count),
  // rows relieved on the way so far, sites sharing a college, distances to a free seat, work.
  std::vector<std::uint64_t> row_mark, dead;
  std::vector<std::int64_t> fails;
  std::uint64_t path_mark = 0;
  std::vector<std::size_t> used_rows;
  std::vector<std::vector<Index>> site_links;
  std::vector<std::int64_t> free_dist;  //!< per mode, site and segment
  std::int64_t path_scan = 0, path_limit = 0;
  int depth_limit = 0;  //!< set by relieve_rows() before each search
  //! Per mode and site: modes whose leaving makes room for it (segment_distances()).
  std::vector<unsigned> convert;
  std::deque<std::size_t> dist_queue;
};

//! What the residue stage (residue.cpp) works with; it exists only while that stage runs.
struct ResidueState {
  std::vector<std::int32_t> used;               //!< seats taken per room and segment
  std::vector<std::vector<Index>> site_people;  //!< candidates per site
  std::vector<char> in_part;                    //!< per candidate: in the part being solved
};

//! One run of arrange(): the instance, the state every stage shares (candidate-subjects, their
//! sites, rooms and seats, the capacity), and the stages as members, each defined in the file
//! named in its section below. The site choice's search, the repair stages, the conflict search
//! and the residue stage keep the rest of their state in objects of their own (SiteSearch,
//! RepairState, ConflictState, ResidueState) that exist only while their stage runs.
class Arranger {
 public:
  explicit Arranger(const Instance& in) : in_(in) {}

  Result<Solution> run();

 private:
  // ---- time -------------------------------------------------------------------------------
  void build_time();

  bool overlap(Index a, Index b) const {
    const Slot &x = in_.slots[z(a)], &y = in_.slots[z(b)];
    return x.start < y.end && y.start < x.end;
  }

  // ---- sites and their exam modes ---------------------------------------------------------
  Status build_sites();

  int bit(Index site, Index mode) const { return site_bit_[z(site) * in_.modes.size() + z(mode)]; }

  // ---- candidate-subjects -----------------------------------------------------------------
  void build_candidates();

  std::size_t find_k(Index c, Index subject) const {
    for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
      if (subject_[k] == subject) return k;
    }
    return std::numeric_limits<std::size_t>::max();
  }

  Index slot_of(std::size_t k) const { return in_.subjects[z(subject_[k])].slot; }
  Index mode_of(std::size_t k) const { return in_.subjects[z(subject_[k])].mode; }

  void apply_existing();

  // ---- capacity per site, segment and set of modes (Hall's condition, capacity.cpp) -------
  void build_hall();

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
    for (std::size_t e = seg_begin_[z(slot)]; e < seg_end_[z(slot)]; ++e)
      hall_.add(z(site), e, j, delta);
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

  void filter_candidates();

  // ---- site choice with repair ------------------------------------------------------------
  std::size_t count_fit(const std::vector<std::size_t>& ks, Index site) const {
    std::size_t n = 0;
    for (std::size_t k : ks) n += fits(site, k);
    return n;
  }

  //! Smallest spare capacity over the sets of modes that the subjects in `ks` would use at `site`.
  std::int64_t margin(const std::vector<std::size_t>& ks, Index site) const;

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
    if (conflict_ && !conflict_->slot_mobile.empty() && movable(c)) link_slots(c, site);
  }

  void leave(Index c);

  //! Lists the pool subjects of movable candidate `c` under (site, slot), for the conflict stage,
  //! with what the search filters on first (kept beside each other: the lists are scanned often).
  void link_slots(Index c, Index site);

  void unlink_slots(Index c, Index site);

  bool movable(Index d) const { return fixed_site_[z(d)] < 0 && eligible(d).size() > 1; }

  std::uint64_t need_key(Index site, std::size_t k) const {
    return (static_cast<std::uint64_t>(site) * in_.slots.size() + z(slot_of(k))) *
               in_.modes.size() +
           z(mode_of(k));
  }

  //! Records the needs (site, slot, mode) of `ks` still unmet at `site`; false when every one of
  //! them was already explored in this search.
  bool mark_needs(const std::vector<std::size_t>& ks, Index site) {
    bool fresh = false;
    for (std::size_t k : ks) {
      if (!fits(site, k)) fresh = sites_->explored.insert(need_key(site, k)).second || fresh;
    }
    return fresh;
  }

  //! Moves other candidates out of `site` (each to another of its sites where it fits,
  //! recursively making room there) until every subject in `ks` of candidate `c` fits at `site`.
  //! An augmenting-path search as in bipartite matching: each unmet need (site, slot, mode) is
  //! explored once per search, and sites being freed further up are never filled again.
  bool make_room(Index c, const std::vector<std::size_t>& ks, Index site, int depth);

  bool free_seats_at(Index c, const std::vector<std::size_t>& ks, Index site, int depth,
                     std::size_t fit);

  void commit(Index c, Index site, const std::vector<std::size_t>& want);

  void choose_sites();

  void place_candidate(Index c, const std::vector<std::size_t>& want);

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
  void build_seg_masks();

  bool may_use(Index c, std::size_t e) const {
    return repair_->seg_mask[z(c) * repair_->seg_words + e / 64] >> (e % 64) & 1;
  }

  bool may_share(Index a, Index b) const {
    for (std::size_t w = 0; w < repair_->seg_words; ++w) {
      if (repair_->seg_mask[z(a) * repair_->seg_words + w] &
          repair_->seg_mask[z(b) * repair_->seg_words + w])
        return true;
    }
    return false;
  }

  std::size_t want_of(Index c) const { return static_cast<std::size_t>(repair_->want_n[z(c)]); }
  bool open_candidate(Index c) const { return repair_->got_n[z(c)] < repair_->want_n[z(c)]; }

  //! Gives candidate `c` site `site` with exactly the pool subjects in `assign` seated (all
  //! others of its pool unseated), logging the previous configuration unless undoing.
  void reconfigure(Index c, Index site, const std::vector<std::size_t>& assign, bool log = true);

  void undo_to(std::size_t mark);

  //! The pool subjects of unseated candidate `c` that fit at `site` together, in order.
  void fitting(Index c, Index site, std::vector<std::size_t>& out);

  //! The serving site where most of unseated candidate `c` fits (then most room left).
  Index best_partial(Index c, std::vector<std::size_t>& out);

  //! How far the pool subjects of unseated `c` typed at `site` are from fitting: per subject,
  //! the largest excess over the sets of modes it uses, summed.
  std::int64_t excess(const std::vector<std::size_t>& needs, Index site) const;

  void remove_seated(Index d, Index site, int delta) {
    for (std::size_t k = offset_[z(d)]; k < offset_[z(d) + 1]; ++k) {
      if (pool_[k] && state_[k] == State::assigned) add(site, k, delta);
    }
  }

  //! Candidates at `site` to push out so that every subject in `needs` fits there, chosen
  //! greedily by excess removed per seated subject lost; -1 when no such set exists.
  std::int64_t ejection(Index c, const std::vector<std::size_t>& needs, Index site,
                        std::vector<Index>& out);

  void repair();

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
  void build_full_sites();

  std::span<const Index> full_sites(Index c) const {
    return {conflict_->full_list.data() + conflict_->full_offset[z(c)],
            conflict_->full_offset[z(c) + 1] - conflict_->full_offset[z(c)]};
  }

  std::int64_t overload(std::size_t x, std::size_t e) const { return hall_.overload(x, e); }

  void typed_pool(Index c, Index site, std::vector<std::size_t>& out) const {
    out.clear();
    for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
      if (pool_[k] && bit(site, mode_of(k)) >= 0) out.push_back(k);
    }
  }

  void touch_row(std::size_t x, std::size_t e);

  void touch_candidate(Index c, Index site) {
    for (std::size_t k = offset_[z(c)]; k < offset_[z(c) + 1]; ++k) {
      if (!pool_[k] || bit(site, mode_of(k)) < 0) continue;
      for (std::size_t e = seg_begin_[z(slot_of(k))]; e < seg_end_[z(slot_of(k))]; ++e)
        touch_row(z(site), e);
    }
  }

  //! Weighted overload of the rows that the subjects of `c` use at `site`; `now`: of the current
  //! state, from the kept overloads (over follows every move of the conflict stage).
  std::int64_t weighted_at(Index c, Index site, bool now = false) const;

  //! Change of the weighted overload if `c` (seated in full at its site) moved to `to`.
  //! `now`: the counts are those of the current state (not changed for a trial).
  std::int64_t move_delta(Index c, Index to, std::vector<std::size_t>& ks, bool now = true);

  void move_full(Index c, Index to, std::vector<std::size_t>& ks) {
    const Index from = cand_site_[z(c)];
    typed_pool(c, to, ks);
    reconfigure(c, to, ks);
    touch_candidate(c, from);
    touch_candidate(c, to);
  }

  //! Modes (bits of site `x`) whose leaving lowers the overload of row (x, e): those in every
  //! set of modes where the excess is largest.
  unsigned relief_modes(std::size_t x, std::size_t e) const;

  //! Rows at `to` whose overload would grow if `c` (seated in full elsewhere) came there; false
  //! when one of them is taken by the current search.
  bool grown_rows(Index c, Index to, std::vector<std::size_t>& ks, std::vector<std::size_t>& out);

  //! Back to log mark `mark`, keeping the overloads of the rows touched up to date.
  void undo_rows(std::size_t mark);

  //! Lowers the overload of row r (site, segment) by one without raising any other row: a
  //! candidate seated there with a relieving mode goes to another of its sites (nearest to a free
  //! seat of its mode first, then fewest rows overloaded there), and the rows it overloads there
  //! are relieved in turn, depth first (an augmenting path, or a tree when the mover has several
  //! subjects). Rows relieved on the current way are not filled again; a row that could not be
  //! relieved kPathTries times stays out of the search.
  bool relieve(std::size_t r, int depth);

  bool relieve_in(std::size_t r, int depth);

  //! Per mode, site and segment: how many moves between sites sharing a college away the nearest
  //! site with a seat for that mode free in that segment is, counting trades of modes at a site
  //! (segment_distances()); relieve() tries nearer sites first.
  void free_distances();

  //! free_distances() for segment e. A search over (mode, site) from the free seats backwards: a
  //! seat of mode j short at site y is as far as one at a linked site plus one move, or, when y
  //! can trade it for a seat of mode j2 (one more j there is relieved by one j2 leaving), as far
  //! as a seat of j2 short at y. With `origin` >= 0 (a site overloaded in this segment by its mix
  //! of modes only, mix_only()), the seats that would be free there once a subject of a relieving
  //! mode has left count as free too, so that ways back to it (trading modes with other sites)
  //! are found.
  void segment_distances(std::size_t e, std::int64_t origin);

  //! Whether the overload of row (x, e) is one of mix only: the site has a seat for every
  //! subject in the segment, but not of the right types. Then no seat needs to be found
  //! elsewhere, only subjects of other modes traded with other sites.
  bool mix_only(std::size_t x, std::size_t e) const {
    const std::size_t masks = std::size_t{1} << site_modes_[x];
    const std::size_t row = hall_.row(x, e);
    return hall_.left(row + masks - 1) >= 0;
  }

  //! Looks for each seat still short with relieve(), rows in order, while that gains, within
  //! kPathScanPerShort moves looked at per seat short and at most `allowance`.
  //! False when there is no free seat in segment e at any site that moves could reach from x:
  //! then no chain of moves lowers the overload there.
  bool reachable_seat(std::size_t x, std::size_t e) const;

  //! Returns false when no overloaded row has a free seat within reach (nothing was tried).
  bool relieve_rows(std::int64_t allowance);

  void resolve_conflicts();

  //! Subjects left out for a time clash with a subject that then found no seat are tried again.
  void retry_clashes();

  //! Subjects of the site choice left without a seat: no_room_type when the candidate's site has
  //! no room of their mode, capacity otherwise.
  void settle_reasons() {
    for (std::size_t k = 0; k < subject_.size(); ++k) {
      if (!pool_[k] || state_[k] != State::unplaced) continue;
      const Index site = cand_site_[z(cand_[k])];
      reason_[k] = site >= 0 && bit(site, mode_of(k)) < 0 ? UnplacedReason::no_room_type
                                                          : UnplacedReason::capacity;
    }
  }

  // ---- rooms per site and slot ------------------------------------------------------------
  struct Class {
    unsigned mask = 0;
    std::vector<Index> rooms;  // local room positions
  };

  //! The candidate-subjects of one site to give rooms, by slot (in time order), then subject:
  //! with each its subject and candidate beside it, gathered in one pass in order of
  //! candidate-subject so that the room stage reads its own lists rather than the tables.
  struct SiteItems {
    std::vector<std::size_t> ks;
    std::vector<Index> subject, cand;
    Index slot(std::size_t i, const Instance& in) const { return in.subjects[z(subject[i])].slot; }
  };

  void place_rooms();

  void place_site(Index site, const SiteItems& items, std::vector<std::int32_t>& used);

  void place_slot(Index site, Index slot, int bits, std::vector<Class>& classes,
                  const std::vector<Index>& rooms, const std::vector<std::int64_t>& avail,
                  const std::vector<char>& open, const SiteItems& items, std::size_t from,
                  std::size_t to, std::vector<std::int32_t>& used);

  // ---- the residue, solved exactly ---------------------------------------------------------
  //! Subjects of candidate `c` that the residue stage may place: not pinned, not left out for
  //! a reason no arrangement changes, not overlapping a pinned subject of the candidate.
  void free_items(Index c, std::vector<std::size_t>& out) const;

  bool seated(std::size_t k) const { return state_[k] == State::assigned && room_[k] >= 0; }

  //! The most of `ks` one site of `c` could take without overlaps (earliest end first).
  std::int32_t bound(Index c, const std::vector<std::size_t>& ks) const;

  void settle_residue();

  void seat_use(ResidueState& rs, std::size_t k, std::int32_t delta) {
    const Index slot = slot_of(k);
    for (std::size_t e = seg_begin_[z(slot)]; e < seg_end_[z(slot)]; ++e)
      rs.used[z(room_[k]) * segments_ + e] += delta;
  }

  //! Rooms at a site of `c` that may take subject k.
  void rooms_for(Index c, std::size_t k, std::vector<Index>& out) const;

  std::int64_t columns_of(Index c) const;

  //! The part of the batch solved together with short candidate `d`: `d` and the other short
  //! candidates sharing a site with it, then ring by ring those seated at the sites reached whose
  //! subjects overlap in time with the part's, while it stays within kResidueColumns.
  std::vector<Index> residue_part(ResidueState& rs, Index d, const std::vector<Index>& short_of);

  void solve_part(ResidueState& rs, const std::vector<Index>& part);

  // ---- seats and invigilators -------------------------------------------------------------
  void seat_and_staff();

  Result<Solution> finish();

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

  std::vector<std::vector<Index>> members_;  // candidates per site
  std::vector<std::size_t> member_pos_;      // per candidate, in members_ of its site
  std::vector<char> pool_;                   // subject took part in the site choice
  std::int64_t repair_moves_ = 0;
  std::unique_ptr<SiteSearch> sites_;        // only while choose_sites() runs
  std::unique_ptr<RepairState> repair_;      // only while repair() and resolve_conflicts() run
  std::unique_ptr<ConflictState> conflict_;  // only while resolve_conflicts() runs

  std::vector<RoomSlot> room_slots_;
  std::vector<RoomSlotNeed> needs_;
  std::vector<SitePatrol> site_patrols_;
  std::vector<RejectedRow> rejected_invigilation_;
  Stats stats_;
};

}  // namespace kaowu::schedule::stages
