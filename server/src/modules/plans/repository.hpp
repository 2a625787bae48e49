#pragma once

#include "modules/plans/model.hpp"

#include <soci/soci.h>

#include <optional>
#include <vector>

namespace kaowu::plans::repository {

//! Who may see which plans, decided by the service.
struct Visibility {
  std::optional<std::int64_t> org_id;                     //!< the organisation's own plans
  std::optional<std::vector<std::int64_t>> college_ids;   //!< published plans with any of them
};

//! The plan row with its level ids, subject slots and colleges (names filled by the service).
std::optional<Plan> find(soci::session& sql, std::int64_t id);
std::vector<Plan> list(soci::session& sql, const Visibility& visibility, const Filter& filter, int page,
                       int page_size, long long& total);
std::int64_t insert(soci::session& sql, const Plan& plan);
//! Header and children when the version matches; false otherwise.
bool update(soci::session& sql, const Plan& plan, int expected_version);
void set_status(soci::session& sql, std::int64_t id, const std::string& status, Timestamp now);

}  // namespace kaowu::plans::repository
