#include "modules/accounts/service.hpp"

#include <gtest/gtest.h>

#include <barrier>
#include <thread>

#include "../../support/test_db.hpp"
#include "core/auth/password.hpp"
#include "modules/organizations/repository.hpp"

namespace kaowu::accounts {
namespace {

constexpr Timestamp kStart = 1631923200;  // 2021-09-18 08:00:00 CST
constexpr const char* kPassword = "Kaowu2021";

struct AuditRow {
  std::optional<std::int64_t> account_id;
  std::string username;
  std::string entity_id;
  std::string summary;
  nlohmann::json before;
  nlohmann::json after;
};

//! A platform, a certificate organisation and a college; accounts are made through the service.
class AccountsServiceTest : public testing::SessionDbTest {
 protected:
  void SetUp() override {
    if (!open(kStart)) return;
    platform_id_ = add_org("platform", "考务平台");
    org_id_ = add_org("org", "某职业技能等级证书评价组织");
    college_id_ = add_org("college", "示范职业技术学院");
    auto admin = create("admin", "admin", platform_id_);
    ASSERT_TRUE(admin) << admin.error().message;
    admin_.account_id = admin->account.id;
    admin_.username = "admin";
    admin_.display_name = "管理员";
    admin_.role = Role::admin;
    admin_.org_id = platform_id_;
    admin_.org_name = "考务平台";
    admin_actor_.scope = &admin_;
    admin_actor_.ip = "10.0.0.1";
  }
  std::int64_t add_org(const std::string& type, const std::string& name) {
    organizations::Organization o;
    o.type = type;
    o.name = name;
    o.created_at = o.updated_at = kStart;
    return organizations::repository::insert(sql(), o);
  }

  Result<service::Created> create(const std::string& username, const std::string& role,
                                  std::int64_t org_id, const std::string& password = kPassword,
                                  bool must_change = false) {
    service::NewAccount in;
    in.username = username;
    in.display_name = "张" + username;
    in.role = role;
    in.org_id = org_id;
    in.password = password;
    in.must_change_password = must_change;
    audit::Actor shell;  // no scope: the command line
    shell.username = "shell";
    return service::create(sql(), admin_.account_id ? admin_actor_ : shell, in, clock_.now());
  }

  Result<service::SignedIn> login(const std::string& username, const std::string& password,
                                  const std::string& ip = "10.0.0.9", int per_minute = 0) {
    return login_with(sql(), username, password, ip, per_minute);
  }
  Result<service::SignedIn> login_with(soci::session& s, const std::string& username,
                                       const std::string& password,
                                       const std::string& ip = "10.0.0.9", int per_minute = 0) {
    audit::Actor anonymous;
    anonymous.ip = ip;
    return service::login(s, username, password, anonymous, "test-agent", per_minute, clock_.now());
  }

  Scope scope_of(const service::SignedIn& s) {
    auto scope = sessions::resolve(sql(), s.session.token, clock_.now());
    EXPECT_TRUE(scope) << scope.error().message;
    return scope ? scope.value() : Scope{};
  }

  std::vector<AuditRow> audit_rows(const std::string& action) {
    std::vector<AuditRow> out;
    std::string a = action;
    soci::rowset<soci::row> rows =
        (sql().prepare << "SELECT account_id, username, entity, entity_id, summary, before_json, "
                          "after_json FROM audit_log WHERE action = :a ORDER BY id",
         soci::use(a));
    for (const auto& row : rows) {
      EXPECT_EQ(db::get_str(row, "entity"), "account");
      AuditRow r;
      r.account_id = db::get_opt_i64(row, "account_id");
      r.username = db::get_str(row, "username");
      r.entity_id = db::get_str(row, "entity_id");
      r.summary = db::get_str(row, "summary");
      auto before = db::get_opt_str(row, "before_json");
      auto after = db::get_opt_str(row, "after_json");
      r.before = before ? nlohmann::json::parse(*before) : nlohmann::json();
      r.after = after ? nlohmann::json::parse(*after) : nlohmann::json();
      out.push_back(std::move(r));
    }
    return out;
  }

  std::int64_t platform_id_ = 0, org_id_ = 0, college_id_ = 0;
  Scope admin_;
  audit::Actor admin_actor_;
};

TEST_P(AccountsServiceTest, RoleMustMatchTheOrganisationType) {
  auto wrong = create("zhengshu", "org", college_id_);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(http_status(wrong.error().kind), 400);
  EXPECT_EQ(wrong.error().message, "培训评价组织账号须属于培训评价组织，所选机构是试点院校");
  EXPECT_EQ(wrong.error().details["field"], "orgId");

  auto student = create("kaosheng01", "student", org_id_);
  ASSERT_FALSE(student);
  EXPECT_EQ(student.error().message, "考生账号须属于试点院校，所选机构是培训评价组织");

  auto missing = create("kaosheng02", "student", 9999);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "所属机构不存在，请重新选择");

  EXPECT_FALSE(service::find_id(sql(), "zhengshu"));
  EXPECT_FALSE(service::find_id(sql(), "kaosheng01"));
  EXPECT_TRUE(create("zhengshu", "org", org_id_));
  EXPECT_TRUE(create("kaosheng01", "student", college_id_));
}

TEST_P(AccountsServiceTest, DuplicateUserNameIsAConflict) {
  ASSERT_TRUE(create("lisi", "college", college_id_));
  auto again = create("lisi", "org", org_id_);
  ASSERT_FALSE(again);
  EXPECT_EQ(http_status(again.error().kind), 409);
  EXPECT_EQ(again.error().message, "用户名「lisi」已被使用");
  EXPECT_EQ(again.error().details["field"], "username");
}

TEST_P(AccountsServiceTest, CreateRefusesABadUserNameOrWeakPasswordAndCanGenerateOne) {
  auto bad = create("张三", "college", college_id_);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "用户名须为 3-32 位字母、数字或 _ . @ -");
  auto weak = create("wangwu", "college", college_id_, "12345678");
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().code, "weak_password");

  auto generated = create("zhaoliu", "college", college_id_, "", true);
  ASSERT_TRUE(generated) << generated.error().message;
  EXPECT_TRUE(crypto::check_strength(generated->password));
  EXPECT_TRUE(generated->account.must_change_password);
  EXPECT_TRUE(login("zhaoliu", generated->password));
}

TEST_P(AccountsServiceTest, WrongPasswordsAnswerAlikeThenTheFifthMakesThatAddressWait) {
  ASSERT_TRUE(create("lisi", "college", college_id_));
  for (int attempt = 1; attempt <= 5; ++attempt) {
    auto r = login("lisi", "wrong-password-1");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "invalid_credentials");
    EXPECT_EQ(r.error().message, "用户名或密码错误");
    EXPECT_EQ(http_status(r.error().kind), 401);
    EXPECT_TRUE(r.error().details.empty()) << "nothing tells the account exists";
  }
  auto right = login("lisi", kPassword);
  ASSERT_FALSE(right) << "the right password waits too at that address";
  EXPECT_EQ(right.error().code, "sign_in_delayed");
  EXPECT_EQ(http_status(right.error().kind), 429);
  EXPECT_EQ(right.error().message,
            "该账号在当前网络连续登录失败，请于 30 秒后再试；忘记密码请联系管理员重置");
  EXPECT_EQ(right.error().details["retryAfter"], 30);

  auto elsewhere = login("lisi", kPassword, "10.0.0.10");
  ASSERT_TRUE(elsewhere) << "the owner at another address is not held back: "
                         << elsewhere.error().message;
}

TEST_P(AccountsServiceTest, TheWaitDoublesWithEachFailureAndASuccessEndsIt) {
  ASSERT_TRUE(create("lisi", "college", college_id_));
  for (int i = 0; i < 5; ++i) (void)login("lisi", "wrong-password-1");
  clock_.set(kStart + 30);
  EXPECT_EQ(login("lisi", "wrong-password-1").error().code, "invalid_credentials");
  EXPECT_EQ(login("lisi", kPassword).error().details["retryAfter"], 60);
  clock_.set(kStart + 89);
  EXPECT_EQ(login("lisi", kPassword).error().code, "sign_in_delayed");
  clock_.set(kStart + 90);
  auto ok = login("lisi", kPassword);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->account.last_login_at, kStart + 90);
  auto wrong = login("lisi", "wrong-password-1", "10.0.0.77");
  EXPECT_EQ(wrong.error().code, "invalid_credentials");
  auto after = login("lisi", kPassword);
  EXPECT_TRUE(after) << "the address it signed in from is its owner's now";
}

TEST_P(AccountsServiceTest, AnAddressTheAccountSignedInFromIsNeverDelayed) {
  ASSERT_TRUE(create("lisi", "college", college_id_));
  ASSERT_TRUE(login("lisi", kPassword, "10.0.0.20"));
  for (int i = 0; i < 8; ++i) (void)login("lisi", "wrong-password-1", "10.0.0.20");
  EXPECT_TRUE(login("lisi", kPassword, "10.0.0.20")) << "a campus NAT's guesses lock nobody out";
  for (int i = 0; i < 5; ++i) (void)login("lisi", "wrong-password-1", "10.0.0.21");
  EXPECT_EQ(login("lisi", kPassword, "10.0.0.21").error().code, "sign_in_delayed");
}

TEST_P(AccountsServiceTest, AnAddressOverItsFailuresPerMinuteWaitsForAnyName) {
  ASSERT_TRUE(create("lisi", "college", college_id_));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(login("user" + std::to_string(i), "x-password-1", "10.0.0.30", 3).error().code,
              "invalid_credentials");
  }
  auto limited = login("lisi", kPassword, "10.0.0.30", 3);
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().message, "登录失败次数过多，请一分钟后再试");
  EXPECT_EQ(limited.error().details["retryAfter"], 60);
  EXPECT_TRUE(login("lisi", kPassword, "10.0.0.31", 3));
  clock_.set(kStart + 61);
  EXPECT_TRUE(login("lisi", kPassword, "10.0.0.30", 3)) << "a minute later the address is free";
}

TEST_P(AccountsServiceTest, UnlockLiftsEveryWaitAtOnce) {
  auto lisi = create("lisi", "college", college_id_);
  ASSERT_TRUE(lisi);
  for (int i = 0; i < 5; ++i) (void)login("lisi", "wrong-password-1");
  for (int i = 0; i < 5; ++i) (void)login("lisi", "wrong-password-1", "10.0.0.40");
  ASSERT_EQ(login("lisi", kPassword).error().code, "sign_in_delayed");
  auto seen = service::sign_in_failures(sql(), lisi->account.id, clock_.now());
  ASSERT_TRUE(seen);
  ASSERT_EQ(seen.value()["items"].size(), 2u);
  EXPECT_EQ(seen.value()["items"][0]["failures"], 5);
  EXPECT_EQ(seen.value()["items"][0]["delayedUntil"], "2021-09-18 08:00:30");
  EXPECT_EQ(service::get(sql(), lisi->account.id)->locked_until, kStart + 30);

  auto unlocked = service::unlock(sql(), admin_actor_, lisi->account.id, clock_.now());
  ASSERT_TRUE(unlocked) << unlocked.error().message;
  EXPECT_FALSE(unlocked->locked_until);
  EXPECT_TRUE(login("lisi", kPassword));
  EXPECT_TRUE(login("lisi", kPassword, "10.0.0.40"));

  auto rows = audit_rows("unlock");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].before["lockedUntil"], "2021-09-18 08:00:30");
  EXPECT_TRUE(rows[0].after["lockedUntil"].is_null());

  EXPECT_EQ(service::unlock(sql(), admin_actor_, 9999, clock_.now()).error().message, "账号不存在");
}

// Wrong passwords sent side by side must count one each: otherwise a client that sends them in
// parallel gets more guesses before the wait.
TEST_P(AccountsServiceTest, ConcurrentWrongPasswordsAllCount) {
  ASSERT_TRUE(create("lisi", "college", college_id_));
  constexpr int kParallel = 3;  // the fixture holds one of the pool's four sessions
  std::barrier start(kParallel);
  std::vector<std::thread> threads;
  std::atomic<int> errors{0};
  for (int i = 0; i < kParallel; ++i) {
    threads.emplace_back([&]() {
      try {
        soci::session s(database_->pool());
        start.arrive_and_wait();
        auto r = login_with(s, "lisi", "wrong-password-1");
        if (r || r.error().code != "invalid_credentials") ++errors;
      } catch (const std::exception&) {
        ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(errors.load(), 0);
  (void)login("lisi", "wrong-password-1");
  (void)login("lisi", "wrong-password-1");

  auto right = login("lisi", kPassword);
  ASSERT_FALSE(right) << "the right password was accepted after five wrong ones";
  EXPECT_EQ(right.error().code, "sign_in_delayed");
}

TEST_P(AccountsServiceTest, UnknownUserLooksLikeAWrongPassword) {
  auto r = login("nobody", kPassword);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "invalid_credentials");
  EXPECT_EQ(r.error().message, "用户名或密码错误");
  EXPECT_FALSE(r.error().details.contains("remainingAttempts"));
  EXPECT_EQ(login("", kPassword).error().message, "请输入用户名和密码");
}

TEST_P(AccountsServiceTest, DisabledAccountCannotSignIn) {
  auto lisi = create("lisi", "college", college_id_);
  ASSERT_TRUE(lisi);
  auto off =
      service::update(sql(), admin_actor_, lisi->account.id, {{"enabled", false}}, clock_.now());
  ASSERT_TRUE(off) << off.error().message;
  auto r = login("lisi", kPassword);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "account_disabled");
  EXPECT_EQ(r.error().message, "账号已停用，请联系管理员");
}

// A session of such an account is refused on every request (sessions::resolve), so signing in
// must be refused too rather than "succeed" into a 401 on the next page.
TEST_P(AccountsServiceTest, AccountOfADisabledOrganisationCannotSignIn) {
  ASSERT_TRUE(create("lisi", "college", college_id_));
  long long college = college_id_;
  sql() << "UPDATE organizations SET enabled = 0 WHERE id = :id", soci::use(college);
  auto r = login("lisi", kPassword);
  ASSERT_FALSE(r) << "signed in although 示范职业技术学院 is disabled";
  EXPECT_EQ(r.error().code, "account_disabled");
  EXPECT_EQ(r.error().message, "账号已停用，请联系管理员");
  EXPECT_TRUE(audit_rows("login").empty());
}

TEST_P(AccountsServiceTest, ChangePasswordChecksTheOldAndTheNewPassword) {
  ASSERT_TRUE(create("lisi", "college", college_id_));
  auto signed_in = login("lisi", kPassword);
  ASSERT_TRUE(signed_in);
  Scope me = scope_of(signed_in.value());
  audit::Actor actor{.scope = &me};

  auto wrong_old =
      service::change_password(sql(), actor, "Kaowu2020", "Better2022", "", clock_.now());
  ASSERT_FALSE(wrong_old);
  EXPECT_EQ(wrong_old.error().message, "原密码不正确");
  EXPECT_EQ(wrong_old.error().details["field"], "oldPassword");

  auto weak = service::change_password(sql(), actor, kPassword, "password", "", clock_.now());
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().message, "密码至少 8 位，且须同时包含字母和数字");

  auto same = service::change_password(sql(), actor, kPassword, kPassword, "", clock_.now());
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().message, "新密码不能与原密码相同");
  EXPECT_EQ(same.error().details["field"], "newPassword");

  EXPECT_TRUE(login("lisi", kPassword)) << "refused changes leave the password as it was";
}

TEST_P(AccountsServiceTest, ChangePasswordEndsOldSessionsAndStartsANewOne) {
  ASSERT_TRUE(create("lisi", "college", college_id_, kPassword, true));
  auto first = login("lisi", kPassword);
  auto second = login("lisi", kPassword);
  ASSERT_TRUE(first && second);
  Scope me = scope_of(first.value());
  EXPECT_TRUE(me.must_change_password);
  audit::Actor actor{.scope = &me};

  clock_.set(kStart + 60);
  auto changed = service::change_password(sql(), actor, kPassword, "Better2022", "", clock_.now());
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_FALSE(changed->account.must_change_password);

  for (const auto* old : {&first.value(), &second.value()}) {
    auto r = sessions::resolve(sql(), old->session.token, clock_.now());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "session_expired");
  }
  auto fresh = sessions::resolve(sql(), changed->session.token, clock_.now());
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(fresh->must_change_password);

  EXPECT_EQ(login("lisi", kPassword).error().code, "invalid_credentials");
  EXPECT_TRUE(login("lisi", "Better2022"));
}

TEST_P(AccountsServiceTest, ResetPasswordForcesAChangeAndEndsSessions) {
  auto lisi = create("lisi", "college", college_id_);
  ASSERT_TRUE(lisi);
  auto before = login("lisi", kPassword);
  ASSERT_TRUE(before);

  auto reset = service::reset_password(sql(), admin_actor_, lisi->account.id, "", clock_.now());
  ASSERT_TRUE(reset) << reset.error().message;
  EXPECT_TRUE(crypto::check_strength(reset.value()));
  EXPECT_TRUE(service::get(sql(), lisi->account.id)->must_change_password);
  EXPECT_EQ(sessions::resolve(sql(), before->session.token, clock_.now()).error().code,
            "session_expired");

  EXPECT_EQ(login("lisi", kPassword).error().code, "invalid_credentials");
  auto after = login("lisi", reset.value());
  ASSERT_TRUE(after);
  EXPECT_TRUE(scope_of(after.value()).must_change_password);

  auto chosen =
      service::reset_password(sql(), admin_actor_, lisi->account.id, "short1", clock_.now());
  ASSERT_FALSE(chosen);
  EXPECT_EQ(chosen.error().code, "weak_password");
  EXPECT_EQ(service::reset_password(sql(), admin_actor_, 9999, "", clock_.now()).error().message,
            "账号不存在");
}

TEST_P(AccountsServiceTest, AuditTrailRecordsWhoDidWhat) {
  auto lisi = create("lisi", "college", college_id_, kPassword, true);
  ASSERT_TRUE(lisi);
  const std::string id = std::to_string(lisi->account.id);

  auto created = audit_rows("create");
  ASSERT_EQ(created.size(), 2u);  // admin (by the shell), then lisi (by admin)
  EXPECT_EQ(created[0].username, "shell");
  EXPECT_FALSE(created[0].account_id);
  const AuditRow& c = created[1];
  EXPECT_EQ(c.account_id, admin_.account_id);
  EXPECT_EQ(c.username, "admin");
  EXPECT_EQ(c.entity_id, id);
  EXPECT_EQ(c.summary, "新增试点院校账号「lisi」");
  EXPECT_TRUE(c.before.is_null());
  EXPECT_EQ(c.after["username"], "lisi");
  EXPECT_EQ(c.after["role"], "college");
  EXPECT_EQ(c.after["orgName"], "示范职业技术学院");
  EXPECT_EQ(c.after["mustChangePassword"], true);
  EXPECT_EQ(c.after.dump().find("argon2"), std::string::npos) << "no password hash in the log";

  (void)login("lisi", "wrong-password-1");
  auto failed = audit_rows("login_failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].username, "lisi");
  EXPECT_FALSE(failed[0].account_id);
  EXPECT_EQ(failed[0].entity_id, id);
  EXPECT_EQ(failed[0].summary, "登录失败：密码错误");

  auto signed_in = login("lisi", kPassword);
  ASSERT_TRUE(signed_in);
  auto logins = audit_rows("login");
  ASSERT_EQ(logins.size(), 1u);
  EXPECT_EQ(logins[0].account_id, lisi->account.id);
  EXPECT_EQ(logins[0].username, "lisi");
  EXPECT_EQ(logins[0].summary, "登录系统");

  Scope me = scope_of(signed_in.value());
  audit::Actor actor{.scope = &me};
  ASSERT_TRUE(service::change_password(sql(), actor, kPassword, "Better2022", "", clock_.now()));
  auto changes = audit_rows("change_password");
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].account_id, lisi->account.id);
  EXPECT_EQ(changes[0].before, (nlohmann::json{{"mustChangePassword", true}}));
  EXPECT_EQ(changes[0].after, (nlohmann::json{{"mustChangePassword", false}}));

  // A refused change writes nothing.
  (void)service::change_password(sql(), actor, "wrong-old-1", "Better2023", "", clock_.now());
  EXPECT_EQ(audit_rows("change_password").size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, AccountsServiceTest,
                         ::testing::ValuesIn(kaowu::testing::engines()));

}  // namespace
}  // namespace kaowu::accounts
