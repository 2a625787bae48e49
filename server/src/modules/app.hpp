#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/audit.hpp"
#include "core/auth/sessions.hpp"
#include "core/batch.hpp"
#include "core/clock.hpp"
#include "core/db/database.hpp"
#include "core/http/router.hpp"
#include "core/input.hpp"
#include "core/jobs/job_queue.hpp"
#include "core/rate_limit.hpp"
#include "exchange/exports.hpp"
#include "exchange/imports.hpp"

namespace kaowu {

//! Every option of `kaowu`; each also reads from an environment variable and the config file.
struct Config {
  std::string db = "data/kaowu.db";
  std::string listen = "127.0.0.1:8080";
  std::string web_dir = "web/dist";
  std::string temp_dir = "/tmp";
  std::string clock = "system";  //!< system | manual
  std::string log_level = "info";
  std::string instance;     //!< worker name for jobs; host:pid:start when empty
  int io_threads = 0;       //!< 0 = half the cores (at least 1): I/O is cheap next to the handlers
  int password_hashes = 0;  //!< sign-ins and password changes hashing at once; 0 = one per core
  int workers = 0;          //!< 0 = twice the cores (at least 4): handlers wait on the database too
  int job_workers = 2;
  int db_pool = 0;              //!< 0 = workers + job workers + 2
  int login_rate = 30;          //!< failed sign-ins per minute per client address
  std::string trusted_proxies;  //!< addresses/networks whose X-Forwarded-For names the client
  long long export_direct_rows = 5000;  //!< larger exports run as a job
  int export_rate = 30;                 //!< exports per minute per account
  int export_retention_hours = 24;      //!< exported files are removed after this
  int job_org_limit = 0;  //!< running jobs per organisation; 0 = job workers - 1, at least 1
  bool secure_cookies = false;
  bool access_log = true;
  //! Client addresses or networks GET /metrics answers (others get 404); empty = none.
  std::string metrics_allow = "127.0.0.1";
  // SMS (modules/sms): the provider and its settings; credentials are never logged.
  std::string sms_provider = "outbox";  //!< outbox | tencent
  std::string sms_endpoint = "https://sms.tencentcloudapi.com";
  std::string sms_secret_id;
  std::string sms_secret_key;
  std::string sms_app_id;
  std::string sms_sign_name;
  std::string sms_region = "ap-guangzhou";
  std::string sms_templates;  //!< provider template ids: teacher_account=…,teacher_phone_changed=…
  int sms_retry_ms = 2000;       //!< first retry after this, doubled each time
  int sms_attempts = 5;          //!< tries before a message is 发送失败
  int sms_number_limit = 5;      //!< messages an hour to one number
  int sms_college_limit = 2000;  //!< messages an hour caused by one college
};

//! The thread counts `serve` uses: the configured ones, or for 0 what suits this machine's cores.
int effective_io_threads(const Config& config);
int effective_workers(const Config& config);

//! The services one running instance shares: configuration, clock, database, router, jobs.
class App {
 public:
  //! Opens the database (and migrates it when `migrate`); routes are registered by the caller.
  static Result<std::unique_ptr<App>> create(const Config& config, bool migrate);
  ~App();

  const Config& config() const { return config_; }
  Clock& clock() { return *clock_; }
  db::Database& database() { return *database_; }
  http::Router& router() { return router_; }
  jobs::JobQueue& jobs() { return *jobs_; }
  RateLimit& export_rate() { return *export_rate_; }
  sessions::Cache& session_cache() { return session_cache_; }
  imports::Registry& imports() { return imports_; }
  exporting::Registry& exports() { return exports_; }
  //! Who is acting in a request, for the audit trail.
  static audit::Actor actor(const http::Ctx& ctx);

 private:
  App() = default;
  Config config_;
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<db::Database> database_;
  http::Router router_;
  std::unique_ptr<jobs::JobQueue> jobs_;
  std::unique_ptr<RateLimit> export_rate_;
  sessions::Cache session_cache_;
  imports::Registry imports_;
  exporting::Registry exports_;
};

//! What a module's route deleting one record says about itself; remove_route() builds the rest.
struct RemoveRoute {
  std::string pattern;     //!< e.g. "/api/v1/rooms/{id}"
  std::string permission;  //!< e.g. "room:edit"
  std::string tag;
  std::string summary;
  //! The service's delete of a record at a version: checks its rules, writes the audit trail.
  std::function<Status(soci::session&, const audit::Actor&, const input::Named&, Timestamp)> remove;
};

//! DELETE `pattern`?version=N: 204 when `remove` succeeds, else its error; 400 without a version.
http::Route remove_route(App& app, RemoveRoute spec);

//! What a module's route deleting many records says about itself; batch_remove_route() builds the
//! rest.
struct BatchRemoveRoute {
  std::string pattern;     //!< e.g. "/api/v1/rooms/batch-delete"
  std::string permission;  //!< e.g. "room:edit"
  std::string tag;
  std::string summary;
  std::string noun;  //!< what a row is, for the messages: 考场, 报考记录
  //! Each record at the version the user saw; the refused ones named with their reason.
  std::function<batch::BatchResult(soci::session&, const audit::Actor&,
                                   const std::vector<input::Named>&, Timestamp)>
      remove;
};

//! POST `pattern` {items:[{id, version}]} (at most 1000: each id is its own transaction): the one
//! batch answer {done, refused:[{id, name, reason}]}.
http::Route batch_remove_route(App& app, BatchRemoveRoute spec);

//! Registers every module's routes and job types, and the session authenticator.
void register_modules(App& app);

}  // namespace kaowu
