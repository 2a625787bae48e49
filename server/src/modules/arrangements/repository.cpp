#include "modules/arrangements/repository.hpp"

#include "core/db/database.hpp"
#include "core/db/query.hpp"

namespace kaowu::arrangements::repository {

std::map<std::int64_t, RoomUsage> room_usage(soci::session& sql,
                                             const std::vector<std::int64_t>& room_ids) {
  std::map<std::int64_t, RoomUsage> out;
  if (room_ids.empty()) return out;
  soci::rowset<soci::row> rows = sql.prepare
                                 << "SELECT room_id, COUNT(*) AS n, MAX(slot_end) AS last_end "
                                    "FROM arrangements WHERE room_id IN (" +
                                        db::id_list(room_ids) + ") GROUP BY room_id";
  for (const auto& row : rows) {
    out[db::get_i64(row, "room_id")] = {db::get_i64(row, "n"), db::get_i64(row, "last_end")};
  }
  return out;
}

std::map<std::int64_t, Arrangement> of_registrations(
    soci::session& sql, const std::vector<std::int64_t>& registration_ids) {
  std::map<std::int64_t, Arrangement> out;
  if (registration_ids.empty()) return out;
  soci::rowset<soci::row> rows = sql.prepare << "SELECT id, plan_id, registration_id, room_id, "
                                                "site_id, slot_start, slot_end, seat_no, ticket_no "
                                                "FROM arrangements WHERE registration_id IN (" +
                                                    db::id_list(registration_ids) + ")";
  for (const auto& row : rows) {
    Arrangement a;
    a.id = db::get_i64(row, "id");
    a.plan_id = db::get_i64(row, "plan_id");
    a.registration_id = db::get_i64(row, "registration_id");
    a.room_id = db::get_i64(row, "room_id");
    a.site_id = db::get_i64(row, "site_id");
    a.slot_start = db::get_i64(row, "slot_start");
    a.slot_end = db::get_i64(row, "slot_end");
    a.seat_no = static_cast<int>(db::get_i64(row, "seat_no"));
    a.ticket_no = db::get_str(row, "ticket_no");
    out[a.registration_id] = a;
  }
  return out;
}

namespace sql_filter {
std::string room_unarranged(const std::string& col) {
  return "NOT EXISTS (SELECT 1 FROM arrangements ar WHERE ar.room_id = " + col + ")";
}
std::string room_in_progress(const std::string& col, const std::string& now) {
  return "EXISTS (SELECT 1 FROM arrangements ar WHERE ar.room_id = " + col + " AND ar.slot_end > " +
         now + ")";
}
std::string room_finished(const std::string& col, const std::string& now) {
  return "(EXISTS (SELECT 1 FROM arrangements ar WHERE ar.room_id = " + col +
         ") AND NOT EXISTS (SELECT 1 FROM arrangements ar WHERE ar.room_id = " + col +
         " AND ar.slot_end > " + now + "))";
}
std::string registration_unarranged(const std::string& col) {
  return "NOT EXISTS (SELECT 1 FROM arrangements ar WHERE ar.registration_id = " + col + ")";
}
std::string registration_slot(const std::string& col, const std::string& which,
                              const std::string& now) {
  std::string cond;
  if (which == "before")
    cond = now + " < ar.slot_start";
  else if (which == "during")
    cond = "ar.slot_start <= " + now + " AND " + now + " < ar.slot_end";
  else
    cond = "ar.slot_end <= " + now;
  return "EXISTS (SELECT 1 FROM arrangements ar WHERE ar.registration_id = " + col + " AND " +
         cond + ")";
}
}  // namespace sql_filter

std::int64_t insert(soci::session& sql, const Arrangement& a, Timestamp now) {
  long long plan = a.plan_id, reg = a.registration_id, room = a.room_id, site = a.site_id,
            start = a.slot_start, end = a.slot_end, created = now, id = 0;
  int seat = a.seat_no;
  std::string ticket = a.ticket_no;
  sql << "INSERT INTO arrangements(plan_id, registration_id, room_id, site_id, slot_start, "
         "slot_end, seat_no, "
         "ticket_no, created_at) VALUES(:p, :r, :ro, :s, :st, :en, :seat, :t, :c) RETURNING id",
      soci::use(plan), soci::use(reg), soci::use(room), soci::use(site), soci::use(start),
      soci::use(end), soci::use(seat), soci::use(ticket), soci::use(created), soci::into(id);
  return id;
}

}  // namespace kaowu::arrangements::repository
