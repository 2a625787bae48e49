#include "core/db/bulk.hpp"

#include <gtest/gtest.h>

#include "../../support/test_db.hpp"
#include "core/db/database.hpp"

namespace kaowu {
namespace {

class BulkInsertTest : public testing::SessionDbTest {
 protected:
  void SetUp() override {
    if (!open(1631923200)) return;
    // `id` numbers the rows in the order they were written, on either engine.
    const bool pg = db::dialect_of(sql()) == db::Dialect::postgresql;
    sql() << std::string("CREATE TEMP TABLE bulk_probe (id ") +
                 (pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY") +
                 ", n BIGINT NOT NULL, s TEXT, k TEXT UNIQUE)";
  }
};

TEST_P(BulkInsertTest, RowsComeBackWithTheirTypesTextAndNulls) {
  // More rows than one flush on either engine, and a last partial one.
  constexpr int kRows = 1234;
  {
    db::BulkInsert rows(sql(), "bulk_probe", {"n", "s", "k"});
    for (int i = 0; i < kRows; ++i) {
      rows.add(std::int64_t{i} * 1099511627776LL - 5);
      if (i % 7 == 0) {
        rows.add_null();
      } else {
        rows.add("考生“" + std::to_string(i) + "” O'Brien \\ ,$1");
      }
      rows.add("key-" + std::to_string(i)).end_row();
    }
    rows.finish();
    EXPECT_EQ(rows.written(), static_cast<std::size_t>(kRows));
  }
  long long count = 0, sum_small = 0;
  sql() << "SELECT COUNT(*) FROM bulk_probe", soci::into(count);
  EXPECT_EQ(count, kRows);
  // Integers stored as integers: arithmetic on them in SQL gives the exact values.
  sql() << "SELECT SUM((n + 5) / 1099511627776) FROM bulk_probe", soci::into(sum_small);
  EXPECT_EQ(sum_small, static_cast<long long>(kRows) * (kRows - 1) / 2);
  std::string text;
  soci::indicator ind = soci::i_ok;
  sql() << "SELECT s FROM bulk_probe WHERE k = 'key-8'", soci::into(text, ind);
  EXPECT_EQ(ind, soci::i_ok);
  EXPECT_EQ(text, "考生“8” O'Brien \\ ,$1");
  sql() << "SELECT s FROM bulk_probe WHERE k = 'key-14'", soci::into(text, ind);
  EXPECT_EQ(ind, soci::i_null);
  // In the order they were added, across statements of many rows and the last ones alone.
  long long out_of_order = -1;
  sql() << "SELECT COUNT(*) FROM bulk_probe a JOIN bulk_probe b ON b.id > a.id WHERE b.n < a.n",
      soci::into(out_of_order);
  EXPECT_EQ(out_of_order, 0);
}

TEST_P(BulkInsertTest, AConstraintRefusalThrowsAsTheDatabaseSaysIt) {
  db::BulkInsert rows(sql(), "bulk_probe", {"n", "s", "k"});
  rows.add(std::int64_t{1}).add("a").add("same").end_row();
  rows.add(std::int64_t{2}).add("b").add("same").end_row();
  try {
    rows.finish();
    FAIL() << "a duplicate key was written";
  } catch (const std::exception& e) {
    EXPECT_TRUE(db::is_constraint_violation(e)) << e.what();
  }
}

TEST_P(BulkInsertTest, ARefusalInsideAStatementOfManyRowsThrowsAndWritesNoneOfThatStatement) {
  auto write = [&]() {
    db::BulkInsert rows(sql(), "bulk_probe", {"n", "s", "k"});
    for (int i = 0; i < 300; ++i) {
      // The 200th row repeats the 150th's key: both in the first flush, far from its edges.
      const int key = i == 199 ? 149 : i;
      rows.add(std::int64_t{i}).add("x").add("key-" + std::to_string(key)).end_row();
    }
    rows.finish();
  };
  EXPECT_THROW(write(), std::exception);
  long long after = -1;
  sql() << "SELECT COUNT(*) FROM bulk_probe WHERE n >= 192", soci::into(after);
  EXPECT_EQ(after, 0) << "rows of the refused statement stayed written";
}

TEST_P(BulkInsertTest, ARowWithTheWrongNumberOfValuesIsAProgrammingError) {
  db::BulkInsert rows(sql(), "bulk_probe", {"n", "s", "k"});
  rows.add(std::int64_t{1}).add("a");
  EXPECT_THROW(rows.end_row(), std::logic_error);
}

INSTANTIATE_TEST_SUITE_P(Engines, BulkInsertTest, ::testing::ValuesIn(kaowu::testing::engines()));

}  // namespace
}  // namespace kaowu
