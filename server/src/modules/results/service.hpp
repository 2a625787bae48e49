#pragma once

#include <soci/soci.h>

#include "core/audit.hpp"
#include "core/batch.hpp"
#include "core/error.hpp"
#include "core/http/message.hpp"
#include "exchange/exports.hpp"
#include "modules/results/model.hpp"

namespace kaowu::results::service {

//! Decides the results of every plan whose scores locked (its 公示期 ended) and that has none yet;
//! each plan once, also when instances race. Returns how many plans were decided.
int decide_due(soci::session& sql, Timestamp now);

//! 考证结果 list (decides due plans first).
nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size, Timestamp now);
//! 考证详情: the row, its subjects with their scores, the condition, the decision and issuance.
Result<nlohmann::json> get(soci::session& sql, const Scope& scope, std::int64_t id, Timestamp now);
nlohmann::json detail_schema();
//! RES-1, the organisation: 签发 passed results (待签发 or 已退回).
batch::BatchResult sign(soci::session& sql, const audit::Actor& actor,
                        const std::vector<std::int64_t>& ids, Timestamp now);
//! RES-1, the college running the site: 确认 signed results; each gets its certificate number.
batch::BatchResult confirm(soci::session& sql, const audit::Actor& actor,
                           const std::vector<std::int64_t>& ids, Timestamp now);
//! Either party returns a signed result with a reason, before the site confirms.
Result<nlohmann::json> send_back(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                                 const std::string& reason, Timestamp now);
//! 批量导出证书考核详情.
Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope,
                                          const Filter& filter,
                                          const std::vector<std::int64_t>& ids, Timestamp now);
//! The electronic certificate PDF of an issued result (the student's own, or a college's).
Result<http::Response> certificate_pdf(soci::session& sql, const Scope& scope, std::int64_t id,
                                       const std::string& base_url, Timestamp now,
                                       const std::string& temp_dir);
//! The public check of a certificate QR code.
nlohmann::json verify(soci::session& sql, const std::string& token, Timestamp now);
nlohmann::json verify_schema();
//! The student's own results.
Result<nlohmann::json> mine(soci::session& sql, const Scope& scope, Timestamp now);
//! For the to-do list: results the caller must act on (org: 待签发; college: 待站点确认).
long long waiting(soci::session& sql, const Scope& scope, Timestamp now);

}  // namespace kaowu::results::service
