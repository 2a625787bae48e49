#pragma once

#include <soci/soci.h>

#include "core/audit.hpp"
#include "core/batch.hpp"
#include "core/error.hpp"
#include "core/input.hpp"
#include "exchange/exports.hpp"
#include "exchange/imports.hpp"
#include "modules/invigilators/model.hpp"

namespace kaowu::invigilators::service {

//! Colleges see their own persons; organisations the persons who submitted one of their
//! certificates, with only those certificates.
nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size);
Result<Invigilator> get(soci::session& sql, const Scope& scope, std::int64_t id);
//! The person's duties to come (考场监考 and 巡考, by start) as the arrangement stored them:
//! {items:[{planId, planName, siteName, roomName, role, roleName, start, end, ownCollege}]}. The
//! college sees every duty of its person; an organisation, of a person it sees, those in its
//! plans.
Result<nlohmann::json> upcoming_duties(soci::session& sql, const Scope& scope, std::int64_t id,
                                       Timestamp now);
nlohmann::json duties_schema();
//! What the form offers: the person types and every level of an enabled certificate.
nlohmann::json options(soci::session& sql);
nlohmann::json options_schema();
//! INV-1: a new person applies for certificate levels (saved as 未提交).
Result<Invigilator> create(soci::session& sql, const audit::Actor& actor,
                           const nlohmann::json& body, Timestamp now);
//! INV-2: levels may be added and those not 已认证 removed; 姓名 and 身份证号 stay while any level
//! is 已认证.
Result<Invigilator> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                           const nlohmann::json& body, Timestamp now);
//! INV-2: refused while the person holds an 已认证 certificate.
Status remove(soci::session& sql, const audit::Actor& actor, const input::Named& person,
              Timestamp now);
//! Each person at its version, as remove(); the refused ones named with the reason.
batch::BatchResult remove_many(soci::session& sql, const audit::Actor& actor,
                               const std::vector<input::Named>& people, Timestamp now);
//! 提交: the person's 未提交 and 已退回 certificates become 待认证.
Result<Invigilator> submit(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                           const nlohmann::json& body, Timestamp now);
//! The organisation certifies (认证通过) or returns (退回, reason required) each pending
//! certificate application of `body.ids`, or withdraws a certification (撤销认证, reason
//! required: the level goes back to the college as 已退回); answers
//! {done, refused:[{id, name, reason}]}. A certification is not withdrawn while the person has a
//! duty of that certificate's exams (监考 or 巡考) that has not ended: the reason names the next.
Result<batch::BatchResult> review(soci::session& sql, const audit::Actor& actor,
                                  const nlohmann::json& body, Timestamp now);
//! 批量导出监考人员: one row per person and certificate, the ticked persons or all matching the
//! filter; an organisation's export holds only its certificates.
Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope,
                                          const Filter& filter,
                                          const std::vector<std::int64_t>& ids);
//! The import of college `params.orgId`: a row adds a person with one certificate level, or
//! updates the college's person with that 身份证号 (姓名, 手机号码, 所在区域; 姓名 refused while a
//! certificate is 已认证) and adds the level when it is new (so a file imported twice adds
//! nothing).
Result<imports::Spec> invigilator_import(soci::session& sql, const nlohmann::json& params);

}  // namespace kaowu::invigilators::service
