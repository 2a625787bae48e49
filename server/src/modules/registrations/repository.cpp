#include "modules/registrations/repository.hpp"

#include "core/db/database.hpp"
#include "core/db/query.hpp"
#include "modules/arrangements/repository.hpp"

namespace kaowu::registrations::repository {

namespace {
const char* kColumns =
    "SELECT r.id, r.plan_id, p.name AS plan_name, o.name AS org_name, r.college_id, col.name AS "
    "college_name, "
    "r.student_id, s.name AS student_name, s.student_no, s.id_number, s.type AS student_type, "
    "r.certificate_id, "
    "c.name AS certificate_name, r.level_id, l.level, r.subject_id, su.code AS subject_code, "
    "su.name AS subject_name, "
    "su.mode AS exam_mode, r.mode, r.paid, r.application_id, r.version, r.created_at";
const char* kFrom =
    "FROM registrations r JOIN plans p ON p.id = r.plan_id JOIN organizations o ON o.id = p.org_id "
    "JOIN organizations col ON col.id = r.college_id JOIN students s ON s.id = r.student_id "
    "JOIN certificates c ON c.id = r.certificate_id JOIN certificate_levels l ON l.id = r.level_id "
    "JOIN certificate_subjects su ON su.id = r.subject_id";
// Counting needs only what the filters read.
const char* kCountFrom =
    "FROM registrations r JOIN plans p ON p.id = r.plan_id JOIN students s ON s.id = r.student_id";

Registration from_row(const db::Row& row) {
  Registration r;
  r.id = db::get_i64(row, "id");
  r.version = static_cast<int>(db::get_i64(row, "version", 1));
  r.plan_id = db::get_i64(row, "plan_id");
  r.plan_name = db::get_str(row, "plan_name");
  r.org_name = db::get_str(row, "org_name");
  r.college_id = db::get_i64(row, "college_id");
  r.college_name = db::get_str(row, "college_name");
  r.student_id = db::get_i64(row, "student_id");
  r.student_name = db::get_str(row, "student_name");
  r.student_no = db::get_str(row, "student_no");
  r.id_number = db::get_str(row, "id_number");
  r.student_type = db::get_str(row, "student_type");
  r.certificate_id = db::get_i64(row, "certificate_id");
  r.certificate_name = db::get_str(row, "certificate_name");
  r.level_id = db::get_i64(row, "level_id");
  r.level = db::get_str(row, "level");
  r.subject_id = db::get_i64(row, "subject_id");
  r.subject_code = db::get_str(row, "subject_code");
  r.subject_name = db::get_str(row, "subject_name");
  r.exam_mode = db::get_str(row, "exam_mode");
  r.mode = db::get_str(row, "mode");
  r.paid = db::get_i64(row, "paid") != 0;
  r.application_id = db::get_opt_i64(row, "application_id");
  r.created_at = db::get_i64(row, "created_at");
  return r;
}

std::string like(db::Query& q, const std::string& column, const std::string& value) {
  return column + " LIKE " + q.param(db::like_pattern(value)) + " ESCAPE '\\'";
}
}  // namespace

std::vector<Registration> list(soci::session& sql, const Visibility& v, const Filter& f,
                               const std::vector<std::int64_t>& ids, Timestamp now, int page,
                               int page_size, long long* total) {
  namespace flt = arrangements::repository::sql_filter;
  db::Query q(kFrom, kCountFrom);
  if (v.college_id) q.where("r.college_id = " + q.param(static_cast<long long>(*v.college_id)));
  if (v.org_id) q.where("p.org_id = " + q.param(static_cast<long long>(*v.org_id)));
  if (!ids.empty()) q.where("r.id IN (" + db::id_list(ids) + ")");
  if (f.plan_id) q.where("r.plan_id = " + q.param(static_cast<long long>(*f.plan_id)));
  if (f.college_id) q.where("r.college_id = " + q.param(static_cast<long long>(*f.college_id)));
  if (f.certificate_id)
    q.where("r.certificate_id = " + q.param(static_cast<long long>(*f.certificate_id)));
  if (f.subject_id) q.where("r.subject_id = " + q.param(static_cast<long long>(*f.subject_id)));
  if (!f.name.empty()) q.where(like(q, "s.name", f.name));
  if (!f.student_no.empty()) q.where(like(q, "s.student_no", f.student_no));
  if (!f.id_number.empty()) q.where("s.id_number = " + q.param(f.id_number));
  if (f.paid) q.where(std::string("r.paid = ") + (*f.paid ? "1" : "0"));
  if (f.status == "unarranged") {
    q.where(flt::registration_unarranged("r.id"));
  } else if (f.status == "waiting") {
    q.where(flt::registration_slot("r.id", "before", q.param(static_cast<long long>(now))));
  } else if (f.status == "ongoing") {
    q.where(flt::registration_slot("r.id", "during", q.param(static_cast<long long>(now))));
  } else if (f.status == "finished") {
    q.where(flt::registration_slot("r.id", "after", q.param(static_cast<long long>(now))));
  }
  if (total) *total = q.count_cached(sql);
  std::vector<Registration> out;
  q.each(sql, kColumns, "ORDER BY r.id DESC" + db::page_clause(page, page_size),
         [&](const db::Row& row) { out.push_back(from_row(row)); });
  return out;
}

std::optional<Registration> find(soci::session& sql, std::int64_t id) {
  db::Query q(kFrom);
  q.where("r.id = " + q.param(static_cast<long long>(id)));
  std::optional<Registration> out;
  q.each(sql, kColumns, "", [&](const db::Row& row) { out = from_row(row); });
  return out;
}

std::vector<std::int64_t> subjects_of_student(soci::session& sql, std::int64_t plan_id,
                                              std::int64_t student_id) {
  long long plan = plan_id, student = student_id;
  std::vector<std::int64_t> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT subject_id FROM registrations WHERE plan_id = :p AND student_id = :s",
       soci::use(plan), soci::use(student));
  for (const auto& row : rows) out.push_back(db::get_i64(row, "subject_id"));
  return out;
}

std::map<std::int64_t, std::vector<std::int64_t>> subjects_of_students(
    soci::session& sql, std::int64_t plan_id, const std::vector<std::int64_t>& student_ids) {
  std::map<std::int64_t, std::vector<std::int64_t>> out;
  if (student_ids.empty()) return out;
  db::Query q("FROM registrations");
  q.where("plan_id = " + q.param(static_cast<long long>(plan_id)));
  q.where("student_id IN (" + db::id_list(student_ids) + ")");
  q.each(sql, "SELECT student_id, subject_id", "", [&](const db::Row& row) {
    out[db::get_i64(row, "student_id")].push_back(db::get_i64(row, "subject_id"));
  });
  return out;
}

bool remove_deletable(soci::session& sql, std::int64_t id) {
  long long rid = id;
  // REG-4 again inside the statement: a payment application or an arrangement that took the row
  // after the service's check makes this delete nothing instead of deleting a row in use.
  soci::statement st =
      (sql.prepare << "DELETE FROM registrations WHERE id = :id AND paid = 0 AND application_id IS "
                      "NULL AND " +
                          arrangements::repository::sql_filter::registration_unarranged(
                              "registrations.id"),
       soci::use(rid));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Registration> level_group(soci::session& sql, std::int64_t plan_id,
                                      std::int64_t student_id, std::int64_t level_id) {
  db::Query q(kFrom);
  q.where("r.plan_id = " + q.param(static_cast<long long>(plan_id)));
  q.where("r.student_id = " + q.param(static_cast<long long>(student_id)));
  q.where("r.level_id = " + q.param(static_cast<long long>(level_id)));
  std::vector<Registration> out;
  q.each(sql, kColumns, "ORDER BY r.subject_id",
         [&](const db::Row& row) { out.push_back(from_row(row)); });
  return out;
}

}  // namespace kaowu::registrations::repository
