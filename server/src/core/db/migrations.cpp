#include "core/db/migrations.hpp"

#include <spdlog/spdlog.h>

#include <set>

namespace kaowu::db {

std::vector<std::string> split_statements(const std::string& sql) {
  std::vector<std::string> out;
  std::string current;
  std::size_t pos = 0;
  while (pos < sql.size()) {
    std::size_t end = sql.find('\n', pos);
    if (end == std::string::npos) end = sql.size();
    std::string line = sql.substr(pos, end - pos);
    pos = end + 1;
    std::string trimmed = line;
    while (!trimmed.empty() &&
           (trimmed.back() == ' ' || trimmed.back() == '\r' || trimmed.back() == '\t'))
      trimmed.pop_back();
    std::size_t first = trimmed.find_first_not_of(" \t");
    if (first == std::string::npos || trimmed.compare(first, 2, "--") == 0) continue;
    current += trimmed;
    current += '\n';
    if (trimmed.back() == ';') {
      current.pop_back();
      current.pop_back();
      out.push_back(current);
      current.clear();
    }
  }
  if (current.find_first_not_of(" \t\n") != std::string::npos) out.push_back(current);
  return out;
}

std::vector<Migration> missing_migrations(soci::session& sql) {
  std::set<int> recorded;
  int table = 0;
  if (dialect_of(sql) == Dialect::postgresql) {
    sql << "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() "
           "AND table_name = 'schema_migrations'",
        soci::into(table);
  } else {
    sql << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = "
           "'schema_migrations'",
        soci::into(table);
  }
  if (table > 0) {
    soci::rowset<int> rows = (sql.prepare << "SELECT version FROM schema_migrations");
    for (int v : rows) recorded.insert(v);
  }
  std::vector<Migration> missing;
  for (const Migration& m : embedded_migrations()) {
    if (!recorded.count(m.version)) missing.push_back(m);
  }
  return missing;
}

Result<std::vector<int>> migrate(Database& database, const Clock& clock) {
  std::vector<int> applied;
  try {
    Lease lease(database);
    soci::session& sql = *lease;
    const Dialect d = database.dialect();
    sql << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
           "name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
    for (const Migration& m : embedded_migrations()) {
      Status st = write_tx(sql, [&]() -> Status {
        if (d == Dialect::postgresql) {
          // Serialises concurrent migrators; released at commit.
          sql << "SELECT pg_advisory_xact_lock(7242001)";
        }
        int count = 0;
        int version = m.version;
        sql << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v", soci::use(version),
            soci::into(count);
        if (count > 0) return {};
        for (const std::string& statement : split_statements(dialect::expand(d, m.sql))) {
          sql << statement;
        }
        std::string name = m.name;
        long long at = clock.now();
        sql << "INSERT INTO schema_migrations(version, name, applied_at) VALUES(:v, :n, :a)",
            soci::use(version), soci::use(name), soci::use(at);
        applied.push_back(version);
        return {};
      });
      if (!st) return st.error();
    }
  } catch (const std::exception& e) {
    spdlog::error("migration failed: {}", e.what());
    return err::make(ErrorKind::internal, std::string("数据库迁移失败：") + e.what(),
                     "migration_failed");
  }
  return applied;
}

}  // namespace kaowu::db
