#include "modules/arrangements/ledger.hpp"

#include "core/db/database.hpp"
#include "core/db/query.hpp"

namespace kaowu::arrangements::ledger {

const char* role_name(const std::string& role) {
  return role == "patrol" ? "巡考" : "考场监考";
}

std::vector<Duty> upcoming_duties(soci::session& sql, std::int64_t invigilator_id, Timestamp now,
                                  std::optional<std::int64_t> org_id) {
  db::Query q(
      "FROM invigilation v JOIN plans p ON p.id = v.plan_id JOIN sites s ON s.id = v.site_id "
      "LEFT JOIN room_slots rs ON rs.id = v.room_slot_id LEFT JOIN rooms r ON r.id = rs.room_id");
  q.where("v.invigilator_id = " + q.param(static_cast<long long>(invigilator_id)));
  q.where("v.slot_end > " + q.param(static_cast<long long>(now)));
  if (org_id) q.where("p.org_id = " + q.param(static_cast<long long>(*org_id)));
  std::vector<Duty> out;
  q.each(sql,
         "SELECT v.id, v.plan_id, p.name AS plan_name, p.org_id AS plan_org_id, s.certificate_id, "
         "v.site_id, s.name AS site_name, r.name AS room_name, v.role, v.slot_start, v.slot_end, "
         "v.own_college",
         "ORDER BY v.slot_start, v.plan_id, r.name, v.id", [&](const soci::row& row) {
           Duty d;
           d.id = db::get_i64(row, "id");
           d.plan_id = db::get_i64(row, "plan_id");
           d.plan_name = db::get_str(row, "plan_name");
           d.plan_org_id = db::get_i64(row, "plan_org_id");
           d.certificate_id = db::get_i64(row, "certificate_id");
           d.site_id = db::get_i64(row, "site_id");
           d.site_name = db::get_str(row, "site_name");
           d.room_name = db::get_str(row, "room_name");
           d.role = db::get_str(row, "role");
           d.start = db::get_i64(row, "slot_start");
           d.end = db::get_i64(row, "slot_end");
           d.own_college = db::get_i64(row, "own_college") != 0;
           out.push_back(std::move(d));
         });
  return out;
}

namespace {
const char* kSeatSelect =
    "SELECT a.registration_id, a.plan_id, r.college_id, r.student_id, r.subject_id, r.level_id, "
    "a.site_id, a.ticket_no, a.seat_no, a.slot_start, a.slot_end";

Seat seat_of_row(const soci::row& row) {
  Seat s;
  s.registration_id = db::get_i64(row, "registration_id");
  s.plan_id = db::get_i64(row, "plan_id");
  s.college_id = db::get_i64(row, "college_id");
  s.student_id = db::get_i64(row, "student_id");
  s.subject_id = db::get_i64(row, "subject_id");
  s.level_id = db::get_i64(row, "level_id");
  s.site_id = db::get_i64(row, "site_id");
  s.ticket_no = db::get_str(row, "ticket_no");
  s.seat_no = static_cast<int>(db::get_i64(row, "seat_no"));
  s.start = db::get_i64(row, "slot_start");
  s.end = db::get_i64(row, "slot_end");
  return s;
}
}  // namespace

std::vector<Seat> seats(soci::session& sql, std::int64_t plan_id,
                        std::optional<std::int64_t> subject_id) {
  db::Query q("FROM arrangements a JOIN registrations r ON r.id = a.registration_id");
  q.where("a.plan_id = " + q.param(static_cast<long long>(plan_id)));
  if (subject_id) q.where("r.subject_id = " + q.param(static_cast<long long>(*subject_id)));
  std::vector<Seat> out;
  q.each(sql, kSeatSelect, "ORDER BY a.ticket_no, a.registration_id",
         [&](const soci::row& row) { out.push_back(seat_of_row(row)); });
  return out;
}

std::optional<Seat> seat_of(soci::session& sql, std::int64_t registration_id) {
  db::Query q("FROM arrangements a JOIN registrations r ON r.id = a.registration_id");
  q.where("a.registration_id = " + q.param(static_cast<long long>(registration_id)));
  std::optional<Seat> out;
  q.each(sql, kSeatSelect, "", [&](const soci::row& row) { out = seat_of_row(row); });
  return out;
}

}  // namespace kaowu::arrangements::ledger
