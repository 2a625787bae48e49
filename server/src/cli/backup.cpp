#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "core/db/sqlite_backup.hpp"

namespace kaowu::cli {

namespace {

bool is_postgresql(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

std::string sqlite_path(std::string url) {
  if (url.rfind("sqlite://", 0) == 0) return url.substr(9);
  if (url.rfind("sqlite:", 0) == 0) return url.substr(7);
  return url;
}

// PostgreSQL has its own tools, which copy a database consistently while it serves.
int postgresql_tools() {
  std::cerr << "PostgreSQL 数据库请用 PostgreSQL 自带的工具备份和恢复（服务运行时即可备份）：\n"
               "  备份：pg_dump --format=custom --file=kaowu.dump \"$KAOWU_DB\"\n"
               "  恢复：createdb kaowu_restored\n"
               "        pg_restore --no-owner --dbname=\"postgresql://…/kaowu_restored\" "
               "kaowu.dump\n"
               "详见 README 的「Backup and restore」一节。\n";
  return 2;
}

std::string megabytes(std::int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

}  // namespace

int backup(const Config& config, const std::string& output, bool force) {
  if (is_postgresql(config.db)) return postgresql_tools();
  const auto started = std::chrono::steady_clock::now();
  auto copied = db::sqlite_backup(sqlite_path(config.db), output, force);
  if (!copied) {
    std::cerr << copied.error().message << "\n";
    return 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  char took[32];
  std::snprintf(took, sizeof took, "%.1f", seconds);
  std::cout << "已备份 " << sqlite_path(config.db) << " 到 " << output << "："
            << megabytes(copied.value().bytes) << "，迁移版本 " << copied.value().migration
            << "，用时 " << took << " 秒\n";
  return 0;
}

int restore(const Config& config, const std::string& input, bool force) {
  if (is_postgresql(config.db)) return postgresql_tools();
  auto restored = db::sqlite_restore(input, sqlite_path(config.db), force);
  if (!restored) {
    std::cerr << restored.error().message << "\n";
    return 1;
  }
  std::cout << "已从 " << input << " 恢复到 " << sqlite_path(config.db) << "："
            << megabytes(restored.value().bytes) << "，迁移版本 " << restored.value().migration
            << "（kaowu serve 启动时会迁移到最新结构）\n";
  return 0;
}

}  // namespace kaowu::cli
