#pragma once

#include <soci/soci.h>

#include <optional>
#include <set>
#include <vector>

#include "modules/accounts/model.hpp"

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
void record_login(soci::session& sql, std::int64_t id, Timestamp now);
void unlock(soci::session& sql, std::int64_t id, Timestamp now);
//! New user name, name and phone (a student account follows its 考生编号 and roster entry).
void rename(soci::session& sql, std::int64_t id, const std::string& username,
            const std::string& display_name, const std::string& phone, Timestamp now);
//! Deletes an account that never signed in (no sessions, no audit entries of its own).
void remove(soci::session& sql, std::int64_t id);
//! Inserts many accounts with one prepared statement.
void insert_many(soci::session& sql, const std::vector<Account>& accounts);
//! The user names among `usernames` that an account already has.
std::set<std::string> taken_usernames(soci::session& sql,
                                      const std::vector<std::string>& usernames);
//! Per user name: the student accounts among `usernames`.
std::vector<Account> find_students(soci::session& sql, const std::vector<std::string>& usernames);

}  // namespace kaowu::accounts::repository
