#pragma once

#include "core/error.hpp"
#include "schedule/model.hpp"

namespace kaowu::schedule {

//! Arranges every registered subject of every candidate into a room, slot and seat, keeps the
//! `existing` rows that are valid, and staffs each used room-slot. Deterministic: the same
//! instance gives the same solution. Fails only when a site offers more than 8 exam modes.
Result<Solution> arrange(const Instance& in);

}  // namespace kaowu::schedule
