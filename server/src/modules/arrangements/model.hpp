#pragma once

// 排考 (seed 5.2.8): the state of a plan's subject (SCH-1), the 准考证号 layout, the reasons a
// candidate-subject was not placed, and the filters of the three college lists.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/input.hpp"

namespace kaowu::arrangements {

//! SCH-1, the state of a plan's subject in 考核站点编排: not_started 未开始 before the plan's 排考
//! window, unarranged 未排考 inside it with none of its candidates placed, arranging 排考中 with
//! some, arranged 已排完 with all, ended 已结束 once the window is over.
enum class SubjectState { not_started, unarranged, arranging, arranged, ended };

//! The window is [start, end): at `start` the state is no longer 未开始, at `end` it is 已结束.
SubjectState subject_state(Timestamp arranging_start, Timestamp arranging_end, long long registered,
                           long long arranged, Timestamp now);
const char* state_code(SubjectState s);
const char* state_name(SubjectState s);
std::optional<SubjectState> parse_state(const std::string& code);
std::vector<std::string> state_codes();

//! 准考证号, 25 digits, the layout of the seed's samples (2021091600261100000070009):
//!   YYYYMMDD  the plan's first exam day (China time)          8
//!   SSSS      the 考核站点 number (its id, last four digits)    4
//!   LL        the certificate level: 01 初级, 02 中级, 03 高级  2
//!   PPPPP     the plan number (its id, last five digits)       5
//!   NNNNNN    the sequence within the 19 digits before it      6
//! One per candidate per plan, the same on every subject; the sequence only grows, so a number
//! is never given twice (a unique index stands behind it).
std::string ticket_prefix(Timestamp first_exam, std::int64_t site_id, const std::string& level,
                          std::int64_t plan_id);
std::string ticket_number(const std::string& prefix, long long sequence);
//! The sequence of a number made by ticket_number (0 when it is not one).
long long ticket_sequence(const std::string& ticket_no);

//! Why a registered subject was not placed: the engine's reasons, and unpaid when the plan
//! arranges only 已缴费 registrations.
const char* reason_name(const std::string& code);

//! 考核站点编排 rows are plan subjects; their id in lists and exports joins the two ids.
constexpr std::int64_t kSubjectKeyBase = 100000000;
inline std::int64_t subject_key(std::int64_t plan_id, std::int64_t subject_id) {
  return plan_id * kSubjectKeyBase + subject_id;
}

struct SubjectFilter {
  std::optional<std::int64_t> plan_id;
  std::optional<std::int64_t> certificate_id;
  std::string keyword;  //!< 科目名称 or 科目编号
  std::optional<SubjectState> state;
};
Result<SubjectFilter> subject_filter_from(const input::Query& q);

struct RoomSlotFilter {
  std::optional<std::int64_t> plan_id;
  std::optional<std::int64_t> site_id;
  std::string keyword;  //!< 考场名称
};
Result<RoomSlotFilter> room_slot_filter_from(const input::Query& q);

struct DetailFilter {
  std::optional<std::int64_t> plan_id;
  std::optional<std::int64_t> subject_id;
  std::optional<std::int64_t> room_slot_id;
  std::string keyword;  //!< 考生姓名, 考生编号, 身份证号 or 准考证号
};
Result<DetailFilter> detail_filter_from(const input::Query& q);

}  // namespace kaowu::arrangements
