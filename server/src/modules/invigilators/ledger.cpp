#include "modules/invigilators/ledger.hpp"

#include "core/db/database.hpp"
#include "core/db/query.hpp"

namespace kaowu::invigilators::ledger {

std::vector<Certified> certified_for(soci::session& sql, std::int64_t certificate_id) {
  db::Query q("FROM invigilators i JOIN organizations c ON c.id = i.college_id");
  q.where(
      "EXISTS (SELECT 1 FROM invigilator_certificates a JOIN certificate_levels l ON l.id = "
      "a.level_id WHERE a.invigilator_id = i.id AND a.state = 'certified' AND l.certificate_id = " +
      q.param(static_cast<long long>(certificate_id)) + ")");
  std::vector<Certified> out;
  q.each(sql, "SELECT i.id, i.teacher_no, i.kind, i.name, i.college_id, c.name AS college_name",
         "ORDER BY i.teacher_no", [&](const db::Row& row) {
           out.push_back({db::get_i64(row, "id"), db::get_str(row, "teacher_no"),
                          db::get_str(row, "kind"), db::get_str(row, "name"),
                          db::get_i64(row, "college_id"), db::get_str(row, "college_name")});
         });
  std::vector<std::int64_t> ids;
  for (const auto& c : out) ids.push_back(c.id);
  if (ids.empty()) return out;
  db::Query u("FROM invigilator_unavailable u");
  u.where("u.invigilator_id IN (" + db::id_list(ids) + ")");
  u.each(sql, "SELECT u.invigilator_id, u.start_at, u.end_at", "ORDER BY u.start_at, u.id",
         [&](const db::Row& row) {
           const auto person = db::get_i64(row, "invigilator_id");
           for (auto& c : out) {
             if (c.id == person)
               c.unavailable.push_back({db::get_i64(row, "start_at"), db::get_i64(row, "end_at")});
           }
         });
  return out;
}

std::vector<std::int64_t> certified_persons(soci::session& sql, const std::string& id_number,
                                            const std::string& phone) {
  db::Query q("FROM invigilators i");
  q.where("(i.id_number = " + q.param(id_number) + " OR i.phone = " + q.param(phone) + ")");
  q.where(
      "EXISTS (SELECT 1 FROM invigilator_certificates c WHERE c.invigilator_id = i.id AND "
      "c.state = 'certified')");
  std::vector<std::int64_t> out;
  q.each(sql, "SELECT i.id", "ORDER BY i.id",
         [&](const db::Row& row) { out.push_back(db::get_i64(row, "id")); });
  return out;
}

}  // namespace kaowu::invigilators::ledger
