#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/db/database.hpp"

namespace kaowu::db {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

//! Every migration in server/migrations/, compiled into the binary, in version order.
const std::vector<Migration>& embedded_migrations();

//! Applies the migrations not yet recorded in schema_migrations, each in its own transaction.
//! Safe when several instances start at once. Returns the versions applied.
Result<std::vector<int>> migrate(Database& database, const Clock& clock);

//! The embedded migrations this database has not recorded (all of them before the first `migrate`),
//! in version order: an instance serving such a database is not ready.
std::vector<Migration> missing_migrations(soci::session& sql);

//! Splits a migration into statements at semicolons that end a line.
std::vector<std::string> split_statements(const std::string& sql);

}  // namespace kaowu::db
