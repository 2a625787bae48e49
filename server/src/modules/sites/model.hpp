#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace kaowu::sites {

struct Site {
  std::int64_t id = 0;
  std::int64_t college_id = 0;
  std::string college_name;
  std::int64_t org_id = 0;
  std::string org_name;
  std::int64_t certificate_id = 0;
  std::string certificate_name;
  std::string name;  //!< e.g. 北方工业大学智能新能源汽车职业技能等级证书(初级)考核站点
  std::string region;              //!< 考点地区, e.g. 北京市北京市朝阳区
  std::string address;             //!< 详细地址
  std::string status = "pending";  //!< pending 待审核 | approved 已通过 | returned 已退回
  std::string return_reason;
  int version = 1;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
  std::optional<Timestamp> reviewed_at;
  //! Other colleges the organisation lets this site serve (its own college always).
  std::vector<std::pair<std::int64_t, std::string>> served_colleges;
};

const char* status_name(const std::string& status);
nlohmann::json to_json(const Site& site);
//! pending | approved | returned
const std::vector<std::string>& status_codes();
//! The JSON schema of to_json: the same keys.
nlohmann::json schema();

struct Filter {
  std::string keyword;
  std::string status;
  std::optional<std::int64_t> certificate_id;
};

}  // namespace kaowu::sites
