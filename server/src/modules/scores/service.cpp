#include "modules/scores/service.hpp"

#include <map>
#include <memory>
#include <set>

#include "core/db/database.hpp"
#include "core/http/schema.hpp"
#include "modules/arrangements/ledger.hpp"
#include "modules/certificates/service.hpp"
#include "modules/checkins/ledger.hpp"
#include "modules/plans/service.hpp"
#include "modules/scores/repository.hpp"
#include "modules/students/ledger.hpp"

namespace kaowu::scores::service {

namespace {

// Colleges (and students) see marks from the start of the 公示期; organisations and admins always.
bool shows_mark(const Scope& scope, const Row& r, Timestamp now) {
  if (scope.is_admin() || scope.role == Role::org) return true;
  return published(r.windows, now);
}

std::string value_text(const std::optional<int>& tenths, bool absent) {
  if (absent) return "缺考";
  return tenths ? format_mark(*tenths) : "未登记";
}

nlohmann::json amendment_json(const repository::Amendment& a) {
  return {{"id", a.id},
          {"before", value_text(a.before_tenths, a.before_absent)},
          {"after", value_text(a.after_tenths, a.after_absent)},
          {"reason", a.reason},
          {"inPublicity", a.in_publicity},
          {"via", a.via == "import" ? "导入" : "页面"},
          {"accountName", a.account_name},
          {"at", cst::format(a.at)}};
}

nlohmann::json amendment_schema() {
  namespace s = http::schema;
  return s::object({{"id", s::integer()},
                    {"before", s::string()},
                    {"after", s::string()},
                    {"reason", s::string()},
                    {"inPublicity", s::boolean()},
                    {"via", s::string()},
                    {"accountName", s::string()},
                    {"at", s::datetime()}});
}

nlohmann::json detail_json(soci::session& sql, const Scope& scope, const Row& r, Timestamp now) {
  const bool show = shows_mark(scope, r, now);
  auto out = to_json(r, now, show);
  // Not entered yet, and the room's check-in says the candidate never came: 缺考 by default.
  out["checkinAbsent"] =
      !r.score_id && checkins::ledger::absent_of(sql, r.plan_id, now).count(r.id) > 0;
  nlohmann::json list = nlohmann::json::array();
  if (show && r.score_id) {
    for (const auto& a : repository::amendments(sql, *r.score_id))
      list.push_back(amendment_json(a));
  }
  out["amendments"] = list;
  out["scoreWindow"] =
      cst::format_minute(r.windows.score_start) + " 至 " + cst::format_minute(r.windows.score_end);
  out["publicityWindow"] = cst::format_minute(r.windows.publicity_start) + " 至 " +
                           cst::format_minute(r.windows.publicity_end);
  return out;
}

// The full mark of a subject of a level.
std::optional<certificates::Subject> subject_of(soci::session& sql, std::int64_t level_id,
                                                std::int64_t subject_id) {
  const auto level = certificates::service::find_level(sql, level_id);
  if (!level) return std::nullopt;
  for (const auto& s : level->level().subjects) {
    if (s.id == subject_id) return s;
  }
  return std::nullopt;
}

struct Value {
  std::optional<int> tenths;
  bool absent = false;
};

// 成绩 and 是否缺考 together: exactly one of a mark or 缺考.
Result<Value> read_value(const std::string& mark, bool absent, int full_mark) {
  Value v;
  v.absent = absent;
  const bool has_mark = mark.find_first_not_of(" \t") != std::string::npos;
  if (absent && has_mark) return err::invalid("缺考的考生不能填写成绩：填了成绩就不是缺考");
  if (!absent && !has_mark) return err::invalid("请填写成绩，缺考的考生请在是否缺考填 是");
  if (!absent) v.tenths = TRY(parse_mark(mark, full_mark));
  return v;
}

bool same(const Value& v, const Row& r) {
  return v.absent == r.absent && v.tenths == (r.absent ? std::nullopt : r.tenths);
}

// Writes a value over a row (the row lock taken): a change of a stored score keeps an amendment.
Status store(soci::session& sql, const Row& r, const Value& v, std::int64_t account_id,
             const std::string& account_name, const std::string& reason, Via via,
             std::optional<int> version, Timestamp now) {
  // After the caller's checks by the clock: the pass decision may have locked the plan's scores
  // since (its transaction committed while this one waited), or waits now for this write.
  if (repository::plan_locked(sql, r.plan_id)) {
    return err::conflict("公示期已于 " + cst::format_minute(r.windows.publicity_end) +
                         " 结束，成绩已锁定，不能再修改");
  }
  repository::Write w{.registration_id = r.id,
                      .plan_id = r.plan_id,
                      .college_id = r.college_id,
                      .student_id = r.student_id,
                      .subject_id = r.subject_id,
                      .tenths = v.tenths,
                      .absent = v.absent,
                      .account_id = account_id};
  if (!r.score_id) {
    repository::insert(sql, w, now);
    return {};
  }
  if (!repository::update(sql, *r.score_id, w, version.value_or(r.version), now)) {
    return err::conflict("该成绩已被他人修改，请刷新后重试");
  }
  repository::add_amendment(sql, {.score_id = *r.score_id,
                                  .before_tenths = r.absent ? std::nullopt : r.tenths,
                                  .before_absent = r.absent,
                                  .after_tenths = v.tenths,
                                  .after_absent = v.absent,
                                  .reason = reason,
                                  .in_publicity = phase(r.windows, now) == Phase::publicity,
                                  .via = via == Via::import ? "import" : "page",
                                  .account_id = account_id,
                                  .account_name = account_name,
                                  .at = now});
  return {};
}

Result<Row> visible_row(soci::session& sql, const Scope& scope, std::int64_t id) {
  // One read, through the caller's scope: a row of another tenant is simply not there.
  const auto rows = repository::list(sql, repository::query(scope, {}, {id}, 0), 1, 1);
  if (rows.empty()) return err::not_found("该考生的科目成绩不存在（未排考的报考没有成绩）");
  return rows.front();
}

}  // namespace

nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size, Timestamp now) {
  const auto q = repository::query(scope, filter, {}, now);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : repository::list(sql, q, page, page_size)) {
    items.push_back(to_json(r, now, shows_mark(scope, r, now)));
  }
  return {
      {"items", items}, {"total", q.count_cached(sql)}, {"page", page}, {"pageSize", page_size}};
}

Result<nlohmann::json> get(soci::session& sql, const Scope& scope, std::int64_t id, Timestamp now) {
  const Row r = TRY(visible_row(sql, scope, id));
  return detail_json(sql, scope, r, now);
}

nlohmann::json detail_schema() {
  namespace s = http::schema;
  auto out = schema();
  out["properties"]["amendments"] = s::array(amendment_schema());
  out["properties"]["scoreWindow"] = s::string();
  out["properties"]["publicityWindow"] = s::string();
  out["properties"]["checkinAbsent"] = s::boolean();
  out["required"].push_back("checkinAbsent");
  out["required"].push_back("amendments");
  out["required"].push_back("scoreWindow");
  out["required"].push_back("publicityWindow");
  return out;
}

Result<nlohmann::json> write(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                             const nlohmann::json& body, Timestamp now) {
  const Scope& scope = *actor.scope;
  if (scope.role != Role::org) return err::forbidden("只有考试计划所属的培训评价组织可以登记成绩");
  if (!body.is_object()) return err::invalid("请求体须为 JSON 对象");
  std::string mark;
  if (auto it = body.find("score"); it != body.end() && !it->is_null()) {
    if (it->is_number()) {
      mark = it->dump();
    } else if (it->is_string()) {
      mark = it->get<std::string>();
    } else {
      return err::invalid("成绩须为数或文本", {{"field", "score"}});
    }
  }
  bool absent = false;
  if (auto it = body.find("absent"); it != body.end() && !it->is_null()) {
    if (!it->is_boolean()) return err::invalid("是否缺考须为 true 或 false", {{"field", "absent"}});
    absent = it->get<bool>();
  }
  const std::string reason = TRY(input::text(body, "reason", "修改原因", false, 200));
  const auto version = TRY(input::integer(body, "version", "版本号", false));
  return db::write_tx(sql, [&]() -> Result<nlohmann::json> {
    repository::lock(sql, id);
    const Row r = TRY(visible_row(sql, scope, id));
    const Value v = TRY(read_value(mark, absent, r.full_mark));
    if (r.score_id && !version) {
      return err::invalid("修改已登记的成绩须带上查看时的版本号 version", {{"field", "version"}});
    }
    if (r.score_id && *version != r.version) {
      return err::conflict("该成绩已被他人修改，请刷新后重试");
    }
    if (r.score_id && same(v, r)) return detail_json(sql, scope, r, now);
    TRY(may_write(r.windows, now, r.score_id.has_value(), !reason.empty(), Via::page));
    TRY(store(sql, r, v, scope.account_id, scope.display_name, reason, Via::page, version, now));
    const Row after = *repository::find(sql, id);
    const std::string who = r.student_name + " (" + r.ticket_no + ") 的「" + r.subject_name + "」";
    audit::Entry e{r.score_id ? "update" : "create",
                   "score",
                   std::to_string(id),
                   (r.score_id ? "修改" : "登记") + who + "成绩为 " +
                       value_text(v.tenths, v.absent) + (reason.empty() ? "" : "，原因：" + reason),
                   r.score_id ? nlohmann::json{{"score", value_text(r.tenths, r.absent)}}
                              : nlohmann::json(nullptr),
                   {{"score", value_text(v.tenths, v.absent)}, {"reason", reason}}};
    e.object = "科目成绩 " + who;
    audit::record(sql, actor, e, now);
    return detail_json(sql, scope, after, now);
  });
}

nlohmann::json entry_options(soci::session& sql, const Scope& scope, Timestamp now) {
  Filter f;
  const auto q = repository::query(scope, f, {}, now);
  struct Subject {
    std::int64_t id = 0;
    std::string code, name;
    long long arranged = 0, entered = 0;
  };
  struct Plan {
    std::string name;
    Windows windows;
    std::map<std::string, Subject> subjects;  // by code
  };
  std::map<std::int64_t, Plan> plans;
  q.each(sql,
         "SELECT r.plan_id, p.name AS plan_name, p.score_start, p.score_end, p.publicity_start, "
         "p.publicity_end, r.subject_id, su.code, su.name, COUNT(*) AS arranged, COUNT(sc.id) AS "
         "entered",
         "GROUP BY r.plan_id, p.name, p.score_start, p.score_end, p.publicity_start, "
         "p.publicity_end, r.subject_id, su.code, su.name",
         [&](const db::Row& row) {
           auto& p = plans[db::get_i64(row, "plan_id")];
           p.name = db::get_str(row, "plan_name");
           p.windows = {db::get_i64(row, "score_start"), db::get_i64(row, "score_end"),
                        db::get_i64(row, "publicity_start"), db::get_i64(row, "publicity_end")};
           Subject s;
           s.id = db::get_i64(row, "subject_id");
           s.code = db::get_str(row, "code");
           s.name = db::get_str(row, "name");
           s.arranged = db::get_i64(row, "arranged");
           s.entered = db::get_i64(row, "entered");
           p.subjects[s.code] = s;
         });
  nlohmann::json out = nlohmann::json::array();
  for (auto it = plans.rbegin(); it != plans.rend(); ++it) {
    const auto& p = it->second;
    nlohmann::json subjects = nlohmann::json::array();
    for (const auto& [code, s] : p.subjects) {
      subjects.push_back({{"id", s.id},
                          {"code", s.code},
                          {"name", s.name},
                          {"arranged", s.arranged},
                          {"entered", s.entered}});
    }
    const Phase ph = phase(p.windows, now);
    const char* phase_text = ph == Phase::before      ? "成绩登记未开始"
                             : ph == Phase::entry     ? "成绩登记中"
                             : ph == Phase::closed    ? "成绩登记已结束，待公示"
                             : ph == Phase::publicity ? "公示中"
                                                      : "已锁定";
    out.push_back({{"id", it->first},
                   {"name", p.name},
                   {"scoreWindow", cst::format_minute(p.windows.score_start) + " 至 " +
                                       cst::format_minute(p.windows.score_end)},
                   {"publicityWindow", cst::format_minute(p.windows.publicity_start) + " 至 " +
                                           cst::format_minute(p.windows.publicity_end)},
                   {"phaseName", phase_text},
                   {"subjects", subjects}});
  }
  return {{"plans", out}};
}

nlohmann::json entry_options_schema() {
  namespace s = http::schema;
  return s::object(
      {{"plans",
        s::array(s::object({{"id", s::integer()},
                            {"name", s::string()},
                            {"scoreWindow", s::string()},
                            {"publicityWindow", s::string()},
                            {"phaseName", s::string()},
                            {"subjects", s::array(s::object({{"id", s::integer()},
                                                             {"code", s::string()},
                                                             {"name", s::string()},
                                                             {"arranged", s::integer()},
                                                             {"entered", s::integer()}}))}}))}});
}

Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope,
                                          const Filter& filter,
                                          const std::vector<std::int64_t>& ids, Timestamp now) {
  const auto q = repository::query(scope, filter, ids, now);
  return exporting::ExportSpec{
      .title = "科目成绩",
      .entity = "score",
      .columns = export_columns(),
      .rows = [&sql, q, scope, now](const exporting::RowSink& sink) -> Status {
        Status st;
        q.each(sql, repository::kSelect, repository::kOrder, [&](const db::Row& row) {
          if (!st) return;
          const Row r = repository::row_of(row);
          st = sink(export_cells(r, now, shows_mark(scope, r, now)));
        });
        return st;
      },
      .count = q.count(sql)};
}

namespace {
// The plan and subject an organisation enters scores for, or why not.
struct Entry {
  plans::Plan plan;
  plans::PlanSubject subject;
  Windows windows;
};

Result<Entry> entry_of(soci::session& sql, std::int64_t org_id, std::int64_t plan_id,
                       std::int64_t subject_id) {
  auto plan = plans::service::find(sql, plan_id);
  if (!plan || plan->org_id != org_id)
    return err::not_found("考试计划不存在，或不是本机构的考试计划");
  Entry e;
  bool found = false;
  for (const auto& s : plan->subjects) {
    if (s.subject_id == subject_id) {
      e.subject = s;
      found = true;
    }
  }
  if (!found) return err::not_found("考试计划「" + plan->name + "」没有这个科目");
  const auto& w = plan->windows;
  e.windows = {w.score_start, w.score_end, w.publicity_start, w.publicity_end};
  e.plan = std::move(*plan);
  return e;
}
}  // namespace

Result<Template> import_template(soci::session& sql, const Scope& scope, std::int64_t plan_id,
                                 std::int64_t subject_id, Timestamp now) {
  if (scope.role != Role::org) return err::forbidden("只有培训评价组织可以导入成绩");
  const Entry e = TRY(entry_of(sql, scope.org_id, plan_id, subject_id));
  Filter f;
  f.plan_id = plan_id;
  f.subject_id = subject_id;
  const auto q = repository::query(scope, f, {}, now);
  Template t;
  t.title = "科目成绩导入模板-" + e.subject.name;
  t.columns = import_columns();
  for (auto& c : t.columns) c.example.clear();
  // Candidates the room's check-in never saw start as 缺考 (checkins::ledger::absent_of).
  const auto absent = checkins::ledger::absent_of(sql, plan_id, now);
  q.each(sql, repository::kSelect, repository::kOrder, [&](const db::Row& row) {
    const Row r = repository::row_of(row);
    std::string mark, absent_cell;
    if (r.score_id) {
      absent_cell = r.absent ? "是" : "否";
      if (!r.absent && r.tenths) mark = format_mark(*r.tenths);
    } else if (absent.count(r.id)) {
      absent_cell = "是";
    }
    t.rows.push_back({r.ticket_no, r.student_no, r.student_name, r.subject_code, r.subject_name,
                      mark, absent_cell});
  });
  return t;
}

Result<imports::Spec> score_import(soci::session& sql, const nlohmann::json& params) {
  const std::int64_t org_id = params.value("orgId", std::int64_t{0});
  const std::int64_t plan_id = params.value("planId", std::int64_t{0});
  const std::int64_t subject_id = params.value("subjectId", std::int64_t{0});
  const Timestamp now = params.value("now", Timestamp{0});
  const std::int64_t account_id = params.value("accountId", std::int64_t{0});
  const std::string account_name = params.value("displayName", "");
  const Entry e = TRY(entry_of(sql, org_id, plan_id, subject_id));
  // Nothing at all may be written now (outside the window, locked): refused at upload. During the
  // 公示期 an import can only add scores still missing while 成绩登记 is open.
  if (auto st = may_write(e.windows, now, false, false, Via::import); !st) {
    if (phase(e.windows, now) == Phase::publicity) {
      return err::conflict("公示期内修改成绩须在科目成绩页面逐条填写修改原因，不能通过导入修改");
    }
    return st.error();
  }
  const auto full = subject_of(sql, e.subject.level_id, subject_id);
  if (!full) return err::not_found("科目不存在");

  struct State {
    std::map<std::string, std::int64_t> seat_of_ticket;  // this subject's seats
    std::set<std::string> other_tickets;                 // the plan's other tickets
    std::set<std::string> seen;
  };
  auto state = std::make_shared<State>();
  for (const auto& s : arrangements::ledger::seats(sql, plan_id)) {
    if (s.subject_id == subject_id)
      state->seat_of_ticket[s.ticket_no] = s.registration_id;
    else
      state->other_tickets.insert(s.ticket_no);
  }
  const std::string subject_code = e.subject.code, subject_name = e.subject.name;
  const int full_mark = full->full_mark;
  const Windows windows = e.windows;

  imports::Spec spec;
  spec.type = "scores";
  spec.entity = "score";
  spec.title = "科目成绩-" + subject_name;
  spec.columns = import_columns();
  spec.counts = std::make_shared<imports::Spec::Counts>();
  auto counts = spec.counts;
  spec.apply = [=](soci::session& sql, const std::vector<std::string>& cells) -> Status {
    const std::string& ticket = cells[0];
    if (ticket.empty()) return err::invalid("请填写准考证号");
    if (cells[3] != subject_code) {
      return err::invalid("科目编号「" + cells[3] + "」不是本次导入的科目「" + subject_name +
                          "」(" + subject_code + ")");
    }
    auto seat = state->seat_of_ticket.find(ticket);
    if (seat == state->seat_of_ticket.end()) {
      if (state->other_tickets.count(ticket)) {
        return err::invalid("准考证号 " + ticket + " 的考生未安排科目「" + subject_name +
                            "」的考试");
      }
      return err::invalid("准考证号 " + ticket + " 不是本考试计划排考的考生");
    }
    if (!state->seen.insert(ticket).second) {
      return err::invalid("准考证号 " + ticket + " 在文件中重复出现，同一考生的成绩只能填一行");
    }
    const auto absent = TRY(parse_absent(cells[6]));
    const Value v = TRY(read_value(cells[5], absent, full_mark));
    repository::lock(sql, seat->second);
    const auto r = repository::find(sql, seat->second);
    if (!r) return err::invalid("准考证号 " + ticket + " 的考生已不在排考中");
    if (r->score_id && same(v, *r)) return {};
    TRY(may_write(windows, now, r->score_id.has_value(), false, Via::import));
    TRY(store(sql, *r, v, account_id, account_name, "", Via::import, std::nullopt, now));
    if (r->score_id)
      ++counts->updated;
    else
      ++counts->created;
    return {};
  };
  return spec;
}

Result<nlohmann::json> mine(soci::session& sql, const Scope& scope, Timestamp now) {
  if (scope.role != Role::student) return err::forbidden("只有考生可以查看自己的成绩");
  const auto student = students::ledger::find_by_no(sql, scope.org_id, scope.username);
  nlohmann::json items = nlohmann::json::array();
  if (!student) return nlohmann::json{{"items", items}};
  Scope college = scope;
  college.role = Role::college;
  Filter f;
  auto q = repository::query(college, f, {}, now);
  q.where("r.student_id = " + q.param(static_cast<long long>(student->id)));
  // SCORE-2: nothing of a plan before its 公示期 starts.
  q.where("p.publicity_start <= " + q.param(static_cast<long long>(now)));
  q.each(sql, repository::kSelect, repository::kOrder, [&](const db::Row& row) {
    const Row r = repository::row_of(row);
    items.push_back(detail_json(sql, college, r, now));
  });
  return nlohmann::json{{"items", items}};
}

nlohmann::json mine_schema() {
  namespace s = http::schema;
  return s::object({{"items", s::array(detail_schema())}});
}

long long overdue_missing(soci::session& sql, const Scope& scope, Timestamp now) {
  Filter f;
  f.state = "missing";
  auto q = repository::query(scope, f, {}, now);
  q.where("p.score_end <= " + q.param(static_cast<long long>(now)));
  return q.count(sql);
}

}  // namespace kaowu::scores::service
