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

// Migration 019 gives the certificate levels made before it their 证书编号: the statement it runs
// on them, run again over levels without a code, gives each 9 and seven digits of its id.
TEST_P(MigrationsTest, LevelCodesAreGivenToLevelsMadeBefore) {
  soci::session sql(database_->pool());
  sql << "INSERT INTO organizations(type, name, created_at, updated_at) VALUES('org', '颁证机构', "
         "1, 1)";
  long long org = 0;
  sql << "SELECT MAX(id) FROM organizations", soci::into(org);
  sql << "INSERT INTO certificates(org_id, code, name, created_at, updated_at) VALUES(:o, "
         "'50000001', '证书', 1, 1)",
      soci::use(org);
  long long cert = 0;
  sql << "SELECT MAX(id) FROM certificates", soci::into(cert);
  for (std::string level : {"初级", "中级", "高级"}) {
    sql << "INSERT INTO certificate_levels(certificate_id, level) VALUES(:c, :l)", soci::use(cert),
        soci::use(level);
  }
  const Migration* level_codes = nullptr;
  for (const auto& m : embedded_migrations()) {
    if (m.version == 19) level_codes = &m;
  }
  ASSERT_NE(level_codes, nullptr);
  bool updated = false;
  for (const auto& statement : split_statements(level_codes->sql)) {
    if (statement.rfind("UPDATE certificate_levels", 0) != 0) continue;
    sql << statement;
    updated = true;
  }
  ASSERT_TRUE(updated);
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, code FROM certificate_levels ORDER BY id");
  int seen = 0;
  for (const auto& row : rows) {
    const auto id = get_i64(row, "id");
    const auto code = get_str(row, "code");
    EXPECT_EQ(code, std::to_string(90000000 + id));
    EXPECT_EQ(code.size(), 8u);
    ++seen;
  }
  EXPECT_EQ(seen, 3);
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
