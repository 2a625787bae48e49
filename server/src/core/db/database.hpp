#pragma once

#include <soci/soci.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/db/row.hpp"
#include "core/error.hpp"

namespace kaowu::db {

enum class Dialect { sqlite, postgresql };

//! A pool of SOCI sessions on SQLite (a file path) or PostgreSQL (a postgresql:// URL).
class Database {
 public:
  //! Opens `pool_size` connections; SQLite files get WAL, a busy timeout and foreign keys.
  static Result<std::unique_ptr<Database>> open(const std::string& url, std::size_t pool_size);
  ~Database();

  Dialect dialect() const { return dialect_; }
  soci::connection_pool& pool() { return *pool_; }
  std::size_t size() const { return size_; }
  //! Connections leased right now, and leases waiting for one (the pool's use, for metrics).
  std::size_t in_use() const { return in_use_.load(std::memory_order_relaxed); }
  std::size_t waiting() const { return waiting_.load(std::memory_order_relaxed); }
  //! The URL with any password removed, for logs.
  const std::string& display_url() const { return display_url_; }
  //! PostgreSQL: from now on a connection of its own listens for the writes every instance
  //! commits (write_tx sends NOTIFY kaowu_writes) and bumps write_generation() for each, so that
  //! the short-lived caches of this instance (sessions, list totals) drop what a write on another
  //! instance made stale, as they do for this instance's own writes. Nothing on SQLite.
  void listen_for_writes();

 private:
  friend class Lease;
  Database() = default;
  //! Before a lease: a connection that has not proved itself since a lost one was seen is pinged
  //! and opened again when the server ended it.
  void check_out(std::size_t position);
  //! After a lease: a connection its user found dead is opened again at once, and every other
  //! connection must prove itself at its next lease (the server ends them all when it restarts).
  void check_in(std::size_t position) noexcept;
  void reopen(soci::session& sql);
  void listen_loop();

  Dialect dialect_ = Dialect::sqlite;
  std::size_t size_ = 0;
  std::unique_ptr<soci::connection_pool> pool_;
  std::string display_url_;
  std::atomic<std::uint64_t> losses_{0};  //!< connections found dead so far
  std::vector<std::uint64_t> checked_;    //!< per position: losses_ when it last proved itself
  std::atomic<std::size_t> in_use_{0};
  std::atomic<std::size_t> waiting_{0};
  std::string conninfo_;  //!< libpq keywords of a PostgreSQL database
  std::thread listener_;
  std::atomic<bool> stop_listening_{false};
};

//! One pooled connection for a unit of work (a request, a job, a sweep), given back when the
//! lease ends. Unlike a bare `soci::session(pool)`, a lease never hands out a PostgreSQL
//! connection the server has ended (a restart, pg_terminate_backend) once that loss was seen.
class Lease {
 public:
  explicit Lease(Database& database);
  ~Lease();
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;

  soci::session& operator*() const { return *session_; }
  soci::session* operator->() const { return session_; }

 private:
  Database& database_;
  std::size_t position_;
  soci::session* session_;
};

//! SQL that differs between engines lives here and only here.
namespace dialect {
//! Expands {{pk}} and friends in migration SQL.
std::string expand(Dialect d, std::string sql);
//! Starts a write transaction (SQLite takes the write lock at once to avoid upgrade deadlocks).
const char* begin_write(Dialect d);
}  // namespace dialect

Dialect dialect_of(soci::session& sql);

//! Bumped after every committed write transaction in this process. Short-lived caches (session
//! lookups, list totals) compare it to drop what this instance's own writes made stale.
std::uint64_t write_generation();
void bump_write_generation();

//! Whether a database error is a unique, foreign key or check constraint refusing a write.
bool is_constraint_violation(const std::exception& e);
//! The 409 such a refusal becomes.
Error constraint_conflict();

//! Runs `fn` inside a write transaction; commits when it returns a success, rolls back on an
//! error or an exception (rethrown, except a constraint refusal, which becomes a 409).
template <class F>
auto write_tx(soci::session& sql, F&& fn) -> decltype(fn()) {
  sql << dialect::begin_write(dialect_of(sql));
  try {
    auto result = fn();
    if (result) {
      // Delivered to every listening instance when the transaction commits (and not at all
      // when it rolls back); see Database::listen_for_writes.
      if (dialect_of(sql) == Dialect::postgresql) sql << "NOTIFY kaowu_writes";
      sql << "COMMIT";
      bump_write_generation();
    } else {
      sql << "ROLLBACK";
    }
    return result;
  } catch (const std::exception& e) {
    try {
      sql << "ROLLBACK";
    } catch (...) {
    }
    // Two requests that both passed their checks before either wrote (PostgreSQL runs them side
    // by side): the loser meets a unique or foreign key and answers 409, not 500.
    if (is_constraint_violation(e)) return constraint_conflict();
    throw;
  } catch (...) {
    try {
      sql << "ROLLBACK";
    } catch (...) {
    }
    throw;
  }
}

//! Typed reads from a dynamic row that work whatever type each engine reports.
//! Inside a write transaction: whether row `id` of `table` (a constant, never user text) is still
//! at `version`; it stays locked until the transaction ends, so an edit cannot slip in between.
bool lock_at_version(soci::session& sql, const char* table, std::int64_t id, std::int64_t version);

std::int64_t get_i64(const Row& row, std::string_view name, std::int64_t fallback = 0);
std::optional<std::int64_t> get_opt_i64(const Row& row, std::string_view name);
std::string get_str(const Row& row, std::string_view name, const std::string& fallback = {});
std::optional<std::string> get_opt_str(const Row& row, std::string_view name);
//! The column's text without a copy (empty when NULL), valid until the next row is read.
inline std::string_view get_view(const Row& row, std::string_view name) {
  return row.opt_view(name).value_or(std::string_view());
}
inline std::optional<std::string_view> get_opt_view(const Row& row, std::string_view name) {
  return row.opt_view(name);
}
double get_double(const Row& row, std::string_view name, double fallback = 0);
inline bool get_bool(const Row& row, std::string_view name) {
  return get_i64(row, name) != 0;
}

//! Escapes % and _ for LIKE ... ESCAPE '\'.
std::string like_pattern(const std::string& text);

}  // namespace kaowu::db
