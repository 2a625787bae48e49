#include "modules/accounts/sign_in_guard.hpp"

#include "core/auth/throttle.hpp"
#include "core/db/database.hpp"
#include "core/http/schema.hpp"

namespace kaowu::accounts::guard {

namespace {
bool known_address(soci::session& sql, std::int64_t account_id, const std::string& ip,
                   Timestamp now) {
  long long account = account_id, since = now - throttle::kKnownAddressSeconds;
  std::string address = ip;
  int n = 0;
  sql << "SELECT COUNT(*) FROM sign_in_addresses WHERE account_id = :a AND ip = :ip AND last_at > "
         ":s",
      soci::use(account), soci::use(address), soci::use(since), soci::into(n);
  return n > 0;
}

Error wait(const std::string& message, std::int64_t seconds, const char* code) {
  return err::make(ErrorKind::too_many_requests, message, code, {{"retryAfter", seconds}});
}
}  // namespace

Status check(soci::session& sql, const std::string& username, const std::string& ip,
             std::optional<std::int64_t> account_id, int per_minute, Timestamp now) {
  std::string address = ip;
  if (per_minute > 0) {
    long long since = now - 60;
    int recent = 0;
    sql << "SELECT COUNT(*) FROM sign_in_failures WHERE ip = :ip AND at > :s", soci::use(address),
        soci::use(since), soci::into(recent);
    if (recent >= per_minute) {
      return wait("登录失败次数过多，请一分钟后再试", 60, "too_many_requests");
    }
  }
  std::string name = throttle::failure_key(username);
  long long until = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT delayed_until FROM sign_in_delays WHERE username = :u AND ip = :ip",
      soci::use(name), soci::use(address), soci::into(until, ind);
  if (ind != soci::i_ok || until <= now) return {};
  if (account_id && known_address(sql, *account_id, ip, now)) return {};
  const std::int64_t seconds = until - now;
  const std::string when = seconds >= 60 ? std::to_string((seconds + 59) / 60) + " 分钟"
                                         : std::to_string(seconds) + " 秒";
  return wait("该账号在当前网络连续登录失败，请于 " + when + "后再试；忘记密码请联系管理员重置",
              seconds, "sign_in_delayed");
}

void record_failure(soci::session& sql, const std::string& username, const std::string& ip,
                    Timestamp now) {
  std::string name = throttle::failure_key(username), address = ip;
  long long at = now, cutoff = now - throttle::kFailureMemorySeconds;
  sql << "DELETE FROM sign_in_failures WHERE at < :c", soci::use(cutoff);
  sql << "DELETE FROM sign_in_delays WHERE last_failed_at < :c", soci::use(cutoff);
  sql << "INSERT INTO sign_in_failures(ip, username, at) VALUES(:ip, :u, :t)", soci::use(address),
      soci::use(name), soci::use(at);
  // One statement, so failures sent at the same moment all count.
  int failures = 0;
  sql << "INSERT INTO sign_in_delays(username, ip, failures, last_failed_at, delayed_until) "
         "VALUES(:u, :ip, 1, :t, 0) ON CONFLICT (username, ip) DO UPDATE SET "
         "failures = sign_in_delays.failures + 1, last_failed_at = excluded.last_failed_at "
         "RETURNING failures",
      soci::use(name), soci::use(address), soci::use(at), soci::into(failures);
  long long until = now + throttle::delay_seconds(failures);
  sql << "UPDATE sign_in_delays SET delayed_until = :d WHERE username = :u AND ip = :ip",
      soci::use(until), soci::use(name), soci::use(address);
}

void record_success(soci::session& sql, const std::string& username, const std::string& ip,
                    std::int64_t account_id, Timestamp now) {
  std::string name = throttle::failure_key(username), address = ip;
  long long account = account_id, at = now;
  sql << "DELETE FROM sign_in_delays WHERE username = :u AND ip = :ip", soci::use(name),
      soci::use(address);
  sql << "INSERT INTO sign_in_addresses(account_id, ip, last_at) VALUES(:a, :ip, :t) "
         "ON CONFLICT (account_id, ip) DO UPDATE SET last_at = excluded.last_at",
      soci::use(account), soci::use(address), soci::use(at);
}

std::vector<Entry> entries(soci::session& sql, const std::string& username, std::int64_t account_id,
                           Timestamp now) {
  std::string name = throttle::failure_key(username);
  long long cutoff = now - throttle::kFailureMemorySeconds;
  std::vector<Entry> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT ip, failures, last_failed_at, delayed_until FROM sign_in_delays "
                      "WHERE username = :u AND last_failed_at >= :c ORDER BY last_failed_at DESC",
       soci::use(name), soci::use(cutoff));
  for (const auto& row : rows) {
    Entry e;
    e.ip = db::get_str(row, "ip");
    e.failures = static_cast<int>(db::get_i64(row, "failures"));
    e.last_failed_at = db::get_i64(row, "last_failed_at");
    e.delayed_until = db::get_i64(row, "delayed_until");
    out.push_back(e);
  }
  for (auto& e : out) e.known = known_address(sql, account_id, e.ip, now);
  return out;
}

nlohmann::json to_json(const Entry& e, Timestamp now) {
  const bool delayed = e.delayed_until > now && !e.known;
  return {{"ip", e.ip},
          {"failures", e.failures},
          {"lastFailedAt", cst::format(e.last_failed_at)},
          {"delayedUntil",
           delayed ? nlohmann::json(cst::format(e.delayed_until)) : nlohmann::json(nullptr)},
          {"knownAddress", e.known}};
}

int clear(soci::session& sql, const std::string& username) {
  std::string name = throttle::failure_key(username);
  int n = 0;
  sql << "SELECT COUNT(*) FROM sign_in_delays WHERE username = :u", soci::use(name), soci::into(n);
  sql << "DELETE FROM sign_in_delays WHERE username = :u", soci::use(name);
  return n;
}

nlohmann::json schema() {
  namespace s = http::schema;
  return s::object({{"ip", s::string()},
                    {"failures", s::integer()},
                    {"lastFailedAt", s::datetime()},
                    {"delayedUntil", s::nullable(s::datetime())},
                    {"knownAddress", s::boolean()}});
}

}  // namespace kaowu::accounts::guard
