#pragma once

// Small tight batches to measure the engine against the exact optimum (bench/arrange --exact and
// the ArrangeOptimum test): 20-200 candidate-subjects, seats for 55-100 % of the busiest moment,
// overlapping slots, rooms of one to three types, colleges served by one or two sites. Families:
//   clash   candidates registered for overlapping subjects of different modes, and others who
//           want one of those subjects only (which of the overlapping subjects to keep depends
//           on the seats)
//   types   rooms taking one mode beside rooms taking several, in overlapping slots (which slot
//           gets the room that can host both)
//   sites   colleges served by two sites that offer different modes, 实操 seats scarce (a
//           candidate may do better at a site offering only some of its modes)
//   chain   slots each overlapping only the next
//   mixed   all of the above drawn at random
#include <algorithm>
#include <string>
#include <vector>

#include "schedule/model.hpp"
#include "schedule/seating.hpp"

namespace kaowu::schedule::testing {

enum class SmallFamily { mixed, clash, types, sites, chain };

inline const char* family_name(SmallFamily f) {
  switch (f) {
    case SmallFamily::mixed:
      return "mixed";
    case SmallFamily::clash:
      return "clash";
    case SmallFamily::types:
      return "types";
    case SmallFamily::sites:
      return "sites";
    case SmallFamily::chain:
      return "chain";
  }
  return "mixed";
}

//! The family a seed belongs to: seeds cycle through the five.
inline SmallFamily small_family(std::uint64_t seed) {
  return static_cast<SmallFamily>(seed % 5);
}

//! Sizes of the batches; the defaults are the small ones the optimum test and --exact use.
struct SmallShape {
  int min_cs = 20;  //!< candidate-subjects
  int max_cs = 200;
  int max_sites = 3;
  int max_rooms_per_site = 3;
  int max_colleges = 4;
};

inline Instance small_tight_batch(std::uint64_t seed, const SmallShape& shape = {}) {
  const SmallFamily family = small_family(seed);
  SplitMix64 rng(seed * 0x9e3779b97f4a7c15ULL + 17);
  auto pick = [&](int lo, int hi) {
    return lo + static_cast<int>(rng.below(static_cast<std::uint64_t>(hi - lo + 1)));
  };
  auto id = [](const char* prefix, int n) { return std::string(prefix) + std::to_string(n); };
  Instance in;
  in.seed = seed;
  in.seating = Seating::sequential;
  in.invigilators_per_room = 0;
  in.modes = {"机考", "笔试", "实操"};
  in.certificates = {"cert0", "cert1"};
  const std::int64_t day = 1631923200 + 8 * 3600;
  // Slots.
  if (family == SmallFamily::chain) {
    const int n = pick(3, 6);
    for (int s = 0; s < n; ++s) {
      const std::int64_t start = day + s * 3600;
      in.slots.push_back(
          {id("s", s), start, start + 5400});  // overlaps the next by 30 minutes only
    }
  } else {
    const int n = pick(2, 5);
    for (int s = 0; s < n; ++s) {
      const std::int64_t start = day + pick(0, 8) * 1800;
      in.slots.push_back({id("s", s), start, start + pick(2, 4) * 1800});
    }
  }
  const int slots = static_cast<int>(in.slots.size());
  // Subjects: one to three a slot; in the clash family every slot has two modes.
  for (int s = 0; s < slots; ++s) {
    const int n = family == SmallFamily::clash ? 2 : pick(1, 3);
    const int first = pick(0, 2);
    for (int u = 0; u < n; ++u) {
      const Index mode = family == SmallFamily::clash ? (first + u) % 3 : pick(0, 2);
      in.subjects.push_back({id("sub", static_cast<int>(in.subjects.size())), s, mode, pick(0, 1)});
    }
  }
  const int subjects = static_cast<int>(in.subjects.size());
  // Sites and colleges: each college served by one or two sites.
  const int sites =
      family == SmallFamily::sites ? pick(2, shape.max_sites) : pick(1, shape.max_sites);
  const int colleges = pick(1, shape.max_colleges);
  for (int x = 0; x < sites; ++x) in.sites.push_back({id("site", x), {}});
  for (int c = 0; c < colleges; ++c) {
    in.colleges.push_back(id("col", c));
    const int a = pick(0, sites - 1);
    in.sites[static_cast<std::size_t>(a)].colleges.push_back(c);
    const bool two = family == SmallFamily::sites ? pick(0, 3) != 0 : pick(0, 1) == 0;
    if (sites > 1 && two)
      in.sites[static_cast<std::size_t>((a + pick(1, sites - 1)) % sites)].colleges.push_back(c);
  }
  for (auto& site : in.sites) std::sort(site.colleges.begin(), site.colleges.end());
  // Rooms: one to three types each; the types family mixes one-type rooms with rooms taking
  // several; in the sites family each site offers its own modes.
  for (int x = 0; x < sites; ++x) {
    std::vector<Index> offered = {0, 1, 2};
    if (family == SmallFamily::sites && x > 0) offered.erase(offered.begin() + pick(0, 2));
    const int rooms = pick(1, shape.max_rooms_per_site);
    for (int r = 0; r < rooms; ++r) {
      std::vector<Index> types;
      const int n = family == SmallFamily::types ? (r == 0 ? 2 : 1) : pick(1, 3);
      std::vector<Index> pool = offered;
      for (std::size_t i = pool.size(); i > 1; --i) std::swap(pool[i - 1], pool[rng.below(i)]);
      for (int t = 0; t < n && t < static_cast<int>(pool.size()); ++t)
        types.push_back(pool[static_cast<std::size_t>(t)]);
      std::sort(types.begin(), types.end());
      in.rooms.push_back({id("r", static_cast<int>(in.rooms.size())), x, types, 1});
    }
  }
  // Candidates up to the wanted number of candidate-subjects; in the clash and chain families
  // most take subjects of neighbouring (overlapping) slots.
  const int wanted = pick(shape.min_cs, shape.max_cs);
  int total = 0;
  for (int c = 0; total < wanted; ++c) {
    Candidate cand{id("st", c), pick(0, colleges - 1), {}};
    const int n = std::min(wanted - total, pick(1, 3));
    const bool near =
        (family == SmallFamily::clash || family == SmallFamily::chain) && pick(0, 3) != 0;
    const Index first = pick(0, subjects - 1);
    cand.subjects.push_back(first);
    for (int tries = 0; static_cast<int>(cand.subjects.size()) < n && tries < 20; ++tries) {
      Index u = pick(0, subjects - 1);
      if (near) {
        const int s = std::clamp(in.subjects[static_cast<std::size_t>(first)].slot + pick(-1, 1), 0,
                                 slots - 1);
        std::vector<Index> of_slot;
        for (int v = 0; v < subjects; ++v) {
          if (in.subjects[static_cast<std::size_t>(v)].slot == s) of_slot.push_back(v);
        }
        u = of_slot[rng.below(of_slot.size())];
      }
      if (std::find(cand.subjects.begin(), cand.subjects.end(), u) == cand.subjects.end())
        cand.subjects.push_back(u);
    }
    total += static_cast<int>(cand.subjects.size());
    in.candidates.push_back(std::move(cand));
  }
  // Seats: 55-100 % of the busiest moment, spread over the rooms at random (at least one each).
  std::int64_t busiest = 0;
  for (const auto& a : in.slots) {
    std::int64_t at = 0;
    for (const auto& cand : in.candidates) {
      for (Index u : cand.subjects) {
        const Slot& b =
            in.slots[static_cast<std::size_t>(in.subjects[static_cast<std::size_t>(u)].slot)];
        at += b.start <= a.start && a.start < b.end;
      }
    }
    busiest = std::max(busiest, at);
  }
  const std::int64_t seats = std::max<std::int64_t>(static_cast<std::int64_t>(in.rooms.size()),
                                                    busiest * pick(55, 100) / 100);
  for (std::int64_t s = static_cast<std::int64_t>(in.rooms.size()); s < seats; ++s)
    ++in.rooms[rng.below(in.rooms.size())].seats;
  return in;
}

}  // namespace kaowu::schedule::testing
