#pragma once

#include "core/auth/scope.hpp"
#include "core/clock.hpp"

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include <string>

namespace kaowu::audit {

//! Who did it and from where; built from the request by the routes.
struct Actor {
  const Scope* scope = nullptr;  //!< null for the shell and failed sign-ins
  std::string username;          //!< when there is no scope (a failed sign-in names the user)
  std::string ip;
  std::string request_id;
};

//! One change: what, on which row, with the values before and after.
struct Entry {
  std::string action;     //!< create | update | delete | login | logout | ...
  std::string entity;     //!< organization | account | ...
  std::string entity_id;
  std::string summary;    //!< a Chinese sentence for the log page
  nlohmann::json before;  //!< null when nothing existed
  nlohmann::json after;   //!< null when nothing remains
};

//! Appends to the audit trail in the caller's transaction, so a rolled-back change leaves none.
void record(soci::session& sql, const Actor& actor, const Entry& entry, Timestamp now);

//! Chinese names of the actions, for the page and exports.
const char* action_name(const std::string& action);

}  // namespace kaowu::audit
