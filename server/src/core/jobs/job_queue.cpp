#include "core/jobs/job_queue.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>

#include "core/db/query.hpp"
#include "core/files.hpp"
#include "core/http/schema.hpp"
#include "core/log_context.hpp"
#include "core/metrics.hpp"

namespace kaowu::jobs {

namespace {
constexpr std::int64_t kHeartbeatEvery = 10;
constexpr std::int64_t kStaleAfter = 120;
constexpr std::int64_t kSweepEvery = 60;

std::string host_name() {
  char buf[256] = {0};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

// What a user reads when the database failed around a job (as it started or ended), and when
// the job's own code threw.
const std::string kDatabaseAway = "任务执行出错（数据库暂时不可用），请稍后重新提交";
const std::string kJobThrew = "任务执行出错，请稍后重试或联系管理员";

// Ends a job this worker still runs as failed (not one that recover() already ended).
void fail_running(soci::session& sql, std::int64_t id, const std::string& worker,
                  const std::string& error, Timestamp now) {
  long long job = id, at = now;
  std::string w = worker, e = error;
  sql << "UPDATE jobs SET state = 'failed', error = :e, finished_at = :t, message = '失败' "
         "WHERE id = :id AND state = 'running' AND worker = :w",
      soci::use(e), soci::use(at), soci::use(job), soci::use(w);
}
}  // namespace

const char* to_string(JobState state) {
  switch (state) {
    case JobState::queued:
      return "queued";
    case JobState::running:
      return "running";
    case JobState::succeeded:
      return "succeeded";
    case JobState::failed:
      return "failed";
    case JobState::cancelled:
      return "cancelled";
  }
  return "failed";
}

std::optional<JobState> state_of(soci::session& sql, std::int64_t id) {
  long long job = id;
  std::string state;
  soci::indicator ind = soci::i_null;
  sql << "SELECT state FROM jobs WHERE id = :id", soci::use(job), soci::into(state, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return job_state_from(state);
}

std::optional<JobState> job_state_from(std::string_view code) {
  for (auto state : {JobState::queued, JobState::running, JobState::succeeded, JobState::failed,
                     JobState::cancelled}) {
    if (code == to_string(state)) return state;
  }
  return std::nullopt;
}

const char* display_name(JobState state) {
  switch (state) {
    case JobState::queued:
      return "排队中";
    case JobState::running:
      return "进行中";
    case JobState::succeeded:
      return "已完成";
    case JobState::failed:
      return "失败";
    case JobState::cancelled:
      return "已取消";
  }
  return "失败";
}

std::int64_t wall_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

JobContext::JobContext(JobQueue& queue, soci::session& sql, std::int64_t id, nlohmann::json params,
                       std::optional<std::int64_t> org_id, std::optional<std::int64_t> account_id)
    : queue_(queue),
      sql_(sql),
      id_(id),
      params_(std::move(params)),
      org_id_(org_id),
      account_id_(account_id) {}

const Clock& JobContext::clock() const {
  return queue_.clock_;
}

void JobContext::progress(int percent, const std::string& message) {
  const std::int64_t now =
      wall_seconds() * 1000 + std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                      .count() %
                                  1000;
  if (percent < 100 && now - last_progress_ms_ < 200) return;
  last_progress_ms_ = now;
  int p = std::clamp(percent, 0, 100);
  std::string m = message;
  {
    std::lock_guard lock(queue_.mutex_);
    queue_.live_[id_] = {p, m};
  }
  long long id = id_, hb = wall_seconds();
  queue_.fault("progress");
  // On PostgreSQL through a session of its own, so that other instances see it while the job's
  // session is inside a transaction; SQLite has one writer, and one instance shows its own jobs.
  if (db::dialect_of(sql_) == db::Dialect::postgresql) {
    db::Lease own(queue_.database_);
    *own << "UPDATE jobs SET progress = :p, message = :m, heartbeat_at = :h WHERE id = :id",
        soci::use(p), soci::use(m), soci::use(hb), soci::use(id);
  } else {
    sql_ << "UPDATE jobs SET progress = :p, message = :m, heartbeat_at = :h WHERE id = :id",
        soci::use(p), soci::use(m), soci::use(hb), soci::use(id);
  }
}

bool JobContext::cancelled() {
  if (cancelled_) return true;
  const std::int64_t now = wall_seconds() * 1000;
  if (now - last_cancel_check_ms_ < 500) return false;
  last_cancel_check_ms_ = now;
  int flag = 0;
  long long id = id_;
  sql_ << "SELECT cancel_requested FROM jobs WHERE id = :id", soci::use(id), soci::into(flag);
  // A stopping instance lets its running jobs finish (see JobQueue::drain); only a user's
  // 取消 ends one early.
  cancelled_ = flag != 0;
  return cancelled_;
}

std::string worker_identity(const std::string& worker) {
  const auto open = worker.rfind(" (");
  if (open == std::string::npos || worker.empty() || worker.back() != ')') return worker;
  return worker.substr(open + 2, worker.size() - open - 3);
}

JobQueue::JobQueue(db::Database& database, const Clock& clock, std::string worker_name)
    : database_(database), clock_(clock), worker_(std::move(worker_name)) {
  // host:pid:start tells another instance on this host whether the process is gone, whatever
  // name the instance was given (a systemd unit names it host:port, which is no process id).
  const std::string identity =
      host_name() + ":" + std::to_string(getpid()) + ":" + std::to_string(wall_seconds());
  worker_ = worker_.empty() ? identity : worker_ + " (" + identity + ")";
}

JobQueue::~JobQueue() {
  stop();
}

void JobQueue::register_type(const std::string& type, const std::string& name, JobFn fn) {
  types_[type] = {name, std::move(fn)};
}

std::string JobQueue::type_name(const std::string& type) const {
  auto it = types_.find(type);
  return it == types_.end() ? type : it->second.first;
}

std::int64_t JobQueue::enqueue(soci::session& sql, const Scope& scope, const std::string& type,
                               const nlohmann::json& params, Timestamp now) {
  std::string t = type, p = params.dump();
  long long org = scope.org_id, account = scope.account_id, at = now, id = 0;
  // A job queued from the shell (the demo loader) belongs to no account.
  soci::indicator org_ind = org > 0 ? soci::i_ok : soci::i_null;
  soci::indicator account_ind = account > 0 ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO jobs(type, state, params, org_id, account_id, created_at) "
         "VALUES(:t, 'queued', :p, :o, :a, :c) RETURNING id",
      soci::use(t), soci::use(p), soci::use(org, org_ind), soci::use(account, account_ind),
      soci::use(at), soci::into(id);
  return id;
}

std::optional<std::int64_t> JobQueue::claim(soci::session& sql) {
  long long id = 0;
  long long at = clock_.now(), hb = wall_seconds();
  long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  int limit = org_limit_;
  std::string worker = worker_;
  fault("claim");
  // One statement: the subquery picks the oldest queued job of the organisation served least
  // recently among those below their limit of running jobs; the outer WHERE re-checks the state
  // so that of two racing workers only one gets a row back.
  sql << "UPDATE jobs SET state = 'running', worker = :w, started_at = :s, heartbeat_at = :h, "
         "claimed_at = :ms "
         "WHERE id = (SELECT q.id FROM jobs q WHERE q.state = 'queued' "
         "AND (SELECT COUNT(*) FROM jobs r WHERE r.state = 'running' AND r.org_id = q.org_id) < "
         ":limit "
         "ORDER BY (SELECT COALESCE(MAX(c.claimed_at), 0) FROM jobs c WHERE c.org_id = q.org_id), "
         "q.id LIMIT 1) "
         "AND state = 'queued' RETURNING id",
      soci::use(worker), soci::use(at), soci::use(hb), soci::use(ms), soci::use(limit),
      soci::into(id);
  if (!sql.got_data() || id == 0) return std::nullopt;
  return id;
}

void JobQueue::finish(soci::session& sql, std::int64_t id, JobState state, const JobContext* ctx,
                      const std::string& error) {
  fault("finish");
  long long job = id, at = clock_.now();
  std::string s = to_string(state), e = error;
  soci::indicator e_ind = error.empty() ? soci::i_null : soci::i_ok;
  long long file = ctx && ctx->result_file_id_ ? *ctx->result_file_id_ : 0;
  soci::indicator file_ind = ctx && ctx->result_file_id_ ? soci::i_ok : soci::i_null;
  std::string result = ctx && !ctx->result_.is_null() ? ctx->result_.dump() : "";
  soci::indicator result_ind = result.empty() ? soci::i_null : soci::i_ok;
  int progress_done = state == JobState::succeeded ? 100 : -1;
  std::string message = display_name(state);
  sql << "UPDATE jobs SET state = :s, error = :e, result_file_id = :f, result_json = :r, "
         "finished_at = :t, message = :m, progress = CASE WHEN :pd >= 0 THEN :pd2 ELSE progress "
         "END "
         "WHERE id = :id",
      soci::use(s), soci::use(e, e_ind), soci::use(file, file_ind), soci::use(result, result_ind),
      soci::use(at), soci::use(message), soci::use(progress_done), soci::use(progress_done),
      soci::use(job);
}

void JobQueue::run(std::int64_t id) {
  // Whatever happens inside (the database going away included), the job ends as failed with a
  // message and the worker goes on.
  log_context::Scope log("job=" + std::to_string(id));
  try {
    run_claimed(id);
  } catch (const std::exception& e) {
    spdlog::error("job {} could not run: {}", id, e.what());
    record_failure(id, kDatabaseAway);
  } catch (...) {
    spdlog::error("job {} could not run: unknown exception", id);
    record_failure(id, kDatabaseAway);
  }
  {
    std::lock_guard lock(mutex_);
    running_.erase(id);
    live_.erase(id);
  }
  notify();  // a job of an organisation that was at its limit may start now
}

void JobQueue::record_failure(std::int64_t id, const std::string& error) {
  // Twice: the first attempt may meet a pooled connection that died with the server and is
  // opened again when its lease ends.
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      db::Lease sql(database_);
      fail_running(*sql, id, worker_, error, clock_.now());
      return;
    } catch (const std::exception& e) {
      spdlog::error("job {} could not record its failure: {}", id, e.what());
    }
  }
  std::lock_guard lock(mutex_);
  unrecorded_[id] = error;
}

void JobQueue::record_unrecorded(soci::session& sql) {
  std::map<std::int64_t, std::string> pending;
  {
    std::lock_guard lock(mutex_);
    pending = unrecorded_;
  }
  for (const auto& [id, error] : pending) {
    fail_running(sql, id, worker_, error, clock_.now());
    std::lock_guard lock(mutex_);
    unrecorded_.erase(id);
    spdlog::info("job {}: failure recorded now that the database is back", id);
  }
}

std::size_t JobQueue::unrecorded() const {
  std::lock_guard lock(mutex_);
  return unrecorded_.size();
}

void JobQueue::run_claimed(std::int64_t id) {
  db::Lease lease(database_);
  soci::session& sql = *lease;
  fault("start");
  long long job = id;
  soci::row row;
  sql << "SELECT type, params, org_id, account_id, created_at FROM jobs WHERE id = :id",
      soci::use(job), soci::into(row);
  if (!sql.got_data()) return;
  const std::string type = db::get_str(row, "type");
  const auto org = db::get_opt_i64(row, "org_id");
  log_context::Scope log(
      fmt::format("job={} org={} type={}", id, org ? std::to_string(*org) : "-", type));
  const auto waited =
      std::max<std::int64_t>(0, clock_.now() - db::get_i64(row, "created_at", clock_.now()));
  metrics::registry().job_waited(type, static_cast<double>(waited));
  spdlog::info("job started after {} s in the queue", waited);
  const auto began = std::chrono::steady_clock::now();
  auto params = nlohmann::json::parse(db::get_str(row, "params", "{}"), nullptr, false);
  JobContext ctx(*this, sql, id, params.is_discarded() ? nlohmann::json::object() : params, org,
                 db::get_opt_i64(row, "account_id"));
  {
    std::lock_guard lock(mutex_);
    running_.insert(id);
  }
  JobState state = JobState::succeeded;
  std::string error;
  auto it = types_.find(type);
  if (it == types_.end()) {
    state = JobState::failed;
    error = "未知的任务类型：" + type;
  } else {
    try {
      Status st = it->second.second(ctx);
      if (!st) {
        state = st.error().code == "cancelled" ? JobState::cancelled : JobState::failed;
        error = st.error().message;
      } else if (ctx.cancelled_) {
        state = JobState::cancelled;
      }
    } catch (const std::exception& e) {
      spdlog::error("job {} ({}) failed: {}", id, type, e.what());
      state = JobState::failed;
      error = kJobThrew;
    } catch (...) {
      spdlog::error("job {} ({}) failed with an unknown exception", id, type);
      state = JobState::failed;
      error = kJobThrew;
    }
  }
  finish(sql, id, state, &ctx, error);
  spdlog::info("job ended {} after {:.1f} s{}", to_string(state),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count(),
               error.empty() ? "" : ": " + error);
}

int JobQueue::recover(soci::session& sql) {
  int failed = 0;
  const std::string host = host_name() + ":";
  std::vector<std::pair<long long, std::string>> running;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, worker, heartbeat_at FROM jobs WHERE state = 'running'");
  const std::int64_t now = wall_seconds();
  std::vector<long long> dead;
  for (const auto& row : rows) {
    const std::string worker = db::get_str(row, "worker");
    const std::string identity = worker_identity(worker);
    const auto hb = db::get_i64(row, "heartbeat_at");
    bool gone = hb + kStaleAfter < now;
    if (!gone && identity.rfind(host, 0) == 0 && worker != worker_) {
      const std::string rest = identity.substr(host.size());
      const pid_t pid = static_cast<pid_t>(std::atoll(rest.substr(0, rest.find(':')).c_str()));
      gone = pid <= 0 || (kill(pid, 0) != 0 && errno == ESRCH) ||
             (pid == getpid());  // our own pid, but an earlier incarnation of it
    }
    if (gone) dead.push_back(db::get_i64(row, "id"));
  }
  for (long long id : dead) {
    std::string error = "任务执行被中断（服务重启或异常退出），请重新提交";
    long long at = clock_.now();
    sql << "UPDATE jobs SET state = 'failed', error = :e, finished_at = :t, message = '失败' "
           "WHERE id = :id AND state = 'running'",
        soci::use(error), soci::use(at), soci::use(id);
    ++failed;
  }
  if (failed) spdlog::warn("marked {} interrupted job(s) as failed", failed);
  return failed;
}

void JobQueue::add_sweep(std::string name, std::function<void(soci::session&)> sweep) {
  sweeps_.emplace_back(std::move(name), std::move(sweep));
}

void JobQueue::sweep(soci::session& sql) {
  for (const auto& [name, fn] : sweeps_) {
    try {
      fn(sql);
    } catch (const std::exception& e) {
      spdlog::warn("sweep {} failed: {}", name, e.what());
    }
  }
}

void JobQueue::start(int threads, std::chrono::milliseconds poll) {
  poll_ = poll;
  try {
    db::Lease sql(database_);
    recover(*sql);
    sweep(*sql);
  } catch (const std::exception& e) {
    spdlog::warn("job recovery at start-up failed: {}", e.what());
  }
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this]() { worker_loop(); });
  heartbeat_ = std::thread([this]() { heartbeat_loop(); });
}

void JobQueue::drain() {
  if (draining_.exchange(true)) return;
  spdlog::info("taking no more jobs; other instances run the queued ones");
  cv_.notify_all();
}

void JobQueue::stop() {
  if (stopped_.exchange(true)) return;
  draining_ = true;
  cv_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  // Heartbeats go on until the last running job ended, so no other instance takes it for dead.
  stopping_ = true;
  cv_.notify_all();
  if (heartbeat_.joinable()) heartbeat_.join();
}

void JobQueue::notify() {
  {
    std::lock_guard lock(mutex_);
    ++wakeups_;
  }
  cv_.notify_all();
}

void JobQueue::worker_loop() {
  while (!stopping_ && !draining_) {
    // Read before looking for a job: a notify() after this point ends the wait below at once.
    std::uint64_t seen = 0;
    {
      std::lock_guard lock(mutex_);
      seen = wakeups_;
    }
    std::optional<std::int64_t> id;
    try {
      db::Lease sql(database_);
      record_unrecorded(*sql);
      id = claim(*sql);
    } catch (const std::exception& e) {
      spdlog::warn("job claim failed: {}", e.what());
    } catch (...) {
      spdlog::warn("job claim failed with an unknown exception");
    }
    if (id) {
      run(*id);
      continue;
    }
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, poll_,
                 [&]() { return stopping_.load() || draining_.load() || wakeups_ != seen; });
  }
}

void JobQueue::heartbeat_loop() {
  std::int64_t last_sweep = wall_seconds();
  while (!stopping_) {
    {
      std::unique_lock lock(mutex_);
      cv_.wait_for(lock, std::chrono::seconds(kHeartbeatEvery),
                   [this]() { return stopping_.load(); });
    }
    if (stopping_) break;
    try {
      std::vector<long long> ids;
      {
        std::lock_guard lock(mutex_);
        ids.assign(running_.begin(), running_.end());
      }
      db::Lease lease(database_);
      soci::session& sql = *lease;
      long long hb = wall_seconds();
      for (long long id : ids) {
        sql << "UPDATE jobs SET heartbeat_at = :h WHERE id = :id", soci::use(hb), soci::use(id);
      }
      // A job of an instance that died is failed at the next beat (one on this host) or once
      // its heartbeat is kStaleAfter old (one elsewhere); files are swept less often.
      recover(sql);
      if (wall_seconds() - last_sweep >= kSweepEvery) {
        sweep(sql);
        last_sweep = wall_seconds();
      }
    } catch (const std::exception& e) {
      spdlog::warn("job heartbeat failed: {}", e.what());
    } catch (...) {
      spdlog::warn("job heartbeat failed with an unknown exception");
    }
  }
}

namespace {
nlohmann::json job_json(const db::Row& row, const JobQueue& queue) {
  auto opt_time = [&](const char* col) -> nlohmann::json {
    auto v = db::get_opt_i64(row, col);
    return v ? nlohmann::json(cst::format(*v)) : nlohmann::json(nullptr);
  };
  const std::string state = db::get_str(row, "state");
  const auto known = job_state_from(state);
  nlohmann::json j = {
      {"id", db::get_i64(row, "id")},
      {"type", db::get_str(row, "type")},
      {"typeName", queue.type_name(db::get_str(row, "type"))},
      {"state", state},
      {"stateName", known ? display_name(*known) : state},
      {"progress", db::get_i64(row, "progress")},
      {"message", db::get_str(row, "message")},
      {"error", db::get_opt_str(row, "error") ? nlohmann::json(*db::get_opt_str(row, "error"))
                                              : nlohmann::json(nullptr)},
      {"resultFileId", db::get_opt_i64(row, "result_file_id")
                           ? nlohmann::json(*db::get_opt_i64(row, "result_file_id"))
                           : nlohmann::json(nullptr)},
      {"resultFileName", db::get_opt_str(row, "file_name")
                             ? nlohmann::json(*db::get_opt_str(row, "file_name"))
                             : nlohmann::json(nullptr)},
      {"createdAt", opt_time("created_at")},
      {"startedAt", opt_time("started_at")},
      {"finishedAt", opt_time("finished_at")},
  };
  auto result = db::get_opt_str(row, "result_json");
  j["result"] = result ? nlohmann::json::parse(*result, nullptr, false) : nlohmann::json(nullptr);
  return j;
}

}  // namespace

nlohmann::json job_schema(const std::vector<nlohmann::json>& more_results) {
  namespace s = http::schema;
  // What a finished job leaves in `result`: an import's counts (created and updated when the
  // import distinguishes them) or an export's row count.
  const auto import_result = s::object({{"recordId", s::integer()},
                                        {"total", s::integer()},
                                        {"succeeded", s::integer()},
                                        {"failed", s::integer()},
                                        {"created", s::integer()},
                                        {"updated", s::integer()}},
                                       {"created", "updated"});
  const auto export_result = s::object({{"rows", s::integer()}});
  nlohmann::json results = {import_result, export_result};
  for (const auto& more : more_results) results.push_back(more);
  nlohmann::json result = {{"nullable", true}, {"oneOf", results}};
  result["description"] = "完成后的结果：导入为各条数，导出为行数，排考为排考结果；未完成时为 null";
  return s::object(
      {{"id", s::integer()},
       {"type", s::string()},
       {"typeName", s::string()},
       {"state", s::enumeration({"queued", "running", "succeeded", "failed", "cancelled"})},
       {"stateName", s::string()},
       {"progress", {{"type", "integer"}, {"minimum", 0}, {"maximum", 100}}},
       {"message", s::string()},
       {"error", s::nullable(s::string())},
       {"resultFileId", s::nullable(s::integer())},
       {"resultFileName", s::nullable(s::string())},
       {"createdAt", s::nullable(s::datetime())},
       {"startedAt", s::nullable(s::datetime())},
       {"finishedAt", s::nullable(s::datetime())},
       {"result", result}});
}

namespace {
const char* kJobColumns =
    "SELECT j.id, j.type, j.state, j.progress, j.message, j.error, j.result_file_id, "
    "j.result_json, j.created_at, j.started_at, j.finished_at, j.org_id, j.account_id, "
    "f.name AS file_name";
const std::string kJobSelect =
    std::string(kJobColumns) + " FROM jobs j LEFT JOIN files f ON f.id = j.result_file_id ";

bool personal(const Scope& scope) {
  return scope.role == Role::student || scope.role == Role::teacher;
}
}  // namespace

Result<nlohmann::json> JobQueue::get(soci::session& sql, const Scope& scope, std::int64_t id) {
  long long job = id;
  soci::row row;
  sql << kJobSelect + "WHERE j.id = :id", soci::use(job), soci::into(row);
  if (!sql.got_data()) return err::not_found("任务不存在或无权查看");
  if (!scope.is_admin() && db::get_opt_i64(row, "org_id") != scope.org_id) {
    return err::not_found("任务不存在或无权查看");
  }
  if (personal(scope) && db::get_opt_i64(row, "account_id") != scope.account_id) {
    return err::not_found("任务不存在或无权查看");
  }
  auto j = job_json(row, *this);
  if (job_state_from(j["state"].get<std::string>()) == JobState::running) {
    std::lock_guard lock(mutex_);
    if (auto it = live_.find(id); it != live_.end()) {
      j["progress"] = it->second.first;
      j["message"] = it->second.second;
    }
  }
  return j;
}

Result<nlohmann::json> JobQueue::cancel(soci::session& sql, const Scope& scope, std::int64_t id,
                                        const audit::Actor& actor) {
  auto before = get(sql, scope, id);
  if (!before) return before.error();
  const std::string state = before.value()["state"];
  const JobState current = job_state_from(state).value_or(JobState::cancelled);
  if (ended(current)) {
    const char* how = current == JobState::succeeded ? "已完成"
                      : current == JobState::failed  ? "已失败"
                                                     : "已取消";
    return err::conflict(std::string("该任务") + how + "，无法取消");
  }
  Status st = db::write_tx(sql, [&]() -> Status {
    long long job = id, at = clock_.now();
    if (current == JobState::queued) {
      sql << "UPDATE jobs SET state = 'cancelled', cancel_requested = 1, finished_at = :t, "
             "message = '已取消' WHERE id = :id AND state = 'queued'",
          soci::use(at), soci::use(job);
    }
    sql << "UPDATE jobs SET cancel_requested = 1 WHERE id = :id", soci::use(job);
    audit::record(sql, actor,
                  {"cancel",
                   "job",
                   std::to_string(id),
                   "取消任务 #" + std::to_string(id),
                   {{"state", state}},
                   {{"cancelRequested", true}}},
                  clock_.now());
    return {};
  });
  if (!st) return st.error();
  return get(sql, scope, id);
}

nlohmann::json JobQueue::list(soci::session& sql, const Scope& scope, int page, int page_size) {
  db::Query q("FROM jobs j LEFT JOIN files f ON f.id = j.result_file_id");
  if (!scope.is_admin()) q.where("j.org_id = " + q.param(static_cast<long long>(scope.org_id)));
  if (personal(scope))
    q.where("j.account_id = " + q.param(static_cast<long long>(scope.account_id)));
  nlohmann::json items = nlohmann::json::array();
  const long long total = q.count(sql);
  q.each(sql, kJobColumns, "ORDER BY j.id DESC" + db::page_clause(page, page_size),
         [&](const db::Row& row) { items.push_back(job_json(row, *this)); });
  return {{"items", items}, {"total", total}, {"page", page}, {"pageSize", page_size}};
}

}  // namespace kaowu::jobs
