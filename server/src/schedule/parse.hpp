#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/error.hpp"
#include "schedule/model.hpp"

namespace kaowu::schedule {

//! Reads an arranging problem. Staffing keys: "invigilatorsPerRoom" (监考老师 per used room-slot,
//! default 2), "patrolsPerSite" (巡考老师 per site and slot with a used room, default 1); per
//! invigilator "kind" ("监考老师", the default, or "巡考老师") and "unavailable"
//! ([{"start", "end"}], times as slots'); "existingInvigilation": duties of an earlier run,
//! {"room", "slot", "invigilator"} or {"site", "slot", "invigilator"}.
//! On failure the message names the first bad JSON path
//! (`$.rooms[3].seats: 考位数必须为正整数`) and details.errors lists every one found.
Result<Instance> parse_instance(const nlohmann::json& doc);
//! Same, from JSON text.
Result<Instance> parse_instance_text(std::string_view text);

//! Parses "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS" to seconds since 1970-01-01; false if
//! malformed.
bool parse_time(std::string_view text, std::int64_t& seconds);
//! Formats seconds since 1970-01-01 as "YYYY-MM-DDTHH:MM" (with ":SS" when not zero).
std::string format_time(std::int64_t seconds);

}  // namespace kaowu::schedule
