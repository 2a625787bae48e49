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

//! The subject names sat during a duty (its room-slot's, or for a patrol the site's in that slot),
//! joined with "、".
std::string subjects_of(soci::session& sql, const Duty& duty);
//! The other persons on the same duty: the room-slot's other 监考 and the site's 巡考 of that slot
//! (for a patrol, the other 巡考), as "姓名（考场监考）".
std::vector<std::string> colleagues_of(soci::session& sql, const Duty& duty,
                                       std::int64_t invigilator_id);
}  // namespace kaowu::arrangements::ledger
