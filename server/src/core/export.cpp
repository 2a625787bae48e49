#include "core/export.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/app.hpp"
#include "core/audit.hpp"
#include "core/auth/password.hpp"
#include "core/db/database.hpp"
#include "core/files.hpp"
#include "core/http/schema.hpp"
#include "core/temp_files.hpp"
#include "office/xlsx_writer.hpp"

namespace kaowu::exporting {

namespace {
constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
//! Export jobs one account may have queued or running at once.
constexpr long long kMaxWaitingExports = 3;

nlohmann::json scope_json(const Scope& s) {
  nlohmann::json j = {{"accountId", s.account_id}, {"username", s.username},  {"displayName", s.display_name},
                      {"role", role_code(s.role)}, {"orgId", s.org_id},       {"orgName", s.org_name},
                      {"orgType", s.org_type},     {"provinceId", nullptr}};
  if (s.province_id) j["provinceId"] = *s.province_id;
  return j;
}

Scope scope_of(const nlohmann::json& j) {
  Scope s;
  if (!j.is_object()) return s;
  s.account_id = j.value("accountId", std::int64_t{0});
  s.username = j.value("username", "");
  s.display_name = j.value("displayName", "");
  // An unknown role reads as the least privileged one.
  s.role = parse_role(j.value("role", "")).value_or(Role::student);
  s.org_id = j.value("orgId", std::int64_t{0});
  s.org_name = j.value("orgName", "");
  s.org_type = j.value("orgType", "");
  if (j.contains("provinceId") && j["provinceId"].is_number_integer()) s.province_id = j["provinceId"].get<std::int64_t>();
  return s;
}

// The export job: rebuild the spec from the request's parameters, write it with progress, keep
// the file as the job's result.
Status run(jobs::JobContext& ctx, const Registry& registry, const std::string& temp_dir) {
  auto& sql = ctx.sql();
  const auto& p = ctx.params();
  const nlohmann::json params = p.value("params", nlohmann::json::object());
  const ExportSpec spec = TRY(registry.spec(sql, p.value("type", ""), params));
  const long long total = std::max<long long>(spec.count, 1);
  ctx.progress(0, "正在导出" + spec.title + "：共 " + std::to_string(spec.count) + " 条");
  long long done = 0;
  temp_files::Scoped file{temp_files::make(temp_dir, "export", ".xlsx")};
  auto written = write_to(spec, file.path.string(), [&](long long rows) -> Status {
    done = rows;
    if (rows % 100 == 0) {
      ctx.progress(static_cast<int>(std::min<long long>(95, rows * 95 / total)),
                   "已导出 " + std::to_string(rows) + " / " + std::to_string(spec.count) + " 条");
      if (ctx.cancelled()) return err::make(ErrorKind::conflict, "任务已取消", "cancelled");
    }
    return {};
  });
  if (!written) return written.error();
  const Timestamp at = params.value("now", Timestamp{0});
  const auto file_id = TRY(files::save_from(
      sql, {file_name(spec.title, at ? at : ctx.clock().now()), kXlsx, "export", ctx.org_id(), ctx.account_id()},
      file.path.string(), ctx.clock().now()));
  ctx.set_result_file(file_id);
  ctx.set_result({{"rows", done}});
  ctx.progress(100, "已导出 " + std::to_string(done) + " 条");
  return {};
}
}  // namespace

Result<std::vector<std::int64_t>> checked_ids(const std::string& value) {
  std::vector<std::int64_t> ids;
  std::size_t pos = 0;
  while (pos < value.size()) {
    std::size_t end = value.find(',', pos);
    if (end == std::string::npos) end = value.size();
    const std::string part = value.substr(pos, end - pos);
    if (part.empty() || part.size() > 18 || part.find_first_not_of("0123456789") != std::string::npos) {
      return err::invalid("勾选的记录编号不正确", {{"field", "ids"}});
    }
    ids.push_back(std::stoll(part));
    pos = end + 1;
  }
  if (ids.size() > 10000) return err::invalid("一次最多导出勾选的 10000 条，请改用查询条件导出全部", {{"field", "ids"}});
  return ids;
}

Result<ExportSpec> Registry::spec(soci::session& sql, const std::string& type, const nlohmann::json& params) const {
  auto it = factories_.find(type);
  if (it == factories_.end()) return err::invalid("未知的导出类型：" + type);
  return it->second(sql, params);
}

nlohmann::json request_params(const Scope& scope, const std::map<std::string, std::string>& query,
                              const std::vector<std::int64_t>& ids, Timestamp now) {
  nlohmann::json q = nlohmann::json::object();
  for (const auto& [k, v] : query) {
    if (k != "ids") q[k] = v;
  }
  return {{"scope", scope_json(scope)}, {"query", q}, {"ids", ids}, {"now", now}};
}

Replay::Replay(const nlohmann::json& params)
    : scope_(scope_of(params.value("scope", nlohmann::json::object()))),
      now_(params.value("now", Timestamp{0})),
      ctx_{request_, route_, {}, &scope_, nullptr} {
  const auto query = params.value("query", nlohmann::json::object());
  for (const auto& [k, v] : query.items()) {
    if (v.is_string()) request_.query[k] = v.get<std::string>();
  }
  const auto ids = params.value("ids", nlohmann::json::array());
  for (const auto& id : ids) {
    if (id.is_number_integer()) ids_.push_back(id.get<std::int64_t>());
  }
}

std::string file_name(const std::string& title, Timestamp now) {
  return title + "_" + cst::format_with(now, "%Y%m%d%H%M%S") + ".xlsx";
}

Status write_to(const ExportSpec& spec, const std::string& path, const std::function<Status(long long)>& on_row) {
  auto writer = TRY(office::XlsxWriter::create(path));
  TRY(writer->add_sheet(spec.title, spec.columns, false));
  long long rows = 0;
  TRY(spec.rows([&](const std::vector<std::string>& cells) -> Status {
    TRY(writer->add_row(cells));
    ++rows;
    return on_row ? on_row(rows) : Status{};
  }));
  return writer->close();
}

Result<std::string> write(const ExportSpec& spec, const std::string& temp_dir,
                          const std::function<Status(long long)>& on_row) {
  temp_files::Scoped file{temp_files::make(temp_dir, "export", ".xlsx")};
  const auto& path = file.path;
  TRY(write_to(spec, path.string(), on_row));
  std::ifstream in(path, std::ios::binary);
  if (!in) return err::internal("导出文件生成失败，请稍后重试");
  std::ostringstream data;
  data << in.rdbuf();
  return data.str();
}

Result<http::Response> xlsx(const std::string& title, const std::vector<office::Column>& columns,
                            const RowSource& rows, Timestamp now, const std::string& temp_dir) {
  auto data = TRY(write({.title = title, .columns = columns, .rows = rows}, temp_dir));
  return http::Response::download(file_name(title, now), kXlsx, std::move(data));
}

http::Route route(App& app, const RouteSpec& spec) {
  std::vector<http::ParamDoc> query = spec.filters;
  query.insert(query.begin(), {"ids", "string", spec.ticked + "，逗号分隔；不填则导出符合条件的全部"});
  return {
      .method = "GET",
      .pattern = spec.pattern,
      .permission = spec.permission,
      .doc =
          {.tag = spec.tag,
           .summary =
               spec.summary +
               "；超过 --export-direct-rows 条时转为后台任务，答 202 {job}，完成后从任务结果下载",
           .query = query,
           .response = http::schema::binary(),
           .response_content_type =
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           .errors = {429},
           .other_responses = {{202, http::schema::job_accepted()}}},
      .handler = [&app, type = spec.type](http::Ctx& ctx) -> Result<http::Response> {
        return respond(app, ctx, type);
      }};
}

namespace {
// Records in the audit trail who took which records out: the export's title, how many rows,
// ticked or by which filter (and the job that writes it, when there is one).
void audit_export(soci::session& sql, const http::Ctx& ctx, const std::string& type, const ExportSpec& spec,
                  const nlohmann::json& params, std::optional<std::int64_t> job, Timestamp now) {
  const bool ticked = !params.value("ids", nlohmann::json::array()).empty();
  nlohmann::json after = {{"type", type},
                          {"title", spec.title},
                          {"rows", spec.count},
                          {"ticked", ticked ? params["ids"].size() : 0},
                          {"query", params.value("query", nlohmann::json::object())}};
  if (job) after["jobId"] = *job;
  // Export types are the plural of the entity the module audits ("students" → "student"), so
  // one filter on the audit page shows a record type's changes and exports together.
  const std::string entity = type.ends_with('s') ? type.substr(0, type.size() - 1) : type;
  audit::record(sql, App::actor(ctx),
                {"export", entity, job ? std::to_string(*job) : "",
                 "导出" + spec.title + " " + std::to_string(spec.count) + " 条（" +
                     (ticked ? "勾选的记录" : "符合查询条件的全部") + "）",
                 nullptr, after},
                now);
}
}  // namespace

Result<http::Response> respond(App& app, const http::Ctx& ctx, const std::string& type) {
  auto ids = TRY(checked_ids(ctx.query("ids")));
  // Real time, whatever the business clock says: this guards the machine, not a rule.
  const auto wall_ms = jobs::wall_seconds() * 1000;
  if (!app.export_rate().allow(std::to_string(ctx.who().account_id), wall_ms)) {
    return (err::make(ErrorKind::too_many_requests,
                                           "导出过于频繁：每个账号每分钟最多导出 " +
                                               std::to_string(app.config().export_rate) + " 次，请稍后再试",
                                           "export_rate_limited"));
  }
  const Timestamp now = app.clock().now();
  const nlohmann::json params = request_params(ctx.who(), ctx.req.query, ids, now);
  soci::session sql(app.database().pool());
  auto spec = TRY(app.exports().spec(sql, type, params));
  if (spec.count <= app.config().export_direct_rows) {
    auto data = TRY(write(spec, app.config().temp_dir));
    auto audited = db::write_tx(sql, [&]() -> Status {
      audit_export(sql, ctx, type, spec, params, std::nullopt, now);
      return {};
    });
    if (!audited) return http::Response::error(audited.error());
    return http::Response::download(file_name(spec.title, now), kXlsx, std::move(data));
  }
  std::int64_t id = 0;
  auto queued = db::write_tx(sql, [&]() -> Status {
    // A large export waits its turn; one account may not fill the queue with them.
    long long account = ctx.who().account_id, waiting = 0;
    sql << "SELECT COUNT(*) FROM jobs WHERE account_id = :a AND type = 'export' AND state IN ('queued', 'running')",
        soci::use(account), soci::into(waiting);
    if (waiting >= kMaxWaitingExports) {
      return err::make(ErrorKind::too_many_requests,
                       "您已有 " + std::to_string(waiting) + " 个导出任务在排队或进行中，请等它们完成后再导出",
                       "export_jobs_limited");
    }
    id = app.jobs().enqueue(sql, ctx.who(), "export", {{"type", type}, {"params", params}}, now);
    audit_export(sql, ctx, type, spec, params, id, now);
    return {};
  });
  if (!queued) return http::Response::error(queued.error());
  app.jobs().notify();
  auto job = TRY(app.jobs().get(sql, ctx.who(), id));
  return http::Response::json({{"job", job}}, 202);
}

void register_job(jobs::JobQueue& jobs, const Registry& registry, std::string temp_dir,
                  std::int64_t retention_seconds) {
  jobs.register_type("export", "导出",
                     [&registry, temp_dir](jobs::JobContext& ctx) { return run(ctx, registry, temp_dir); });
  // Exported files hold candidates' personal data: kept for a day (by default) to be downloaded,
  // then removed; the job says so.
  jobs.add_sweep("export files", [&jobs, retention_seconds](soci::session& sql) {
    long long cut = jobs.clock().now() - retention_seconds;
    std::vector<long long> expired;
    {
      soci::rowset<long long> rows =
          (sql.prepare << "SELECT id FROM files WHERE purpose = 'export' AND created_at < :c", soci::use(cut));
      for (long long id : rows) expired.push_back(id);
    }
    for (long long id : expired) {
      (void)db::write_tx(sql, [&]() -> Status {
        std::string message = kExpiredMessage;
        sql << "UPDATE jobs SET result_file_id = NULL, message = :m WHERE result_file_id = :f", soci::use(message),
            soci::use(id);
        files::remove(sql, id);
        return {};
      });
    }
  });
}

}  // namespace kaowu::exporting
