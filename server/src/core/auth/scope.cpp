#include "core/auth/scope.hpp"

namespace kaowu {

const char* role_code(Role role) {
  switch (role) {
    case Role::admin:
      return "admin";
    case Role::org:
      return "org";
    case Role::college:
      return "college";
    case Role::province:
      return "province";
    case Role::student:
      return "student";
    case Role::teacher:
      return "teacher";
  }
  return "";
}

const char* role_name(Role role) {
  switch (role) {
    case Role::admin:
      return "平台管理员";
    case Role::org:
      return "培训评价组织";
    case Role::college:
      return "试点院校";
    case Role::province:
      return "省级教育行政部门";
    case Role::student:
      return "考生";
    case Role::teacher:
      return "教师";
  }
  return "";
}

std::optional<Role> parse_role(std::string_view code) {
  for (Role r :
       {Role::admin, Role::org, Role::college, Role::province, Role::student, Role::teacher}) {
    if (code == role_code(r)) return r;
  }
  return std::nullopt;
}

const char* org_type_for(Role role) {
  switch (role) {
    case Role::admin:
      return "platform";
    case Role::org:
      return "org";
    case Role::province:
      return "province";
    case Role::college:
    case Role::student:
    case Role::teacher:
      return "college";
  }
  return "";
}

}  // namespace kaowu
