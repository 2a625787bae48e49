#pragma once

#include <string>

#include "modules/app.hpp"

namespace kaowu::system {

//! The text of GET /metrics: what this instance counted (core/metrics.hpp), the jobs of every
//! instance by type and state with the oldest queued one's wait, and this instance's database
//! pool. Reads the database (a lease of its own); when it cannot, says so in kaowu_database_up.
std::string metrics_text(App& app);

}  // namespace kaowu::system
