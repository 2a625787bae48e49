#include "core/db/migrations.hpp"

#include <gtest/gtest.h>

#include "../../support/test_db.hpp"

namespace kaowu::db {
namespace {

using Statements = std::vector<std::string>;

class MigrationsTest : public testing::DbTest {};

TEST_P(MigrationsTest, SecondRunAppliesNothing) {
  auto again = migrate(*database_, clock_);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again.value().empty());

  soci::session sql(database_->pool());
  int recorded = 0;
  sql << "SELECT COUNT(*) FROM schema_migrations", soci::into(recorded);
  EXPECT_EQ(recorded, static_cast<int>(embedded_migrations().size()));
  int tables_usable = -1;
  sql << "SELECT COUNT(*) FROM accounts", soci::into(tables_usable);
  EXPECT_EQ(tables_usable, 0);
}

TEST_P(MigrationsTest, RecordsEveryEmbeddedVersionOnce) {
  ASSERT_FALSE(embedded_migrations().empty());
  EXPECT_EQ(embedded_migrations().front().version, 1);
  soci::session sql(database_->pool());
  for (const auto& m : embedded_migrations()) {
    int version = m.version, count = 0;
    sql << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v", soci::use(version),
        soci::into(count);
    EXPECT_EQ(count, 1) << "migration " << m.version << " " << m.name;
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, MigrationsTest, ::testing::ValuesIn(kaowu::testing::engines()));

TEST(Migrations, EmbeddedVersionsAscend) {
  int last = 0;
  for (const auto& m : embedded_migrations()) {
    EXPECT_GT(m.version, last) << m.name;
    last = m.version;
  }
}

TEST(Migrations, SplitStatementsIgnoresCommentLines) {
  const std::string sql =
      "-- Header comment; with a semicolon;\n"
      "CREATE TABLE a (x INTEGER);\n"
      "\n"
      "   -- indented comment;\n"
      "CREATE TABLE b (\n"
      "  -- column notes;\n"
      "  y INTEGER\n"
      ");  \r\n"
      "INSERT INTO a VALUES (1);\n";
  EXPECT_EQ(split_statements(sql),
            (Statements{"CREATE TABLE a (x INTEGER)", "CREATE TABLE b (\n  y INTEGER\n)",
                        "INSERT INTO a VALUES (1)"}));
}

TEST(Migrations, SplitStatementsKeepsATrailingStatementWithoutSemicolon) {
  auto out = split_statements("CREATE TABLE a (x INTEGER);\nCREATE INDEX ix ON a(x)\n");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], "CREATE TABLE a (x INTEGER)");
  EXPECT_EQ(out[1].rfind("CREATE INDEX ix ON a(x)", 0), 0u);
  EXPECT_TRUE(split_statements("-- only a comment\n\n").empty());
  EXPECT_TRUE(split_statements("").empty());
}

}  // namespace
}  // namespace kaowu::db
