#include "modules/results/repository.hpp"

#include <set>

#include "core/db/bulk.hpp"
#include "core/db/database.hpp"

namespace kaowu::results::repository {

const char* const kSelect =
    "SELECT g.id, g.plan_id, p.name AS plan_name, g.college_id, col.name AS college_name, "
    "g.student_id, st.name AS student_name, st.student_no, st.id_number, st.type AS student_type, "
    "g.certificate_id, c.name AS certificate_name, g.level_id, l.level, l.code AS level_code, "
    "o.name AS org_name, COALESCE(res.pass_condition, l.pass_condition) AS pass_condition, "
    "CASE WHEN res.pass_condition IS NULL THEN l.pass_total ELSE res.pass_total END AS pass_total, "
    "p.publicity_end, res.id AS result_id, "
    "res.status, res.total_tenths, res.issue_state, res.site_id, s.name AS site_name, s.college_id "
    "AS site_college_id, res.signed_at, res.confirmed_at, res.return_reason, res.returned_by, "
    "res.returned_at, res.certificate_no, res.version";

const char* const kOrder = "ORDER BY g.plan_id DESC, st.student_no, l.level, g.id";

namespace {
const char* kFrom =
    "FROM (SELECT MIN(r.id) AS id, r.plan_id, r.college_id, r.student_id, r.certificate_id, "
    "r.level_id FROM arrangements a JOIN registrations r ON r.id = a.registration_id GROUP BY "
    "r.plan_id, r.college_id, r.student_id, r.certificate_id, r.level_id) g JOIN plans p ON p.id = "
    "g.plan_id JOIN students st ON st.id = g.student_id JOIN certificates c ON c.id = "
    "g.certificate_id JOIN certificate_levels l ON l.id = g.level_id JOIN organizations col ON "
    "col.id = g.college_id JOIN organizations o ON o.id = p.org_id LEFT JOIN results res ON "
    "res.plan_id = g.plan_id AND res.student_id = g.student_id AND res.level_id = g.level_id LEFT "
    "JOIN sites s ON s.id = res.site_id";
}  // namespace

db::Query query(const Scope& scope, const Filter& f, const std::vector<std::int64_t>& ids) {
  db::Query q(kFrom);
  if (scope.is_admin()) {
  } else if (scope.role == Role::org) {
    q.where("p.org_id = " + q.param(static_cast<long long>(scope.org_id)));
  } else if (scope.role == Role::college) {
    q.where("(g.college_id = " + q.param(static_cast<long long>(scope.org_id)) +
            " OR s.college_id = " + q.param(static_cast<long long>(scope.org_id)) + ")");
  } else if (scope.role == Role::student && f.student_id) {
    q.where("g.college_id = " + q.param(static_cast<long long>(scope.org_id)));
  } else {
    q.where("1 = 0");
  }
  if (f.student_id) q.where("g.student_id = " + q.param(static_cast<long long>(*f.student_id)));
  if (!ids.empty()) q.where("g.id IN (" + db::id_list(ids) + ")");
  if (f.plan_id) q.where("g.plan_id = " + q.param(static_cast<long long>(*f.plan_id)));
  if (f.certificate_id) {
    q.where("g.certificate_id = " + q.param(static_cast<long long>(*f.certificate_id)));
  }
  if (!f.student_name.empty()) {
    q.where("st.name LIKE " + q.param(db::like_pattern(f.student_name)) + " ESCAPE '\\'");
  }
  if (!f.student_no.empty()) q.where("st.student_no = " + q.param(f.student_no));
  if (f.status == "pending") {
    q.where("res.id IS NULL");
  } else if (!f.status.empty()) {
    q.where("res.status = " + q.param(f.status));
  }
  if (!f.issue.empty()) {
    q.where("res.status = 'passed' AND res.issue_state = " + q.param(f.issue));
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
  r.certificate_id = db::get_i64(row, "certificate_id");
  r.certificate_name = db::get_str(row, "certificate_name");
  r.level_id = db::get_i64(row, "level_id");
  r.level = db::get_str(row, "level");
  r.level_code = db::get_str(row, "level_code");
  r.org_name = db::get_str(row, "org_name");
  std::optional<int> total;
  if (auto t = db::get_opt_i64(row, "pass_total")) total = static_cast<int>(*t);
  r.condition = condition_name(db::get_str(row, "pass_condition"), total);
  r.publicity_end = db::get_i64(row, "publicity_end");
  r.result_id = db::get_opt_i64(row, "result_id");
  if (r.result_id) {
    r.status = db::get_str(row, "status");
    if (auto t = db::get_opt_i64(row, "total_tenths")) r.total_tenths = static_cast<int>(*t);
    r.issue_state = db::get_str(row, "issue_state");
    r.site_id = db::get_opt_i64(row, "site_id");
    r.site_name = db::get_str(row, "site_name");
    r.site_college_id = db::get_i64(row, "site_college_id");
    r.signed_at = db::get_i64(row, "signed_at");
    r.confirmed_at = db::get_i64(row, "confirmed_at");
    r.return_reason = db::get_str(row, "return_reason");
    r.returned_by = db::get_str(row, "returned_by");
    r.returned_at = db::get_i64(row, "returned_at");
    r.certificate_no = db::get_str(row, "certificate_no");
    r.version = static_cast<int>(db::get_i64(row, "version"));
  }
  return r;
}

std::vector<Row> list(soci::session& sql, const db::Query& q, int page, int page_size) {
  std::vector<Row> out;
  q.each(sql, kSelect, std::string(kOrder) + db::page_clause(page, page_size),
         [&](const db::Row& row) { out.push_back(row_of(row)); });
  return out;
}

std::optional<Row> find(soci::session& sql, std::int64_t id) {
  db::Query q(kFrom);
  q.where("g.id = " + q.param(static_cast<long long>(id)));
  std::optional<Row> out;
  q.each(sql, kSelect, "", [&](const db::Row& row) { out = row_of(row); });
  return out;
}

std::vector<std::int64_t> undecided(soci::session& sql, const std::vector<std::int64_t>& plans) {
  std::vector<std::int64_t> out;
  if (plans.empty()) return out;
  std::set<std::int64_t> decided;
  db::Query q("FROM result_decisions d");
  q.where("d.plan_id IN (" + db::id_list(plans) + ")");
  q.each(sql, "SELECT d.plan_id", "",
         [&](const db::Row& row) { decided.insert(db::get_i64(row, "plan_id")); });
  for (auto id : plans) {
    if (!decided.count(id)) out.push_back(id);
  }
  return out;
}

bool claim_decision(soci::session& sql, std::int64_t plan_id, Timestamp now) {
  long long plan = plan_id, t = now;
  soci::statement st = (sql.prepare << "INSERT INTO result_decisions(plan_id, decided_at) "
                                       "VALUES(:p, :t) ON CONFLICT (plan_id) DO NOTHING",
                        soci::use(plan), soci::use(t));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void insert(soci::session& sql, const std::vector<NewResult>& rows, Timestamp now) {
  db::BulkInsert out(
      sql, "results",
      {"plan_id", "college_id", "student_id", "certificate_id", "level_id", "site_id", "status",
       "total_tenths", "pass_condition", "pass_total", "issue_state", "version", "decided_at"});
  for (const auto& r : rows) {
    out.add(r.plan_id).add(r.college_id).add(r.student_id).add(r.certificate_id).add(r.level_id);
    r.site_id ? out.add(*r.site_id) : out.add_null();
    out.add(r.status);
    r.total_tenths ? out.add(std::int64_t{*r.total_tenths}) : out.add_null();
    out.add(r.pass_condition);
    r.pass_total ? out.add(std::int64_t{*r.pass_total}) : out.add_null();
    out.add("none").add(std::int64_t{1}).add(now).end_row();
  }
  out.finish();
}

void lock(soci::session& sql, std::int64_t result_id) {
  long long id = result_id;
  sql << "UPDATE results SET version = version WHERE id = :id", soci::use(id);
}

bool set_issue(soci::session& sql, std::int64_t result_id, int version, const Issue& i) {
  long long id = result_id, signed_by = i.signed_by.value_or(0), signed_at = i.signed_at,
            confirmed_by = i.confirmed_by.value_or(0), confirmed_at = i.confirmed_at,
            returned_at = i.returned_at;
  int v = version;
  std::string state = i.state, reason = i.return_reason, by = i.returned_by, no = i.certificate_no;
  soci::indicator signed_by_ind = i.signed_by ? soci::i_ok : soci::i_null;
  soci::indicator signed_at_ind = i.signed_at ? soci::i_ok : soci::i_null;
  soci::indicator confirmed_by_ind = i.confirmed_by ? soci::i_ok : soci::i_null;
  soci::indicator confirmed_at_ind = i.confirmed_at ? soci::i_ok : soci::i_null;
  soci::indicator returned_at_ind = i.returned_at ? soci::i_ok : soci::i_null;
  soci::indicator no_ind = no.empty() ? soci::i_null : soci::i_ok;
  soci::statement st =
      (sql.prepare << "UPDATE results SET issue_state = :s, signed_by = :sb, signed_at = :sa, "
                      "confirmed_by = :cb, confirmed_at = :ca, return_reason = :rr, returned_by = "
                      ":rb, returned_at = :ra, certificate_no = :no, version = version + 1 WHERE "
                      "id = :id AND version = :v",
       soci::use(state), soci::use(signed_by, signed_by_ind), soci::use(signed_at, signed_at_ind),
       soci::use(confirmed_by, confirmed_by_ind), soci::use(confirmed_at, confirmed_at_ind),
       soci::use(reason), soci::use(by), soci::use(returned_at, returned_at_ind),
       soci::use(no, no_ind), soci::use(id), soci::use(v));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

long long next_serial(soci::session& sql, const std::string& prefix) {
  std::string p = prefix;
  sql << "INSERT INTO certificate_serials(prefix, next_value) VALUES(:p, 1) ON CONFLICT (prefix) "
         "DO NOTHING",
      soci::use(p);
  sql << "UPDATE certificate_serials SET next_value = next_value + 1 WHERE prefix = :p",
      soci::use(p);
  long long next = 0;
  sql << "SELECT next_value FROM certificate_serials WHERE prefix = :p", soci::use(p),
      soci::into(next);
  return next - 1;
}

}  // namespace kaowu::results::repository
