#include "schedule/validate.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
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
    patrols();
    duties();
    existing_invigilation();
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

  const std::string& person(Index i) const { return in_.invigilators[z(i)].id; }

  //! A duty list's flags: one per person, own_college as the rule says, no person twice, the
  //! right kind.
  void staff_list(const std::string& where, const std::vector<Index>& people,
                  const std::vector<std::uint8_t>& own, const std::vector<std::uint8_t>& kept,
                  StaffKind kind, const std::vector<Index>& own_colleges) {
    std::set<Index> distinct(people.begin(), people.end());
    if (distinct.size() != people.size()) add(6, where + " 的人员重复");
    if (own.size() != people.size() || kept.size() != people.size()) {
      add(6, where + " 的回避标记（ownCollege）或保留标记（kept）与人员不一一对应");
      return;
    }
    for (std::size_t j = 0; j < people.size(); ++j) {
      const Invigilator& inv = in_.invigilators[z(people[j])];
      if (inv.kind != kind) {
        add(6, where + " 的 " + inv.id + " 是" + staff_kind_name(inv.kind) + "，应为" +
                   staff_kind_name(kind));
      }
      const bool is_own = std::binary_search(own_colleges.begin(), own_colleges.end(), inv.college);
      if (is_own != (own[j] != 0)) {
        add(6, where + " 的 " + inv.id + "（" + in_.colleges[z(inv.college)] + "）回避标记应为 " +
                   (is_own ? "true" : "false"));
      }
    }
  }

  //! The count against the wanted number: never more, shortage exactly what is missing.
  void staff_count(const std::string& where, int have, int want, std::int32_t shortage,
                   const char* what) {
    if (have > want)
      add(6, where + " 安排了 " + std::to_string(have) + " 名" + what + "，多于要求的 " +
                 std::to_string(want) + " 名");
    if (shortage != std::max(0, want - have)) {
      add(6, where + " 的缺额应为 " + std::to_string(std::max(0, want - have)) + "，结果为 " +
                 std::to_string(shortage));
    }
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
      staff_count(where, static_cast<int>(rs.invigilators.size()), in_.invigilators_per_room,
                  rs.shortage, "监考老师");
      std::set<Index> certificates, colleges;
      for (const Placement* p : it->second) {
        certificates.insert(in_.subjects[z(p->subject)].certificate);
        colleges.insert(in_.candidates[z(p->candidate)].college);
      }
      staff_list(where, rs.invigilators, rs.own_college, rs.kept, StaffKind::room,
                 std::vector<Index>(colleges.begin(), colleges.end()));
      for (Index inv : rs.invigilators) {
        const auto& held = in_.invigilators[z(inv)].certificates;
        for (Index c : certificates) {
          if (!std::binary_search(held.begin(), held.end(), c)) {
            add(6, where + " 的监考员 " + person(inv) + " 未取得证书 " + in_.certificates[z(c)] +
                       " 的认证");
          }
        }
      }
    }
    for (const auto& [key, list] : used) {
      if (!listed.count(key))
        add(6, "考场 " + room(key.first) + " 场次 " + slot(key.second) +
                   " 有考生，但缺少监考安排记录");
    }
  }

  //! Certificates sat at each site during each slot (the site-slots that want patrols).
  std::map<std::pair<Index, Index>, std::set<Index>> site_slots() const {
    std::map<std::pair<Index, Index>, std::set<Index>> out;
    for (const auto& p : s_.placements)
      out[{in_.rooms[z(p.room)].site, p.slot}].insert(in_.subjects[z(p.subject)].certificate);
    return out;
  }

  void patrols() {
    const auto used = site_slots();
    std::set<std::pair<Index, Index>> listed;
    for (const auto& sp : s_.site_patrols) {
      const std::string where = "考点 " + in_.sites[z(sp.site)].id + " 场次 " + slot(sp.slot);
      if (!listed.insert({sp.site, sp.slot}).second) {
        add(6, where + " 的巡考安排重复出现");
        continue;
      }
      auto it = used.find({sp.site, sp.slot});
      if (it == used.end()) {
        add(6, where + " 没有考生，却有巡考安排");
        continue;
      }
      staff_count(where, static_cast<int>(sp.invigilators.size()), in_.patrols_per_site,
                  sp.shortage, "巡考老师");
      staff_list(where, sp.invigilators, sp.own_college, sp.kept, StaffKind::patrol,
                 in_.sites[z(sp.site)].colleges);
      for (Index inv : sp.invigilators) {
        const auto& held = in_.invigilators[z(inv)].certificates;
        bool any = false;
        for (Index c : it->second) any = any || std::binary_search(held.begin(), held.end(), c);
        if (!any)
          add(6, where + " 的巡考老师 " + person(inv) + " 未取得该考点该场次任何证书的认证");
      }
    }
    // With no patrol wanted, a site-slot left out has nothing missing.
    for (const auto& [key, certs] : used) {
      if (in_.patrols_per_site > 0 && !listed.count(key))
        add(6, "考点 " + in_.sites[z(key.first)].id + " 场次 " + slot(key.second) +
                   " 有考生，但缺少巡考安排记录");
    }
  }

  //! Every person's duties, room and patrol together: never two overlapping, never during a time
  //! the person is unavailable.
  void duties() {
    struct Duty {
      Index slot;
      const RoomSlot* room_slot;  // or
      const SitePatrol* patrol;
    };
    auto what = [&](const Duty& d) {
      return d.room_slot
                 ? "考场 " + room(d.room_slot->room) + "（场次 " + slot(d.slot) + "）"
                 : "考点 " + in_.sites[z(d.patrol->site)].id + " 巡考（场次 " + slot(d.slot) + "）";
    };
    std::vector<std::vector<Duty>> duty(in_.invigilators.size());
    for (const auto& rs : s_.room_slots) {
      for (Index inv : rs.invigilators) duty[z(inv)].push_back({rs.slot, &rs, nullptr});
    }
    for (const auto& sp : s_.site_patrols) {
      for (Index inv : sp.invigilators) duty[z(inv)].push_back({sp.slot, nullptr, &sp});
    }
    for (std::size_t i = 0; i < duty.size(); ++i) {
      auto& list = duty[i];
      const std::string& who = in_.invigilators[i].id;
      std::stable_sort(list.begin(), list.end(), [&](const Duty& a, const Duty& b) {
        return in_.slots[z(a.slot)].start < in_.slots[z(b.slot)].start;
      });
      for (std::size_t a = 0; a < list.size(); ++a) {
        const Slot& x = in_.slots[z(list[a].slot)];
        for (const Interval& v : in_.invigilators[i].unavailable) {
          if (v.start < x.end && x.start < v.end) {
            add(6, "监考员 " + who + " 在不可监考时间被安排在" + what(list[a]));
            break;
          }
        }
        for (std::size_t b = a + 1; b < list.size(); ++b) {
          if (in_.slots[z(list[b].slot)].start >= x.end) break;
          add(6, "监考员 " + who + " 同时被安排在" + what(list[a]) + "和" + what(list[b]));
        }
      }
    }
  }

  //! What judging existing_invigilation rows needs, gathered once: certificates sat per room-slot
  //! and per site-slot, the rows not rejected per person and per place.
  struct DutyIndex {
    std::map<std::tuple<Index, Index, Index>, std::set<Index>> certs;  // (room, site, slot)
    std::vector<std::vector<std::size_t>> rows_of;                     // per person
    std::map<std::tuple<Index, Index, Index>, int> per_place;
  };

  DutyIndex duty_index(const std::set<std::int32_t>& rejected) const {
    DutyIndex d;
    for (const auto& p : s_.placements) {
      const Index cert = in_.subjects[z(p.subject)].certificate;
      d.certs[{p.room, -1, p.slot}].insert(cert);
      d.certs[{-1, in_.rooms[z(p.room)].site, p.slot}].insert(cert);
    }
    d.rows_of.resize(in_.invigilators.size());
    for (std::size_t j = 0; j < in_.existing_invigilation.size(); ++j) {
      if (rejected.count(static_cast<std::int32_t>(j))) continue;
      const ExistingDuty& o = in_.existing_invigilation[j];
      d.rows_of[z(o.invigilator)].push_back(j);
      ++d.per_place[{o.room, o.room >= 0 ? -1 : o.site, o.slot}];
    }
    return d;
  }

  //! Reason codes that apply to existing_invigilation row `i`, a rejected row, against the rows
  //! not rejected.
  std::set<std::string> duty_faults(std::size_t i, const DutyIndex& d) const {
    std::set<std::string> out;
    const ExistingDuty& e = in_.existing_invigilation[i];
    const bool is_room = e.room >= 0;
    const Invigilator& inv = in_.invigilators[z(e.invigilator)];
    const Slot& x = in_.slots[z(e.slot)];
    const auto place = std::make_tuple(e.room, is_room ? -1 : e.site, e.slot);
    static const std::set<Index> none;
    const auto found = d.certs.find(place);
    const std::set<Index>& certs = found == d.certs.end() ? none : found->second;
    if (certs.empty()) out.insert("slot_unused");
    if (inv.kind != (is_room ? StaffKind::room : StaffKind::patrol)) out.insert("wrong_kind");
    std::size_t held = 0;
    for (Index c : certs)
      held += std::binary_search(inv.certificates.begin(), inv.certificates.end(), c);
    if (!certs.empty() && (is_room ? held < certs.size() : held == 0)) out.insert("not_certified");
    for (const Interval& v : inv.unavailable) {
      if (v.start < x.end && x.start < v.end) out.insert("unavailable");
    }
    for (std::size_t j : d.rows_of[z(e.invigilator)]) {
      const Slot& y = in_.slots[z(in_.existing_invigilation[j].slot)];
      if (y.start < x.end && x.start < y.end) out.insert("double_booked");
    }
    const auto n = d.per_place.find(place);
    if (n != d.per_place.end() &&
        n->second >= (is_room ? in_.invigilators_per_room : in_.patrols_per_site))
      out.insert("full");
    return out;
  }

  //! Duties of an earlier run: kept as they were (flag kept), or rejected for a reason that holds.
  void existing_invigilation() {
    std::set<std::int32_t> rejected;
    std::map<std::int32_t, std::string> reasons;
    for (const auto& r : s_.rejected_invigilation) {
      if (!rejected.insert(r.row).second)
        add(7, "保留监考 $.existingInvigilation[" + std::to_string(r.row) + "] 被重复判为无效");
      reasons[r.row] = r.reason;
    }
    const DutyIndex index = rejected.empty() ? DutyIndex{} : duty_index(rejected);
    // (room or -1, site or -1, slot, person) -> kept flag in the result
    std::map<std::tuple<Index, Index, Index, Index>, bool> listed;
    for (const auto& rs : s_.room_slots) {
      for (std::size_t j = 0; j < rs.invigilators.size(); ++j)
        listed[{rs.room, -1, rs.slot, rs.invigilators[j]}] = j < rs.kept.size() && rs.kept[j];
    }
    for (const auto& sp : s_.site_patrols) {
      for (std::size_t j = 0; j < sp.invigilators.size(); ++j)
        listed[{-1, sp.site, sp.slot, sp.invigilators[j]}] = j < sp.kept.size() && sp.kept[j];
    }
    std::set<std::tuple<Index, Index, Index, Index>> kept_rows;
    for (std::size_t i = 0; i < in_.existing_invigilation.size(); ++i) {
      const ExistingDuty& e = in_.existing_invigilation[i];
      const std::tuple<Index, Index, Index, Index> key{e.room, e.room >= 0 ? -1 : e.site, e.slot,
                                                       e.invigilator};
      const std::string where =
          "保留监考 $.existingInvigilation[" + std::to_string(i) + "]（" + person(e.invigilator) +
          "，" +
          (e.room >= 0 ? "考场 " + room(e.room) : "考点 " + in_.sites[z(e.site)].id + " 巡考") +
          "，场次 " + slot(e.slot) + "）";
      if (!rejected.count(static_cast<std::int32_t>(i))) {
        kept_rows.insert(key);
        auto it = listed.find(key);
        if (it == listed.end() || !it->second) add(7, where + " 未保留（或未标记为保留）");
        continue;
      }
      const auto faults = duty_faults(i, index);
      const std::string& reason = reasons[static_cast<std::int32_t>(i)];
      if (faults.empty()) {
        add(7, where + " 符合全部规则，却被判为无效");
      } else if (!faults.count(reason)) {
        std::string codes;
        for (const auto& f : faults) codes += (codes.empty() ? "" : "、") + f;
        add(7, where + " 的无效原因 " + reason + " 不成立（成立的是 " + codes + "）");
      }
    }
    for (const auto& [key, kept] : listed) {
      if (kept && !kept_rows.count(key)) {
        const auto& [r, x, sl, inv] = key;
        add(7, person(inv) + " 在" +
                   (r >= 0 ? "考场 " + room(r) : "考点 " + in_.sites[z(x)].id + " 巡考") +
                   "（场次 " + slot(sl) + "）标记为保留，但没有对应的保留行");
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
