#pragma once

// What other modules may ask of 考核站点 (the arrangement and its documents).

#include <soci/soci.h>

#include <cstdint>
#include <vector>

#include "modules/sites/model.hpp"

namespace kaowu::sites::ledger {

//! The given sites, by id, each with the colleges it serves (served_colleges; its own college
//! is served too, whether listed there or not).
std::vector<Site> find_many(soci::session& sql, const std::vector<std::int64_t>& ids);

}  // namespace kaowu::sites::ledger
