#include "schedule/seating.hpp"

#include <algorithm>
#include <queue>

namespace kaowu::schedule {

std::uint64_t SplitMix64::below(std::uint64_t bound) {
  if (bound <= 1) return 0;
  const std::uint64_t threshold = -bound % bound;
  for (;;) {
    const unsigned __int128 m = static_cast<unsigned __int128>(next()) * bound;
    if (static_cast<std::uint64_t>(m) >= threshold) return static_cast<std::uint64_t>(m >> 64);
  }
}

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  SplitMix64 rng(seed);
  std::uint64_t h = rng.next();
  for (std::uint64_t v : {a, b, c}) {
    SplitMix64 step(h ^ (v * 0xff51afd7ed558ccdULL));
    h = step.next();
  }
  return h;
}

void shuffle(std::vector<Index>& items, SplitMix64& rng) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(rng.below(i));
    std::swap(items[i - 1], items[j]);
  }
}

namespace {

std::vector<Index> spread(const std::vector<std::int32_t>& seats, const std::vector<Index>& people,
                          const std::vector<Index>& colleges,
                          const std::vector<TakenSeat>& pinned) {
  // Most-remaining college first, never the college of the seat on the left (or of a kept
  // candidate on the right) unless nothing else is left: optimal for "no two neighbours from
  // one college" whenever that is possible on a run of seats.
  std::int32_t lo = seats.front(), hi = seats.back();
  if (!pinned.empty()) {
    lo = std::min(lo, pinned.front().seat);
    hi = std::max(hi, pinned.back().seat);
  }
  std::vector<Index> college_at(static_cast<std::size_t>(hi - lo + 3), -1);
  auto at = [&](std::int32_t seat) -> Index& {
    return college_at[static_cast<std::size_t>(seat - lo + 1)];
  };
  for (const auto& p : pinned) at(p.seat) = p.college;

  // People grouped by college, in their order within a college.
  std::vector<std::size_t> by_college(people.size());
  for (std::size_t i = 0; i < people.size(); ++i) by_college[i] = i;
  std::stable_sort(by_college.begin(), by_college.end(),
                   [&](std::size_t a, std::size_t b) { return colleges[a] < colleges[b]; });
  std::vector<Index> sorted(people.size());
  for (std::size_t i = 0; i < people.size(); ++i) sorted[i] = people[by_college[i]];
  struct Group {
    Index college;
    std::size_t next, end;
  };
  std::vector<Group> groups;
  for (std::size_t i = 0; i < sorted.size();) {
    const Index college = colleges[by_college[i]];
    std::size_t j = i;
    while (j < sorted.size() && colleges[by_college[j]] == college) ++j;
    groups.push_back({college, i, j});
    i = j;
  }
  using Entry = std::pair<std::size_t, std::int64_t>;  // remaining, -group
  std::priority_queue<Entry> heap;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    heap.push({groups[g].end - groups[g].next, -static_cast<std::int64_t>(g)});
  }
  std::vector<Index> out;
  out.reserve(people.size());
  for (std::size_t i = 0; i < people.size(); ++i) {
    const std::int32_t seat = seats[i];
    const Index left = at(seat - 1), right = at(seat + 1);
    std::vector<Entry> skipped;
    Entry chosen{0, 0};
    bool found = false;
    while (!heap.empty()) {
      Entry top = heap.top();
      heap.pop();
      const Index college = groups[static_cast<std::size_t>(-top.second)].college;
      if (college != left && college != right) {
        chosen = top;
        found = true;
        break;
      }
      skipped.push_back(top);
    }
    if (!found) {
      // Every remaining college touches a neighbour: take the largest one anyway.
      chosen = skipped.front();
      skipped.erase(skipped.begin());
    }
    for (const auto& e : skipped) heap.push(e);
    Group& g = groups[static_cast<std::size_t>(-chosen.second)];
    out.push_back(sorted[g.next++]);
    at(seat) = g.college;
    if (g.next < g.end) heap.push({g.end - g.next, chosen.second});
  }
  return out;
}

}  // namespace

std::vector<Index> order_seats(const Instance& in, Seating policy, std::uint64_t stream,
                               const std::vector<std::int32_t>& seats, std::vector<Index> people,
                               const std::vector<TakenSeat>& pinned) {
  std::vector<Index> colleges(people.size());
  for (std::size_t i = 0; i < people.size(); ++i)
    colleges[i] = in.candidates[static_cast<std::size_t>(people[i])].college;
  return order_seats(policy, stream, seats, std::move(people), colleges, pinned);
}

std::vector<Index> order_seats(Seating policy, std::uint64_t stream,
                               const std::vector<std::int32_t>& seats, std::vector<Index> people,
                               const std::vector<Index>& colleges,
                               const std::vector<TakenSeat>& pinned) {
  if (people.empty()) return people;
  switch (policy) {
    case Seating::sequential:
      return people;
    case Seating::random: {
      SplitMix64 rng(stream);
      shuffle(people, rng);
      return people;
    }
    case Seating::spread:
      return spread(seats, people, colleges, pinned);
  }
  return people;
}

std::pair<std::int64_t, std::int64_t> adjacent_pairs(const std::vector<TakenSeat>& taken) {
  std::int64_t pairs = 0, same = 0;
  for (std::size_t i = 1; i < taken.size(); ++i) {
    if (taken[i].seat != taken[i - 1].seat + 1) continue;
    ++pairs;
    if (taken[i].college == taken[i - 1].college) ++same;
  }
  return {pairs, same};
}

}  // namespace kaowu::schedule
