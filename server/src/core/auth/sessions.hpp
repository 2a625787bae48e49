#pragma once

#include <soci/soci.h>

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/auth/scope.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"

namespace kaowu::sessions {

constexpr std::int64_t kIdleTimeout = 30 * 60;        //!< seconds without a request
constexpr std::int64_t kAbsoluteTimeout = 12 * 3600;  //!< seconds after sign-in
constexpr const char* kCookieName = "kaowu_session";

struct NewSession {
  std::string token;  //!< goes to the cookie only; the table keeps its hash
  std::string token_hash;
  Timestamp expires_at = 0;
};

//! Starts a session for an account.
NewSession create(soci::session& sql, std::int64_t account_id, const std::string& ip,
                  const std::string& user_agent, Timestamp now);
//! The caller behind a cookie token: 401 when unknown, revoked, idle or past its 12 hours, or
//! when the account or its organisation is disabled. Refreshes the idle timer.
Result<Scope> resolve(soci::session& sql, const std::string& token, Timestamp now);
//! Ends one session.
void revoke(soci::session& sql, const std::string& token_hash, Timestamp now);
//! Ends every session of an account (password change, disable).
void revoke_all(soci::session& sql, std::int64_t account_id, Timestamp now);

//! On SQLite (one instance), resolved sessions kept for up to two seconds, so a busy page does not
//! look its session up on every request; dropped at once by any write this instance commits
//! (sign-out, password change, disabling an account). On PostgreSQL, where several instances
//! share the database, nothing is kept: a sign-out on one instance ends the session on all.
class Cache {
 public:
  //! `now` is the business clock (expiry); the cache's own two seconds run on the steady clock.
  Result<Scope> resolve(soci::session& sql, const std::string& token, Timestamp now);
  //! The same with the cache's monotonic milliseconds given (tests).
  Result<Scope> resolve(soci::session& sql, const std::string& token, Timestamp now,
                        std::int64_t steady_ms);
  //! The session as resolve() would answer it from the cache, without a database connection;
  //! empty when it is not cached (always on PostgreSQL, where nothing is kept).
  std::optional<Scope> cached(const std::string& token, Timestamp now);

 private:
  struct Entry {
    Scope scope;
    Timestamp last_seen = 0;
    std::int64_t cached_at_ms = 0;
    std::uint64_t generation = 0;
  };
  std::optional<Scope> fresh(const std::string& token, Timestamp now, std::int64_t now_ms);

  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

//! Set-Cookie value for a new session; `secure` adds the Secure flag (https deployments).
std::string set_cookie(const std::string& token, bool secure);
//! Set-Cookie value that removes the cookie.
std::string clear_cookie(bool secure);

}  // namespace kaowu::sessions
