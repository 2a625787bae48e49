#include <algorithm>
#include <numeric>

#include "schedule/arrange_stages.hpp"

namespace kaowu::schedule::stages {

namespace {

//! One augmenting path for mode `source`: breadth-first over modes and classes, a class handing
//! flow of another mode back to it when that mode can go elsewhere.
bool augment(std::size_t source, std::size_t nm, std::size_t nc,
             const std::vector<unsigned>& class_masks, std::vector<std::int64_t>& flow,
             std::vector<std::int64_t>& residual, std::vector<std::int64_t>& rem) {
  // BFS over modes (0..nm) and classes (nm..nm+nc); class -> mode along flow to re-route it.
  const std::size_t n = nm + nc;
  std::vector<std::ptrdiff_t> parent(n, -2);
  std::vector<std::size_t> queue{source};
  parent[source] = -1;
  std::ptrdiff_t sink_class = -1;
  for (std::size_t qi = 0; qi < queue.size() && sink_class < 0; ++qi) {
    const std::size_t v = queue[qi];
    if (v < nm) {
      for (std::size_t t = 0; t < nc; ++t) {
        if (!(class_masks[t] >> v & 1) || parent[nm + t] != -2) continue;
        parent[nm + t] = static_cast<std::ptrdiff_t>(v);
        if (residual[t] > 0) {
          sink_class = static_cast<std::ptrdiff_t>(t);
          break;
        }
        queue.push_back(nm + t);
      }
    } else {
      const std::size_t t = v - nm;
      for (std::size_t m = 0; m < nm; ++m) {
        if (flow[m * nc + t] <= 0 || parent[m] != -2) continue;
        parent[m] = static_cast<std::ptrdiff_t>(v);
        queue.push_back(m);
      }
    }
  }
  if (sink_class < 0) return false;
  std::int64_t push = std::min(rem[source], residual[z(static_cast<Index>(sink_class))]);
  for (std::size_t v = nm + static_cast<std::size_t>(sink_class); parent[v] != -1;) {
    const std::size_t m = static_cast<std::size_t>(parent[v]);  // mode feeding class v
    if (parent[m] == -1) break;
    const std::size_t prev = static_cast<std::size_t>(parent[m]);  // class giving up flow of m
    push = std::min(push, flow[m * nc + (prev - nm)]);
    v = prev;
  }
  for (std::size_t v = nm + static_cast<std::size_t>(sink_class);;) {
    const std::size_t m = static_cast<std::size_t>(parent[v]);
    flow[m * nc + (v - nm)] += push;
    if (parent[m] == -1) break;
    const std::size_t prev = static_cast<std::size_t>(parent[m]);
    flow[m * nc + (prev - nm)] -= push;
    v = prev;
  }
  residual[static_cast<std::size_t>(sink_class)] -= push;
  rem[source] -= push;
  return push > 0;
}

}  // namespace

std::vector<std::int64_t> flow_modes_to_classes(const std::vector<unsigned>& class_masks,
                                                std::vector<std::int64_t> residual,
                                                const std::vector<std::int64_t>& demand) {
  const std::size_t nc = class_masks.size();
  const std::size_t nm = demand.size();
  std::vector<std::int64_t> flow(nm * nc, 0), rem = demand;
  std::vector<std::size_t> mode_order(nm);
  std::iota(mode_order.begin(), mode_order.end(), std::size_t{0});
  std::vector<std::int64_t> reach(nm, 0);
  for (std::size_t m = 0; m < nm; ++m) {
    for (std::size_t t = 0; t < nc; ++t) {
      if (class_masks[t] >> m & 1) reach[m] += residual[t];
    }
  }
  std::stable_sort(mode_order.begin(), mode_order.end(),
                   [&](std::size_t a, std::size_t b) { return reach[a] < reach[b]; });
  for (std::size_t m : mode_order) {
    for (std::size_t t = 0; t < nc && rem[m] > 0; ++t) {
      if (!(class_masks[t] >> m & 1)) continue;
      const std::int64_t take = std::min(rem[m], residual[t]);
      flow[m * nc + t] += take;
      residual[t] -= take;
      rem[m] -= take;
    }
  }
  for (std::size_t m : mode_order) {
    while (rem[m] > 0 && augment(m, nm, nc, class_masks, flow, residual, rem)) {
    }
  }
  return flow;
}

}  // namespace kaowu::schedule::stages
