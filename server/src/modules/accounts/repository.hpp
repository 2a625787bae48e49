#pragma once

#include "modules/accounts/model.hpp"

#include <soci/soci.h>

#include <optional>
#include <vector>

namespace kaowu::accounts::repository {

std::optional<Account> find(soci::session& sql, std::int64_t id);
std::optional<Account> find_by_username(soci::session& sql, const std::string& username);
//! Admin list; other roles have no account list.
std::vector<Account> list(soci::session& sql, const Filter& filter, int page, int page_size,
                          long long& total);
std::int64_t insert(soci::session& sql, const Account& account);
void update_profile(soci::session& sql, const Account& account);
void set_password(soci::session& sql, std::int64_t id, const std::string& hash, bool must_change,
                  Timestamp now);
//! Adds one failed sign-in and returns the new count.
int count_failure(soci::session& sql, std::int64_t id, Timestamp now);
//! Locks the account until `until` and resets the failure count.
void lock(soci::session& sql, std::int64_t id, Timestamp until, Timestamp now);
void record_login(soci::session& sql, std::int64_t id, Timestamp now);
void unlock(soci::session& sql, std::int64_t id, Timestamp now);

}  // namespace kaowu::accounts::repository
