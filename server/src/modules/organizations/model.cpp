#include "modules/organizations/model.hpp"

#include "core/http/schema.hpp"

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

void write_json(json::Writer& w, const Organization& o) {
  w.begin_object()
      .field("id", o.id)
      .field("type", o.type)
      .field("typeName", type_name(o.type))
      .field("name", o.name)
      .field("collegeType", o.college_type)
      .field("provinceId", o.province_id)
      .key("provinceName");
  if (o.province_id) {
    w.value(o.province_name);
  } else {
    w.null();
  }
  w.field("region", o.region)
      .field("contactName", o.contact_name)
      .field("contactPhone", o.contact_phone)
      .field("bankAccountName", o.bank_account_name)
      .field("bankName", o.bank_name)
      .field("bankAccount", o.bank_account)
      .field("enabled", o.enabled)
      .field("version", o.version)
      .key("createdAt")
      .time(o.created_at)
      .key("updatedAt")
      .time(o.updated_at)
      .end_object();
}

nlohmann::json to_json(const Organization& o) {
  json::Writer w;
  write_json(w, o);
  return nlohmann::json::parse(w.str());
}

nlohmann::json schema() {
  namespace s = http::schema;
  return s::object(
      {{"id", s::integer()},
       {"type", s::enumeration({"platform", "province", "org", "college"})},
       {"typeName", s::string()},
       {"name", s::string()},
       {"collegeType", s::nullable(s::enumeration({"本科院校", "高职院校", "中职学校"}))},
       {"provinceId", s::nullable(s::integer())},
       {"provinceName", s::nullable(s::string())},
       {"region", s::string()},
       {"contactName", s::string()},
       {"contactPhone", s::string()},
       {"bankAccountName", s::string()},
       {"bankName", s::string()},
       {"bankAccount", s::string()},
       {"enabled", s::boolean()},
       {"version", s::integer()},
       {"createdAt", s::datetime()},
       {"updatedAt", s::datetime()}});
}

}  // namespace kaowu::organizations
