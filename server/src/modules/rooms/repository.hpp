#pragma once

#include <soci/soci.h>

#include <optional>
#include <set>
#include <vector>

#include "modules/rooms/model.hpp"

namespace kaowu::rooms::repository {

//! Which rooms a caller sees, decided by the service.
struct Visibility {
  std::optional<std::int64_t> college_id;  //!< the college's own rooms
  std::optional<std::int64_t> org_id;      //!< rooms of the organisation's plans
};

//! How the state filter is put into SQL: a plan has ended once it is cancelled or its publicity
//! window has closed (plans::phase), compared with `now` in the query itself.
struct StateContext {
  Timestamp now = 0;
};

std::optional<Room> find(soci::session& sql, std::int64_t id);
std::optional<Room> find_by_name(soci::session& sql, std::int64_t plan_id, std::int64_t site_id,
                                 const std::string& name);
//! Of `plan_ids`, those that have ended at `now` (cancelled, or publicity over), in one query.
std::set<std::int64_t> ended_plans(soci::session& sql, const std::vector<std::int64_t>& plan_ids,
                                   Timestamp now);
//! Visible rooms matching the filter (with `ids`, only those), oldest first; the state is left
//! for the service to derive.
std::vector<Room> list(soci::session& sql, const Visibility& v, const Filter& filter,
                       const StateContext& states, const std::vector<std::int64_t>& ids, int page,
                       int page_size, long long* total);
std::int64_t insert(soci::session& sql, const Room& r);
//! Writes every field when the version matches.
bool update(soci::session& sql, const Room& r, int expected_version);
void remove(soci::session& sql, std::int64_t id);
//! Takes the room's row lock for the rest of the transaction (a no-op UPDATE, so it works on both
//! engines); false when the room does not exist.
bool lock(soci::session& sql, std::int64_t id);

}  // namespace kaowu::rooms::repository
