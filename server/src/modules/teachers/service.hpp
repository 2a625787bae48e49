#pragma once

#include <soci/soci.h>

#include "core/audit.hpp"
#include "core/error.hpp"
#include "core/input.hpp"
#include "exchange/exports.hpp"
#include "exchange/imports.hpp"
#include "modules/teachers/model.hpp"

namespace kaowu::teachers::service {

//! A college's own teachers; the administrator every college's.
nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size);
Result<nlohmann::json> get(soci::session& sql, const Scope& scope, std::int64_t id);
//! TCH-1: the teacher, the account (user name = phone, a random initial password to change at
//! first sign-in) and the SMS with both, in one transaction.
Result<nlohmann::json> create(soci::session& sql, const audit::Actor& actor,
                              const nlohmann::json& body, Timestamp now);
//! 修改 (with version). A new phone becomes the account's user name and the new number is told
//! so by SMS.
Result<nlohmann::json> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                              const nlohmann::json& body, Timestamp now);
//! 停用 / 启用 (with version): a stopped teacher cannot sign in.
Result<nlohmann::json> set_enabled(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                                   const nlohmann::json& body, bool enabled, Timestamp now);
//! 重发账号短信: a new initial password (the old one stops working), sent again; at most once a
//! minute per teacher.
Result<nlohmann::json> resend(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                              Timestamp now);
//! 导出: the ticked teachers or all matching, 身份证号 and phone masked.
Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope,
                                          const Filter& filter,
                                          const std::vector<std::int64_t>& ids);
//! 批量导入教师信息 of college `params.orgId`: each good row is a new teacher with an account and
//! an SMS, as create().
Result<imports::Spec> teacher_import(soci::session& sql, const nlohmann::json& params);

// The teacher's own portal (1+X 师资培训门户).

//! The signed-in teacher's profile.
Result<nlohmann::json> own_profile(soci::session& sql, const Scope& scope);
//! The optional fields (学历 … 居住地址) of the own profile, with version.
Result<nlohmann::json> update_own_profile(soci::session& sql, const audit::Actor& actor,
                                          const nlohmann::json& body, Timestamp now);
//! The duties to come when the teacher is also certified exam staff (监考人员 with the same
//! 身份证号 or phone): {items:[{planName, subjects, start, end, siteName, roomName, role,
//! roleName, colleagues}]}.
nlohmann::json own_duties(soci::session& sql, const Scope& scope, Timestamp now);
nlohmann::json duties_schema();

}  // namespace kaowu::teachers::service
