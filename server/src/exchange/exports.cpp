#include "exchange/exports.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/audit.hpp"
#include "core/auth/password.hpp"
#include "core/db/database.hpp"
#include "core/files.hpp"
#include "core/temp_files.hpp"
#include "office/xlsx_writer.hpp"

namespace kaowu::exporting {

namespace {
constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
//! Export jobs one account may have queued or running at once.
constexpr long long kMaxWaitingExports = 3;

nlohmann::json scope_json(const Scope& s) {
  nlohmann::json j = {
      {"accountId", s.account_id}, {"username", s.username}, {"displayName", s.display_name},
      {"role", role_code(s.role)}, {"orgId", s.org_id},      {"orgName", s.org_name},
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
  if (j.contains("provinceId") && j["provinceId"].is_number_integer())
    s.province_id = j["provinceId"].get<std::int64_t>();
  return s;
}

// The export job: rebuild the spec from the request's parameters, write it with progress, keep
// the file as the job's result.
Status run(jobs::JobContext& ctx, const Registry& registry, const std::string& temp_dir) {
  auto& sql = ctx.sql();
  const auto& p = ctx.params();
  const Request request = Request::from_json(p.value("params", nlohmann::json::object()));
  const ExportSpec spec = TRY(registry.spec(sql, p.value("type", ""), request));
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
  const Timestamp at = request.now;
  const auto file_id = TRY(files::save_from(sql,
                                            {file_name(spec.title, at ? at : ctx.clock().now()),
                                             kXlsx, "export", ctx.org_id(), ctx.account_id()},
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
    if (part.empty() || part.size() > 18 ||
        part.find_first_not_of("0123456789") != std::string::npos) {
      return err::invalid("勾选的记录编号不正确", {{"field", "ids"}});
    }
    ids.push_back(std::stoll(part));
    pos = end + 1;
  }
  if (ids.size() > 10000)
    return err::invalid("一次最多导出勾选的 10000 条，请改用查询条件导出全部", {{"field", "ids"}});
  return ids;
}

Result<ExportSpec> Registry::spec(soci::session& sql, const std::string& type,
                                  const Request& request) const {
  auto it = factories_.find(type);
  if (it == factories_.end()) return err::invalid("未知的导出类型：" + type);
  auto spec = TRY(it->second(sql, request));
  // An export the audit trail could not file under a record type is a programming error.
  if (spec.entity.empty()) return err::internal("导出类型 " + type + " 未指明审计对象类型");
  return spec;
}

nlohmann::json Request::to_json() const {
  return {{"scope", scope_json(scope)}, {"query", query.values()}, {"ids", ids}, {"now", now}};
}

Request Request::from_json(const nlohmann::json& params) {
  Request r;
  r.scope = scope_of(params.value("scope", nlohmann::json::object()));
  r.now = params.value("now", Timestamp{0});
  std::map<std::string, std::string> values;
  const nlohmann::json query = params.value("query", nlohmann::json::object());
  for (const auto& [k, v] : query.items()) {
    if (v.is_string()) values[k] = v.get<std::string>();
  }
  r.query = input::Query(std::move(values));
  const nlohmann::json ids = params.value("ids", nlohmann::json::array());
  for (const auto& id : ids) {
    if (id.is_number_integer()) r.ids.push_back(id.get<std::int64_t>());
  }
  return r;
}

Result<Request> request_of(const Scope& scope, const std::map<std::string, std::string>& query,
                           Timestamp now) {
  Request r;
  r.scope = scope;
  r.now = now;
  auto it = query.find("ids");
  r.ids = TRY(checked_ids(it == query.end() ? "" : it->second));
  std::map<std::string, std::string> filter = query;
  filter.erase("ids");
  r.query = input::Query(std::move(filter));
  return r;
}

std::string file_name(const std::string& title, Timestamp now) {
  return title + "_" + cst::format_with(now, "%Y%m%d%H%M%S") + ".xlsx";
}

Status write_to(const ExportSpec& spec, const std::string& path,
                const std::function<Status(long long)>& on_row) {
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

namespace {
// Records in the audit trail who took which records out: the export's title, how many rows,
// ticked or by which filter (and the job that writes it, when there is one).
void audit_export(soci::session& sql, const audit::Actor& actor, const std::string& type,
                  const ExportSpec& spec, const Request& request, std::optional<std::int64_t> job) {
  const bool ticked = !request.ids.empty();
  nlohmann::json after = {{"type", type},
                          {"title", spec.title},
                          {"rows", spec.count},
                          {"ticked", request.ids.size()},
                          {"query", request.query.values()}};
  if (job) after["jobId"] = *job;
  audit::record(sql, actor,
                {"export", spec.entity, job ? std::to_string(*job) : "",
                 "导出" + spec.title + " " + std::to_string(spec.count) + " 条（" +
                     (ticked ? "勾选的记录" : "符合查询条件的全部") + "）",
                 nullptr, after},
                request.now);
}
}  // namespace

Result<Started> start(soci::session& sql, jobs::JobQueue& jobs, const Registry& registry,
                      const std::string& type, const Request& request, const audit::Actor& actor,
                      const StartOptions& options) {
  const ExportSpec spec = TRY(registry.spec(sql, type, request));
  Started started{.file_name = file_name(spec.title, request.now)};
  if (spec.count <= options.direct_rows) {
    started.data = TRY(write(spec, options.temp_dir));
    TRY(db::write_tx(sql, [&]() -> Status {
      audit_export(sql, actor, type, spec, request, std::nullopt);
      return {};
    }));
    return started;
  }
  std::int64_t id = 0;
  TRY(db::write_tx(sql, [&]() -> Status {
    // A large export waits its turn; one account may not fill the queue with them.
    long long account = request.scope.account_id, waiting = 0;
    sql << "SELECT COUNT(*) FROM jobs WHERE account_id = :a AND type = 'export' AND state IN "
           "('queued', 'running')",
        soci::use(account), soci::into(waiting);
    if (waiting >= kMaxWaitingExports) {
      return err::make(
          ErrorKind::too_many_requests,
          "您已有 " + std::to_string(waiting) + " 个导出任务在排队或进行中，请等它们完成后再导出",
          "export_jobs_limited");
    }
    id = jobs.enqueue(sql, request.scope, "export", {{"type", type}, {"params", request.to_json()}},
                      request.now);
    audit_export(sql, actor, type, spec, request, id);
    return {};
  }));
  jobs.notify();
  started.job = TRY(jobs.get(sql, request.scope, id));
  return started;
}

void register_job(jobs::JobQueue& jobs, const Registry& registry, std::string temp_dir,
                  std::int64_t retention_seconds) {
  jobs.register_type("export", "导出", [&registry, temp_dir](jobs::JobContext& ctx) {
    return run(ctx, registry, temp_dir);
  });
  // Exported files hold candidates' personal data: kept for a day (by default) to be downloaded,
  // then removed; the job says so.
  jobs.add_sweep("export files", [&jobs, retention_seconds](soci::session& sql) {
    long long cut = jobs.clock().now() - retention_seconds;
    std::vector<long long> expired;
    {
      soci::rowset<long long> rows =
          (sql.prepare << "SELECT id FROM files WHERE purpose = 'export' AND created_at < :c",
           soci::use(cut));
      for (long long id : rows) expired.push_back(id);
    }
    for (long long id : expired) {
      (void)db::write_tx(sql, [&]() -> Status {
        std::string message = kExpiredMessage;
        sql << "UPDATE jobs SET result_file_id = NULL, message = :m WHERE result_file_id = :f",
            soci::use(message), soci::use(id);
        files::remove(sql, id);
        return {};
      });
    }
  });
}

}  // namespace kaowu::exporting
