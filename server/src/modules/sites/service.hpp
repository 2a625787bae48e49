#pragma once

#include <soci/soci.h>

#include "core/audit.hpp"
#include "core/error.hpp"
#include "modules/sites/model.hpp"

namespace kaowu::sites::service {

//! Colleges see their own sites and those serving them; organisations the sites applying for
//! their certificates; provinces those of their colleges; admins all.
nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size);
Result<Site> get(soci::session& sql, const Scope& scope, std::int64_t id);
//! For the application form: the caller's existing sites for the certificate and a free name
//! ({name, existing: [{id, name, status, statusName, address}]}).
nlohmann::json suggestion(soci::session& sql, const Scope& scope, std::int64_t certificate_id);
//! A college applies for a site for one certificate; the site waits for the organisation.
Result<Site> apply(soci::session& sql, const audit::Actor& actor, const nlohmann::json& body,
                   Timestamp now);
//! The college edits a pending or returned application; it goes back to 待审核.
Result<Site> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                    const nlohmann::json& body, Timestamp now);
//! The organisation approves, optionally naming other colleges the site serves.
Result<Site> approve(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                     const nlohmann::json& body, Timestamp now);
//! The organisation returns an application with a reason.
Result<Site> reject(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                    const nlohmann::json& body, Timestamp now);

}  // namespace kaowu::sites::service
