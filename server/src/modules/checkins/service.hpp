#pragma once

// Exam-day check-in: on the day, an invigilator of a room-slot (a teacher whose 身份证号 or phone
// is that of a 监考 assigned to it) marks candidates 到场 with the admission ticket's QR code or
// its 准考证号, from half an hour before the start until the end of the slot.

#include <soci/soci.h>

#include <nlohmann/json.hpp>

#include "core/audit.hpp"
#include "core/error.hpp"

namespace kaowu::checkins::service {

//! Check-in opens this long before the slot starts.
inline constexpr Timestamp kOpensBefore = 30 * 60;

//! The room-slot's candidates with seat numbers and check-in times, and the counts; only for
//! the room-slot's own 监考.
Result<nlohmann::json> sheet(soci::session& sql, const Scope& scope, std::int64_t room_slot_id,
                             Timestamp now);
nlohmann::json sheet_schema();
//! Marks the candidate of body.code (the QR code's text or a typed 准考证号) 到场; body.method is
//! scan or typed. A ticket of another room or slot is refused with where the candidate should
//! be; a second check-in of the same candidate answers the first. Audited.
Result<nlohmann::json> check_in(soci::session& sql, const audit::Actor& actor,
                                std::int64_t room_slot_id, const nlohmann::json& body,
                                Timestamp now);
nlohmann::json check_in_schema();

}  // namespace kaowu::checkins::service
