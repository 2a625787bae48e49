#include "modules/organizations/model.hpp"

namespace kaowu::organizations {

bool valid_type(const std::string& type) {
  return type == "platform" || type == "province" || type == "org" || type == "college";
}

const char* type_name(const std::string& type) {
  if (type == "platform") return "平台";
  if (type == "province") return "省级教育行政部门";
  if (type == "org") return "培训评价组织";
  if (type == "college") return "试点院校";
  return "";
}

bool valid_college_type(const std::string& t) {
  return t == "本科院校" || t == "高职院校" || t == "中职学校";
}

nlohmann::json to_json(const Organization& o) {
  return {
      {"id", o.id},
      {"type", o.type},
      {"typeName", type_name(o.type)},
      {"name", o.name},
      {"collegeType", o.college_type ? nlohmann::json(*o.college_type) : nlohmann::json(nullptr)},
      {"provinceId", o.province_id ? nlohmann::json(*o.province_id) : nlohmann::json(nullptr)},
      {"provinceName", o.province_id ? nlohmann::json(o.province_name) : nlohmann::json(nullptr)},
      {"region", o.region},
      {"contactName", o.contact_name},
      {"contactPhone", o.contact_phone},
      {"enabled", o.enabled},
      {"version", o.version},
      {"createdAt", cst::format(o.created_at)},
      {"updatedAt", cst::format(o.updated_at)},
  };
}

}  // namespace kaowu::organizations
