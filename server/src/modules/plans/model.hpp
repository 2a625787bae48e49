#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace kaowu::plans {

struct Windows {
  Timestamp registration_start = 0, registration_end = 0;  //!< 报考
  Timestamp arranging_start = 0, arranging_end = 0;        //!< 排考
  Timestamp score_start = 0, score_end = 0;                //!< 成绩登记
  Timestamp publicity_start = 0, publicity_end = 0;        //!< 公示期
};

//! A subject of a chosen level with its exam slot 考试时段.
struct PlanSubject {
  std::int64_t subject_id = 0;
  std::int64_t level_id = 0;
  std::string code;
  std::string name;
  std::string mode;
  std::string certificate_name;
  std::string level;
  Timestamp start = 0;
  Timestamp end = 0;
};

struct PlanLevel {
  std::int64_t level_id = 0;
  std::int64_t certificate_id = 0;
  std::string certificate_code;
  std::string certificate_name;
  std::string level;
};

struct PlanCollege {
  std::int64_t id = 0;
  std::string name;
};

struct Plan {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string org_name;
  std::string name;
  std::string mode = "certificate";  //!< certificate 按证书报考 | subject 按科目报考
  std::int64_t payee_org_id = 0;
  std::string payee_name;  //!< 收费对象
  bool payment_before_arranging = false;
  int invigilators_per_room = 2;  //!< 每考场监考老师人数
  int patrols_per_site = 1;       //!< 每考点每场次巡考老师人数
  std::string notes;
  std::string exam_notice;       //!< 考试须知, printed on admission tickets
  std::string status = "draft";  //!< draft | published | cancelled
  Windows windows;
  int version = 1;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
  std::vector<PlanLevel> levels;
  std::vector<PlanSubject> subjects;
  std::vector<PlanCollege> colleges;
};

//! draft / cancelled for those states; otherwise the code of the phase the clock is in: upcoming
//! (未开始), registration (报考中), arranging (排考中), examining (考试中), scoring (成绩登记中),
//! publicity (公示中), finished (已结束).
std::string phase(const Plan& plan, Timestamp now);
//! The Chinese name of a phase code (报考中 for registration); empty for an unknown code.
const char* phase_name(const std::string& code);
//! Every phase code, in the order of a plan's life.
std::vector<std::string> phase_codes();
//! The first exam start and last exam end (0 without subjects).
std::pair<Timestamp, Timestamp> exam_span(const Plan& plan);
//! Every rule between windows and slots, with a message saying which to fix.
Status validate_times(const Plan& plan);
nlohmann::json to_json(const Plan& plan, Timestamp now, bool detail);
//! The JSON schema of to_json: the same keys (notes, levels, subjects, colleges with `detail`).
nlohmann::json schema(bool detail);
const char* mode_name(const std::string& mode);
const char* status_name(const std::string& status);

//! What the API body gives before the ids are looked up.
struct Draft {
  std::string name;
  std::string mode;
  std::optional<std::int64_t> payee_org_id;
  bool payment_before_arranging = false;
  int invigilators_per_room = 2;
  int patrols_per_site = 1;
  std::string notes;
  std::string exam_notice;
  Windows windows;
  std::vector<std::int64_t> level_ids;
  std::vector<std::pair<std::int64_t, std::pair<Timestamp, Timestamp>>> slots;  //!< subject → slot
  std::vector<std::int64_t> college_ids;
};
Result<Draft> parse_draft(const nlohmann::json& body);

struct Filter {
  std::string keyword;
  std::string status;
  std::string phase;  //!< one of the codes phase() gives (registration, examining, …)
  std::optional<std::int64_t> certificate_id;
  std::optional<std::int64_t> org_id;  //!< the plan's organisation (for the platform and colleges)
  Timestamp now = 0;                   //!< what phase is judged against
};

//! Whether `code` is one of the codes phase() gives.
bool valid_phase(const std::string& code);

}  // namespace kaowu::plans
