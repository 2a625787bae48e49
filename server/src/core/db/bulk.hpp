#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kaowu::db {

//! Many rows appended to one table in the session's transaction, each value bound as its own
//! type. SOCI's vector binding turns every value into text on SQLite and runs one statement per
//! row on PostgreSQL; here integers are bound as integers, SQLite runs one prepared statement per
//! 64 rows and PostgreSQL one multi-row INSERT per few hundred rows.
//!   BulkInsert rows(sql, "registrations", {"plan_id", "student_id", "mode"});
//!   rows.add(plan).add(student).add(mode).end_row();   ... rows.finish();
//! A failure throws, as SOCI would, so that the transaction rolls back. Rows not yet written when
//! the object is destroyed without finish() are dropped.
class BulkInsert {
 public:
  BulkInsert(soci::session& sql, std::string table, std::vector<std::string> columns);
  ~BulkInsert();
  BulkInsert(const BulkInsert&) = delete;
  BulkInsert& operator=(const BulkInsert&) = delete;

  BulkInsert& add(std::int64_t value);
  BulkInsert& add(std::string_view value);
  BulkInsert& add_null();
  //! Ends the row being built (it must have a value for every column).
  void end_row();
  //! Writes the rows still buffered.
  void finish();
  //! Rows written so far.
  std::size_t written() const { return written_; }

 private:
  using Value = std::variant<std::monostate, std::int64_t, std::string>;
  void flush();
  void flush_sqlite();
  void flush_postgresql();

  soci::session& sql_;
  std::string table_;
  std::vector<std::string> columns_;
  std::vector<Value> values_;  //!< buffered rows, row-major
  std::size_t in_row_ = 0;
  std::size_t written_ = 0;
  void* stmt_ = nullptr;  //!< SQLite: the prepared INSERT of one row, kept across flushes
  void* many_ = nullptr;  //!< SQLite: the prepared INSERT of several rows at once
};

}  // namespace kaowu::db
