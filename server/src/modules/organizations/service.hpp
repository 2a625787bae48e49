#pragma once

#include <soci/soci.h>

#include <nlohmann/json.hpp>

#include "core/audit.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "modules/organizations/model.hpp"

namespace kaowu::organizations::service {

//! The list page as JSON text.
std::string list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                 int page_size);
Result<Organization> get(soci::session& sql, const Scope& scope, std::int64_t id);
//! The account a payee organisation receives fees into (empty strings when not filled in).
struct PayeeAccount {
  std::string holder;   //!< 户名
  std::string bank;     //!< 开户行
  std::string account;  //!< 账号
};
PayeeAccount payee_account(soci::session& sql, std::int64_t org_id);
//! Creates an organisation from the API body; audited.
Result<Organization> create(soci::session& sql, const audit::Actor& actor,
                            const nlohmann::json& body, Timestamp now);
//! Updates; `version` in the body must match the stored one (409 otherwise); audited.
Result<Organization> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                            const nlohmann::json& body, Timestamp now);

}  // namespace kaowu::organizations::service
