#include "core/db/bulk.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <stdexcept>

#include "core/db/database.hpp"

namespace kaowu::db {

namespace {
// Rows per PostgreSQL statement: a few round trips instead of one per row, well inside the
// protocol's 65,535 parameters.
constexpr std::size_t kPgRows = 500;
// Rows buffered before SQLite writes them, and rows per statement: each run of an INSERT opens
// its cursors on the table, its indexes and the parents of its foreign keys, which costs SQLite
// more than a row; one statement of 64 rows writes a batch in about 3/5 of the time that 64
// statements of one row take. The values of a statement stay far below SQLite's limit (32,766).
constexpr std::size_t kSqliteRows = 256;
constexpr std::size_t kSqliteRowsPerStatement = 64;
constexpr std::size_t kSqliteMaxValues = 4096;

sqlite_api::sqlite3* sqlite_handle(soci::session& sql) {
  return static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
}

PGconn* pg_handle(soci::session& sql) {
  return static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
}

std::string column_list(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& c : columns) out += (out.empty() ? "" : ", ") + c;
  return out;
}
}  // namespace

BulkInsert::BulkInsert(soci::session& sql, std::string table, std::vector<std::string> columns)
    : sql_(sql), table_(std::move(table)), columns_(std::move(columns)) {
  if (columns_.empty()) throw std::logic_error("BulkInsert: no columns");
}

BulkInsert::~BulkInsert() {
  for (void* p : {stmt_, many_}) {
    if (p) sqlite_api::sqlite3_finalize(static_cast<sqlite_api::sqlite3_stmt*>(p));
  }
}

BulkInsert& BulkInsert::add(std::int64_t value) {
  values_.emplace_back(value);
  ++in_row_;
  return *this;
}

BulkInsert& BulkInsert::add(std::string_view value) {
  values_.emplace_back(std::string(value));
  ++in_row_;
  return *this;
}

BulkInsert& BulkInsert::add_null() {
  values_.emplace_back(std::monostate{});
  ++in_row_;
  return *this;
}

void BulkInsert::end_row() {
  if (in_row_ != columns_.size()) {
    throw std::logic_error("BulkInsert: a row of " + table_ + " has " + std::to_string(in_row_) +
                           " values for " + std::to_string(columns_.size()) + " columns");
  }
  in_row_ = 0;
  const bool pg = dialect_of(sql_) == Dialect::postgresql;
  if (values_.size() >= columns_.size() * (pg ? kPgRows : kSqliteRows)) flush();
}

void BulkInsert::finish() {
  if (in_row_ != 0) throw std::logic_error("BulkInsert: the last row of " + table_ + " is short");
  flush();
}

void BulkInsert::flush() {
  if (values_.empty()) return;
  if (dialect_of(sql_) == Dialect::postgresql) {
    flush_postgresql();
  } else {
    flush_sqlite();
  }
  written_ += values_.size() / columns_.size();
  values_.clear();
}

void BulkInsert::flush_sqlite() {
  auto* db = sqlite_handle(sql_);
  auto fail = [&]() {
    throw std::runtime_error("rows of " + table_ +
                             " not written: " + sqlite_api::sqlite3_errmsg(db));
  };
  const std::size_t n = columns_.size();
  // The INSERT of `rows` rows, prepared once and kept across flushes.
  auto prepared = [&](void*& slot, std::size_t rows) {
    if (!slot) {
      std::string text = "INSERT INTO " + table_ + "(" + column_list(columns_) + ") VALUES";
      for (std::size_t r = 0; r < rows; ++r) {
        text += r ? ",(" : "(";
        for (std::size_t i = 0; i < n; ++i) text += i ? ", ?" : "?";
        text += ")";
      }
      sqlite_api::sqlite3_stmt* made = nullptr;
      if (sqlite_api::sqlite3_prepare_v2(db, text.c_str(), -1, &made, nullptr) != SQLITE_OK) fail();
      slot = made;
    }
    return static_cast<sqlite_api::sqlite3_stmt*>(slot);
  };
  // Binds `rows` rows from values_[first] on and runs the statement once.
  auto write = [&](sqlite_api::sqlite3_stmt* stmt, std::size_t first, std::size_t rows) {
    for (std::size_t k = 0; k < rows * n; ++k) {
      const int at = static_cast<int>(k + 1);
      const Value& v = values_[first + k];
      int rc = SQLITE_OK;
      if (const auto* i = std::get_if<std::int64_t>(&v)) {
        rc = sqlite_api::sqlite3_bind_int64(stmt, at, *i);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        rc = sqlite_api::sqlite3_bind_text64(stmt, at, s->data(), s->size(), SQLITE_STATIC,
                                             SQLITE_UTF8);
      } else {
        rc = sqlite_api::sqlite3_bind_null(stmt, at);
      }
      if (rc != SQLITE_OK) fail();
    }
    const int rc = sqlite_api::sqlite3_step(stmt);
    sqlite_api::sqlite3_reset(stmt);
    sqlite_api::sqlite3_clear_bindings(stmt);
    if (rc != SQLITE_DONE) fail();
  };
  const std::size_t rows = values_.size() / n;
  const std::size_t per =
      std::max<std::size_t>(1, std::min(kSqliteRowsPerStatement, kSqliteMaxValues / n));
  std::size_t row = 0;
  for (; per > 1 && rows - row >= per; row += per) write(prepared(many_, per), row * n, per);
  for (; row < rows; ++row) write(prepared(stmt_, 1), row * n, 1);
}

void BulkInsert::flush_postgresql() {
  const std::size_t n = columns_.size();
  const std::size_t rows = values_.size() / n;
  std::string text = "INSERT INTO " + table_ + "(" + column_list(columns_) + ") VALUES";
  std::vector<std::string> numbers;  // integers as text, alive until the statement ran
  std::vector<const char*> params(values_.size(), nullptr);
  numbers.reserve(values_.size());
  std::size_t k = 0;
  for (std::size_t row = 0; row < rows; ++row) {
    text += row ? ",(" : "(";
    for (std::size_t c = 0; c < n; ++c, ++k) {
      text += (c ? ",$" : "$") + std::to_string(k + 1);
      const Value& v = values_[k];
      if (const auto* i = std::get_if<std::int64_t>(&v)) {
        numbers.push_back(std::to_string(*i));
        params[k] = numbers.back().c_str();
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        params[k] = s->c_str();
      }
    }
    text += ")";
  }
  PGresult* res = PQexecParams(pg_handle(sql_), text.c_str(), static_cast<int>(params.size()),
                               nullptr, params.data(), nullptr, nullptr, 0);
  const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  std::string message = ok ? "" : PQresultErrorMessage(res);
  PQclear(res);
  if (!ok) throw std::runtime_error("rows of " + table_ + " not written: " + message);
}

}  // namespace kaowu::db
