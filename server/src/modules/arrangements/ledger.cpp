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
         "v.own_college, v.room_slot_id",
         "ORDER BY v.slot_start, v.plan_id, r.name, v.id", [&](const db::Row& row) {
           Duty d;
           d.id = db::get_i64(row, "id");
           d.plan_id = db::get_i64(row, "plan_id");
           d.plan_name = db::get_str(row, "plan_name");
           d.plan_org_id = db::get_i64(row, "plan_org_id");
           d.certificate_id = db::get_i64(row, "certificate_id");
           d.site_id = db::get_i64(row, "site_id");
           d.room_slot_id = db::get_opt_i64(row, "room_slot_id");
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

Seat seat_of_row(const db::Row& row) {
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
         [&](const db::Row& row) { out.push_back(seat_of_row(row)); });
  return out;
}

std::string subjects_of(soci::session& sql, const Duty& duty) {
  db::Query q(
      "FROM arrangements a JOIN registrations g ON g.id = a.registration_id "
      "JOIN certificate_subjects sub ON sub.id = g.subject_id");
  q.where("a.plan_id = " + q.param(static_cast<long long>(duty.plan_id)));
  q.where("a.site_id = " + q.param(static_cast<long long>(duty.site_id)));
  q.where("a.slot_start = " + q.param(static_cast<long long>(duty.start)));
  if (duty.room_slot_id) {
    q.where("a.room_id = (SELECT rs.room_id FROM room_slots rs WHERE rs.id = " +
            q.param(static_cast<long long>(*duty.room_slot_id)) + ")");
  }
  std::string out;
  q.each(sql, "SELECT DISTINCT sub.name", "ORDER BY sub.name",
         [&](const db::Row& row) { out += (out.empty() ? "" : "、") + db::get_str(row, "name"); });
  return out;
}

std::vector<std::string> colleagues_of(soci::session& sql, const Duty& duty,
                                       std::int64_t invigilator_id) {
  db::Query q("FROM invigilation v JOIN invigilators p ON p.id = v.invigilator_id");
  q.where("v.plan_id = " + q.param(static_cast<long long>(duty.plan_id)));
  q.where("v.site_id = " + q.param(static_cast<long long>(duty.site_id)));
  q.where("v.slot_start = " + q.param(static_cast<long long>(duty.start)));
  q.where("v.invigilator_id <> " + q.param(static_cast<long long>(invigilator_id)));
  if (duty.room_slot_id) {
    q.where("(v.room_slot_id = " + q.param(static_cast<long long>(*duty.room_slot_id)) +
            " OR v.role = 'patrol')");
  } else {
    q.where("v.role = 'patrol'");
  }
  std::vector<std::string> out;
  q.each(
      sql, "SELECT p.name, v.role", "ORDER BY v.role DESC, p.teacher_no", [&](const db::Row& row) {
        out.push_back(db::get_str(row, "name") + "（" + role_name(db::get_str(row, "role")) + "）");
      });
  return out;
}

std::optional<RoomSlot> room_slot(soci::session& sql, std::int64_t id) {
  db::Query q(
      "FROM room_slots rs JOIN plans p ON p.id = rs.plan_id JOIN sites s ON s.id = rs.site_id "
      "JOIN rooms r ON r.id = rs.room_id");
  q.where("rs.id = " + q.param(static_cast<long long>(id)));
  std::optional<RoomSlot> out;
  q.each(sql,
         "SELECT rs.id, rs.plan_id, p.name AS plan_name, rs.site_id, s.name AS site_name, "
         "rs.room_id, r.name AS room_name, rs.slot_start, rs.slot_end",
         "", [&](const db::Row& row) {
           RoomSlot r;
           r.id = db::get_i64(row, "id");
           r.plan_id = db::get_i64(row, "plan_id");
           r.plan_name = db::get_str(row, "plan_name");
           r.site_id = db::get_i64(row, "site_id");
           r.site_name = db::get_str(row, "site_name");
           r.room_id = db::get_i64(row, "room_id");
           r.room_name = db::get_str(row, "room_name");
           r.start = db::get_i64(row, "slot_start");
           r.end = db::get_i64(row, "slot_end");
           out = std::move(r);
         });
  if (!out) return out;
  db::Query v("FROM invigilation v");
  v.where("v.room_slot_id = " + v.param(static_cast<long long>(id)));
  v.where("v.role = 'room'");
  v.each(sql, "SELECT v.invigilator_id", "ORDER BY v.id", [&](const db::Row& row) {
    out->invigilator_ids.push_back(db::get_i64(row, "invigilator_id"));
  });
  return out;
}

namespace {
std::vector<Seated> seated(soci::session& sql, db::Query& q) {
  std::vector<Seated> out;
  q.each(sql,
         "SELECT a.id, a.registration_id, a.plan_id, a.room_id, r.name AS room_name, s.name AS "
         "site_name, a.seat_no, a.ticket_no, st.name, col.name AS college_name, sub.name AS "
         "subject, a.slot_start, a.slot_end",
         "ORDER BY a.slot_start, a.seat_no, a.id", [&](const db::Row& row) {
           Seated x;
           x.arrangement_id = db::get_i64(row, "id");
           x.registration_id = db::get_i64(row, "registration_id");
           x.plan_id = db::get_i64(row, "plan_id");
           x.room_id = db::get_i64(row, "room_id");
           x.room_name = db::get_str(row, "room_name");
           x.site_name = db::get_str(row, "site_name");
           x.seat_no = static_cast<int>(db::get_i64(row, "seat_no"));
           x.ticket_no = db::get_str(row, "ticket_no");
           x.name = db::get_str(row, "name");
           x.college_name = db::get_str(row, "college_name");
           x.subject = db::get_str(row, "subject");
           x.start = db::get_i64(row, "slot_start");
           x.end = db::get_i64(row, "slot_end");
           out.push_back(std::move(x));
         });
  return out;
}

const char* kSeatedFrom =
    "FROM arrangements a JOIN rooms r ON r.id = a.room_id JOIN sites s ON s.id = a.site_id "
    "JOIN registrations g ON g.id = a.registration_id JOIN students st ON st.id = g.student_id "
    "JOIN organizations col ON col.id = g.college_id JOIN certificate_subjects sub ON sub.id = "
    "g.subject_id";
}  // namespace

std::vector<Seated> seated_in(soci::session& sql, const RoomSlot& slot) {
  db::Query q(kSeatedFrom);
  q.where("a.room_id = " + q.param(static_cast<long long>(slot.room_id)));
  q.where("a.slot_start = " + q.param(static_cast<long long>(slot.start)));
  return seated(sql, q);
}

std::vector<Seated> seated_with_ticket(soci::session& sql, const std::string& ticket_no) {
  db::Query q(kSeatedFrom);
  q.where("a.ticket_no = " + q.param(ticket_no));
  return seated(sql, q);
}

std::vector<Seated> ended_in_plan(soci::session& sql, std::int64_t plan_id, Timestamp now) {
  db::Query q(kSeatedFrom);
  q.where("a.plan_id = " + q.param(static_cast<long long>(plan_id)));
  q.where("a.slot_end <= " + q.param(static_cast<long long>(now)));
  return seated(sql, q);
}

}  // namespace kaowu::arrangements::ledger
