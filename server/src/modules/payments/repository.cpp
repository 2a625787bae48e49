#include "modules/payments/repository.hpp"

#include "core/db/database.hpp"
#include "core/db/query.hpp"

namespace kaowu::payments::repository {

namespace {
// Display names come from the owning tables' name columns only.
const char* kColumns =
    "SELECT a.id, a.number, a.college_id, c.name AS college_name, a.plan_id, p.name AS plan_name, "
    "a.certificate_id, "
    "ce.name AS certificate_name, a.org_id, o.name AS org_name, a.payee_org_id, pe.name AS "
    "payee_name, a.mode, "
    "a.head_count, a.amount_fen, a.status, a.created_by, a.confirmed_at, a.version, a.created_at, "
    "a.updated_at";
const char* kFrom =
    "FROM payment_applications a JOIN organizations c ON c.id = a.college_id JOIN plans p ON p.id "
    "= a.plan_id "
    "JOIN certificates ce ON ce.id = a.certificate_id JOIN organizations o ON o.id = a.org_id "
    "JOIN organizations pe ON pe.id = a.payee_org_id";

Application from_row(const db::Row& row) {
  Application a;
  a.id = db::get_i64(row, "id");
  a.number = db::get_str(row, "number");
  a.college_id = db::get_i64(row, "college_id");
  a.college_name = db::get_str(row, "college_name");
  a.plan_id = db::get_i64(row, "plan_id");
  a.plan_name = db::get_str(row, "plan_name");
  a.certificate_id = db::get_i64(row, "certificate_id");
  a.certificate_name = db::get_str(row, "certificate_name");
  a.org_id = db::get_i64(row, "org_id");
  a.org_name = db::get_str(row, "org_name");
  a.payee_org_id = db::get_i64(row, "payee_org_id");
  a.payee_name = db::get_str(row, "payee_name");
  a.mode = db::get_str(row, "mode");
  a.head_count = static_cast<int>(db::get_i64(row, "head_count"));
  a.amount_fen = db::get_i64(row, "amount_fen");
  a.status = db::get_str(row, "status");
  a.created_by = db::get_i64(row, "created_by");
  a.confirmed_at = db::get_opt_i64(row, "confirmed_at");
  a.version = static_cast<int>(db::get_i64(row, "version"));
  a.created_at = db::get_i64(row, "created_at");
  a.updated_at = db::get_i64(row, "updated_at");
  return a;
}
}  // namespace

std::optional<Application> find(soci::session& sql, std::int64_t id) {
  db::Query q(kFrom);
  q.where("a.id = " + q.param(static_cast<long long>(id)));
  std::optional<Application> out;
  q.each(sql, kColumns, "", [&](const db::Row& row) { out = from_row(row); });
  return out;
}

std::vector<Line> lines(soci::session& sql, std::int64_t application_id) {
  db::Query q(
      "FROM payment_lines l JOIN students s ON s.id = l.student_id JOIN certificate_levels lv ON "
      "lv.id = l.level_id "
      "LEFT JOIN certificate_subjects su ON su.id = l.subject_id");
  q.where("l.application_id = " + q.param(static_cast<long long>(application_id)));
  std::vector<Line> out;
  q.each(sql,
         "SELECT l.student_id, s.name AS student_name, s.student_no, l.level_id, lv.level, "
         "l.subject_id, "
         "su.code AS subject_code, su.name AS subject_name, l.fee_fen",
         "ORDER BY l.id", [&](const db::Row& row) {
           Line l;
           l.student_id = db::get_i64(row, "student_id");
           l.student_name = db::get_str(row, "student_name");
           l.student_no = db::get_str(row, "student_no");
           l.level_id = db::get_i64(row, "level_id");
           l.level = db::get_str(row, "level");
           l.subject_id = db::get_opt_i64(row, "subject_id");
           l.subject_code = db::get_opt_str(row, "subject_code").value_or("");
           l.subject_name = db::get_opt_str(row, "subject_name").value_or("");
           l.fee_fen = db::get_i64(row, "fee_fen");
           out.push_back(std::move(l));
         });
  return out;
}

std::vector<Application> list(soci::session& sql, const Visibility& v, const Filter& f,
                              const std::vector<std::int64_t>& ids, int page, int page_size,
                              long long* total) {
  db::Query q(kFrom, "FROM payment_applications a");
  if (v.college_id) q.where("a.college_id = " + q.param(static_cast<long long>(*v.college_id)));
  if (v.org_id) {
    const long long org = *v.org_id;
    q.where("(a.org_id = " + q.param(org) + " OR a.payee_org_id = " + q.param(org) + ")");
  }
  if (!ids.empty()) q.where("a.id IN (" + db::id_list(ids) + ")");
  if (!f.number.empty())
    q.where("a.number LIKE " + q.param(db::like_pattern(f.number)) + " ESCAPE '\\'");
  if (f.plan_id) q.where("a.plan_id = " + q.param(static_cast<long long>(*f.plan_id)));
  if (f.college_id) q.where("a.college_id = " + q.param(static_cast<long long>(*f.college_id)));
  if (!f.mode.empty()) q.where("a.mode = " + q.param(f.mode));
  if (!f.status.empty()) q.where("a.status = " + q.param(f.status));
  if (total) *total = q.count_cached(sql);
  std::vector<Application> out;
  q.each(sql, kColumns, "ORDER BY a.id DESC" + db::page_clause(page, page_size),
         [&](const db::Row& row) { out.push_back(from_row(row)); });
  return out;
}

bool number_taken(soci::session& sql, const std::string& number) {
  std::string n = number;
  long long count = 0;
  sql << "SELECT COUNT(*) FROM payment_applications WHERE number = :n", soci::use(n),
      soci::into(count);
  return count > 0;
}

std::int64_t insert(soci::session& sql, const Application& a) {
  long long college = a.college_id, plan = a.plan_id, cert = a.certificate_id, org = a.org_id,
            payee = a.payee_org_id, amount = a.amount_fen, by = a.created_by,
            created = a.created_at, id = 0;
  int heads = a.head_count;
  std::string number = a.number, mode = a.mode, status = a.status;
  sql << "INSERT INTO payment_applications(number, college_id, plan_id, certificate_id, org_id, "
         "payee_org_id, mode, "
         "head_count, amount_fen, status, created_by, version, created_at, updated_at) "
         "VALUES(:n, :c, :p, :ce, :o, :pe, :m, :h, :a, :s, :b, 1, :ca, :ua) RETURNING id",
      soci::use(number), soci::use(college), soci::use(plan), soci::use(cert), soci::use(org),
      soci::use(payee), soci::use(mode), soci::use(heads), soci::use(amount), soci::use(status),
      soci::use(by), soci::use(created), soci::use(created), soci::into(id);
  long long app = id, student = 0, level = 0, subject = 0, fee = 0;
  soci::indicator subject_ind = soci::i_null;
  soci::statement st = (sql.prepare << "INSERT INTO payment_lines(application_id, student_id, "
                                       "level_id, subject_id, fee_fen) "
                                       "VALUES(:a, :s, :l, :su, :f)",
                        soci::use(app), soci::use(student), soci::use(level),
                        soci::use(subject, subject_ind), soci::use(fee));
  for (const auto& l : a.lines) {
    student = l.student_id;
    level = l.level_id;
    subject = l.subject_id.value_or(0);
    subject_ind = l.subject_id ? soci::i_ok : soci::i_null;
    fee = l.fee_fen;
    st.execute(true);
  }
  return id;
}

bool lock_pending(soci::session& sql, std::int64_t id, Timestamp now) {
  long long aid = id, at = now;
  soci::statement st =
      (sql.prepare << "UPDATE payment_applications SET version = version + 1, updated_at = :u "
                      "WHERE id = :id AND status = 'pending'",
       soci::use(at), soci::use(aid));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void remove(soci::session& sql, std::int64_t id) {
  long long aid = id;
  sql << "DELETE FROM payment_lines WHERE application_id = :id", soci::use(aid);
  sql << "DELETE FROM payment_applications WHERE id = :id", soci::use(aid);
}

bool confirm_pending(soci::session& sql, std::int64_t id, std::int64_t org_id,
                     std::int64_t account_id, Timestamp now) {
  long long aid = id, org = org_id, by = account_id, at = now;
  soci::statement st =
      (sql.prepare << "UPDATE payment_applications SET status = 'confirmed', confirmed_by = :b, "
                      "confirmed_at = :t, "
                      "version = version + 1, updated_at = :u WHERE id = :id AND payee_org_id = :o "
                      "AND status = 'pending'",
       soci::use(by), soci::use(at), soci::use(at), soci::use(aid), soci::use(org));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace kaowu::payments::repository
