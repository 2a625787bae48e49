#include "core/db/sqlite_backup.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

namespace kaowu::db {

namespace fs = std::filesystem;

namespace {

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, Closer>;

Result<Connection> open(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Connection db(raw);
  if (rc != SQLITE_OK) {
    return err::invalid("无法打开数据库 " + path + "：" +
                        (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db.get(), 5000);
  return db;
}

// Whether the file starts as every SQLite database does.
bool is_sqlite_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char header[16] = {0};
  in.read(header, sizeof header);
  return in.gcount() == 16 && std::memcmp(header, "SQLite format 3", 16) == 0;
}

// The first column of the first row of `sql`, as text ("" when there is none).
std::string scalar(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    if (const auto* text = sqlite3_column_text(stmt, 0)) out = reinterpret_cast<const char*>(text);
  }
  sqlite3_finalize(stmt);
  return out;
}

int table_count(sqlite3* db) {
  const std::string n = scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
  return n.empty() ? 0 : std::stoi(n);
}

// A copy must be whole and be a kaowu database; answers its highest migration.
Result<int> check(sqlite3* db, const std::string& path) {
  const std::string integrity = scalar(db, "PRAGMA integrity_check");
  if (integrity != "ok") {
    return err::invalid(path + " 已损坏（integrity_check：" + integrity + "）");
  }
  if (scalar(db,
             "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = "
             "'schema_migrations'") != "1") {
    return err::invalid(path + " 不是 kaowu 的数据库（没有 schema_migrations 表）");
  }
  const std::string version = scalar(db, "SELECT MAX(version) FROM schema_migrations");
  return version.empty() ? 0 : std::stoi(version);
}

// Copies `from` into `to` in one step (one read transaction on `from`); retries while either is
// locked for a moment, up to `patience`.
Status copy(sqlite3* from, sqlite3* to, std::chrono::seconds patience, const std::string& what) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (!backup) return err::invalid(what + "失败：" + sqlite3_errmsg(to));
  const auto until = std::chrono::steady_clock::now() + patience;
  int rc = SQLITE_OK;
  for (;;) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc == SQLITE_DONE) break;
    if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    break;
  }
  sqlite3_backup_finish(backup);
  if (rc == SQLITE_DONE) return {};
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    return err::make(ErrorKind::conflict, what + "失败：数据库一直被占用，请稍后重试", "busy");
  }
  return err::invalid(what + "失败：" + sqlite3_errstr(rc));
}

std::int64_t file_size(const std::string& path) {
  std::error_code ec;
  const auto n = fs::file_size(path, ec);
  return ec ? 0 : static_cast<std::int64_t>(n);
}

}  // namespace

Result<SqliteCopy> sqlite_backup(const std::string& from, const std::string& to, bool force) {
  std::error_code ec;
  if (!fs::is_regular_file(from, ec)) return err::invalid("找不到数据库文件 " + from);
  if (!is_sqlite_file(from)) return err::invalid(from + " 不是 SQLite 数据库文件");
  if (fs::exists(to, ec) && !force) {
    return err::invalid("备份文件 " + to + " 已存在；换一个文件名，或加 --force 覆盖");
  }
  const std::string part = to + ".part-" + std::to_string(::getpid());
  struct Cleanup {
    const std::string& file;
    ~Cleanup() {
      std::error_code ignored;
      fs::remove(file, ignored);
    }
  } cleanup{part};
  fs::remove(part, ec);

  auto source = TRY(open(from, SQLITE_OPEN_READWRITE));
  SqliteCopy out;
  {
    auto target = TRY(open(part, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    TRY(copy(source.get(), target.get(), std::chrono::seconds(60), "备份"));
    // One self-contained file, whatever journal the served database uses.
    scalar(target.get(), "PRAGMA journal_mode = DELETE");
    out.migration = TRY(check(target.get(), from));
  }
  fs::rename(part, to, ec);
  if (ec) return err::invalid("无法写入备份文件 " + to + "：" + ec.message());
  out.bytes = file_size(to);
  return out;
}

Result<SqliteCopy> sqlite_restore(const std::string& from, const std::string& to, bool force) {
  std::error_code ec;
  if (!fs::is_regular_file(from, ec)) return err::invalid("找不到备份文件 " + from);
  if (!is_sqlite_file(from)) return err::invalid(from + " 不是 SQLite 数据库文件");
  auto source = TRY(open(from, SQLITE_OPEN_READONLY));
  SqliteCopy out;
  out.migration = TRY(check(source.get(), from));

  const bool existed = fs::exists(to, ec);
  auto target = TRY(open(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  // A database this restore created is removed again when the restore fails.
  struct Created {
    const std::string& file;
    bool keep;
    ~Created() {
      std::error_code ignored;
      if (!keep) fs::remove(file, ignored);
    }
  } created{to, existed};
  if (const int tables = table_count(target.get()); tables > 0 && !force) {
    return err::invalid("目标数据库 " + to + " 已有数据（" + std::to_string(tables) +
                        " 张表）；确要用备份覆盖它，请先停止使用它的服务，再加 --force");
  }
  sqlite3_busy_timeout(target.get(), 0);
  Status copied = copy(source.get(), target.get(), std::chrono::seconds(2), "恢复");
  if (!copied) {
    if (copied.error().code == "busy") {
      return err::make(ErrorKind::conflict,
                       "目标数据库 " + to + " 正被使用：请先停止使用它的服务，再恢复", "busy");
    }
    return copied.error();
  }
  target.reset();
  created.keep = true;
  out.bytes = file_size(to);
  return out;
}

}  // namespace kaowu::db
