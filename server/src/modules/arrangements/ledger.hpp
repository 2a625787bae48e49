#pragma once

// The arrangement's read-only answer about one person's duties (监考 in a room-slot, 巡考 of a
// site during a slot), for the modules that must not change what the arrangement decided: the
// organisation withdraws a certification only while the person has no duty to come (监考人员),
// and sees each certified person's upcoming duties.

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace kaowu::arrangements::ledger {

//! One duty of a person as the arrangement stored it.
struct Duty {
  std::int64_t id = 0;
  std::int64_t plan_id = 0;
  std::string plan_name;
  std::int64_t plan_org_id = 0;     //!< the organisation that runs the plan
  std::int64_t certificate_id = 0;  //!< the certificate of the site (and of its rooms)
  std::int64_t site_id = 0;
  std::optional<std::int64_t> room_slot_id;  //!< the room-slot of a 监考 duty
  std::string site_name;
  std::string room_name;  //!< empty for a patrol
  std::string role;       //!< room | patrol
  Timestamp start = 0;
  Timestamp end = 0;
  bool own_college = false;  //!< 回避 was not possible: the person's college sits there
};

//! 考场监考 or 巡考.
const char* role_name(const std::string& role);

//! The person's duties whose slot ends after `now`, by start, then plan and room; only those of
//! plans run by `org_id` when given.
std::vector<Duty> upcoming_duties(soci::session& sql, std::int64_t invigilator_id, Timestamp now,
                                  std::optional<std::int64_t> org_id = std::nullopt);

//! One arranged candidate-subject: the seat the arrangement gave a registration.
struct Seat {
  std::int64_t registration_id = 0;
  std::int64_t plan_id = 0;
  std::int64_t college_id = 0;
  std::int64_t student_id = 0;
  std::int64_t subject_id = 0;
  std::int64_t level_id = 0;
  std::int64_t site_id = 0;
  std::string ticket_no;  //!< 准考证号
  int seat_no = 0;
  Timestamp start = 0;
  Timestamp end = 0;
};

//! The seats of a plan (of one subject when given), by ticket number then registration.
std::vector<Seat> seats(soci::session& sql, std::int64_t plan_id,
                        std::optional<std::int64_t> subject_id = std::nullopt);

//! The subject names sat during a duty (its room-slot's, or for a patrol the site's in that slot),
//! joined with "、".
std::string subjects_of(soci::session& sql, const Duty& duty);
//! The other persons on the same duty: the room-slot's other 监考 and the site's 巡考 of that slot
//! (for a patrol, the other 巡考), as "姓名（考场监考）".
std::vector<std::string> colleagues_of(soci::session& sql, const Duty& duty,
                                       std::int64_t invigilator_id);
//! A room during one exam slot (考场编排), for exam-day check-in.
struct RoomSlot {
  std::int64_t id = 0;
  std::int64_t plan_id = 0;
  std::string plan_name;
  std::int64_t site_id = 0;
  std::string site_name;
  std::int64_t room_id = 0;
  std::string room_name;
  Timestamp start = 0;
  Timestamp end = 0;
  std::vector<std::int64_t> invigilator_ids;  //!< its 监考 (not the site's 巡考)
};
std::optional<RoomSlot> room_slot(soci::session& sql, std::int64_t id);

//! A candidate's subject placed in a room-slot.
struct Seated {
  std::int64_t arrangement_id = 0;
  std::int64_t registration_id = 0;
  std::int64_t plan_id = 0;
  std::int64_t room_id = 0;
  std::string room_name;
  std::string site_name;
  int seat_no = 0;
  std::string ticket_no;
  std::string name;
  std::string college_name;
  std::string subject;
  Timestamp start = 0;
  Timestamp end = 0;
};
//! The candidates of a room-slot, in seat order.
std::vector<Seated> seated_in(soci::session& sql, const RoomSlot& slot);
//! Every placement of the candidate holding 准考证号 `ticket_no`, by start.
std::vector<Seated> seated_with_ticket(soci::session& sql, const std::string& ticket_no);
//! Every placement of plan `plan_id` whose slot has ended by `now`.
std::vector<Seated> ended_in_plan(soci::session& sql, std::int64_t plan_id, Timestamp now);
}  // namespace kaowu::arrangements::ledger
