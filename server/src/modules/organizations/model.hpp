#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/json_writer.hpp"

namespace kaowu::organizations {

//! platform 平台, province 省级教育行政部门, org 培训评价组织, college 试点院校.
bool valid_type(const std::string& type);
const char* type_name(std::string_view type);
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

//! An organisation as a list page reads it from the database: its text is not copied, and is
//! valid only while that row is read.
struct OrganizationView {
  std::int64_t id = 0;
  std::string_view type;
  std::string_view name;
  std::optional<std::string_view> college_type;
  std::optional<std::int64_t> province_id;
  std::string_view province_name;
  std::string_view region;
  std::string_view contact_name;
  std::string_view contact_phone;
  std::string_view bank_account_name;
  std::string_view bank_name;
  std::string_view bank_account;
  bool enabled = true;
  int version = 1;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};
OrganizationView view_of(const Organization& org);
Organization copy_of(const OrganizationView& view);

//! The API shape, written straight to JSON text (list pages) or as a tree (single records, audit).
void write_json(json::Writer& w, const OrganizationView& org);
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
