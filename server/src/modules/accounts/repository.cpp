#include "modules/accounts/repository.hpp"

#include "core/db/database.hpp"
#include "core/db/query.hpp"

namespace kaowu::accounts::repository {

namespace {
const char* kColumns =
    "SELECT a.id, a.username, a.display_name, a.role, a.org_id, o.name AS org_name, "
    "o.type AS org_type, o.enabled AS org_enabled, a.phone, a.password_hash, a.enabled, "
    "a.must_change_password, "
    "a.failed_logins, a.last_login_at, a.previous_login_at, a.created_at, a.updated_at, "
    // The latest end of a sign-in wait the name has earned at some address (sign_in_guard.hpp).
    "(SELECT MAX(d.delayed_until) FROM sign_in_delays d WHERE d.username = a.username) AS "
    "locked_until";
const char* kFrom = "FROM accounts a JOIN organizations o ON o.id = a.org_id";

Account from_row(const db::Row& row) {
  Account a;
  a.id = db::get_i64(row, "id");
  a.username = db::get_str(row, "username");
  a.display_name = db::get_str(row, "display_name");
  a.role = parse_role(db::get_str(row, "role")).value_or(Role::student);
  a.org_id = db::get_i64(row, "org_id");
  a.org_name = db::get_str(row, "org_name");
  a.org_type = db::get_str(row, "org_type");
  a.phone = db::get_str(row, "phone");
  a.password_hash = db::get_str(row, "password_hash");
  a.enabled = db::get_bool(row, "enabled");
  a.org_enabled = db::get_bool(row, "org_enabled");
  a.must_change_password = db::get_bool(row, "must_change_password");
  a.failed_logins = static_cast<int>(db::get_i64(row, "failed_logins"));
  a.locked_until = db::get_opt_i64(row, "locked_until");
  a.last_login_at = db::get_opt_i64(row, "last_login_at");
  a.previous_login_at = db::get_opt_i64(row, "previous_login_at");
  a.created_at = db::get_i64(row, "created_at");
  a.updated_at = db::get_i64(row, "updated_at");
  return a;
}

std::optional<Account> one(soci::session& sql, db::Query& q) {
  std::optional<Account> out;
  q.each(sql, kColumns, "", [&](const db::Row& row) { out = from_row(row); });
  return out;
}
}  // namespace

std::optional<Account> find(soci::session& sql, std::int64_t id) {
  db::Query q(kFrom);
  q.where("a.id = " + q.param(static_cast<long long>(id)));
  return one(sql, q);
}

std::optional<Account> find_by_username(soci::session& sql, const std::string& username) {
  db::Query q(kFrom);
  q.where("a.username = " + q.param(username));
  return one(sql, q);
}

std::vector<Account> list(soci::session& sql, const Filter& filter, int page, int page_size,
                          long long& total) {
  db::Query q(kFrom);
  if (!filter.role.empty()) q.where("a.role = " + q.param(filter.role));
  if (filter.org_id) q.where("a.org_id = " + q.param(static_cast<long long>(*filter.org_id)));
  if (filter.enabled)
    q.where("a.enabled = " + q.param(static_cast<long long>(*filter.enabled ? 1 : 0)));
  if (!filter.keyword.empty()) {
    const std::string p = q.param(db::like_pattern(filter.keyword));
    q.where("a.username LIKE " + p + " ESCAPE '\\' OR a.display_name LIKE " + p +
            " ESCAPE '\\' OR o.name LIKE " + p + " ESCAPE '\\'");
  }
  total = q.count_cached(sql);
  std::vector<Account> out;
  q.each(sql, kColumns, "ORDER BY a.id" + db::page_clause(page, page_size),
         [&](const db::Row& row) { out.push_back(from_row(row)); });
  return out;
}

std::int64_t insert(soci::session& sql, const Account& a) {
  std::string username = a.username, name = a.display_name, role = role_code(a.role),
              phone = a.phone, hash = a.password_hash;
  long long org = a.org_id, created = a.created_at, id = 0;
  int enabled = a.enabled ? 1 : 0, must = a.must_change_password ? 1 : 0;
  sql << "INSERT INTO accounts(username, display_name, role, org_id, phone, password_hash, "
         "enabled, "
         "must_change_password, password_changed_at, created_at, updated_at) "
         "VALUES(:u, :n, :r, :o, :p, :h, :e, :m, :pc, :c, :up) RETURNING id",
      soci::use(username), soci::use(name), soci::use(role), soci::use(org), soci::use(phone),
      soci::use(hash), soci::use(enabled), soci::use(must), soci::use(created), soci::use(created),
      soci::use(created), soci::into(id);
  return id;
}

void update_profile(soci::session& sql, const Account& a) {
  std::string name = a.display_name, phone = a.phone;
  int enabled = a.enabled ? 1 : 0;
  long long updated = a.updated_at, id = a.id;
  sql << "UPDATE accounts SET display_name = :n, phone = :p, enabled = :e, updated_at = :u "
         "WHERE id = :id",
      soci::use(name), soci::use(phone), soci::use(enabled), soci::use(updated), soci::use(id);
}

void set_password(soci::session& sql, std::int64_t id, const std::string& hash, bool must_change,
                  Timestamp now) {
  std::string h = hash;
  int must = must_change ? 1 : 0;
  long long at = now, account = id;
  sql << "UPDATE accounts SET password_hash = :h, must_change_password = :m, "
         "password_changed_at = :t, failed_logins = 0, locked_until = NULL, updated_at = :u "
         "WHERE id = :id",
      soci::use(h), soci::use(must), soci::use(at), soci::use(at), soci::use(account);
}

void record_login(soci::session& sql, std::int64_t id, Timestamp now) {
  long long at = now, account = id;
  sql << "UPDATE accounts SET failed_logins = 0, locked_until = NULL, previous_login_at = "
         "last_login_at, "
         "last_login_at = :t "
         "WHERE id = :id",
      soci::use(at), soci::use(account);
}

void unlock(soci::session& sql, std::int64_t id, Timestamp now) {
  long long at = now, account = id;
  sql << "UPDATE accounts SET failed_logins = 0, locked_until = NULL, updated_at = :u WHERE id = "
         ":id",
      soci::use(at), soci::use(account);
}

void rename(soci::session& sql, std::int64_t id, const std::string& username,
            const std::string& display_name, const std::string& phone, Timestamp now) {
  std::string u = username, n = display_name, p = phone;
  long long at = now, account = id;
  sql << "UPDATE accounts SET username = :u, display_name = :n, phone = :p, updated_at = :t WHERE "
         "id = :id",
      soci::use(u), soci::use(n), soci::use(p), soci::use(at), soci::use(account);
}

void remove(soci::session& sql, std::int64_t id) {
  long long account = id;
  sql << "DELETE FROM sessions WHERE account_id = :id", soci::use(account);
  sql << "DELETE FROM accounts WHERE id = :id", soci::use(account);
}

void insert_many(soci::session& sql, const std::vector<Account>& accounts) {
  if (accounts.empty()) return;
  std::vector<std::string> username, name, role, phone, hash;
  std::vector<long long> org, created;
  std::vector<int> enabled, must;
  for (const auto& a : accounts) {
    username.push_back(a.username);
    name.push_back(a.display_name);
    role.push_back(role_code(a.role));
    phone.push_back(a.phone);
    hash.push_back(a.password_hash);
    org.push_back(a.org_id);
    created.push_back(a.created_at);
    enabled.push_back(a.enabled ? 1 : 0);
    must.push_back(a.must_change_password ? 1 : 0);
  }
  sql << "INSERT INTO accounts(username, display_name, role, org_id, phone, password_hash, "
         "enabled, "
         "must_change_password, password_changed_at, created_at, updated_at) "
         "VALUES(:u, :n, :r, :o, :p, :h, :e, :m, :pc, :c, :up)",
      soci::use(username), soci::use(name), soci::use(role), soci::use(org), soci::use(phone),
      soci::use(hash), soci::use(enabled), soci::use(must), soci::use(created), soci::use(created),
      soci::use(created);
}

std::set<std::string> taken_usernames(soci::session& sql,
                                      const std::vector<std::string>& usernames) {
  std::set<std::string> out;
  if (usernames.empty()) return out;
  db::Query q("FROM accounts a");
  q.where("a.username IN (" + db::key_list(q, usernames) + ")");
  q.each(sql, "SELECT a.username", "",
         [&](const db::Row& row) { out.insert(db::get_str(row, "username")); });
  return out;
}

std::vector<Account> find_students(soci::session& sql, const std::vector<std::string>& usernames) {
  std::vector<Account> out;
  if (usernames.empty()) return out;
  db::Query q(kFrom);
  q.where("a.role = 'student'");
  q.where("a.username IN (" + db::key_list(q, usernames) + ")");
  q.each(sql, kColumns, "", [&](const db::Row& row) { out.push_back(from_row(row)); });
  return out;
}

}  // namespace kaowu::accounts::repository
