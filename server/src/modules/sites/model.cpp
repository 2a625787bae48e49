#include "modules/sites/model.hpp"

#include "core/http/schema.hpp"

namespace kaowu::sites {

const char* status_name(const std::string& status) {
  if (status == "approved") return "已通过";
  if (status == "returned") return "已退回";
  return "待审核";
}

nlohmann::json to_json(const Site& s) {
  nlohmann::json served = nlohmann::json::array();
  served.push_back({{"id", s.college_id}, {"name", s.college_name}});
  for (const auto& [id, name] : s.served_colleges) served.push_back({{"id", id}, {"name", name}});
  return {{"id", s.id},
          {"collegeId", s.college_id},
          {"collegeName", s.college_name},
          {"orgId", s.org_id},
          {"orgName", s.org_name},
          {"certificateId", s.certificate_id},
          {"certificateName", s.certificate_name},
          {"name", s.name},
          {"region", s.region},
          {"address", s.address},
          {"fullAddress", s.region + s.address},
          {"status", s.status},
          {"statusName", status_name(s.status)},
          {"returnReason", s.return_reason},
          {"servedColleges", served},
          {"version", s.version},
          {"createdAt", cst::format(s.created_at)},
          {"reviewedAt",
           s.reviewed_at ? nlohmann::json(cst::format(*s.reviewed_at)) : nlohmann::json(nullptr)}};
}

const std::vector<std::string>& status_codes() {
  static const std::vector<std::string> all = {"pending", "approved", "returned"};
  return all;
}

nlohmann::json schema() {
  namespace s = http::schema;
  const auto college = s::object({{"id", s::integer()}, {"name", s::string()}});
  return s::object({{"id", s::integer()},
                    {"collegeId", s::integer()},
                    {"collegeName", s::string()},
                    {"orgId", s::integer()},
                    {"orgName", s::string()},
                    {"certificateId", s::integer()},
                    {"certificateName", s::string()},
                    {"name", s::string()},
                    {"region", s::string()},
                    {"address", s::string()},
                    {"fullAddress", s::string()},
                    {"status", s::enumeration(status_codes())},
                    {"statusName", s::string()},
                    {"returnReason", s::string()},
                    {"servedColleges", s::array(college)},
                    {"version", s::integer()},
                    {"createdAt", s::datetime()},
                    {"reviewedAt", s::nullable(s::datetime())}});
}

}  // namespace kaowu::sites
