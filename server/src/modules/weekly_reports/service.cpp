#include "modules/weekly_reports/service.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/db/database.hpp"
#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/weekly_reports/repository.hpp"

namespace kaowu::weekly_reports::service {

namespace {
constexpr const char* kPurpose = "weekly_report";

repository::Visibility visibility(const Scope& scope) {
  repository::Visibility v;
  if (scope.role == Role::province)
    v.province_id = scope.org_id;
  else if (!scope.is_admin())
    v.college_id = scope.org_id;
  return v;
}

bool visible(const Scope& scope, const Report& r) {
  const auto v = visibility(scope);
  if (v.college_id && r.college_id != *v.college_id) return false;
  if (v.province_id && r.province_id != *v.province_id) return false;
  return true;
}

// The cadence schedule the caller reports under (a college) or sets (a province).
Result<std::vector<CadenceChange>> schedule_of_province(soci::session& sql,
                                                        std::optional<std::int64_t> province_id) {
  if (!province_id) return std::vector<CadenceChange>{};
  return repository::schedule(sql, *province_id);
}

Result<std::int64_t> province_of(soci::session& sql, const Scope& scope) {
  if (scope.role == Role::province) return scope.org_id;
  if (scope.role == Role::college) {
    auto c = repository::college(sql, scope.org_id);
    if (c && c->province_id) return *c->province_id;
    return err::conflict("本院校尚未设置所属省级教育行政部门，请联系平台管理员");
  }
  return err::forbidden("只有省级教育行政部门和试点院校可以查看周报周期");
}

Result<repository::College> college_of(soci::session& sql, const Scope& scope) {
  if (scope.role != Role::college) return err::forbidden("只有试点院校可以填写周报");
  auto c = repository::college(sql, scope.org_id);
  if (!c) return err::not_found("院校不存在");
  return *c;
}

nlohmann::json audit_view(const Report& r) {
  auto j = to_json(r, false);
  for (const char* k :
       {"createdAt", "updatedAt", "version", "collegeType", "provinceId", "provinceName"})
    j.erase(k);
  nlohmann::json files = nlohmann::json::array();
  for (const auto& a : r.attachments)
    files.push_back({{"fileId", a.file_id}, {"kind", kind_code(a.kind)}, {"name", a.name}});
  j["attachments"] = files;
  return j;
}

Report with_details(soci::session& sql, Report r) {
  r.attachments = repository::attachments(sql, r.id);
  r.reviews = repository::reviews(sql, r.id);
  return r;
}

// The text fields of the form, over `base` (an absent key keeps the base value).
Status read_text(const nlohmann::json& body, Report& r) {
  auto field = [&](const char* key, const char* label, bool required, std::size_t max,
                   std::string& out) -> Status {
    if (!body.contains(key)) {
      if (required && out.empty())
        return err::invalid(std::string("请填写") + label, {{"field", key}});
      return {};
    }
    // Multi-line text: keep the lines, trim the ends.
    out = TRY(input::text(body, key, label, required, max));
    return {};
  };
  TRY(field("progress", "工作进展", true, Limits::progress, r.progress));
  TRY(field("difficulties", "存在困难", false, Limits::difficulties, r.difficulties));
  TRY(field("suggestions", "政策建议", false, Limits::suggestions, r.suggestions));
  return {};
}

// The attachments of the body: files this college uploaded for reports and not attached to any
// other report, within the limits. Absent keeps `current`.
Result<std::vector<Attachment>> read_attachments(soci::session& sql, const nlohmann::json& body,
                                                 std::int64_t college_id, std::int64_t report_id,
                                                 std::vector<Attachment> current) {
  if (!body.contains("attachments")) return current;
  const auto& list = body["attachments"];
  if (!list.is_array()) return err::invalid("附件格式不正确", {{"field", "attachments"}});
  std::vector<Attachment> out;
  std::set<std::int64_t> seen;
  std::int64_t bytes = 0;
  std::size_t scans = 0, others = 0;
  Scope owner;
  owner.role = Role::college;
  owner.org_id = college_id;
  for (const auto& item : list) {
    if (!item.is_object()) return err::invalid("附件格式不正确", {{"field", "attachments"}});
    auto id = TRY(input::integer(item, "fileId", "附件", true));
    const auto kind = parse_kind(item.value("kind", std::string("other")));
    if (!kind)
      return err::invalid("附件类别须为 scan（签名盖章的扫描件）或 other（其他资料）",
                          {{"field", "attachments"}});
    if (!seen.insert(*id).second) continue;
    auto info = files::info(sql, owner, *id);
    if (!info || info->purpose != kPurpose)
      return err::invalid("附件不存在或已失效，请重新上传", {{"field", "attachments"}});
    const auto attached = repository::report_of_file(sql, *id);
    if (attached && *attached != report_id) {
      return err::invalid("附件「" + info->name + "」属于另一份周报，请重新上传",
                          {{"field", "attachments"}});
    }
    (*kind == Kind::scan ? scans : others)++;
    bytes += info->size;
    out.push_back({*id, *kind, info->name, info->content_type, info->size});
  }
  if (scans > Limits::files_per_kind || others > Limits::files_per_kind) {
    return err::invalid(
        "签名盖章的扫描件和其他资料各最多 " + std::to_string(Limits::files_per_kind) + " 个文件",
        {{"field", "attachments"}});
  }
  if (bytes > Limits::report_bytes) {
    return err::invalid("一份周报的附件合计不能超过 " +
                            std::to_string(Limits::report_bytes / 1024 / 1024) +
                            " MB，请删减附件或压缩后上传",
                        {{"field", "attachments"}});
  }
  return out;
}

// Drops the files a report no longer refers to.
void drop_detached(soci::session& sql, const std::vector<Attachment>& before,
                   const std::vector<Attachment>& after) {
  for (const auto& a : before) {
    const bool kept = std::any_of(after.begin(), after.end(),
                                  [&](const Attachment& b) { return b.file_id == a.file_id; });
    if (!kept) files::remove(sql, a.file_id);
  }
}

// WR-2: the period must not have ended. Submitting says so in the seed's words.
Status still_open(const Report& r, bool submitting, Timestamp now) {
  if (now < r.period.end) return {};
  if (submitting) return err::conflict(kLateMessage, {{"deadline", cst::format(r.period.end - 1)}});
  return err::conflict("周报周期「" + r.period.label + "」已结束，不能再填写或修改",
                       {{"deadline", cst::format(r.period.end - 1)}});
}

Result<Report> get_own(soci::session& sql, const Scope& scope, std::int64_t id) {
  auto r = repository::find(sql, id);
  if (!r || scope.role != Role::college || r->college_id != scope.org_id)
    return err::not_found("周报不存在或无权操作");
  return with_details(sql, *r);
}

Status write(soci::session& sql, const audit::Actor& actor, const Report& before, Report& after,
             const std::string& action, const std::string& summary, Timestamp now) {
  after.updated_at = now;
  if (!repository::update(sql, after, before.version))
    return err::conflict("该周报已被他人修改，请刷新后重试");
  after.version = before.version + 1;
  audit::record(sql, actor,
                {action, "weekly_report", std::to_string(after.id), summary, audit_view(before),
                 audit_view(after)},
                now);
  return {};
}

std::string college_label(const Report& r) {
  return r.college_name + "「" + r.period.label + "」周报";
}

Result<Period> period_by_key(const std::vector<CadenceChange>& schedule, const std::string& key,
                             Timestamp now) {
  if (key.empty()) return period_at(schedule, now);
  auto at = cst::parse(key);
  if (!at) return err::invalid("周报周期须为周期开始日期，如 2021-09-06", {{"field", "period"}});
  const Period p = period_at(schedule, *at);
  if (p.start != *at)
    return err::invalid("「" + key + "」不是周报周期的开始日期", {{"field", "period"}});
  return p;
}
}  // namespace

nlohmann::json list_schema() {
  namespace s = http::schema;
  auto out = s::page(s::ref("WeeklyReportSummary"));
  out["properties"]["counts"] = s::object({{"all", s::integer()},
                                           {"draft", s::integer()},
                                           {"pending", s::integer()},
                                           {"approved", s::integer()},
                                           {"returned", s::integer()}});
  out["required"].push_back("counts");
  return out;
}

nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size) {
  long long total = 0;
  const auto v = visibility(scope);
  auto reports = repository::list(sql, v, filter, page, page_size, &total);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : reports) items.push_back(to_json(r, false));
  nlohmann::json counts = {
      {"all", 0}, {"draft", 0}, {"pending", 0}, {"approved", 0}, {"returned", 0}};
  long long all = 0;
  for (const auto& [state, n] : repository::counts(sql, v, filter)) {
    counts[state] = n;
    all += n;
  }
  counts["all"] = all;
  return {{"items", items},
          {"total", total},
          {"page", page},
          {"pageSize", page_size},
          {"counts", counts}};
}

Result<Report> get(soci::session& sql, const Scope& scope, std::int64_t id) {
  auto r = repository::find(sql, id);
  if (!r || !visible(scope, *r)) return err::not_found("周报不存在或无权查看");
  return with_details(sql, *r);
}

nlohmann::json form_schema() {
  namespace s = http::schema;
  return s::object({{"period", s::ref("WeeklyReportPeriod")},
                    {"collegeName", s::string()},
                    {"collegeType", s::string()},
                    {"provinceName", s::string()},
                    {"limits", limits_schema()}});
}

Result<nlohmann::json> form(soci::session& sql, const Scope& scope, Timestamp now) {
  const auto college = TRY(college_of(sql, scope));
  const auto schedule = TRY(schedule_of_province(sql, college.province_id));
  const Period p = period_at(schedule, now);
  if (auto existing = repository::find_by_period(sql, college.id, p.start)) {
    return err::conflict(duplicate_message(p.cadence),
                         {{"reportId", existing->id}, {"status", state_code(existing->state)}});
  }
  return nlohmann::json{{"period", to_json(p)},
                        {"collegeName", college.name},
                        {"collegeType", college.college_type},
                        {"provinceName", college.province_name},
                        {"limits", limits_json()}};
}

Result<Report> create(soci::session& sql, const audit::Actor& actor, const nlohmann::json& body,
                      Timestamp now) {
  const auto college = TRY(college_of(sql, *actor.scope));
  const bool submitting = TRY(input::boolean(body, "submit", "提交")).value_or(false);
  std::optional<Period> attempted;
  auto created = db::write_tx(sql, [&]() -> Result<Report> {
    const auto schedule = TRY(schedule_of_province(sql, college.province_id));
    const Period current = period_at(schedule, now);
    Report r;
    r.period = current;
    // The form names the period it was opened for: past its end it may no longer be filled in.
    const std::string key = body.contains("period") && body["period"].is_string()
                                ? body["period"].get<std::string>()
                                : "";
    if (!key.empty() && key != period_key(current)) {
      auto at = cst::parse(key);
      if (!at)
        return err::invalid("周报周期须为周期开始日期，如 2021-09-06", {{"field", "period"}});
      if (*at > current.start)
        return err::invalid("只能填写本期（" + current.label + "）的周报", {{"field", "period"}});
      r.period = period_at(schedule, *at);
      TRY(still_open(r, submitting, now));
    }
    attempted = r.period;
    if (auto existing = repository::find_by_period(sql, college.id, r.period.start)) {
      return err::conflict(duplicate_message(r.period.cadence), {{"reportId", existing->id}});
    }
    r.college_id = college.id;
    r.college_name = college.name;
    r.college_type = college.college_type;
    r.province_id = college.province_id;
    r.province_name = college.province_name;
    TRY(read_text(body, r));
    r.attachments = TRY(read_attachments(sql, body, college.id, 0, {}));
    r.state = submitting ? State::pending : State::draft;
    if (submitting) r.submitted_at = now;
    r.created_at = r.updated_at = now;
    r.id = repository::insert(sql, r, actor.scope->account_id);
    repository::set_attachments(sql, r.id, r.attachments);
    audit::record(sql, actor,
                  {"create", "weekly_report", std::to_string(r.id),
                   (submitting ? "填写并提交" : "填写") + college_label(r), nullptr, audit_view(r)},
                  now);
    return r;
  });
  // Two saves of the same period at once: the unique index stops the second, which gets WR-1 too.
  if (!created && created.error().kind == ErrorKind::conflict && attempted) {
    if (auto existing = repository::find_by_period(sql, college.id, attempted->start)) {
      return err::conflict(duplicate_message(attempted->cadence), {{"reportId", existing->id}});
    }
  }
  return created;
}

Result<Report> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                      const nlohmann::json& body, Timestamp now) {
  const bool submitting = TRY(input::boolean(body, "submit", "提交")).value_or(false);
  return db::write_tx(sql, [&]() -> Result<Report> {
    repository::lock(sql, id);
    const Report before = TRY(get_own(sql, *actor.scope, id));
    if (before.state != State::draft && before.state != State::returned) {
      return err::conflict("周报当前为「" + std::string(state_name(before.state)) +
                           "」，只有未提交或审核退回的周报可以编辑");
    }
    auto version = TRY(input::integer(body, "version", "版本号", true));
    if (*version != before.version) return err::conflict("该周报已被他人修改，请刷新后重试");
    TRY(still_open(before, submitting, now));
    Report r = before;
    TRY(read_text(body, r));
    r.attachments =
        TRY(read_attachments(sql, body, before.college_id, before.id, before.attachments));
    if (submitting) {
      r.state = State::pending;
      r.submitted_at = now;
    }
    TRY(write(sql, actor, before, r, submitting ? "submit" : "update",
              (submitting ? "修改并提交" : "修改") + college_label(r), now));
    repository::set_attachments(sql, r.id, r.attachments);
    drop_detached(sql, before.attachments, r.attachments);
    r.reviews = before.reviews;
    return r;
  });
}

Status remove(soci::session& sql, const audit::Actor& actor, const input::Named& report,
              Timestamp now) {
  const std::int64_t id = report.id;
  return db::write_tx(sql, [&]() -> Status {
    repository::lock(sql, id);
    const Report before = TRY(get_own(sql, *actor.scope, id));
    if (before.state != State::draft) {
      return err::conflict("周报当前为「" + std::string(state_name(before.state)) +
                           "」，只有未提交的周报可以删除");
    }
    if (before.version != report.version) {
      return err::conflict("周报「" + before.period.label + "」已被修改，请刷新后再删除");
    }
    repository::remove(sql, id);
    drop_detached(sql, before.attachments, {});
    audit::record(sql, actor,
                  {"delete", "weekly_report", std::to_string(id), "删除" + college_label(before),
                   audit_view(before), nullptr},
                  now);
    return {};
  });
}

Result<Report> submit(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                      Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<Report> {
    repository::lock(sql, id);
    const Report before = TRY(get_own(sql, *actor.scope, id));
    if (before.state != State::draft && before.state != State::returned) {
      return err::conflict("周报当前为「" + std::string(state_name(before.state)) +
                           "」，只有未提交或审核退回的周报可以提交");
    }
    TRY(still_open(before, true, now));
    Report r = before;
    r.state = State::pending;
    r.submitted_at = now;
    TRY(write(sql, actor, before, r, "submit", "提交" + college_label(r), now));
    return r;
  });
}

Result<Report> withdraw(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                        Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<Report> {
    repository::lock(sql, id);
    const Report before = TRY(get_own(sql, *actor.scope, id));
    if (before.state != State::pending) {
      return err::conflict("周报当前为「" + std::string(state_name(before.state)) +
                           "」，只有待审核（尚未审核）的周报可以撤回");
    }
    // Withdrawn after the period it could not be submitted again: it stays with the province.
    if (now >= before.period.end) {
      return err::conflict("周报周期「" + before.period.label +
                           "」已结束，撤回后将不能再提交，因此不能撤回");
    }
    Report r = before;
    r.state = State::draft;
    r.submitted_at.reset();
    TRY(write(sql, actor, before, r, "withdraw", "撤回" + college_label(r), now));
    return r;
  });
}

Result<Report> review(soci::session& sql, const audit::Actor& actor, std::int64_t id, bool approve,
                      const nlohmann::json& body, Timestamp now) {
  const Scope& scope = *actor.scope;
  if (scope.role != Role::province) return err::forbidden("只有省级教育行政部门可以审核周报");
  const std::string opinion = TRY(
      input::text(body, "opinion", approve ? "审核意见" : "退回意见", !approve, Limits::opinion));
  return db::write_tx(sql, [&]() -> Result<Report> {
    repository::lock(sql, id);
    const Report before = TRY(get(sql, scope, id));
    if (before.state != State::pending) {
      return err::conflict(college_label(before) + "当前为「" + state_name(before.state) +
                           "」，只有待审核的周报可以审核");
    }
    Report r = before;
    r.state = approve ? State::approved : State::returned;
    TRY(write(sql, actor, before, r, approve ? "approve" : "return",
              (approve ? "审核通过" : "审核退回") + college_label(r), now));
    Review v;
    v.approved = approve;
    v.opinion = opinion;
    v.reviewer_name = scope.display_name.empty() ? scope.username : scope.display_name;
    v.province_name = scope.org_name;
    v.reviewed_at = now;
    repository::add_review(sql, id, v, scope.account_id);
    r.reviews = repository::reviews(sql, id);
    return r;
  });
}

Result<batch::BatchResult> review_many(soci::session& sql, const audit::Actor& actor,
                                       const nlohmann::json& body, Timestamp now) {
  const std::string result = body.value("result", std::string());
  if (result != "approved" && result != "returned") {
    return err::invalid("审核结果须为 approved（审核通过）或 returned（审核退回）",
                        {{"field", "result"}});
  }
  const bool approve = result == "approved";
  TRY(input::text(body, "opinion", approve ? "审核意见" : "退回意见", !approve, Limits::opinion));
  const auto& list = body.contains("ids") ? body["ids"] : nlohmann::json();
  std::vector<std::int64_t> ids;
  if (list.is_array()) {
    for (const auto& v : list) {
      if (!v.is_number_integer()) return err::invalid("ids 须为周报编号列表", {{"field", "ids"}});
      ids.push_back(v.get<std::int64_t>());
    }
  }
  if (ids.empty()) return err::invalid("请勾选要审核的周报", {{"field", "ids"}});
  if (ids.size() > 500)
    return err::invalid("一次最多审核 500 份周报，请分批审核", {{"field", "ids"}});
  batch::BatchResult outcome;
  for (auto id : ids) {
    auto r = review(sql, actor, id, approve, body, now);
    if (r) {
      ++outcome.done;
      continue;
    }
    auto seen = repository::find(sql, id);
    const bool shown = seen && visible(*actor.scope, *seen);
    outcome.refuse(id, shown ? seen->college_name + " " + seen->period.label : "",
                   r.error().message);
  }
  return outcome;
}

nlohmann::json cadence_schema() {
  namespace s = http::schema;
  const auto cadence = s::enumeration({"weekly", "semimonthly"});
  return s::object({{"cadence", cadence},
                    {"cadenceName", s::string()},
                    {"current", s::ref("WeeklyReportPeriod")},
                    {"next", s::ref("WeeklyReportPeriod")},
                    {"earliestChange", s::string()},
                    {"changes", s::array(s::object({{"cadence", cadence},
                                                    {"cadenceName", s::string()},
                                                    {"effectiveFrom", s::string()}}))}});
}

Result<nlohmann::json> cadence(soci::session& sql, const Scope& scope, Timestamp now) {
  const auto province = TRY(province_of(sql, scope));
  const auto schedule = repository::schedule(sql, province);
  const Period current = period_at(schedule, now);
  const Period next = period_at(schedule, current.end);
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& c : schedule) {
    changes.push_back({{"cadence", cadence_code(c.cadence)},
                       {"cadenceName", cadence_name(c.cadence)},
                       {"effectiveFrom", cst::format_date(c.from)}});
  }
  return nlohmann::json{{"cadence", cadence_code(current.cadence)},
                        {"cadenceName", cadence_name(current.cadence)},
                        {"current", to_json(current)},
                        {"next", to_json(next)},
                        {"earliestChange", cst::format_date(current.end)},
                        {"changes", changes}};
}

Result<nlohmann::json> set_cadence(soci::session& sql, const audit::Actor& actor,
                                   const nlohmann::json& body, Timestamp now) {
  const Scope& scope = *actor.scope;
  if (scope.role != Role::province) return err::forbidden("只有省级教育行政部门可以设置周报周期");
  const auto chosen = parse_cadence(body.value("cadence", std::string()));
  if (!chosen)
    return err::invalid("周报周期须为 weekly（周报）或 semimonthly（半月报）",
                        {{"field", "cadence"}});
  auto result = db::write_tx(sql, [&]() -> Status {
    const auto schedule = repository::schedule(sql, scope.org_id);
    const Period current = period_at(schedule, now);
    CadenceChange change{*chosen, current.end};
    const std::string from = body.contains("effectiveFrom") && body["effectiveFrom"].is_string()
                                 ? input::trim(body["effectiveFrom"].get<std::string>())
                                 : "";
    if (!from.empty()) {
      auto at = cst::parse(from);
      if (!at)
        return err::invalid("生效日期格式不正确，请填写如 2021-09-13 的日期",
                            {{"field", "effectiveFrom"}});
      change.from = day_start(*at);
      if (change.from < current.end) {
        return err::invalid("生效日期不能早于 " + cst::format_date(current.end) + "：本期（" +
                                current.label + "）及以前的周期不能更改",
                            {{"field", "effectiveFrom"}});
      }
    }
    repository::set_cadence(sql, scope.org_id, change, scope.account_id, now);
    audit::record(
        sql, actor,
        {"update",
         "weekly_report_cadence",
         std::to_string(scope.org_id),
         std::string("设置周报周期：自 ") + cst::format_date(change.from) + " 起按" +
             cadence_name(*chosen) + "填写",
         nullptr,
         {{"cadence", cadence_code(*chosen)}, {"effectiveFrom", cst::format_date(change.from)}},
         "周报周期 " + scope.org_name},
        now);
    return {};
  });
  if (!result) return result.error();
  return cadence(sql, scope, now);
}

nlohmann::json periods_schema() {
  namespace s = http::schema;
  return s::object({{"items", s::array(s::ref("WeeklyReportPeriod"))},
                    {"current", s::ref("WeeklyReportPeriod")}});
}

Result<nlohmann::json> periods(soci::session& sql, const Scope& scope,
                               std::optional<Timestamp> from, std::optional<Timestamp> to,
                               Timestamp now) {
  const auto province = TRY(province_of(sql, scope));
  const auto schedule = repository::schedule(sql, province);
  const auto term = term_of(now);
  const Period current = period_at(schedule, now);
  const Timestamp end = std::min(to.value_or(term.second), current.end);
  auto list = periods_between(schedule, from.value_or(term.first), end);
  nlohmann::json items = nlohmann::json::array();
  for (auto it = list.rbegin(); it != list.rend(); ++it) items.push_back(to_json(*it));
  return nlohmann::json{{"items", items}, {"current", to_json(current)}};
}

nlohmann::json overview_schema() {
  namespace s = http::schema;
  const auto row =
      s::object({{"collegeId", s::integer()},
                 {"collegeName", s::string()},
                 {"collegeType", s::string()},
                 {"status", s::enumeration({"none", "draft", "pending", "approved", "returned"})},
                 {"statusName", s::string()},
                 {"reportId", s::nullable(s::integer())},
                 {"submittedAt", s::nullable(s::datetime())}});
  return s::object({{"period", s::ref("WeeklyReportPeriod")},
                    {"items", s::array(row)},
                    {"counts", s::object({{"total", s::integer()},
                                          {"none", s::integer()},
                                          {"draft", s::integer()},
                                          {"pending", s::integer()},
                                          {"approved", s::integer()},
                                          {"returned", s::integer()}})}});
}

Result<nlohmann::json> overview(soci::session& sql, const Scope& scope, const std::string& period,
                                Timestamp now) {
  if (scope.role != Role::province) return err::forbidden("只有省级教育行政部门可以查看提交情况");
  const auto schedule = repository::schedule(sql, scope.org_id);
  const Period p = TRY(period_by_key(schedule, period, now));
  const auto reports = repository::of_period(sql, scope.org_id, p.start);
  nlohmann::json rows = nlohmann::json::array();
  nlohmann::json counts = {
      {"none", 0}, {"draft", 0}, {"pending", 0}, {"approved", 0}, {"returned", 0}};
  const auto colleges = repository::colleges_of(sql, scope.org_id);
  for (const auto& c : colleges) {
    auto it = reports.find(c.id);
    nlohmann::json row = {
        {"collegeId", c.id}, {"collegeName", c.name}, {"collegeType", c.college_type}};
    if (it == reports.end()) {
      row["status"] = "none";
      row["statusName"] = "未填写";
      row["reportId"] = nullptr;
      row["submittedAt"] = nullptr;
    } else {
      const Report& r = it->second;
      row["status"] = state_code(r.state);
      row["statusName"] = state_name(r.state);
      row["reportId"] = r.id;
      row["submittedAt"] =
          r.submitted_at ? nlohmann::json(cst::format(*r.submitted_at)) : nlohmann::json();
    }
    counts[row["status"].get<std::string>()] =
        counts[row["status"].get<std::string>()].get<long long>() + 1;
    rows.push_back(row);
  }
  counts["total"] = colleges.size();
  return nlohmann::json{{"period", to_json(p)}, {"items", rows}, {"counts", counts}};
}

nlohmann::json rates_schema() {
  namespace s = http::schema;
  return s::object({{"items", s::array(s::object({{"period", s::ref("WeeklyReportPeriod")},
                                                  {"colleges", s::integer()},
                                                  {"submitted", s::integer()},
                                                  {"approved", s::integer()},
                                                  {"rate", s::number()}}))},
                    {"from", s::string()},
                    {"to", s::string()}});
}

Result<nlohmann::json> rates(soci::session& sql, const Scope& scope, std::optional<Timestamp> from,
                             std::optional<Timestamp> to, Timestamp now) {
  if (scope.role != Role::province) return err::forbidden("只有省级教育行政部门可以查看提交情况");
  const auto schedule = repository::schedule(sql, scope.org_id);
  const auto term = term_of(now);
  const Period current = period_at(schedule, now);
  const Timestamp begin = from.value_or(term.first);
  const Timestamp end = std::min(to.value_or(term.second), current.end);
  const auto list = periods_between(schedule, begin, end);
  const long long colleges =
      static_cast<long long>(repository::colleges_of(sql, scope.org_id).size());
  const auto tally = repository::tally(sql, scope.org_id, begin, end);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& p : list) {
    long long submitted = 0, approved = 0;
    if (auto it = tally.find(p.start); it != tally.end()) {
      for (const auto& [state, n] : it->second) {
        if (state != "draft") submitted += n;
        if (state == "approved") approved += n;
      }
    }
    const double rate =
        colleges ? static_cast<double>(submitted) / static_cast<double>(colleges) : 0.0;
    items.push_back({{"period", to_json(p)},
                     {"colleges", colleges},
                     {"submitted", submitted},
                     {"approved", approved},
                     {"rate", std::round(rate * 1000.0) / 1000.0}});
  }
  return nlohmann::json{
      {"items", items}, {"from", cst::format_date(begin)}, {"to", cst::format_date(end - 1)}};
}

Result<Attachment> upload(soci::session& sql, const audit::Actor& actor,
                          const std::string& file_name, const std::string& data, Timestamp now) {
  const auto college = TRY(college_of(sql, *actor.scope));
  std::string name = input::trim(file_name);
  if (const auto slash = name.find_last_of("/\\"); slash != std::string::npos)
    name = name.substr(slash + 1);
  if (name.empty()) return err::invalid("请提供文件名（fileName）", {{"field", "fileName"}});
  if (input::utf8_length(name) > 100)
    return err::invalid("文件名不能超过 100 个字，请改短后上传", {{"field", "fileName"}});
  if (static_cast<std::int64_t>(data.size()) > Limits::file_bytes) {
    return err::make(ErrorKind::too_large, "文件「" + name + "」超过单个附件 " +
                                               std::to_string(Limits::file_bytes / 1024 / 1024) +
                                               " MB 的上限，请压缩或拆分后上传");
  }
  if (data.empty()) return err::invalid("文件「" + name + "」是空文件，请重新选择");
  const std::string type = TRY(sniff(name, std::string_view(data).substr(0, 16)));
  return db::write_tx(sql, [&]() -> Result<Attachment> {
    // Uploads of a form that was never saved are dropped a day later.
    for (auto stale : repository::stale_uploads(sql, college.id, now - 86400))
      files::remove(sql, stale);
    Attachment a;
    const auto account = actor.scope->account_id
                             ? std::optional<std::int64_t>(actor.scope->account_id)
                             : std::nullopt;
    a.file_id = files::save(sql, {name, type, kPurpose, college.id, account}, data, now);
    a.name = name;
    a.content_type = type;
    a.size = static_cast<std::int64_t>(data.size());
    audit::record(sql, actor,
                  {"create", "file", std::to_string(a.file_id), "上传周报附件「" + name + "」",
                   nullptr, to_json(a)},
                  now);
    return a;
  });
}

Result<std::pair<files::FileInfo, std::string>> download(soci::session& sql, const Scope& scope,
                                                         std::int64_t file_id) {
  const auto report_id = repository::report_of_file(sql, file_id);
  std::optional<std::int64_t> owner;
  if (report_id) {
    auto r = repository::find(sql, *report_id);
    if (r && visible(scope, *r)) owner = r->college_id;
  }
  if (!owner) {
    // Not yet attached: only the college that uploaded it, while it fills in the form.
    if (scope.role != Role::college) return err::not_found("附件不存在或无权下载");
    owner = scope.org_id;
  }
  Scope reader;
  reader.role = Role::college;
  reader.org_id = *owner;
  auto info = files::info(sql, reader, file_id);
  if (!info || info->purpose != kPurpose) return err::not_found("附件不存在或无权下载");
  auto data = TRY(files::read(sql, file_id));
  return std::make_pair(info.value(), std::move(data));
}

}  // namespace kaowu::weekly_reports::service
