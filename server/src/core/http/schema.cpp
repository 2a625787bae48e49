#include "core/http/schema.hpp"

namespace kaowu::http::schema {

json string() {
  return {{"type", "string"}};
}
json integer() {
  return {{"type", "integer"}};
}
json number() {
  return {{"type", "number"}};
}
json boolean() {
  return {{"type", "boolean"}};
}
json datetime() {
  return {{"type", "string"}, {"pattern", "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$"}};
}

json enumeration(const std::vector<std::string>& values) {
  return {{"type", "string"}, {"enum", values}};
}

json nullable(json of) {
  if (of.contains("$ref")) return {{"nullable", true}, {"allOf", json::array({of})}};
  of["nullable"] = true;
  if (of.contains("enum")) of["enum"].push_back(nullptr);
  return of;
}

json array(json items) {
  return {{"type", "array"}, {"items", std::move(items)}};
}

json object(json properties, const std::vector<std::string>& optional) {
  if (properties.is_null()) properties = json::object();
  json required = json::array();
  for (const auto& [key, value] : properties.items()) {
    bool is_optional = false;
    for (const auto& o : optional) is_optional = is_optional || o == key;
    if (!is_optional) required.push_back(key);
  }
  json out = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) out["required"] = std::move(required);
  out["additionalProperties"] = false;
  return out;
}

json map_of(json values) {
  return {{"type", "object"}, {"additionalProperties", std::move(values)}};
}

json ref(const std::string& name) {
  return {{"$ref", "#/components/schemas/" + name}};
}

json page(json item) {
  return object({{"items", array(std::move(item))},
                 {"total", integer()},
                 {"page", integer()},
                 {"pageSize", integer()}});
}

json job_accepted() {
  return object({{"job", ref("Job")}});
}

json binary() {
  return {{"type", "string"}, {"format", "binary"}};
}

}  // namespace kaowu::http::schema
