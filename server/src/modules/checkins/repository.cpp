#include "modules/checkins/repository.hpp"

#include "core/db/database.hpp"
#include "core/db/query.hpp"

namespace kaowu::checkins::repository {

std::vector<Checkin> of_room_slot(soci::session& sql, std::int64_t room_id, Timestamp slot_start) {
  db::Query q("FROM checkins c");
  q.where("c.room_id = " + q.param(static_cast<long long>(room_id)));
  q.where("c.slot_start = " + q.param(static_cast<long long>(slot_start)));
  std::vector<Checkin> out;
  q.each(sql,
         "SELECT c.id, c.arrangement_id, c.registration_id, c.room_id, c.slot_start, c.ticket_no, "
         "c.method, c.invigilator_id, c.account_id, c.checked_in_at",
         "ORDER BY c.checked_in_at, c.id", [&](const db::Row& row) {
           Checkin c;
           c.id = db::get_i64(row, "id");
           c.arrangement_id = db::get_i64(row, "arrangement_id");
           c.registration_id = db::get_i64(row, "registration_id");
           c.room_id = db::get_i64(row, "room_id");
           c.slot_start = db::get_i64(row, "slot_start");
           c.ticket_no = db::get_str(row, "ticket_no");
           c.method = db::get_str(row, "method");
           c.invigilator_id = db::get_i64(row, "invigilator_id");
           c.account_id = db::get_i64(row, "account_id");
           c.checked_in_at = db::get_i64(row, "checked_in_at");
           out.push_back(std::move(c));
         });
  return out;
}

std::int64_t insert(soci::session& sql, const Checkin& c) {
  long long id = 0, arrangement = c.arrangement_id, registration = c.registration_id,
            room = c.room_id, start = c.slot_start, person = c.invigilator_id,
            account = c.account_id, at = c.checked_in_at;
  std::string ticket = c.ticket_no, method = c.method;
  sql << "INSERT INTO checkins(arrangement_id, registration_id, room_id, slot_start, ticket_no, "
         "method, invigilator_id, account_id, checked_in_at) VALUES(:a, :r, :ro, :s, :t, :m, :i, "
         ":ac, :at) RETURNING id",
      soci::use(arrangement), soci::use(registration), soci::use(room), soci::use(start),
      soci::use(ticket), soci::use(method), soci::use(person), soci::use(account), soci::use(at),
      soci::into(id);
  return id;
}

std::vector<Checkin> of_rooms(soci::session& sql, const std::vector<std::int64_t>& room_ids) {
  db::Query q("FROM checkins c");
  q.where("c.room_id IN (" + db::id_list(room_ids) + ")");
  std::vector<Checkin> out;
  q.each(sql, "SELECT c.arrangement_id, c.room_id, c.slot_start", "", [&](const db::Row& row) {
    Checkin c;
    c.arrangement_id = db::get_i64(row, "arrangement_id");
    c.room_id = db::get_i64(row, "room_id");
    c.slot_start = db::get_i64(row, "slot_start");
    out.push_back(c);
  });
  return out;
}

}  // namespace kaowu::checkins::repository
