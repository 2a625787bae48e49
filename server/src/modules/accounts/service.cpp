#include "modules/accounts/service.hpp"

#include <regex>

#include "core/auth/password.hpp"
#include "core/auth/permissions.hpp"
#include "core/db/database.hpp"
#include "core/db/query.hpp"
#include "core/input.hpp"
#include "modules/accounts/repository.hpp"
#include "modules/accounts/sign_in_guard.hpp"
#include "modules/organizations/service.hpp"

namespace kaowu::accounts::service {

namespace {
const std::string& dummy_hash() {
  // Verifying against a real hash keeps the time of "no such user" equal to "wrong password".
  static const std::string hash = crypto::hash_password("kaowu-no-such-user-1").value();
  return hash;
}

// The account as the audit log names it: 账号 ustb（北科大考务老师）.
std::string audit_object(const std::string& username, const std::string& display_name) {
  return "账号 " + username +
         (display_name.empty() || display_name == username ? "" : "（" + display_name + "）");
}

nlohmann::json audit_view(const Account& a) {
  return {{"username", a.username},    {"displayName", a.display_name},
          {"role", role_code(a.role)}, {"orgId", a.org_id},
          {"orgName", a.org_name},     {"phone", a.phone},
          {"enabled", a.enabled},      {"mustChangePassword", a.must_change_password}};
}

Error invalid_credentials() {
  return err::make(ErrorKind::unauthenticated, "用户名或密码错误", "invalid_credentials");
}
}  // namespace

Result<SignedIn> login(soci::session& sql, const std::string& username, const std::string& password,
                       const audit::Actor& actor, const std::string& user_agent, int per_minute,
                       Timestamp now) {
  if (username.empty() || password.empty()) return err::invalid("请输入用户名和密码");
  auto account = repository::find_by_username(sql, username);
  TRY(guard::check(sql, username, actor.ip, account ? std::optional(account->id) : std::nullopt,
                   per_minute, now));
  // An unknown name and a student account whose initial password was not issued yet take the
  // time and get the answer of a wrong password, so that nothing tells which names exist.
  const bool ok = !account || account->password_hash.empty()
                      ? (static_cast<void>(crypto::verify_password(dummy_hash(), password)), false)
                      : crypto::verify_password(account->password_hash, password);
  audit::Actor named = actor;
  named.username = username;
  if (!ok) {
    Status st = db::write_tx(sql, [&]() -> Status {
      guard::record_failure(sql, username, actor.ip, now);
      if (account) {
        audit::record(sql, named,
                      {"login_failed", "account", std::to_string(account->id), "登录失败：密码错误",
                       nullptr, nullptr, audit_object(account->username, account->display_name)},
                      now);
      }
      return {};
    });
    if (!st) return st.error();
    return invalid_credentials();
  }
  if (!account->enabled || !account->org_enabled) {
    return err::make(ErrorKind::unauthenticated, "账号已停用，请联系管理员", "account_disabled");
  }
  return db::write_tx(sql, [&]() -> Result<SignedIn> {
    guard::record_success(sql, username, actor.ip, account->id, now);
    repository::record_login(sql, account->id, now);
    SignedIn out{*account, sessions::create(sql, account->id, actor.ip, user_agent, now)};
    Scope who;
    who.account_id = account->id;
    who.username = account->username;
    who.display_name = account->display_name;
    who.role = account->role;
    who.org_id = account->org_id;
    who.org_name = account->org_name;
    audit::Actor self = actor;
    self.scope = &who;
    audit::record(sql, self,
                  {"login", "account", std::to_string(account->id), "登录系统", nullptr, nullptr,
                   audit_object(account->username, account->display_name)},
                  now);
    out.account.previous_login_at = out.account.last_login_at;
    out.account.last_login_at = now;
    return out;
  });
}

void logout(soci::session& sql, const audit::Actor& actor, Timestamp now) {
  (void)db::write_tx(sql, [&]() -> Status {
    sessions::revoke(sql, actor.scope->session_hash, now);
    audit::record(
        sql, actor,
        {"logout", "account", std::to_string(actor.scope->account_id), "退出登录", nullptr, nullptr,
         audit_object(actor.scope->username, actor.scope->display_name)},
        now);
    return {};
  });
}

Result<nlohmann::json> me(soci::session& sql, const Scope& scope, Timestamp now) {
  auto account = repository::find(sql, scope.account_id);
  if (!account) return err::unauthenticated();
  return nlohmann::json{{"account", to_json(*account, now)},
                        {"permissions", permissions_of(scope.role)},
                        {"sessionExpiresAt", cst::format(scope.session_expires_at)}};
}

Result<SignedIn> change_password(soci::session& sql, const audit::Actor& actor,
                                 const std::string& old_password, const std::string& new_password,
                                 const std::string& user_agent, Timestamp now) {
  auto account = repository::find(sql, actor.scope->account_id);
  if (!account) return err::unauthenticated();
  if (!crypto::verify_password(account->password_hash, old_password)) {
    return err::make(ErrorKind::invalid_input, "原密码不正确", "wrong_password",
                     {{"field", "oldPassword"}});
  }
  TRY(crypto::check_strength(new_password));
  if (new_password == old_password)
    return err::invalid("新密码不能与原密码相同", {{"field", "newPassword"}});
  const std::string hash = TRY(crypto::hash_password(new_password));
  return db::write_tx(sql, [&]() -> Result<SignedIn> {
    repository::set_password(sql, account->id, hash, false, now);
    sessions::revoke_all(sql, account->id, now);
    SignedIn out{*account, sessions::create(sql, account->id, actor.ip, user_agent, now)};
    out.account.must_change_password = false;
    audit::record(sql, actor,
                  {"change_password",
                   "account",
                   std::to_string(account->id),
                   "修改密码",
                   {{"mustChangePassword", account->must_change_password}},
                   {{"mustChangePassword", false}},
                   audit_object(account->username, account->display_name)},
                  now);
    return out;
  });
}

Result<NewAccount> parse_new_account(const nlohmann::json& body) {
  NewAccount in;
  in.username = TRY(input::text(body, "username", "用户名", true, 32));
  in.display_name = TRY(input::text(body, "displayName", "姓名", true, 30));
  in.role = TRY(input::text(body, "role", "角色", true, 20));
  in.org_id = TRY(input::integer(body, "orgId", "所属机构", true)).value();
  in.phone = TRY(input::text(body, "phone", "手机号码", false, 11));
  auto pw = body.find("password");
  if (pw != body.end() && pw->is_string()) in.password = pw->get<std::string>();
  auto must = TRY(input::boolean(body, "mustChangePassword", "首次登录须修改密码"));
  in.must_change_password = must.value_or(true);
  return in;
}

Result<Created> create(soci::session& sql, const audit::Actor& actor, const NewAccount& in,
                       Timestamp now) {
  static const std::regex username_rule("^[A-Za-z0-9_.@-]{3,32}$");
  if (!std::regex_match(in.username, username_rule)) {
    return err::invalid("用户名须为 3-32 位字母、数字或 _ . @ -", {{"field", "username"}});
  }
  if (in.display_name.empty()) return err::invalid("请填写姓名", {{"field", "displayName"}});
  auto role = parse_role(in.role);
  if (!role) return err::invalid("角色无效", {{"field", "role"}});
  if (!in.phone.empty() && !input::is_mobile(in.phone)) {
    return err::invalid("手机号码须为 11 位数字", {{"field", "phone"}});
  }
  Scope platform;
  platform.role = Role::admin;
  auto org = organizations::service::get(sql, platform, in.org_id);
  if (!org) return err::invalid("所属机构不存在，请重新选择", {{"field", "orgId"}});
  if (org->type != org_type_for(*role)) {
    return err::invalid(std::string(role_name(*role)) + "账号须属于" +
                            organizations::type_name(org_type_for(*role)) + "，所选机构是" +
                            organizations::type_name(org->type),
                        {{"field", "orgId"}});
  }
  std::string password = in.password;
  if (password.empty()) {
    password = crypto::generate_password();
  } else {
    TRY(crypto::check_strength(password));
  }
  Account account;
  account.username = in.username;
  account.display_name = in.display_name;
  account.role = *role;
  account.org_id = org->id;
  account.org_name = org->name;
  account.org_type = org->type;
  account.phone = in.phone;
  account.password_hash = TRY(crypto::hash_password(password));
  account.must_change_password = in.must_change_password;
  account.created_at = account.updated_at = now;
  return db::write_tx(sql, [&]() -> Result<Created> {
    if (repository::find_by_username(sql, account.username)) {
      return err::conflict("用户名「" + account.username + "」已被使用", {{"field", "username"}});
    }
    account.id = repository::insert(sql, account);
    audit::record(
        sql, actor,
        {"create", "account", std::to_string(account.id),
         "新增" + std::string(role_name(account.role)) + "账号「" + account.username + "」",
         nullptr, audit_view(account)},
        now);
    return Created{account, password};
  });
}

nlohmann::json list(soci::session& sql, const Filter& filter, int page, int page_size,
                    Timestamp now) {
  long long total = 0;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& a : repository::list(sql, filter, page, page_size, total))
    items.push_back(to_json(a, now));
  return {{"items", items}, {"total", total}, {"page", page}, {"pageSize", page_size}};
}

Result<Account> get(soci::session& sql, std::int64_t id) {
  auto a = repository::find(sql, id);
  if (!a) return err::not_found("账号不存在");
  return *a;
}

std::optional<std::int64_t> find_id(soci::session& sql, const std::string& username) {
  auto a = repository::find_by_username(sql, username);
  if (!a) return std::nullopt;
  return a->id;
}

Result<Account> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                       const nlohmann::json& body, Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<Account> {
    Account before = TRY(get(sql, id));
    Account after = before;
    if (body.contains("displayName"))
      after.display_name = TRY(input::text(body, "displayName", "姓名", true, 30));
    if (body.contains("phone"))
      after.phone = TRY(input::text(body, "phone", "手机号码", false, 11));
    if (!after.phone.empty() && !input::is_mobile(after.phone)) {
      return err::invalid("手机号码须为 11 位数字", {{"field", "phone"}});
    }
    auto enabled = TRY(input::boolean(body, "enabled", "状态"));
    if (enabled) after.enabled = *enabled;
    if (!after.enabled && after.id == actor.scope->account_id)
      return err::invalid("不能停用自己的账号");
    after.updated_at = now;
    repository::update_profile(sql, after);
    if (before.enabled && !after.enabled) sessions::revoke_all(sql, id, now);
    const char* action =
        before.enabled != after.enabled ? (after.enabled ? "enable" : "disable") : "update";
    audit::record(sql, actor,
                  {action, "account", std::to_string(id),
                   std::string(audit::action_name(action)) + "账号「" + after.username + "」",
                   audit_view(before), audit_view(after)},
                  now);
    return after;
  });
}

Result<std::string> reset_password(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                                   const std::string& chosen, Timestamp now) {
  Account account = TRY(get(sql, id));
  std::string password = chosen.empty() ? crypto::generate_password() : chosen;
  TRY(crypto::check_strength(password));
  const std::string hash = TRY(crypto::hash_password(password));
  Status st = db::write_tx(sql, [&]() -> Status {
    repository::set_password(sql, id, hash, true, now);
    sessions::revoke_all(sql, id, now);
    audit::record(sql, actor,
                  {"reset_password",
                   "account",
                   std::to_string(id),
                   "重置账号「" + account.username + "」的密码",
                   nullptr,
                   {{"mustChangePassword", true}},
                   audit_object(account.username, account.display_name)},
                  now);
    return {};
  });
  if (!st) return st.error();
  return password;
}

Result<Account> unlock(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                       Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<Account> {
    Account account = TRY(get(sql, id));
    repository::unlock(sql, id, now);
    const int addresses = guard::clear(sql, account.username);
    audit::record(
        sql, actor,
        {"unlock",
         "account",
         std::to_string(id),
         "解除账号「" + account.username + "」的登录限制（" + std::to_string(addresses) +
             " 个地址）",
         {{"lockedUntil", account.locked_until ? nlohmann::json(cst::format(*account.locked_until))
                                               : nlohmann::json(nullptr)}},
         {{"lockedUntil", nullptr}},
         audit_object(account.username, account.display_name)},
        now);
    account.locked_until.reset();
    account.failed_logins = 0;
    return account;
  });
}

Result<nlohmann::json> sign_in_failures(soci::session& sql, std::int64_t id, Timestamp now) {
  Account account = TRY(get(sql, id));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : guard::entries(sql, account.username, account.id, now)) {
    items.push_back(guard::to_json(e, now));
  }
  return nlohmann::json{{"username", account.username}, {"items", items}};
}

namespace {
// A user name held by an account other than a student account of this college.
bool foreign_to(const Account& a, std::int64_t college_id) {
  return a.role != Role::student || a.org_id != college_id;
}
}  // namespace

Status sync_student(soci::session& sql, std::int64_t college_id, const std::string& old_no,
                    const std::string& student_no, const std::string& name,
                    const std::string& phone, Timestamp now) {
  std::optional<Account> account;
  if (!old_no.empty() && old_no != student_no) {
    account = repository::find_by_username(sql, old_no);
    if (account && foreign_to(*account, college_id)) account.reset();
  }
  auto holder = repository::find_by_username(sql, student_no);
  if (holder && (foreign_to(*holder, college_id) || account)) {
    // Another account's user name: saying so would tell which user names exist.
    return err::conflict("考生编号 " + student_no + " 不能使用，请换一个考生编号");
  }
  if (!account) account = holder;
  if (account) {
    if (account->username != student_no || account->display_name != name ||
        account->phone != phone) {
      repository::rename(sql, account->id, student_no, name, phone, now);
    }
    return {};
  }
  Account a;
  a.username = student_no;
  a.display_name = name;
  a.role = Role::student;
  a.org_id = college_id;
  a.phone = phone;
  a.must_change_password = true;  // no password yet: sign-in impossible until one is issued
  a.created_at = a.updated_at = now;
  repository::insert(sql, a);
  return {};
}

std::set<std::string> taken_student_logins(soci::session& sql,
                                           const std::vector<std::string>& student_nos) {
  return repository::taken_usernames(sql, student_nos);
}

void create_student_logins(soci::session& sql, std::int64_t college_id,
                           const std::vector<StudentLogin>& students, Timestamp now) {
  std::vector<Account> accounts;
  accounts.reserve(students.size());
  for (const auto& s : students) {
    Account a;
    a.username = s.student_no;
    a.display_name = s.name;
    a.role = Role::student;
    a.org_id = college_id;
    a.phone = s.phone;
    a.must_change_password = true;  // as sync_student: no password until one is issued
    a.created_at = a.updated_at = now;
    accounts.push_back(std::move(a));
  }
  repository::insert_many(sql, accounts);
}

void remove_student(soci::session& sql, std::int64_t college_id, const std::string& student_no,
                    Timestamp now) {
  auto account = repository::find_by_username(sql, student_no);
  if (!account || foreign_to(*account, college_id)) return;
  if (!account->last_login_at) {
    repository::remove(sql, account->id);
    return;
  }
  sessions::revoke_all(sql, account->id, now);
  account->enabled = false;
  account->updated_at = now;
  repository::update_profile(sql, *account);
  repository::rename(sql, account->id, student_no + "-deleted-" + std::to_string(account->id),
                     account->display_name, account->phone, now);
}

Result<Created> issue_student_password(soci::session& sql, const audit::Actor& actor,
                                       std::int64_t college_id, const std::string& student_no,
                                       const std::string& name, const std::string& phone,
                                       Timestamp now) {
  const std::string password = crypto::generate_password();
  const std::string hash = TRY(crypto::hash_password(password));
  return db::write_tx(sql, [&]() -> Result<Created> {
    TRY(sync_student(sql, college_id, "", student_no, name, phone, now));
    auto account = repository::find_by_username(sql, student_no);
    if (!account) return err::internal("考生账号创建失败，请重试");
    if (!account->enabled) return err::conflict("考生账号已停用，请联系平台管理员");
    repository::set_password(sql, account->id, hash, true, now);
    sessions::revoke_all(sql, account->id, now);
    audit::record(sql, actor,
                  {"reset_password",
                   "account",
                   std::to_string(account->id),
                   "发放考生「" + name + "」（考生编号 " + student_no + "）的初始密码",
                   nullptr,
                   {{"mustChangePassword", true}},
                   "考生账号 " + name + " (" + student_no + ")"},
                  now);
    account->password_hash = hash;
    account->must_change_password = true;
    return Created{*account, password};
  });
}

std::map<std::string, std::string> student_account_states(
    soci::session& sql, const std::vector<std::pair<std::int64_t, std::string>>& students) {
  std::vector<std::string> names;
  std::map<std::string, std::int64_t> college_of;
  for (const auto& [college, no] : students) {
    names.push_back(no);
    college_of[no] = college;
  }
  std::map<std::string, std::string> out;
  for (const auto& a : repository::find_students(sql, names)) {
    if (a.org_id != college_of[a.username]) continue;
    out[a.username] = !a.enabled                ? "disabled"
                      : a.password_hash.empty() ? "no_password"
                      : a.must_change_password  ? "must_change"
                                                : "active";
  }
  for (const auto& [college, no] : students) out.emplace(no, "none");
  return out;
}

bool username_taken(soci::session& sql, const std::string& username) {
  return repository::find_by_username(sql, username).has_value();
}

Result<Created> create_teacher(soci::session& sql, std::int64_t college_id,
                               const std::string& phone, const std::string& name, Timestamp now) {
  if (repository::find_by_username(sql, phone)) {
    return err::conflict("手机号 " + phone + " 已是平台账号，不能再作为教师账号，请核对");
  }
  const std::string password = crypto::generate_password();
  Account a;
  a.username = phone;
  a.display_name = name;
  a.role = Role::teacher;
  a.org_id = college_id;
  a.phone = phone;
  a.password_hash = TRY(crypto::hash_password(password));
  a.must_change_password = true;
  a.created_at = a.updated_at = now;
  a.id = repository::insert(sql, a);
  return Created{a, password};
}

Result<std::string> reissue_teacher_password(soci::session& sql, std::int64_t account_id,
                                             Timestamp now) {
  auto account = repository::find(sql, account_id);
  if (!account || account->role != Role::teacher) return err::not_found("教师账号不存在");
  const std::string password = crypto::generate_password();
  const std::string hash = TRY(crypto::hash_password(password));
  repository::set_password(sql, account_id, hash, true, now);
  sessions::revoke_all(sql, account_id, now);
  return password;
}

Status rename_teacher(soci::session& sql, std::int64_t account_id, const std::string& phone,
                      const std::string& name, Timestamp now) {
  auto account = repository::find(sql, account_id);
  if (!account || account->role != Role::teacher) return err::not_found("教师账号不存在");
  if (account->username != phone) {
    if (auto holder = repository::find_by_username(sql, phone); holder && holder->id != account_id)
      return err::conflict("手机号 " + phone + " 已是平台账号，不能作为该教师的账号，请核对");
  }
  if (account->username != phone || account->display_name != name || account->phone != phone)
    repository::rename(sql, account_id, phone, name, phone, now);
  return {};
}

void set_teacher_enabled(soci::session& sql, std::int64_t account_id, bool enabled, Timestamp now) {
  auto account = repository::find(sql, account_id);
  if (!account || account->role != Role::teacher || account->enabled == enabled) return;
  account->enabled = enabled;
  account->updated_at = now;
  repository::update_profile(sql, *account);
  if (!enabled) sessions::revoke_all(sql, account_id, now);
}

std::map<std::int64_t, TeacherLogin> teacher_logins(soci::session& sql,
                                                    const std::vector<std::int64_t>& account_ids) {
  std::map<std::int64_t, TeacherLogin> out;
  if (account_ids.empty()) return out;
  db::Query q("FROM accounts a");
  q.where("a.id IN (" + db::id_list(account_ids) + ")");
  q.where("a.role = 'teacher'");
  q.each(sql, "SELECT a.id, a.must_change_password, a.password_changed_at", "",
         [&](const db::Row& row) {
           TeacherLogin login;
           login.activated = !db::get_bool(row, "must_change_password");
           if (login.activated) login.activated_at = db::get_opt_i64(row, "password_changed_at");
           out[db::get_i64(row, "id")] = login;
         });
  return out;
}

std::vector<std::int64_t> activated_teacher_accounts(soci::session& sql,
                                                     std::optional<std::int64_t> college_id) {
  std::vector<std::int64_t> out;
  db::Query q("FROM accounts a");
  q.where("a.role = 'teacher'");
  q.where("a.must_change_password = 0");
  if (college_id) q.where("a.org_id = " + q.param(static_cast<long long>(*college_id)));
  q.each(sql, "SELECT a.id", "",
         [&](const db::Row& row) { out.push_back(db::get_i64(row, "id")); });
  return out;
}

}  // namespace kaowu::accounts::service
