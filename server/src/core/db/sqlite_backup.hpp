#pragma once

#include <cstdint>
#include <string>

#include "core/error.hpp"

namespace kaowu::db {

//! What a copy of a SQLite database holds.
struct SqliteCopy {
  std::int64_t bytes = 0;
  int migration = 0;  //!< the highest migration recorded in it
};

//! Copies the SQLite database `from` into the new file `to` with SQLite's online backup, in one
//! read transaction: the copy is the database as it was at one instant, while a serving instance
//! goes on writing (WAL lets it). The copy is written beside `to`, checked (integrity_check, a
//! kaowu schema) and only then renamed into place, so `to` is never half-written. An existing `to`
//! is kept unless `force`.
Result<SqliteCopy> sqlite_backup(const std::string& from, const std::string& to, bool force);

//! Restores the backup `from` into the SQLite database `to` (created when missing) through the
//! same API. A `to` that already holds tables is refused unless `force`; one in use (locked) is
//! refused whatever `force` says.
Result<SqliteCopy> sqlite_restore(const std::string& from, const std::string& to, bool force);

}  // namespace kaowu::db
