#include "schedule/exact.hpp"

#include <CbcModel.hpp>
#include <CbcSolver.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>
#include <algorithm>
#include <map>
#include <mutex>
#include <string>

namespace kaowu::schedule::exact {

namespace {

inline std::size_t z(Index i) {
  return static_cast<std::size_t>(i);
}

// CBC's command-line driver keeps some state in globals: one search at a time.
std::mutex cbc_mutex;

int no_callback(CbcModel*, int) {
  return 0;
}

//! Rows of the program as they are added: coefficients +1 except where noted.
struct Rows {
  std::vector<std::vector<std::pair<int, double>>> rows;
  std::vector<double> upper;

  void add(std::vector<std::pair<int, double>> row, double up) {
    rows.push_back(std::move(row));
    upper.push_back(up);
  }
};

}  // namespace

Result solve(const Problem& p, const Limits& limits) {
  Result out;
  out.item_room.assign(p.items.size(), -1);
  out.candidate_site.assign(p.candidate_sites.size(), -1);
  if (p.items.empty()) {
    out.proven = true;
    out.found = limits.min_placed <= 0;
    return out;
  }
  // Columns: y(c, site) for each candidate and site where some of its items may sit, then
  // x(item, room).
  std::map<std::pair<Index, Index>, int> y_col;  // (candidate, site) -> column
  std::vector<std::pair<Index, Index>> y_key;
  std::vector<std::size_t> x_first(p.items.size() + 1, 0);
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    const Item& it = p.items[i];
    for (Index r : it.rooms) {
      const auto key = std::make_pair(it.candidate, p.room_site[z(r)]);
      if (y_col.emplace(key, 0).second) y_key.push_back(key);
    }
    x_first[i + 1] = x_first[i] + it.rooms.size();
  }
  std::sort(y_key.begin(), y_key.end());
  for (std::size_t j = 0; j < y_key.size(); ++j) y_col[y_key[j]] = static_cast<int>(j);
  const int ny = static_cast<int>(y_key.size());
  const int ncols = ny + static_cast<int>(x_first.back());
  auto x_col = [&](std::size_t i, std::size_t at) {
    return ny + static_cast<int>(x_first[i] + at);
  };

  Rows rows;
  // One site per candidate.
  std::vector<std::vector<std::size_t>> by_candidate(p.candidate_sites.size());
  for (std::size_t i = 0; i < p.items.size(); ++i)
    by_candidate[z(p.items[i].candidate)].push_back(i);
  for (std::size_t j = 0; j < y_key.size();) {
    std::vector<std::pair<int, double>> row;
    const Index c = y_key[j].first;
    while (j < y_key.size() && y_key[j].first == c) row.push_back({static_cast<int>(j++), 1.0});
    if (row.size() > 1) rows.add(std::move(row), 1.0);
  }
  // Per candidate and site: of the items covering one moment, at most one, and only at the
  // candidate's site (the sets of items sharing a moment, those contained in another left out).
  for (std::size_t c = 0; c < by_candidate.size(); ++c) {
    const auto& list = by_candidate[c];
    std::vector<std::vector<std::size_t>> sets;
    std::size_t lo = std::numeric_limits<std::size_t>::max(), hi = 0;
    for (std::size_t i : list) {
      if (p.items[i].seg_begin >= p.items[i].seg_end) sets.push_back({i});  // an empty slot: alone
      lo = std::min(lo, p.items[i].seg_begin);
      hi = std::max(hi, p.items[i].seg_end);
    }
    for (std::size_t e = lo; e < hi; ++e) {
      std::vector<std::size_t> set;
      for (std::size_t i : list) {
        if (p.items[i].seg_begin <= e && e < p.items[i].seg_end) set.push_back(i);
      }
      if (!set.empty()) sets.push_back(std::move(set));
    }
    std::sort(sets.begin(), sets.end());
    sets.erase(std::unique(sets.begin(), sets.end()), sets.end());
    std::vector<char> dominated(sets.size(), 0);
    for (std::size_t a = 0; a < sets.size(); ++a) {
      for (std::size_t b = 0; b < sets.size() && !dominated[a]; ++b) {
        if (a != b && sets[b].size() > sets[a].size() &&
            std::includes(sets[b].begin(), sets[b].end(), sets[a].begin(), sets[a].end())) {
          dominated[a] = 1;
        }
      }
    }
    for (std::size_t s = 0; s < sets.size(); ++s) {
      if (dominated[s]) continue;
      for (Index site : p.candidate_sites[c]) {
        auto yc = y_col.find({static_cast<Index>(c), site});
        if (yc == y_col.end()) continue;
        std::vector<std::pair<int, double>> row;
        for (std::size_t i : sets[s]) {
          for (std::size_t at = 0; at < p.items[i].rooms.size(); ++at) {
            if (p.room_site[z(p.items[i].rooms[at])] == site) row.push_back({x_col(i, at), 1.0});
          }
        }
        if (row.empty()) continue;
        row.push_back({yc->second, -1.0});
        rows.add(std::move(row), 0.0);
      }
    }
  }
  // Seats of each room at every moment.
  {
    std::map<Index, std::vector<std::pair<std::size_t, std::size_t>>>
        by_room;  // room -> (item, at)
    for (std::size_t i = 0; i < p.items.size(); ++i) {
      for (std::size_t at = 0; at < p.items[i].rooms.size(); ++at)
        by_room[p.items[i].rooms[at]].push_back({i, at});
    }
    for (const auto& [room, list] : by_room) {
      std::size_t lo = std::numeric_limits<std::size_t>::max(), hi = 0;
      for (const auto& [i, at] : list) {
        lo = std::min(lo, p.items[i].seg_begin);
        hi = std::max(hi, p.items[i].seg_end);
      }
      std::map<std::vector<int>, std::int32_t> seen;  // columns -> fewest seats over its moments
      for (std::size_t e = lo; e < hi; ++e) {
        std::vector<int> cols;
        for (const auto& [i, at] : list) {
          if (p.items[i].seg_begin <= e && e < p.items[i].seg_end) cols.push_back(x_col(i, at));
        }
        if (cols.empty()) continue;
        const std::int32_t seats = std::max<std::int32_t>(0, p.free_seats(room, e));
        if (static_cast<std::int64_t>(cols.size()) <= seats) continue;
        auto [pos, fresh] = seen.emplace(std::move(cols), seats);
        if (!fresh) pos->second = std::min(pos->second, seats);
      }
      for (const auto& [cols, seats] : seen) {
        std::vector<std::pair<int, double>> row;
        for (int col : cols) row.push_back({col, 1.0});
        rows.add(std::move(row), seats);
      }
    }
  }

  // Objective (minimised): every placement weighs more than all rooms kept together, so the
  // count comes first and, among the best counts, as many items as possible keep their room.
  const double weight = static_cast<double>(p.items.size() + 1);
  std::vector<double> obj(static_cast<std::size_t>(ncols), 0.0),
      lower(static_cast<std::size_t>(ncols), 0.0), upper(static_cast<std::size_t>(ncols), 1.0);
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    for (std::size_t at = 0; at < p.items[i].rooms.size(); ++at) {
      obj[z(x_col(i, at))] =
          -(weight + (p.items[i].rooms[at] == p.items[i].current_room ? 1.0 : 0.0));
    }
  }
  CoinPackedMatrix matrix(false, 0, 0);
  matrix.setDimensions(0, ncols);
  std::vector<double> row_lower, row_upper;
  for (std::size_t r = 0; r < rows.rows.size(); ++r) {
    std::vector<int> idx;
    std::vector<double> val;
    for (const auto& [col, v] : rows.rows[r]) {
      idx.push_back(col);
      val.push_back(v);
    }
    matrix.appendRow(static_cast<int>(idx.size()), idx.data(), val.data());
    row_lower.push_back(-COIN_DBL_MAX);
    row_upper.push_back(rows.upper[r]);
  }

  std::lock_guard<std::mutex> lock(cbc_mutex);
  OsiClpSolverInterface solver;
  solver.messageHandler()->setLogLevel(0);
  solver.loadProblem(matrix, lower.data(), upper.data(), obj.data(), row_lower.data(),
                     row_upper.data());
  for (int col = 0; col < ncols; ++col) solver.setInteger(col);
  CbcModel model(solver);
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
  CbcSolverUsefulData data;
  data.noPrinting_ = true;
  data.useSignalHandler_ = false;
  CbcMain0(model, data);
  // Only solutions placing at least min_placed: anything worse is cut off.
  const std::string cutoff = std::to_string(-weight * static_cast<double>(limits.min_placed) + 0.5);
  const std::string nodes = std::to_string(limits.max_nodes < 0 ? 2000000000 : limits.max_nodes);
  std::vector<const char*> argv = {"kaowu", "-log",      "0",          "-threads",
                                   "0",     "-maxNodes", nodes.c_str()};
  if (limits.min_placed > 0) {
    argv.push_back("-cutoff");
    argv.push_back(cutoff.c_str());
  }
  argv.push_back("-solve");
  argv.push_back("-quit");
  CbcMain1(static_cast<int>(argv.size()), argv.data(), model, no_callback, data);
  out.nodes = model.getNodeCount();
  out.proven = !model.isNodeLimitReached() && !model.isSecondsLimitReached() &&
               (model.isProvenOptimal() || model.isProvenInfeasible());
  const double* sol = model.bestSolution();
  if (!sol) return out;
  std::int64_t placed = 0;
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    for (std::size_t at = 0; at < p.items[i].rooms.size(); ++at) {
      if (sol[x_col(i, at)] > 0.5) {
        out.item_room[i] = p.items[i].rooms[at];
        out.candidate_site[z(p.items[i].candidate)] = p.room_site[z(p.items[i].rooms[at])];
        ++placed;
      }
    }
  }
  out.placed = placed;
  out.found = placed >= limits.min_placed;
  if (!out.found) {
    std::fill(out.item_room.begin(), out.item_room.end(), -1);
    std::fill(out.candidate_site.begin(), out.candidate_site.end(), -1);
    out.placed = 0;
  }
  return out;
}

Optimum optimum(const Instance& in, std::int64_t max_nodes) {
  std::vector<std::int64_t> bounds;
  for (const auto& s : in.slots) {
    bounds.push_back(s.start);
    bounds.push_back(s.end);
  }
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  auto seg = [&](std::int64_t t) {
    return static_cast<std::size_t>(std::lower_bound(bounds.begin(), bounds.end(), t) -
                                    bounds.begin());
  };
  Problem p;
  p.room_site.resize(in.rooms.size());
  for (std::size_t r = 0; r < in.rooms.size(); ++r) p.room_site[r] = in.rooms[r].site;
  p.free_seats = [&](Index room, std::size_t) { return in.rooms[z(room)].seats; };
  for (std::size_t c = 0; c < in.candidates.size(); ++c) {
    const Candidate& cand = in.candidates[c];
    std::vector<Index> sites;
    for (std::size_t x = 0; x < in.sites.size(); ++x) {
      if (std::binary_search(in.sites[x].colleges.begin(), in.sites[x].colleges.end(),
                             cand.college)) {
        sites.push_back(static_cast<Index>(x));
      }
    }
    p.candidate_sites.push_back(sites);
    for (Index subject : cand.subjects) {
      const Subject& sub = in.subjects[z(subject)];
      Item item;
      item.candidate = static_cast<Index>(c);
      item.seg_begin = seg(in.slots[z(sub.slot)].start);
      item.seg_end = seg(in.slots[z(sub.slot)].end);
      for (std::size_t r = 0; r < in.rooms.size(); ++r) {
        const Room& room = in.rooms[r];
        if (room.seats <= 0 || !std::binary_search(sites.begin(), sites.end(), room.site)) continue;
        if (std::binary_search(room.types.begin(), room.types.end(), sub.mode))
          item.rooms.push_back(static_cast<Index>(r));
      }
      if (!item.rooms.empty()) p.items.push_back(std::move(item));
    }
  }
  Limits limits;
  limits.max_nodes = max_nodes;
  const Result r = solve(p, limits);
  return {r.placed, r.proven};
}

}  // namespace kaowu::schedule::exact
