#include "core/db/bulk.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <stdexcept>

#include "core/db/database.hpp"

namespace kaowu::db {

namespace {
// Rows per PostgreSQL statement: a few round trips instead of one per row, well inside the
// protocol's 65,535 parameters.
constexpr std::size_t kPgRows = 500;
// Rows buffered before SQLite writes them (its statement is stepped row by row anyway).
constexpr std::size_t kSqliteRows = 256;

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
  if (stmt_) sqlite_api::sqlite3_finalize(static_cast<sqlite_api::sqlite3_stmt*>(stmt_));
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
  auto* stmt = static_cast<sqlite_api::sqlite3_stmt*>(stmt_);
  if (!stmt) {
    std::string text = "INSERT INTO " + table_ + "(" + column_list(columns_) + ") VALUES(";
    for (std::size_t i = 0; i < columns_.size(); ++i) text += i ? ", ?" : "?";
    text += ")";
    if (sqlite_api::sqlite3_prepare_v2(db, text.c_str(), -1, &stmt, nullptr) != SQLITE_OK) fail();
    stmt_ = stmt;
  }
  const std::size_t n = columns_.size();
  for (std::size_t row = 0; row < values_.size(); row += n) {
    for (std::size_t c = 0; c < n; ++c) {
      const int at = static_cast<int>(c + 1);
      const Value& v = values_[row + c];
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
    if (rc != SQLITE_DONE) fail();
  }
  sqlite_api::sqlite3_clear_bindings(stmt);
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
