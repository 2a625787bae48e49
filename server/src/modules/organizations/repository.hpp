#pragma once

#include <soci/soci.h>

#include <functional>
#include <optional>
#include <vector>

#include "core/auth/scope.hpp"
#include "modules/organizations/model.hpp"

namespace kaowu::organizations::repository {

//! A row the caller may see: admins all, a province itself and its colleges, others their own.
std::optional<Organization> find(soci::session& sql, const Scope& scope, std::int64_t id);
//! Any row, for services that check access themselves (account creation by the shell).
std::optional<Organization> find_any(soci::session& sql, std::int64_t id);
std::optional<Organization> find_by_name(soci::session& sql, const std::string& type,
                                         const std::string& name);
std::vector<Organization> list(soci::session& sql, const Scope& scope, const Filter& filter,
                               int page, int page_size, long long& total);
//! The same page handed to `fn` row by row as the database reads it (a list answer written
//! straight from the rows); `total` is set before the first row.
void each(soci::session& sql, const Scope& scope, const Filter& filter, int page, int page_size,
          long long& total, const std::function<void(const OrganizationView&)>& fn);
std::int64_t insert(soci::session& sql, const Organization& org);
//! Updates when `expected_version` still matches; false when someone else changed it first.
bool update(soci::session& sql, const Organization& org, int expected_version);

}  // namespace kaowu::organizations::repository
