#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/auth/password.hpp"
#include "core/auth/scope.hpp"
#include "core/clock.hpp"
#include "core/db/database.hpp"
#include "core/db/migrations.hpp"
#include "core/jobs/job_queue.hpp"

namespace kaowu::testing {

//! The engines the repository tests run on. PostgreSQL is always listed because ctest learns the
//! test names when the binary is built, usually without KAOWU_TEST_PG_URL; its tests skip unless
//! that variable names a scratch database (make test starts a throwaway cluster and sets it).
inline std::vector<std::string> engines() {
  return {"sqlite", "postgresql"};
}

//! A fresh, migrated database per test on the engine named by the test parameter. Fixtures that
//! extend SetUp return early when HasFatalFailure() || IsSkipped().
class DbTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      // A schema per test, not a shared `public`: ctest -j runs test processes side by side on
      // the one scratch database. The URL carries the search_path so any pool opened on it
      // (an App built from url_, say) sees the same tables.
      const char* pg = std::getenv("KAOWU_TEST_PG_URL");
      if (!pg || !*pg) GTEST_SKIP() << "KAOWU_TEST_PG_URL names no PostgreSQL scratch database";
      const std::string base = pg;
      schema_ = "kaowu_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++);
      url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
             schema_;
      auto opened = db::Database::open(url_, 4);
      ASSERT_TRUE(opened) << opened.error().message;
      database_ = std::move(opened.value());
      soci::session sql(database_->pool());
      sql << "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE";
      sql << "CREATE SCHEMA " + schema_;
    } else {
      path_ = std::filesystem::temp_directory_path() / ("kaowu-test-" + std::to_string(::getpid()) +
                                                        "-" + std::to_string(counter()++) + ".db");
      std::filesystem::remove(path_);
      auto opened = db::Database::open(path_.string(), 4);
      ASSERT_TRUE(opened) << opened.error().message;
      database_ = std::move(opened.value());
    }
    auto applied = db::migrate(*database_, clock_);
    ASSERT_TRUE(applied) << applied.error().message;
  }
  void TearDown() override {
    if (database_ && !schema_.empty()) {
      try {
        soci::session sql(database_->pool());
        sql << "DROP SCHEMA " + schema_ + " CASCADE";
      } catch (const std::exception& e) {
        ADD_FAILURE() << "could not drop test schema " << schema_ << ": " << e.what();
      }
    }
    database_.reset();
    if (!path_.empty()) {
      for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(path_.string() + suffix);
    }
  }
  static int& counter() {
    static int n = 0;
    return n;
  }

  ManualClock clock_;
  std::unique_ptr<db::Database> database_;
  std::filesystem::path path_;
  std::string url_;
  std::string schema_;  //!< PostgreSQL only
};

//! DbTest with crypto ready, the clock at a given time and a session on the pool (sql()).
class SessionDbTest : public DbTest {
 protected:
  //! Call from SetUp; false when the engine is skipped or the database failed (return then).
  bool open(Timestamp at) {
    crypto::init();
    DbTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return false;
    clock_.set(at);
    sql_ = std::make_unique<soci::session>(database_->pool());
    return true;
  }
  void TearDown() override {
    sql_.reset();
    DbTest::TearDown();
  }

  soci::session& sql() { return *sql_; }

  std::unique_ptr<soci::session> sql_;
};

//! SessionDbTest with a job queue on the database (queue_, jobs run when the test says) and a
//! scratch directory for files (temp_), removed afterwards.
class JobDbTest : public SessionDbTest {
 protected:
  bool open(Timestamp at) {
    if (!SessionDbTest::open(at)) return false;
    temp_ = std::filesystem::temp_directory_path() /
            ("kaowu-job-test-" + crypto::random_token().substr(0, 8));
    std::filesystem::create_directories(temp_);
    queue_ = std::make_unique<jobs::JobQueue>(*database_, clock_, "test-worker");
    return true;
  }
  void TearDown() override {
    queue_.reset();
    std::error_code ec;
    if (!temp_.empty()) std::filesystem::remove_all(temp_, ec);
    SessionDbTest::TearDown();
  }

  //! Job `id` as an administrator sees it.
  nlohmann::json job(std::int64_t id) {
    Scope admin;
    admin.role = Role::admin;
    auto j = queue_->get(sql(), admin, id);
    EXPECT_TRUE(j) << j.error().message;
    return j ? j.value() : nlohmann::json();
  }

  std::unique_ptr<jobs::JobQueue> queue_;
  std::filesystem::path temp_;
};

//! Adds a college and its college account `username`; returns the account's scope (display name
//! "<name>考务老师", no province).
inline Scope add_college(soci::session& sql, const std::string& name, const std::string& username,
                         Timestamp at) {
  long long when = at, org = 0, account = 0;
  std::string n = name, u = username;
  sql << "INSERT INTO organizations(type, name, created_at, updated_at) VALUES('college', :n, :c, "
         ":u) RETURNING id",
      soci::use(n), soci::use(when), soci::use(when), soci::into(org);
  sql << "INSERT INTO accounts(username, display_name, role, org_id, password_hash, created_at, "
         "updated_at) "
         "VALUES(:u, :d, 'college', :o, 'x', :c, :up) RETURNING id",
      soci::use(u), soci::use(n), soci::use(org), soci::use(when), soci::use(when),
      soci::into(account);
  Scope s;
  s.account_id = account;
  s.username = username;
  s.display_name = name + "考务老师";
  s.role = Role::college;
  s.org_id = org;
  s.org_name = name;
  s.org_type = "college";
  return s;
}

}  // namespace kaowu::testing
