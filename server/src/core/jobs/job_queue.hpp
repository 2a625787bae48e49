#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/audit.hpp"
#include "core/auth/scope.hpp"
#include "core/clock.hpp"
#include "core/db/database.hpp"
#include "core/error.hpp"

namespace kaowu::jobs {

//! The JSON schema of a job as GET /jobs/{id} answers it (the keys job_json writes).
//! The JSON schema of a job as the API shows it; `more_results` are the result shapes of job types
//! beyond imports and exports (an arrangement run's figures).
nlohmann::json job_schema(const std::vector<nlohmann::json>& more_results = {});

class JobQueue;

//! Where a job is in its life. Stored in jobs.state and shown by the API as its code.
enum class JobState { queued, running, succeeded, failed, cancelled };

//! The code stored and shown by the API: "queued", "running", "succeeded", "failed", "cancelled".
const char* to_string(JobState state);
//! The state a stored code names; none for an unknown code.
std::optional<JobState> job_state_from(std::string_view code);
//! The state of job `id`; none when there is no such job. For modules that keep a job's id with
//! their own records (an arrangement run) and must tell whether it still runs.
std::optional<JobState> state_of(soci::session& sql, std::int64_t id);
//! The Chinese name shown beside the code (排队中, 进行中, 已完成, 失败, 已取消).
const char* display_name(JobState state);
//! An ended job can no longer be cancelled.
inline bool ended(JobState state) {
  return state != JobState::queued && state != JobState::running;
}

//! What a running job sees: its parameters, a database session, progress and cancellation.
class JobContext {
 public:
  JobContext(JobQueue& queue, soci::session& sql, std::int64_t id, nlohmann::json params,
             std::optional<std::int64_t> org_id, std::optional<std::int64_t> account_id);
  std::int64_t id() const { return id_; }
  const nlohmann::json& params() const { return params_; }
  std::optional<std::int64_t> org_id() const { return org_id_; }
  std::optional<std::int64_t> account_id() const { return account_id_; }
  soci::session& sql() { return sql_; }
  const Clock& clock() const;
  //! Reports progress 0-100 with a short Chinese message (written at most 5 times a second).
  void progress(int percent, const std::string& message);
  //! True once someone asked to cancel; handlers check it between batches.
  bool cancelled();
  void set_result_file(std::int64_t file_id) { result_file_id_ = file_id; }
  void set_result(nlohmann::json result) { result_ = std::move(result); }

 private:
  friend class JobQueue;
  JobQueue& queue_;
  soci::session& sql_;
  std::int64_t id_;
  nlohmann::json params_;
  std::optional<std::int64_t> org_id_;
  std::optional<std::int64_t> account_id_;
  std::optional<std::int64_t> result_file_id_;
  nlohmann::json result_;
  std::int64_t last_progress_ms_ = 0;
  std::int64_t last_cancel_check_ms_ = 0;
  bool cancelled_ = false;
};

using JobFn = std::function<Status(JobContext&)>;

//! Jobs live in the database: any instance may claim and run any job, exactly once.
class JobQueue {
 public:
  JobQueue(db::Database& database, const Clock& clock, std::string worker_name);
  ~JobQueue();

  void register_type(const std::string& type, const std::string& name, JobFn fn);
  //! Chinese name of a job type.
  std::string type_name(const std::string& type) const;

  //! Queues a job owned by the caller's organisation and account; returns its id.
  std::int64_t enqueue(soci::session& sql, const Scope& scope, const std::string& type,
                       const nlohmann::json& params, Timestamp now);
  //! Claims the oldest queued job atomically; none when the queue is empty or another worker won.
  std::optional<std::int64_t> claim(soci::session& sql);
  //! Runs a claimed job to its end state. Never throws: whatever goes wrong (the job's own code,
  //! the database going away as it starts, runs or ends) ends the job as failed with a Chinese
  //! message. When even that cannot be written, the failure is kept and written before this
  //! queue's next claim; should the process end first, recover() fails the job once its
  //! heartbeat is stale.
  void run(std::int64_t id);
  //! Marks jobs of dead workers failed: those of this host whose process is gone, and any whose
  //! heartbeat stopped long ago.
  int recover(soci::session& sql);

  //! At most `limit` jobs of one organisation run at once, counted over every instance (at
  //! least 1; no limit until this is called). Whatever the limit, the queued job of the
  //! organisation served least recently goes first.
  void set_org_limit(int limit) { org_limit_ = std::max(1, limit); }
  //! Work done at start-up and then about once a minute on some instance (removing files that
  //! outlived their purpose); an exception is logged and the next round tries again.
  void add_sweep(std::string name, std::function<void(soci::session&)> sweep);
  //! Runs every sweep once now.
  void sweep(soci::session& sql);

  //! Starts `threads` workers that take queued jobs when notified, and look every `poll` for
  //! jobs queued by other instances.
  void start(int threads, std::chrono::milliseconds poll = std::chrono::seconds(1));
  //! Stops taking jobs (at SIGTERM, as the instance stops accepting requests): the running ones
  //! go on to their end, the queued ones are left to the other instances. Thread-safe.
  void drain();
  //! Stops taking jobs and waits for the running ones to end (they are not cancelled: a job
  //! that outlives the service manager's stop timeout is killed with the process, and failed by
  //! recover() on another instance).
  void stop();
  //! Wakes a worker at once (after enqueue).
  void notify();

  //! The job as the API shows it, if the caller may see it.
  Result<nlohmann::json> get(soci::session& sql, const Scope& scope, std::int64_t id);
  Result<nlohmann::json> cancel(soci::session& sql, const Scope& scope, std::int64_t id,
                                const audit::Actor& actor);
  nlohmann::json list(soci::session& sql, const Scope& scope, int page, int page_size);

  const Clock& clock() const { return clock_; }
  const std::string& worker_name() const { return worker_; }

  //! Jobs that ended here while the database could not record it, waiting to be written.
  std::size_t unrecorded() const;
  //! For tests: called before each database step ("claim", "start", "progress", "finish") with
  //! its name; a hook that throws stands for the database failing there. Set it before start().
  void set_fault_hook(std::function<void(std::string_view step)> hook) { fault_ = std::move(hook); }

 private:
  friend class JobContext;
  void run_claimed(std::int64_t id);
  void worker_loop();
  void heartbeat_loop();
  void finish(soci::session& sql, std::int64_t id, JobState state, const JobContext* ctx,
              const std::string& error);
  //! Ends a job of this worker that is still running as failed; keeps it for later when the
  //! database cannot be written.
  void record_failure(std::int64_t id, const std::string& error);
  //! Writes the failures kept by record_failure(); throws when the database is still away.
  void record_unrecorded(soci::session& sql);
  void fault(std::string_view step) const {
    if (fault_) fault_(step);
  }

  db::Database& database_;
  const Clock& clock_;
  std::string worker_;
  std::map<std::string, std::pair<std::string, JobFn>> types_;
  std::vector<std::thread> threads_;
  std::thread heartbeat_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> draining_{false};
  std::atomic<bool> stopped_{false};
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t wakeups_ = 0;  //!< counts notify() calls, so a worker sees one made while it looked
  std::chrono::milliseconds poll_{1000};
  std::set<std::int64_t> running_;
  //! Progress of the jobs running here, as reported: a job that writes in one long transaction
  //! (an import on SQLite) cannot make it visible in the table until it commits.
  std::map<std::int64_t, std::pair<int, std::string>> live_;
  int org_limit_ = std::numeric_limits<int>::max();  //!< none until set_org_limit()
  std::vector<std::pair<std::string, std::function<void(soci::session&)>>> sweeps_;
  std::map<std::int64_t, std::string> unrecorded_;  //!< job id -> its error, see run()
  std::function<void(std::string_view)> fault_;
};

//! The host:pid:start part of a job's worker as stored: the whole of a default name, the part in
//! brackets of "<--instance> (host:pid:start)".
std::string worker_identity(const std::string& worker);

//! Wall-clock seconds for heartbeats (never the manual business clock).
std::int64_t wall_seconds();

}  // namespace kaowu::jobs
