#include "core/db/sqlite_backup.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "core/clock.hpp"
#include "core/db/database.hpp"
#include "core/db/migrations.hpp"

namespace kaowu::db {
namespace {

namespace fs = std::filesystem;

class SqliteBackup : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kaowu-backup-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::unique_ptr<Database> migrated(const std::string& name) {
    auto db = Database::open((dir_ / name).string(), 2);
    EXPECT_TRUE(db) << db.error().message;
    EXPECT_TRUE(migrate(*db.value(), clock_));
    return std::move(db.value());
  }
  static long long count(Database& db, const char* table) {
    Lease sql(db);
    long long n = -1;
    *sql << std::string("SELECT COUNT(*) FROM ") + table, soci::into(n);
    return n;
  }
  fs::path dir_;
  ManualClock clock_;
};

TEST_F(SqliteBackup, ACopyTakenWhileAnotherConnectionWritesIsOneInstantOfIt) {
  auto live = migrated("live.db");
  std::atomic<bool> stop{false};
  std::atomic<long long> written{0};
  std::thread writer([&] {
    Lease sql(*live);
    for (long long i = 0; !stop; ++i) {
      const std::string name = std::to_string(i) + "号机构";
      *sql << "INSERT INTO organizations(type, name, enabled, created_at, updated_at) "
              "VALUES('org', :n, 1, 0, 0)",
          soci::use(name);
      written = i + 1;
    }
  });
  while (written < 200) std::this_thread::yield();
  const long long before = written;
  auto copied = sqlite_backup((dir_ / "live.db").string(), (dir_ / "copy.db").string(), false);
  stop = true;
  writer.join();
  ASSERT_TRUE(copied) << copied.error().message;
  EXPECT_GT(copied.value().migration, 0);
  EXPECT_FALSE(fs::exists(dir_ / ("copy.db.part-" + std::to_string(::getpid()))));
  auto copy = Database::open((dir_ / "copy.db").string(), 1);
  ASSERT_TRUE(copy);
  const long long rows = count(*copy.value(), "organizations");
  EXPECT_GE(rows, before);
  EXPECT_LE(rows, written.load());
}

TEST_F(SqliteBackup, RestoreRefusesADatabaseWithDataUnlessForcedAndOneInUseAlways) {
  auto source = migrated("source.db");
  source.reset();
  ASSERT_TRUE(sqlite_backup((dir_ / "source.db").string(), (dir_ / "backup.db").string(), false));

  auto target = migrated("target.db");
  const auto backup = (dir_ / "backup.db").string(), path = (dir_ / "target.db").string();
  auto refused = sqlite_restore(backup, path, false);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("已有数据"), std::string::npos) << refused.error().message;
  {
    Lease sql(*target);
    *sql << "BEGIN IMMEDIATE";  // an instance in the middle of a write
    auto busy = sqlite_restore(backup, path, true);
    ASSERT_FALSE(busy);
    EXPECT_EQ(busy.error().message,
              "目标数据库 " + path + " 正被使用：请先停止使用它的服务，再恢复");
    *sql << "ROLLBACK";
  }
  target.reset();
  auto restored = sqlite_restore(backup, path, true);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_GT(restored.value().migration, 0);
}

TEST_F(SqliteBackup, WhatIsNotAKaowuDatabaseIsRefusedWithWhatItIs) {
  auto missing = sqlite_backup((dir_ / "none.db").string(), (dir_ / "x.db").string(), false);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "找不到数据库文件 " + (dir_ / "none.db").string());
  {
    auto plain = Database::open((dir_ / "plain.db").string(), 1);
    ASSERT_TRUE(plain);
    Lease sql(*plain.value());
    *sql << "CREATE TABLE t(x INTEGER)";
  }
  auto foreign = sqlite_backup((dir_ / "plain.db").string(), (dir_ / "x.db").string(), false);
  ASSERT_FALSE(foreign);
  EXPECT_NE(foreign.error().message.find("不是 kaowu 的数据库"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "x.db")) << "nothing half-written is left";
}

}  // namespace
}  // namespace kaowu::db
