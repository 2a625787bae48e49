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
//! The seat of one registration, if it was arranged.
std::optional<Seat> seat_of(soci::session& sql, std::int64_t registration_id);

}  // namespace kaowu::arrangements::ledger
