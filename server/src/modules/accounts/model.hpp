#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/auth/scope.hpp"
#include "core/clock.hpp"

namespace kaowu::accounts {

struct Account {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::student;
  std::int64_t org_id = 0;
  std::string org_name;
  std::string org_type;
  std::string phone;
  std::string password_hash;
  bool enabled = true;
  bool org_enabled = true;  //!< a disabled organisation disables its accounts
  bool must_change_password = false;
  int failed_logins = 0;
  std::optional<Timestamp> locked_until;  //!< the latest sign-in wait of the name (any address)
  std::optional<Timestamp> last_login_at;
  std::optional<Timestamp> previous_login_at;  //!< the sign-in before the last (首页 最近登录)
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

//! The API shape; never includes the password hash.
nlohmann::json to_json(const Account& account, Timestamp now);
//! The JSON schema of to_json: the same keys.
nlohmann::json schema();

struct Filter {
  std::string role;
  std::optional<std::int64_t> org_id;
  std::string keyword;  //!< username, name or organisation
  std::optional<bool> enabled;
};

}  // namespace kaowu::accounts
