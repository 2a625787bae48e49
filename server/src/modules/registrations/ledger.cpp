#include "modules/registrations/ledger.hpp"

#include "core/db/bulk.hpp"
#include "core/db/database.hpp"
#include "core/db/query.hpp"

namespace kaowu::registrations::ledger {

namespace {
const char* kSelect =
    "SELECT id, plan_id, college_id, student_id, certificate_id, level_id, subject_id, mode, paid, "
    "application_id "
    "FROM registrations ";

Ref from_row(const db::Row& row) {
  Ref r;
  r.id = db::get_i64(row, "id");
  r.plan_id = db::get_i64(row, "plan_id");
  r.college_id = db::get_i64(row, "college_id");
  r.student_id = db::get_i64(row, "student_id");
  r.certificate_id = db::get_i64(row, "certificate_id");
  r.level_id = db::get_i64(row, "level_id");
  r.subject_id = db::get_i64(row, "subject_id");
  r.mode = db::get_str(row, "mode");
  r.paid = db::get_i64(row, "paid") != 0;
  r.application_id = db::get_opt_i64(row, "application_id");
  return r;
}

long long scalar(soci::session& sql, const std::string& text, long long a, long long b = 0) {
  long long n = 0;
  if (text.find(":b") != std::string::npos) {
    sql << text, soci::use(a, "a"), soci::use(b, "b"), soci::into(n);
  } else {
    sql << text, soci::use(a, "a"), soci::into(n);
  }
  return n;
}
}  // namespace

std::optional<Ref> find(soci::session& sql, std::int64_t id) {
  long long rid = id;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kSelect) + "WHERE id = :id", soci::use(rid));
  for (const auto& row : rows) return from_row(row);
  return std::nullopt;
}

std::vector<Ref> of_plan(soci::session& sql, std::int64_t plan_id) {
  long long plan = plan_id;
  std::vector<Ref> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kSelect) + "WHERE plan_id = :p ORDER BY student_id, id",
       soci::use(plan));
  for (const auto& row : rows) out.push_back(from_row(row));
  return out;
}

std::int64_t insert(soci::session& sql, const Ref& r, Timestamp now) {
  long long plan = r.plan_id, college = r.college_id, student = r.student_id,
            cert = r.certificate_id, level = r.level_id, subject = r.subject_id, created = now,
            id = 0;
  int paid = r.paid ? 1 : 0;
  std::string mode = r.mode;
  sql << "INSERT INTO registrations(plan_id, college_id, student_id, certificate_id, level_id, "
         "subject_id, mode, paid, "
         "created_at, updated_at) VALUES(:p, :c, :s, :ce, :l, :su, :m, :paid, :ca, :ua) RETURNING "
         "id",
      soci::use(plan), soci::use(college), soci::use(student), soci::use(cert), soci::use(level),
      soci::use(subject), soci::use(mode), soci::use(paid), soci::use(created), soci::use(created),
      soci::into(id);
  return id;
}

void insert_many(soci::session& sql, const std::vector<Ref>& refs, Timestamp now) {
  db::BulkInsert rows(sql, "registrations",
                      {"plan_id", "college_id", "student_id", "certificate_id", "level_id",
                       "subject_id", "mode", "paid", "created_at", "updated_at"});
  for (const auto& r : refs) {
    rows.add(r.plan_id)
        .add(r.college_id)
        .add(r.student_id)
        .add(r.certificate_id)
        .add(r.level_id)
        .add(r.subject_id)
        .add(r.mode)
        .add(std::int64_t{r.paid ? 1 : 0})
        .add(now)
        .add(now)
        .end_row();
  }
  rows.finish();
}

std::vector<Ref> payable(soci::session& sql, std::int64_t college_id, std::int64_t plan_id,
                         std::int64_t certificate_id) {
  long long college = college_id, plan = plan_id, cert = certificate_id;
  std::vector<Ref> out;
  soci::rowset<soci::row> rows =
      (sql.prepare
           << std::string(kSelect) +
                  "WHERE college_id = :c AND plan_id = :p AND certificate_id = :ce AND paid = 0 "
                  "AND application_id IS NULL ORDER BY student_id, subject_id",
       soci::use(college), soci::use(plan), soci::use(cert));
  for (const auto& row : rows) out.push_back(from_row(row));
  return out;
}

long long attach(soci::session& sql, const std::vector<std::int64_t>& ids,
                 std::int64_t application_id, Timestamp now) {
  if (ids.empty()) return 0;
  long long app = application_id, at = now;
  soci::statement st =
      (sql.prepare << "UPDATE registrations SET application_id = :a, version = version + 1, "
                      "updated_at = :u WHERE id IN (" +
                          db::id_list(ids) + ") AND paid = 0 AND application_id IS NULL",
       soci::use(app), soci::use(at));
  st.execute(true);
  return st.get_affected_rows();
}

void release(soci::session& sql, std::int64_t application_id, Timestamp now) {
  long long app = application_id, at = now;
  sql << "UPDATE registrations SET application_id = NULL, version = version + 1, updated_at = :u "
         "WHERE application_id = :a AND paid = 0",
      soci::use(at), soci::use(app);
}

void mark_paid(soci::session& sql, std::int64_t application_id, Timestamp now) {
  long long app = application_id, at = now;
  sql << "UPDATE registrations SET paid = 1, version = version + 1, updated_at = :u WHERE "
         "application_id = :a",
      soci::use(at), soci::use(app);
}

long long count_for_student(soci::session& sql, std::int64_t student_id) {
  return scalar(sql, "SELECT COUNT(*) FROM registrations WHERE student_id = :a", student_id);
}

long long count_for_plan_college(soci::session& sql, std::int64_t plan_id,
                                 std::int64_t college_id) {
  return scalar(sql, "SELECT COUNT(*) FROM registrations WHERE plan_id = :a AND college_id = :b",
                plan_id, college_id);
}

long long count_for_plan(soci::session& sql, std::int64_t plan_id) {
  return scalar(sql, "SELECT COUNT(*) FROM registrations WHERE plan_id = :a", plan_id);
}

}  // namespace kaowu::registrations::ledger
