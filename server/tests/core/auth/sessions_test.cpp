#include "core/auth/sessions.hpp"

#include <gtest/gtest.h>

#include "../../support/test_db.hpp"
#include "core/auth/password.hpp"

namespace kaowu::sessions {
namespace {

constexpr Timestamp kStart = 1631923200;  // 2021-09-18 08:00 CST

//! A province, a college in it and one teacher account, inserted with plain SQL.
class SessionsTest : public testing::SessionDbTest {
 protected:
  void SetUp() override {
    if (!open(kStart)) return;
    long long at = kStart;
    *sql_ << "INSERT INTO organizations(type, name, created_at, updated_at) "
             "VALUES('province', '江苏省教育厅', :c, :u) RETURNING id",
        soci::use(at), soci::use(at), soci::into(province_id_);
    *sql_ << "INSERT INTO organizations(type, name, college_type, province_id, created_at, "
             "updated_at) "
             "VALUES('college', '南京示范职业技术学院', '高职院校', :p, :c, :u) RETURNING id",
        soci::use(province_id_), soci::use(at), soci::use(at), soci::into(college_id_);
    *sql_ << "INSERT INTO accounts(username, display_name, role, org_id, password_hash, "
             "must_change_password, created_at, updated_at) "
             "VALUES('wanglaoshi', '王老师', 'teacher', :o, 'x', 1, :c, :u) RETURNING id",
        soci::use(college_id_), soci::use(at), soci::use(at), soci::into(account_id_);
  }
  Result<Scope> resolve_at(const std::string& token, Timestamp at) {
    clock_.set(at);
    return resolve(sql(), token, clock_.now());
  }
  static void expect_error(const Result<Scope>& r, const std::string& code) {
    ASSERT_FALSE(r) << "expected " << code;
    EXPECT_EQ(r.error().code, code);
    EXPECT_EQ(http_status(r.error().kind), 401);
  }

  long long province_id_ = 0, college_id_ = 0, account_id_ = 0;
};

TEST_P(SessionsTest, CreateThenResolveGivesTheCallersScope) {
  NewSession s = create(sql(), account_id_, "10.1.2.3", "Mozilla/5.0", kStart);
  EXPECT_EQ(s.token.size(), 64u);
  EXPECT_EQ(s.token_hash, crypto::sha256_hex(s.token));
  EXPECT_EQ(s.expires_at, kStart + 12 * 3600);

  int stored_tokens = 0;
  sql() << "SELECT COUNT(*) FROM sessions WHERE token_hash = :t", soci::use(s.token),
      soci::into(stored_tokens);
  EXPECT_EQ(stored_tokens, 0) << "the table keeps the hash, never the token";

  auto scope = resolve_at(s.token, kStart + 5);
  ASSERT_TRUE(scope) << scope.error().message;
  EXPECT_EQ(scope->account_id, account_id_);
  EXPECT_EQ(scope->username, "wanglaoshi");
  EXPECT_EQ(scope->display_name, "王老师");
  EXPECT_EQ(scope->role, Role::teacher);
  EXPECT_EQ(scope->org_id, college_id_);
  EXPECT_EQ(scope->org_name, "南京示范职业技术学院");
  EXPECT_EQ(scope->org_type, "college");
  EXPECT_EQ(scope->province_id, province_id_);
  EXPECT_TRUE(scope->must_change_password);
  EXPECT_EQ(scope->session_hash, s.token_hash);
  EXPECT_EQ(scope->session_expires_at, kStart + 12 * 3600);
}

TEST_P(SessionsTest, ProvinceAccountIsItsOwnProvince) {
  long long at = kStart, id = 0;
  sql() << "INSERT INTO accounts(username, display_name, role, org_id, password_hash, created_at, "
           "updated_at) VALUES('jsedu', '省厅', 'province', :o, 'x', :c, :u) RETURNING id",
      soci::use(province_id_), soci::use(at), soci::use(at), soci::into(id);
  auto scope = resolve_at(create(sql(), id, "", "", kStart).token, kStart);
  ASSERT_TRUE(scope);
  EXPECT_EQ(scope->role, Role::province);
  EXPECT_EQ(scope->province_id, province_id_);
  EXPECT_FALSE(scope->must_change_password);
}

TEST_P(SessionsTest, UnknownTokenIsUnauthenticated) {
  create(sql(), account_id_, "", "", kStart);
  expect_error(resolve_at(crypto::random_token(), kStart), "unauthenticated");
  expect_error(resolve_at("", kStart), "unauthenticated");
  expect_error(resolve_at("short", kStart), "unauthenticated");
  auto r = resolve_at(crypto::random_token(), kStart);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "请先登录");
}

TEST_P(SessionsTest, ThirtyIdleMinutesEndTheSession) {
  const std::string token = create(sql(), account_id_, "", "", kStart).token;
  auto expired = resolve_at(token, kStart + 30 * 60);
  expect_error(expired, "session_expired");
  EXPECT_EQ(expired.error().message, "登录已过期，请重新登录");

  const std::string fresh = create(sql(), account_id_, "", "", kStart).token;
  EXPECT_TRUE(resolve_at(fresh, kStart + 30 * 60 - 1));
}

TEST_P(SessionsTest, ActivityWithinThirtyMinutesKeepsItAlive) {
  const std::string token = create(sql(), account_id_, "", "", kStart).token;
  Timestamp at = kStart;
  for (int i = 0; i < 6; ++i) {  // a request every 25 minutes for 2.5 hours
    at += 25 * 60;
    ASSERT_TRUE(resolve_at(token, at)) << "request " << i;
  }
  expect_error(resolve_at(token, at + 30 * 60), "session_expired");
}

TEST_P(SessionsTest, TwelveHoursEndTheSessionWhateverTheActivity) {
  const std::string token = create(sql(), account_id_, "", "", kStart).token;
  Timestamp at = kStart;
  while (at + 20 * 60 < kStart + 12 * 3600) {
    at += 20 * 60;
    ASSERT_TRUE(resolve_at(token, at)) << "at +" << (at - kStart) / 60 << " min";
  }
  expect_error(resolve_at(token, kStart + 12 * 3600), "session_expired");
}

TEST_P(SessionsTest, RevokeEndsOneSessionAndRevokeAllEndsEvery) {
  NewSession a = create(sql(), account_id_, "", "", kStart);
  NewSession b = create(sql(), account_id_, "", "", kStart);
  revoke(sql(), a.token_hash, kStart + 10);
  expect_error(resolve_at(a.token, kStart + 20), "session_expired");
  EXPECT_TRUE(resolve_at(b.token, kStart + 20));

  NewSession c = create(sql(), account_id_, "", "", kStart + 20);
  revoke_all(sql(), account_id_, kStart + 30);
  expect_error(resolve_at(b.token, kStart + 40), "session_expired");
  expect_error(resolve_at(c.token, kStart + 40), "session_expired");

  NewSession after = create(sql(), account_id_, "", "", kStart + 50);
  EXPECT_TRUE(resolve_at(after.token, kStart + 60)) << "a sign-in after revoke_all works";
}

TEST_P(SessionsTest, DisabledAccountOrOrganisationIsRefused) {
  const std::string token = create(sql(), account_id_, "", "", kStart).token;
  sql() << "UPDATE accounts SET enabled = 0 WHERE id = :id", soci::use(account_id_);
  auto r = resolve_at(token, kStart + 1);
  expect_error(r, "account_disabled");
  EXPECT_EQ(r.error().message, "账号已停用，请联系管理员");

  sql() << "UPDATE accounts SET enabled = 1 WHERE id = :id", soci::use(account_id_);
  EXPECT_TRUE(resolve_at(token, kStart + 2));

  sql() << "UPDATE organizations SET enabled = 0 WHERE id = :id", soci::use(college_id_);
  expect_error(resolve_at(token, kStart + 3), "account_disabled");
}

TEST_P(SessionsTest, CacheDropsASessionThisInstanceSignsOut) {
  Cache cache;
  const NewSession s = create(sql(), account_id_, "", "", kStart);
  const std::int64_t ms = kStart * 1000;
  ASSERT_TRUE(cache.resolve(sql(), s.token, kStart, ms));
  Status st = db::write_tx(sql(), [&]() -> Status {
    revoke(sql(), s.token_hash, kStart);
    return {};
  });
  ASSERT_TRUE(st);
  expect_error(cache.resolve(sql(), s.token, kStart, ms + 10), "session_expired");
}

TEST_P(SessionsTest, CacheDropsADisabledAccountAtOnce) {
  Cache cache;
  const NewSession s = create(sql(), account_id_, "", "", kStart);
  const std::int64_t ms = kStart * 1000;
  ASSERT_TRUE(cache.resolve(sql(), s.token, kStart, ms));
  Status st = db::write_tx(sql(), [&]() -> Status {
    sql() << "UPDATE accounts SET enabled = 0 WHERE id = :id", soci::use(account_id_);
    return {};
  });
  ASSERT_TRUE(st);
  expect_error(cache.resolve(sql(), s.token, kStart, ms + 10), "account_disabled");
}

TEST_P(SessionsTest, CacheShowsAnotherInstancesSignOutWithinTwoSeconds) {
  Cache cache;
  const NewSession s = create(sql(), account_id_, "", "", kStart);
  const std::int64_t ms = kStart * 1000;
  ASSERT_TRUE(cache.resolve(sql(), s.token, kStart, ms));
  revoke(sql(), s.token_hash, kStart);  // committed elsewhere: this instance saw no write
  expect_error(cache.resolve(sql(), s.token, kStart + 2, ms + 2000), "session_expired");
  expect_error(cache.resolve(sql(), crypto::random_token(), kStart + 2, ms + 2000),
               "unauthenticated");
}

// A request's session found in the cache needs no connection of the pool: cached() answers as
// resolve() would, and nothing once this instance committed a write (or ever, on PostgreSQL).
TEST_P(SessionsTest, ASessionJustResolvedIsAnsweredFromTheCacheAlone) {
  Cache cache;
  const NewSession s = create(sql(), account_id_, "", "", kStart);
  EXPECT_FALSE(cache.cached(s.token, kStart)) << "nothing cached before the first look-up";
  ASSERT_TRUE(cache.resolve(sql(), s.token, kStart));
  const auto hit = cache.cached(s.token, kStart);
  if (GetParam() == "postgresql") {
    EXPECT_FALSE(hit) << "instances share the database: every request looks its session up";
    return;
  }
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->account_id, account_id_);
  EXPECT_FALSE(cache.cached(crypto::random_token(), kStart));
  ASSERT_TRUE(db::write_tx(sql(), [&]() -> Status {
    revoke(sql(), s.token_hash, kStart);
    return {};
  }));
  EXPECT_FALSE(cache.cached(s.token, kStart)) << "a write of this instance drops it";
  expect_error(cache.resolve(sql(), s.token, kStart), "session_expired");
}

// On PostgreSQL instances share the database: a sign-out committed by another instance (this one
// saw no write) ends the session here at the very next request.
TEST_P(SessionsTest, OnPostgreSQLAnotherInstancesSignOutEndsTheSessionAtOnce) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "one instance on SQLite";
  Cache cache;
  const NewSession s = create(sql(), account_id_, "", "", kStart);
  const std::int64_t ms = kStart * 1000;
  ASSERT_TRUE(cache.resolve(sql(), s.token, kStart, ms));
  revoke(sql(), s.token_hash, kStart);
  expect_error(cache.resolve(sql(), s.token, kStart, ms + 10), "session_expired");
}

INSTANTIATE_TEST_SUITE_P(Engines, SessionsTest, ::testing::ValuesIn(kaowu::testing::engines()));

TEST(SessionCookie, SetCookieIsHttpOnlyLaxAndSecureOnlyWhenAsked) {
  const std::string plain = set_cookie("abc", false);
  EXPECT_EQ(plain.rfind("kaowu_session=abc;", 0), 0u) << plain;
  EXPECT_NE(plain.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(plain.find("; SameSite=Lax"), std::string::npos);
  EXPECT_NE(plain.find("; Path=/"), std::string::npos);
  EXPECT_EQ(plain.find("Secure"), std::string::npos);

  const std::string secure = set_cookie("abc", true);
  EXPECT_NE(secure.find("; Secure"), std::string::npos);
  EXPECT_NE(secure.find("; HttpOnly"), std::string::npos);

  const std::string cleared = clear_cookie(false);
  EXPECT_EQ(cleared.rfind("kaowu_session=;", 0), 0u) << cleared;
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos);
  EXPECT_NE(clear_cookie(true).find("; Secure"), std::string::npos);
}

}  // namespace
}  // namespace kaowu::sessions
