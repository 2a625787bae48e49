#include "schedule/output.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <unordered_map>

namespace kaowu::schedule {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

double share(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return 0.0;
  return std::round(static_cast<double>(part) * 10000.0 / static_cast<double>(whole)) / 10000.0;
}

ordered_json stats_json(const Stats& s) {
  ordered_json j;
  j["candidates"] = s.candidates;
  j["candidateSubjects"] = s.candidate_subjects;
  j["placed"] = s.placed;
  j["keptExisting"] = s.kept_existing;
  j["unplaced"] = {{"capacity", s.unplaced_capacity},
                   {"no_room_type", s.unplaced_no_room_type},
                   {"time_clash", s.unplaced_time_clash},
                   {"no_site", s.unplaced_no_site},
                   {"invalid_existing", s.unplaced_invalid_existing}};
  j["rejectedExisting"] = s.rejected_existing;
  j["roomsUsed"] = s.rooms_used;
  j["roomSlots"] = s.room_slots;
  j["seatsOffered"] = s.seats_offered;
  j["fillRate"] = share(s.placed, s.seats_offered);
  j["mixedRoomSlots"] = s.mixed_room_slots;
  j["multiSubjectCandidates"] = s.multi_subject_candidates;
  j["sameRoomCandidates"] = s.same_room_candidates;
  j["adjacentPairs"] = s.adjacent_pairs;
  j["adjacentSameCollege"] = s.adjacent_same_college;
  j["adjacentSameCollegeShare"] = share(s.adjacent_same_college, s.adjacent_pairs);
  j["randomAdjacentSameCollege"] = s.random_adjacent_same_college;
  j["randomAdjacentSameCollegeShare"] = share(s.random_adjacent_same_college, s.adjacent_pairs);
  j["invigilatorShortage"] = s.invigilator_shortage;
  j["ownCollegeAssignments"] = s.own_college_assignments;
  j["invigilatorMaxLoad"] = s.invigilator_max_load;
  j["invigilatorMinLoad"] = s.invigilator_min_load;
  j["patrolSlots"] = s.patrol_slots;
  j["patrolShortage"] = s.patrol_shortage;
  j["ownCollegePatrols"] = s.own_college_patrols;
  j["patrolMaxLoad"] = s.patrol_max_load;
  j["patrolMinLoad"] = s.patrol_min_load;
  j["keptInvigilation"] = s.kept_invigilation;
  j["rejectedInvigilation"] = s.rejected_invigilation;
  j["repairMoves"] = s.repair_moves;
  if (s.timings.timed) {
    const Timings& t = s.timings;
    const std::pair<const char*, const Timings::Lap*> laps[] = {
        {"read", &t.read},       {"parse", &t.parse},     {"prepare", &t.prepare},
        {"sites", &t.sites},     {"repair", &t.repair},   {"rooms", &t.rooms},
        {"residue", &t.residue}, {"seating", &t.seating}, {"output", &t.output}};
    auto ms = [](double v) { return std::round(v * 10.0) / 10.0; };
    ordered_json wall, cpu;
    for (const auto& [name, lap] : laps) {
      wall[name] = ms(lap->wall_ms);
      cpu[name] = ms(lap->cpu_ms);
    }
    j["timingsMs"] = std::move(wall);  // wall clock
    j["cpuMs"] = std::move(cpu);       // CPU time of the process
  }
  return j;
}

class Reader {
 public:
  explicit Reader(const Instance& in) : in_(in) {
    index(in.candidates, candidates_);
    index(in.subjects, subjects_);
    index(in.rooms, rooms_);
    index(in.slots, slots_);
    index(in.invigilators, invigilators_);
    index(in.sites, sites_);
  }

  Result<Solution> run(const json& doc) {
    Solution out;
    if (!doc.is_object()) return fail("$", "输出必须是 JSON 对象");
    if (auto* arr = array(doc, "placements")) {
      for (std::size_t i = 0; i < arr->size() && ok(); ++i) {
        const std::string p = "$.placements[" + std::to_string(i) + "]";
        const json& v = (*arr)[i];
        Placement pl;
        pl.candidate = id(v, p, "candidate", candidates_, "考生");
        pl.subject = id(v, p, "subject", subjects_, "科目");
        pl.room = id(v, p, "room", rooms_, "考场");
        pl.slot = id(v, p, "slot", slots_, "场次");
        pl.seat = integer(v, p, "seat");
        out.placements.push_back(pl);
      }
    }
    if (auto* arr = array(doc, "unplaced")) {
      for (std::size_t i = 0; i < arr->size() && ok(); ++i) {
        const std::string p = "$.unplaced[" + std::to_string(i) + "]";
        const json& v = (*arr)[i];
        Unplaced u;
        u.candidate = id(v, p, "candidate", candidates_, "考生");
        u.subject = id(v, p, "subject", subjects_, "科目");
        const std::string reason = text(v, p, "reason");
        if (ok() && !parse_reason(reason, u.reason)) error_ = p + ".reason: 未知的原因：" + reason;
        out.unplaced.push_back(u);
      }
    }
    if (auto it = doc.find("rejectedExisting"); it != doc.end() && it->is_array()) {
      for (std::size_t i = 0; i < it->size() && ok(); ++i) {
        const std::string p = "$.rejectedExisting[" + std::to_string(i) + "]";
        const std::int32_t row = integer((*it)[i], p, "row");
        if (ok() && (row < 0 || static_cast<std::size_t>(row) >= in_.existing.size())) {
          error_ = p + ".row: 行号超出 existing 范围";
        }
        out.rejected.push_back({row, ok() ? text((*it)[i], p, "reason") : std::string()});
      }
    }
    if (auto* arr = array(doc, "roomSlots")) {
      for (std::size_t i = 0; i < arr->size() && ok(); ++i) {
        const std::string p = "$.roomSlots[" + std::to_string(i) + "]";
        const json& v = (*arr)[i];
        RoomSlot rs;
        rs.room = id(v, p, "room", rooms_, "考场");
        rs.slot = id(v, p, "slot", slots_, "场次");
        rs.shortage = integer(v, p, "shortage");
        staff(v, p, rs.invigilators, rs.own_college, rs.kept);
        out.room_slots.push_back(std::move(rs));
      }
    }
    if (auto it = doc.find("sitePatrols"); it != doc.end() && ok()) {
      if (!it->is_array()) return fail("$.sitePatrols", "必须是数组");
      for (std::size_t i = 0; i < it->size() && ok(); ++i) {
        const std::string p = "$.sitePatrols[" + std::to_string(i) + "]";
        const json& v = (*it)[i];
        SitePatrol sp;
        sp.site = id(v, p, "site", sites_, "考点");
        sp.slot = id(v, p, "slot", slots_, "场次");
        sp.shortage = integer(v, p, "shortage");
        staff(v, p, sp.invigilators, sp.own_college, sp.kept);
        out.site_patrols.push_back(std::move(sp));
      }
    }
    if (auto it = doc.find("rejectedInvigilation"); it != doc.end() && ok()) {
      if (!it->is_array()) return fail("$.rejectedInvigilation", "必须是数组");
      for (std::size_t i = 0; i < it->size() && ok(); ++i) {
        const std::string p = "$.rejectedInvigilation[" + std::to_string(i) + "]";
        const std::int32_t row = integer((*it)[i], p, "row");
        if (ok() && (row < 0 || static_cast<std::size_t>(row) >= in_.existing_invigilation.size()))
          error_ = p + ".row: 行号超出 existingInvigilation 范围";
        out.rejected_invigilation.push_back(
            {row, ok() ? text((*it)[i], p, "reason") : std::string()});
      }
    }
    if (!ok()) return err::invalid(error_, json{{"errors", {error_}}});
    return out;
  }

 private:
  //! "invigilators": ids; "ownCollege" and "kept": booleans parallel to them (left empty when
  //! absent, for the checker to report).
  void staff(const json& v, const std::string& p, std::vector<Index>& people,
             std::vector<std::uint8_t>& own, std::vector<std::uint8_t>& kept) {
    if (!ok()) return;
    auto inv = v.is_object() ? v.find("invigilators") : v.end();
    if (inv == v.end() || !inv->is_array()) {
      error_ = p + ".invigilators: 必须是数组";
      return;
    }
    for (std::size_t j = 0; j < inv->size() && ok(); ++j) {
      const std::string q = p + ".invigilators[" + std::to_string(j) + "]";
      const json& x = (*inv)[j];
      auto hit = x.is_string() ? invigilators_.find(x.get<std::string>()) : invigilators_.end();
      if (hit == invigilators_.end()) {
        error_ = q + ": 未知的监考员：" + (x.is_string() ? x.get<std::string>() : x.dump());
      } else {
        people.push_back(hit->second);
      }
    }
    flags(v, p, "ownCollege", own);
    flags(v, p, "kept", kept);
  }

  void flags(const json& v, const std::string& p, const char* key, std::vector<std::uint8_t>& out) {
    if (!ok()) return;
    auto it = v.find(key);
    if (it == v.end()) return;
    if (!it->is_array()) {
      error_ = p + "." + key + ": 必须是布尔数组";
      return;
    }
    for (std::size_t j = 0; j < it->size(); ++j) {
      if (!(*it)[j].is_boolean()) {
        error_ = p + "." + key + "[" + std::to_string(j) + "]: 必须是 true 或 false";
        return;
      }
      out.push_back((*it)[j].get<bool>() ? 1 : 0);
    }
  }

  template <class T>
  static void index(const std::vector<T>& items, std::unordered_map<std::string, Index>& map) {
    for (std::size_t i = 0; i < items.size(); ++i) map.emplace(items[i].id, static_cast<Index>(i));
  }

  bool ok() const { return error_.empty(); }

  Error fail(const std::string& path, const std::string& message) {
    error_ = path + ": " + message;
    return err::invalid(error_, json{{"errors", {error_}}});
  }

  const json* array(const json& doc, const char* key) {
    auto it = doc.find(key);
    if (it == doc.end() || !it->is_array()) {
      error_ = std::string("$.") + key + ": 必须是数组";
      return nullptr;
    }
    return &*it;
  }

  std::string text(const json& v, const std::string& p, const char* key) {
    if (!ok()) return {};
    auto it = v.is_object() ? v.find(key) : v.end();
    if (it == v.end() || !it->is_string()) {
      error_ = p + "." + key + ": 必须是字符串";
      return {};
    }
    return it->get<std::string>();
  }

  Index id(const json& v, const std::string& p, const char* key,
           const std::unordered_map<std::string, Index>& map, const char* what) {
    const std::string s = text(v, p, key);
    if (!ok()) return -1;
    auto it = map.find(s);
    if (it == map.end()) {
      error_ = p + "." + key + ": 未知的" + what + "：" + s;
      return -1;
    }
    return it->second;
  }

  std::int32_t integer(const json& v, const std::string& p, const char* key) {
    if (!ok()) return 0;
    auto it = v.is_object() ? v.find(key) : v.end();
    if (it == v.end() || !it->is_number_integer()) {
      error_ = p + "." + key + ": 必须是整数";
      return 0;
    }
    return static_cast<std::int32_t>(it->get<std::int64_t>());
  }

  const Instance& in_;
  std::string error_;
  std::unordered_map<std::string, Index> candidates_, subjects_, rooms_, slots_, invigilators_,
      sites_;
};

}  // namespace

namespace {

//! The ids of a list as JSON strings, quotes included, one after the other in one buffer (a
//! million candidates would otherwise be a million small strings).
class QuotedIds {
 public:
  explicit QuotedIds(const auto& items) {
    start_.reserve(items.size() + 1);
    start_.push_back(0);
    for (const auto& item : items) {
      const std::string& id = item.id;
      // Most ids need no escapes: copied as they are; the others as the JSON library writes them.
      const bool plain = std::none_of(id.begin(), id.end(), [](char ch) {
        return ch == '"' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20;
      });
      if (plain) {
        text_ += '"';
        text_ += id;
        text_ += '"';
      } else {
        text_ += json(id).dump();
      }
      start_.push_back(text_.size());
      longest_ = std::max(longest_, start_.back() - start_[start_.size() - 2]);
    }
  }
  std::string_view operator[](Index i) const {
    const std::size_t at = static_cast<std::size_t>(i);
    return std::string_view(text_).substr(start_[at], start_[at + 1] - start_[at]);
  }
  std::size_t longest() const { return longest_; }

 private:
  std::string text_;
  std::vector<std::size_t> start_;
  std::size_t longest_ = 0;
};

void append_int(std::string& out, long long v) {
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out.append(buf, static_cast<std::size_t>(end - buf));
}

//! ,"ownCollege":[...],"kept":[...]} closing a duty list.
void append_flags(std::string& out, const std::vector<std::uint8_t>& own,
                  const std::vector<std::uint8_t>& kept) {
  out += ",\"ownCollege\":[";
  for (std::size_t j = 0; j < own.size(); ++j) {
    if (j) out += ',';
    out += own[j] ? "true" : "false";
  }
  out += "],\"kept\":[";
  for (std::size_t j = 0; j < kept.size(); ++j) {
    if (j) out += ',';
    out += kept[j] ? "true" : "false";
  }
  out += "]}";
}

}  // namespace

std::string write_solution(const Instance& in, const Solution& s) {
  Stopwatch watch;
  const QuotedIds candidates(in.candidates), subjects(in.subjects), rooms(in.rooms),
      slots(in.slots), invigilators(in.invigilators), sites(in.sites);
  auto at = [](const QuotedIds& ids, Index i) { return ids[i]; };
  // Room for the whole text up front (from the longest id of each kind), so that a large
  // result is never copied as the string grows: pages reserved but not written cost nothing.
  const std::size_t cl = candidates.longest(), sl = subjects.longest(), rl = rooms.longest(),
                    tl = slots.longest(), il = invigilators.longest();
  std::size_t size = 4096 + s.placements.size() * (64 + cl + sl + rl + tl + 11) +
                     s.unplaced.size() * (48 + cl + sl) + s.rejected.size() * (96 + cl + sl + rl);
  for (const auto& rs : s.room_slots) size += 96 + rl + tl + rs.invigilators.size() * (il + 13);
  for (const auto& sp : s.site_patrols)
    size += 96 + sites.longest() + tl + sp.invigilators.size() * (il + 13);
  size += s.rejected_invigilation.size() * (96 + rl + sites.longest() + tl + il);
  for (const auto& r : s.rejected_invigilation) size += r.reason.size() * 6;
  for (const auto& r : s.rejected) size += r.reason.size() * 6;
  std::string out;
  out.reserve(size);
  out += "{\"placements\":[";
  for (std::size_t i = 0; i < s.placements.size(); ++i) {
    const Placement& p = s.placements[i];
    out += i ? ",\n{\"candidate\":" : "\n{\"candidate\":";
    out += at(candidates, p.candidate);
    out += ",\"subject\":";
    out += at(subjects, p.subject);
    out += ",\"room\":";
    out += at(rooms, p.room);
    out += ",\"slot\":";
    out += at(slots, p.slot);
    out += ",\"seat\":";
    append_int(out, p.seat);
    out += '}';
  }
  out += "],\n\"unplaced\":[";
  for (std::size_t i = 0; i < s.unplaced.size(); ++i) {
    const Unplaced& u = s.unplaced[i];
    out += i ? ",\n{\"candidate\":" : "\n{\"candidate\":";
    out += at(candidates, u.candidate);
    out += ",\"subject\":";
    out += at(subjects, u.subject);
    out += ",\"reason\":\"";
    out += reason_name(u.reason);
    out += "\"}";
  }
  out += "],\n\"rejectedExisting\":[";
  for (std::size_t i = 0; i < s.rejected.size(); ++i) {
    const RejectedRow& r = s.rejected[i];
    const ExistingRow& e = in.existing[static_cast<std::size_t>(r.row)];
    out += i ? ",\n{\"row\":" : "\n{\"row\":";
    append_int(out, r.row);
    out += ",\"candidate\":";
    out += at(candidates, e.candidate);
    out += ",\"subject\":";
    out += at(subjects, e.subject);
    out += ",\"room\":";
    out += at(rooms, e.room);
    out += ",\"seat\":";
    append_int(out, e.seat);
    out += ",\"reason\":";
    out += json(r.reason).dump();
    out += '}';
  }
  out += "],\n\"roomSlots\":[";
  for (std::size_t i = 0; i < s.room_slots.size(); ++i) {
    const RoomSlot& rs = s.room_slots[i];
    out += i ? ",\n{\"room\":" : "\n{\"room\":";
    out += at(rooms, rs.room);
    out += ",\"slot\":";
    out += at(slots, rs.slot);
    out += ",\"invigilators\":[";
    for (std::size_t j = 0; j < rs.invigilators.size(); ++j) {
      if (j) out += ',';
      out += at(invigilators, rs.invigilators[j]);
    }
    out += "],\"shortage\":";
    append_int(out, rs.shortage);
    append_flags(out, rs.own_college, rs.kept);
  }
  out += "],\n\"sitePatrols\":[";
  for (std::size_t i = 0; i < s.site_patrols.size(); ++i) {
    const SitePatrol& sp = s.site_patrols[i];
    out += i ? ",\n{\"site\":" : "\n{\"site\":";
    out += at(sites, sp.site);
    out += ",\"slot\":";
    out += at(slots, sp.slot);
    out += ",\"invigilators\":[";
    for (std::size_t j = 0; j < sp.invigilators.size(); ++j) {
      if (j) out += ',';
      out += at(invigilators, sp.invigilators[j]);
    }
    out += "],\"shortage\":";
    append_int(out, sp.shortage);
    append_flags(out, sp.own_college, sp.kept);
  }
  out += "],\n\"rejectedInvigilation\":[";
  for (std::size_t i = 0; i < s.rejected_invigilation.size(); ++i) {
    const RejectedRow& r = s.rejected_invigilation[i];
    const ExistingDuty& e = in.existing_invigilation[static_cast<std::size_t>(r.row)];
    out += i ? ",\n{\"row\":" : "\n{\"row\":";
    append_int(out, r.row);
    if (e.room >= 0) {
      out += ",\"room\":";
      out += at(rooms, e.room);
    } else {
      out += ",\"site\":";
      out += at(sites, e.site);
    }
    out += ",\"slot\":";
    out += at(slots, e.slot);
    out += ",\"invigilator\":";
    out += at(invigilators, e.invigilator);
    out += ",\"reason\":";
    out += json(r.reason).dump();
    out += '}';
  }
  out += "],\n\"stats\":";
  Stats stats = s.stats;
  watch.lap(stats.timings.output);
  out += stats_json(stats).dump();
  out += "}\n";
  return out;
}

nlohmann::ordered_json solution_to_json(const Instance& in, const Solution& s) {
  return nlohmann::ordered_json::parse(write_solution(in, s));
}

Result<Solution> solution_from_json(const Instance& in, const nlohmann::json& doc) {
  return Reader(in).run(doc);
}

}  // namespace kaowu::schedule
