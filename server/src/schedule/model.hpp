#pragma once

#include <time.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace kaowu::schedule {

//! Dense index of an interned id (slot, subject, room, ...); -1 when absent.
using Index = std::int32_t;

//! How candidates of one room-slot are ordered over its seats.
enum class Seating { sequential, random, spread };

//! An exam session: a real time interval [start, end), seconds since 1970-01-01 (local wall time).
struct Slot {
  std::string id;
  std::int64_t start = 0;
  std::int64_t end = 0;
};

//! A subject (科目) of a certificate, sat in one slot in one exam mode.
struct Subject {
  std::string id;
  Index slot = -1;         //!< when it is sat
  Index mode = -1;         //!< index into Instance::modes (考试形式, e.g. 机考)
  Index certificate = -1;  //!< index into Instance::certificates
};

//! A 考点; serves the listed colleges.
struct Site {
  std::string id;
  std::vector<Index> colleges;  //!< sorted, unique
};

//! A 考场 at one site; hosts subjects whose mode is one of `types`.
struct Room {
  std::string id;
  Index site = -1;
  std::vector<Index> types;  //!< modes, sorted, unique
  std::int32_t seats = 0;    //!< seat numbers run 1..seats
};

//! A registered candidate (考生) and the subjects they sit.
struct Candidate {
  std::string id;
  Index college = -1;           //!< index into Instance::colleges
  std::vector<Index> subjects;  //!< registered subjects, in input order, unique
};

//! A time interval [start, end), seconds as in Slot.
struct Interval {
  std::int64_t start = 0;
  std::int64_t end = 0;
};

//! What a member of staff does: 监考老师 staff room-slots, 巡考老师 patrol a site during a slot.
enum class StaffKind : std::uint8_t { room, patrol };

//! Wire name of a kind: "监考老师" or "巡考老师".
const char* staff_kind_name(StaffKind kind);
//! Parses a wire name; false when unknown.
bool parse_staff_kind(const std::string& name, StaffKind& out);

//! A teacher certified (已认证) to invigilate the listed certificates.
struct Invigilator {
  std::string id;
  Index college = -1;
  std::vector<Index> certificates;  //!< sorted, unique
  StaffKind kind = StaffKind::room;
  //! Times the person cannot serve: declared unavailable, or busy in another plan. Any order,
  //! overlaps allowed; a duty overlapping one of them is never given.
  std::vector<Interval> unavailable;
};

//! A placement made by an earlier run that must be kept.
struct ExistingRow {
  Index candidate = -1;
  Index subject = -1;
  Index room = -1;
  std::int32_t seat = 0;
};

//! A duty given by an earlier run that should be kept: a room-slot (`room` set, `site` -1) for a
//! 监考老师, or a site during a slot (`site` set, `room` -1) for a 巡考老师.
struct ExistingDuty {
  Index room = -1;
  Index site = -1;
  Index slot = -1;
  Index invigilator = -1;
};

//! One arranging problem with ids interned to dense indices.
struct Instance {
  std::uint64_t seed = 0;  //!< drives `random` seating and nothing else
  Seating seating = Seating::sequential;
  int invigilators_per_room = 2;  //!< 监考老师 wanted per used room-slot
  int patrols_per_site = 1;       //!< 巡考老师 wanted per site and slot with a used room
  std::vector<Slot> slots;
  std::vector<Subject> subjects;
  std::vector<Site> sites;
  std::vector<Room> rooms;
  std::vector<Candidate> candidates;
  std::vector<Invigilator> invigilators;
  std::vector<ExistingRow> existing;                //!< kept from earlier runs when valid
  std::vector<ExistingDuty> existing_invigilation;  //!< duties kept from earlier runs when valid
  std::vector<std::string> modes;                   //!< names of interned modes
  std::vector<std::string> colleges;                //!< names of interned colleges
  std::vector<std::string> certificates;            //!< names of interned certificates
};

//! Why a registered subject of a candidate was not placed.
enum class UnplacedReason { capacity, no_room_type, time_clash, no_site, invalid_existing };

//! Stable wire name of a reason ("capacity", ...).
const char* reason_name(UnplacedReason reason);
//! Parses a wire name; false when unknown.
bool parse_reason(const std::string& name, UnplacedReason& out);

//! A candidate's subject in a room, slot and seat.
struct Placement {
  Index candidate = -1;
  Index subject = -1;
  Index room = -1;
  Index slot = -1;
  std::int32_t seat = 0;
};

//! A registered subject that could not be placed, and why.
struct Unplaced {
  Index candidate = -1;
  Index subject = -1;
  UnplacedReason reason = UnplacedReason::capacity;
};

//! An `existing` row that breaks a rule; it is reported and its subject is left unplaced. The
//! same for an `existing_invigilation` row, whose duty is then given anew if anyone can take it.
struct RejectedRow {
  std::int32_t row = 0;  //!< position in Instance::existing (or existing_invigilation)
  std::string reason;    //!< machine-readable code, e.g. "seat_taken"
};

//! A room during a slot, with its invigilators (监考老师).
struct RoomSlot {
  Index room = -1;
  Index slot = -1;
  std::vector<Index> invigilators;  //!< by id
  std::int32_t shortage = 0;        //!< invigilators still missing
  //! Parallel to `invigilators`: 1 when the person's college has candidates in this room-slot
  //! (回避 could not be kept).
  std::vector<std::uint8_t> own_college;
  //! Parallel to `invigilators`: 1 when the duty was kept from existing_invigilation.
  std::vector<std::uint8_t> kept;
};

//! A site during a slot in which at least one of its rooms is used, with its patrols (巡考老师).
struct SitePatrol {
  Index site = -1;
  Index slot = -1;
  std::vector<Index> invigilators;  //!< by id
  std::int32_t shortage = 0;        //!< patrols still missing
  //! Parallel to `invigilators`: 1 when the person's college is one the site serves.
  std::vector<std::uint8_t> own_college;
  //! Parallel to `invigilators`: 1 when the duty was kept from existing_invigilation.
  std::vector<std::uint8_t> kept;
};

//! Where the time of one run went, in milliseconds: wall clock, and the CPU time of the process
//! (the figure to compare on a busy machine). Written into the output only when `timed` (the
//! CLI sets it); without it the output is the same bytes on every run.
struct Timings {
  struct Lap {
    double wall_ms = 0;
    double cpu_ms = 0;
  };
  bool timed = false;
  Lap read;     //!< the input file read into memory (measured by the caller)
  Lap parse;    //!< JSON text -> Instance (measured by the caller)
  Lap prepare;  //!< time segments, sites, candidates, kept rows, capacity, clashes
  Lap sites;    //!< site choice
  Lap repair;   //!< ejection chains, conflict search, clashes retried
  Lap rooms;    //!< rooms per site and slot
  Lap residue;  //!< candidates below their bound, settled exactly
  Lap seating;  //!< seats and invigilators, figures
  Lap output;   //!< Solution -> JSON text, everything before the stats (write_solution)
};

//! Measures consecutive laps of a run (wall clock and process CPU time).
class Stopwatch {
 public:
  Stopwatch() : wall_(wall_now()), cpu_(cpu_now()) {}
  //! Stores the time since the start or the previous lap into `into` and starts the next lap.
  void lap(Timings::Lap& into) {
    const double wall = wall_now(), cpu = cpu_now();
    into.wall_ms = wall - wall_;
    into.cpu_ms = cpu - cpu_;
    wall_ = wall;
    cpu_ = cpu;
  }

 private:
  static double wall_now() {
    return std::chrono::duration<double, std::milli>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
  static double cpu_now() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
  }
  double wall_, cpu_;
};

//! Figures describing the quality of an arrangement.
struct Stats {
  std::int64_t candidates = 0;
  std::int64_t candidate_subjects = 0;
  std::int64_t placed = 0;
  std::int64_t kept_existing = 0;
  std::int64_t unplaced_capacity = 0;
  std::int64_t unplaced_no_room_type = 0;
  std::int64_t unplaced_time_clash = 0;
  std::int64_t unplaced_no_site = 0;
  std::int64_t unplaced_invalid_existing = 0;
  std::int64_t rejected_existing = 0;
  std::int64_t rooms_used = 0;
  std::int64_t room_slots = 0;
  std::int64_t seats_offered = 0;                 //!< seats of the used room-slots
  std::int64_t mixed_room_slots = 0;              //!< room-slots holding more than one subject
  std::int64_t multi_subject_candidates = 0;      //!< candidates with two or more placements
  std::int64_t same_room_candidates = 0;          //!< ... of whom all sit in one room
  std::int64_t adjacent_pairs = 0;                //!< neighbouring seats both taken
  std::int64_t adjacent_same_college = 0;         //!< ... by candidates of one college
  std::int64_t random_adjacent_same_college = 0;  //!< the same count for a seeded random order
  std::int64_t invigilator_shortage = 0;          //!< 监考老师 missing over all room-slots
  std::int64_t own_college_assignments = 0;       //!< room duties flagged own_college
  std::int64_t invigilator_max_load = 0;          //!< room duties of the busiest 监考老师 ...
  std::int64_t invigilator_min_load = 0;  //!< ... and of the least busy, among the 监考老师
                                          //!< certified for a certificate of a used room-slot
  std::int64_t patrol_slots = 0;          //!< site-slots listed in site_patrols
  std::int64_t patrol_shortage = 0;       //!< 巡考老师 missing over all site-slots
  std::int64_t own_college_patrols = 0;   //!< patrol duties flagged own_college
  std::int64_t patrol_max_load = 0;       //!< patrol duties of the busiest 巡考老师 ...
  std::int64_t patrol_min_load = 0;  //!< ... and of the least busy, among the 巡考老师 certified
                                     //!< for a certificate sat in a site-slot
  std::int64_t kept_invigilation = 0;      //!< existing_invigilation rows kept
  std::int64_t rejected_invigilation = 0;  //!< existing_invigilation rows rejected
  std::int64_t repair_moves = 0;           //!< candidates moved between sites to make room
  Timings timings;
};

//! The result of arranging.
struct Solution {
  std::vector<Placement> placements;     //!< by candidate, then the candidate's subject order
  std::vector<Unplaced> unplaced;        //!< same order
  std::vector<RejectedRow> rejected;     //!< by row
  std::vector<RoomSlot> room_slots;      //!< by room, then slot start
  std::vector<SitePatrol> site_patrols;  //!< by site, then slot start
  std::vector<RejectedRow> rejected_invigilation;  //!< existing_invigilation rows, by row
  Stats stats;
};

}  // namespace kaowu::schedule
