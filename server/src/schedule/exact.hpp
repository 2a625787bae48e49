#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "schedule/model.hpp"

// The arranging rules as an integer program, solved by CBC (COIN-OR branch and cut):
// one site per candidate, a subject only in a room of its mode at that site, no two overlapping
// subjects for one candidate, and at every moment no more candidates in a room than its seats.
// The engine hands it the part of a batch it could not settle (arrange.cpp, residue stage); the
// benchmark and the tests hand it whole small batches to know the best that can be placed.
namespace kaowu::schedule::exact {

//! A candidate-subject that may be placed.
struct Item {
  Index candidate = -1;       //!< local candidate, into Problem::candidate_sites
  std::size_t seg_begin = 0;  //!< time segments the subject's slot covers: [seg_begin, seg_end)
  std::size_t seg_end = 0;
  std::vector<Index> rooms;  //!< rooms (global ids) that may take it, ascending
  Index current_room = -1;   //!< where it sits now; kept when placing as many allows it
};

//! A part of a batch: the candidates and subjects still free, and the seats left around the rest.
struct Problem {
  std::vector<std::vector<Index>> candidate_sites;  //!< per local candidate, its sites ascending
  std::vector<Item> items;
  std::vector<Index> room_site;  //!< per room (global id)
  //! Seats of `room` still free during `segment` once the fixed part of the batch is seated.
  std::function<std::int32_t(Index room, std::size_t segment)> free_seats;
};

struct Limits {
  std::int64_t max_nodes = -1;  //!< branch-and-bound nodes; -1 = until proven
  std::int64_t min_placed = 0;  //!< only solutions placing at least this many items count
};

struct Result {
  bool found = false;  //!< a solution placing at least Limits::min_placed items was found
  bool proven =
      false;  //!< the search finished: `placed` is the optimum (or none reaches min_placed)
  std::int64_t placed = 0;
  std::vector<Index> item_room;       //!< per item; -1 when left out
  std::vector<Index> candidate_site;  //!< per local candidate; -1 when none of it is placed
  std::int64_t nodes = 0;
};

//! Solves `p` exactly within `limits`. Deterministic; one CBC search at a time per process.
Result solve(const Problem& p, const Limits& limits = {});

//! The most candidate-subjects of `in` that can be placed under the rules (an instance without
//! `existing` rows), and whether that is proven.
struct Optimum {
  std::int64_t placed = 0;
  bool proven = false;
};
Optimum optimum(const Instance& in, std::int64_t max_nodes = -1);

}  // namespace kaowu::schedule::exact
