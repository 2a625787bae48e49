#pragma once

// Sign-in throttling (issue: one attacker must not lock everyone out). Only failed sign-ins
// count, in two ways kept apart: per client address (a per-minute limit, so one address cannot
// try passwords at speed) and per user name and address (a growing wait, core/auth/throttle.hpp).
// Neither is a lock of the account: an attacker's failures delay the attacker's address only, and
// an address the account signed in from before is its owner's and never delayed. Everything is
// in the database, so every instance counts the same failures.

#include <soci/soci.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace kaowu::accounts::guard {

//! Before the password is checked: 429 with a retryAfter (seconds) in the details when `ip` is
//! over `per_minute` failures in the last minute (0 = no limit), or when `username` at `ip` has
//! earned a wait and `ip` is not one `account_id` signed in from.
Status check(soci::session& sql, const std::string& username, const std::string& ip,
             std::optional<std::int64_t> account_id, int per_minute, Timestamp now);
//! A failed sign-in, in the caller's transaction; forgets failures older than a day.
void record_failure(soci::session& sql, const std::string& username, const std::string& ip,
                    Timestamp now);
//! A sign-in that succeeded, in the caller's transaction: the name's failures at `ip` go and
//! `ip` becomes one of the account's known addresses.
void record_success(soci::session& sql, const std::string& username, const std::string& ip,
                    std::int64_t account_id, Timestamp now);

//! One user name and address with failures: what an admin sees.
struct Entry {
  std::string ip;
  int failures = 0;
  Timestamp last_failed_at = 0;
  Timestamp delayed_until = 0;
  bool known = false;  //!< the account signed in from this address: never delayed
};
std::vector<Entry> entries(soci::session& sql, const std::string& username, std::int64_t account_id,
                           Timestamp now);
nlohmann::json to_json(const Entry& entry, Timestamp now);
//! The JSON schema of to_json: the same keys.
nlohmann::json schema();
//! Forgets every failure of `username` (all addresses); returns how many addresses were delayed.
int clear(soci::session& sql, const std::string& username);

}  // namespace kaowu::accounts::guard
