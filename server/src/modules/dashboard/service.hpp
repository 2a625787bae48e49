#pragma once

#include <soci/soci.h>

#include <nlohmann/json.hpp>

#include "core/auth/scope.hpp"
#include "core/clock.hpp"

namespace kaowu::dashboard::service {

//! 首页 待办: what needs doing now for the caller's role, each with a count and the list page that
//! shows it ({items: [{key, title, count, detail, link}]}). The counts come from each module's own
//! list, so they follow the same scoping as the pages they link to.
//! The JSON schema of todo().
nlohmann::json todo_schema();
nlohmann::json todo(soci::session& sql, const Scope& scope, Timestamp now);

}  // namespace kaowu::dashboard::service
