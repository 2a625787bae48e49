#include "modules/registrations/service.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "core/db/database.hpp"
#include "core/db/query.hpp"
#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "exchange/exports.hpp"
#include "modules/arrangements/repository.hpp"
#include "modules/certificates/repository.hpp"
#include "modules/exchange_routes.hpp"
#include "modules/plans/service.hpp"
#include "modules/registrations/ledger.hpp"
#include "modules/registrations/repository.hpp"
#include "modules/sites/repository.hpp"
#include "modules/students/ledger.hpp"

namespace kaowu::registrations::service {

namespace {
repository::Visibility visibility(const Scope& scope) {
  repository::Visibility v;
  if (scope.role == Role::org) {
    v.org_id = scope.org_id;
  } else if (!scope.is_admin()) {
    v.college_id = scope.org_id;
  }
  return v;
}

//! Fills 所属考点, 准考证号 and the slot of the arranged ones.
void place(soci::session& sql, std::vector<Registration>& rows,
           std::map<std::int64_t, std::string>& site_names) {
  std::vector<std::int64_t> ids;
  for (const auto& r : rows) ids.push_back(r.id);
  const auto arranged = arrangements::repository::of_registrations(sql, ids);
  for (auto& r : rows) {
    auto it = arranged.find(r.id);
    if (it == arranged.end()) continue;
    const auto& a = it->second;
    auto name = site_names.find(a.site_id);
    if (name == site_names.end()) {
      auto site = sites::repository::find(sql, a.site_id);
      name = site_names.emplace(a.site_id, site ? site->name : "").first;
    }
    r.placement = Placement{a.site_id, name->second, a.ticket_no, a.slot_start, a.slot_end};
  }
}

std::string slot_text(const plans::PlanSubject& s) {
  return cst::format_minute(s.start) + "-" + cst::format_with(s.end, "%H:%M");
}

nlohmann::json audit_view(const Registration& r) {
  return {{"id", r.id},
          {"planId", r.plan_id},
          {"planName", r.plan_name},
          {"studentId", r.student_id},
          {"studentName", r.student_name},
          {"studentNo", r.student_no},
          {"level", level_label(r.certificate_name, r.level)},
          {"subjectId", r.subject_id},
          {"subjectName", r.subject_name},
          {"mode", r.mode}};
}

std::string upper_x(std::string id) {
  if (!id.empty() && id.back() == 'x') id.back() = 'X';
  return id;
}

// The students of an import batch, read at once, by 考生编号 and by 身份证号.
struct Roster {
  std::map<std::string, students::Student> by_student_no, by_id_number;

  static std::optional<students::Student> in(const std::map<std::string, students::Student>& m,
                                             const std::string& key) {
    auto it = m.find(key);
    return it == m.end() ? std::nullopt : std::optional(it->second);
  }
};

// The college's student named by 考生编号 or 身份证号, whose 姓名 must agree.
Result<students::Student> roster_student(const Roster& roster, std::int64_t college_id,
                                         const std::string& student_no,
                                         const std::string& id_number, const std::string& name) {
  if (student_no.empty() && id_number.empty()) return err::invalid("请填写考生编号或身份证号");
  if (name.empty()) return err::invalid("请填写姓名");
  std::optional<students::Student> s;
  if (!student_no.empty()) {
    s = Roster::in(roster.by_student_no, student_no);
    if (!s || s->college_id != college_id) {
      return err::invalid("本院校考生名单中没有考生编号为 " + student_no +
                          " 的考生，请先在“考生管理”中添加");
    }
    if (!id_number.empty() && upper_x(id_number) != s->id_number) {
      return err::invalid("考生编号 " + student_no + " 与身份证号 " + id_number +
                          " 不是同一考生，请核对");
    }
  } else {
    s = Roster::in(roster.by_id_number, upper_x(id_number));
    if (!s || s->college_id != college_id) {
      return err::invalid("本院校考生名单中没有身份证号为 " + id_number +
                          " 的考生，请先在“考生管理”中添加");
    }
  }
  if (s->name != name)
    return err::invalid("姓名“" + name + "”与考生名单中的“" + s->name + "”不一致，请核对");
  return *s;
}

// The student of an import row: 考生编号, 身份证号 and 姓名 are its first three cells.
Result<students::Student> row_student(const Roster& roster, std::int64_t college_id,
                                      const std::vector<std::string>& cells) {
  return roster_student(roster, college_id, input::trim(cells[0]), input::trim(cells[1]),
                        input::trim(cells[2]));
}

// The subjects an import row asks for, read from its cells.
using SubjectsOfRow =
    std::function<Result<std::vector<const plans::PlanSubject*>>(const std::vector<std::string>&)>;

// Everything one plan's registrations are checked against, loaded once per import or add.
struct Registrar {
  plans::Plan plan;
  std::int64_t college_id = 0;
  Timestamp now = 0;
  std::map<std::int64_t, std::set<std::string>> majors;  // by certificate

  const plans::PlanSubject* subject(std::int64_t id) const {
    for (const auto& s : plan.subjects) {
      if (s.subject_id == id) return &s;
    }
    return nullptr;
  }
  const plans::PlanLevel* level(std::int64_t id) const {
    for (const auto& l : plan.levels) {
      if (l.level_id == id) return &l;
    }
    return nullptr;
  }
  std::int64_t certificate_of(const plans::PlanSubject& s) const {
    const auto* l = level(s.level_id);
    return l ? l->certificate_id : 0;
  }

  // REG-3: the student's major among the certificate's 可报考专业.
  Status check_major(soci::session& sql, const students::Student& student,
                     std::int64_t certificate_id) {
    auto it = majors.find(certificate_id);
    if (it == majors.end()) {
      std::set<std::string> names;
      if (auto c = certificates::repository::find(sql, certificate_id)) {
        for (const auto& m : c->majors) names.insert(m.name);
      }
      it = majors.emplace(certificate_id, std::move(names)).first;
    }
    if (!it->second.count(student.major)) {
      return err::conflict("考生专业“" + student.major +
                           "”不在该证书的可报考专业内，可在“证书信息管理”中查看可报考专业");
    }
    return {};
  }

  // REG-3 majors, duplicates and time clashes of `subjects` (the plan's, all valid) for a student
  // already registered for `existing` subjects of the plan.
  Status check(soci::session& sql, const students::Student& student,
               const std::vector<const plans::PlanSubject*>& subjects,
               const std::vector<std::int64_t>& existing) {
    if (subjects.empty()) return err::invalid("请选择报考科目");
    std::set<std::int64_t> certs;
    for (const auto* s : subjects) certs.insert(certificate_of(*s));
    for (auto c : certs) TRY(check_major(sql, student, c));
    std::vector<const plans::PlanSubject*> taken;
    for (auto id : existing) {
      if (const auto* s = subject(id)) taken.push_back(s);
    }
    for (std::size_t i = 0; i < subjects.size(); ++i) {
      const auto* s = subjects[i];
      if (std::find(existing.begin(), existing.end(), s->subject_id) != existing.end()) {
        return err::conflict("考生已报考该考试计划的科目“" + s->name + "”，不能重复报考");
      }
      for (std::size_t j = 0; j < i; ++j) {
        if (subjects[j]->subject_id == s->subject_id)
          return err::invalid("科目“" + s->name + "”填写了两次");
      }
      auto overlaps = [&](const plans::PlanSubject* o) {
        return s->start < o->end && o->start < s->end;
      };
      for (const auto* o : taken) {
        if (overlaps(o)) {
          return err::conflict("科目“" + s->name + "”的考试时间（" + slot_text(*s) +
                               "）与考生已报考的科目“" + o->name + "”（" + slot_text(*o) +
                               "）重叠，考生无法同时参加");
        }
      }
      for (std::size_t j = 0; j < i; ++j) {
        if (overlaps(subjects[j])) {
          return err::conflict("科目“" + s->name + "”与“" + subjects[j]->name +
                               "”的考试时间重叠，考生无法同时参加");
        }
      }
    }
    return {};
  }

  ledger::Ref ref(const students::Student& student, const plans::PlanSubject& s) const {
    ledger::Ref r;
    r.plan_id = plan.id;
    r.college_id = college_id;
    r.student_id = student.id;
    r.certificate_id = certificate_of(s);
    r.level_id = s.level_id;
    r.subject_id = s.subject_id;
    r.mode = plan.mode;
    return r;
  }

  // One writer per student at a time, so two requests cannot both pass the time-clash check
  // (PostgreSQL runs write transactions side by side; SQLite's are serialised already). Taken
  // in key order, so two batches cannot wait for each other. Students share kLockBuckets keys:
  // an import of 50,000 students would otherwise hold 50,000 locks and exhaust PostgreSQL's
  // lock table (max_locks_per_transaction); two students on one key only wait for each other.
  static constexpr std::int64_t kLockBuckets = 1024;
  static constexpr std::int64_t kLockBase = 7242100000;  // clear of the migration lock's key
  static void lock_students(soci::session& sql, const std::vector<std::int64_t>& ids) {
    if (db::dialect_of(sql) != db::Dialect::postgresql || ids.empty()) return;
    std::vector<std::int64_t> keys;
    for (auto id : ids) keys.push_back(kLockBase + id % kLockBuckets);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    sql << "SELECT pg_advisory_xact_lock(k) FROM (SELECT unnest(ARRAY[" + db::id_list(keys) +
               "]::bigint[]) AS k ORDER BY k) AS keys";
  }

  // Checks, then writes the rows.
  Result<std::vector<std::int64_t>> enter(soci::session& sql, const students::Student& student,
                                          const std::vector<const plans::PlanSubject*>& subjects) {
    if (subjects.empty()) return err::invalid("请选择报考科目");
    lock_students(sql, {student.id});
    TRY(check(sql, student, subjects, repository::subjects_of_student(sql, plan.id, student.id)));
    std::vector<std::int64_t> ids;
    for (const auto* s : subjects) ids.push_back(ledger::insert(sql, ref(student, *s), now));
    return ids;
  }

  // Rows of an import batch, each with the outcome `apply` gives it row by row: the students,
  // their registrations in the plan and the locks are taken once for the batch, and the accepted
  // rows written together. `subjects_of` reads a row's subjects.
  std::vector<Status> enter_batch(soci::session& sql,
                                  const std::vector<std::vector<std::string>>& rows,
                                  const SubjectsOfRow& subjects_of) {
    std::vector<std::string> nos, id_numbers;
    for (const auto& cells : rows) {
      auto no = input::trim(cells[0]);
      if (!no.empty()) {
        nos.push_back(no);
      } else if (auto idn = upper_x(input::trim(cells[1])); !idn.empty()) {
        id_numbers.push_back(idn);
      }
    }
    Roster batch;
    for (auto& st : students::ledger::find_by_numbers(sql, nos, id_numbers)) {
      batch.by_student_no.emplace(st.student_no, st);
      batch.by_id_number.emplace(st.id_number, std::move(st));
    }
    std::vector<Result<students::Student>> students;
    std::vector<std::int64_t> ids;
    for (const auto& cells : rows) {
      students.push_back(row_student(batch, college_id, cells));
      if (students.back()) ids.push_back(students.back()->id);
    }
    lock_students(sql, ids);
    auto existing = repository::subjects_of_students(sql, plan.id, ids);

    std::vector<Status> out;
    std::vector<ledger::Ref> refs;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      auto status = [&]() -> Status {
        const auto& student = TRY(students[i]);
        const auto subjects = TRY(subjects_of(rows[i]));
        auto& taken = existing[student.id];
        TRY(check(sql, student, subjects, taken));
        for (const auto* s : subjects) {
          refs.push_back(ref(student, *s));
          taken.push_back(s->subject_id);
        }
        return {};
      }();
      out.push_back(std::move(status));
    }
    ledger::insert_many(sql, refs, now);
    return out;
  }

  std::vector<const plans::PlanSubject*> subjects_of_level(std::int64_t level_id) const {
    std::vector<const plans::PlanSubject*> out;
    for (const auto& s : plan.subjects) {
      if (s.level_id == level_id) out.push_back(&s);
    }
    return out;
  }
};

// REG-2: a published plan listing the college, inside its registration window.
Result<Registrar> open_registrar(soci::session& sql, std::int64_t plan_id, std::int64_t college_id,
                                 Timestamp now) {
  auto plan = plans::service::find(sql, plan_id);
  bool listed = false;
  if (plan && plan->status == "published") {
    for (const auto& c : plan->colleges) listed = listed || c.id == college_id;
  }
  if (!listed) return err::not_found("考试计划不存在，或本院校不在该计划的参考院校中");
  if (!open_for_registration(*plan, now)) {
    return err::conflict("考试计划「" + plan->name + "」不在报考时间内（报考时间 " +
                         cst::format_minute(plan->windows.registration_start) + " 至 " +
                         cst::format_minute(plan->windows.registration_end) + "），不能报考");
  }
  Registrar r;
  r.plan = std::move(*plan);
  r.college_id = college_id;
  r.now = now;
  return r;
}

Status check_mode(const plans::Plan& plan, const std::string& mode) {
  if (mode == plan.mode) return {};
  if (plan.mode == "subject")
    return err::invalid(
        "该考试计划为按科目报考，请使用“批量导入报考-按科目导入”，按科目选择报考科目");
  return err::invalid("该考试计划为按证书报考，请使用“批量导入报考-按证书导入”，按证书等级报考");
}

std::string trim_parens(std::string s) {
  // Full-width brackets as people type them in Chinese: （初级）.
  for (auto [from, to] : {std::pair<const char*, const char*>{"（", "("}, {"）", ")"}}) {
    for (std::size_t at; (at = s.find(from)) != std::string::npos;)
      s.replace(at, std::string(from).size(), to);
  }
  return s;
}

// A level of the plan from a 证书等级 cell: 「证书名(初级)」, or the level or certificate alone
// when that is unambiguous in the plan.
Result<const plans::PlanLevel*> level_of_cell(const plans::Plan& plan, const std::string& cell) {
  const std::string text = trim_parens(input::trim(cell));
  if (text.empty()) return err::invalid("请填写证书等级");
  std::vector<const plans::PlanLevel*> hits;
  for (const auto& l : plan.levels) {
    if (text == level_label(l.certificate_name, l.level)) return &l;
  }
  for (const auto& l : plan.levels) {
    if (text == l.level || text == l.certificate_name || text == l.certificate_code)
      hits.push_back(&l);
  }
  if (hits.size() == 1) return hits.front();
  std::string choices;
  for (const auto& l : plan.levels)
    choices += (choices.empty() ? "" : "、") + level_label(l.certificate_name, l.level);
  if (hits.size() > 1)
    return err::invalid("证书等级“" + cell + "”不明确，请填写完整，如：" + choices);
  return err::invalid("证书等级“" + cell + "”不在该考试计划中，可选：" + choices);
}

// Subjects of the plan under one certificate from a 报考科目 cell (codes or names).
Result<std::vector<const plans::PlanSubject*>> subjects_of_cell(const Registrar& reg,
                                                                std::int64_t certificate_id,
                                                                const std::string& cell) {
  const auto names = split_names(cell);
  if (names.empty()) return err::invalid("请填写报考科目");
  std::vector<const plans::PlanSubject*> out;
  for (const auto& name : names) {
    std::vector<const plans::PlanSubject*> hits;
    for (const auto& s : reg.plan.subjects) {
      if (reg.certificate_of(s) == certificate_id && (s.code == name || s.name == name))
        hits.push_back(&s);
    }
    if (hits.empty())
      return err::invalid("科目“" + name +
                          "”不在该考试计划所选证书的科目中，请按模板填写说明核对科目代码或名称");
    if (hits.size() > 1)
      return err::invalid("科目名称“" + name + "”对应多个等级的科目，请改填科目代码");
    out.push_back(hits.front());
  }
  return out;
}

const plans::PlanLevel* certificate_in_plan(const plans::Plan& plan, std::int64_t certificate_id) {
  for (const auto& l : plan.levels) {
    if (l.certificate_id == certificate_id) return &l;
  }
  return nullptr;
}

Status check_deletable(soci::session& sql, const Registration& r) {
  const std::string what = "考生「" + r.student_name + "」的报考科目“" + r.subject_name + "”";
  if (!arrangements::repository::of_registrations(sql, {r.id}).empty())
    return err::conflict(what + "已排考，不能删除");
  if (r.paid) return err::conflict(what + "已缴费，不能删除");
  if (r.application_id)
    return err::conflict(what + "已在缴费申请单中，不能删除；如需删除，请先删除该缴费申请单");
  return {};
}

Result<Registration> own(soci::session& sql, const Scope& scope, std::int64_t id) {
  auto r = repository::find(sql, id);
  if (!r || r->college_id != scope.org_id) return err::not_found("报考记录不存在或无权操作");
  return *r;
}

// What goes when `r` is deleted: in a 按证书报考 plan the candidate registered for the level, so
// every subject of the level goes with it (the fee was for the level); otherwise the one subject.
std::vector<Registration> deleted_with(soci::session& sql, const Registration& r) {
  if (r.mode != "certificate") return {r};
  auto group = repository::level_group(sql, r.plan_id, r.student_id, r.level_id);
  return group.empty() ? std::vector<Registration>{r} : group;
}

// Deletes `r` (and in a 按证书 plan the rest of its level) in the caller's transaction; ids that
// went are added to `gone`.
Status remove_in_tx(soci::session& sql, const audit::Actor& actor, const Registration& r,
                    Timestamp now, std::set<std::int64_t>& gone) {
  const auto group = deleted_with(sql, r);
  for (const auto& g : group) TRY(check_deletable(sql, g));
  for (const auto& g : group) {
    if (!repository::remove_deletable(sql, g.id)) {
      // Taken a moment ago by a payment application or an arrangement: say which.
      Registration now_r = TRY(own(sql, *actor.scope, g.id));
      TRY(check_deletable(sql, now_r));
      return err::conflict("报考记录刚被他人修改，请刷新后重试");
    }
    gone.insert(g.id);
  }
  std::string subjects;
  for (const auto& g : group) subjects += (subjects.empty() ? "" : "、") + g.subject_name;
  const std::string summary =
      group.size() > 1
          ? "删除考生「" + r.student_name + "」的报考：" + r.plan_name + " " +
                level_label(r.certificate_name, r.level) + "（按证书报考，科目 " + subjects + "）"
          : "删除考生「" + r.student_name + "」的报考：" + r.plan_name + " " + r.subject_name;
  nlohmann::json before = nlohmann::json::array();
  for (const auto& g : group) before.push_back(audit_view(g));
  audit::record(sql, actor,
                {"delete", "registration", std::to_string(r.id), summary,
                 group.size() > 1 ? before : before.front(), nullptr},
                now);
  return {};
}

// Deletes the registration the user was shown, at the version shown (409 when it changed since).
Status remove_one(soci::session& sql, const audit::Actor& actor, const input::Named& named,
                  Timestamp now, std::set<std::int64_t>& gone) {
  const std::int64_t id = named.id;
  return db::write_tx(sql, [&]() -> Status {
    Registration r = TRY(own(sql, *actor.scope, id));
    if (!db::lock_at_version(sql, "registrations", id, named.version)) {
      return err::conflict("考生「" + r.student_name + "」的报考记录已被他人修改，请刷新后再删除");
    }
    return remove_in_tx(sql, actor, r, now, gone);
  });
}
}  // namespace

nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size, Timestamp now) {
  long long total = 0;
  auto rows = repository::list(sql, visibility(scope), filter, {}, now, page, page_size, &total);
  std::map<std::int64_t, std::string> site_names;
  place(sql, rows, site_names);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) items.push_back(to_json(r, now));
  return {{"items", items}, {"total", total}, {"page", page}, {"pageSize", page_size}};
}

Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope,
                                          const Filter& filter,
                                          const std::vector<std::int64_t>& ids, Timestamp now) {
  const auto v = visibility(scope);
  long long count = 0;
  repository::list(sql, v, filter, ids, now, 1, 1, &count);
  return exporting::ExportSpec{
      .title = "报考数据",
      .entity = "registration",
      .columns = export_columns(),
      .rows = [&sql, v, filter, ids, now](const exporting::RowSink& sink) -> Status {
        long long index = 0;
        std::map<std::int64_t, std::string> site_names;
        for (int page = 1;; ++page) {
          auto batch = repository::list(sql, v, filter, ids, now, page, 1000, nullptr);
          place(sql, batch, site_names);
          for (const auto& r : batch) TRY(sink(export_cells(r, ++index, now)));
          if (batch.size() < 1000) return {};
        }
      },
      .count = count};
}

nlohmann::json options_schema() {
  namespace s = http::schema;
  const auto level = s::object({{"levelId", s::integer()},
                                {"certificateId", s::integer()},
                                {"certificateName", s::string()},
                                {"level", s::string()},
                                {"label", s::string()}});
  const auto certificate =
      s::object({{"id", s::integer()}, {"code", s::string()}, {"name", s::string()}});
  const auto subject = s::object({{"subjectId", s::integer()},
                                  {"levelId", s::integer()},
                                  {"certificateId", s::integer()},
                                  {"code", s::string()},
                                  {"name", s::string()},
                                  {"mode", s::string()},
                                  {"level", s::string()},
                                  {"slot", s::string()}});
  const auto plan = s::object({{"id", s::integer()},
                               {"name", s::string()},
                               {"mode", s::enumeration({"certificate", "subject"})},
                               {"modeName", s::string()},
                               {"registrationStart", s::datetime()},
                               {"registrationEnd", s::datetime()},
                               {"levels", s::array(level)},
                               {"certificates", s::array(certificate)},
                               {"subjects", s::array(subject)}});
  return s::object({{"plans", s::array(plan)}});
}

nlohmann::json options(soci::session& sql, const Scope& scope, Timestamp now) {
  nlohmann::json plans = nlohmann::json::array();
  if (scope.role != Role::college) return {{"plans", plans}};
  for (const auto& p : plans::service::of_college(sql, scope.org_id)) {
    if (!open_for_registration(p, now)) continue;
    nlohmann::json levels = nlohmann::json::array(), certs = nlohmann::json::array(),
                   subjects = nlohmann::json::array();
    std::set<std::int64_t> seen;
    for (const auto& l : p.levels) {
      levels.push_back({{"levelId", l.level_id},
                        {"certificateId", l.certificate_id},
                        {"certificateName", l.certificate_name},
                        {"level", l.level},
                        {"label", level_label(l.certificate_name, l.level)}});
      if (seen.insert(l.certificate_id).second) {
        certs.push_back(
            {{"id", l.certificate_id}, {"code", l.certificate_code}, {"name", l.certificate_name}});
      }
    }
    for (const auto& s : p.subjects) {
      std::int64_t cert = 0;
      for (const auto& l : p.levels) {
        if (l.level_id == s.level_id) cert = l.certificate_id;
      }
      subjects.push_back({{"subjectId", s.subject_id},
                          {"levelId", s.level_id},
                          {"certificateId", cert},
                          {"code", s.code},
                          {"name", s.name},
                          {"mode", s.mode},
                          {"level", s.level},
                          {"slot", slot_text(s)}});
    }
    plans.push_back({{"id", p.id},
                     {"name", p.name},
                     {"mode", p.mode},
                     {"modeName", plans::mode_name(p.mode)},
                     {"registrationStart", cst::format(p.windows.registration_start)},
                     {"registrationEnd", cst::format(p.windows.registration_end)},
                     {"levels", levels},
                     {"certificates", certs},
                     {"subjects", subjects}});
  }
  return {{"plans", plans}};
}

Result<std::vector<Registration>> add(soci::session& sql, const audit::Actor& actor,
                                      const nlohmann::json& body, Timestamp now) {
  const auto plan_id = TRY(input::integer(body, "planId", "考试计划", true));
  const auto student_id = TRY(input::integer(body, "studentId", "考生", true));
  const auto level_id = TRY(input::integer(body, "levelId", "证书等级", false));
  std::vector<std::int64_t> subject_ids;
  if (auto it = body.find("subjectIds"); it != body.end() && it->is_array()) {
    for (const auto& v : *it) {
      if (!v.is_number_integer())
        return err::invalid("报考科目格式不正确", {{"field", "subjectIds"}});
      subject_ids.push_back(v.get<std::int64_t>());
    }
  }
  const Scope& scope = *actor.scope;
  return db::write_tx(sql, [&]() -> Result<std::vector<Registration>> {
    Registrar reg = TRY(open_registrar(sql, *plan_id, scope.org_id, now));
    auto student = students::ledger::find(sql, *student_id);
    if (!student || student->college_id != scope.org_id) {
      return err::invalid("本院校考生名单中没有该考生，请先在“考生管理”中添加",
                          {{"field", "studentId"}});
    }
    std::vector<const plans::PlanSubject*> subjects;
    if (reg.plan.mode == "certificate") {
      if (!level_id) return err::invalid("请选择证书等级", {{"field", "levelId"}});
      if (!reg.level(*level_id))
        return err::invalid("所选证书等级不在该考试计划中", {{"field", "levelId"}});
      subjects = reg.subjects_of_level(*level_id);
    } else {
      if (subject_ids.empty()) return err::invalid("请选择报考科目", {{"field", "subjectIds"}});
      for (auto id : subject_ids) {
        const auto* s = reg.subject(id);
        if (!s) return err::invalid("所选科目不在该考试计划中", {{"field", "subjectIds"}});
        subjects.push_back(s);
      }
    }
    const auto ids = TRY(reg.enter(sql, *student, subjects));
    std::vector<Registration> rows;
    nlohmann::json after = nlohmann::json::array();
    std::string names;
    for (auto id : ids) {
      auto r = repository::find(sql, id);
      if (!r) return err::internal();
      after.push_back(audit_view(*r));
      names += (names.empty() ? "" : "、") + r->subject_name;
      rows.push_back(std::move(*r));
    }
    audit::record(
        sql, actor,
        {"create", "registration", std::to_string(ids.front()),
         "为考生「" + student->name + "」报考「" + reg.plan.name + "」：" + names, nullptr, after},
        now);
    return rows;
  });
}

Status remove(soci::session& sql, const audit::Actor& actor, const input::Named& registration,
              Timestamp now) {
  std::set<std::int64_t> gone;
  return remove_one(sql, actor, registration, now, gone);
}

nlohmann::json deletion_scope_schema() {
  namespace s = http::schema;
  return s::object({{"ids", s::array(s::integer())},
                    {"subjects", s::array(s::string())},
                    {"level", s::string()},
                    {"whole", s::boolean()}});
}

Result<nlohmann::json> deletion_scope(soci::session& sql, const Scope& scope, std::int64_t id) {
  const Registration r = TRY(own(sql, scope, id));
  nlohmann::json ids = nlohmann::json::array(), subjects = nlohmann::json::array();
  for (const auto& g : deleted_with(sql, r)) {
    ids.push_back(g.id);
    subjects.push_back(g.subject_name);
  }
  return nlohmann::json{{"ids", ids},
                        {"subjects", subjects},
                        {"level", level_label(r.certificate_name, r.level)},
                        {"whole", r.mode == "certificate"}};
}

batch::BatchResult batch_remove(soci::session& sql, const audit::Actor& actor,
                                const std::vector<input::Named>& registrations, Timestamp now) {
  batch::BatchResult result;
  std::set<std::int64_t> gone;  // with the level of an earlier one (按证书报考)
  for (const auto& named : registrations) {
    const std::int64_t id = named.id;
    auto seen = own(sql, *actor.scope, id);
    Status st = gone.count(id) ? Status{} : remove_one(sql, actor, named, now, gone);
    if (st) {
      ++result.done;
      continue;
    }
    result.refuse(id, seen ? seen->student_name + "（" + seen->subject_name + "）" : "",
                  st.error().message);
  }
  return result;
}

// An import row is 考生编号, 身份证号, 姓名 and a cell `subjects_of` reads; rows are checked and
// written a batch at a time.
void set_apply(imports::Spec& spec, const std::shared_ptr<Registrar>& reg,
               SubjectsOfRow subjects_of) {
  spec.apply_batch = [reg, subjects_of](soci::session& s,
                                        const std::vector<std::vector<std::string>>& rows) {
    return reg->enter_batch(s, rows, subjects_of);
  };
  // A row on its own (when a batch is redone row by row) is a batch of one.
  spec.apply = [batch = spec.apply_batch](soci::session& s,
                                          const std::vector<std::string>& cells) -> Status {
    return batch(s, {cells}).front();
  };
}

Result<imports::Spec> registrations_import(soci::session& sql, const nlohmann::json& params) {
  const std::int64_t college_id = params.value("orgId", std::int64_t{0});
  const std::int64_t plan_id = params.value("planId", std::int64_t{0});
  const std::int64_t certificate_id = params.value("certificateId", std::int64_t{0});
  const std::string mode = params.value("mode", "");
  const Timestamp now = params.value("now", std::int64_t{0});
  if (mode != "certificate" && mode != "subject")
    return err::invalid("导入方式须为 certificate（按证书）或 subject（按科目）");
  if (!plan_id) return err::invalid("请先选择考试计划", {{"field", "planId"}});
  auto reg = std::make_shared<Registrar>(TRY(open_registrar(sql, plan_id, college_id, now)));
  TRY(check_mode(reg->plan, mode));
  using office::Column;
  using office::ColumnType;
  imports::Spec spec;
  spec.type = "registrations";
  spec.entity = "registration";
  spec.columns = {
      {.name = "考生编号",
       .type = ColumnType::text,
       .note = "与身份证号至少填一项；须为本院校考生名单中的考生",
       .example = "",
       .width = 20},
      {.name = "身份证号",
       .type = ColumnType::text,
       .note = "与考生编号至少填一项",
       .example = "110101199003070011",
       .width = 22},
      {.name = "姓名",
       .required = true,
       .note = "须与考生名单一致",
       .example = "示例考生（导入时忽略此行）"},
  };
  if (mode == "certificate") {
    spec.title = "报考信息（按证书）";
    Column level{
        .name = "证书等级", .required = true, .note = "报考该证书等级的全部科目", .width = 40};
    for (const auto& l : reg->plan.levels)
      level.options.push_back(level_label(l.certificate_name, l.level));
    if (!level.options.empty()) level.example = level.options.front();
    spec.columns.push_back(level);
    set_apply(spec, reg,
              [reg](const std::vector<std::string>& cells)
                  -> Result<std::vector<const plans::PlanSubject*>> {
                const auto* level = TRY(level_of_cell(reg->plan, cells[3]));
                return reg->subjects_of_level(level->level_id);
              });
    return spec;
  }
  const auto* cert = certificate_in_plan(reg->plan, certificate_id);
  if (!cert) return err::invalid("请选择该考试计划中的考核证书", {{"field", "certificateId"}});
  spec.title = "报考信息（按科目）";
  std::string choices, example;
  for (const auto& s : reg->plan.subjects) {
    if (reg->certificate_of(s) != certificate_id) continue;
    choices += (choices.empty() ? "" : "；") + s.code + " " + s.name + "（" + s.level + "，" +
               slot_text(s) + "）";
    if (example.empty()) example = s.name;
  }
  spec.columns.push_back(
      {.name = "报考科目",
       .required = true,
       .note = "填写科目代码或名称，多个科目用“、”或“,”分隔。可报科目：" + choices,
       .example = example,
       .width = 40});
  set_apply(spec, reg, [reg, certificate_id](const std::vector<std::string>& cells) {
    return subjects_of_cell(*reg, certificate_id, cells[3]);
  });
  return spec;
}

}  // namespace kaowu::registrations::service
