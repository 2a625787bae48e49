#pragma once

#include <soci/soci.h>

#include <set>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace kaowu::checkins::repository {

struct Checkin {
  std::int64_t id = 0;
  std::int64_t arrangement_id = 0;
  std::int64_t registration_id = 0;
  std::int64_t room_id = 0;
  Timestamp slot_start = 0;
  std::string ticket_no;
  std::string method;
  std::int64_t invigilator_id = 0;
  std::int64_t account_id = 0;
  Timestamp checked_in_at = 0;
};

std::vector<Checkin> of_room_slot(soci::session& sql, std::int64_t room_id, Timestamp slot_start);
std::int64_t insert(soci::session& sql, const Checkin& c);
//! The check-ins of the rooms `room_ids` (any slot).
std::vector<Checkin> of_rooms(soci::session& sql, const std::vector<std::int64_t>& room_ids);

}  // namespace kaowu::checkins::repository
