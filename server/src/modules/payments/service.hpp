#pragma once

#include <soci/soci.h>

#include "core/audit.hpp"
#include "core/batch.hpp"
#include "core/error.hpp"
#include "core/http/message.hpp"
#include "core/input.hpp"
#include "exchange/exports.hpp"
#include "modules/payments/model.hpp"

namespace kaowu::payments::service {

//! For the generate dialogs: the college's plans inside their registration window, with their
//! mode and certificates (PAY-1 only offers these).
nlohmann::json options(soci::session& sql, const Scope& scope, Timestamp now);
//! The JSON schema of options().
nlohmann::json options_schema();
//! Colleges see their own applications, organisations those to them, admins all.
nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size);
//! The application with its lines.
Result<Application> get(soci::session& sql, const Scope& scope, std::int64_t id);
//! PAY-1: one application holding every unpaid registration of the caller's college for the plan
//! and certificate that is in no other application. `body`: {planId, certificateId, mode}.
Result<Application> generate(soci::session& sql, const audit::Actor& actor,
                             const nlohmann::json& body, Timestamp now);
//! PAY-3: deletes a 待确认 application of the caller's college and releases its registrations.
Status remove(soci::session& sql, const audit::Actor& actor, const input::Named& application,
              Timestamp now);
//! PAY-2: the organisation confirms applications in one transaction; their registrations become
//! 已缴费. Answers how many were confirmed and, for each other one, its number and why.
Result<batch::BatchResult> confirm(soci::session& sql, const audit::Actor& actor,
                                   const nlohmann::json& body, Timestamp now);
//! 批量导出缴费申请单: the ticked applications or all matching the filter.
Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope,
                                          const Filter& filter,
                                          const std::vector<std::int64_t>& ids);
//! 缴费通知单 PDF for the bank transfer: number, college, payee, lines, total in figures and in
//! Chinese capitals.
Result<http::Response> notice_pdf(soci::session& sql, const Scope& scope, std::int64_t id,
                                  Timestamp now, const std::string& temp_dir);

}  // namespace kaowu::payments::service
