#pragma once

#include <string>
#include <vector>

#include "schedule/model.hpp"

namespace kaowu::schedule {

//! A broken rule found by the checker.
struct Violation {
  //! 1..5 as in the arranging rules, 6 staffing (监考 and 巡考), 7 duties kept from an earlier
  //! run; 0 for bookkeeping (a subject lost or doubled)
  int rule = 0;
  std::string message;  //!< Chinese, names the ids involved
};

//! Checks a solution against every hard rule independently of how it was made: room types,
//! seats and capacity at every moment, candidate overlaps, one serving site per candidate, kept
//! existing rows, staffing (room-slots and site-slots: the right kind of person, certified, never
//! two overlapping duties nor one during a time the person is unavailable, the count plus the
//! shortage equal to the wanted number, the own_college and kept flags right), duties of an
//! earlier run kept or rejected for a reason that holds, that each
//! registered subject is placed or reported exactly once, and that a subject reported as
//! `time_clash` overlaps a placed subject of its candidate. Empty when the solution is valid.
std::vector<Violation> validate(const Instance& in, const Solution& solution);

}  // namespace kaowu::schedule
