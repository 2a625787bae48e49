#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/input.hpp"

namespace kaowu::weekly_reports {

//! How often a province's colleges report: 周报 (Monday to Sunday) or 半月报 (1st–15th, 16th–end).
enum class Cadence { weekly, semimonthly };

const char* cadence_code(Cadence c);  //!< weekly | semimonthly
const char* cadence_name(Cadence c);  //!< 周报 | 半月报
std::optional<Cadence> parse_cadence(const std::string& code);

//! A cadence a province set, from a Beijing midnight on.
struct CadenceChange {
  Cadence cadence = Cadence::weekly;
  Timestamp from = 0;
};

//! One reporting period, [start, end), both at Beijing midnight.
//!
//! A week runs Monday to Sunday and belongs to the month that holds its Thursday (as ISO 8601 weeks
//! belong to years): 2021-08-30 to 2021-09-05 is 「2021年09月 第一周」, because its Thursday is
//! 2 September, and 2021-09-06 to 2021-09-12 is 「2021年09月 第二周」. Each month so has four or
//! five weeks, numbered from its first such week. A half-month is 「上半月」 (1st–15th) or
//! 「下半月」 (16th to the month's end). When a province changes the cadence, the first period
//! under the new one starts on the change's date and ends where that cadence's period would; the
//! last period under the old one ends on that date. Both keep their usual labels.
struct Period {
  Cadence cadence = Cadence::weekly;
  Timestamp start = 0;
  Timestamp end = 0;
  std::string label;  //!< 2021年09月 第二周 / 2021年09月 上半月
};

//! The Beijing date of a period start, "2021-09-06": how the API names a period.
std::string period_key(const Period& p);
//! The period (uncut by cadence changes) of `cadence` that holds `t`.
Period natural_period(Cadence cadence, Timestamp t);
//! The period that holds `t` under a province's changes (sorted by `from`); before the first
//! change, and with none, colleges report weekly.
Period period_at(const std::vector<CadenceChange>& schedule, Timestamp t);
//! The periods that start in [from, to), in order.
std::vector<Period> periods_between(const std::vector<CadenceChange>& schedule, Timestamp from,
                                    Timestamp to);
//! Beijing midnight of `t`'s day.
Timestamp day_start(Timestamp t);
//! The term 学期 that holds `t`: 1 February to 1 August (春季学期) or 1 August to 1 February.
std::pair<Timestamp, Timestamp> term_of(Timestamp t);
nlohmann::json to_json(const Period& p);
//! The JSON schema of to_json(Period), component WeeklyReportPeriod.
nlohmann::json period_schema();

//! A report's state (WR-3): 未提交, 待审核, 审核通过, 审核退回.
enum class State { draft, pending, approved, returned };
const char* state_code(State s);
const char* state_name(State s);
std::optional<State> parse_state(const std::string& code);

//! WR-1, word for word for weeks; a half-month says 本期.
std::string duplicate_message(Cadence cadence);
//! WR-2, word for word.
extern const char* const kLateMessage;

//! Attachment kinds: 签名盖章的扫描件 and 其他资料.
enum class Kind { scan, other };
const char* kind_code(Kind k);
std::optional<Kind> parse_kind(const std::string& code);

struct Attachment {
  std::int64_t file_id = 0;
  Kind kind = Kind::other;
  std::string name;
  std::string content_type;
  std::int64_t size = 0;
};

struct Review {
  std::int64_t id = 0;
  bool approved = false;
  std::string opinion;
  std::string reviewer_name;  //!< the account's display name
  std::string province_name;
  Timestamp reviewed_at = 0;
};

struct Report {
  std::int64_t id = 0;
  std::int64_t college_id = 0;
  std::string college_name;
  std::string college_type;  //!< 院校类型, e.g. 本科院校
  std::optional<std::int64_t> province_id;
  std::string province_name;  //!< the college's 省级教育行政部门
  Period period;
  std::string progress;      //!< 工作进展
  std::string difficulties;  //!< 存在困难
  std::string suggestions;   //!< 政策建议
  State state = State::draft;
  std::optional<Timestamp> submitted_at;
  int version = 1;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
  std::vector<Attachment> attachments;
  std::vector<Review> reviews;  //!< oldest first
};

//! The limits the form shows with its counters.
struct Limits {
  static constexpr std::size_t progress = 2000;
  static constexpr std::size_t difficulties = 1000;
  static constexpr std::size_t suggestions = 1000;
  static constexpr std::size_t opinion = 500;
  static constexpr std::int64_t file_bytes = 10 * 1024 * 1024;
  static constexpr std::int64_t report_bytes = 30 * 1024 * 1024;
  static constexpr std::size_t files_per_kind = 10;
};
nlohmann::json limits_json();
//! The JSON schema of limits_json().
nlohmann::json limits_schema();

//! The content type of an attachment named `name` whose first bytes are `head`, when the name has
//! an allowed extension (pdf, jpg, jpeg, png, doc, docx, xls, xlsx, zip) and the bytes are what the
//! extension says; otherwise an error naming the file and what to upload instead.
Result<std::string> sniff(const std::string& name, std::string_view head);

nlohmann::json to_json(const Attachment& a);
//! The JSON schema of to_json(Attachment).
nlohmann::json attachment_schema();
nlohmann::json to_json(const Review& r);
//! The list row; with `detail` also the attachments and reviews.
nlohmann::json to_json(const Report& r, bool detail);
//! The JSON schema of to_json(Report): the same keys (attachments and reviews with `detail`).
nlohmann::json schema(bool detail);

struct Filter {
  std::string state;                      //!< a state code, or empty for all
  std::optional<Timestamp> period_start;  //!< one period
  std::optional<Timestamp> from, to;      //!< periods that overlap [from, to)
  std::optional<std::int64_t> college_id;
  std::string college_name;
};

//! A date of the query (2021-09-06) as the start of that day, or of the next when `end_of_day`
//! (a range is inclusive); absent is none, anything else a 400 naming `label`.
Result<std::optional<Timestamp>> date_filter(const input::Query& query, const std::string& key,
                                             const std::string& label, bool end_of_day);
//! The list filter of a request's query (or an export job's copy of it); an unknown value is
//! refused with a 400 that names it.
Result<Filter> filter_from(const input::Query& query);

}  // namespace kaowu::weekly_reports
