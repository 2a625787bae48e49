#include "core/batch.hpp"

#include "core/http/schema.hpp"

namespace kaowu::batch {

nlohmann::json BatchResult::to_json() const {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : refused)
    rows.push_back({{"id", r.id}, {"name", r.name}, {"reason", r.reason}});
  return {{"done", done}, {"refused", rows}};
}

nlohmann::json BatchResult::schema() {
  return http::schema::ref("BatchResult");
}

nlohmann::json BatchResult::component_schema() {
  namespace s = http::schema;
  return s::object(
      {{"done", s::integer()},
       {"refused", s::array(s::object(
                       {{"id", s::integer()}, {"name", s::string()}, {"reason", s::string()}}))}});
}

}  // namespace kaowu::batch
