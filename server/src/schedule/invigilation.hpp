#pragma once

#include <vector>

#include "schedule/model.hpp"

namespace kaowu::schedule {

//! What staffing one used room-slot needs.
struct RoomSlotNeed {
  std::vector<Index> certificates;  //!< certificates of its subjects, sorted, unique
  Index majority_college = -1;      //!< college of more than half of its candidates, or -1
};

//! Gives each room-slot up to `invigilators_per_room` invigilators certified for all of its
//! certificates, none in two overlapping room-slots, preferring teachers from other colleges than
//! the room's majority and spreading load round-robin; fills `shortage` and the invigilator stats.
void assign_invigilators(const Instance& in, std::vector<RoomSlot>& room_slots,
                         const std::vector<RoomSlotNeed>& needs, Stats& stats);

}  // namespace kaowu::schedule
