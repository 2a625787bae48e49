#pragma once

#include <soci/soci.h>

#include <map>
#include <optional>
#include <vector>

#include "modules/registrations/model.hpp"

namespace kaowu::registrations::repository {

//! Whose registrations a caller sees, decided by the service.
struct Visibility {
  std::optional<std::int64_t> college_id;  //!< the college's own
  std::optional<std::int64_t> org_id;      //!< those of the organisation's plans
};

//! Registrations with display names (placements are filled by the service). With `ids`, only
//! those; `now` decides the status filter. Newest first.
std::vector<Registration> list(soci::session& sql, const Visibility& v, const Filter& filter,
                               const std::vector<std::int64_t>& ids, Timestamp now, int page,
                               int page_size, long long* total);
std::optional<Registration> find(soci::session& sql, std::int64_t id);
//! The subjects a student is already registered for in a plan.
std::vector<std::int64_t> subjects_of_student(soci::session& sql, std::int64_t plan_id,
                                              std::int64_t student_id);
//! The subjects each of these students is registered for in the plan.
std::map<std::int64_t, std::vector<std::int64_t>> subjects_of_students(
    soci::session& sql, std::int64_t plan_id, const std::vector<std::int64_t>& student_ids);
//! Deletes the registration if it is still 未排考, 未缴费 and in no payment application (REG-4);
//! false when it no longer is.
bool remove_deletable(soci::session& sql, std::int64_t id);
//! The registrations of one student for one certificate level in a plan, in subject order: in a
//! 按证书报考 plan they are one registration of the level and go together.
std::vector<Registration> level_group(soci::session& sql, std::int64_t plan_id,
                                      std::int64_t student_id, std::int64_t level_id);

}  // namespace kaowu::registrations::repository
