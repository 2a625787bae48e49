#include "modules/plans/repository.hpp"

#include <map>

#include "core/db/database.hpp"
#include "core/db/query.hpp"

namespace kaowu::plans::repository {

namespace {
const char* kColumns =
    "SELECT p.id, p.org_id, o.name AS org_name, p.name, p.mode, p.payee_org_id, y.name AS "
    "payee_name, "
    "p.payment_before_arranging, p.invigilators_per_room, p.patrols_per_site, p.notes, "
    "p.exam_notice, p.status, p.registration_start, "
    "p.registration_end, "
    "p.arranging_start, p.arranging_end, p.score_start, p.score_end, p.publicity_start, "
    "p.publicity_end, "
    "p.version, p.created_at, p.updated_at";
const char* kFrom =
    "FROM plans p JOIN organizations o ON o.id = p.org_id JOIN organizations y ON y.id = "
    "p.payee_org_id";

Plan header(const db::Row& row) {
  Plan p;
  p.id = db::get_i64(row, "id");
  p.org_id = db::get_i64(row, "org_id");
  p.org_name = db::get_str(row, "org_name");
  p.name = db::get_str(row, "name");
  p.mode = db::get_str(row, "mode");
  p.payee_org_id = db::get_i64(row, "payee_org_id");
  p.payee_name = db::get_str(row, "payee_name");
  p.payment_before_arranging = db::get_bool(row, "payment_before_arranging");
  p.invigilators_per_room = static_cast<int>(db::get_i64(row, "invigilators_per_room", 2));
  p.patrols_per_site = static_cast<int>(db::get_i64(row, "patrols_per_site", 1));
  p.notes = db::get_str(row, "notes");
  p.exam_notice = db::get_str(row, "exam_notice");
  p.status = db::get_str(row, "status");
  auto& w = p.windows;
  w.registration_start = db::get_i64(row, "registration_start");
  w.registration_end = db::get_i64(row, "registration_end");
  w.arranging_start = db::get_i64(row, "arranging_start");
  w.arranging_end = db::get_i64(row, "arranging_end");
  w.score_start = db::get_i64(row, "score_start");
  w.score_end = db::get_i64(row, "score_end");
  w.publicity_start = db::get_i64(row, "publicity_start");
  w.publicity_end = db::get_i64(row, "publicity_end");
  p.version = static_cast<int>(db::get_i64(row, "version"));
  p.created_at = db::get_i64(row, "created_at");
  p.updated_at = db::get_i64(row, "updated_at");
  return p;
}

void load_children(soci::session& sql, std::vector<Plan>& plans) {
  if (plans.empty()) return;
  std::map<std::int64_t, Plan*> by_id;
  std::vector<std::int64_t> id_vec;
  for (auto& p : plans) {
    by_id[p.id] = &p;
    id_vec.push_back(p.id);
  }
  const std::string ids = db::id_list(id_vec);
  db::Query levels("FROM plan_levels pl");
  levels.where("pl.plan_id IN (" + ids + ")");
  levels.each(sql, "SELECT pl.plan_id, pl.level_id", "ORDER BY pl.level_id",
              [&](const db::Row& row) {
                PlanLevel l;
                l.level_id = db::get_i64(row, "level_id");
                by_id[db::get_i64(row, "plan_id")]->levels.push_back(l);
              });
  db::Query subjects("FROM plan_subjects ps");
  subjects.where("ps.plan_id IN (" + ids + ")");
  subjects.each(sql, "SELECT ps.plan_id, ps.subject_id, ps.slot_start, ps.slot_end",
                "ORDER BY ps.slot_start, ps.subject_id", [&](const db::Row& row) {
                  PlanSubject s;
                  s.subject_id = db::get_i64(row, "subject_id");
                  s.start = db::get_i64(row, "slot_start");
                  s.end = db::get_i64(row, "slot_end");
                  by_id[db::get_i64(row, "plan_id")]->subjects.push_back(s);
                });
  db::Query colleges("FROM plan_colleges pc JOIN organizations c ON c.id = pc.college_id");
  colleges.where("pc.plan_id IN (" + ids + ")");
  colleges.each(sql, "SELECT pc.plan_id, pc.college_id, c.name", "ORDER BY c.name",
                [&](const db::Row& row) {
                  by_id[db::get_i64(row, "plan_id")]->colleges.push_back(
                      {db::get_i64(row, "college_id"), db::get_str(row, "name")});
                });
}

void write_children(soci::session& sql, const Plan& p) {
  long long id = p.id;
  sql << "DELETE FROM plan_levels WHERE plan_id = :p", soci::use(id);
  sql << "DELETE FROM plan_subjects WHERE plan_id = :p", soci::use(id);
  sql << "DELETE FROM plan_colleges WHERE plan_id = :p", soci::use(id);
  for (const auto& l : p.levels) {
    long long level = l.level_id;
    sql << "INSERT INTO plan_levels(plan_id, level_id) VALUES(:p, :l)", soci::use(id),
        soci::use(level);
  }
  for (const auto& s : p.subjects) {
    long long subject = s.subject_id, start = s.start, end = s.end;
    sql << "INSERT INTO plan_subjects(plan_id, subject_id, slot_start, slot_end) VALUES(:p, :s, "
           ":a, :b)",
        soci::use(id), soci::use(subject), soci::use(start), soci::use(end);
  }
  for (const auto& c : p.colleges) {
    long long college = c.id;
    sql << "INSERT INTO plan_colleges(plan_id, college_id) VALUES(:p, :c)", soci::use(id),
        soci::use(college);
  }
}
}  // namespace

std::optional<Plan> find(soci::session& sql, std::int64_t id) {
  db::Query q(kFrom);
  q.where("p.id = " + q.param(static_cast<long long>(id)));
  std::vector<Plan> out;
  q.each(sql, kColumns, "", [&](const db::Row& row) { out.push_back(header(row)); });
  if (out.empty()) return std::nullopt;
  load_children(sql, out);
  return out.front();
}

std::vector<Plan> list(soci::session& sql, const Visibility& v, const Filter& filter, int page,
                       int page_size, long long& total) {
  db::Query q(kFrom, "FROM plans p");
  if (v.org_id) q.where("p.org_id = " + q.param(static_cast<long long>(*v.org_id)));
  if (v.college_ids) {
    const std::string ids = db::id_list(*v.college_ids);
    q.where(
        "p.status = 'published' AND EXISTS (SELECT 1 FROM plan_colleges pc WHERE pc.plan_id = p.id "
        "AND "
        "pc.college_id IN (" +
        ids + "))");
  }
  if (!filter.keyword.empty())
    q.where("p.name LIKE " + q.param(db::like_pattern(filter.keyword)) + " ESCAPE '\\'");
  if (!filter.status.empty()) q.where("p.status = " + q.param(filter.status));
  if (filter.org_id) q.where("p.org_id = " + q.param(static_cast<long long>(*filter.org_id)));
  if (filter.certificate_id) {
    q.where(
        "EXISTS (SELECT 1 FROM plan_levels pl JOIN certificate_levels cl ON cl.id = pl.level_id "
        "WHERE pl.plan_id = p.id AND cl.certificate_id = " +
        q.param(static_cast<long long>(*filter.certificate_id)) + ")");
  }
  if (!filter.phase.empty()) {
    // The same order of edges as model.cpp phase(): the first that has passed decides.
    auto now = [&] { return q.param(static_cast<long long>(filter.now)); };
    const std::string first_exam =
        "(SELECT MIN(ps.slot_start) FROM plan_subjects ps WHERE ps.plan_id = p.id)";
    const std::string live = "p.status = 'published' AND ";
    const std::string& f = filter.phase;
    if (f == "draft")
      q.where("p.status = 'draft'");
    else if (f == "cancelled")
      q.where("p.status = 'cancelled'");
    else if (f == "finished")
      q.where(live + "p.publicity_end <= " + now());
    else if (f == "publicity")
      q.where(live + "p.publicity_start <= " + now() + " AND p.publicity_end > " + now());
    else if (f == "scoring")
      q.where(live + "p.score_start <= " + now() + " AND p.publicity_start > " + now());
    else if (f == "examining")
      q.where(live + first_exam + " <= " + now() + " AND p.score_start > " + now());
    else if (f == "arranging")
      q.where(live + "p.arranging_start <= " + now() + " AND p.score_start > " + now() +
              " AND COALESCE(" + first_exam + ", p.score_start) > " + now());
    else if (f == "registration")
      q.where(live + "p.registration_start <= " + now() + " AND p.arranging_start > " + now());
    else if (f == "upcoming")
      q.where(live + "p.registration_start > " + now());
  }
  total = q.count_cached(sql);
  std::vector<Plan> out;
  q.each(sql, kColumns,
         "ORDER BY p.registration_start DESC, p.id DESC" + db::page_clause(page, page_size),
         [&](const db::Row& row) { out.push_back(header(row)); });
  load_children(sql, out);
  return out;
}

std::int64_t insert(soci::session& sql, const Plan& p) {
  long long org = p.org_id, payee = p.payee_org_id, created = p.created_at, id = 0;
  std::string name = p.name, mode = p.mode, notes = p.notes, notice = p.exam_notice,
              status = p.status;
  int pay = p.payment_before_arranging ? 1 : 0, per_room = p.invigilators_per_room,
      per_site = p.patrols_per_site;
  const Windows& w = p.windows;
  long long rs = w.registration_start, re = w.registration_end, as = w.arranging_start,
            ae = w.arranging_end, ss = w.score_start, se = w.score_end, ps = w.publicity_start,
            pe = w.publicity_end;
  sql << "INSERT INTO plans(org_id, name, mode, payee_org_id, payment_before_arranging, "
         "invigilators_per_room, patrols_per_site, notes, "
         "exam_notice, status, "
         "registration_start, registration_end, arranging_start, arranging_end, score_start, "
         "score_end, "
         "publicity_start, publicity_end, version, created_at, updated_at) VALUES(:o, :n, :m, :y, "
         ":pay, :ir, :ps2, :notes, "
         ":notice, :st, :rs, :re, :as, :ae, :ss, :se, :ps, :pe, 1, :c, :u) RETURNING id",
      soci::use(org), soci::use(name), soci::use(mode), soci::use(payee), soci::use(pay),
      soci::use(per_room), soci::use(per_site), soci::use(notes), soci::use(notice),
      soci::use(status), soci::use(rs), soci::use(re), soci::use(as), soci::use(ae), soci::use(ss),
      soci::use(se), soci::use(ps), soci::use(pe), soci::use(created), soci::use(created),
      soci::into(id);
  Plan saved = p;
  saved.id = id;
  write_children(sql, saved);
  return id;
}

bool update(soci::session& sql, const Plan& p, int expected_version) {
  long long payee = p.payee_org_id, updated = p.updated_at, id = p.id;
  std::string name = p.name, mode = p.mode, notes = p.notes, notice = p.exam_notice;
  int pay = p.payment_before_arranging ? 1 : 0, expected = expected_version,
      per_room = p.invigilators_per_room, per_site = p.patrols_per_site;
  const Windows& w = p.windows;
  long long rs = w.registration_start, re = w.registration_end, as = w.arranging_start,
            ae = w.arranging_end, ss = w.score_start, se = w.score_end, ps = w.publicity_start,
            pe = w.publicity_end;
  soci::statement st =
      (sql.prepare
           << "UPDATE plans SET name = :n, mode = :m, payee_org_id = :y, payment_before_arranging "
              "= :pay, invigilators_per_room = :ir, patrols_per_site = :ps2, "
              "notes = :notes, exam_notice = :notice, registration_start = :rs, registration_end = "
              ":re, "
              "arranging_start = :as, arranging_end = :ae, score_start = :ss, score_end = :se, "
              "publicity_start = :ps, publicity_end = :pe, version = version + 1, updated_at = :u "
              "WHERE id = :id AND version = :v",
       soci::use(name), soci::use(mode), soci::use(payee), soci::use(pay), soci::use(per_room),
       soci::use(per_site), soci::use(notes), soci::use(notice), soci::use(rs), soci::use(re),
       soci::use(as), soci::use(ae), soci::use(ss), soci::use(se), soci::use(ps), soci::use(pe),
       soci::use(updated), soci::use(id), soci::use(expected));
  st.execute(true);
  if (st.get_affected_rows() != 1) return false;
  write_children(sql, p);
  return true;
}

void set_status(soci::session& sql, std::int64_t id, const std::string& status, Timestamp now) {
  long long plan = id, at = now;
  std::string s = status;
  sql << "UPDATE plans SET status = :s, version = version + 1, updated_at = :u WHERE id = :id",
      soci::use(s), soci::use(at), soci::use(plan);
}

namespace sql_filter {
std::string exams_over(const std::string& p, const std::string& now, const std::string& now_again) {
  // A plan without subjects has a NULL last exam: the comparison is not true.
  return "(" + p + ".status = 'cancelled' OR " + p + ".publicity_end <= " + now +
         " OR (SELECT MAX(ps.slot_end) FROM plan_subjects ps WHERE ps.plan_id = " + p +
         ".id) <= " + now_again + ")";
}
}  // namespace sql_filter

}  // namespace kaowu::plans::repository
