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
         "ORDER BY v.slot_start, v.plan_id, r.name, v.id", [&](const soci::row& row) {
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
  q.each(sql, "SELECT DISTINCT sub.name", "ORDER BY sub.name", [&](const soci::row& row) {
    out += (out.empty() ? "" : "、") + db::get_str(row, "name");
  });
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
      sql, "SELECT p.name, v.role", "ORDER BY v.role DESC, p.teacher_no",
      [&](const soci::row& row) {
        out.push_back(db::get_str(row, "name") + "（" + role_name(db::get_str(row, "role")) + "）");
      });
  return out;
}

}  // namespace kaowu::arrangements::ledger
