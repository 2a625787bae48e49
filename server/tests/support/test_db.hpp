#pragma once

#include "core/clock.hpp"
#include "core/db/database.hpp"
#include "core/db/migrations.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace kaowu::testing {

//! The engines the repository tests run on: SQLite always, PostgreSQL when KAOWU_TEST_PG_URL
//! names a scratch database (make test starts a throwaway cluster and sets it).
inline std::vector<std::string> engines() {
  std::vector<std::string> out = {"sqlite"};
  if (const char* pg = std::getenv("KAOWU_TEST_PG_URL"); pg && *pg) out.push_back("postgresql");
  return out;
}

//! A fresh, migrated database per test on the engine named by the test parameter.
class DbTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      url_ = std::getenv("KAOWU_TEST_PG_URL");
      auto opened = db::Database::open(url_, 4);
      ASSERT_TRUE(opened) << opened.error().message;
      database_ = std::move(opened.value());
      soci::session sql(database_->pool());
      sql << "DROP SCHEMA public CASCADE";
      sql << "CREATE SCHEMA public";
    } else {
      path_ = std::filesystem::temp_directory_path() /
              ("kaowu-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++) + ".db");
      std::filesystem::remove(path_);
      auto opened = db::Database::open(path_.string(), 4);
      ASSERT_TRUE(opened) << opened.error().message;
      database_ = std::move(opened.value());
    }
    auto applied = db::migrate(*database_, clock_);
    ASSERT_TRUE(applied) << applied.error().message;
  }
  void TearDown() override {
    database_.reset();
    if (!path_.empty()) {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
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
};

}  // namespace kaowu::testing
