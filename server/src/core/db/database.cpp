#include "core/db/database.hpp"

#include <poll.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <regex>

#include "core/db/query.hpp"

namespace kaowu::db {

namespace {
// Each pooled connection is used by one thread at a time, so SQLite's per-call connection mutexes
// and its global memory statistics (a mutex round trip per allocation) only cost time: about a
// fifth of a large import. Must run before SQLite initialises, i.e. before the first open.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD) != SQLITE_OK)
      spdlog::warn("sqlite: multi-thread mode refused");
    if (sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
      spdlog::warn("sqlite: memstatus off refused");
  });
}

bool starts_with(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

std::string url_decode(const std::string& in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size()) {
      out += static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

std::string quote_value(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

// SOCI 4.0.3 mangles URI connection strings, so postgresql://user:pass@host:port/db?opt=v
// becomes libpq's keyword form: host='host' port='port' dbname='db' user='user' ...
std::string pg_keywords(const std::string& url) {
  std::string rest = url.substr(url.find("://") + 3);
  std::string query;
  if (auto q = rest.find('?'); q != std::string::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string userinfo, hostpart = rest, dbname;
  if (auto at = rest.rfind('@'); at != std::string::npos) {
    userinfo = rest.substr(0, at);
    hostpart = rest.substr(at + 1);
  }
  if (auto slash = hostpart.find('/'); slash != std::string::npos) {
    dbname = hostpart.substr(slash + 1);
    hostpart = hostpart.substr(0, slash);
  }
  std::string out;
  auto add = [&](const std::string& k, const std::string& v) {
    if (!v.empty()) out += (out.empty() ? "" : " ") + k + "=" + quote_value(url_decode(v));
  };
  std::string host = hostpart, port;
  if (!host.empty() && host.front() == '[') {
    auto close = host.find(']');
    port = close + 1 < host.size() && host[close + 1] == ':' ? host.substr(close + 2) : "";
    host = host.substr(1, close - 1);
  } else if (auto colon = host.rfind(':'); colon != std::string::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  add("host", host);
  add("port", port);
  add("dbname", dbname);
  if (auto colon = userinfo.find(':'); colon != std::string::npos) {
    add("user", userinfo.substr(0, colon));
    add("password", userinfo.substr(colon + 1));
  } else {
    add("user", userinfo);
  }
  std::size_t pos = 0;
  while (pos < query.size()) {
    std::size_t end = query.find('&', pos);
    if (end == std::string::npos) end = query.size();
    std::string pair = query.substr(pos, end - pos);
    if (auto eq = pair.find('='); eq != std::string::npos)
      add(pair.substr(0, eq), pair.substr(eq + 1));
    pos = end + 1;
  }
  return out;
}

// What every PostgreSQL connection is set to, when first opened and when opened again.
void configure_postgresql(soci::session& sql) {
  sql << "SET TIME ZONE 'UTC'";
  sql << "SET client_min_messages = warning";
}

// Whether libpq already knows the connection is gone (it learns when a call on it fails); reads
// the connection's state, no round trip.
bool known_dead(soci::session& sql) {
  auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
  return backend == nullptr || backend->conn_ == nullptr ||
         PQstatus(backend->conn_) != CONNECTION_OK;
}

std::string redact(const std::string& url) {
  static const std::regex password(R"(://([^:/@]+):([^@]*)@)");
  return std::regex_replace(url, password, "://$1:***@");
}
}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::string& url, std::size_t pool_size) {
  std::unique_ptr<Database> database(new Database());
  database->size_ = pool_size == 0 ? 1 : pool_size;
  database->display_url_ = redact(url);
  const bool pg = starts_with(url, "postgresql://") || starts_with(url, "postgres://");
  database->dialect_ = pg ? Dialect::postgresql : Dialect::sqlite;
  std::string path = url;
  if (!pg) {
    if (starts_with(path, "sqlite://")) path = path.substr(9);
    if (starts_with(path, "sqlite:")) path = path.substr(7);
    std::filesystem::path p(path);
    if (p.has_parent_path()) {
      std::error_code ec;
      std::filesystem::create_directories(p.parent_path(), ec);
    }
  }
  if (pg) database->conninfo_ = pg_keywords(url);
  try {
    database->pool_ = std::make_unique<soci::connection_pool>(database->size_);
    database->checked_.assign(database->size_, 0);
    for (std::size_t i = 0; i < database->size_; ++i) {
      soci::session& sql = database->pool_->at(i);
      if (pg) {
        sql.open(*soci::factory_postgresql(), pg_keywords(url));
        configure_postgresql(sql);
      } else {
        configure_sqlite_once();
        sql.open(*soci::factory_sqlite3(), "db=\"" + path + "\"");
        // PRAGMAs after opening: SOCI 4.0.3 does not apply them from the connection string.
        sql << "PRAGMA busy_timeout = 10000";
        sql << "PRAGMA journal_mode = WAL";
        sql << "PRAGMA synchronous = NORMAL";
        sql << "PRAGMA foreign_keys = ON";
        keep_statements(sql);
      }
    }
  } catch (const std::exception& e) {
    spdlog::error("database open failed: {}", e.what());
    return err::make(ErrorKind::unavailable, std::string("无法连接数据库：") + e.what(),
                     "db_unavailable");
  }
  bump_write_generation();  // a new database: nothing cached before it applies
  return database;
}

void Database::reopen(soci::session& sql) {
  sql.reconnect();
  configure_postgresql(sql);
  spdlog::info("database: connection re-opened");
}

void Database::check_out(std::size_t position) {
  if (dialect_ != Dialect::postgresql) return;
  const std::uint64_t losses = losses_.load(std::memory_order_acquire);
  if (checked_[position] == losses) return;
  soci::session& sql = pool_->at(position);
  if (!sql.is_connected()) reopen(sql);  // is_connected() pings the server
  checked_[position] = losses;
}

void Database::check_in(std::size_t position) noexcept {
  if (dialect_ != Dialect::postgresql) return;
  soci::session& sql = pool_->at(position);
  if (!known_dead(sql)) return;
  losses_.fetch_add(1, std::memory_order_acq_rel);
  try {
    reopen(sql);
    checked_[position] = losses_.load(std::memory_order_acquire);
  } catch (const std::exception& e) {
    // Left for check_out to try again before anyone uses it.
    spdlog::warn("database: connection could not be re-opened: {}", e.what());
  } catch (...) {
    spdlog::warn("database: connection could not be re-opened");
  }
}

namespace {
// Waits for a free connection of the pool, counted as waiting meanwhile.
std::size_t take(soci::connection_pool& pool, std::atomic<std::size_t>& waiting) {
  waiting.fetch_add(1, std::memory_order_relaxed);
  struct Done {
    std::atomic<std::size_t>& n;
    ~Done() { n.fetch_sub(1, std::memory_order_relaxed); }
  } done{waiting};
  return pool.lease();
}
}  // namespace

Lease::Lease(Database& database)
    : database_(database), position_(take(database.pool(), database.waiting_)), session_(nullptr) {
  try {
    database_.check_out(position_);
  } catch (...) {
    database_.pool().give_back(position_);
    throw;
  }
  session_ = &database_.pool().at(position_);
  database_.in_use_.fetch_add(1, std::memory_order_relaxed);
}

Lease::~Lease() {
  database_.in_use_.fetch_sub(1, std::memory_order_relaxed);
  database_.check_in(position_);
  database_.pool().give_back(position_);
}

void Database::listen_for_writes() {
  if (dialect_ != Dialect::postgresql || listener_.joinable()) return;
  listener_ = std::thread([this]() { listen_loop(); });
}

void Database::listen_loop() {
  PGconn* conn = nullptr;
  auto wait = [this](int ms) {
    for (int waited = 0; waited < ms && !stop_listening_; waited += 100)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  };
  while (!stop_listening_) {
    if (conn == nullptr) {
      conn = PQconnectdb(conninfo_.c_str());
      PGresult* res =
          PQstatus(conn) == CONNECTION_OK ? PQexec(conn, "LISTEN kaowu_writes") : nullptr;
      const bool listening = res != nullptr && PQresultStatus(res) == PGRES_COMMAND_OK;
      if (res) PQclear(res);
      if (!listening) {
        spdlog::warn("cannot listen for other instances' writes: {}", PQerrorMessage(conn));
        PQfinish(conn);
        conn = nullptr;
        wait(1000);
        continue;
      }
      bump_write_generation();  // whatever was written while nobody listened
    }
    pollfd fd{PQsocket(conn), POLLIN, 0};
    if (::poll(&fd, 1, 200) <= 0) continue;
    if (!PQconsumeInput(conn)) {
      spdlog::warn("listening for other instances' writes: {}", PQerrorMessage(conn));
      PQfinish(conn);
      conn = nullptr;
      bump_write_generation();
      continue;
    }
    bool written = false;
    while (PGnotify* note = PQnotifies(conn)) {
      written = true;
      PQfreemem(note);
    }
    if (written) bump_write_generation();
  }
  if (conn) PQfinish(conn);
}

Database::~Database() {
  stop_listening_ = true;
  if (listener_.joinable()) listener_.join();
  if (!pool_) return;
  for (std::size_t i = 0; i < size_; ++i) forget_statements(pool_->at(i));
}

namespace {
std::atomic<std::uint64_t> g_write_generation{0};
}

std::uint64_t write_generation() {
  return g_write_generation.load(std::memory_order_acquire);
}
void bump_write_generation() {
  g_write_generation.fetch_add(1, std::memory_order_acq_rel);
}

bool is_constraint_violation(const std::exception& e) {
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    return (lite->result() & 0xff) == SQLITE_CONSTRAINT;
  }
  if (const auto* se = dynamic_cast<const soci::soci_error*>(&e)) {
    if (se->get_error_category() == soci::soci_error::constraint_violation) return true;
  }
  const std::string_view what = e.what();
  return what.find("constraint failed") != std::string_view::npos ||
         what.find("violates unique constraint") != std::string_view::npos ||
         what.find("violates foreign key constraint") != std::string_view::npos;
}

Error constraint_conflict() {
  return err::conflict("数据刚被他人同时修改（记录重复或已被删除），请刷新后重试");
}

Dialect dialect_of(soci::session& sql) {
  return sql.get_backend_name() == "postgresql" ? Dialect::postgresql : Dialect::sqlite;
}

namespace dialect {
std::string expand(Dialect d, std::string sql) {
  auto replace_all = [&](const std::string& from, const std::string& to) {
    for (std::size_t pos = 0; (pos = sql.find(from, pos)) != std::string::npos; pos += to.size())
      sql.replace(pos, from.size(), to);
  };
  if (d == Dialect::postgresql) {
    replace_all("{{pk}}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    replace_all("{{blob}}", "BYTEA");
  } else {
    replace_all("{{pk}}", "INTEGER PRIMARY KEY AUTOINCREMENT");
    replace_all("{{blob}}", "BLOB");
  }
  return sql;
}

const char* begin_write(Dialect d) {
  return d == Dialect::postgresql ? "BEGIN" : "BEGIN IMMEDIATE";
}
}  // namespace dialect

bool lock_at_version(soci::session& sql, const char* table, std::int64_t id, std::int64_t version) {
  long long rid = id, v = version;
  soci::statement st = (sql.prepare << std::string("UPDATE ") + table +
                                           " SET version = version WHERE id = :id AND version = :v",
                        soci::use(rid), soci::use(v));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::int64_t get_i64(const Row& row, std::string_view name, std::int64_t fallback) {
  return row.i64(name, fallback);
}

std::optional<std::int64_t> get_opt_i64(const Row& row, std::string_view name) {
  return row.opt_i64(name);
}

std::string get_str(const Row& row, std::string_view name, const std::string& fallback) {
  return row.str(name, fallback);
}

std::optional<std::string> get_opt_str(const Row& row, std::string_view name) {
  return row.opt_str(name);
}

double get_double(const Row& row, std::string_view name, double fallback) {
  return row.opt_double(name).value_or(fallback);
}

std::string like_pattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

}  // namespace kaowu::db
