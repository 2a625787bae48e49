#pragma once

#include <soci/soci.h>

#include "core/audit.hpp"
#include "core/error.hpp"
#include "core/http/message.hpp"
#include "core/input.hpp"
#include "exchange/exports.hpp"
#include "exchange/imports.hpp"
#include "modules/students/model.hpp"

namespace kaowu::students::service {

//! A student of list(): the record and the state of the student's account.
nlohmann::json list_item_schema();
//! A college sees its own students; admins all.
nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size);
Result<Student> get(soci::session& sql, const Scope& scope, std::int64_t id);
Result<Student> create(soci::session& sql, const audit::Actor& actor, const nlohmann::json& body,
                       Timestamp now);
Result<Student> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                       const nlohmann::json& body, Timestamp now);
Status remove(soci::session& sql, const audit::Actor& actor, const input::Named& student,
              Timestamp now);
//! Issues the student's account an initial password (shown once), to be changed at first
//! sign-in: {username (the 考生编号), password}.
Result<nlohmann::json> issue_password(soci::session& sql, const audit::Actor& actor,
                                      std::int64_t id, Timestamp now);
//! 考生信息 export: the ticked students or all matching the filter; 身份证号 and phone masked.
Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope,
                                          const Filter& filter,
                                          const std::vector<std::int64_t>& ids);
//! The roster import of college `params.orgId`: 身份证号 decides — the college's own student is
//! updated, another college's is refused, a new one is added (考生编号 generated when blank).
Result<imports::Spec> roster_import(soci::session& sql, const nlohmann::json& params);

}  // namespace kaowu::students::service
