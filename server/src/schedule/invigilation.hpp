#pragma once

#include <vector>

#include "schedule/model.hpp"

namespace kaowu::schedule {

//! What staffing one used room-slot needs.
struct RoomSlotNeed {
  std::vector<Index> certificates;  //!< certificates of its subjects, sorted, unique
  std::vector<Index> colleges;      //!< colleges of its candidates, sorted, unique
};

//! Staffs the used room-slots (`room_slots`, with `needs` parallel to them; by room, then slot
//! start) and the sites during the slots they are used in:
//!  - the `existing_invigilation` rows of `in` that are still valid are kept, first come first
//!    served; the others are appended to `rejected` with their reason code (first that applies):
//!    slot_unused (the room-slot, or every room of the site during the slot, has no candidate),
//!    wrong_kind (a 巡考老师 in a room, a 监考老师 on patrol), not_certified, unavailable,
//!    double_booked (overlaps a duty kept by an earlier row), full (the wanted number is kept
//!    already);
//!  - each room-slot then gets up to `invigilators_per_room` 监考老师 certified for all of its
//!    certificates, each site-slot up to `patrols_per_site` 巡考老师 certified for at least one
//!    certificate sat there; never a person during one of their `unavailable` intervals nor in two
//!    overlapping duties; people not of a college with candidates in the room (for a patrol: not
//!    of a college the site serves) first, someone of such a college only when nobody else can
//!    (flagged own_college); the load spread: a room's pool is looked at in turn taking people
//!    with at most the pool's current load cap, raised to the least busy of the others when a
//!    whole turn finds too few; patrols go to the least busy, the longest waiting first;
//!  - fills `shortage`, the flags, `patrols` (by site, then slot start) and the staffing stats.
//! Deterministic.
void assign_invigilators(const Instance& in, std::vector<RoomSlot>& room_slots,
                         const std::vector<RoomSlotNeed>& needs, std::vector<SitePatrol>& patrols,
                         std::vector<RejectedRow>& rejected, Stats& stats);

//! Whether [start, end) overlaps one of `intervals` (any order).
bool overlaps_any(const std::vector<Interval>& intervals, std::int64_t start, std::int64_t end);

}  // namespace kaowu::schedule
