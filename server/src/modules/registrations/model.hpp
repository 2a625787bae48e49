#pragma once

// Registrations 报考 (seed 5.2.6): one row per student x plan x subject. Their status is derived
// at read time from the arrangement and the clock (REG-1); 缴费状态 comes from the payments module
// through the ledger.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/input.hpp"
#include "modules/plans/model.hpp"
#include "office/column.hpp"

namespace kaowu::registrations {

//! Where and when a registration sits once arranged.
struct Placement {
  std::int64_t site_id = 0;
  std::string site_name;  //!< 所属考点
  std::string ticket_no;  //!< 准考证号
  Timestamp slot_start = 0;
  Timestamp slot_end = 0;
};

struct Registration {
  std::int64_t id = 0;
  std::int64_t plan_id = 0;
  std::string plan_name;
  std::string org_name;  //!< the plan's organisation, 考核单位
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
  std::int64_t subject_id = 0;
  std::string subject_code;
  std::string subject_name;
  std::string exam_mode;  //!< 考试方式 of the subject
  std::string mode;       //!< certificate | subject
  bool paid = false;
  std::optional<std::int64_t> application_id;
  int version = 1;  //!< what a delete must name
  Timestamp created_at = 0;
  std::optional<Placement> placement;
};

//! REG-1: unarranged 未排考, waiting 待考试 (before the slot), ongoing 考试中 (inside it),
//! finished 已结束 (from its end).
std::string status_of(const std::optional<Placement>& placement, Timestamp now);
const char* status_name(const std::string& status);
bool valid_status(const std::string& status);

//! 报考中 for registrations: published, registration_start <= now < registration_end.
bool open_for_registration(const plans::Plan& plan, Timestamp now);
//! 「网店运营推广职业技能等级证书(初级)」
std::string level_label(const std::string& certificate_name, const std::string& level);

nlohmann::json to_json(const Registration& r, Timestamp now);
//! The JSON schema of to_json: the same keys.
nlohmann::json schema();

//! The 批量导出报考数据 columns, in the seed's order.
const std::vector<office::Column>& export_columns();
std::vector<std::string> export_cells(const Registration& r, long long index, Timestamp now);

struct Filter {
  std::optional<std::int64_t> plan_id;
  std::optional<std::int64_t> college_id;
  std::optional<std::int64_t> certificate_id;
  std::optional<std::int64_t> subject_id;
  std::string name;
  std::string student_no;
  std::string id_number;
  std::string status;  //!< unarranged | waiting | ongoing | finished
  std::optional<bool> paid;
};

//! The list filter of a request's query (or an export job's copy of it); an unknown value is
//! refused with a 400 that names it, so a bad link never lists or exports everything.
Result<Filter> filter_from(const input::Query& query);

//! Splits a cell naming several subjects: 、 , ， ; ； and line breaks all separate.
std::vector<std::string> split_names(const std::string& cell);

}  // namespace kaowu::registrations
