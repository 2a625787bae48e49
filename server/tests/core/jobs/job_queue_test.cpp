#include "core/jobs/job_queue.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <barrier>
#include <chrono>
#include <future>
#include <thread>

#include "../../support/test_db.hpp"
#include "core/auth/password.hpp"
#include "core/files.hpp"

namespace kaowu::jobs {
namespace {

constexpr Timestamp kStart = 1631923200;  // 2021-09-18 08:00 CST
// What a user reads on a job that the database failed as it started or ended.
constexpr const char* kDatabaseAway = "任务执行出错（数据库暂时不可用），请稍后重新提交";

std::string this_host() {
  char buf[256] = {0};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

//! A pid that belonged to a process which has exited.
pid_t dead_pid() {
  pid_t child = fork();
  if (child == 0) _exit(0);
  int status = 0;
  waitpid(child, &status, 0);
  return child;
}

//! Two colleges, each with a college account; jobs are queued as the first.
class JobQueueTest : public testing::JobDbTest {
 protected:
  void SetUp() override {
    if (!open(kStart)) return;
    mine_ = testing::add_college(sql(), "示范职业技术学院", "shifan", kStart);
    theirs_ = testing::add_college(sql(), "另一所职业学院", "lingyi", kStart);
  }

  std::int64_t enqueue(const std::string& type,
                       const nlohmann::json& params = nlohmann::json::object()) {
    return queue_->enqueue(sql(), mine_, type, params, clock_.now());
  }
  //! Inserts a job that some worker claimed, with a fresh heartbeat.
  std::int64_t running_job(const std::string& worker, std::int64_t heartbeat) {
    long long id = 0, at = kStart, hb = heartbeat, org = mine_.org_id;
    std::string w = worker;
    sql() << "INSERT INTO jobs(type, state, worker, org_id, created_at, started_at, heartbeat_at) "
             "VALUES('demo', 'running', :w, :o, :c, :s, :h) RETURNING id",
        soci::use(w), soci::use(org), soci::use(at), soci::use(at), soci::use(hb), soci::into(id);
    return id;
  }

  bool postgresql() const { return GetParam() == "postgresql"; }

  //! Waits (at most 30 s) until job `id` is in `state`; answers the job as then seen.
  nlohmann::json await_state(std::int64_t id, const std::string& state) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    auto j = job(id);
    while (j["state"] != state && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      j = job(id);
    }
    return j;
  }

  //! Call before the queue starts: from then on, once lose_database_at(step) was called, the
  //! queue's next database step named `step` ("start", "progress", ...) meets a database that
  //! went away. On PostgreSQL the server ends every pooled connection but the test's own, as a
  //! restart does to them, and the step fails for real; on SQLite, which has no server to lose,
  //! the step throws the error SOCI reports for a locked database file.
  void prepare_database_loss() {
    if (postgresql()) {
      for (std::size_t i = 0; i < database_->size(); ++i) {
        int pid = 0;
        database_->pool().at(i) << "SELECT pg_backend_pid()", soci::into(pid);
        backends_.push_back(pid);
      }
      sql() << "SELECT pg_backend_pid()", soci::into(own_backend_);
    }
    queue_->set_fault_hook([this](std::string_view at) {
      const char* armed = armed_.load();
      if (!armed || at != armed) return;
      armed_ = nullptr;
      if (!postgresql()) throw soci::soci_error("database is locked");
      end_pooled_connections();
    });
  }
  void lose_database_at(const char* step) { armed_ = step; }

  //! Terminates the server side of the pooled connections (not the test's own, not the one
  //! doing it) and returns once they are gone.
  void end_pooled_connections() {
    soci::session killer(database_->pool());
    int self = 0;
    killer << "SELECT pg_backend_pid()", soci::into(self);
    std::string victims;
    for (int pid : backends_) {
      if (pid == self || pid == own_backend_) continue;
      victims += (victims.empty() ? "" : ",") + std::to_string(pid);
    }
    ASSERT_FALSE(victims.empty());
    killer << "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE pid IN (" +
                  victims + ")";
    for (int left = 1, tries = 0; left > 0 && tries < 500; ++tries) {
      killer << "SELECT COUNT(*) FROM pg_stat_activity WHERE pid IN (" + victims + ")",
          soci::into(left);
      if (left) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  Scope mine_, theirs_;
  std::atomic<const char*> armed_{nullptr};
  std::vector<int> backends_;
  int own_backend_ = 0;
};

TEST(JobState, CodesAreTheStoredStringsAndNamesTheShownOnes) {
  EXPECT_STREQ(to_string(JobState::queued), "queued");
  EXPECT_STREQ(to_string(JobState::cancelled), "cancelled");
  for (auto state : {JobState::queued, JobState::running, JobState::succeeded, JobState::failed,
                     JobState::cancelled}) {
    EXPECT_EQ(job_state_from(to_string(state)), state) << to_string(state);
  }
  EXPECT_EQ(job_state_from("done"), std::nullopt);
  EXPECT_STREQ(display_name(JobState::running), "进行中");
  EXPECT_STREQ(display_name(JobState::failed), "失败");
  EXPECT_FALSE(ended(JobState::running));
  EXPECT_TRUE(ended(JobState::succeeded));
}

TEST_P(JobQueueTest, ExactlyOneOfTwoRacingWorkersClaimsAJob) {
  JobQueue other(*database_, clock_, "other-worker");
  constexpr int kRounds = 200;
  std::barrier sync(3);
  std::optional<std::int64_t> won[2][kRounds];
  std::atomic<int> errors{0};
  auto worker = [&](JobQueue& q, int slot) {
    soci::session s(database_->pool());
    for (int round = 0; round < kRounds; ++round) {
      sync.arrive_and_wait();
      try {
        won[slot][round] = q.claim(s);
      } catch (const std::exception& e) {
        ++errors;
        ADD_FAILURE() << "claim threw: " << e.what();
      }
      sync.arrive_and_wait();
    }
  };
  std::thread a(worker, std::ref(*queue_), 0);
  std::thread b(worker, std::ref(other), 1);
  std::vector<std::int64_t> ids;
  for (int round = 0; round < kRounds; ++round) {
    ids.push_back(enqueue("demo"));
    sync.arrive_and_wait();  // both claim now
    sync.arrive_and_wait();  // both done
  }
  a.join();
  b.join();
  ASSERT_EQ(errors.load(), 0);

  int wins[2] = {0, 0};
  for (int round = 0; round < kRounds; ++round) {
    const bool a_won = won[0][round].has_value(), b_won = won[1][round].has_value();
    ASSERT_NE(a_won, b_won) << "round " << round << ": " << (a_won ? "both" : "neither")
                            << " claimed the job";
    const int slot = a_won ? 0 : 1;
    EXPECT_EQ(*won[slot][round], ids[round]);
    ++wins[slot];
    std::string state, worker_name;
    long long id = ids[round];
    sql() << "SELECT state, worker FROM jobs WHERE id = :id", soci::use(id), soci::into(state),
        soci::into(worker_name);
    EXPECT_EQ(state, "running");
    EXPECT_EQ(worker_name.rfind(slot == 0 ? "test-worker (" : "other-worker (", 0), 0u)
        << worker_name;
  }
  EXPECT_EQ(wins[0] + wins[1], kRounds);
  EXPECT_FALSE(queue_->claim(sql())) << "nothing left to claim";
}

TEST_P(JobQueueTest, ClaimTakesTheOldestQueuedJob) {
  const auto first = enqueue("demo");
  const auto second = enqueue("demo");
  EXPECT_EQ(queue_->claim(sql()), first);
  EXPECT_EQ(queue_->claim(sql()), second);
  EXPECT_EQ(queue_->claim(sql()), std::nullopt);
}

TEST_P(JobQueueTest, OneOrganisationsJobsDoNotKeepAnothersWaiting) {
  queue_->set_org_limit(1);
  std::vector<std::int64_t> flood;
  for (int i = 0; i < 30; ++i) flood.push_back(enqueue("demo"));
  const auto other =
      queue_->enqueue(sql(), theirs_, "demo", nlohmann::json::object(), clock_.now());
  // Two workers: the first takes the flood's oldest, the second may not take another of the
  // same college (its limit is one running job) and takes the other college's.
  EXPECT_EQ(queue_->claim(sql()), flood[0]);
  EXPECT_EQ(queue_->claim(sql()), other);
  EXPECT_EQ(queue_->claim(sql()), std::nullopt) << "both colleges are at their limit";
  long long done = flood[0];
  sql() << "UPDATE jobs SET state = 'succeeded' WHERE id = :id", soci::use(done);
  EXPECT_EQ(queue_->claim(sql()), flood[1]);
}

TEST_P(JobQueueTest, TheOrganisationServedLeastRecentlyGoesFirst) {
  const auto a1 = enqueue("demo");
  const auto a2 = enqueue("demo");
  EXPECT_EQ(queue_->claim(sql()), a1);
  const auto b1 = queue_->enqueue(sql(), theirs_, "demo", nlohmann::json::object(), clock_.now());
  // a2 is older, but the first college was served a moment ago and the second never.
  EXPECT_EQ(queue_->claim(sql()), b1);
  EXPECT_EQ(queue_->claim(sql()), a2);
}

TEST_P(JobQueueTest, AJobWhoseStartThrowsEndsFailedAndTheWorkerGoesOn) {
  queue_->register_type("fragile", "演示", [](JobContext& ctx) -> Status {
    // What a database that went away mid-job looks like to the job: an exception from SOCI.
    ctx.sql() << "SELECT no_such_column FROM jobs";
    return {};
  });
  const auto id = enqueue("fragile");
  ASSERT_EQ(queue_->claim(sql()), id);
  queue_->run(id);
  const auto failed = job(id);
  EXPECT_EQ(failed["state"], "failed");
  EXPECT_EQ(failed["error"], "任务执行出错，请稍后重试或联系管理员");
  const auto next = enqueue("demo");
  EXPECT_EQ(queue_->claim(sql()), next);
}

TEST_P(JobQueueTest, SucceededJobHasFullProgressAndItsResultFile) {
  std::string data = "姓名,身份证号\n";
  for (int i = 0; data.size() < 1024 * 1024 + 100; ++i) data += static_cast<char>(i % 256);
  nlohmann::json seen_mid_run;
  std::int64_t file_id = 0;
  queue_->register_type("demo_export", "演示导出", [&](JobContext& ctx) -> Status {
    EXPECT_EQ(ctx.params()["rows"], 3);
    EXPECT_EQ(ctx.org_id(), mine_.org_id);
    EXPECT_EQ(ctx.account_id(), mine_.account_id);
    ctx.progress(40, "正在生成第 2 页");
    {
      soci::session other(database_->pool());
      Scope admin;
      admin.role = Role::admin;
      seen_mid_run = queue_->get(other, admin, ctx.id()).value();
    }
    file_id = files::save(ctx.sql(),
                          {.name = "考生名单.csv",
                           .content_type = "text/csv",
                           .purpose = "test_export",
                           .org_id = ctx.org_id(),
                           .account_id = ctx.account_id()},
                          data, ctx.clock().now());
    ctx.set_result_file(file_id);
    ctx.set_result({{"rows", 3}});
    return {};
  });
  const auto id = enqueue("demo_export", {{"rows", 3}});
  EXPECT_EQ(job(id)["state"], "queued");
  ASSERT_EQ(queue_->claim(sql()), id);
  queue_->run(id);

  EXPECT_EQ(seen_mid_run["state"], "running");
  EXPECT_EQ(seen_mid_run["progress"], 40);
  EXPECT_EQ(seen_mid_run["message"], "正在生成第 2 页");

  const auto done = job(id);
  EXPECT_EQ(done["state"], "succeeded");
  EXPECT_EQ(done["stateName"], "已完成");
  EXPECT_EQ(done["typeName"], "演示导出");
  EXPECT_EQ(done["progress"], 100);
  EXPECT_EQ(done["message"], "已完成");
  EXPECT_TRUE(done["error"].is_null());
  EXPECT_EQ(done["resultFileId"], file_id);
  EXPECT_EQ(done["resultFileName"], "考生名单.csv");
  EXPECT_EQ(done["result"], (nlohmann::json{{"rows", 3}}));
  EXPECT_EQ(done["startedAt"], "2021-09-18 08:00:00");
  EXPECT_EQ(done["finishedAt"], "2021-09-18 08:00:00");

  auto info = files::info(sql(), mine_, file_id);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->size, static_cast<std::int64_t>(data.size()));
  EXPECT_EQ(info->sha256, crypto::sha256_hex(data));
  auto bytes = files::read(sql(), file_id);
  ASSERT_TRUE(bytes);
  EXPECT_TRUE(bytes.value() == data)
      << "read back " << bytes.value().size() << " of " << data.size() << " bytes";
  EXPECT_FALSE(files::info(sql(), theirs_, file_id)) << "another college cannot read the file";
}

TEST_P(JobQueueTest, FailingJobKeepsItsMessage) {
  queue_->register_type("demo_import", "演示导入", [](JobContext& ctx) -> Status {
    ctx.progress(30, "校验中");
    return err::invalid("第 3 行缺少身份证号");
  });
  queue_->register_type("demo_crash", "演示崩溃", [](JobContext&) -> Status {
    throw std::runtime_error("std::bad_alloc in xlsx writer");
  });
  const auto failing = enqueue("demo_import");
  const auto crashing = enqueue("demo_crash");
  const auto unknown = enqueue("no_such_type");
  for (auto id : {failing, crashing, unknown}) {
    ASSERT_EQ(queue_->claim(sql()), id);
    queue_->run(id);
  }

  auto f = job(failing);
  EXPECT_EQ(f["state"], "failed");
  EXPECT_EQ(f["stateName"], "失败");
  EXPECT_EQ(f["error"], "第 3 行缺少身份证号");
  EXPECT_EQ(f["message"], "失败");
  EXPECT_EQ(f["progress"], 30);

  auto c = job(crashing);
  EXPECT_EQ(c["state"], "failed");
  EXPECT_EQ(c["error"], "任务执行出错，请稍后重试或联系管理员");

  auto u = job(unknown);
  EXPECT_EQ(u["state"], "failed");
  EXPECT_EQ(u["error"], "未知的任务类型：no_such_type");
}

TEST_P(JobQueueTest, CancellingAQueuedJobEndsItAtOnce) {
  const auto id = enqueue("demo");
  audit::Actor actor{.scope = &mine_};
  auto cancelled = queue_->cancel(sql(), mine_, id, actor);
  ASSERT_TRUE(cancelled) << cancelled.error().message;
  EXPECT_EQ(cancelled.value()["state"], "cancelled");
  EXPECT_EQ(cancelled.value()["stateName"], "已取消");
  EXPECT_EQ(cancelled.value()["message"], "已取消");
  EXPECT_FALSE(queue_->claim(sql())) << "a cancelled job is never run";

  auto again = queue_->cancel(sql(), mine_, id, actor);
  ASSERT_FALSE(again);
  EXPECT_EQ(http_status(again.error().kind), 409);
  EXPECT_NE(again.error().message.find("无法取消"), std::string::npos) << again.error().message;

  int audited = 0;
  std::string entity_id = std::to_string(id);
  sql() << "SELECT COUNT(*) FROM audit_log WHERE action = 'cancel' AND entity = 'job' "
           "AND entity_id = :id",
      soci::use(entity_id), soci::into(audited);
  EXPECT_EQ(audited, 1);

  EXPECT_EQ(queue_->cancel(sql(), theirs_, enqueue("demo"), actor).error().kind,
            ErrorKind::not_found);
}

TEST_P(JobQueueTest, CancellingARunningJobStopsItAtItsNextCheck) {
  std::promise<void> started, cancel_sent;
  auto go_on = cancel_sent.get_future();
  queue_->register_type("demo_long", "演示长任务", [&](JobContext& ctx) -> Status {
    started.set_value();
    go_on.wait();
    if (ctx.cancelled()) return {};
    return err::invalid("never saw the cancellation");
  });
  const auto id = enqueue("demo_long");
  ASSERT_EQ(queue_->claim(sql()), id);
  std::thread runner([&]() { queue_->run(id); });
  started.get_future().wait();
  audit::Actor actor{.scope = &mine_};
  auto r = queue_->cancel(sql(), mine_, id, actor);
  cancel_sent.set_value();
  runner.join();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r.value()["state"], "running") << "a running job ends when its handler notices";
  EXPECT_EQ(job(id)["state"], "cancelled");
  EXPECT_EQ(job(id)["message"], "已取消");
}

TEST_P(JobQueueTest, RecoverFailsJobsOfDeadWorkers) {
  const auto now = wall_seconds();
  const auto dead = running_job(this_host() + ":" + std::to_string(dead_pid()) + ":1", now);
  const auto alive = running_job(this_host() + ":1:1", now);  // pid 1 is always running
  const auto stale = running_job("elsewhere:4242:1", now - 600);
  const auto remote = running_job("elsewhere:4242:1", now);

  EXPECT_EQ(queue_->recover(sql()), 2);
  auto d = job(dead);
  EXPECT_EQ(d["state"], "failed");
  EXPECT_NE(d["error"].get<std::string>().find("中断"), std::string::npos) << d["error"];
  EXPECT_EQ(d["message"], "失败");
  EXPECT_EQ(job(stale)["state"], "failed");
  EXPECT_EQ(job(alive)["state"], "running");
  EXPECT_EQ(job(remote)["state"], "running");
  EXPECT_EQ(queue_->recover(sql()), 0);
}

// An instance's name (--instance, host:port under systemd) is only a label: whether its process
// is gone is told by the host:pid:start kept beside it, not by a number in the name.
TEST_P(JobQueueTest, RecoverTellsADeadInstanceByItsProcessWhateverItsName) {
  const auto now = wall_seconds();
  const std::string gone_pid = std::to_string(dead_pid());
  JobQueue named(*database_, clock_, this_host() + ":" + gone_pid);
  EXPECT_EQ(named.worker_name().rfind(this_host() + ":" + gone_pid + " (" + this_host() + ":" +
                                          std::to_string(getpid()) + ":",
                                      0),
            0u)
      << named.worker_name();
  EXPECT_EQ(worker_identity(named.worker_name()).rfind(this_host() + ":", 0), 0u);
  // Another instance on this host, alive, whose name (host:port) reads like a dead process.
  const pid_t child = fork();
  if (child == 0) {
    pause();
    _exit(0);
  }
  const auto alive = running_job(
      this_host() + ":" + gone_pid + " (" + this_host() + ":" + std::to_string(child) + ":1)", now);
  const auto dead = running_job("kaowu@8081 (" + this_host() + ":" + gone_pid + ":1)", now);
  const auto remote = running_job("kaowu@8081 (elsewhere:" + gone_pid + ":1)", now);

  const int failed = queue_->recover(sql());
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_EQ(failed, 1);
  EXPECT_EQ(job(alive)["state"], "running") << "the instance named like a dead pid still runs";
  EXPECT_EQ(job(dead)["state"], "failed");
  EXPECT_EQ(job(remote)["state"], "running") << "another host: only a stale heartbeat tells";
}

// SIGTERM: the instance stops taking jobs at once, leaves the queued ones to the others, and
// lets the running one finish (it is not cancelled).
TEST_P(JobQueueTest, DrainLetsTheRunningJobFinishAndLeavesQueuedJobsToOthers) {
  std::promise<void> started, go_on;
  std::shared_future<void> released = go_on.get_future().share();
  std::atomic<bool> saw_cancel{false};
  queue_->register_type("demo_long", "演示长任务", [&](JobContext& ctx) -> Status {
    started.set_value();
    released.wait();
    saw_cancel = ctx.cancelled();
    ctx.set_result({{"rows", 3}});
    return {};
  });
  queue_->register_type("demo", "演示", [&](JobContext&) -> Status { return {}; });
  const auto running = enqueue("demo_long");
  queue_->start(1, std::chrono::milliseconds(20));
  queue_->notify();
  started.get_future().wait();
  queue_->drain();
  const auto queued = enqueue("demo");
  queue_->notify();
  std::thread stopper([&]() { queue_->stop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(job(running)["state"], "running") << "stop() waits for the running job";
  go_on.set_value();
  stopper.join();
  EXPECT_FALSE(saw_cancel.load());
  EXPECT_EQ(job(running)["state"], "succeeded");
  EXPECT_EQ(job(running)["result"]["rows"], 3);
  EXPECT_EQ(job(queued)["state"], "queued") << "left for another instance";
  JobQueue other(*database_, clock_, "other-instance");
  EXPECT_EQ(other.claim(sql()), queued);
}

TEST_P(JobQueueTest, OtherOrganisationsJobsAreHidden) {
  const auto id = enqueue("demo");
  auto mine = queue_->get(sql(), mine_, id);
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine.value()["id"], id);

  auto hidden = queue_->get(sql(), theirs_, id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().kind, ErrorKind::not_found);
  EXPECT_EQ(hidden.error().message, "任务不存在或无权查看");

  Scope student = mine_;
  student.account_id = mine_.account_id + 1000;
  student.role = Role::student;
  EXPECT_FALSE(queue_->get(sql(), student, id)) << "a student sees only their own jobs";

  EXPECT_FALSE(queue_->get(sql(), mine_, id + 1000));
  EXPECT_EQ(queue_->list(sql(), mine_, 1, 20)["total"], 1);
  EXPECT_EQ(queue_->list(sql(), theirs_, 1, 20)["total"], 0);
  EXPECT_EQ(queue_->list(sql(), theirs_, 1, 20)["items"], nlohmann::json::array());
}

TEST_P(JobQueueTest, StartedWorkersRunQueuedJobsInTheBackground) {
  std::atomic<int> ran{0};
  queue_->register_type("demo", "演示", [&](JobContext& ctx) -> Status {
    ++ran;
    ctx.set_result({{"job", ctx.id()}});
    return {};
  });
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(enqueue("demo"));
  queue_->start(2);
  queue_->notify();

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  auto all_done = [&]() {
    for (auto id : ids) {
      if (job(id)["state"] != "succeeded") return false;
    }
    return true;
  };
  while (!all_done() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  queue_->stop();
  EXPECT_EQ(ran.load(), 4);
  for (auto id : ids) {
    EXPECT_EQ(job(id)["state"], "succeeded") << "job " << id;
    EXPECT_EQ(job(id)["result"]["job"], id);
  }
}

// Workers wait for notify(), not for their next look at the queue: with an hour between looks, a
// job queued while they are idle runs as soon as it is notified.
TEST_P(JobQueueTest, NotifyWakesAnIdleWorker) {
  std::atomic<int> ran{0};
  queue_->register_type("demo", "演示", [&](JobContext&) -> Status {
    ++ran;
    return {};
  });
  queue_->start(1, std::chrono::hours(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the worker has found nothing
  const auto id = enqueue("demo");
  queue_->notify();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (job(id)["state"] != "succeeded" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  queue_->stop();
  EXPECT_EQ(ran.load(), 1);
  EXPECT_EQ(job(id)["state"], "succeeded");
}

// The worker claims the job, and the database goes away before the job could read its type and
// parameters: the job ends as failed, the worker goes on and runs the next job.
TEST_P(JobQueueTest, DatabaseLostAsAJobStartsFailsThatJobAndTheWorkerRunsTheNext) {
  std::atomic<int> ran{0};
  queue_->register_type("demo", "演示", [&](JobContext&) -> Status {
    ++ran;
    return {};
  });
  prepare_database_loss();
  lose_database_at("start");
  const auto first = enqueue("demo");
  queue_->start(1, std::chrono::milliseconds(50));
  queue_->notify();

  const auto failed = await_state(first, "failed");
  EXPECT_EQ(failed["state"], "failed");
  EXPECT_EQ(failed["stateName"], "失败");
  EXPECT_EQ(failed["message"], "失败");
  EXPECT_EQ(failed["error"], kDatabaseAway);
  EXPECT_EQ(ran.load(), 0) << "the job never started";

  const auto next = enqueue("demo");
  queue_->notify();
  EXPECT_EQ(await_state(next, "succeeded")["state"], "succeeded");
  queue_->stop();
  EXPECT_EQ(ran.load(), 1);
  EXPECT_EQ(queue_->unrecorded(), 0u);
}

// The database goes away while a job runs (as it reports its progress): the job ends as
// failed with a Chinese message, the worker goes on and runs the next job.
TEST_P(JobQueueTest, DatabaseLostWhileAJobRunsFailsThatJobAndTheWorkerRunsTheNext) {
  std::atomic<int> finished{0};
  queue_->register_type("demo_import", "演示导入", [&](JobContext& ctx) -> Status {
    if (ctx.params().value("lose", false)) lose_database_at("progress");
    ctx.progress(10, "校验中");
    if (ctx.cancelled()) return err::make(ErrorKind::conflict, "任务已取消", "cancelled");
    ++finished;
    return {};
  });
  prepare_database_loss();
  const auto first = enqueue("demo_import", {{"lose", true}});
  queue_->start(1, std::chrono::milliseconds(50));
  queue_->notify();

  const auto failed = await_state(first, "failed");
  EXPECT_EQ(failed["state"], "failed");
  EXPECT_EQ(failed["message"], "失败");
  // PostgreSQL: the job's own connection is gone too, so its end is written by the fallback.
  // SQLite: the job's code met a database error and its end is written as usual.
  EXPECT_EQ(failed["error"], postgresql() ? kDatabaseAway : "任务执行出错，请稍后重试或联系管理员");
  EXPECT_EQ(finished.load(), 0);

  const auto next = enqueue("demo_import");
  queue_->notify();
  const auto done = await_state(next, "succeeded");
  EXPECT_EQ(done["state"], "succeeded");
  EXPECT_EQ(done["progress"], 100);
  queue_->stop();
  EXPECT_EQ(finished.load(), 1);
}

// The job ends while the database refuses writes (another connection holds the lock longer than
// the queue waits): its end cannot be written and it is kept, the job stays 进行中, and once the
// lock is gone the worker writes it as failed before it runs the next job.
TEST_P(JobQueueTest, AnEndThatCannotBeWrittenIsWrittenOnceTheDatabaseIsBack) {
  auto other = db::Database::open(postgresql() ? url_ : path_.string(), 1);
  ASSERT_TRUE(other) << other.error().message;
  soci::session locker((*other)->pool());
  for (std::size_t i = 0; i < database_->size(); ++i) {
    database_->pool().at(i) << (postgresql() ? "SET lock_timeout = '100ms'"
                                             : "PRAGMA busy_timeout = 100");
  }
  std::promise<void> locked;
  queue_->register_type("demo", "演示", [&](JobContext& ctx) -> Status {
    if (ctx.params().value("lock", false)) {
      long long id = ctx.id();
      if (postgresql()) {
        locker << "BEGIN";
        locker << "SELECT id FROM jobs WHERE id = :id FOR UPDATE", soci::use(id);
      } else {
        locker << "BEGIN IMMEDIATE";
      }
      locked.set_value();
    }
    return {};
  });
  const auto first = enqueue("demo", {{"lock", true}});
  queue_->start(1, std::chrono::milliseconds(50));
  queue_->notify();
  locked.get_future().wait();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (queue_->unrecorded() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(queue_->unrecorded(), 1u);
  EXPECT_EQ(job(first)["state"], "running") << "nothing could be written yet";

  locker << "ROLLBACK";
  queue_->notify();
  const auto failed = await_state(first, "failed");
  EXPECT_EQ(failed["state"], "failed");
  EXPECT_EQ(failed["stateName"], "失败");
  EXPECT_EQ(failed["error"], kDatabaseAway);
  // The row is written before the worker forgets the end it was holding; wait for the second step.
  const auto forgotten = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (queue_->unrecorded() != 0 && std::chrono::steady_clock::now() < forgotten) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(queue_->unrecorded(), 0u);

  const auto next = enqueue("demo");
  queue_->notify();
  EXPECT_EQ(await_state(next, "succeeded")["state"], "succeeded");
  queue_->stop();
}

INSTANTIATE_TEST_SUITE_P(Engines, JobQueueTest, ::testing::ValuesIn(kaowu::testing::engines()));

}  // namespace
}  // namespace kaowu::jobs
