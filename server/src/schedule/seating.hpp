#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "schedule/model.hpp"

namespace kaowu::schedule {

//! SplitMix64: a tiny deterministic generator whose output is the same on every platform and
//! standard library (std:: distributions are not).
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  //! Next 64 random bits.
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  //! Uniform in [0, bound) without modulo bias (Lemire's method with rejection).
  std::uint64_t below(std::uint64_t bound);

 private:
  std::uint64_t state_;
};

//! Mixes several values into one seed.
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b, std::uint64_t c = 0);

//! Fisher-Yates shuffle driven by SplitMix64.
void shuffle(std::vector<Index>& items, SplitMix64& rng);

//! A taken seat of a room-slot: seat number and the college of its candidate.
struct TakenSeat {
  std::int32_t seat = 0;
  Index college = -1;
};

//! Seats `people` on `seats` (free seat numbers, ascending, at least as many as people) and
//! returns them in seat order: result[i] sits on seats[i]. `people` arrive sorted by candidate id.
//! `pinned` are seats of the same room-slot already taken (sorted by seat); `spread` keeps them
//! in mind so that a new neighbour of a kept candidate is from another college when possible.
std::vector<Index> order_seats(const Instance& in, Seating policy, std::uint64_t stream,
                               const std::vector<std::int32_t>& seats, std::vector<Index> people,
                               const std::vector<TakenSeat>& pinned);

//! The same, with the college of each person given beside them (`colleges[i]` of `people[i]`),
//! so that seating a large batch does not look every candidate up again.
std::vector<Index> order_seats(Seating policy, std::uint64_t stream,
                               const std::vector<std::int32_t>& seats, std::vector<Index> people,
                               const std::vector<Index>& colleges,
                               const std::vector<TakenSeat>& pinned);

//! Counts neighbouring taken seats (numbers n and n+1) and those with both candidates from one
//! college. `taken` is sorted by seat.
std::pair<std::int64_t, std::int64_t> adjacent_pairs(const std::vector<TakenSeat>& taken);

}  // namespace kaowu::schedule
