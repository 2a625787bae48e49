#include "modules/students/service.hpp"

#include <map>

#include "core/audit.hpp"
#include "core/db/database.hpp"
#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/accounts/service.hpp"
#include "modules/exchange_routes.hpp"
#include "modules/registrations/ledger.hpp"
#include "modules/students/repository.hpp"

namespace kaowu::students::service {

namespace {
std::optional<std::int64_t> college_of(const Scope& scope) {
  if (scope.is_admin()) return std::nullopt;
  return scope.org_id;
}

nlohmann::json audit_view(const Student& s) {
  auto j = to_json(s);
  j.erase("createdAt");
  j.erase("updatedAt");
  return j;
}

// A roster row for a student already on the roster, as the record would read after it: the
// row's values over the record's identity, college and times (the audit compares what a user
// sees, not the version counter). A blank 考生编号 keeps the student's.
Student on_roster(const Student& existing, Student row) {
  row.id = existing.id;
  row.college_id = existing.college_id;
  row.college_name = existing.college_name;
  if (row.student_no.empty()) row.student_no = existing.student_no;
  row.version = existing.version;
  row.created_at = existing.created_at;
  row.updated_at = existing.updated_at;
  return row;
}

// Uniqueness of 身份证号 (unless the caller looked it up already) and 考生编号, and a generated
// 考生编号 when blank.
Status settle_keys(soci::session& sql, Student& s, Timestamp now, bool id_number_checked = false) {
  if (auto other =
          id_number_checked ? std::nullopt : repository::find_by_id_number(sql, s.id_number);
      other && other->id != s.id) {
    // Another college's student: say no more than that the value cannot be used.
    if (other->college_id != s.college_id) return err::conflict("该身份证号不能使用，请核对");
    return err::conflict("身份证号 " + s.id_number + " 已登记为考生「" + other->name +
                         "」（考生编号 " + other->student_no + "）");
  }
  if (s.student_no.empty()) {
    s.student_no = generated_student_no(s.id_number, s.college_id, now,
                                        repository::next_student_sequence(sql, s.college_id, now));
  } else if (auto other = repository::id_by_student_no(sql, s.student_no);
             other && *other != s.id) {
    const auto holder = repository::find(sql, *other);
    if (!holder || holder->college_id != s.college_id) {
      return err::conflict("考生编号 " + s.student_no + " 不能使用，请换一个考生编号");
    }
    return err::conflict("考生编号 " + s.student_no + " 已被使用");
  }
  return {};
}
}  // namespace

nlohmann::json list_item_schema() {
  nlohmann::json item = schema();
  item["properties"]["accountState"] =
      http::schema::enumeration({"none", "no_password", "must_change", "active", "disabled"});
  item["required"].push_back("accountState");
  return item;
}

nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size) {
  long long total = 0;
  nlohmann::json items = nlohmann::json::array();
  const auto students =
      repository::list(sql, college_of(scope), filter, {}, page, page_size, &total);
  std::vector<std::pair<std::int64_t, std::string>> keys;
  for (const auto& s : students) keys.emplace_back(s.college_id, s.student_no);
  const auto accounts = accounts::service::student_account_states(sql, keys);
  for (const auto& s : students) {
    auto item = to_json(s);
    item["accountState"] = accounts.at(s.student_no);
    items.push_back(std::move(item));
  }
  return {{"items", items}, {"total", total}, {"page", page}, {"pageSize", page_size}};
}

Result<Student> get(soci::session& sql, const Scope& scope, std::int64_t id) {
  auto s = repository::find(sql, id);
  if (!s || (college_of(scope) && s->college_id != scope.org_id))
    return err::not_found("考生不存在或无权查看");
  return *s;
}

Result<Student> create(soci::session& sql, const audit::Actor& actor, const nlohmann::json& body,
                       Timestamp now) {
  Student s;
  TRY(from_json(body, s));
  s.college_id = actor.scope->org_id;
  s.college_name = actor.scope->org_name;
  s.created_at = s.updated_at = now;
  return db::write_tx(sql, [&]() -> Result<Student> {
    TRY(settle_keys(sql, s, now));
    s.id = repository::insert(sql, s);
    TRY(accounts::service::sync_student(sql, s.college_id, "", s.student_no, s.name, s.phone, now));
    audit::record(sql, actor,
                  {"create", "student", std::to_string(s.id), "新增考生「" + s.name + "」", nullptr,
                   audit_view(s)},
                  now);
    return s;
  });
}

Result<Student> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                       const nlohmann::json& body, Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<Student> {
    Student before = TRY(get(sql, *actor.scope, id));
    auto version = TRY(input::integer(body, "version", "版本号", true));
    if (*version != before.version) return err::conflict("该考生信息已被他人修改，请刷新后重试");
    Student s = before;
    TRY(from_json(body, s));
    if (s.student_no.empty()) s.student_no = before.student_no;
    TRY(settle_keys(sql, s, now));
    s.updated_at = now;
    if (!repository::update(sql, s, before.version))
      return err::conflict("该考生信息已被他人修改，请刷新后重试");
    s.version = before.version + 1;
    TRY(accounts::service::sync_student(sql, s.college_id, before.student_no, s.student_no, s.name,
                                        s.phone, now));
    audit::record(sql, actor,
                  {"update", "student", std::to_string(id), "修改考生「" + s.name + "」",
                   audit_view(before), audit_view(s)},
                  now);
    return s;
  });
}

Status remove(soci::session& sql, const audit::Actor& actor, const input::Named& student,
              Timestamp now) {
  const std::int64_t id = student.id;
  return db::write_tx(sql, [&]() -> Status {
    Student before = TRY(get(sql, *actor.scope, id));
    if (!db::lock_at_version(sql, "students", id, student.version)) {
      return err::conflict("考生「" + before.name + "」的信息已被他人修改，请刷新后再删除");
    }
    if (const long long n = registrations::ledger::count_for_student(sql, id); n > 0) {
      return err::conflict("考生「" + before.name + "」已有 " + std::to_string(n) +
                           " 条报考记录，不能删除；请先在报考管理中删除其报考记录");
    }
    repository::remove(sql, id);
    accounts::service::remove_student(sql, before.college_id, before.student_no, now);
    audit::record(sql, actor,
                  {"delete", "student", std::to_string(id), "删除考生「" + before.name + "」",
                   audit_view(before), nullptr},
                  now);
    return {};
  });
}

Result<nlohmann::json> issue_password(soci::session& sql, const audit::Actor& actor,
                                      std::int64_t id, Timestamp now) {
  Student s = TRY(get(sql, *actor.scope, id));
  auto issued = TRY(accounts::service::issue_student_password(sql, actor, s.college_id,
                                                              s.student_no, s.name, s.phone, now));
  return nlohmann::json{{"username", issued.account.username}, {"password", issued.password}};
}

Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope,
                                          const Filter& filter,
                                          const std::vector<std::int64_t>& ids) {
  std::vector<office::Column> cols = columns();
  for (auto& c : cols) c.required = false;
  const auto college = college_of(scope);
  long long count = 0;
  repository::list(sql, college, filter, ids, 1, 1, &count);
  return exporting::ExportSpec{
      .title = "考生信息",
      .entity = "student",
      .columns = cols,
      .rows = [&sql, college, filter, ids](const exporting::RowSink& sink) -> Status {
        for (int page = 1;; ++page) {
          auto batch = repository::list(sql, college, filter, ids, page, 1000, nullptr);
          for (const auto& s : batch) TRY(sink(export_cells(s)));
          if (batch.size() < 1000) return {};
        }
      },
      .count = count};
}

Result<imports::Spec> roster_import(soci::session& sql, const nlohmann::json& params) {
  (void)sql;
  const std::int64_t college_id = params.value("orgId", std::int64_t{0});
  const std::int64_t now = params.value("now", std::int64_t{0});
  // 按身份证号更新已有考生信息: only when the officer ticked it may a row change the name of a
  // student already on the roster (whose registrations and payments carry that name).
  const bool update_existing = params.value("updateExisting", false);
  audit::Actor actor;
  actor.username = params.value("username", "");
  actor.ip = "job";
  imports::Spec spec;
  spec.type = "students";
  spec.entity = "student";
  spec.title = "考生信息";
  spec.columns = columns();
  spec.counts = std::make_shared<imports::Spec::Counts>();
  spec.apply = [college_id, now, update_existing, actor, counts = spec.counts](
                   soci::session& s, const std::vector<std::string>& cells) -> Status {
    Student student;
    TRY(from_cells(cells, student));
    student.college_id = college_id;
    auto existing = repository::find_by_id_number(s, student.id_number);
    if (existing && existing->college_id != college_id)
      return err::conflict("该身份证号不能使用，请核对");
    if (existing) {
      if (existing->name != student.name && !update_existing) {
        return err::conflict("身份证号已存在，姓名不一致（系统中为" + existing->name +
                             "）；如确需更正姓名，请勾选「按身份证号更新已有考生信息」后重新导入");
      }
      student = on_roster(*existing, std::move(student));
      // The same row imported again: nothing to write, no audit entry, the version kept.
      if (audit_view(*existing) == audit_view(student)) {
        ++counts->updated;
        return {};
      }
      TRY(settle_keys(s, student, now, true));
      student.updated_at = now;
      repository::update(s, student, existing->version);
      TRY(accounts::service::sync_student(s, college_id, existing->student_no, student.student_no,
                                          student.name, student.phone, now));
      const auto before = audit_view(*existing), after = audit_view(student);
      if (before != after) {
        audit::record(s, actor,
                      {"update", "student", std::to_string(existing->id),
                       "导入更新考生「" + existing->name + "」" +
                           (existing->name != student.name ? "，姓名改为「" + student.name + "」"
                                                           : std::string()),
                       before, after},
                      now);
      }
      ++counts->updated;
      return {};
    }
    TRY(settle_keys(s, student, now, true));
    student.created_at = student.updated_at = now;
    repository::insert(s, student);
    TRY(accounts::service::sync_student(s, college_id, "", student.student_no, student.name,
                                        student.phone, now));
    ++counts->created;
    return {};
  };
  // Large rosters: rows for new students whose keys are free go in with one prepared statement per
  // batch; any other row (an update, a key seen before, a key someone has) goes through `apply` in
  // order, after the rows before it are written. A key taken that this did not foresee (e.g. an
  // explicit 考生编号 equal to a generated one) fails the unique index: the pipeline redoes the
  // batch row by row.
  spec.apply_batch = [college_id, now, spec](soci::session& s,
                                             const std::vector<std::vector<std::string>>& rows) {
    std::vector<Status> out(rows.size());
    std::vector<Student> parsed(rows.size());
    std::vector<bool> valid(rows.size(), false);
    std::vector<std::string> id_numbers, numbers;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      out[i] = from_cells(rows[i], parsed[i]);
      if (!out[i]) continue;
      valid[i] = true;
      id_numbers.push_back(parsed[i].id_number);
      if (!parsed[i].student_no.empty()) numbers.push_back(parsed[i].student_no);
    }
    // Students already on a roster, by 身份证号: a row that repeats one of this college's
    // unchanged is done here (a roster imported again), without a statement of its own.
    std::map<std::string, Student> known;
    for (auto& st : repository::find_by_numbers(s, {}, id_numbers)) {
      std::string key = st.id_number;
      known.emplace(std::move(key), std::move(st));
    }
    const auto known_nos = repository::existing_student_nos(s, numbers);
    const auto known_logins = accounts::service::taken_student_logins(s, numbers);
    std::set<std::string> seen_ids, seen_nos;
    std::vector<Student> pending;
    long long next = -1;  // the next sequence of generated 考生编号; -1: ask the database
    auto flush = [&] {
      spec.counts->created += static_cast<int>(pending.size());
      repository::insert_many(s, pending);
      std::vector<accounts::service::StudentLogin> logins;
      for (const auto& p : pending) logins.push_back({p.student_no, p.name, p.phone});
      accounts::service::create_student_logins(s, college_id, logins, now);
      pending.clear();
    };
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!valid[i]) continue;
      Student& st = parsed[i];
      const auto found = known.find(st.id_number);
      if (found != known.end() && !seen_ids.count(st.id_number) &&
          found->second.college_id == college_id &&
          audit_view(found->second) == audit_view(on_roster(found->second, st))) {
        seen_ids.insert(st.id_number);
        seen_nos.insert(found->second.student_no);
        ++spec.counts->updated;
        continue;
      }
      const bool simple = found == known.end() && !seen_ids.count(st.id_number) &&
                          (st.student_no.empty() ||
                           (!known_nos.count(st.student_no) && !seen_nos.count(st.student_no) &&
                            !known_logins.count(st.student_no)));
      seen_ids.insert(st.id_number);
      if (!st.student_no.empty()) seen_nos.insert(st.student_no);
      if (!simple) {
        flush();
        out[i] = imports::apply_one(s, spec, rows[i]);
        next = -1;  // the row may have taken a generated number
        continue;
      }
      if (st.student_no.empty()) {
        if (next < 0) next = repository::next_student_sequence(s, college_id, now);
        st.student_no = generated_student_no(st.id_number, college_id, now, next++);
        seen_nos.insert(st.student_no);
      }
      st.college_id = college_id;
      st.created_at = st.updated_at = now;
      pending.push_back(st);
    }
    flush();
    return out;
  };
  return spec;
}

}  // namespace kaowu::students::service
