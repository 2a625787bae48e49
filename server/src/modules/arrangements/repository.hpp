#pragma once

// Arrangements 编排: which registration sits in which room, slot and seat. The arrangement module
// fills this table; rooms and registrations read their derived states through this interface and
// never query the table themselves.

#include <soci/soci.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"

namespace kaowu::arrangements::repository {

struct Arrangement {
  std::int64_t id = 0;
  std::int64_t plan_id = 0;
  std::int64_t registration_id = 0;
  std::int64_t room_id = 0;
  std::int64_t site_id = 0;
  Timestamp slot_start = 0;
  Timestamp slot_end = 0;
  int seat_no = 0;
  std::string ticket_no;  //!< 准考证号, 25 digits
};

//! How a room is used: how many registrations are placed in it and when the last of their exams
//! ends (0 when none).
struct RoomUsage {
  long long arranged = 0;
  Timestamp last_end = 0;
};

//! Usage per room for the given rooms (rooms with no arrangement are absent).
std::map<std::int64_t, RoomUsage> room_usage(soci::session& sql,
                                             const std::vector<std::int64_t>& room_ids);

//! The arrangement of each given registration that has one.
std::map<std::int64_t, Arrangement> of_registrations(
    soci::session& sql, const std::vector<std::int64_t>& registration_ids);

//! SQL conditions for list filters, on the caller's id column (e.g. "r.id"), with the current time
//! given as a bound placeholder (e.g. ":p3"). They only read the arrangements table.
namespace sql_filter {
//! The room has no arrangement.
std::string room_unarranged(const std::string& room_id_column);
//! The room has an arrangement whose exam ends after `now`.
std::string room_in_progress(const std::string& room_id_column, const std::string& now_placeholder);
//! The room has arrangements and all of them have ended by `now`.
std::string room_finished(const std::string& room_id_column, const std::string& now_placeholder);
//! The registration has no arrangement.
std::string registration_unarranged(const std::string& registration_id_column);
//! The registration is arranged and its slot compares with `now` as given: "before" (待考试),
//! "during" (考试中), "after" (已结束).
std::string registration_slot(const std::string& registration_id_column, const std::string& which,
                              const std::string& now_placeholder);
}  // namespace sql_filter

//! Places a registration (used by the arrangement run and by test fixtures).
std::int64_t insert(soci::session& sql, const Arrangement& a, Timestamp now);
//! Places many registrations with one prepared statement.
void insert_many(soci::session& sql, const std::vector<Arrangement>& rows, Timestamp now);
//! Every arrangement of a plan.
std::vector<Arrangement> of_plan(soci::session& sql, std::int64_t plan_id);
std::optional<Arrangement> find(soci::session& sql, std::int64_t id);
//! Moves an arrangement to another room, site and seat (a manual adjustment).
void move(soci::session& sql, std::int64_t id, std::int64_t room_id, std::int64_t site_id,
          int seat_no);
void remove(soci::session& sql, std::int64_t id);

// 准考证号 of a plan's candidates.
std::map<std::int64_t, std::string> tickets_of_plan(soci::session& sql, std::int64_t plan_id);
//! The highest sequence given under a 19-digit prefix (0 when none).
long long last_sequence(soci::session& sql, const std::string& prefix);
void insert_tickets(soci::session& sql, std::int64_t plan_id,
                    const std::vector<std::pair<std::int64_t, std::string>>& tickets,
                    Timestamp now);

// 考场编排: the room-slots holding candidates.
struct RoomSlot {
  std::int64_t id = 0;
  std::int64_t plan_id = 0;
  std::int64_t site_id = 0;
  std::int64_t room_id = 0;
  Timestamp slot_start = 0;
  Timestamp slot_end = 0;
};
std::vector<RoomSlot> room_slots_of_plan(soci::session& sql, std::int64_t plan_id);
std::optional<RoomSlot> find_room_slot(soci::session& sql, std::int64_t id);
std::int64_t insert_room_slot(soci::session& sql, const RoomSlot& r, Timestamp now);
//! The room-slot of an arrangement, made when it is the first of its room and slot.
std::int64_t ensure_room_slot(soci::session& sql, const Arrangement& a, Timestamp now);
//! Removes the plan's room-slots that no longer hold anyone (with their invigilators).
void remove_empty_room_slots(soci::session& sql, std::int64_t plan_id);

// Invigilation: 监考老师 of room-slots and 巡考老师 of site-slots.
struct Assignment {
  std::int64_t plan_id = 0;
  std::int64_t site_id = 0;
  std::optional<std::int64_t> room_slot_id;  //!< empty for a patrol
  Timestamp slot_start = 0;
  Timestamp slot_end = 0;
  std::int64_t invigilator_id = 0;
  std::string role;  //!< room | patrol
  bool own_college = false;
};
std::vector<Assignment> assignments_of_plan(soci::session& sql, std::int64_t plan_id);
//! Removes the plan's assignments of slots that have not started at `now`.
void remove_future_assignments(soci::session& sql, std::int64_t plan_id, Timestamp now);
void insert_assignments(soci::session& sql, const std::vector<Assignment>& rows, Timestamp now);
//! Replaces the room invigilators of one room-slot.
void set_room_invigilators(soci::session& sql, const RoomSlot& slot,
                           const std::vector<std::pair<std::int64_t, bool>>& people, Timestamp now);
//! The slots the given persons are assigned in other plans than `plan_id`.
std::map<std::int64_t, std::vector<std::pair<Timestamp, Timestamp>>> busy_elsewhere(
    soci::session& sql, const std::vector<std::int64_t>& person_ids, std::int64_t plan_id);

// Arrangement runs.
struct Run {
  std::int64_t id = 0;
  std::int64_t plan_id = 0;
  std::string scope;  //!< plan | subject | site
  std::optional<std::int64_t> scope_id;
  std::string scope_name;
  std::optional<std::int64_t> job_id;
  std::string state;  //!< running | succeeded | failed
  std::string error;
  std::string summary = "{}";
  std::optional<std::int64_t> created_by;
  Timestamp created_at = 0;
  std::optional<Timestamp> finished_at;
};
std::int64_t insert_run(soci::session& sql, const Run& run);
void set_run_job(soci::session& sql, std::int64_t run_id, std::int64_t job_id);
std::optional<Run> find_run(soci::session& sql, std::int64_t id);
std::vector<Run> runs_of_plan(soci::session& sql, std::int64_t plan_id, int limit);
std::optional<Run> running_of_plan(soci::session& sql, std::int64_t plan_id);
//! Ends a run; false when it was no longer running.
bool finish_run(soci::session& sql, std::int64_t id, const std::string& state,
                const std::string& error, const std::string& summary, Timestamp now);
void insert_unplaced(soci::session& sql, std::int64_t run_id,
                     const std::vector<std::pair<std::int64_t, std::string>>& rows);

}  // namespace kaowu::arrangements::repository
