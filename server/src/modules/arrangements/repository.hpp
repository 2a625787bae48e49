#pragma once

// Arrangements 编排: which registration sits in which room, slot and seat. The arrangement module
// fills this table; rooms and registrations read their derived states through this interface and
// never query the table themselves.

#include <soci/soci.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
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

}  // namespace kaowu::arrangements::repository
