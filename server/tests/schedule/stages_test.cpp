// Stage-level tests of the arranging engine: the capacity per site, segment and set of modes
// (capacity.cpp) and the split of a slot's demand over classes of rooms (room_flow.cpp).
#include <gtest/gtest.h>

#include <functional>

#include "schedule/arrange_stages.hpp"
#include "schedule/seating.hpp"

namespace kaowu::schedule::stages {
namespace {

// Local mode bits of the site in these tests: 0 = 机考, 1 = 笔试, 2 = 实操.
constexpr unsigned kComputer = 1u << 0, kWritten = 1u << 1, kPractical = 1u << 2;

TEST(ArrangeStageCapacity, OneMoreFitsExactlyWhenEverySetOfModesHasASeatLeft) {
  // Site 0: a 机考 room of 2 and a room of 1 taking 机考 or 笔试; two segments.
  Capacity hall;
  hall.build(2, {2});
  hall.add_room(0, kComputer, 2);
  hall.add_room(0, kComputer | kWritten, 1);
  EXPECT_TRUE(hall.fits(0, 0, 1));  // a 笔试 subject: the shared room
  hall.add(0, 0, 1, +1);
  EXPECT_FALSE(hall.fits(0, 0, 1)) << "the only room taking 笔试 is full";
  EXPECT_TRUE(hall.fits(0, 0, 0));
  hall.add(0, 0, 0, +1);
  hall.add(0, 0, 0, +1);
  // Three seats, three subjects: a fourth 机考 has no seat although 机考 rooms hold three seats.
  EXPECT_FALSE(hall.fits(0, 0, 0));
  EXPECT_EQ(hall.overload(0, 0), 0);
  hall.add(0, 0, 0, +1);
  EXPECT_EQ(hall.overload(0, 0), 1);
  // The other segment is untouched, and taking the subject out again frees the seat.
  EXPECT_TRUE(hall.fits(0, 1, 1));
  hall.add(0, 0, 0, -1);
  hall.add(0, 0, 1, -1);
  EXPECT_TRUE(hall.fits(0, 0, 1));
  EXPECT_FALSE(hall.fits(0, 0, -1)) << "a mode the site has no room for never fits";
}

TEST(ArrangeStageCapacity, PinnedSeatsAreTakenOnlyInTheirSegment) {
  Capacity hall;
  hall.build(3, {3, 1});
  hall.add_room(0, kPractical, 1);
  hall.add_room(0, kComputer | kWritten, 2);
  hall.add_room(1, kComputer, 5);
  hall.take(0, 1, kPractical, 1);  // a kept row holds the 实操 seat during segment 1
  EXPECT_TRUE(hall.fits(0, 0, 2));
  EXPECT_FALSE(hall.fits(0, 1, 2));
  EXPECT_TRUE(hall.fits(0, 2, 2));
  EXPECT_TRUE(hall.fits(0, 1, 0));
  EXPECT_EQ(hall.cap(hall.row(1, 2) + 1), 5) << "sites keep rows of their own";
}

TEST(ArrangeStageCapacity, ASiteWithMoreSeatsThanTheCeilingStillTakesEveryone) {
  // 30,000 rooms of 100,000 seats (the most a room may have) at one site: three billion seats,
  // more than 32-bit entries hold. The site counts kSeatCeiling of them, which no demand reaches.
  Capacity hall;
  hall.build(1, {2});
  for (int i = 0; i < 30000; ++i) hall.add_room(0, kComputer | kWritten, 100000);
  hall.add_room(0, kWritten, 7);
  EXPECT_EQ(hall.cap(hall.row(0, 0) + kComputer), Capacity::kSeatCeiling);
  EXPECT_EQ(hall.cap(hall.row(0, 0) + (kComputer | kWritten)), Capacity::kSeatCeiling);
  for (int i = 0; i < 1000; ++i) hall.add(0, 0, 0, +1);
  EXPECT_TRUE(hall.fits(0, 0, 0));
  EXPECT_TRUE(hall.fits(0, 0, 1));
  EXPECT_EQ(hall.overload(0, 0), 0);
  hall.take(0, 0, kComputer | kWritten, 40);  // a kept row holds 40 seats in segment 0
  EXPECT_EQ(hall.cap(hall.row(0, 0) + kComputer), Capacity::kSeatCeiling - 40);
  EXPECT_TRUE(hall.fits(0, 0, 0));
}

TEST(ArrangeStageCapacity, RoomsAddedTogetherCountAsRoomsAddedOneByOne) {
  SplitMix64 rng(7);
  for (int round = 0; round < 50; ++round) {
    Capacity one, all;
    one.build(3, {3, 2});
    all.build(3, {3, 2});
    std::vector<std::pair<unsigned, std::int64_t>> rooms[2];
    for (int i = 0; i < 6; ++i) {
      const std::size_t site = rng.below(2);
      const unsigned mask = 1 + static_cast<unsigned>(rng.below(site == 0 ? 7 : 3));
      const std::int64_t seats = 1 + static_cast<std::int64_t>(rng.below(40));
      one.add_room(site, mask, seats);
      rooms[site].push_back({mask, seats});
    }
    all.add_rooms(0, rooms[0]);
    all.add_rooms(1, rooms[1]);
    for (std::size_t site = 0; site < 2; ++site) {
      for (std::size_t e = 0; e < 3; ++e) {
        for (std::size_t m = 1; m < one.masks(site); ++m) {
          ASSERT_EQ(all.cap(all.row(site, e) + m), one.cap(one.row(site, e) + m)) << round;
          ASSERT_EQ(all.left(all.row(site, e) + m), one.left(one.row(site, e) + m)) << round;
        }
      }
    }
  }
}

TEST(ArrangeStageCapacity, FitsAgreesWithHallsConditionOnRandomRooms) {
  // Against a direct count: seats can be given to every subject exactly when, for every set of
  // modes, its subjects are at most the seats of rooms taking one of them (checked here by a
  // brute-force assignment of subjects to rooms).
  SplitMix64 rng(18);
  for (int round = 0; round < 300; ++round) {
    const int bits = 1 + static_cast<int>(rng.below(3));
    const int rooms = 1 + static_cast<int>(rng.below(3));
    std::vector<unsigned> mask(static_cast<std::size_t>(rooms));
    std::vector<int> seats(static_cast<std::size_t>(rooms));
    Capacity hall;
    hall.build(1, {bits});
    for (int r = 0; r < rooms; ++r) {
      mask[static_cast<std::size_t>(r)] = 1u + static_cast<unsigned>(rng.below((1u << bits) - 1));
      seats[static_cast<std::size_t>(r)] = static_cast<int>(rng.below(3));
      hall.add_room(0, mask[static_cast<std::size_t>(r)], seats[static_cast<std::size_t>(r)]);
    }
    std::vector<int> subjects;  // modes placed so far, each known to fit
    for (int step = 0; step < 8; ++step) {
      const int b = static_cast<int>(rng.below(static_cast<std::uint64_t>(bits)));
      // Brute force: can subjects + b be given rooms taking their mode within the seats?
      std::vector<int> want = subjects;
      want.push_back(b);
      std::vector<int> left = seats;
      std::function<bool(std::size_t)> place = [&](std::size_t i) {
        if (i == want.size()) return true;
        for (std::size_t r = 0; r < left.size(); ++r) {
          if (left[r] == 0 || !(mask[r] >> want[i] & 1)) continue;
          --left[r];
          const bool ok = place(i + 1);
          ++left[r];
          if (ok) return true;
        }
        return false;
      };
      const bool possible = place(0);
      ASSERT_EQ(hall.fits(0, 0, b), possible) << "round " << round << " step " << step;
      if (possible) {
        hall.add(0, 0, b, +1);
        subjects.push_back(b);
      }
    }
  }
}

std::int64_t met(const std::vector<std::int64_t>& flow, std::size_t classes, std::size_t mode) {
  std::int64_t n = 0;
  for (std::size_t t = 0; t < classes; ++t) n += flow[mode * classes + t];
  return n;
}

TEST(ArrangeStageRoomFlow, EachModeGetsSeatsOnlyInRoomsTakingIt) {
  // Classes: 机考 only (3 seats), 机考 or 笔试 (2 seats); demand 机考 3, 笔试 2.
  const auto flow = flow_modes_to_classes({kComputer, kComputer | kWritten}, {3, 2}, {3, 2});
  ASSERT_EQ(flow.size(), 4u);
  EXPECT_EQ(flow[0 * 2 + 0], 3);  // 机考 in its own class
  EXPECT_EQ(flow[1 * 2 + 0], 0);  // 笔试 never in a 机考-only room
  EXPECT_EQ(flow[1 * 2 + 1], 2);
}

TEST(ArrangeStageRoomFlow, EarlierFlowMovesOverWhenALaterModeNeedsItsClass) {
  // Classes of one seat each: 笔试 only, 机考 or 笔试, 机考 or 实操; demand 机考 1, 笔试 2.
  // Greedily 机考 takes the 机考/笔试 seat (its first class) and the second 笔试 finds none; the
  // augmenting path moves 机考 on to the 机考/实操 room.
  const auto flow = flow_modes_to_classes({kWritten, kComputer | kWritten, kComputer | kPractical},
                                          {1, 1, 1}, {1, 2, 0});
  EXPECT_EQ(met(flow, 3, 0), 1);
  EXPECT_EQ(met(flow, 3, 1), 2);
  EXPECT_EQ(flow[0 * 3 + 2], 1) << "机考 in the 机考/实操 room";
  EXPECT_EQ(flow[1 * 3 + 0], 1);
  EXPECT_EQ(flow[1 * 3 + 1], 1);
}

TEST(ArrangeStageRoomFlow, MeetsAllDemandWheneverHallsConditionHolds) {
  SplitMix64 rng(1818);
  for (int round = 0; round < 2000; ++round) {
    const std::size_t modes = 1 + rng.below(3), classes = 1 + rng.below(4);
    std::vector<unsigned> masks(classes);
    std::vector<std::int64_t> residual(classes), demand(modes);
    for (std::size_t t = 0; t < classes; ++t) {
      masks[t] = 1u + static_cast<unsigned>(rng.below((1u << modes) - 1));
      residual[t] = static_cast<std::int64_t>(rng.below(5));
    }
    for (std::size_t m = 0; m < modes; ++m) demand[m] = static_cast<std::int64_t>(rng.below(5));
    bool hall = true;
    for (unsigned set = 1; set < (1u << modes); ++set) {
      std::int64_t need = 0, seats = 0;
      for (std::size_t m = 0; m < modes; ++m) need += (set >> m & 1) ? demand[m] : 0;
      for (std::size_t t = 0; t < classes; ++t) seats += (masks[t] & set) ? residual[t] : 0;
      hall = hall && need <= seats;
    }
    const auto flow = flow_modes_to_classes(masks, residual, demand);
    for (std::size_t t = 0; t < classes; ++t) {
      std::int64_t used = 0;
      for (std::size_t m = 0; m < modes; ++m) {
        const std::int64_t f = flow[m * classes + t];
        ASSERT_GE(f, 0);
        if (!(masks[t] >> m & 1)) {
          ASSERT_EQ(f, 0) << "round " << round;
        }
        used += f;
      }
      ASSERT_LE(used, residual[t]) << "round " << round;
    }
    for (std::size_t m = 0; m < modes; ++m) {
      ASSERT_LE(met(flow, classes, m), demand[m]) << "round " << round;
      if (hall) {
        ASSERT_EQ(met(flow, classes, m), demand[m]) << "round " << round;
      }
    }
  }
}

}  // namespace
}  // namespace kaowu::schedule::stages
