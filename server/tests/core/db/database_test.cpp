#include "core/db/database.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "../../support/test_db.hpp"

namespace kaowu::db {
namespace {

class DatabaseTest : public testing::DbTest {
 protected:
  //! Reads the one row of `select` into `row`.
  void one(const std::string& select, soci::row& row) {
    soci::session sql(database_->pool());
    sql << select, soci::into(row);
    EXPECT_TRUE(sql.got_data()) << select;
  }
  void add_org(const std::string& name) {
    soci::session sql(database_->pool());
    std::string n = name;
    long long at = 1631923200;
    sql << "INSERT INTO organizations(type, name, created_at, updated_at) VALUES('org', :n, :c, "
           ":u)",
        soci::use(n), soci::use(at), soci::use(at);
  }
};

TEST_P(DatabaseTest, DialectMatchesTheEngine) {
  EXPECT_EQ(database_->dialect(),
            GetParam() == "postgresql" ? Dialect::postgresql : Dialect::sqlite);
  soci::session sql(database_->pool());
  EXPECT_EQ(dialect_of(sql), database_->dialect());
  EXPECT_EQ(database_->size(), 4u);
}

TEST_P(DatabaseTest, NullColumnsGiveTheFallback) {
  add_org("某评价组织");
  soci::row row;
  one("SELECT province_id, college_type, name, version FROM organizations", row);
  EXPECT_EQ(get_i64(row, "province_id"), 0);
  EXPECT_EQ(get_i64(row, "province_id", -1), -1);
  EXPECT_EQ(get_opt_i64(row, "province_id"), std::nullopt);
  EXPECT_EQ(get_str(row, "college_type"), "");
  EXPECT_EQ(get_str(row, "college_type", "无"), "无");
  EXPECT_EQ(get_opt_str(row, "college_type"), std::nullopt);
  EXPECT_EQ(get_double(row, "province_id", 2.5), 2.5);
  EXPECT_EQ(get_str(row, "name"), "某评价组织");
  EXPECT_EQ(get_i64(row, "version"), 1);
  EXPECT_TRUE(get_bool(row, "version"));
  EXPECT_THROW(get_i64(row, "no_such_column"), std::runtime_error);
}

TEST_P(DatabaseTest, CountAndSumReadAsNumbersWhateverTheEngineType) {
  add_org("甲");
  add_org("乙");
  add_org("丙");
  soci::row row;
  one("SELECT COUNT(*) AS n, SUM(version) AS s, MAX(created_at) AS m, "
      "COUNT(*) * 1.5 AS d FROM organizations",
      row);
  EXPECT_EQ(get_i64(row, "n"), 3);
  EXPECT_EQ(get_str(row, "n"), "3");
  EXPECT_EQ(get_i64(row, "s"), 3);
  EXPECT_EQ(get_i64(row, "m"), 1631923200);
  EXPECT_DOUBLE_EQ(get_double(row, "d"), 4.5);

  soci::row none;
  one("SELECT COUNT(*) AS n, MAX(created_at) AS m FROM organizations WHERE id < 0", none);
  EXPECT_EQ(get_i64(none, "n", -1), 0);
  EXPECT_EQ(get_opt_i64(none, "m"), std::nullopt);
}

TEST_P(DatabaseTest, WriteTxRollsBackOnAnErrorResult) {
  soci::session sql(database_->pool());
  Status failed = write_tx(sql, [&]() -> Status {
    sql << "INSERT INTO organizations(type, name, created_at, updated_at) VALUES('org', '回滚', 1, "
           "1)";
    return err::conflict("名称已存在");
  });
  ASSERT_FALSE(failed);
  EXPECT_THROW(write_tx(sql,
                        [&]() -> Status {
                          sql << "INSERT INTO organizations(type, name, created_at, updated_at) "
                                 "VALUES('org', '异常', 1, 1)";
                          throw std::runtime_error("boom");
                        }),
               std::runtime_error);
  Status ok = write_tx(sql, [&]() -> Status {
    sql << "INSERT INTO organizations(type, name, created_at, updated_at) VALUES('org', '提交', 1, "
           "1)";
    return {};
  });
  ASSERT_TRUE(ok);
  int n = 0;
  sql << "SELECT COUNT(*) FROM organizations", soci::into(n);
  EXPECT_EQ(n, 1);
}

// What the loser of two concurrent inserts of the same key meets: a 409 and nothing written,
// also for a missing parent row.
TEST_P(DatabaseTest, ConstraintRefusalsBecomeAConflict) {
  soci::session sql(database_->pool());
  ASSERT_TRUE(write_tx(sql, [&]() -> Status {
    sql << "INSERT INTO organizations(type, name, created_at, updated_at) VALUES('org', '重复', 1, "
           "1)";
    return {};
  }));
  Result<long long> dup = write_tx(sql, [&]() -> Result<long long> {
    sql << "INSERT INTO organizations(type, name, created_at, updated_at) VALUES('college', "
           "'另一个', 1, 1)";
    sql << "INSERT INTO organizations(type, name, created_at, updated_at) VALUES('org', '重复', 1, "
           "1)";
    return 1;
  });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().kind, ErrorKind::conflict);
  EXPECT_EQ(dup.error().message, "数据刚被他人同时修改（记录重复或已被删除），请刷新后重试");
  Status orphan = write_tx(sql, [&]() -> Status {
    sql << "INSERT INTO accounts(username, display_name, role, org_id, password_hash, created_at, "
           "updated_at) "
           "VALUES('ghost', 'x', 'college', 999999, 'h', 1, 1)";
    return {};
  });
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().kind, ErrorKind::conflict);
  int n = 0;
  sql << "SELECT COUNT(*) FROM organizations", soci::into(n);
  EXPECT_EQ(n, 1) << "the first insert of the failed transaction is rolled back too";
  EXPECT_THROW(write_tx(sql,
                        [&]() -> Status {
                          sql << "INSERT INTO no_such_table(x) VALUES(1)";
                          return {};
                        }),
               std::exception)
      << "other errors still escape";
}

TEST_P(DatabaseTest, LeasesHandOutWorkingConnectionsAfterTheServerEndedThemAll) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "SQLite has no server connection to lose";
  // Every pooled connection at once, so each position is seen.
  auto pids = [&] {
    std::vector<std::unique_ptr<Lease>> all;
    std::set<int> seen;
    for (std::size_t i = 0; i < database_->size(); ++i) {
      all.push_back(std::make_unique<Lease>(*database_));
      int pid = 0;
      **all.back() << "SELECT pg_backend_pid()", soci::into(pid);
      seen.insert(pid);
    }
    return seen;
  };
  const std::set<int> before = pids();
  ASSERT_EQ(before.size(), database_->size());

  // What a restart of the server does to them.
  auto killer = Database::open(url_, 1);
  ASSERT_TRUE(killer);
  {
    Lease k(**killer);
    std::string list;
    for (int pid : before) list += (list.empty() ? "" : ",") + std::to_string(pid);
    *k << "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE pid IN (" + list +
              ")";
    for (int left = 1, tries = 0; left > 0 && tries < 500; ++tries) {
      *k << "SELECT COUNT(*) FROM pg_stat_activity WHERE pid IN (" + list + ")", soci::into(left);
      if (left) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  // The first user of an ended connection meets the loss (no lease pings while all is well)...
  {
    Lease first(*database_);
    EXPECT_THROW(*first << "SELECT 1", std::exception);
  }
  // ... and from then on every lease, of every position, works: the one that failed was opened
  // again as it was given back, the others proved themselves before being handed out.
  const std::set<int> after = pids();
  ASSERT_EQ(after.size(), database_->size());
  for (int pid : after) EXPECT_EQ(before.count(pid), 0u) << "connection " << pid << " is new";
  Lease again(*database_);
  std::string zone;
  *again << "SHOW TIME ZONE", soci::into(zone);
  EXPECT_EQ(zone, "UTC") << "a re-opened connection has the settings of a new one";
}

INSTANTIATE_TEST_SUITE_P(Engines, DatabaseTest, ::testing::ValuesIn(kaowu::testing::engines()));

TEST(Database, LikePatternEscapesWildcardsAndBackslash) {
  EXPECT_EQ(like_pattern("考点"), "%考点%");
  EXPECT_EQ(like_pattern("100%"), "%100\\%%");
  EXPECT_EQ(like_pattern("a_b"), "%a\\_b%");
  EXPECT_EQ(like_pattern("c:\\x"), "%c:\\\\x%");
  EXPECT_EQ(like_pattern(""), "%%");
}

TEST(Database, ExpandGivesEachEngineItsKeyType) {
  EXPECT_EQ(dialect::expand(Dialect::sqlite, "id {{pk}}, x {{pk}}"),
            "id INTEGER PRIMARY KEY AUTOINCREMENT, x INTEGER PRIMARY KEY AUTOINCREMENT");
  EXPECT_EQ(dialect::expand(Dialect::postgresql, "id {{pk}}"),
            "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  EXPECT_STREQ(dialect::begin_write(Dialect::sqlite), "BEGIN IMMEDIATE");
  EXPECT_STREQ(dialect::begin_write(Dialect::postgresql), "BEGIN");
}

TEST(Database, UnreachableDatabaseIsUnavailableWithoutThePassword) {
  auto opened =
      Database::open("postgresql://kaowu:s3cret@127.0.0.1:1/nowhere?connect_timeout=2", 1);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, "db_unavailable");
  EXPECT_EQ(http_status(opened.error().kind), 503);
}

}  // namespace
}  // namespace kaowu::db

namespace kaowu::db {
namespace {

// Another instance's write reaches this one's caches: a NOTIFY kaowu_writes (what write_tx sends
// as it commits) from a connection outside this pool bumps write_generation() here.
TEST(DatabaseListenTest, AWriteCommittedElsewhereBumpsTheWriteGeneration) {
  const char* url = std::getenv("KAOWU_TEST_PG_URL");
  if (!url || !*url) GTEST_SKIP() << "KAOWU_TEST_PG_URL names no PostgreSQL scratch database";
  auto opened = Database::open(url, 1);
  ASSERT_TRUE(opened) << opened.error().message;
  auto& database = *opened.value();
  database.listen_for_writes();
  auto other = Database::open(url, 1);
  ASSERT_TRUE(other) << other.error().message;
  soci::session& elsewhere = other.value()->pool().at(0);

  // The listener bumps once when it starts listening; wait for that, then for the write.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto before = write_generation();
  elsewhere << "NOTIFY kaowu_writes";  // autocommit, outside write_tx: no bump of its own
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (write_generation() == before && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_GT(write_generation(), before);
}

}  // namespace
}  // namespace kaowu::db
