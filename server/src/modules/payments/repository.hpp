#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "modules/payments/model.hpp"

namespace kaowu::payments::repository {

//! Which applications a caller sees, decided by the service.
struct Visibility {
  std::optional<std::int64_t> college_id;  //!< the college's own applications
  std::optional<std::int64_t> org_id;  //!< applications of its plans or paying it (收费对象)
};

std::optional<Application> find(soci::session& sql, std::int64_t id);
//! The lines with student, level and subject names.
std::vector<Line> lines(soci::session& sql, std::int64_t application_id);
std::vector<Application> list(soci::session& sql, const Visibility& v, const Filter& filter,
                              const std::vector<std::int64_t>& ids, int page, int page_size,
                              long long* total);
bool number_taken(soci::session& sql, const std::string& number);
//! Inserts the application with its lines; returns its id.
std::int64_t insert(soci::session& sql, const Application& a);
//! Takes the row lock of a pending application before its registrations are touched (confirm
//! does the same first, so a delete and a confirm never deadlock); false when it is no longer
//! pending.
bool lock_pending(soci::session& sql, std::int64_t id, Timestamp now);
//! Deletes an application and its lines.
void remove(soci::session& sql, std::int64_t id);
//! Confirms a pending application paid to `org_id` (its 收费对象); false when it is gone, confirmed
//! or paid to another organisation.
bool confirm_pending(soci::session& sql, std::int64_t id, std::int64_t org_id,
                     std::int64_t account_id, Timestamp now);

}  // namespace kaowu::payments::repository
