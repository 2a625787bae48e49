#include "schedule/parse.hpp"

#include <algorithm>
#include <limits>
#include <string_view>
#include <unordered_map>

namespace kaowu::schedule {

namespace {

using nlohmann::json;

// At most this many problems are listed for one input: enough to fix a file in one go, while a
// file wrong in every one of a million rows still gets a message of readable length.
constexpr std::size_t kMaxErrors = 100;

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

//! The first eight bytes of `id` as a number that orders as the strings do (bytes compared
//! unsigned, a shorter string padded with zeros): sorting on it first touches the strings only
//! where they share those bytes.
std::uint64_t id_prefix(std::string_view id) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i)
    v = v << 8 | (i < id.size() ? static_cast<unsigned char>(id[i]) : 0u);
  return v;
}

//! An id in a sorted index of ids: by its prefix, then the whole string.
struct IdKey {
  std::uint64_t prefix;
  std::string_view id;
  Index index;
  bool operator<(const IdKey& o) const {
    return prefix != o.prefix ? prefix < o.prefix : id < o.id;
  }
};

//! Interns names to dense indices in first-seen order.
class Interner {
 public:
  explicit Interner(std::vector<std::string>& names) : names_(names) {}
  Index intern(const std::string& name) {
    auto [it, inserted] = map_.try_emplace(name, static_cast<Index>(names_.size()));
    if (inserted) names_.push_back(name);
    return it->second;
  }
  //! Forgets the names interned after the first `n` (the caller has cut the list back to n).
  void forget_after(std::size_t n) {
    for (auto it = map_.begin(); it != map_.end();) {
      it = static_cast<std::size_t>(it->second) >= n ? map_.erase(it) : std::next(it);
    }
  }

 private:
  std::vector<std::string>& names_;
  std::unordered_map<std::string, Index> map_;
};

class Parser {
 public:
  Result<Instance> run(const json& doc) {
    if (!doc.is_object()) {
      fail("$", "输入必须是 JSON 对象");
      return finish();
    }
    read_header(doc);
    read_slots(doc);
    read_subjects(doc);
    read_sites(doc);
    read_rooms(doc);
    read_candidates(doc);
    read_invigilators(doc);
    read_existing(doc);
    read_existing_invigilation(doc);
    return finish();
  }

 private:
  void fail(const std::string& path, const std::string& message) {
    if (errors_.size() < kMaxErrors) errors_.push_back(path + ": " + message);
  }

  Result<Instance> finish() {
    if (errors_.empty()) return std::move(in_);
    json list = json::array();
    for (const auto& e : errors_) list.push_back(e);
    return err::invalid(errors_.front(), json{{"errors", std::move(list)}});
  }

  const json* array_at(const json& doc, const char* key, bool required) {
    const std::string path = std::string("$.") + key;
    auto it = doc.find(key);
    if (it == doc.end()) {
      if (required) fail(path, "缺少必填字段");
      return nullptr;
    }
    if (!it->is_array()) {
      fail(path, "必须是数组");
      return nullptr;
    }
    return &*it;
  }

  bool string_field(const json& obj, const std::string& path, const char* key, std::string& out) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      fail(path + "." + key, "缺少必填字段");
      return false;
    }
    if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
      fail(path + "." + key, "必须是非空字符串");
      return false;
    }
    out = it->get<std::string>();
    return true;
  }

  bool string_list(const json& obj, const std::string& path, const char* key,
                   std::vector<std::string>& out, bool allow_empty) {
    auto it = obj.find(key);
    const std::string p = path + "." + key;
    if (it == obj.end()) {
      fail(p, "缺少必填字段");
      return false;
    }
    if (!it->is_array()) {
      fail(p, "必须是字符串数组");
      return false;
    }
    if (!allow_empty && it->empty()) {
      fail(p, "不能为空");
      return false;
    }
    bool ok = true;
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& v = (*it)[i];
      if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
        fail(p + "[" + std::to_string(i) + "]", "必须是非空字符串");
        ok = false;
        continue;
      }
      out.push_back(v.get<std::string>());
    }
    return ok;
  }

  bool object_at(const json& v, const std::string& path) {
    if (v.is_object()) return true;
    fail(path, "必须是对象");
    return false;
  }

  template <class Map>
  bool unique_id(Map& ids, const std::string& id, Index index, const std::string& path,
                 const char* what) {
    if (!ids.try_emplace(id, index).second) {
      fail(path + ".id", std::string(what) + "编号重复：" + id);
      return false;
    }
    return true;
  }

  template <class Map>
  Index lookup(const Map& ids, const std::string& id, const std::string& path, const char* what) {
    auto it = ids.find(id);
    if (it == ids.end()) {
      fail(path, std::string("未知的") + what + "：" + id);
      return -1;
    }
    return it->second;
  }

  void read_header(const json& doc) {
    if (auto it = doc.find("seed"); it != doc.end()) {
      if (it->is_number_unsigned()) {
        in_.seed = it->get<std::uint64_t>();
      } else if (it->is_number_integer()) {
        in_.seed = static_cast<std::uint64_t>(it->get<std::int64_t>());
      } else {
        fail("$.seed", "随机种子必须是整数");
      }
    }
    if (auto it = doc.find("seating"); it != doc.end()) {
      const std::string s = it->is_string() ? it->get<std::string>() : std::string();
      if (s == "sequential") {
        in_.seating = Seating::sequential;
      } else if (s == "random") {
        in_.seating = Seating::random;
      } else if (s == "spread") {
        in_.seating = Seating::spread;
      } else {
        fail("$.seating", "座位编排方式必须是 sequential、random 或 spread");
      }
    }
    if (auto it = doc.find("invigilatorsPerRoom"); it != doc.end()) {
      if (!it->is_number_integer() || it->get<std::int64_t>() < 0 ||
          it->get<std::int64_t>() > 100) {
        fail("$.invigilatorsPerRoom", "每考场监考人数必须是 0 到 100 的整数");
      } else {
        in_.invigilators_per_room = static_cast<int>(it->get<std::int64_t>());
      }
    }
    if (auto it = doc.find("patrolsPerSite"); it != doc.end()) {
      if (!it->is_number_integer() || it->get<std::int64_t>() < 0 ||
          it->get<std::int64_t>() > 100) {
        fail("$.patrolsPerSite", "每考点每场次巡考人数必须是 0 到 100 的整数");
      } else {
        in_.patrols_per_site = static_cast<int>(it->get<std::int64_t>());
      }
    }
  }

  void read_slots(const json& doc) {
    const json* arr = array_at(doc, "slots", true);
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const std::string path = "$.slots[" + std::to_string(i) + "]";
      const json& v = (*arr)[i];
      Slot slot;
      if (!object_at(v, path) || !string_field(v, path, "id", slot.id)) continue;
      std::string start, end;
      bool ok = string_field(v, path, "start", start);
      ok = string_field(v, path, "end", end) && ok;
      if (ok && !parse_time(start, slot.start)) {
        fail(path + ".start", "时间格式应为 YYYY-MM-DDTHH:MM：" + start);
        ok = false;
      }
      if (ok && !parse_time(end, slot.end)) {
        fail(path + ".end", "时间格式应为 YYYY-MM-DDTHH:MM：" + end);
        ok = false;
      }
      if (ok && slot.end <= slot.start) {
        fail(path + ".end", "结束时间必须晚于开始时间");
      }
      if (unique_id(slot_ids_, slot.id, static_cast<Index>(in_.slots.size()), path, "场次")) {
        in_.slots.push_back(std::move(slot));
      }
    }
  }

  void read_subjects(const json& doc) {
    const json* arr = array_at(doc, "subjects", true);
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const std::string path = "$.subjects[" + std::to_string(i) + "]";
      const json& v = (*arr)[i];
      Subject subject;
      if (!object_at(v, path) || !string_field(v, path, "id", subject.id)) continue;
      std::string slot, mode, certificate;
      if (string_field(v, path, "slot", slot))
        subject.slot = lookup(slot_ids_, slot, path + ".slot", "场次");
      if (string_field(v, path, "mode", mode)) subject.mode = modes_.intern(mode);
      if (string_field(v, path, "certificate", certificate)) {
        subject.certificate = certificates_.intern(certificate);
      }
      if (unique_id(subject_ids_, subject.id, static_cast<Index>(in_.subjects.size()), path,
                    "科目")) {
        in_.subjects.push_back(std::move(subject));
      }
    }
  }

  void read_sites(const json& doc) {
    const json* arr = array_at(doc, "sites", true);
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const std::string path = "$.sites[" + std::to_string(i) + "]";
      const json& v = (*arr)[i];
      Site site;
      if (!object_at(v, path) || !string_field(v, path, "id", site.id)) continue;
      std::vector<std::string> names;
      string_list(v, path, "colleges", names, true);
      for (const auto& n : names) site.colleges.push_back(colleges_.intern(n));
      std::sort(site.colleges.begin(), site.colleges.end());
      site.colleges.erase(std::unique(site.colleges.begin(), site.colleges.end()),
                          site.colleges.end());
      if (unique_id(site_ids_, site.id, static_cast<Index>(in_.sites.size()), path, "考点")) {
        in_.sites.push_back(std::move(site));
      }
    }
  }

  void read_rooms(const json& doc) {
    const json* arr = array_at(doc, "rooms", true);
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const std::string path = "$.rooms[" + std::to_string(i) + "]";
      const json& v = (*arr)[i];
      Room room;
      if (!object_at(v, path) || !string_field(v, path, "id", room.id)) continue;
      std::string site;
      if (string_field(v, path, "site", site))
        room.site = lookup(site_ids_, site, path + ".site", "考点");
      std::vector<std::string> types;
      string_list(v, path, "types", types, false);
      for (const auto& t : types) room.types.push_back(modes_.intern(t));
      std::sort(room.types.begin(), room.types.end());
      room.types.erase(std::unique(room.types.begin(), room.types.end()), room.types.end());
      auto seats = v.find("seats");
      if (seats == v.end()) {
        fail(path + ".seats", "缺少必填字段");
      } else if (!seats->is_number_integer() || seats->get<std::int64_t>() <= 0 ||
                 seats->get<std::int64_t>() > 100000) {
        fail(path + ".seats", "考位数必须为正整数");
      } else {
        room.seats = static_cast<std::int32_t>(seats->get<std::int64_t>());
      }
      if (unique_id(room_ids_, room.id, static_cast<Index>(in_.rooms.size()), path, "考场")) {
        in_.rooms.push_back(std::move(room));
      }
    }
  }

  void read_candidates(const json& doc) {
    const json* arr = array_at(doc, "candidates", true);
    if (!arr) return;
    // First without a table of ids: a million candidates each hashed into one costs more than
    // the rest of their parsing grows. Their ids are then sorted once to find duplicates; only
    // when there is one is the list read again the slow way, so that the messages are the same.
    const std::size_t errors_before = errors_.size();
    const std::size_t colleges_before = in_.colleges.size();
    read_candidate_list(*arr, false);
    if (!index_candidates()) {
      errors_.resize(errors_before);
      in_.candidates.clear();
      in_.colleges.resize(colleges_before);
      colleges_.forget_after(colleges_before);
      read_candidate_list(*arr, true);
    }
  }

  //! Sorts the candidate ids for find_candidate(); false when two candidates share an id.
  bool index_candidates() {
    candidate_order_.clear();
    candidate_order_.reserve(in_.candidates.size());
    for (std::size_t i = 0; i < in_.candidates.size(); ++i) {
      const std::string& id = in_.candidates[i].id;
      candidate_order_.push_back({id_prefix(id), id, static_cast<Index>(i)});
    }
    std::sort(candidate_order_.begin(), candidate_order_.end());
    for (std::size_t i = 1; i < candidate_order_.size(); ++i) {
      if (candidate_order_[i].id == candidate_order_[i - 1].id) return false;
    }
    sorted_candidates_ = true;
    return true;
  }

  Index find_candidate(const std::string& id, const std::string& path) {
    if (!sorted_candidates_) return lookup(candidate_ids_, id, path, "考生");
    const IdKey key{id_prefix(id), id, -1};
    const auto it = std::lower_bound(candidate_order_.begin(), candidate_order_.end(), key);
    if (it == candidate_order_.end() || it->id != key.id) {
      fail(path, std::string("未知的考生：") + id);
      return -1;
    }
    return it->index;
  }

  //! `check_ids`: each id is checked against those before it as it is read (the slow way).
  void read_candidate_list(const json& list, bool check_ids) {
    const json* arr = &list;
    sorted_candidates_ = false;
    candidate_ids_.clear();
    if (check_ids) candidate_ids_.reserve(arr->size());
    in_.candidates.reserve(arr->size());
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const std::string path = "$.candidates[" + std::to_string(i) + "]";
      const json& v = (*arr)[i];
      Candidate candidate;
      if (!object_at(v, path) || !string_field(v, path, "id", candidate.id)) continue;
      std::string college;
      if (string_field(v, path, "college", college)) candidate.college = colleges_.intern(college);
      std::vector<std::string> subjects;
      string_list(v, path, "subjects", subjects, true);
      for (std::size_t k = 0; k < subjects.size(); ++k) {
        // The path is spelt out only for a message: a million candidates need none.
        auto p = [&] { return path + ".subjects[" + std::to_string(k) + "]"; };
        const auto it = subject_ids_.find(subjects[k]);
        if (it == subject_ids_.end()) {
          lookup(subject_ids_, subjects[k], p(), "科目");
          continue;
        }
        const Index s = it->second;
        if (std::find(candidate.subjects.begin(), candidate.subjects.end(), s) !=
            candidate.subjects.end()) {
          fail(p(), "科目重复：" + subjects[k]);
          continue;
        }
        candidate.subjects.push_back(s);
      }
      if (!check_ids || unique_id(candidate_ids_, candidate.id,
                                  static_cast<Index>(in_.candidates.size()), path, "考生")) {
        in_.candidates.push_back(std::move(candidate));
      }
    }
  }

  void read_invigilators(const json& doc) {
    const json* arr = array_at(doc, "invigilators", false);
    if (!arr) return;
    invigilator_ids_.reserve(arr->size());
    in_.invigilators.reserve(arr->size());
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const std::string path = "$.invigilators[" + std::to_string(i) + "]";
      const json& v = (*arr)[i];
      Invigilator inv;
      if (!object_at(v, path) || !string_field(v, path, "id", inv.id)) continue;
      std::string college;
      if (string_field(v, path, "college", college)) inv.college = colleges_.intern(college);
      std::vector<std::string> certs;
      string_list(v, path, "certificates", certs, true);
      for (const auto& c : certs) inv.certificates.push_back(certificates_.intern(c));
      std::sort(inv.certificates.begin(), inv.certificates.end());
      inv.certificates.erase(std::unique(inv.certificates.begin(), inv.certificates.end()),
                             inv.certificates.end());
      if (auto kind = v.find("kind"); kind != v.end()) {
        if (!kind->is_string() || !parse_staff_kind(kind->get<std::string>(), inv.kind))
          fail(path + ".kind", "人员类型必须是 监考老师 或 巡考老师");
      }
      read_unavailable(v, path, inv.unavailable);
      if (unique_id(invigilator_ids_, inv.id, static_cast<Index>(in_.invigilators.size()), path,
                    "监考员")) {
        in_.invigilators.push_back(std::move(inv));
      }
    }
  }

  //! 不可监考时间: [{"start": "2021-09-18T08:00", "end": "2021-09-18T12:00"}, ...].
  void read_unavailable(const json& v, const std::string& path, std::vector<Interval>& out) {
    auto it = v.find("unavailable");
    if (it == v.end()) return;
    if (!it->is_array()) {
      fail(path + ".unavailable", "必须是数组");
      return;
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
      const std::string p = path + ".unavailable[" + std::to_string(i) + "]";
      const json& x = (*it)[i];
      if (!object_at(x, p)) continue;
      std::string start, end;
      Interval interval;
      bool ok = string_field(x, p, "start", start);
      ok = string_field(x, p, "end", end) && ok;
      if (ok && !parse_time(start, interval.start)) {
        fail(p + ".start", "时间格式应为 YYYY-MM-DDTHH:MM：" + start);
        ok = false;
      }
      if (ok && !parse_time(end, interval.end)) {
        fail(p + ".end", "时间格式应为 YYYY-MM-DDTHH:MM：" + end);
        ok = false;
      }
      if (ok && interval.end <= interval.start) {
        fail(p + ".end", "结束时间必须晚于开始时间");
        ok = false;
      }
      if (ok) out.push_back(interval);
    }
  }

  //! Duties of an earlier run: {"room", "slot", "invigilator"} for a 监考老师, {"site", "slot",
  //! "invigilator"} for a 巡考老师.
  void read_existing_invigilation(const json& doc) {
    const json* arr = array_at(doc, "existingInvigilation", false);
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const std::string path = "$.existingInvigilation[" + std::to_string(i) + "]";
      const json& v = (*arr)[i];
      if (!object_at(v, path)) continue;
      ExistingDuty row;
      const bool room = v.contains("room"), site = v.contains("site");
      if (room == site) {
        fail(path, "须给出 room（监考）或 site（巡考）之一");
        continue;
      }
      std::string place, slot, invigilator;
      if (room && string_field(v, path, "room", place))
        row.room = lookup(room_ids_, place, path + ".room", "考场");
      if (site && string_field(v, path, "site", place))
        row.site = lookup(site_ids_, place, path + ".site", "考点");
      if (string_field(v, path, "slot", slot))
        row.slot = lookup(slot_ids_, slot, path + ".slot", "场次");
      if (string_field(v, path, "invigilator", invigilator))
        row.invigilator = lookup(invigilator_ids_, invigilator, path + ".invigilator", "监考员");
      in_.existing_invigilation.push_back(row);
    }
  }

  void read_existing(const json& doc) {
    const json* arr = array_at(doc, "existing", false);
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const std::string path = "$.existing[" + std::to_string(i) + "]";
      const json& v = (*arr)[i];
      if (!object_at(v, path)) continue;
      ExistingRow row;
      std::string candidate, subject, room;
      if (string_field(v, path, "candidate", candidate)) {
        row.candidate = find_candidate(candidate, path + ".candidate");
      }
      if (string_field(v, path, "subject", subject)) {
        row.subject = lookup(subject_ids_, subject, path + ".subject", "科目");
      }
      if (string_field(v, path, "room", room))
        row.room = lookup(room_ids_, room, path + ".room", "考场");
      auto seat = v.find("seat");
      if (seat == v.end()) {
        fail(path + ".seat", "缺少必填字段");
      } else if (!seat->is_number_integer() || seat->get<std::int64_t>() <= 0 ||
                 seat->get<std::int64_t>() > std::numeric_limits<std::int32_t>::max()) {
        fail(path + ".seat", "座位号必须为正整数");
      } else {
        row.seat = static_cast<std::int32_t>(seat->get<std::int64_t>());
      }
      in_.existing.push_back(row);
    }
  }

  Instance in_;
  std::vector<std::string> errors_;
  std::unordered_map<std::string, Index> slot_ids_, subject_ids_, site_ids_, room_ids_,
      candidate_ids_, invigilator_ids_;
  // Candidate ids sorted (into in_.candidates, which no longer changes once they are read), used
  // instead of candidate_ids_ when no id was repeated.
  std::vector<IdKey> candidate_order_;
  bool sorted_candidates_ = false;
  Interner colleges_{in_.colleges};
  Interner modes_{in_.modes};
  Interner certificates_{in_.certificates};
};

}  // namespace

bool parse_time(std::string_view s, std::int64_t& seconds) {
  if (s.size() != 16 && s.size() != 19) return false;
  int y, mo, d, h, mi, sec = 0;
  if (!digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2, h) ||
      s[13] != ':' || !digits(s, 14, 2, mi)) {
    return false;
  }
  if (s.size() == 19 && (s[16] != ':' || !digits(s, 17, 2, sec))) return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] || h > 23 || mi > 59 || sec > 59)
    return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo == 2 && d == 29 && !leap) return false;
  seconds = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
            h * 3600 + mi * 60 + sec;
  return true;
}

std::string format_time(std::int64_t seconds) {
  std::int64_t z = (seconds >= 0 ? seconds : seconds - 86399) / 86400;
  const std::int64_t rem = seconds - z * 86400;
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  char buf[40];
  const int h = static_cast<int>(rem / 3600), mi = static_cast<int>(rem % 3600 / 60),
            sec = static_cast<int>(rem % 60);
  if (sec) {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d", static_cast<long long>(y), m,
                  d, h, mi, sec);
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d", static_cast<long long>(y), m, d, h,
                  mi);
  }
  return buf;
}

Result<Instance> parse_instance(const nlohmann::json& doc) {
  return Parser().run(doc);
}

Result<Instance> parse_instance_text(std::string_view text) {
  nlohmann::json doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded()) {
    return err::invalid("$: 不是合法的 JSON", nlohmann::json{{"errors", {"$: 不是合法的 JSON"}}});
  }
  return parse_instance(doc);
}

}  // namespace kaowu::schedule
