#include "modules/weekly_reports/model.hpp"

#include <algorithm>
#include <cstdio>

#include "core/http/schema.hpp"
#include "core/input.hpp"

namespace kaowu::weekly_reports {

namespace {
constexpr std::int64_t kCstOffset = 8 * 3600;
constexpr std::int64_t kDay = 86400;

struct Date {
  std::int64_t y;
  unsigned m, d;
};

// Howard Hinnant's days_from_civil / civil_from_days: day 0 is 1970-01-01.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Date civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const unsigned d = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  const unsigned m = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

// The Beijing day number of `t`, and the instant a Beijing day starts.
std::int64_t day_of(Timestamp t) {
  const std::int64_t local = t + kCstOffset;
  return local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
}
Timestamp start_of_day(std::int64_t day) {
  return day * kDay - kCstOffset;
}

std::string month_label(std::int64_t y, unsigned m) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld年%02u月", static_cast<long long>(y), m);
  return buf;
}

const char* const kOrdinals[] = {"第一周", "第二周", "第三周", "第四周", "第五周"};

bool starts_with_bytes(std::string_view head, std::string_view magic) {
  return head.size() >= magic.size() && head.substr(0, magic.size()) == magic;
}

std::string lower_extension(const std::string& name) {
  const auto dot = name.rfind('.');
  if (dot == std::string::npos) return {};
  std::string ext = name.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}
}  // namespace

const char* cadence_code(Cadence c) {
  return c == Cadence::weekly ? "weekly" : "semimonthly";
}
const char* cadence_name(Cadence c) {
  return c == Cadence::weekly ? "周报" : "半月报";
}
std::optional<Cadence> parse_cadence(const std::string& code) {
  if (code == "weekly" || code == "周报") return Cadence::weekly;
  if (code == "semimonthly" || code == "半月报") return Cadence::semimonthly;
  return std::nullopt;
}

std::string period_key(const Period& p) {
  return cst::format_date(p.start);
}

Timestamp day_start(Timestamp t) {
  return start_of_day(day_of(t));
}

Period natural_period(Cadence cadence, Timestamp t) {
  const std::int64_t day = day_of(t);
  Period p;
  p.cadence = cadence;
  if (cadence == Cadence::weekly) {
    // 1970-01-01 was a Thursday: weekday 0 = Monday.
    const std::int64_t weekday = ((day + 3) % 7 + 7) % 7;
    const std::int64_t monday = day - weekday;
    const Date thursday = civil_from_days(monday + 3);
    const unsigned number =
        (thursday.d - 1) / 7;  // 0-based: how many Thursdays of the month before
    p.start = start_of_day(monday);
    p.end = start_of_day(monday + 7);
    p.label = month_label(thursday.y, thursday.m) + " " + kOrdinals[number];
  } else {
    const Date date = civil_from_days(day);
    const bool first = date.d <= 15;
    const std::int64_t first_day = days_from_civil(date.y, date.m, 1);
    const std::int64_t next_month =
        date.m == 12 ? days_from_civil(date.y + 1, 1, 1) : days_from_civil(date.y, date.m + 1, 1);
    p.start = start_of_day(first ? first_day : first_day + 15);
    p.end = start_of_day(first ? first_day + 15 : next_month);
    p.label = month_label(date.y, date.m) + (first ? " 上半月" : " 下半月");
  }
  return p;
}

Period period_at(const std::vector<CadenceChange>& schedule, Timestamp t) {
  CadenceChange current;  // weekly since ever
  std::optional<Timestamp> next;
  for (const auto& c : schedule) {
    if (c.from <= t) {
      current = c;
    } else {
      next = c.from;
      break;
    }
  }
  Period p = natural_period(current.cadence, t);
  p.start = std::max(p.start, current.from);
  if (next) p.end = std::min(p.end, *next);
  return p;
}

std::vector<Period> periods_between(const std::vector<CadenceChange>& schedule, Timestamp from,
                                    Timestamp to) {
  std::vector<Period> out;
  if (from >= to) return out;
  Period p = period_at(schedule, from);
  if (p.start < from) p = period_at(schedule, p.end);
  while (p.start < to) {
    out.push_back(p);
    p = period_at(schedule, p.end);
  }
  return out;
}

std::pair<Timestamp, Timestamp> term_of(Timestamp t) {
  const Date d = civil_from_days(day_of(t));
  auto at = [](std::int64_t y, unsigned m) { return start_of_day(days_from_civil(y, m, 1)); };
  if (d.m >= 2 && d.m < 8) return {at(d.y, 2), at(d.y, 8)};
  if (d.m >= 8) return {at(d.y, 8), at(d.y + 1, 2)};
  return {at(d.y - 1, 8), at(d.y, 2)};
}

nlohmann::json to_json(const Period& p) {
  return {{"key", period_key(p)},
          {"label", p.label},
          {"cadence", cadence_code(p.cadence)},
          {"cadenceName", cadence_name(p.cadence)},
          {"start", cst::format_date(p.start)},
          {"end", cst::format_date(p.end - 1)},
          {"deadline", cst::format(p.end - 1)}};
}

const char* state_code(State s) {
  switch (s) {
    case State::draft:
      return "draft";
    case State::pending:
      return "pending";
    case State::approved:
      return "approved";
    case State::returned:
      return "returned";
  }
  return "";
}

const char* state_name(State s) {
  switch (s) {
    case State::draft:
      return "未提交";
    case State::pending:
      return "待审核";
    case State::approved:
      return "审核通过";
    case State::returned:
      return "审核退回";
  }
  return "";
}

std::optional<State> parse_state(const std::string& code) {
  for (State s : {State::draft, State::pending, State::approved, State::returned}) {
    if (code == state_code(s) || code == state_name(s)) return s;
  }
  return std::nullopt;
}

std::string duplicate_message(Cadence cadence) {
  return cadence == Cadence::weekly ? "本周周报已提交，请勿重复提交"
                                    : "本期周报已提交，请勿重复提交";
}

const char* const kLateMessage = "提交时间已过，该周报目前不能提交，谢谢";

const char* kind_code(Kind k) {
  return k == Kind::scan ? "scan" : "other";
}
std::optional<Kind> parse_kind(const std::string& code) {
  if (code == "scan") return Kind::scan;
  if (code == "other") return Kind::other;
  return std::nullopt;
}

nlohmann::json limits_json() {
  return {{"progress", Limits::progress},
          {"difficulties", Limits::difficulties},
          {"suggestions", Limits::suggestions},
          {"opinion", Limits::opinion},
          {"fileBytes", Limits::file_bytes},
          {"reportBytes", Limits::report_bytes},
          {"filesPerKind", Limits::files_per_kind},
          {"extensions", {"pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "zip"}}};
}

Result<std::string> sniff(const std::string& name, std::string_view head) {
  const std::string ext = lower_extension(name);
  struct Type {
    const char* ext;
    const char* label;
    const char* content_type;
  };
  static const Type kTypes[] = {
      {"pdf", "PDF", "application/pdf"},
      {"jpg", "JPG 图片", "image/jpeg"},
      {"jpeg", "JPG 图片", "image/jpeg"},
      {"png", "PNG 图片", "image/png"},
      {"doc", "Word 97-2003 文档", "application/msword"},
      {"xls", "Excel 97-2003 工作簿", "application/vnd.ms-excel"},
      {"docx", "Word 文档",
       "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"xlsx", "Excel 工作簿", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"zip", "ZIP 压缩包", "application/zip"},
  };
  const Type* type = nullptr;
  for (const auto& t : kTypes) {
    if (ext == t.ext) type = &t;
  }
  if (!type) {
    return err::invalid(
        "文件「" + name +
        "」的类型不允许上传，只能上传 pdf、jpg、png、doc、docx、xls、xlsx、zip 文件");
  }
  bool ok = false;
  if (ext == "pdf") {
    ok = starts_with_bytes(head, "%PDF-");
  } else if (ext == "jpg" || ext == "jpeg") {
    ok = starts_with_bytes(head, std::string_view("\xFF\xD8\xFF", 3));
  } else if (ext == "png") {
    ok = starts_with_bytes(head, std::string_view("\x89PNG\r\n\x1A\n", 8));
  } else if (ext == "doc" || ext == "xls") {
    ok = starts_with_bytes(head, std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8));
  } else {
    // docx, xlsx and zip are zip archives (an empty archive starts with its end record).
    ok = starts_with_bytes(head, std::string_view("PK\x03\x04", 4)) ||
         starts_with_bytes(head, std::string_view("PK\x05\x06", 4));
  }
  if (!ok) {
    return err::invalid("文件「" + name + "」的内容不是" + type->label +
                        "，可能是改了扩展名的其他文件，请上传真实的 "
                        "pdf、jpg、png、doc、docx、xls、xlsx 或 zip 文件");
  }
  return std::string(type->content_type);
}

nlohmann::json to_json(const Attachment& a) {
  return {{"fileId", a.file_id},
          {"kind", kind_code(a.kind)},
          {"name", a.name},
          {"contentType", a.content_type},
          {"size", a.size}};
}

nlohmann::json to_json(const Review& r) {
  return {{"id", r.id},
          {"result", r.approved ? "approved" : "returned"},
          {"resultName", r.approved ? "审核通过" : "审核退回"},
          {"opinion", r.opinion},
          {"reviewerName", r.reviewer_name},
          {"provinceName", r.province_name},
          {"reviewedAt", cst::format(r.reviewed_at)}};
}

nlohmann::json to_json(const Report& r, bool detail) {
  nlohmann::json j = {
      {"id", r.id},
      {"collegeId", r.college_id},
      {"collegeName", r.college_name},
      {"collegeType", r.college_type},
      {"provinceId", r.province_id ? nlohmann::json(*r.province_id) : nlohmann::json()},
      {"provinceName", r.province_name},
      {"period", to_json(r.period)},
      {"periodLabel", r.period.label},
      {"progress", r.progress},
      {"difficulties", r.difficulties},
      {"suggestions", r.suggestions},
      {"status", state_code(r.state)},
      {"statusName", state_name(r.state)},
      {"submittedAt",
       r.submitted_at ? nlohmann::json(cst::format(*r.submitted_at)) : nlohmann::json()},
      {"version", r.version},
      {"createdAt", cst::format(r.created_at)},
      {"updatedAt", cst::format(r.updated_at)}};
  if (detail) {
    nlohmann::json files = nlohmann::json::array(), reviews = nlohmann::json::array();
    for (const auto& a : r.attachments) files.push_back(to_json(a));
    for (const auto& v : r.reviews) reviews.push_back(to_json(v));
    j["attachments"] = files;
    j["reviews"] = reviews;
  }
  return j;
}

Result<std::optional<Timestamp>> date_filter(const input::Query& query, const std::string& key,
                                             const std::string& label, bool end_of_day) {
  const std::string text = query.text(key);
  if (text.empty()) return std::optional<Timestamp>{};
  auto at = cst::parse(text);
  if (!at) return err::invalid(label + "须为日期，如 2021-09-06", {{"field", key}});
  // A date range is inclusive: "to 2021-09-30" ends at that day's end.
  return std::optional<Timestamp>{day_start(*at) + (end_of_day ? 86400 : 0)};
}

Result<Filter> filter_from(const input::Query& query) {
  Filter f;
  f.state = query.text("status");
  if (!f.state.empty()) {
    auto state = parse_state(f.state);
    if (!state) {
      return err::invalid(
          "周报状态须为 draft（未提交）、pending（待审核）、approved（审核通过）或 "
          "returned（审核退回）",
          {{"field", "status"}});
    }
    f.state = state_code(*state);
  }
  f.period_start = TRY(date_filter(query, "period", "周报周期", false));
  f.from = TRY(date_filter(query, "from", "开始日期", false));
  f.to = TRY(date_filter(query, "to", "结束日期", true));
  const std::string college = query.text("collegeId");
  if (!college.empty()) {
    if (college.find_first_not_of("0123456789") != std::string::npos || college.size() > 18)
      return err::invalid("院校参数格式不正确", {{"field", "collegeId"}});
    f.college_id = std::stoll(college);
  }
  f.college_name = query.text("collegeName");
  return f;
}

nlohmann::json period_schema() {
  namespace s = http::schema;
  return s::object({{"key", s::string()},
                    {"label", s::string()},
                    {"cadence", s::enumeration({"weekly", "semimonthly"})},
                    {"cadenceName", s::string()},
                    {"start", s::string()},
                    {"end", s::string()},
                    {"deadline", s::datetime()}});
}

nlohmann::json limits_schema() {
  namespace s = http::schema;
  return s::object({{"progress", s::integer()},
                    {"difficulties", s::integer()},
                    {"suggestions", s::integer()},
                    {"opinion", s::integer()},
                    {"fileBytes", s::integer()},
                    {"reportBytes", s::integer()},
                    {"filesPerKind", s::integer()},
                    {"extensions", s::array(s::string())}});
}

nlohmann::json attachment_schema() {
  namespace s = http::schema;
  return s::object({{"fileId", s::integer()},
                    {"kind", s::enumeration({"scan", "other"})},
                    {"name", s::string()},
                    {"contentType", s::string()},
                    {"size", s::integer()}});
}

nlohmann::json schema(bool detail) {
  namespace s = http::schema;
  nlohmann::json props = {{"id", s::integer()},
                          {"collegeId", s::integer()},
                          {"collegeName", s::string()},
                          {"collegeType", s::string()},
                          {"provinceId", s::nullable(s::integer())},
                          {"provinceName", s::string()},
                          {"period", s::ref("WeeklyReportPeriod")},
                          {"periodLabel", s::string()},
                          {"progress", s::string()},
                          {"difficulties", s::string()},
                          {"suggestions", s::string()},
                          {"status", s::enumeration({"draft", "pending", "approved", "returned"})},
                          {"statusName", s::string()},
                          {"submittedAt", s::nullable(s::datetime())},
                          {"version", s::integer()},
                          {"createdAt", s::datetime()},
                          {"updatedAt", s::datetime()}};
  if (detail) {
    props["attachments"] = s::array(attachment_schema());
    props["reviews"] = s::array(s::object({{"id", s::integer()},
                                           {"result", s::enumeration({"approved", "returned"})},
                                           {"resultName", s::string()},
                                           {"opinion", s::string()},
                                           {"reviewerName", s::string()},
                                           {"provinceName", s::string()},
                                           {"reviewedAt", s::datetime()}}));
  }
  return s::object(props);
}

}  // namespace kaowu::weekly_reports
