#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <vector>

#include "modules/rooms/model.hpp"

namespace kaowu::rooms::ledger {

//! For the arrangement writer: call inside its write transaction, before inserting or removing
//! arrangements of the room. Takes the room's row lock that room update/delete also take before
//! they derive 未排考/排考中 from the arrangements, so neither sees the other half done (on
//! PostgreSQL; SQLite serialises write transactions already). Returns false when the room does
//! not exist (then nothing may be arranged into it).
bool lock_for_arrangement(soci::session& sql, std::int64_t room_id);

//! The rooms of a plan, by id (the arrangement's input and its documents).
std::vector<Room> of_plan(soci::session& sql, std::int64_t plan_id);

}  // namespace kaowu::rooms::ledger
