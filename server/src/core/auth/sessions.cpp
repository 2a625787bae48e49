#include "core/auth/sessions.hpp"

#include <chrono>

#include "core/auth/password.hpp"
#include "core/db/database.hpp"

namespace kaowu::sessions {

NewSession create(soci::session& sql, std::int64_t account_id, const std::string& ip,
                  const std::string& user_agent, Timestamp now) {
  NewSession s;
  s.token = crypto::random_token();
  s.token_hash = crypto::sha256_hex(s.token);
  s.expires_at = now + kAbsoluteTimeout;
  long long account = account_id, at = now, expires = s.expires_at;
  std::string ip_copy = ip, ua = user_agent.substr(0, 300);
  sql << "INSERT INTO sessions(token_hash, account_id, created_at, last_seen_at, expires_at, ip, "
         "user_agent) VALUES(:h, :a, :c, :l, :e, :ip, :ua)",
      soci::use(s.token_hash), soci::use(account), soci::use(at), soci::use(at), soci::use(expires),
      soci::use(ip_copy), soci::use(ua);
  return s;
}

Result<Scope> resolve(soci::session& sql, const std::string& token, Timestamp now) {
  if (token.size() != 64)
    return err::make(ErrorKind::unauthenticated, "请先登录", "unauthenticated");
  std::string hash = crypto::sha256_hex(token);
  soci::row row;
  sql << "SELECT s.account_id, s.last_seen_at, s.expires_at, s.revoked_at, a.username, "
         "a.display_name, a.role, a.org_id, a.enabled, a.must_change_password, o.name AS org_name, "
         "o.type AS org_type, o.enabled AS org_enabled, o.province_id "
         "FROM sessions s JOIN accounts a ON a.id = s.account_id "
         "JOIN organizations o ON o.id = a.org_id WHERE s.token_hash = :h",
      soci::use(hash), soci::into(row);
  if (!sql.got_data()) return err::make(ErrorKind::unauthenticated, "请先登录", "unauthenticated");
  const auto revoked = db::get_opt_i64(row, "revoked_at");
  const auto last_seen = db::get_i64(row, "last_seen_at");
  const auto expires = db::get_i64(row, "expires_at");
  if (revoked || expires <= now || last_seen + kIdleTimeout <= now) {
    return err::make(ErrorKind::unauthenticated, "登录已过期，请重新登录", "session_expired");
  }
  if (!db::get_bool(row, "enabled") || !db::get_bool(row, "org_enabled")) {
    return err::make(ErrorKind::unauthenticated, "账号已停用，请联系管理员", "account_disabled");
  }
  auto role = parse_role(db::get_str(row, "role"));
  if (!role)
    return err::make(ErrorKind::unauthenticated, "账号角色无效，请联系管理员", "account_disabled");
  Scope scope;
  scope.account_id = db::get_i64(row, "account_id");
  scope.username = db::get_str(row, "username");
  scope.display_name = db::get_str(row, "display_name");
  scope.role = *role;
  scope.org_id = db::get_i64(row, "org_id");
  scope.org_name = db::get_str(row, "org_name");
  scope.org_type = db::get_str(row, "org_type");
  if (scope.org_type == "province") {
    scope.province_id = scope.org_id;
  } else {
    scope.province_id = db::get_opt_i64(row, "province_id");
  }
  scope.must_change_password = db::get_bool(row, "must_change_password");
  scope.session_hash = hash;
  scope.session_expires_at = expires;
  if (now - last_seen >= 60) {
    long long at = now;
    sql << "UPDATE sessions SET last_seen_at = :n WHERE token_hash = :h", soci::use(at),
        soci::use(hash);
  }
  return scope;
}

Result<Scope> Cache::resolve(soci::session& sql, const std::string& token, Timestamp now) {
  const std::int64_t steady_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::steady_clock::now().time_since_epoch())
                                     .count();
  return resolve(sql, token, now, steady_ms);
}

Result<Scope> Cache::resolve(soci::session& sql, const std::string& token, Timestamp now,
                             std::int64_t now_ms) {
  // PostgreSQL means instances side by side, each seeing the others' writes only through the
  // database: a sign-out on one must end the session on all at once, so every request looks it up.
  if (db::dialect_of(sql) == db::Dialect::postgresql) return sessions::resolve(sql, token, now);
  if (auto hit = fresh(token, now, now_ms)) return *hit;
  const std::uint64_t generation = db::write_generation();
  auto scope = sessions::resolve(sql, token, now);
  if (!scope) return scope;
  std::lock_guard lock(mutex_);
  if (entries_.size() > 100000) entries_.clear();
  // resolve() has just refreshed last_seen when it was a minute old; either way it is recent.
  entries_[token] = Entry{scope.value(), now, now_ms, generation};
  return scope;
}

std::optional<Scope> Cache::fresh(const std::string& token, Timestamp now, std::int64_t now_ms) {
  constexpr std::int64_t kTtlMs = 2000;
  const std::uint64_t generation = db::write_generation();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(token);
  if (it == entries_.end()) return std::nullopt;
  const Entry& e = it->second;
  const bool fresh = e.generation == generation && now_ms - e.cached_at_ms < kTtlMs &&
                     now_ms >= e.cached_at_ms && now - e.last_seen < 60 &&
                     e.last_seen + kIdleTimeout > now && e.scope.session_expires_at > now;
  if (fresh) return e.scope;
  entries_.erase(it);
  return std::nullopt;
}

std::optional<Scope> Cache::cached(const std::string& token, Timestamp now) {
  const std::int64_t steady_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::steady_clock::now().time_since_epoch())
                                     .count();
  return fresh(token, now, steady_ms);
}

void revoke(soci::session& sql, const std::string& token_hash, Timestamp now) {
  long long at = now;
  std::string hash = token_hash;
  sql << "UPDATE sessions SET revoked_at = :n WHERE token_hash = :h AND revoked_at IS NULL",
      soci::use(at), soci::use(hash);
}

void revoke_all(soci::session& sql, std::int64_t account_id, Timestamp now) {
  long long at = now, account = account_id;
  sql << "UPDATE sessions SET revoked_at = :n WHERE account_id = :a AND revoked_at IS NULL",
      soci::use(at), soci::use(account);
}

std::string set_cookie(const std::string& token, bool secure) {
  return std::string(kCookieName) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax" +
         (secure ? "; Secure" : "");
}

std::string clear_cookie(bool secure) {
  return std::string(kCookieName) + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" +
         (secure ? "; Secure" : "");
}

}  // namespace kaowu::sessions
