#pragma once

// 科目成绩 (seed 5.2.9): a candidate's mark in one arranged subject, entered by the plan's
// organisation inside the 成绩登记 window (SCORE-1), shown to colleges and students from the
// start of the 公示期, amended only with a reason during it, and locked for good after (SCORE-2).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/input.hpp"
#include "office/column.hpp"

namespace kaowu::scores {

//! The plan's windows that govern scores: [score_start, score_end) 成绩登记,
//! [publicity_start, publicity_end) 公示期; from publicity_end every score is locked.
struct Windows {
  Timestamp score_start = 0, score_end = 0;
  Timestamp publicity_start = 0, publicity_end = 0;
};

//! Where a plan's scores stand at a moment.
enum class Phase {
  before,     //!< 成绩登记 has not started
  entry,      //!< inside 成绩登记, before the 公示期
  closed,     //!< 成绩登记 is over, the 公示期 has not started
  publicity,  //!< 公示中 (成绩登记 may still be open)
  locked,     //!< after the 公示期: 已锁定
};
Phase phase(const Windows& w, Timestamp now);
//! Colleges and students see marks from the start of the 公示期 (SCORE-2).
bool published(const Windows& w, Timestamp now);

//! How a write reaches a score.
enum class Via { page, import };

//! SCORE-1/SCORE-2: may the organisation write a score now? `existing` when the candidate has a
//! stored score (a change, kept in the 成绩修改记录); a change during the 公示期 needs a reason
//! and is made one score at a time on the page; nothing changes once locked. The refusal names
//! the window.
Status may_write(const Windows& w, Timestamp now, bool existing, bool has_reason, Via via);

//! A mark from text: a number from 0 to `full_mark` with at most one decimal, in tenths.
Result<int> parse_mark(const std::string& text, int full_mark);
//! "87.5" for 875, "90" for 900.
std::string format_mark(int tenths);
//! 是否缺考 from text: 是 / 否 (blank is 否).
Result<bool> parse_absent(const std::string& text);

//! A score's state as the lists show it: missing 未登记, entered 已登记 (before the 公示期),
//! publicity 公示中, locked 已锁定.
std::string state_code(bool entered, Phase phase);
const char* state_name(const std::string& code);
bool valid_state(const std::string& code);

//! One arranged candidate-subject with its score (if entered), as lists and exports show it.
struct Row {
  std::int64_t id = 0;  //!< the registration's id: one score per registration
  std::int64_t plan_id = 0;
  std::string plan_name;
  std::int64_t college_id = 0;
  std::string college_name;
  std::int64_t student_id = 0;
  std::string student_name;
  std::string student_no;
  std::string id_number;  //!< masked when shown
  std::string student_type;
  std::string ticket_no;
  std::int64_t subject_id = 0;
  std::string subject_code;
  std::string subject_name;
  std::string mode;
  int full_mark = 0;
  int pass_mark = 0;
  std::int64_t certificate_id = 0;
  std::string certificate_name;
  std::string level;
  std::string org_name;        //!< 考核单位
  std::string pass_condition;  //!< 考试通过条件, e.g. 各科成绩合格
  Windows windows;
  // The score, when entered.
  std::optional<std::int64_t> score_id;
  std::optional<int> tenths;
  bool absent = false;
  int version = 0;
  Timestamp updated_at = 0;
};

struct Filter {
  std::optional<std::int64_t> plan_id;
  std::optional<std::int64_t> certificate_id;
  std::optional<std::int64_t> subject_id;
  std::string student_name;
  std::string student_no;
  std::string state;  //!< a state code, or empty for all
};
Result<Filter> filter_from(const input::Query& query);

//! The row for the caller: the mark only when `show_mark` (「成绩未公示」 otherwise).
nlohmann::json to_json(const Row& r, Timestamp now, bool show_mark);
nlohmann::json schema();

//! 批量导出科目成绩: the seed's 14 columns, then 成绩, 是否缺考 and 成绩状态.
std::vector<office::Column> export_columns();
std::vector<std::string> export_cells(const Row& r, Timestamp now, bool show_mark);

//! The score import's columns (its template lists the subject's arranged candidates).
const std::vector<office::Column>& import_columns();

}  // namespace kaowu::scores
