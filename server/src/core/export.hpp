#pragma once

#include "core/auth/scope.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/http/message.hpp"
#include "core/http/router.hpp"
#include "core/jobs/job_queue.hpp"
#include "office/column.hpp"

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace kaowu {
class App;
}

namespace kaowu::exporting {

//! Receives one row of cells, in column order.
using RowSink = std::function<Status(const std::vector<std::string>&)>;
//! Produces the rows of an export into the sink.
using RowSource = std::function<Status(const RowSink&)>;

//! The ids of the rows the user ticked, from `ids=1,2,3`; empty means "everything matching the
//! current filter" (seed: 若未选择…则默认导出全部数据). Anything else is an invalid_input.
Result<std::vector<std::int64_t>> checked_ids(const std::string& query_value);

//! One export, ready to write: the sheet's title (also the file name's 中文名), its columns, its
//! rows and how many records it holds (this decides between answering directly and a job, and is
//! the total of the job's progress). `rows` must own what it reads, except the session it was
//! built with: a job writes it after the factory returned.
struct ExportSpec {
  std::string title;
  std::vector<office::Column> columns;
  RowSource rows;
  long long count = 0;
};

//! Builds an export from what its route had (see `request_params`), or refuses.
using SpecFactory = std::function<Result<ExportSpec>(soci::session& sql, const nlohmann::json& params)>;

//! The export types of this instance, registered by the modules at start-up, so that a job can
//! rebuild an export from its parameters.
class Registry {
 public:
  void add(const std::string& type, SpecFactory factory) { factories_[type] = std::move(factory); }
  Result<ExportSpec> spec(soci::session& sql, const std::string& type, const nlohmann::json& params) const;

 private:
  std::map<std::string, SpecFactory> factories_;
};

//! The parameters of an export as a route sees it: the caller's scope, the query (its filter,
//! without `ids`), the ticked ids and the time of the request.
nlohmann::json request_params(const Scope& scope, const std::map<std::string, std::string>& query,
                              const std::vector<std::int64_t>& ids, Timestamp now);

//! The request an export was asked with, rebuilt from `request_params` inside a factory, so that a
//! module parses its filter with the same code as its list route (`filter_of(replay.ctx())`).
class Replay {
 public:
  explicit Replay(const nlohmann::json& params);
  Replay(const Replay&) = delete;
  Replay& operator=(const Replay&) = delete;
  const http::Ctx& ctx() const { return ctx_; }
  const Scope& scope() const { return scope_; }
  const std::vector<std::int64_t>& ids() const { return ids_; }
  Timestamp now() const { return now_; }

 private:
  http::Request request_;
  http::Route route_;
  Scope scope_;
  std::vector<std::int64_t> ids_;
  Timestamp now_ = 0;
  http::Ctx ctx_;
};

//! `<title>_<yyyyMMddHHmmss>.xlsx`
std::string file_name(const std::string& title, Timestamp now);

//! Streams the spec's rows into an .xlsx file at `path` (constant memory); `on_row` as below.
Status write_to(const ExportSpec& spec, const std::string& path, const std::function<Status(long long)>& on_row = {});

//! Streams the spec's rows into an .xlsx (constant memory, bold frozen header, text cells for
//! ID-like columns) and returns its bytes; `on_row(rows written so far)` runs after each row and
//! may stop the export by returning an error.
Result<std::string> write(const ExportSpec& spec, const std::string& temp_dir,
                          const std::function<Status(long long)>& on_row = {});

//! Streams the rows into an .xlsx and answers it as a download named `<title>_<yyyyMMddHHmmss>.xlsx`.
Result<http::Response> xlsx(const std::string& title, const std::vector<office::Column>& columns,
                            const RowSource& rows, Timestamp now, const std::string& temp_dir);

//! An export route's answer: the ticked rows (`ids`) or all matching the query. Up to
//! `config().export_direct_rows` records answer the .xlsx at once; more are written by a job
//! owned by the caller and the answer is 202 {job} (the file then comes from the job's result).
Result<http::Response> respond(App& app, const http::Ctx& ctx, const std::string& type);

//! What an export route says about itself; route() builds the rest.
struct RouteSpec {
  std::string type;        //!< the registered export type, e.g. "rooms"
  std::string pattern;     //!< e.g. "/api/v1/rooms/export"
  std::string permission;  //!< e.g. "room:view"
  std::string tag;         //!< OpenAPI tag, e.g. "考场"
  std::string summary;     //!< what is exported, e.g. "批量导出考场信息"
  std::string ticked;      //!< what `ids` names, e.g. "勾选的考场"
  std::vector<http::ParamDoc> filters;  //!< the list's filters, which the export takes too
};
//! The GET route of an export: the list's filters plus `ids`, answered by respond().
http::Route route(App& app, const RouteSpec& spec);

//! Registers the job that writes every export type of `registry`, and the sweep that removes
//! the files it wrote once they are `retention_seconds` old (business clock).
void register_job(jobs::JobQueue& jobs, const Registry& registry, std::string temp_dir,
                  std::int64_t retention_seconds = 24 * 3600);

//! The message of a job whose export file was removed after its retention time.
inline constexpr const char* kExpiredMessage = "导出文件已过期并已删除，请重新导出";

}  // namespace kaowu::exporting
