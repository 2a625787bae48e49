#include "modules/scores/repository.hpp"

#include "core/db/database.hpp"

namespace kaowu::scores::repository {

const char* const kSelect =
    "SELECT r.id, r.plan_id, p.name AS plan_name, r.college_id, col.name AS college_name, "
    "r.student_id, st.name AS student_name, st.student_no, st.id_number, st.type AS student_type, "
    "a.ticket_no, r.subject_id, su.code AS subject_code, su.name AS subject_name, su.mode, "
    "su.full_mark, su.pass_mark, r.certificate_id, c.name AS certificate_name, l.level, "
    "o.name AS org_name, l.pass_condition, l.pass_total, p.score_start, p.score_end, "
    "p.publicity_start, p.publicity_end, sc.id AS score_id, sc.score_tenths, sc.absent, "
    "sc.version AS score_version, sc.updated_at AS score_updated_at";

const char* const kOrder = "ORDER BY p.id DESC, a.ticket_no, su.code, r.id";

namespace {
const char* kFrom =
    "FROM arrangements a JOIN registrations r ON r.id = a.registration_id JOIN plans p ON p.id = "
    "r.plan_id JOIN students st ON st.id = r.student_id JOIN certificate_subjects su ON su.id = "
    "r.subject_id JOIN certificate_levels l ON l.id = r.level_id JOIN certificates c ON c.id = "
    "r.certificate_id JOIN organizations col ON col.id = r.college_id JOIN organizations o ON "
    "o.id = p.org_id LEFT JOIN scores sc ON sc.registration_id = r.id";
const char* kCountFrom =
    "FROM arrangements a JOIN registrations r ON r.id = a.registration_id JOIN plans p ON p.id = "
    "r.plan_id JOIN students st ON st.id = r.student_id JOIN certificate_subjects su ON su.id = "
    "r.subject_id LEFT JOIN scores sc ON sc.registration_id = r.id";
}  // namespace

db::Query query(const Scope& scope, const Filter& f, const std::vector<std::int64_t>& ids,
                Timestamp now) {
  db::Query q(kFrom, kCountFrom);
  if (scope.is_admin()) {
  } else if (scope.role == Role::org) {
    q.where("p.org_id = " + q.param(static_cast<long long>(scope.org_id)));
  } else if (scope.role == Role::college) {
    q.where("r.college_id = " + q.param(static_cast<long long>(scope.org_id)));
  } else {
    q.where("1 = 0");
  }
  if (!ids.empty()) q.where("r.id IN (" + db::id_list(ids) + ")");
  if (f.plan_id) q.where("r.plan_id = " + q.param(static_cast<long long>(*f.plan_id)));
  if (f.certificate_id) {
    q.where("r.certificate_id = " + q.param(static_cast<long long>(*f.certificate_id)));
  }
  if (f.subject_id) q.where("r.subject_id = " + q.param(static_cast<long long>(*f.subject_id)));
  if (!f.student_name.empty()) {
    q.where("st.name LIKE " + q.param(db::like_pattern(f.student_name)) + " ESCAPE '\\'");
  }
  if (!f.student_no.empty()) q.where("st.student_no = " + q.param(f.student_no));
  const long long t = now;
  // A college cannot tell entered from missing before the 公示期: those filters skip such rows.
  if (scope.role == Role::college && (f.state == "missing" || f.state == "entered")) {
    q.where("p.publicity_start <= " + q.param(t));
  }
  if (f.state == "missing") {
    q.where("sc.id IS NULL AND p.publicity_end > " + q.param(t));
  } else if (f.state == "entered") {
    q.where("sc.id IS NOT NULL AND p.publicity_start > " + q.param(t));
  } else if (f.state == "publicity") {
    q.where("sc.id IS NOT NULL AND p.publicity_start <= " + q.param(t) + " AND p.publicity_end > " +
            q.param(t));
  } else if (f.state == "locked") {
    q.where("p.publicity_end <= " + q.param(t));
  }
  return q;
}

Row row_of(const db::Row& row) {
  Row r;
  r.id = db::get_i64(row, "id");
  r.plan_id = db::get_i64(row, "plan_id");
  r.plan_name = db::get_str(row, "plan_name");
  r.college_id = db::get_i64(row, "college_id");
  r.college_name = db::get_str(row, "college_name");
  r.student_id = db::get_i64(row, "student_id");
  r.student_name = db::get_str(row, "student_name");
  r.student_no = db::get_str(row, "student_no");
  r.id_number = db::get_str(row, "id_number");
  r.student_type = db::get_str(row, "student_type");
  r.ticket_no = db::get_str(row, "ticket_no");
  r.subject_id = db::get_i64(row, "subject_id");
  r.subject_code = db::get_str(row, "subject_code");
  r.subject_name = db::get_str(row, "subject_name");
  r.mode = db::get_str(row, "mode");
  r.full_mark = static_cast<int>(db::get_i64(row, "full_mark"));
  r.pass_mark = static_cast<int>(db::get_i64(row, "pass_mark"));
  r.certificate_id = db::get_i64(row, "certificate_id");
  r.certificate_name = db::get_str(row, "certificate_name");
  r.level = db::get_str(row, "level");
  r.org_name = db::get_str(row, "org_name");
  const auto total = db::get_opt_i64(row, "pass_total");
  r.pass_condition = db::get_str(row, "pass_condition") == "total" && total
                         ? "总分≥" + std::to_string(*total)
                         : "各科成绩合格";
  r.windows.score_start = db::get_i64(row, "score_start");
  r.windows.score_end = db::get_i64(row, "score_end");
  r.windows.publicity_start = db::get_i64(row, "publicity_start");
  r.windows.publicity_end = db::get_i64(row, "publicity_end");
  r.score_id = db::get_opt_i64(row, "score_id");
  if (r.score_id) {
    if (auto t = db::get_opt_i64(row, "score_tenths")) r.tenths = static_cast<int>(*t);
    r.absent = db::get_bool(row, "absent");
    r.version = static_cast<int>(db::get_i64(row, "score_version"));
    r.updated_at = db::get_i64(row, "score_updated_at");
  }
  return r;
}

std::vector<Row> list(soci::session& sql, const db::Query& q, int page, int page_size) {
  std::vector<Row> out;
  q.each(sql, kSelect, std::string(kOrder) + db::page_clause(page, page_size),
         [&](const db::Row& row) { out.push_back(row_of(row)); });
  return out;
}

std::optional<Row> find(soci::session& sql, std::int64_t registration_id) {
  db::Query q(kFrom);
  q.where("r.id = " + q.param(static_cast<long long>(registration_id)));
  std::optional<Row> out;
  q.each(sql, kSelect, "", [&](const db::Row& row) { out = row_of(row); });
  return out;
}

void lock(soci::session& sql, std::int64_t registration_id) {
  long long id = registration_id;
  sql << "UPDATE scores SET version = version WHERE registration_id = :id", soci::use(id);
}

namespace {
// Advisory lock keys of the plans' score holds, clear of the other modules' keys.
constexpr long long kHoldBase = 7243100000;
}  // namespace

bool plan_locked(soci::session& sql, std::int64_t plan_id) {
  long long key = kHoldBase + plan_id, plan = plan_id, n = 0;
  if (db::dialect_of(sql) == db::Dialect::postgresql)
    sql << "SELECT pg_advisory_xact_lock_shared(:k)", soci::use(key);
  sql << "SELECT COUNT(*) FROM score_locks WHERE plan_id = :p", soci::use(plan), soci::into(n);
  return n > 0;
}

void hold_plan(soci::session& sql, std::int64_t plan_id) {
  long long key = kHoldBase + plan_id;
  if (db::dialect_of(sql) == db::Dialect::postgresql)
    sql << "SELECT pg_advisory_xact_lock(:k)", soci::use(key);
}

std::int64_t insert(soci::session& sql, const Write& w, Timestamp now) {
  long long reg = w.registration_id, plan = w.plan_id, college = w.college_id,
            student = w.student_id, subject = w.subject_id, account = w.account_id, t = now, id = 0;
  int tenths = w.tenths.value_or(0), absent = w.absent ? 1 : 0;
  soci::indicator tenths_ind = w.tenths ? soci::i_ok : soci::i_null;
  soci::indicator account_ind = w.account_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO scores(registration_id, plan_id, college_id, student_id, subject_id, "
         "score_tenths, absent, version, entered_by, created_at, updated_at) VALUES(:r, :p, :c, "
         ":s, :su, :t, :a, 1, :e, :ca, :ua) RETURNING id",
      soci::use(reg), soci::use(plan), soci::use(college), soci::use(student), soci::use(subject),
      soci::use(tenths, tenths_ind), soci::use(absent), soci::use(account, account_ind),
      soci::use(t), soci::use(t), soci::into(id);
  return id;
}

bool update(soci::session& sql, std::int64_t score_id, const Write& w, int version, Timestamp now) {
  long long id = score_id, account = w.account_id, t = now;
  int tenths = w.tenths.value_or(0), absent = w.absent ? 1 : 0, v = version;
  soci::indicator tenths_ind = w.tenths ? soci::i_ok : soci::i_null;
  soci::indicator account_ind = w.account_id ? soci::i_ok : soci::i_null;
  soci::statement st =
      (sql.prepare << "UPDATE scores SET score_tenths = :t, absent = :a, entered_by = :e, "
                      "updated_at = :u, version = version + 1 WHERE id = :id AND version = :v",
       soci::use(tenths, tenths_ind), soci::use(absent), soci::use(account, account_ind),
       soci::use(t), soci::use(id), soci::use(v));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void add_amendment(soci::session& sql, const Amendment& a) {
  long long score = a.score_id, account = a.account_id, t = a.at;
  int before = a.before_tenths.value_or(0), after = a.after_tenths.value_or(0);
  int before_absent = a.before_absent ? 1 : 0, after_absent = a.after_absent ? 1 : 0;
  int publicity = a.in_publicity ? 1 : 0;
  soci::indicator before_ind = a.before_tenths ? soci::i_ok : soci::i_null;
  soci::indicator after_ind = a.after_tenths ? soci::i_ok : soci::i_null;
  soci::indicator account_ind = a.account_id ? soci::i_ok : soci::i_null;
  std::string reason = a.reason, via = a.via, name = a.account_name;
  sql << "INSERT INTO score_amendments(score_id, before_tenths, before_absent, after_tenths, "
         "after_absent, reason, in_publicity, via, account_id, account_name, created_at) "
         "VALUES(:s, :bt, :ba, :at, :aa, :r, :p, :v, :ac, :n, :c)",
      soci::use(score), soci::use(before, before_ind), soci::use(before_absent),
      soci::use(after, after_ind), soci::use(after_absent), soci::use(reason), soci::use(publicity),
      soci::use(via), soci::use(account, account_ind), soci::use(name), soci::use(t);
}

std::vector<Amendment> amendments(soci::session& sql, std::int64_t score_id) {
  db::Query q("FROM score_amendments m");
  q.where("m.score_id = " + q.param(static_cast<long long>(score_id)));
  std::vector<Amendment> out;
  q.each(sql,
         "SELECT m.id, m.score_id, m.before_tenths, m.before_absent, m.after_tenths, "
         "m.after_absent, m.reason, m.in_publicity, m.via, m.account_id, m.account_name, "
         "m.created_at",
         "ORDER BY m.id", [&](const db::Row& row) {
           Amendment a;
           a.id = db::get_i64(row, "id");
           a.score_id = db::get_i64(row, "score_id");
           if (auto t = db::get_opt_i64(row, "before_tenths"))
             a.before_tenths = static_cast<int>(*t);
           a.before_absent = db::get_bool(row, "before_absent");
           if (auto t = db::get_opt_i64(row, "after_tenths")) a.after_tenths = static_cast<int>(*t);
           a.after_absent = db::get_bool(row, "after_absent");
           a.reason = db::get_str(row, "reason");
           a.in_publicity = db::get_bool(row, "in_publicity");
           a.via = db::get_str(row, "via");
           a.account_id = db::get_i64(row, "account_id");
           a.account_name = db::get_str(row, "account_name");
           a.at = db::get_i64(row, "created_at");
           out.push_back(std::move(a));
         });
  return out;
}

std::vector<Stored> of_plan(soci::session& sql, std::int64_t plan_id) {
  db::Query q("FROM scores sc");
  q.where("sc.plan_id = " + q.param(static_cast<long long>(plan_id)));
  std::vector<Stored> out;
  q.each(sql, "SELECT sc.registration_id, sc.score_tenths, sc.absent", "ORDER BY sc.id",
         [&](const db::Row& row) {
           Stored s;
           s.registration_id = db::get_i64(row, "registration_id");
           if (auto t = db::get_opt_i64(row, "score_tenths")) s.tenths = static_cast<int>(*t);
           s.absent = db::get_bool(row, "absent");
           out.push_back(s);
         });
  return out;
}

}  // namespace kaowu::scores::repository
