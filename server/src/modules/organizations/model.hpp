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

//! An organisation. `Text` is std::string in a record the program keeps, std::string_view in a
//! list row read straight from the database (OrganizationView: its text is valid only while that
//! row is read).
template <typename Text>
struct OrganizationOf {
  std::int64_t id = 0;
  Text type;
  Text name;
  std::optional<Text> college_type;  //!< 本科院校 / 高职院校 / 中职学校
  std::optional<std::int64_t> province_id;
  Text province_name;
  Text region;
  Text contact_name;
  Text contact_phone;
  //! Where fees are paid to (training organisations): 户名, 开户行, 账号.
  Text bank_account_name;
  Text bank_name;
  Text bank_account;
  bool enabled = true;
  int version = 1;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};
using Organization = OrganizationOf<std::string>;
using OrganizationView = OrganizationOf<std::string_view>;

//! The same organisation with its text held as `Text`: a view of a record, or a record copied
//! from a view.
template <typename Text, typename From>
OrganizationOf<Text> with_text(const OrganizationOf<From>& f) {
  OrganizationOf<Text> o;
  o.id = f.id;
  o.type = Text(f.type);
  o.name = Text(f.name);
  if (f.college_type) o.college_type = Text(*f.college_type);
  o.province_id = f.province_id;
  o.province_name = Text(f.province_name);
  o.region = Text(f.region);
  o.contact_name = Text(f.contact_name);
  o.contact_phone = Text(f.contact_phone);
  o.bank_account_name = Text(f.bank_account_name);
  o.bank_name = Text(f.bank_name);
  o.bank_account = Text(f.bank_account);
  o.enabled = f.enabled;
  o.version = f.version;
  o.created_at = f.created_at;
  o.updated_at = f.updated_at;
  return o;
}

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
