#include "schedule/validate.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace kaowu::schedule {

namespace {

inline std::size_t z(Index i) {
  return static_cast<std::size_t>(i);
}

class Checker {
 public:
  Checker(const Instance& in, const Solution& s) : in_(in), s_(s) {}

  std::vector<Violation> run() {
    accounting();
    placements();
    seats();
    candidate_times_and_sites();
    clash_reasons();
    existing();
    room_slots();
    std::stable_sort(out_.begin(), out_.end(),
                     [](const Violation& a, const Violation& b) { return a.rule < b.rule; });
    return std::move(out_);
  }

 private:
  void add(int rule, std::string message) { out_.push_back({rule, std::move(message)}); }

  const std::string& cand(Index c) const { return in_.candidates[z(c)].id; }
  const std::string& subj(Index s) const { return in_.subjects[z(s)].id; }
  const std::string& room(Index r) const { return in_.rooms[z(r)].id; }
  const std::string& slot(Index s) const { return in_.slots[z(s)].id; }
  bool overlap(Index a, Index b) const {
    const Slot &x = in_.slots[z(a)], &y = in_.slots[z(b)];
    return x.start < y.end && y.start < x.end;
  }

  void accounting() {
    std::map<std::pair<Index, Index>, int> seen;
    for (const auto& p : s_.placements) ++seen[{p.candidate, p.subject}];
    for (const auto& u : s_.unplaced) ++seen[{u.candidate, u.subject}];
    for (std::size_t c = 0; c < in_.candidates.size(); ++c) {
      for (Index sub : in_.candidates[c].subjects) {
        auto it = seen.find({static_cast<Index>(c), sub});
        const int n = it == seen.end() ? 0 : it->second;
        if (n == 0)
          add(0, "考生 " + cand(static_cast<Index>(c)) + " 的科目 " + subj(sub) +
                     " 既未安排也未列入未安排");
        if (n > 1)
          add(0, "考生 " + cand(static_cast<Index>(c)) + " 的科目 " + subj(sub) + " 出现 " +
                     std::to_string(n) + " 次");
        if (it != seen.end()) seen.erase(it);
      }
    }
    for (const auto& [key, n] : seen) {
      add(0, "考生 " + cand(key.first) + " 未报考科目 " + subj(key.second) + "，却出现在结果中");
    }
  }

  void placements() {
    for (const auto& p : s_.placements) {
      const Subject& sub = in_.subjects[z(p.subject)];
      const Room& r = in_.rooms[z(p.room)];
      if (p.slot != sub.slot) {
        add(0, "考生 " + cand(p.candidate) + " 的科目 " + subj(p.subject) + " 被安排在场次 " +
                   slot(p.slot) + "，而该科目属于场次 " + slot(sub.slot));
      }
      if (!std::binary_search(r.types.begin(), r.types.end(), sub.mode)) {
        add(1, "考生 " + cand(p.candidate) + " 的科目 " + subj(p.subject) + "（" +
                   in_.modes[z(sub.mode)] + "）被安排在考场 " + room(p.room) +
                   "，该考场不支持此考试形式");
      }
      if (p.seat < 1 || p.seat > r.seats) {
        add(2, "考生 " + cand(p.candidate) + " 的座位号 " + std::to_string(p.seat) + " 超出考场 " +
                   room(p.room) + " 的考位范围 1-" + std::to_string(r.seats));
      }
    }
  }

  void seats() {
    // Distinct seat numbers within 1..seats at every moment also bound the head count by `seats`.
    std::vector<std::size_t> order(s_.placements.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto start = [&](std::size_t i) { return in_.slots[z(s_.placements[i].slot)].start; };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const auto &x = s_.placements[a], &y = s_.placements[b];
      if (x.room != y.room) return x.room < y.room;
      if (x.seat != y.seat) return x.seat < y.seat;
      return start(a) < start(b);
    });
    for (std::size_t i = 0; i < order.size();) {
      std::size_t j = i;
      const auto& head = s_.placements[order[i]];
      while (j < order.size() && s_.placements[order[j]].room == head.room &&
             s_.placements[order[j]].seat == head.seat)
        ++j;
      std::size_t latest = order[i];
      for (std::size_t q = i + 1; q < j; ++q) {
        const auto& p = s_.placements[order[q]];
        const auto& l = s_.placements[latest];
        if (in_.slots[z(p.slot)].start < in_.slots[z(l.slot)].end) {
          add(2, "考场 " + room(p.room) + " 的座位 " + std::to_string(p.seat) + " 同时安排了考生 " +
                     cand(l.candidate) + "（场次 " + slot(l.slot) + "）和 " + cand(p.candidate) +
                     "（场次 " + slot(p.slot) + "）");
        }
        if (in_.slots[z(p.slot)].end > in_.slots[z(l.slot)].end) latest = order[q];
      }
      i = j;
    }
  }

  void candidate_times_and_sites() {
    std::vector<std::vector<std::size_t>> by_candidate(in_.candidates.size());
    for (std::size_t i = 0; i < s_.placements.size(); ++i)
      by_candidate[z(s_.placements[i].candidate)].push_back(i);
    for (std::size_t c = 0; c < by_candidate.size(); ++c) {
      auto& list = by_candidate[c];
      if (list.empty()) continue;
      std::sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) {
        return in_.slots[z(s_.placements[a].slot)].start <
               in_.slots[z(s_.placements[b].slot)].start;
      });
      for (std::size_t a = 0; a < list.size(); ++a) {
        for (std::size_t b = a + 1; b < list.size(); ++b) {
          const auto &x = s_.placements[list[a]], &y = s_.placements[list[b]];
          if (in_.slots[z(y.slot)].start >= in_.slots[z(x.slot)].end) break;
          add(3, "考生 " + cand(static_cast<Index>(c)) + " 的科目 " + subj(x.subject) + "（场次 " +
                     slot(x.slot) + "）与 " + subj(y.subject) + "（场次 " + slot(y.slot) +
                     "）时间重叠");
        }
      }
      std::set<Index> sites;
      for (std::size_t i : list) sites.insert(in_.rooms[z(s_.placements[i].room)].site);
      if (sites.size() > 1) {
        std::string names;
        for (Index x : sites) names += (names.empty() ? "" : "、") + in_.sites[z(x)].id;
        add(4, "考生 " + cand(static_cast<Index>(c)) + " 被安排在多个考点（" + names + "）");
      }
      const Index college = in_.candidates[c].college;
      for (Index x : sites) {
        const auto& served = in_.sites[z(x)].colleges;
        if (!std::binary_search(served.begin(), served.end(), college)) {
          add(4, "考点 " + in_.sites[z(x)].id + " 不服务考生 " + cand(static_cast<Index>(c)) +
                     " 所在院校 " + in_.colleges[z(college)]);
        }
      }
    }
  }

  //! A subject reported as `time_clash` overlaps a subject of the same candidate that was placed.
  void clash_reasons() {
    std::vector<std::vector<Index>> placed(in_.candidates.size());
    for (const auto& p : s_.placements) placed[z(p.candidate)].push_back(p.slot);
    for (const auto& u : s_.unplaced) {
      if (u.reason != UnplacedReason::time_clash) continue;
      const Index slot_of = in_.subjects[z(u.subject)].slot;
      bool clash = false;
      for (Index other : placed[z(u.candidate)]) clash = clash || overlap(other, slot_of);
      if (!clash) {
        add(3, "考生 " + cand(u.candidate) + " 的科目 " + subj(u.subject) +
                   " 以时间冲突未安排，但与其已安排的科目并不重叠");
      }
    }
  }

  void existing() {
    std::set<std::int32_t> rejected;
    for (const auto& r : s_.rejected) rejected.insert(r.row);
    std::map<std::pair<Index, Index>, std::vector<const Placement*>> placed;
    for (const auto& p : s_.placements) placed[{p.candidate, p.subject}].push_back(&p);
    for (std::size_t i = 0; i < in_.existing.size(); ++i) {
      const ExistingRow& e = in_.existing[i];
      const std::string where = "$.existing[" + std::to_string(i) + "]（考生 " + cand(e.candidate) +
                                "，科目 " + subj(e.subject) + "）";
      auto it = placed.find({e.candidate, e.subject});
      if (!rejected.count(static_cast<std::int32_t>(i))) {
        bool kept = false;
        if (it != placed.end()) {
          for (const Placement* p : it->second)
            kept = kept || (p->room == e.room && p->seat == e.seat);
        }
        if (!kept)
          add(5, "已有编排 " + where + " 未按原样保留在考场 " + room(e.room) + " 座位 " +
                     std::to_string(e.seat));
        continue;
      }
      if (!rejection_justified(i, rejected)) {
        add(5, "已有编排 " + where + " 符合全部规则，却被判为无效");
      }
      if (it == placed.end()) continue;
      for (const Placement* p : it->second) {
        bool other_row = false;
        for (std::size_t j = 0; j < in_.existing.size(); ++j) {
          const ExistingRow& o = in_.existing[j];
          if (j != i && !rejected.count(static_cast<std::int32_t>(j)) &&
              o.candidate == e.candidate && o.subject == e.subject && o.room == p->room &&
              o.seat == p->seat) {
            other_row = true;
          }
        }
        if (!other_row) {
          add(5, "已有编排 " + where + " 被判为无效，但该科目被改排到考场 " + room(p->room) +
                     " 座位 " + std::to_string(p->seat));
        }
      }
    }
  }

  //! Whether rejected row `i` really breaks a rule, on its own or against what was kept.
  bool rejection_justified(std::size_t i, const std::set<std::int32_t>& rejected) const {
    const ExistingRow& e = in_.existing[i];
    const Candidate& c = in_.candidates[z(e.candidate)];
    const Subject& sub = in_.subjects[z(e.subject)];
    const Room& r = in_.rooms[z(e.room)];
    if (std::find(c.subjects.begin(), c.subjects.end(), e.subject) == c.subjects.end()) return true;
    if (!std::binary_search(r.types.begin(), r.types.end(), sub.mode) || e.seat > r.seats)
      return true;
    const auto& served = in_.sites[z(r.site)].colleges;
    if (!std::binary_search(served.begin(), served.end(), c.college)) return true;
    for (std::size_t j = 0; j < in_.existing.size(); ++j) {
      const ExistingRow& o = in_.existing[j];
      if (j != i && !rejected.count(static_cast<std::int32_t>(j)) && o.candidate == e.candidate &&
          o.subject == e.subject) {
        return true;
      }
    }
    for (const auto& p : s_.placements) {
      if (p.candidate == e.candidate && p.subject != e.subject &&
          (in_.rooms[z(p.room)].site != r.site || overlap(p.slot, sub.slot))) {
        return true;
      }
      if (p.room == e.room && p.seat == e.seat && p.candidate != e.candidate &&
          overlap(p.slot, sub.slot))
        return true;
    }
    return false;
  }

  void room_slots() {
    std::map<std::pair<Index, Index>, std::vector<const Placement*>> used;
    for (const auto& p : s_.placements) used[{p.room, p.slot}].push_back(&p);
    std::map<std::pair<Index, Index>, const RoomSlot*> listed;
    for (const auto& rs : s_.room_slots) {
      const std::string where = "考场 " + room(rs.room) + " 场次 " + slot(rs.slot);
      if (!listed.emplace(std::make_pair(rs.room, rs.slot), &rs).second) {
        add(6, where + " 的监考安排重复出现");
        continue;
      }
      auto it = used.find({rs.room, rs.slot});
      if (it == used.end()) {
        add(6, where + " 没有考生，却有监考安排");
        continue;
      }
      const int want = in_.invigilators_per_room;
      const int have = static_cast<int>(rs.invigilators.size());
      std::set<Index> distinct(rs.invigilators.begin(), rs.invigilators.end());
      if (static_cast<int>(distinct.size()) != have) add(6, where + " 的监考员重复");
      if (have > want)
        add(6, where + " 安排了 " + std::to_string(have) + " 名监考员，多于每考场 " +
                   std::to_string(want) + " 名");
      if (rs.shortage != std::max(0, want - have)) {
        add(6, where + " 的缺额应为 " + std::to_string(std::max(0, want - have)) + "，结果为 " +
                   std::to_string(rs.shortage));
      }
      std::set<Index> certificates;
      for (const Placement* p : it->second)
        certificates.insert(in_.subjects[z(p->subject)].certificate);
      for (Index inv : rs.invigilators) {
        const auto& held = in_.invigilators[z(inv)].certificates;
        for (Index c : certificates) {
          if (!std::binary_search(held.begin(), held.end(), c)) {
            add(6, where + " 的监考员 " + in_.invigilators[z(inv)].id + " 未取得证书 " +
                       in_.certificates[z(c)] + " 的认证");
          }
        }
      }
    }
    for (const auto& [key, list] : used) {
      if (!listed.count(key))
        add(6, "考场 " + room(key.first) + " 场次 " + slot(key.second) +
                   " 有考生，但缺少监考安排记录");
    }
    std::vector<std::vector<const RoomSlot*>> duty(in_.invigilators.size());
    for (const auto& rs : s_.room_slots) {
      for (Index inv : rs.invigilators) duty[z(inv)].push_back(&rs);
    }
    for (std::size_t i = 0; i < duty.size(); ++i) {
      auto& list = duty[i];
      std::sort(list.begin(), list.end(), [&](const RoomSlot* a, const RoomSlot* b) {
        return in_.slots[z(a->slot)].start < in_.slots[z(b->slot)].start;
      });
      for (std::size_t a = 0; a < list.size(); ++a) {
        for (std::size_t b = a + 1; b < list.size(); ++b) {
          if (in_.slots[z(list[b]->slot)].start >= in_.slots[z(list[a]->slot)].end) break;
          add(6, "监考员 " + in_.invigilators[i].id + " 同时被安排在考场 " + room(list[a]->room) +
                     "（场次 " + slot(list[a]->slot) + "）和考场 " + room(list[b]->room) +
                     "（场次 " + slot(list[b]->slot) + "）");
        }
      }
    }
  }

  const Instance& in_;
  const Solution& s_;
  std::vector<Violation> out_;
};

}  // namespace

std::vector<Violation> validate(const Instance& in, const Solution& solution) {
  return Checker(in, solution).run();
}

}  // namespace kaowu::schedule
