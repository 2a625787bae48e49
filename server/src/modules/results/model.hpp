#pragma once

// 考证结果 (seed 5.2.10): a candidate's result for a certificate level, decided when the plan's
// scores lock (RES-1: 已通过 / 未通过 / 缺考; 考核中 before), and the issuance of a passed
// result: the organisation 签发, then the 考核站点 (the college running the site) 确认, and the
// certificate is 已发证 with a number unique platform-wide.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/input.hpp"
#include "office/column.hpp"

namespace kaowu::results {

//! One subject of a level as the decision reads it.
struct SubjectMark {
  int full_mark = 100;
  int pass_mark = 60;
  bool entered = false;  //!< a score was stored
  bool absent = false;   //!< 缺考
  std::optional<int> tenths;
};

//! passed 已通过, failed 未通过, absent 缺考 (absent from every subject, or none entered).
struct Decision {
  std::string status;
  std::optional<int> total_tenths;
};

//! RES-1 for one candidate and level: all_subjects 各科成绩合格 (each subject at or above its pass
//! mark) or total 总分合格 (the marks add up to pass_total); a subject without a score counts as
//! 缺考 and scores 0.
Decision decide(const std::string& condition, std::optional<int> pass_total,
                const std::vector<SubjectMark>& subjects);

//! 考核中 / 已通过 / 未通过 / 缺考 for "" (undecided) / passed / failed / absent.
const char* status_name(const std::string& status);
//! none 待签发 (passed) / signed 待站点确认 / issued 已发证 / returned 已退回.
const char* issue_name(const std::string& issue_state);
//! 各科成绩合格 / 总分≥N.
std::string condition_name(const std::string& condition, std::optional<int> pass_total);

//! A result row: a candidate's level in a plan, decided or not.
struct Row {
  std::int64_t id = 0;  //!< the first registration of the candidate's level in the plan
  std::int64_t plan_id = 0;
  std::string plan_name;
  std::int64_t college_id = 0;
  std::string college_name;
  std::int64_t student_id = 0;
  std::string student_name;
  std::string student_no;
  std::string id_number;
  std::string student_type;
  std::int64_t certificate_id = 0;
  std::string certificate_name;
  std::int64_t level_id = 0;
  std::string level;
  std::string level_code;  //!< the level's 8-digit 证书编号 (prefix of certificate numbers)
  std::string org_name;    //!< 考核单位
  std::string condition;   //!< 通过条件, as shown
  Timestamp publicity_end = 0;
  // Once decided.
  std::optional<std::int64_t> result_id;
  std::string status;  //!< passed | failed | absent; empty while 考核中
  std::optional<int> total_tenths;
  std::string issue_state;  //!< none | signed | issued | returned
  std::optional<std::int64_t> site_id;
  std::string site_name;
  std::int64_t site_college_id = 0;
  Timestamp signed_at = 0;
  Timestamp confirmed_at = 0;
  std::string return_reason;
  std::string returned_by;  //!< org | site
  Timestamp returned_at = 0;
  std::string certificate_no;
  int version = 0;
};

struct Filter {
  std::optional<std::int64_t> plan_id;
  std::optional<std::int64_t> certificate_id;
  std::string student_name;
  std::string student_no;
  std::string status;  //!< pending 考核中 | passed | failed | absent
  std::string issue;   //!< none | signed | issued | returned
  //! Internal: one student's rows (the student's own page).
  std::optional<std::int64_t> student_id;
};
Result<Filter> filter_from(const input::Query& query);

nlohmann::json to_json(const Row& r);
nlohmann::json schema();

//! 批量导出证书考核详情: exactly the seed's 11 columns.
std::vector<office::Column> export_columns();
std::vector<std::string> export_cells(const Row& r);

}  // namespace kaowu::results
