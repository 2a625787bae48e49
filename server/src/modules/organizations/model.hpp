#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/json_writer.hpp"

namespace kaowu::organizations {

//! platform 平台, province 省级教育行政部门, org 培训评价组织, college 试点院校.
bool valid_type(const std::string& type);
const char* type_name(const std::string& type);
bool valid_college_type(const std::string& college_type);

struct Organization {
  std::int64_t id = 0;
  std::string type;
  std::string name;
  std::optional<std::string> college_type;  //!< 本科院校 / 高职院校 / 中职学校
  std::optional<std::int64_t> province_id;
  std::string province_name;
  std::string region;
  std::string contact_name;
  std::string contact_phone;
  //! Where fees are paid to (training organisations): 户名, 开户行, 账号.
  std::string bank_account_name;
  std::string bank_name;
  std::string bank_account;
  bool enabled = true;
  int version = 1;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

//! The API shape, written straight to JSON text (list pages) or as a tree (single records, audit).
void write_json(json::Writer& w, const Organization& org);
nlohmann::json to_json(const Organization& org);
//! The JSON schema of to_json: the same keys.
nlohmann::json schema();

struct Filter {
  std::string type;
  std::string keyword;
  std::optional<std::int64_t> province_id;
  std::optional<bool> enabled;
};

}  // namespace kaowu::organizations
