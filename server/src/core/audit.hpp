#pragma once

#include <soci/soci.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/auth/scope.hpp"
#include "core/clock.hpp"

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
  std::string action;  //!< create | update | delete | login | logout | ...
  std::string entity;  //!< organization | account | ...
  std::string entity_id;
  std::string summary;    //!< a Chinese sentence for the log page
  nlohmann::json before;  //!< null when nothing existed
  nlohmann::json after;   //!< null when nothing remains
  //! The business object in Chinese, as a compliance officer reads it: 考生 王小二
  //! (202600070000002), 考场 一号机房. Empty: describe() names it from `before`/`after`.
  std::string object;
};

//! Appends to the audit trail in the caller's transaction, so a rolled-back change leaves none.
void record(soci::session& sql, const Actor& actor, const Entry& entry, Timestamp now);

//! Chinese names of the actions, for the page and exports.
const char* action_name(const std::string& action);

//! Chinese name of a record type ("student" → 考生); the code itself when unknown.
std::string entity_name(const std::string& entity);

//! The business object of an entry from the record's fields: 考生 王小二 (202600070000002),
//! 考试计划 2021年9月第一批网店考试, 考生导入 花名册.xlsx; 考生 #12 when the fields do not name it.
std::string describe(const std::string& action, const std::string& entity,
                     const std::string& entity_id, const nlohmann::json& before,
                     const nlohmann::json& after);

//! Chinese label of a field of a record type (room: seats → 考位数); the key itself when unknown,
//! so entries of fields added later still show.
std::string field_label(const std::string& entity, const std::string& key);

//! A value as the detail table shows it: text as is, 是/否, lists joined with 、.
std::string display_value(const nlohmann::json& value);

//! The fields an entry changed, for the 字段 | 修改前 | 修改后 table:
//! [{field, label, before, after}] with display values; every field of a record created or deleted;
//! bookkeeping (id, version, timestamps) and codes shown beside their names are left out.
nlohmann::json changes(const std::string& entity, const nlohmann::json& before,
                       const nlohmann::json& after);

}  // namespace kaowu::audit
