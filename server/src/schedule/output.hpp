#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/error.hpp"
#include "schedule/model.hpp"

namespace kaowu::schedule {

//! The wire form of a solution as text, ids restored, keys in a fixed order and one row per line,
//! so the same solution always prints the same bytes. Written directly, without a JSON tree, to
//! keep a million placements fast and small. Keys: placements, unplaced, rejectedExisting,
//! roomSlots ({room, slot, invigilators, shortage, ownCollege, kept}; the last two parallel to
//! invigilators), sitePatrols ({site, slot, invigilators, shortage, ownCollege, kept}),
//! rejectedInvigilation ({row, room or site, slot, invigilator, reason}), stats.
std::string write_solution(const Instance& in, const Solution& solution);
//! The same as a JSON value.
nlohmann::ordered_json solution_to_json(const Instance& in, const Solution& solution);

//! Reads a solution printed by `solution_to_json` (or written by hand) against its instance, for
//! checking. Unknown ids and malformed rows are errors with their JSON path.
Result<Solution> solution_from_json(const Instance& in, const nlohmann::json& doc);

}  // namespace kaowu::schedule
