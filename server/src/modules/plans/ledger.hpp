#pragma once

// What other modules may ask of 考试计划 beyond a plan itself (plans::service::find).

#include <soci/soci.h>

#include <cstdint>
#include <vector>

#include "core/clock.hpp"

namespace kaowu::plans::ledger {

//! The published plans whose 公示期 has ended by `now` (their scores are final), by id.
std::vector<std::int64_t> publicity_ended(soci::session& sql, Timestamp now);

}  // namespace kaowu::plans::ledger
