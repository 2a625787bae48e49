#include "modules/system/metrics.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <map>
#include <utility>

#include "core/db/query.hpp"
#include "core/metrics.hpp"

namespace kaowu::system {

std::string metrics_text(App& app) {
  using metrics::label;
  auto& database = app.database();
  // Jobs of every instance (the queue is the database's), by type and state; the pool's use is
  // read while this scrape holds its own connection.
  std::map<std::pair<std::string, std::string>, std::int64_t> jobs;
  std::int64_t oldest = 0;
  std::size_t in_use = 0, waiting = 0;
  bool up = true;
  try {
    db::Lease lease(database);
    soci::session& sql = *lease;
    in_use = database.in_use();
    waiting = database.waiting();
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT type, state, COUNT(*) AS n FROM jobs GROUP BY type, state");
    for (const auto& row : rows) {
      jobs[{db::get_str(row, "type"), db::get_str(row, "state")}] = db::get_i64(row, "n");
    }
    long long first = 0;
    soci::indicator ind = soci::i_null;
    sql << "SELECT MIN(created_at) FROM jobs WHERE state = 'queued'", soci::into(first, ind);
    if (ind == soci::i_ok) oldest = std::max<std::int64_t>(0, app.clock().now() - first);
  } catch (const std::exception& e) {
    spdlog::warn("metrics: the database could not be read: {}", e.what());
    up = false;
    in_use = database.in_use();
    waiting = database.waiting();
  }

  std::string out = metrics::registry().text();
  out += fmt::format(
      "# HELP kaowu_build_info The running version and database engine.\n"
      "# TYPE kaowu_build_info gauge\n"
      "kaowu_build_info{{version=\"{}\",engine=\"{}\"}} 1\n",
      label(KAOWU_VERSION),
      database.dialect() == db::Dialect::postgresql ? "postgresql" : "sqlite");
  out += fmt::format(
      "# HELP kaowu_db_pool_connections Database connections of this instance's pool.\n"
      "# TYPE kaowu_db_pool_connections gauge\n"
      "kaowu_db_pool_connections {}\n"
      "# HELP kaowu_db_pool_in_use Connections leased to a request, a job or a sweep (this "
      "scrape's own included).\n"
      "# TYPE kaowu_db_pool_in_use gauge\n"
      "kaowu_db_pool_in_use {}\n"
      "# HELP kaowu_db_pool_waiting Leases waiting for a free connection.\n"
      "# TYPE kaowu_db_pool_waiting gauge\n"
      "kaowu_db_pool_waiting {}\n",
      database.size(), in_use, waiting);
  out += fmt::format(
      "# HELP kaowu_database_up Whether this scrape could read the database.\n"
      "# TYPE kaowu_database_up gauge\n"
      "kaowu_database_up {}\n",
      up ? 1 : 0);
  out +=
      "# HELP kaowu_jobs Jobs of every instance, by type and state.\n"
      "# TYPE kaowu_jobs gauge\n";
  for (const auto& [key, n] : jobs) {
    out += fmt::format("kaowu_jobs{{type=\"{}\",state=\"{}\"}} {}\n", label(key.first),
                       label(key.second), n);
  }
  out += fmt::format(
      "# HELP kaowu_job_queue_oldest_seconds How long the oldest queued job has waited (0 when "
      "none waits).\n"
      "# TYPE kaowu_job_queue_oldest_seconds gauge\n"
      "kaowu_job_queue_oldest_seconds {}\n",
      oldest);
  return out;
}

}  // namespace kaowu::system
