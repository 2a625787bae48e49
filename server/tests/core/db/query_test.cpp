#include "core/db/query.hpp"

#include <gtest/gtest.h>

#include "../../support/test_db.hpp"
#include "core/db/database.hpp"

namespace kaowu::db {
namespace {

//! Organisations whose names hold LIKE's special characters.
class QueryTest : public testing::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    sql_ = std::make_unique<soci::session>(database_->pool());
    add("college", "100%就业学院", 1);
    add("college", "100分学院", 1);
    add("college", "A_B学院", 0);
    add("college", "AxB学院", 1);
    add("college", "C:\\temp学院", 1);
    add("org", "某评价组织", 1);
  }
  void TearDown() override {
    sql_.reset();
    DbTest::TearDown();
  }

  void add(const std::string& type, const std::string& name, int enabled) {
    std::string t = type, n = name;
    long long at = 1631923200;
    *sql_ << "INSERT INTO organizations(type, name, enabled, created_at, updated_at) "
             "VALUES(:t, :n, :e, :c, :u)",
        soci::use(t), soci::use(n), soci::use(enabled), soci::use(at), soci::use(at);
  }

  std::vector<std::string> names(const Query& q, const std::string& tail = "ORDER BY o.id") {
    std::vector<std::string> out;
    q.each(*sql_, "SELECT o.name", tail,
           [&](const db::Row& row) { out.push_back(get_str(row, "name")); });
    return out;
  }

  //! Organisations whose name contains `keyword` literally.
  std::vector<std::string> search(const std::string& keyword) {
    Query q("FROM organizations o");
    q.where("o.name LIKE " + q.param(like_pattern(keyword)) + " ESCAPE '\\'");
    return names(q);
  }

  std::unique_ptr<soci::session> sql_;
};

using Names = std::vector<std::string>;

TEST_P(QueryTest, StringAndIntegerParametersFilterCountAndList) {
  Query q("FROM organizations o");
  q.where("o.type = " + q.param(std::string("college")));
  q.where("o.enabled = " + q.param(1LL));
  EXPECT_EQ(q.count(*sql_), 4);
  EXPECT_EQ(names(q), (Names{"100%就业学院", "100分学院", "AxB学院", "C:\\temp学院"}));
  EXPECT_EQ(names(q, "ORDER BY o.id DESC LIMIT 2 OFFSET 1"), (Names{"AxB学院", "100分学院"}));
}

TEST_P(QueryTest, WithoutConditionsEverythingMatches) {
  Query q("FROM organizations o");
  EXPECT_EQ(q.where_clause(), "");
  EXPECT_EQ(q.count(*sql_), 6);
  EXPECT_EQ(names(q).size(), 6u);
}

TEST_P(QueryTest, NoRowsMeansNoCalls) {
  Query q("FROM organizations o");
  q.where("o.type = " + q.param(std::string("province")));
  EXPECT_EQ(q.count(*sql_), 0);
  int calls = 0;
  q.each(*sql_, "SELECT o.id", "", [&](const db::Row&) { ++calls; });
  EXPECT_EQ(calls, 0);
}

TEST_P(QueryTest, ConditionsAreParenthesisedSoOrStaysInside) {
  Query q("FROM organizations o");
  const std::string p = q.param(std::string("%学院%"));
  q.where("o.name LIKE " + p + " OR o.name LIKE " + p);  // one value used twice
  q.where("o.enabled = " + q.param(0LL));
  EXPECT_EQ(q.where_clause(), " WHERE (o.name LIKE :p0 OR o.name LIKE :p0) AND (o.enabled = :p1)");
  EXPECT_EQ(names(q), (Names{"A_B学院"}));
}

TEST_P(QueryTest, LikePatternMatchesPercentAndUnderscoreLiterally) {
  EXPECT_EQ(search("100%"), (Names{"100%就业学院"}));
  EXPECT_EQ(search("A_B"), (Names{"A_B学院"}));
  EXPECT_EQ(search("C:\\t"), (Names{"C:\\temp学院"}));
  EXPECT_EQ(search("学院").size(), 5u);
  EXPECT_EQ(search("%"), (Names{"100%就业学院"}));
  EXPECT_EQ(search("_"), (Names{"A_B学院"}));
  EXPECT_TRUE(search("不存在").empty());
}

TEST_P(QueryTest, ParametersAreNeverSpliced) {
  Query q("FROM organizations o");
  q.where("o.name = " + q.param(std::string("x' OR '1'='1")));
  EXPECT_EQ(q.count(*sql_), 0);
}

TEST_P(QueryTest, CachedCountFollowsWritesThisInstanceCommits) {
  auto colleges = [&]() {
    Query q("FROM organizations o");
    q.where("o.type = " + q.param(std::string("college")));
    return q.count_cached(*sql_);
  };
  auto orgs = [&]() {
    Query q("FROM organizations o");
    q.where("o.type = " + q.param(std::string("org")));
    return q.count_cached(*sql_);
  };
  EXPECT_EQ(colleges(), 5);
  EXPECT_EQ(orgs(), 1) << "another parameter value is another count";
  Status st = write_tx(*sql_, [&]() -> Status {
    add("college", "新建学院", 1);
    return {};
  });
  ASSERT_TRUE(st);
  EXPECT_EQ(colleges(), 6);
}

// A query run again (SQLite keeps it prepared) reads each run's own values, whatever the first
// run's values were: none at all, NULL, a whole number where a fraction comes later.
TEST_P(QueryTest, RepeatedQueriesReadEachRunsOwnValues) {
  auto run = [&](long long threshold, const std::string& type) {
    Query q("FROM organizations o");
    q.where("o.type = " + q.param(type));
    const std::string t = q.param(threshold);
    std::vector<std::pair<std::string, std::optional<std::string>>> out;
    q.each(*sql_,
           "SELECT o.name, CASE WHEN o.enabled > " + t + " THEN 4.5 WHEN o.enabled = " + t +
               " THEN 1 ELSE NULL END AS v",
           "ORDER BY o.id", [&](const db::Row& row) {
             std::optional<std::string> v;
             if (auto d = get_opt_str(row, "v")) v = std::to_string(get_double(row, "v"));
             out.emplace_back(get_str(row, "name"), v);
           });
    return out;
  };
  EXPECT_TRUE(run(0, "nothing").empty());
  auto orgs = run(5, "org");  // enabled 1 < 5: NULL
  ASSERT_EQ(orgs.size(), 1u);
  EXPECT_EQ(orgs[0].second, std::nullopt);
  orgs = run(1, "org");  // enabled 1 = 1: a whole number
  EXPECT_EQ(orgs[0].second, std::to_string(1.0));
  orgs = run(0, "org");  // enabled 1 > 0: a fraction
  EXPECT_EQ(orgs[0].second, std::to_string(4.5));
  const auto colleges = run(0, "college");
  ASSERT_EQ(colleges.size(), 5u);
  EXPECT_EQ(colleges[0].first, "100%就业学院");
  EXPECT_EQ(colleges[1].second, std::to_string(4.5));
  EXPECT_EQ(colleges[2].second, std::to_string(1.0)) << "A_B学院 is disabled: enabled = 0";
}

// get_str and get_i64 read a column of any stored kind: text as text, a whole number as its
// digits, digits in text as a number, and NULL as the fallback.
TEST_P(QueryTest, ColumnsConvertWhateverKindTheyAreStoredAs) {
  Query q("FROM organizations o");
  q.where("o.type = " + q.param(std::string("org")));
  std::vector<std::string> texts;
  std::vector<std::int64_t> numbers;
  q.each(*sql_,
         "SELECT o.name, o.enabled, CAST(o.enabled + 41 AS TEXT) AS digits, "
         "CAST(NULL AS TEXT) AS absent",
         "", [&](const db::Row& row) {
           texts = {get_str(row, "name"), get_str(row, "enabled"), get_str(row, "absent", "无")};
           numbers = {get_i64(row, "enabled"), get_i64(row, "digits"), get_i64(row, "absent", -1)};
         });
  ASSERT_EQ(texts.size(), 3u);
  EXPECT_FALSE(texts[0].empty());
  EXPECT_EQ(texts[1], "1");
  EXPECT_EQ(texts[2], "无");
  EXPECT_EQ(numbers, (std::vector<std::int64_t>{1, 42, -1}));
}

TEST_P(QueryTest, ViewsOfARowAreItsTextWhateverKindItIsStoredAs) {
  Query q("FROM organizations o");
  std::vector<std::string> seen;
  long long rows = 0;
  q.each(*sql_,
         "SELECT o.name, o.id, o.enabled, CAST(NULL AS TEXT) AS absent, "
         "CAST(o.id AS TEXT) AS id_text",
         "ORDER BY o.id", [&](const db::Row& row) {
           ++rows;
           // Read in select order and out of it; each view holds until the next row.
           const auto enabled = get_view(row, "enabled");
           const auto name = get_view(row, "name");
           const auto id = get_view(row, "id");
           const auto absent = get_opt_view(row, "absent");
           const auto id_text = get_view(row, "id_text");
           EXPECT_FALSE(absent.has_value());
           EXPECT_EQ(get_view(row, "absent"), "");
           EXPECT_EQ(id, id_text);
           EXPECT_EQ(id, std::to_string(get_i64(row, "id")));
           EXPECT_TRUE(enabled == "0" || enabled == "1") << enabled;
           EXPECT_EQ(name, get_str(row, "name"));
           seen.push_back(std::string(id) + ":" + std::string(name));
         });
  EXPECT_GE(rows, 2);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(rows));
}

INSTANTIATE_TEST_SUITE_P(Engines, QueryTest, ::testing::ValuesIn(kaowu::testing::engines()));

}  // namespace
}  // namespace kaowu::db
