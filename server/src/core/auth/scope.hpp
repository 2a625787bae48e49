#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kaowu {

enum class Role { admin, org, college, province, student, teacher };

//! "admin", "org", ... as stored and sent over the API.
const char* role_code(Role role);
//! 平台管理员, 培训评价组织, ...
const char* role_name(Role role);
std::optional<Role> parse_role(std::string_view code);
//! The organisation type an account of this role belongs to.
const char* org_type_for(Role role);

//! Who is calling, taken from the session only. Every repository filters by it.
struct Scope {
  std::int64_t account_id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::student;
  std::int64_t org_id = 0;
  std::string org_name;
  std::string org_type;
  //! For a college its province; for a province itself.
  std::optional<std::int64_t> province_id;
  bool must_change_password = false;
  std::string session_hash;
  std::int64_t session_expires_at = 0;

  bool is_admin() const { return role == Role::admin; }
};

}  // namespace kaowu
