#include "modules/accounts/model.hpp"

#include "core/http/schema.hpp"

namespace kaowu::accounts {

nlohmann::json to_json(const Account& a, Timestamp now) {
  const bool locked = a.locked_until && *a.locked_until > now;
  return {
      {"id", a.id},
      {"username", a.username},
      {"displayName", a.display_name},
      {"role", role_code(a.role)},
      {"roleName", role_name(a.role)},
      {"orgId", a.org_id},
      {"orgName", a.org_name},
      {"orgType", a.org_type},
      {"phone", a.phone},
      {"enabled", a.enabled},
      {"mustChangePassword", a.must_change_password},
      {"lockedUntil",
       locked ? nlohmann::json(cst::format(*a.locked_until)) : nlohmann::json(nullptr)},
      {"lastLoginAt",
       a.last_login_at ? nlohmann::json(cst::format(*a.last_login_at)) : nlohmann::json(nullptr)},
      {"previousLoginAt", a.previous_login_at ? nlohmann::json(cst::format(*a.previous_login_at))
                                              : nlohmann::json(nullptr)},
      {"createdAt", cst::format(a.created_at)},
  };
}

nlohmann::json schema() {
  namespace s = http::schema;
  return s::object(
      {{"id", s::integer()},
       {"username", s::string()},
       {"displayName", s::string()},
       {"role", s::enumeration({"admin", "org", "college", "province", "student", "teacher"})},
       {"roleName", s::string()},
       {"orgId", s::integer()},
       {"orgName", s::string()},
       {"orgType", s::enumeration({"platform", "province", "org", "college"})},
       {"phone", s::string()},
       {"enabled", s::boolean()},
       {"mustChangePassword", s::boolean()},
       {"lockedUntil", s::nullable(s::datetime())},
       {"lastLoginAt", s::nullable(s::datetime())},
       {"previousLoginAt", s::nullable(s::datetime())},
       {"createdAt", s::datetime()}});
}

}  // namespace kaowu::accounts
