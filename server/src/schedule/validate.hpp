#pragma once

#include <string>
#include <vector>

#include "schedule/model.hpp"

namespace kaowu::schedule {

//! A broken rule found by the checker.
struct Violation {
  int rule = 0;  //!< 1..6 as in the arranging rules; 0 for bookkeeping (a subject lost or doubled)
  std::string message;  //!< Chinese, names the ids involved
};

//! Checks a solution against every hard rule independently of how it was made: room types,
//! seats and capacity at every moment, candidate overlaps, one serving site per candidate, kept
//! existing rows, invigilators (certified, not double-booked, shortage consistent), that each
//! registered subject is placed or reported exactly once, and that a subject reported as
//! `time_clash` overlaps a placed subject of its candidate. Empty when the solution is valid.
std::vector<Violation> validate(const Instance& in, const Solution& solution);

}  // namespace kaowu::schedule
