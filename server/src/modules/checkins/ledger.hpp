#pragma once

// Exam-day check-in's read-only answers: who arrived in a room-slot (the 考场签到表 prints it) and
// who did not come (score entry defaults them to 缺考).

#include <soci/soci.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "core/clock.hpp"

namespace kaowu::checkins::ledger {

//! The check-in time of each candidate of the room during the slot starting at `slot_start`, by
//! 准考证号.
std::map<std::string, Timestamp> arrivals(soci::session& sql, std::int64_t room_id,
                                          Timestamp slot_start);
//! The registrations of plan `plan_id` that were absent: placed in a room-slot that has ended by
//! `now` and in which check-in was used (someone was checked in), but never checked in. A
//! room-slot without any check-in says nothing (the invigilators may have used the paper sheet).
std::set<std::int64_t> absent_of(soci::session& sql, std::int64_t plan_id, Timestamp now);

}  // namespace kaowu::checkins::ledger
