#include "exchange/imports.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/audit.hpp"
#include "core/auth/password.hpp"
#include "core/db/database.hpp"
#include "core/db/query.hpp"
#include "core/files.hpp"
#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "core/temp_files.hpp"
#include "office/sheet_reader.hpp"
#include "office/xlsx_template.hpp"
#include "office/xlsx_writer.hpp"

namespace kaowu::imports {

namespace fs = std::filesystem;

Status apply_one(soci::session& sql, const Spec& spec, const std::vector<std::string>& cells) {
  sql << "SAVEPOINT import_row";
  Status st;
  try {
    st = spec.apply(sql, cells);
  } catch (const std::exception& e) {
    st = db::is_constraint_violation(e)
             ? Status(err::conflict("与已有记录重复或冲突（可能刚被他人同时提交），请核对后重试"))
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
constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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

office::ReadOptions read_options(const Spec& spec, const Limits& limits) {
  office::ReadOptions options;
  options.max_rows = limits.max_rows + 1;  // and the header
  options.max_cells = limits.max_cells;
  options.max_text_bytes = limits.max_text_bytes;
  options.keep_columns = spec.columns.size() + limits.extra_columns;
  // The job shares the machine with the requests being served.
  options.threads = 2;
  return options;
}

// The reader's errors, said the way an import counts (data rows, without the header).
Error refusal(Error e, const Limits& limits) {
  if (e.code == "too_many_rows") {
    return err::make(ErrorKind::too_large,
                     "数据行数超过上限 " + std::to_string(limits.max_rows) +
                         " 行（不含表头），请拆分成几个文件分别导入",
                     "too_many_rows", {{"maxRows", limits.max_rows}});
  }
  return e;
}

constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);

// Where each of the spec's columns is in the header; the required ones must be there (the message
// names those missing), optional ones may be left out of an older or trimmed template.
Result<std::vector<std::size_t>> locate(const Spec& spec, const std::vector<std::string>& header) {
  std::vector<std::string> required;
  for (const auto& c : spec.columns) {
    if (c.required) required.push_back(c.name);
  }
  TRY(office::locate_columns(header, required));
  std::vector<std::size_t> positions;
  for (const auto& c : spec.columns) {
    std::size_t at = kAbsent;
    for (std::size_t i = 0; i < header.size() && at == kAbsent; ++i) {
      if (header[i] == c.name || header[i] == "*" + c.name) at = i;
    }
    positions.push_back(at);
  }
  return positions;
}

// The refused rows, streamed into an .xlsx as they come: the spec's columns and 失败原因.
class FailureFile {
 public:
  FailureFile(const Spec& spec, const std::string& temp_dir) : spec_(spec), temp_dir_(temp_dir) {}

  Status add(const std::vector<std::string>& cells, const std::string& reason) {
    if (!writer_) {
      file_.path = temp_files::make(temp_dir_, "failures", ".xlsx");
      writer_ = TRY(office::XlsxWriter::create(file_.path.string()));
      auto columns = spec_.columns;
      columns.push_back({.name = "失败原因", .width = 50});
      TRY(writer_->add_sheet(spec_.title, columns, false));
    }
    auto row = cells;
    row.push_back(reason);
    ++count_;
    return writer_->add_row(row);
  }

  int count() const { return count_; }

  //! Stores the file; none when no row failed.
  Result<std::optional<std::int64_t>> save(soci::session& sql, jobs::JobContext& ctx) {
    if (!writer_) return std::optional<std::int64_t>();
    TRY(writer_->close());
    writer_.reset();
    const auto now = ctx.clock().now();
    return std::optional<std::int64_t>(TRY(files::save_from(
        sql,
        {spec_.title + "导入失败数据_" + cst::format_with(now, "%Y%m%d%H%M%S") + ".xlsx", kXlsx,
         "import_failures", ctx.org_id(), ctx.account_id()},
        file_.path.string(), now)));
  }

 private:
  const Spec& spec_;
  const std::string& temp_dir_;
  temp_files::Scoped file_;
  std::unique_ptr<office::XlsxWriter> writer_;
  int count_ = 0;
};

// One batch under a savepoint: the spec's batch path when it has one, else (or when the batch
// meets a conflict it did not foresee) row by row.
std::vector<Status> apply_batch(soci::session& sql, const Spec& spec,
                                const std::vector<std::vector<std::string>>& batch) {
  if (spec.apply_batch) {
    const auto counted = spec.counts ? *spec.counts : Spec::Counts{};
    sql << "SAVEPOINT import_batch";
    try {
      auto results = spec.apply_batch(sql, batch);
      if (results.size() != batch.size()) throw std::logic_error("apply_batch: one result per row");
      sql << "RELEASE SAVEPOINT import_batch";
      return results;
    } catch (const std::exception& e) {
      sql << "ROLLBACK TO SAVEPOINT import_batch";
      sql << "RELEASE SAVEPOINT import_batch";
      if (spec.counts) *spec.counts = counted;
      spdlog::debug("import batch redone row by row: {}", e.what());
    }
  }
  std::vector<Status> results;
  results.reserve(batch.size());
  for (const auto& cells : batch) results.push_back(apply_one(sql, spec, cells));
  return results;
}

struct Outcome {
  int total = 0, succeeded = 0, failed = 0;
  std::optional<std::int64_t> failure_file;
  long long record_id = 0;
};

// 「成功 5 条（新增 3 条，更新 2 条），失败 1 条」
std::string outcome_text(const Outcome& out, const Spec& spec) {
  std::string text = "成功 " + std::to_string(out.succeeded) + " 条";
  if (spec.counts) {
    text += "（新增 " + std::to_string(spec.counts->created) + " 条，更新 " +
            std::to_string(spec.counts->updated) + " 条）";
  }
  return text + "，失败 " + std::to_string(out.failed) + " 条";
}

// Every row, the failure file, the import record and its audit entry: called inside the import's
// one transaction.
// The file is read once: a header that does not fit, damage, a limit passed or no data row
// found part-way returns the error, and the caller's transaction leaves nothing written.
Status write_rows(soci::session& sql, jobs::JobContext& ctx, const Spec& spec,
                  const std::string& path, const office::ReadOptions& options, const Limits& limits,
                  const std::string& temp_dir, Outcome& out) {
  auto reader = TRY(office::open_sheet_reader(path, options));
  TRY(reader->select(""));
  office::Row row;
  {
    auto first = reader->next(row);
    if (!first) return refusal(std::move(first).error(), limits);
    if (!first.value()) return err::invalid("文件中没有数据，请按模板填写后再上传");
  }
  const std::size_t header_row = row.number;
  const auto positions = TRY(locate(spec, row.cells));
  FailureFile failures(spec, temp_dir);

  std::vector<std::vector<std::string>> batch;
  std::vector<std::size_t> numbers;
  std::size_t batch_bytes = 0, read = 0;
  bool first = true, more = true;
  while (more) {
    auto next = reader->next(row);
    if (!next) return refusal(std::move(next).error(), limits);
    more = next.value();
    if (more) {
      ++read;
      std::vector<std::string> cells;
      cells.reserve(positions.size());
      for (auto pos : positions) {
        cells.push_back(pos != kAbsent && pos < row.cells.size() ? std::move(row.cells[pos])
                                                                 : std::string());
        batch_bytes += cells.back().size();
      }
      // The template's example row, left in by the user: only as the first data row.
      const bool example = first && is_example(spec, cells);
      first = false;
      // Control characters and bidi overrides (a name that shows reversed) are refused in every
      // cell, whatever the spec, before it sees the row.
      std::string refused;
      for (std::size_t c = 0; c < cells.size() && refused.empty(); ++c) {
        if (auto st = input::check_characters(cells[c], spec.columns[c].name); !st)
          refused = st.error().message;
      }
      if (!example && !refused.empty()) {
        TRY(failures.add(cells, "第 " + std::to_string(row.number) + " 行：" + refused));
        ++out.total;
      } else if (!example) {
        batch.push_back(std::move(cells));
        numbers.push_back(row.number);
      }
    }
    if (batch.empty() ||
        (more && batch.size() < limits.batch_rows && batch_bytes < limits.batch_bytes))
      continue;
    const auto results = apply_batch(sql, spec, batch);
    for (std::size_t k = 0; k < results.size(); ++k) {
      if (results[k]) {
        ++out.succeeded;
      } else {
        TRY(failures.add(
            batch[k], "第 " + std::to_string(numbers[k]) + " 行：" + results[k].error().message));
      }
    }
    out.total += static_cast<int>(batch.size());
    batch.clear();
    numbers.clear();
    batch_bytes = 0;
    if (ctx.cancelled())
      return err::make(ErrorKind::conflict, "任务已取消，没有导入任何数据", "cancelled");
    const double done = reader->progress();
    ctx.progress(done < 0 ? 50 : 5 + static_cast<int>(90 * std::min(done, 1.0)),
                 "已处理 " + std::to_string(read) + " 行");
  }
  if (read == 0) {
    return err::invalid("文件中没有数据行（第 " + std::to_string(header_row) +
                        " 行是表头），请在表头下逐行填写后再上传");
  }
  out.failed = failures.count();
  out.failure_file = TRY(failures.save(sql, ctx));

  // The import record names who ran it, as the session saw them when uploading.
  const auto& p = ctx.params();
  const auto& who_json = p["operator"];
  std::string type = p.value("type", ""), title = spec.title,
              org_name = who_json.value("orgName", ""), username = who_json.value("username", ""),
              display = who_json.value("displayName", ""), role = who_json.value("role", ""),
              who_role = who_json.value("roleCode", ""), file_name = p.value("fileName", "");
  long long target = p.value("targetId", std::int64_t{0}), org = ctx.org_id().value_or(0),
            account = ctx.account_id().value_or(0), file = out.failure_file.value_or(0),
            job = ctx.id(), at = ctx.clock().now();
  soci::indicator target_ind = p.contains("targetId") ? soci::i_ok : soci::i_null;
  soci::indicator file_ind = out.failure_file ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO import_records(type, title, target_id, org_id, org_name, account_id, "
         "username, display_name, "
         "role, file_name, total, succeeded, failed, failure_file_id, job_id, created_at) "
         "VALUES(:t, :ti, :ta, :o, "
         ":on, :a, :u, :d, :r, :f, :to, :s, :fa, :ff, :j, :c) RETURNING id",
      soci::use(type), soci::use(title), soci::use(target, target_ind), soci::use(org),
      soci::use(org_name), soci::use(account), soci::use(username), soci::use(display),
      soci::use(role), soci::use(file_name), soci::use(out.total), soci::use(out.succeeded),
      soci::use(out.failed), soci::use(file, file_ind), soci::use(job), soci::use(at),
      soci::into(out.record_id);
  // The entry names who started the import, from where, as the upload's session saw them.
  Scope who;
  who.account_id = ctx.account_id().value_or(0);
  who.org_id = ctx.org_id().value_or(0);
  who.org_name = org_name;
  who.username = username;
  who.display_name = display;
  who.role = parse_role(who_role).value_or(Role::student);
  audit::Actor actor;
  actor.scope = &who;
  actor.ip = p.value("ip", std::string());
  actor.request_id = "导入任务 #" + std::to_string(ctx.id());
  nlohmann::json after = {{"file", file_name},
                          {"total", out.total},
                          {"succeeded", out.succeeded},
                          {"failed", out.failed}};
  if (spec.counts) {
    after["created"] = spec.counts->created;
    after["updated"] = spec.counts->updated;
  }
  // Filed under the record type the rows are (spec.entity), so one filter on the audit page shows
  // a record type's changes, imports and exports together.
  audit::record(sql, actor,
                {"import", spec.entity, std::to_string(out.record_id),
                 display + "导入" + title + "：" + outcome_text(out, spec), nullptr, after},
                ctx.clock().now());
  return {};
}

// The import job: check the file, then write it in one transaction.
Status run(jobs::JobContext& ctx, const Registry& registry, const std::string& temp_dir,
           const Limits& limits) {
  auto& sql = ctx.sql();
  const auto& p = ctx.params();
  // The spec checks its rules (a window, a lock) at the time the rows are written, not at the
  // upload's: a job that waited in the queue past the end of 成绩登记 must not write a score.
  nlohmann::json spec_params = p.value("params", nlohmann::json::object());
  spec_params["now"] = ctx.clock().now();
  const Spec spec = TRY(registry.spec(sql, p.value("type", ""), spec_params));
  const std::string file_name = p.value("fileName", "");
  temp_files::Scoped upload{temp_files::make(temp_dir, "import", extension_of(file_name))};
  TRY(files::read_to(sql, p.value("fileId", std::int64_t{0}), upload.path.string()));
  ctx.progress(5, "正在导入");
  const auto options = read_options(spec, limits);
  Outcome out;
  TRY(db::write_tx(sql, [&]() -> Status {
    return write_rows(sql, ctx, spec, upload.path.string(), options, limits, temp_dir, out);
  }));
  if (out.failure_file) ctx.set_result_file(*out.failure_file);
  nlohmann::json result = {{"recordId", out.record_id},
                           {"total", out.total},
                           {"succeeded", out.succeeded},
                           {"failed", out.failed}};
  if (spec.counts) {
    result["created"] = spec.counts->created;
    result["updated"] = spec.counts->updated;
  }
  ctx.set_result(result);
  ctx.progress(100, "导入完成：" + outcome_text(out, spec));
  return {};
}
}  // namespace

Result<Spec> Registry::spec(soci::session& sql, const std::string& type,
                            const nlohmann::json& params) const {
  auto it = factories_.find(type);
  if (it == factories_.end()) return err::invalid("未知的导入类型：" + type);
  auto spec = TRY(it->second(sql, params));
  // An import the audit trail could not file under a record type is a programming error.
  if (spec.entity.empty()) return err::internal("导入类型 " + type + " 未指明审计对象类型");
  return spec;
}

Result<std::string> template_file(const Spec& spec, const std::string& temp_dir) {
  temp_files::Scoped out{temp_files::make(temp_dir, "template", ".xlsx")};
  TRY(office::write_import_template(out.path.string(), spec.title, spec.columns));
  return slurp(out.path);
}

Result<std::int64_t> enqueue(soci::session& sql, jobs::JobQueue& jobs, const Scope& scope,
                             const std::string& type, nlohmann::json params,
                             const std::string& upload_path, const std::string& file_name,
                             Timestamp now, const std::string& ip) {
  const std::string ext = extension_of(file_name);
  if (ext != ".xlsx" && ext != ".xls" && ext != ".csv") {
    return err::invalid("请上传 .xlsx、.xls 或 .csv 文件（Excel、WPS 表格或 CSV）");
  }
  std::error_code ec;
  const auto size = fs::file_size(upload_path, ec);
  if (ec) return err::internal("文件读取失败，请稍后重试");
  if (size == 0) return err::invalid("上传的文件是空的");
  std::int64_t job = 0;
  Status st = db::write_tx(sql, [&]() -> Status {
    const auto file_id = TRY(files::save_from(
        sql,
        {file_name, "application/octet-stream", "import_upload", scope.org_id, scope.account_id},
        upload_path, now));
    nlohmann::json job_params = {{"type", type},
                                 {"params", params},
                                 {"fileId", file_id},
                                 {"fileName", file_name},
                                 {"operator",
                                  {{"username", scope.username},
                                   {"displayName", scope.display_name},
                                   {"role", role_name(scope.role)},
                                   {"roleCode", role_code(scope.role)},
                                   {"orgName", scope.org_name}}},
                                 {"ip", ip}};
    if (params.contains("targetId")) job_params["targetId"] = params["targetId"];
    job = jobs.enqueue(sql, scope, "import", job_params, now);
    return {};
  });
  if (!st) return st.error();
  jobs.notify();
  return job;
}

void register_job(jobs::JobQueue& jobs, const Registry& registry, std::string temp_dir,
                  Limits limits) {
  jobs.register_type("import", "导入", [&registry, temp_dir, limits](jobs::JobContext& ctx) {
    // The upload holds candidates' personal data and is needed only while its import runs: it
    // goes once the run ends, however it ends (a killed instance's are swept, see JobQueue). What
    // was refused stays in the failure file, for the organisation to download.
    const std::int64_t upload = ctx.params().value("fileId", std::int64_t{0});
    auto remove_upload = [&] {
      try {
        auto removed = db::write_tx(ctx.sql(), [&]() -> Status {
          files::remove(ctx.sql(), upload);
          return {};
        });
        if (!removed)
          spdlog::warn("import job {}: the upload {} stays: {}", ctx.id(), upload,
                       removed.error().message);
      } catch (const std::exception& e) {
        spdlog::warn("import job {}: the upload {} stays: {}", ctx.id(), upload, e.what());
      }
    };
    Status status;
    try {
      status = run(ctx, registry, temp_dir, limits);
    } catch (...) {
      remove_upload();
      throw;
    }
    remove_upload();
    return status;
  });
  // Uploads whose job is gone without removing them (an instance killed while it ran one): read
  // the files before the jobs, so that an upload queued in between is seen with its job.
  jobs.add_sweep("import uploads", [](soci::session& sql) {
    std::vector<long long> uploads;
    {
      soci::rowset<long long> rows =
          (sql.prepare << "SELECT id FROM files WHERE purpose = 'import_upload'");
      for (long long id : rows) uploads.push_back(id);
    }
    if (uploads.empty()) return;
    std::set<long long> live;
    soci::rowset<std::string> params =
        (sql.prepare
         << "SELECT params FROM jobs WHERE type = 'import' AND state IN ('queued', 'running')");
    for (const auto& text : params) {
      auto p = nlohmann::json::parse(text, nullptr, false);
      if (p.is_object() && p.contains("fileId") && p["fileId"].is_number_integer())
        live.insert(p["fileId"].get<long long>());
    }
    int removed = 0;
    for (long long id : uploads) {
      if (live.count(id)) continue;
      auto st = db::write_tx(sql, [&]() -> Status {
        files::remove(sql, id);
        return {};
      });
      removed += st ? 1 : 0;
    }
    if (removed) spdlog::info("removed {} upload(s) left by interrupted imports", removed);
  });
}

nlohmann::json record_schema() {
  namespace s = http::schema;
  return s::object({{"id", s::integer()},
                    {"type", s::string()},
                    {"title", s::string()},
                    {"orgName", s::string()},
                    {"operator", s::string()},
                    {"username", s::string()},
                    {"roleName", s::string()},
                    {"fileName", s::string()},
                    {"total", s::integer()},
                    {"succeeded", s::integer()},
                    {"failed", s::integer()},
                    {"failureFileId", s::nullable(s::integer())},
                    {"createdAt", s::datetime()}});
}

nlohmann::json records(soci::session& sql, const Scope& scope, const std::string& type,
                       std::optional<std::int64_t> target_id, int page, int page_size) {
  db::Query q("FROM import_records r");
  if (!scope.is_admin()) q.where("r.org_id = " + q.param(static_cast<long long>(scope.org_id)));
  if (!type.empty()) q.where("r.type = " + q.param(type));
  if (target_id) q.where("r.target_id = " + q.param(static_cast<long long>(*target_id)));
  nlohmann::json items = nlohmann::json::array();
  const long long total = q.count_cached(sql);
  q.each(
      sql,
      "SELECT r.id, r.type, r.title, r.org_name, r.username, r.display_name, r.role, r.file_name, "
      "r.total, "
      "r.succeeded, r.failed, r.failure_file_id, r.created_at",
      "ORDER BY r.id DESC" + db::page_clause(page, page_size), [&](const db::Row& row) {
        auto file = db::get_opt_i64(row, "failure_file_id");
        items.push_back({{"id", db::get_i64(row, "id")},
                         {"type", db::get_str(row, "type")},
                         {"title", db::get_str(row, "title")},
                         {"orgName", db::get_str(row, "org_name")},
                         {"operator", db::get_str(row, "display_name").empty()
                                          ? db::get_str(row, "username")
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
