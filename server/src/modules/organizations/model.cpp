#include "modules/organizations/model.hpp"

#include "core/http/schema.hpp"

namespace kaowu::organizations {

bool valid_type(const std::string& type) {
  return type == "platform" || type == "province" || type == "org" || type == "college";
}

const char* type_name(std::string_view type) {
  if (type == "platform") return "平台";
  if (type == "province") return "省级教育行政部门";
  if (type == "org") return "培训评价组织";
  if (type == "college") return "试点院校";
  return "";
}

bool valid_college_type(const std::string& t) {
  return t == "本科院校" || t == "高职院校" || t == "中职学校";
}

void write_json(json::Writer& w, const OrganizationView& o) {
  using namespace json::literals;
  w.begin_object()
      .field("id"_key, o.id)
      .field("type"_key, o.type)
      .field("typeName"_key, type_name(o.type))
      .field("name"_key, o.name)
      .field("collegeType"_key, o.college_type)
      .field("provinceId"_key, o.province_id)
      .key("provinceName"_key);
  if (o.province_id) {
    w.value(o.province_name);
  } else {
    w.null();
  }
  w.field("region"_key, o.region)
      .field("contactName"_key, o.contact_name)
      .field("contactPhone"_key, o.contact_phone)
      .field("bankAccountName"_key, o.bank_account_name)
      .field("bankName"_key, o.bank_name)
      .field("bankAccount"_key, o.bank_account)
      .field("enabled"_key, o.enabled)
      .field("version"_key, o.version)
      .key("createdAt"_key)
      .time(o.created_at)
      .key("updatedAt"_key)
      .time(o.updated_at)
      .end_object();
}

void write_json(json::Writer& w, const Organization& o) {
  write_json(w, with_text<std::string_view>(o));
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
