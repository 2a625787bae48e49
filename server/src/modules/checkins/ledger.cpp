#include "modules/checkins/ledger.hpp"

#include "modules/arrangements/ledger.hpp"
#include "modules/checkins/repository.hpp"

namespace kaowu::checkins::ledger {

std::map<std::string, Timestamp> arrivals(soci::session& sql, std::int64_t room_id,
                                          Timestamp slot_start) {
  std::map<std::string, Timestamp> out;
  for (const auto& c : repository::of_room_slot(sql, room_id, slot_start))
    out[c.ticket_no] = c.checked_in_at;
  return out;
}

std::set<std::int64_t> absent_of(soci::session& sql, std::int64_t plan_id, Timestamp now) {
  const auto ended = arrangements::ledger::ended_in_plan(sql, plan_id, now);
  std::set<std::int64_t> rooms;
  for (const auto& s : ended) rooms.insert(s.room_id);
  std::set<std::pair<std::int64_t, Timestamp>> used;
  std::set<std::int64_t> arrived;
  for (const auto& c : repository::of_rooms(sql, {rooms.begin(), rooms.end()})) {
    used.emplace(c.room_id, c.slot_start);
    arrived.insert(c.arrangement_id);
  }
  std::set<std::int64_t> out;
  for (const auto& s : ended)
    if (used.count({s.room_id, s.start}) && !arrived.count(s.arrangement_id))
      out.insert(s.registration_id);
  return out;
}

}  // namespace kaowu::checkins::ledger
