#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "modules/teachers/model.hpp"

namespace kaowu::teachers::repository {

//! The account ids a state filter needs: those activated (of the caller's colleges).
struct StateFilter {
  std::optional<AccountState> state;
  std::vector<std::int64_t> activated_accounts;
};

std::optional<Teacher> find(soci::session& sql, std::int64_t id);
std::optional<Teacher> find_by_account(soci::session& sql, std::int64_t account_id);
std::optional<Teacher> find_by_phone(soci::session& sql, const std::string& phone);
std::optional<Teacher> find_by_id_number(soci::session& sql, std::int64_t college_id,
                                         const std::string& id_number);
std::vector<Teacher> list(soci::session& sql, std::optional<std::int64_t> college_id,
                          const Filter& f, const StateFilter& state,
                          const std::vector<std::int64_t>& ids, int page, int page_size,
                          long long* total);
std::int64_t insert(soci::session& sql, const Teacher& t);
void set_account(soci::session& sql, std::int64_t id, std::int64_t account_id);
//! Writes every field when the version matches; false when someone else changed it.
bool update(soci::session& sql, const Teacher& t, int expected_version);

}  // namespace kaowu::teachers::repository
