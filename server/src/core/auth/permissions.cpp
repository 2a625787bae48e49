#include "core/auth/permissions.hpp"

#include <algorithm>

namespace kaowu {

const std::vector<std::string>& permissions_of(Role role) {
  static const std::vector<std::string> admin = {
      "dashboard:view", "org:view",     "org:edit",         "account:view", "account:edit",
      "audit:view",     "job:view",     "system:clock",     "cert:view",    "plan:view",
      "site:view",      "college:pick", "student:view",     "room:view",    "registration:view",
      "payment:view",   "weekly:view",  "arrangement:view", "score:view",   "result:view",
      "sms:view",       "teacher:view"};
  static const std::vector<std::string> province = {"dashboard:view", "org:view",     "job:view",
                                                    "cert:view",      "plan:view",    "site:view",
                                                    "weekly:view",    "weekly:review"};
  static const std::vector<std::string> org = {
      "dashboard:view",  "job:view",         "cert:view",           "cert:edit",
      "plan:view",       "plan:edit",        "site:view",           "site:review",
      "college:pick",    "room:view",        "registration:view",   "payment:view",
      "payment:confirm", "invigilator:view", "invigilator:certify", "arrangement:view",
      "arrangement:run", "score:view",       "score:edit",          "result:view",
      "result:sign"};
  static const std::vector<std::string> college = {
      "dashboard:view",   "job:view",         "cert:view",         "plan:view",
      "site:view",        "site:apply",       "student:view",      "student:edit",
      "room:view",        "room:edit",        "registration:view", "registration:edit",
      "payment:view",     "payment:edit",     "weekly:view",       "weekly:edit",
      "invigilator:view", "invigilator:edit", "arrangement:view",  "arrangement:track",
      "score:view",       "result:view",      "result:confirm",    "teacher:view",
      "teacher:edit",     "sms:view"};
  static const std::vector<std::string> person = {"dashboard:view", "teacher:self"};
  static const std::vector<std::string> student = {"dashboard:view", "exam:self"};
  switch (role) {
    case Role::admin:
      return admin;
    case Role::province:
      return province;
    case Role::org:
      return org;
    case Role::college:
      return college;
    case Role::student:
      return student;
    case Role::teacher:
      return person;
  }
  return person;
}

bool has_permission(Role role, const std::string& permission) {
  const auto& list = permissions_of(role);
  return std::find(list.begin(), list.end(), permission) != list.end();
}

}  // namespace kaowu
