#pragma once

#include <soci/soci.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/auth/scope.hpp"
#include "core/clock.hpp"
#include "core/jobs/job_queue.hpp"

namespace kaowu::audit_log {

struct Filter {
  std::string keyword;  //!< summary, user name or organisation
  std::string action;
  std::string entity;
  std::optional<std::int64_t> account_id;
  std::optional<Timestamp> from;
  std::optional<Timestamp> to;
};

//! Reads filters from query parameters or an export job's parameters.
Filter filter_from(const nlohmann::json& params);
//! The JSON schema of an entry of list().
nlohmann::json entry_schema();
nlohmann::json list(soci::session& sql, const Filter& filter, int page, int page_size);
//! The export job: every matching entry as a CSV file (UTF-8 with BOM, opens in Excel and WPS).
Status export_csv(jobs::JobContext& ctx);

}  // namespace kaowu::audit_log
