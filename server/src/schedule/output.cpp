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
        auto inv = v.is_object() ? v.find("invigilators") : v.end();
        if (ok() && (inv == v.end() || !inv->is_array())) {
          error_ = p + ".invigilators: 必须是数组";
        } else if (ok()) {
          for (std::size_t j = 0; j < inv->size() && ok(); ++j) {
            const std::string q = p + ".invigilators[" + std::to_string(j) + "]";
            const json& x = (*inv)[j];
            auto hit =
                x.is_string() ? invigilators_.find(x.get<std::string>()) : invigilators_.end();
            if (hit == invigilators_.end()) {
              error_ = q + ": 未知的监考员：" + (x.is_string() ? x.get<std::string>() : x.dump());
            } else {
              rs.invigilators.push_back(hit->second);
            }
          }
        }
        out.room_slots.push_back(std::move(rs));
      }
    }
    if (!ok()) return err::invalid(error_, json{{"errors", {error_}}});
    return out;
  }

 private:
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
  std::unordered_map<std::string, Index> candidates_, subjects_, rooms_, slots_, invigilators_;
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

}  // namespace

std::string write_solution(const Instance& in, const Solution& s) {
  Stopwatch watch;
  const QuotedIds candidates(in.candidates), subjects(in.subjects), rooms(in.rooms),
      slots(in.slots), invigilators(in.invigilators);
  auto at = [](const QuotedIds& ids, Index i) { return ids[i]; };
  // Room for the whole text up front (from the longest id of each kind), so that a large
  // result is never copied as the string grows: pages reserved but not written cost nothing.
  const std::size_t cl = candidates.longest(), sl = subjects.longest(), rl = rooms.longest(),
                    tl = slots.longest(), il = invigilators.longest();
  std::size_t size = 4096 + s.placements.size() * (64 + cl + sl + rl + tl + 11) +
                     s.unplaced.size() * (48 + cl + sl) + s.rejected.size() * (96 + cl + sl + rl);
  for (const auto& rs : s.room_slots) size += 64 + rl + tl + rs.invigilators.size() * (il + 1);
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
