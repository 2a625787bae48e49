#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "modules/plans/model.hpp"

namespace kaowu::plans::repository {

//! Who may see which plans, decided by the service.
struct Visibility {
  std::optional<std::int64_t> org_id;                    //!< the organisation's own plans
  std::optional<std::vector<std::int64_t>> college_ids;  //!< published plans with any of them
};

//! The plan row with its level ids, subject slots and colleges (names filled by the service).
std::optional<Plan> find(soci::session& sql, std::int64_t id);
std::vector<Plan> list(soci::session& sql, const Visibility& visibility, const Filter& filter,
                       int page, int page_size, long long& total);
std::int64_t insert(soci::session& sql, const Plan& plan);
//! Header and children when the version matches; false otherwise.
bool update(soci::session& sql, const Plan& plan, int expected_version);
void set_status(soci::session& sql, std::int64_t id, const std::string& status, Timestamp now);

//! Conditions on a plan row for other modules' queries, so that they need not know its tables.
namespace sql_filter {
//! The plan's exams are over (its last subject has ended), or it ended or was cancelled: what the
//! rooms of the plan show as 已结束. Each placeholder is a bound `now` of its own.
std::string exams_over(const std::string& plan_alias, const std::string& now_placeholder,
                       const std::string& now_placeholder_again);
}  // namespace sql_filter

}  // namespace kaowu::plans::repository
