#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "schedule/arrange.hpp"
#include "schedule/output.hpp"
#include "schedule/parse.hpp"
#include "schedule/seating.hpp"
#include "schedule/validate.hpp"

namespace kaowu::schedule::testing {

//! "prefix" followed by a number, e.g. name("st", 3) == "st3".
inline std::string name(const char* prefix, long long n) {
  std::string out(prefix);
  out += std::to_string(n);
  return out;
}

//! Parses an instance written as JSON; fails the test on malformed input.
inline Instance make(const nlohmann::json& doc) {
  auto parsed = parse_instance(doc);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? std::move(parsed).value() : Instance{};
}

//! Arranges; fails the test when arranging fails.
inline Solution solve(const Instance& in) {
  auto solved = arrange(in);
  EXPECT_TRUE(solved.ok()) << (solved.ok() ? "" : solved.error().message);
  return solved.ok() ? std::move(solved).value() : Solution{};
}

//! The checker's findings as one line each, for readable failures.
inline std::string violations_text(const Instance& in, const Solution& s) {
  std::string out;
  for (const auto& v : validate(in, s)) {
    out += '[';
    out += std::to_string(v.rule);
    out += "] ";
    out += v.message;
    out += '\n';
  }
  return out;
}

inline const Placement* find_placement(const Instance& in, const Solution& s,
                                       const std::string& candidate, const std::string& subject) {
  for (const auto& p : s.placements) {
    if (in.candidates[static_cast<std::size_t>(p.candidate)].id == candidate &&
        in.subjects[static_cast<std::size_t>(p.subject)].id == subject) {
      return &p;
    }
  }
  return nullptr;
}

inline const Unplaced* find_unplaced(const Instance& in, const Solution& s,
                                     const std::string& candidate, const std::string& subject) {
  for (const auto& u : s.unplaced) {
    if (in.candidates[static_cast<std::size_t>(u.candidate)].id == candidate &&
        in.subjects[static_cast<std::size_t>(u.subject)].id == subject) {
      return &u;
    }
  }
  return nullptr;
}

inline const std::string& room_id(const Instance& in, Index room) {
  return in.rooms[static_cast<std::size_t>(room)].id;
}

//! A slot on 2021-09-18 from hh:mm for `minutes`.
inline nlohmann::json slot(const std::string& id, int hour, int minute, int minutes) {
  const std::int64_t start = 1631923200 + hour * 3600 + minute * 60;
  return {{"id", id}, {"start", format_time(start)}, {"end", format_time(start + minutes * 60)}};
}

//! A small random instance for property tests: partially overlapping slots, several modes,
//! sites serving overlapping sets of colleges, tiny rooms, optional invigilators.
struct RandomShape {
  int max_slots = 5;
  int max_subjects = 6;
  int max_sites = 3;
  int max_rooms = 6;
  int max_seats = 6;
  int max_candidates = 20;
  int max_invigilators = 6;
  bool staff_kinds = false;  //!< 巡考老师, unavailable times and patrols per site drawn too
};

inline Instance random_instance(std::uint64_t seed, const RandomShape& shape = {}) {
  SplitMix64 rng(seed);
  auto pick = [&](int lo, int hi) {
    return lo + static_cast<int>(rng.below(static_cast<std::uint64_t>(hi - lo + 1)));
  };
  Instance in;
  in.seed = seed;
  in.seating = static_cast<Seating>(pick(0, 2));
  in.invigilators_per_room = pick(0, 3);
  in.modes = {"机考", "笔试", "实操"};
  const int modes = pick(1, 3);
  const int colleges = pick(1, 4);
  for (int c = 0; c < colleges; ++c) in.colleges.push_back(name("col", c));
  const int certificates = pick(1, 3);
  for (int c = 0; c < certificates; ++c) in.certificates.push_back(name("cert", c));
  const int slots = pick(1, shape.max_slots);
  for (int s = 0; s < slots; ++s) {
    const std::int64_t start = 1631923200 + 8 * 3600 + pick(0, 8) * 1800;
    in.slots.push_back({name("s", s), start, start + pick(1, 4) * 1800});
  }
  const int subjects = pick(1, shape.max_subjects);
  for (int s = 0; s < subjects; ++s) {
    in.subjects.push_back(
        {name("sub", s), pick(0, slots - 1), pick(0, modes - 1), pick(0, certificates - 1)});
  }
  const int sites = pick(1, shape.max_sites);
  for (int x = 0; x < sites; ++x) {
    Site site{name("site", x), {}};
    for (int c = 0; c < colleges; ++c) {
      if (rng.below(3) != 0) site.colleges.push_back(c);
    }
    in.sites.push_back(site);
  }
  const int rooms = pick(1, shape.max_rooms);
  for (int r = 0; r < rooms; ++r) {
    Room room{name("r", r), pick(0, sites - 1), {}, pick(1, shape.max_seats)};
    for (int m = 0; m < modes; ++m) {
      if (rng.below(2) == 0) room.types.push_back(m);
    }
    if (room.types.empty()) room.types.push_back(pick(0, modes - 1));
    in.rooms.push_back(room);
  }
  const int candidates = pick(1, shape.max_candidates);
  for (int c = 0; c < candidates; ++c) {
    Candidate cand{name("st", c), pick(0, colleges - 1), {}};
    const int n = pick(1, std::min(3, subjects));
    while (static_cast<int>(cand.subjects.size()) < n) {
      const Index s = pick(0, subjects - 1);
      if (std::find(cand.subjects.begin(), cand.subjects.end(), s) == cand.subjects.end())
        cand.subjects.push_back(s);
    }
    in.candidates.push_back(cand);
  }
  const int invigilators = pick(0, shape.max_invigilators);
  for (int i = 0; i < invigilators; ++i) {
    Invigilator inv{name("t", i), pick(0, colleges - 1), {}};
    for (int c = 0; c < certificates; ++c) {
      if (rng.below(3) != 0) inv.certificates.push_back(c);
    }
    if (inv.certificates.empty()) inv.certificates.push_back(pick(0, certificates - 1));
    if (shape.staff_kinds) {
      // One in three on patrol; one in three unavailable for an hour or two of the day.
      if (rng.below(3) == 0) inv.kind = StaffKind::patrol;
      if (rng.below(3) == 0) {
        const std::int64_t from = 1631923200 + 8 * 3600 + pick(0, 8) * 1800;
        inv.unavailable.push_back({from, from + pick(1, 4) * 1800});
      }
    }
    in.invigilators.push_back(inv);
  }
  if (shape.staff_kinds) in.patrols_per_site = pick(0, 2);
  return in;
}

//! Turns some placements of an earlier run into `existing` rows, corrupting a few of them
//! (another seat, another room, a second row for the same subject) the way late edits in the
//! field do.
inline void add_existing(Instance& in, const Solution& earlier, std::uint64_t seed) {
  SplitMix64 rng(seed);
  for (const auto& p : earlier.placements) {
    if (rng.below(2) == 0) continue;
    ExistingRow row{p.candidate, p.subject, p.room, p.seat};
    const auto damage = rng.below(8);
    if (damage == 0) row.seat = 1 + static_cast<std::int32_t>(rng.below(8));
    if (damage == 1) row.room = static_cast<Index>(rng.below(in.rooms.size()));
    if (damage == 2) in.existing.push_back({row.candidate, row.subject, row.room, row.seat + 1});
    in.existing.push_back(row);
  }
}

//! Turns the duties of an earlier run into `existing_invigilation` rows, some of them damaged
//! (another room, site or slot; another person; a row twice), as edits between runs do.
inline void add_existing_duties(Instance& in, const Solution& earlier, std::uint64_t seed) {
  SplitMix64 rng(seed);
  auto damaged = [&](ExistingDuty row) {
    const auto damage = rng.below(8);
    if (damage == 0 && row.room >= 0) row.room = static_cast<Index>(rng.below(in.rooms.size()));
    if (damage == 0 && row.site >= 0) row.site = static_cast<Index>(rng.below(in.sites.size()));
    if (damage == 1) row.slot = static_cast<Index>(rng.below(in.slots.size()));
    if (damage == 2) row.invigilator = static_cast<Index>(rng.below(in.invigilators.size()));
    if (damage == 3) in.existing_invigilation.push_back(row);
    in.existing_invigilation.push_back(row);
  };
  for (const auto& rs : earlier.room_slots) {
    for (Index p : rs.invigilators) {
      if (rng.below(3) != 0) damaged({rs.room, -1, rs.slot, p});
    }
  }
  for (const auto& sp : earlier.site_patrols) {
    for (Index p : sp.invigilators) {
      if (rng.below(3) != 0) damaged({-1, sp.site, sp.slot, p});
    }
  }
}

//! A tight instance with a known perfect arrangement: every room of every site is filled to the
//! last seat in every slot, so nobody may be left out. Slots do not overlap.
struct PlantedShape {
  int slots = 3;
  int sites = 3;
  int rooms_per_site = 3;
  int max_seats = 5;
  int modes = 3;
  int max_subjects_per_candidate = 3;
  bool multi_site_colleges = true;
  int spare_seats = 0;  //!< seats added to every room after planting
};

inline Instance planted_instance(std::uint64_t seed, const PlantedShape& shape) {
  SplitMix64 rng(seed);
  auto pick = [&](int lo, int hi) {
    return lo + static_cast<int>(rng.below(static_cast<std::uint64_t>(hi - lo + 1)));
  };
  Instance in;
  in.seed = seed;
  in.invigilators_per_room = 0;
  in.modes = {"机考", "笔试", "实操"};
  in.certificates = {"c"};
  for (int s = 0; s < shape.slots; ++s) {
    const std::int64_t start = 1631923200 + s * 7200;
    in.slots.push_back({name("s", s), start, start + 3600});
    for (int m = 0; m < shape.modes; ++m) {
      in.subjects.push_back({name("sub", s) + name("_", m), s, m, 0});
    }
  }
  // Colleges: one of its own per site, plus (optionally) one shared by each pair of neighbours.
  for (int x = 0; x < shape.sites; ++x) {
    in.colleges.push_back(name("own", x));
    in.sites.push_back({name("site", x), {x}});
  }
  if (shape.multi_site_colleges && shape.sites > 1) {
    for (int x = 0; x < shape.sites; ++x) {
      const Index c = static_cast<Index>(in.colleges.size());
      in.colleges.push_back(name("shared", x));
      in.sites[static_cast<std::size_t>(x)].colleges.push_back(c);
      in.sites[static_cast<std::size_t>((x + 1) % shape.sites)].colleges.push_back(c);
    }
    for (auto& site : in.sites) std::sort(site.colleges.begin(), site.colleges.end());
  }
  // Per site and slot, the units of demand (one seat each) that fill its rooms exactly.
  std::vector<std::vector<std::vector<Index>>> units(
      static_cast<std::size_t>(shape.sites),
      std::vector<std::vector<Index>>(static_cast<std::size_t>(shape.slots)));
  for (int x = 0; x < shape.sites; ++x) {
    for (int r = 0; r < shape.rooms_per_site; ++r) {
      Room room{name("r", x) + name("_", r), x, {}, pick(1, shape.max_seats)};
      for (int m = 0; m < shape.modes; ++m) {
        if (rng.below(2) == 0) room.types.push_back(m);
      }
      if (room.types.empty()) room.types.push_back(pick(0, shape.modes - 1));
      for (int s = 0; s < shape.slots; ++s) {
        for (int seat = 0; seat < room.seats; ++seat) {
          const Index mode = room.types[rng.below(room.types.size())];
          units[static_cast<std::size_t>(x)][static_cast<std::size_t>(s)].push_back(
              s * shape.modes + mode);
        }
      }
      room.seats += shape.spare_seats;
      in.rooms.push_back(room);
    }
  }
  // Candidates take units from distinct slots of one site.
  int next = 0;
  for (int x = 0; x < shape.sites; ++x) {
    auto& per_slot = units[static_cast<std::size_t>(x)];
    for (auto& list : per_slot) {
      for (std::size_t i = list.size(); i > 1; --i) std::swap(list[i - 1], list[rng.below(i)]);
    }
    for (;;) {
      std::vector<int> open;
      for (int s = 0; s < shape.slots; ++s) {
        if (!per_slot[static_cast<std::size_t>(s)].empty()) open.push_back(s);
      }
      if (open.empty()) break;
      for (std::size_t i = open.size(); i > 1; --i) std::swap(open[i - 1], open[rng.below(i)]);
      const int n =
          std::min<int>(static_cast<int>(open.size()), pick(1, shape.max_subjects_per_candidate));
      const auto& colleges = in.sites[static_cast<std::size_t>(x)].colleges;
      Candidate cand{name("st", next++), colleges[rng.below(colleges.size())], {}};
      for (int i = 0; i < n; ++i) {
        auto& list = per_slot[static_cast<std::size_t>(open[static_cast<std::size_t>(i)])];
        cand.subjects.push_back(list.back());
        list.pop_back();
      }
      in.candidates.push_back(cand);
    }
  }
  // Shuffle candidate order so that input order gives the solver no hint.
  for (std::size_t i = in.candidates.size(); i > 1; --i)
    std::swap(in.candidates[i - 1], in.candidates[rng.below(i)]);
  return in;
}

}  // namespace kaowu::schedule::testing
