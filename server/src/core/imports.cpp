#include "core/imports.hpp"

#include "core/audit.hpp"
#include "core/auth/password.hpp"
#include "core/db/database.hpp"
#include "core/db/query.hpp"
#include "core/files.hpp"
#include "office/sheet_reader.hpp"
#include "office/xlsx_template.hpp"
#include "office/xlsx_writer.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <spdlog/spdlog.h>

namespace kaowu::imports {

namespace fs = std::filesystem;

namespace {
constexpr std::size_t kBatch = 2000;

struct TempFile {
  fs::path path;
  ~TempFile() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

fs::path temp_path(const std::string& dir, const std::string& ext) {
  return fs::path(dir) / ("kaowu-" + crypto::random_token().substr(0, 16) + ext);
}

Result<std::string> slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return err::internal("文件读取失败，请稍后重试");
  std::ostringstream data;
  data << in.rdbuf();
  return data.str();
}

std::string extension_of(const std::string& name) {
  const auto dot = name.rfind('.');
  if (dot == std::string::npos) return "";
  std::string ext = name.substr(dot);
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool is_example(const Spec& spec, const std::vector<std::string>& cells) {
  bool any = false;
  for (std::size_t i = 0; i < spec.columns.size(); ++i) {
    const std::string value = i < cells.size() ? cells[i] : "";
    if (value != spec.columns[i].example) return false;
    any = any || !value.empty();
  }
  return any;
}

}  // namespace

Status apply_one(soci::session& sql, const Spec& spec, const std::vector<std::string>& cells) {
  sql << "SAVEPOINT import_row";
  Status st;
  try {
    st = spec.apply(sql, cells);
  } catch (const std::exception& e) {
    st = db::is_constraint_violation(e) ? Status(err::conflict("与已有记录重复或冲突（可能刚被他人同时提交），请核对后重试"))
                                        : Status(err::internal("该行写入失败，请检查内容后重试"));
  }
  if (st) {
    sql << "RELEASE SAVEPOINT import_row";
  } else {
    sql << "ROLLBACK TO SAVEPOINT import_row";
    sql << "RELEASE SAVEPOINT import_row";
  }
  return st;
}

namespace {
// The import job: read, check the header, apply rows in batched transactions, keep failures.
Status run(jobs::JobContext& ctx, const Registry& registry, const std::string& temp_dir) {
  auto& sql = ctx.sql();
  const auto& p = ctx.params();
  const std::string type = p.value("type", "");
  const Spec spec = TRY(registry.spec(sql, type, p.value("params", nlohmann::json::object())));
  const std::int64_t file_id = p.value("fileId", std::int64_t{0});
  const std::string file_name = p.value("fileName", "");
  const std::string data = TRY(files::read(sql, file_id));
  TempFile upload{temp_path(temp_dir, extension_of(file_name))};
  {
    std::ofstream out(upload.path, std::ios::binary);
    out << data;
  }
  ctx.progress(5, "正在读取文件");
  auto rows = office::read_rows(upload.path.string(), "");
  if (!rows) return rows.error();
  if (rows->empty()) return err::invalid("文件中没有数据，请按模板填写后再上传");
  // Required columns must be there (the message names the missing ones); optional ones may be
  // left out of an older or trimmed template.
  const auto& header = rows->front().cells;
  std::vector<std::string> required;
  for (const auto& c : spec.columns) {
    if (c.required) required.push_back(c.name);
  }
  TRY(office::locate_columns(header, required));
  constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
  std::vector<std::size_t> positions;
  for (const auto& c : spec.columns) {
    std::size_t at = kAbsent;
    for (std::size_t i = 0; i < header.size() && at == kAbsent; ++i) {
      if (header[i] == c.name || header[i] == "*" + c.name) at = i;
    }
    positions.push_back(at);
  }

  std::vector<std::pair<std::vector<std::string>, std::string>> failures;
  int total = 0, succeeded = 0;
  const std::size_t count = rows->size() - 1;
  for (std::size_t start = 1; start < rows->size(); start += kBatch) {
    const std::size_t end = std::min(rows->size(), start + kBatch);
    std::vector<std::vector<std::string>> batch_cells;
    std::vector<std::size_t> numbers;
    for (std::size_t i = start; i < end; ++i) {
      const auto& row = (*rows)[i];
      std::vector<std::string> cells;
      for (auto pos : positions) cells.push_back(pos != kAbsent && pos < row.cells.size() ? row.cells[pos] : "");
      // The template's example row, left in by the user: only as the first data row.
      if (i == 1 && is_example(spec, cells)) continue;
      batch_cells.push_back(std::move(cells));
      numbers.push_back(row.number);
    }
    total += static_cast<int>(batch_cells.size());
    std::vector<Status> results;
    bool done = false;
    if (spec.apply_batch) {
      try {
        // A constraint refusal comes back as a conflict (write_tx), anything else as an exception.
        done = static_cast<bool>(db::write_tx(sql, [&]() -> Status {
          results = spec.apply_batch(sql, batch_cells);
          if (results.size() != batch_cells.size()) throw std::logic_error("apply_batch: one result per row");
          return {};
        }));
        if (!done) results.clear();
      } catch (const std::exception&) {
        // A conflict the batch did not foresee (e.g. a key taken by an earlier row): row by row.
        results.clear();
      }
    }
    if (!done) {
      TRY(db::write_tx(sql, [&]() -> Status {
        results.clear();
        for (const auto& cells : batch_cells) results.push_back(apply_one(sql, spec, cells));
        return {};
      }));
    }
    for (std::size_t k = 0; k < results.size(); ++k) {
      if (results[k]) {
        ++succeeded;
      } else {
        failures.push_back({batch_cells[k], "第 " + std::to_string(numbers[k]) + " 行：" + results[k].error().message});
      }
    }
    ctx.progress(10 + static_cast<int>(85 * (end - 1) / std::max<std::size_t>(count, 1)),
                 "已处理 " + std::to_string(end - 1) + " / " + std::to_string(count) + " 行");
  }

  std::optional<std::int64_t> failure_file;
  if (!failures.empty()) {
    auto columns = spec.columns;
    columns.push_back({.name = "失败原因", .width = 50});
    TempFile out{temp_path(temp_dir, ".xlsx")};
    auto writer = TRY(office::XlsxWriter::create(out.path.string()));
    TRY(writer->add_sheet(spec.title, columns, false));
    for (auto& [cells, reason] : failures) {
      auto row = cells;
      row.push_back(reason);
      TRY(writer->add_row(row));
    }
    TRY(writer->close());
    const std::string bytes = TRY(slurp(out.path));
    failure_file = files::save(sql,
                               {spec.title + "导入失败数据_" + cst::format_with(ctx.clock().now(), "%Y%m%d%H%M%S") + ".xlsx",
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "import_failures",
                                ctx.org_id(), ctx.account_id()},
                               bytes, ctx.clock().now());
  }
  // The import record names who ran it, as the session saw them when uploading.
  const auto& who = p["operator"];
  std::string title = spec.title, org_name = who.value("orgName", ""), username = who.value("username", ""),
              display = who.value("displayName", ""), role = who.value("role", "");
  long long target = p.value("targetId", std::int64_t{0}), org = ctx.org_id().value_or(0),
            account = ctx.account_id().value_or(0), file = failure_file.value_or(0), job = ctx.id(),
            at = ctx.clock().now();
  soci::indicator target_ind = p.contains("targetId") ? soci::i_ok : soci::i_null;
  soci::indicator file_ind = failure_file ? soci::i_ok : soci::i_null;
  int failed = static_cast<int>(failures.size());
  std::string stype = type, sname = file_name;
  long long record_id = 0;
  sql << "INSERT INTO import_records(type, title, target_id, org_id, org_name, account_id, username, display_name, "
         "role, file_name, total, succeeded, failed, failure_file_id, job_id, created_at) VALUES(:t, :ti, :ta, :o, "
         ":on, :a, :u, :d, :r, :f, :to, :s, :fa, :ff, :j, :c) RETURNING id",
      soci::use(stype), soci::use(title), soci::use(target, target_ind), soci::use(org), soci::use(org_name),
      soci::use(account), soci::use(username), soci::use(display), soci::use(role), soci::use(sname),
      soci::use(total), soci::use(succeeded), soci::use(failed), soci::use(file, file_ind), soci::use(job),
      soci::use(at), soci::into(record_id);
  audit::Actor actor;
  actor.username = username;
  actor.ip = "job";
  audit::record(sql, actor,
                {"import", type, std::to_string(record_id),
                 display + "导入" + title + "：成功 " + std::to_string(succeeded) + " 条，失败 " + std::to_string(failed) + " 条",
                 nullptr, {{"file", sname}, {"total", total}, {"succeeded", succeeded}, {"failed", failed}}},
                ctx.clock().now());
  db::bump_write_generation();
  if (failure_file) ctx.set_result_file(*failure_file);
  ctx.set_result({{"recordId", record_id}, {"total", total}, {"succeeded", succeeded}, {"failed", failed}});
  ctx.progress(100, "导入完成：成功 " + std::to_string(succeeded) + " 条，失败 " + std::to_string(failed) + " 条");
  return {};
}
}  // namespace

Result<Spec> Registry::spec(soci::session& sql, const std::string& type, const nlohmann::json& params) const {
  auto it = factories_.find(type);
  if (it == factories_.end()) return err::invalid("未知的导入类型：" + type);
  return it->second(sql, params);
}

Result<std::string> template_file(const Spec& spec, const std::string& temp_dir) {
  TempFile out{temp_path(temp_dir, ".xlsx")};
  TRY(office::write_import_template(out.path.string(), spec.title, spec.columns));
  return slurp(out.path);
}

Result<std::int64_t> enqueue(soci::session& sql, jobs::JobQueue& jobs, const Scope& scope, const std::string& type,
                             nlohmann::json params, const std::string& upload_path, const std::string& file_name,
                             Timestamp now) {
  const std::string ext = extension_of(file_name);
  if (ext != ".xlsx" && ext != ".xls" && ext != ".csv") {
    return err::invalid("请上传 .xlsx、.xls 或 .csv 文件（Excel、WPS 表格或 CSV）");
  }
  const std::string data = TRY(slurp(upload_path));
  if (data.empty()) return err::invalid("上传的文件是空的");
  std::int64_t job = 0;
  Status st = db::write_tx(sql, [&]() -> Status {
    const auto file_id = files::save(sql, {file_name, "application/octet-stream", "import_upload", scope.org_id, scope.account_id},
                                     data, now);
    nlohmann::json job_params = {{"type", type},
                                 {"params", params},
                                 {"fileId", file_id},
                                 {"fileName", file_name},
                                 {"operator",
                                  {{"username", scope.username},
                                   {"displayName", scope.display_name},
                                   {"role", role_name(scope.role)},
                                   {"orgName", scope.org_name}}}};
    if (params.contains("targetId")) job_params["targetId"] = params["targetId"];
    job = jobs.enqueue(sql, scope, "import", job_params, now);
    return {};
  });
  if (!st) return st.error();
  jobs.notify();
  return job;
}

http::Response accept(soci::session& sql, jobs::JobQueue& jobs, const http::Ctx& ctx, const std::string& type,
                      const nlohmann::json& params, const std::string& default_name, Timestamp now) {
  auto job = enqueue(sql, jobs, ctx.who(), type, params, ctx.req.body_file, ctx.query("fileName", default_name), now);
  if (!job) return http::Response::error(job.error());
  auto info = jobs.get(sql, ctx.who(), job.value());
  if (!info) return http::Response::error(info.error());
  return http::Response::json({{"job", info.value()}}, 202);
}

http::Response template_response(const Result<Spec>& spec, const std::string& temp_dir) {
  if (!spec) return http::Response::error(spec.error());
  auto file = template_file(spec.value(), temp_dir);
  if (!file) return http::Response::error(file.error());
  return http::Response::download(spec->title + "导入模板.xlsx",
                                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                  std::move(file.value()));
}

void register_job(jobs::JobQueue& jobs, const Registry& registry, std::string temp_dir) {
  jobs.register_type("import", "导入", [&registry, temp_dir](jobs::JobContext& ctx) {
    auto status = run(ctx, registry, temp_dir);
    // The upload holds candidates' personal data and is needed only while its import runs: it
    // goes once the run ends, however it ends. What was refused stays in the failure file, for
    // the organisation to download.
    const std::int64_t upload = ctx.params().value("fileId", std::int64_t{0});
    auto removed = db::write_tx(ctx.sql(), [&]() -> Status {
      files::remove(ctx.sql(), upload);
      return {};
    });
    if (!removed) spdlog::warn("import job {}: the upload {} stays: {}", ctx.id(), upload, removed.error().message);
    return status;
  });
}

nlohmann::json records(soci::session& sql, const Scope& scope, const std::string& type,
                       std::optional<std::int64_t> target_id, int page, int page_size) {
  db::Query q("FROM import_records r");
  if (!scope.is_admin()) q.where("r.org_id = " + q.param(static_cast<long long>(scope.org_id)));
  if (!type.empty()) q.where("r.type = " + q.param(type));
  if (target_id) q.where("r.target_id = " + q.param(static_cast<long long>(*target_id)));
  nlohmann::json items = nlohmann::json::array();
  const long long total = q.count_cached(sql);
  q.each(sql,
         "SELECT r.id, r.type, r.title, r.org_name, r.username, r.display_name, r.role, r.file_name, r.total, "
         "r.succeeded, r.failed, r.failure_file_id, r.created_at",
         "ORDER BY r.id DESC" + db::page_clause(page, page_size),
         [&](const soci::row& row) {
           auto file = db::get_opt_i64(row, "failure_file_id");
           items.push_back({{"id", db::get_i64(row, "id")},
                            {"type", db::get_str(row, "type")},
                            {"title", db::get_str(row, "title")},
                            {"orgName", db::get_str(row, "org_name")},
                            {"operator", db::get_str(row, "display_name").empty() ? db::get_str(row, "username")
                                                                                  : db::get_str(row, "display_name")},
                            {"username", db::get_str(row, "username")},
                            {"roleName", db::get_str(row, "role")},
                            {"fileName", db::get_str(row, "file_name")},
                            {"total", db::get_i64(row, "total")},
                            {"succeeded", db::get_i64(row, "succeeded")},
                            {"failed", db::get_i64(row, "failed")},
                            {"failureFileId", file ? nlohmann::json(*file) : nlohmann::json(nullptr)},
                            {"createdAt", cst::format(db::get_i64(row, "created_at"))}});
         });
  return {{"items", items}, {"total", total}, {"page", page}, {"pageSize", page_size}};
}

}  // namespace kaowu::imports
