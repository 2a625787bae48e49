#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/audit.hpp"
#include "core/auth/scope.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/input.hpp"
#include "core/jobs/job_queue.hpp"
#include "office/column.hpp"

namespace kaowu::exporting {

//! Receives one row of cells, in column order.
using RowSink = std::function<Status(const std::vector<std::string>&)>;
//! Produces the rows of an export into the sink.
using RowSource = std::function<Status(const RowSink&)>;

//! The ids of the rows the user ticked, from `ids=1,2,3`; empty means "everything matching the
//! current filter" (seed: 若未选择…则默认导出全部数据). Anything else is an invalid_input.
Result<std::vector<std::int64_t>> checked_ids(const std::string& query_value);

//! One export, ready to write: the sheet's title (also the file name's 中文名), the record type
//! the audit trail files it under, its columns, its rows and how many records it holds (this
//! decides between answering directly and a job, and is the total of the job's progress). `rows`
//! must own what it reads, except the session it was built with: a job writes it after the
//! factory returned.
struct ExportSpec {
  std::string title;
  std::string entity;  //!< the audit entity of the records, e.g. "student" (对象类型 考生)
  std::vector<office::Column> columns;
  RowSource rows;
  long long count = 0;
};

//! What an export was asked with: who asked, the list's filter (the query without `ids`), the
//! ticked ids and when. A job keeps it as JSON and rebuilds the same export from it.
struct Request {
  Scope scope;
  input::Query query;
  std::vector<std::int64_t> ids;
  Timestamp now = 0;

  nlohmann::json to_json() const;
  //! The request a job kept; a role it cannot read is the least privileged one.
  static Request from_json(const nlohmann::json& params);
};

//! The request of a caller's query: `ids` is taken out of the query and checked (checked_ids).
Result<Request> request_of(const Scope& scope, const std::map<std::string, std::string>& query,
                           Timestamp now);

//! Builds an export from its request (the model turns `request.query` into its filter), or refuses.
using SpecFactory = std::function<Result<ExportSpec>(soci::session& sql, const Request& request)>;

//! The export types of this instance, registered by the modules at start-up, so that a job can
//! rebuild an export from its request.
class Registry {
 public:
  void add(const std::string& type, SpecFactory factory) { factories_[type] = std::move(factory); }
  Result<ExportSpec> spec(soci::session& sql, const std::string& type,
                          const Request& request) const;

 private:
  std::map<std::string, SpecFactory> factories_;
};

//! `<title>_<yyyyMMddHHmmss>.xlsx`
std::string file_name(const std::string& title, Timestamp now);

//! Streams the spec's rows into an .xlsx file at `path` (constant memory); `on_row` as below.
Status write_to(const ExportSpec& spec, const std::string& path,
                const std::function<Status(long long)>& on_row = {});

//! Streams the spec's rows into an .xlsx (constant memory, bold frozen header, text cells for
//! ID-like columns) and returns its bytes; `on_row(rows written so far)` runs after each row and
//! may stop the export by returning an error.
Result<std::string> write(const ExportSpec& spec, const std::string& temp_dir,
                          const std::function<Status(long long)>& on_row = {});

//! How an export was started: written at once (`data`, the .xlsx) or queued as a job (`job`, as
//! the job API shows it). Either way the audit trail says who took which records out.
struct Started {
  std::string file_name;
  std::optional<std::string> data;
  std::optional<nlohmann::json> job;
};

//! Where start() writes and when it hands over to a job.
struct StartOptions {
  long long direct_rows = 5000;  //!< more records than this are written by a job
  std::string temp_dir = "/tmp";
};

//! Starts an export of `type`: up to `direct_rows` records are written now; more go to a job
//! owned by the caller (at most a few waiting per account).
Result<Started> start(soci::session& sql, jobs::JobQueue& jobs, const Registry& registry,
                      const std::string& type, const Request& request, const audit::Actor& actor,
                      const StartOptions& options);

//! Registers the job that writes every export type of `registry`, and the sweep that removes
//! the files it wrote once they are `retention_seconds` old (business clock).
void register_job(jobs::JobQueue& jobs, const Registry& registry, std::string temp_dir,
                  std::int64_t retention_seconds = 24 * 3600);

//! The message of a job whose export file was removed after its retention time.
inline constexpr const char* kExpiredMessage = "导出文件已过期并已删除，请重新导出";

}  // namespace kaowu::exporting
