#pragma once

#include <soci/soci.h>

#include "core/audit.hpp"
#include "core/batch.hpp"
#include "core/error.hpp"
#include "core/http/message.hpp"
#include "core/input.hpp"
#include "exchange/exports.hpp"
#include "exchange/imports.hpp"
#include "modules/registrations/model.hpp"

namespace kaowu::registrations::service {

//! A college sees its own registrations, an organisation those of its plans, admins all.
nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size, Timestamp now);
//! 批量导出报考数据: the ticked rows or all matching the filter, in the seed's columns.
Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope,
                                          const Filter& filter,
                                          const std::vector<std::int64_t>& ids, Timestamp now);
//! The plans the college may register for now (REG-2), with their levels, certificates and
//! subjects.
nlohmann::json options(soci::session& sql, const Scope& scope, Timestamp now);
//! The JSON schema of options().
nlohmann::json options_schema();
//! Single add: {planId, studentId, levelId} (按证书) or {planId, studentId, subjectIds} (按科目).
//! Checks REG-2, REG-3, duplicates and time clashes; answers the created rows. Audited.
Result<std::vector<Registration>> add(soci::session& sql, const audit::Actor& actor,
                                      const nlohmann::json& body, Timestamp now);
//! REG-4: only 未排考, 未缴费 rows in no payment application. Audited.
Status remove(soci::session& sql, const audit::Actor& actor, const input::Named& registration,
              Timestamp now);
//! What deleting the registration takes with it, for the confirmation: in a 按证书报考 plan every
//! subject of its level ({ids, subjects, level, whole}), else itself.
//! The JSON schema of deletion_scope().
nlohmann::json deletion_scope_schema();
Result<nlohmann::json> deletion_scope(soci::session& sql, const Scope& scope, std::int64_t id);
//! REG-4 per row: how many were deleted and, for each refused one, the student and why.
batch::BatchResult batch_remove(soci::session& sql, const audit::Actor& actor,
                                const std::vector<input::Named>& registrations, Timestamp now);
//! The 报考 import of college `params.orgId` into plan `params.planId`: `params.mode` certificate
//! (rows name a level) or subject (rows name subjects of certificate `params.certificateId`);
//! `params.now` is when it was asked for.
Result<imports::Spec> registrations_import(soci::session& sql, const nlohmann::json& params);

}  // namespace kaowu::registrations::service
