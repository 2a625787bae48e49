#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/input.hpp"
#include "office/column.hpp"

namespace kaowu::payments {

//! One priced line: a student's certificate level (按证书缴费) or one subject (按科目缴费).
struct Line {
  std::int64_t student_id = 0;
  std::string student_name;
  std::string student_no;
  std::int64_t level_id = 0;
  std::string level;  //!< 初级 / 中级 / 高级
  std::optional<std::int64_t> subject_id;
  std::string subject_code;
  std::string subject_name;
  std::int64_t fee_fen = 0;
};

//! 缴费申请单 (seed 5.2.7).
struct Application {
  std::int64_t id = 0;
  std::string number;  //!< 缴费单号, yyMMdd + 4 digits
  std::int64_t college_id = 0;
  std::string college_name;
  std::int64_t plan_id = 0;
  std::string plan_name;
  std::int64_t certificate_id = 0;
  std::string certificate_name;
  std::int64_t org_id = 0;
  std::string org_name;
  std::int64_t payee_org_id = 0;
  std::string payee_name;  //!< 收费对象
  std::string mode;        //!< certificate 按证书缴费 | subject 按科目缴费
  int head_count = 0;      //!< 缴费人数
  std::int64_t amount_fen = 0;
  std::string status = "pending";  //!< pending 待确认 | confirmed 已确认
  std::int64_t created_by = 0;
  std::optional<Timestamp> confirmed_at;
  int version = 1;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
  std::vector<Line> lines;
};

const char* mode_name(const std::string& mode);
const char* status_name(const std::string& status);
//! Money in Chinese capitals as on a bank slip: 12000 fen → 壹佰贰拾元整, 1205 → 壹拾贰元零伍分.
std::string amount_in_words(std::int64_t fen);
//! "120.00".
std::string yuan(std::int64_t fen);

nlohmann::json to_json(const Application& a, bool detail);
//! The JSON schema of to_json: the same keys (lines with `detail`).
nlohmann::json schema(bool detail);

//! The export columns, in the seed's order.
const std::vector<office::Column>& export_columns();
std::vector<std::string> export_cells(const Application& a);

struct Filter {
  std::string number;
  std::optional<std::int64_t> plan_id;
  std::optional<std::int64_t> college_id;
  std::string mode;
  std::string status;
};

//! The list filter of a request's query (or an export job's copy of it); an unknown value is
//! refused with a 400 that names it, so a bad link never lists or exports everything.
Result<Filter> filter_from(const input::Query& query);

}  // namespace kaowu::payments
