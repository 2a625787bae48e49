#pragma once

#include <soci/soci.h>

#include "core/audit.hpp"
#include "core/batch.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/input.hpp"
#include "modules/weekly_reports/model.hpp"

namespace kaowu::weekly_reports::service {

//! The JSON schema of list().
nlohmann::json list_schema();
//! Colleges see their own reports, provinces those of their colleges, admins all; with the count
//! of each state under the same filter (the list's state buttons).
nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size);
//! With attachments and every review (查看: 周报信息 and 审核信息).
Result<Report> get(soci::session& sql, const Scope& scope, std::int64_t id);
//! The JSON schema of form().
nlohmann::json form_schema();
//! What 提交周报 opens for a college: the current period and the college's details, the limits;
//! WR-1 when the period already has a report.
Result<nlohmann::json> form(soci::session& sql, const Scope& scope, Timestamp now);
//! A new report of the current period (or `period`, when it is still current): 保存 keeps it
//! 未提交, `submit: true` makes it 待审核 (WR-1, WR-2).
Result<Report> create(soci::session& sql, const audit::Actor& actor, const nlohmann::json& body,
                      Timestamp now);
//! Edits a 未提交 or 审核退回 report before its period ends; `submit: true` also submits it.
Result<Report> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                      const nlohmann::json& body, Timestamp now);
//! Only 未提交 reports can be deleted, at the version the user was shown; their attachments go
//! with them.
Status remove(soci::session& sql, const audit::Actor& actor, const input::Named& report,
              Timestamp now);
//! WR-2: 未提交 or 审核退回 → 待审核, until the next period starts.
Result<Report> submit(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                      Timestamp now);
//! WR-3: 待审核 → 未提交 before the province has reviewed it and before the period ends.
Result<Report> withdraw(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                        Timestamp now);
//! The province: 待审核 → 审核通过, or 审核退回 with an opinion (required).
Result<Report> review(soci::session& sql, const audit::Actor& actor, std::int64_t id, bool approve,
                      const nlohmann::json& body, Timestamp now);
//! Reviews each of `body.ids` with `body.result` and `body.opinion`; a refused report is named by
//! its college and period.
Result<batch::BatchResult> review_many(soci::session& sql, const audit::Actor& actor,
                                       const nlohmann::json& body, Timestamp now);

//! The JSON schema of cadence().
nlohmann::json cadence_schema();
//! The cadence of the caller's province: now, the next period, and every change.
Result<nlohmann::json> cadence(soci::session& sql, const Scope& scope, Timestamp now);
//! The province sets the cadence from `effectiveFrom` (a date; at the earliest, and by default,
//! the start of the next period: the current period keeps its cadence).
Result<nlohmann::json> set_cadence(soci::session& sql, const audit::Actor& actor,
                                   const nlohmann::json& body, Timestamp now);
//! The JSON schema of periods().
nlohmann::json periods_schema();
//! The periods of the caller's province that start in [from, to) and have begun by `now`, newest
//! first; without bounds, those of the current term.
Result<nlohmann::json> periods(soci::session& sql, const Scope& scope,
                               std::optional<Timestamp> from, std::optional<Timestamp> to,
                               Timestamp now);
//! The JSON schema of overview().
nlohmann::json overview_schema();
//! 提交情况 of one period (its key; the current period when empty): every college of the province
//! with its report's state or 未填写, and the count of each.
Result<nlohmann::json> overview(soci::session& sql, const Scope& scope, const std::string& period,
                                Timestamp now);
//! The JSON schema of rates().
nlohmann::json rates_schema();
//! The submission rate of each period of the term (or [from, to)) that has begun.
Result<nlohmann::json> rates(soci::session& sql, const Scope& scope, std::optional<Timestamp> from,
                             std::optional<Timestamp> to, Timestamp now);

//! Stores an attachment a college uploads for a report: type checked by the bytes, size limited.
//! It belongs to the college and joins a report when the report is saved with its id.
Result<Attachment> upload(soci::session& sql, const audit::Actor& actor,
                          const std::string& file_name, const std::string& data, Timestamp now);
//! An attachment of a report the caller sees: the college's own, or its province's colleges'.
Result<std::pair<files::FileInfo, std::string>> download(soci::session& sql, const Scope& scope,
                                                         std::int64_t file_id);

}  // namespace kaowu::weekly_reports::service
