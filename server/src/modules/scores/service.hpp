#pragma once

#include <soci/soci.h>

#include "core/audit.hpp"
#include "core/error.hpp"
#include "exchange/exports.hpp"
#include "exchange/imports.hpp"
#include "modules/scores/model.hpp"

namespace kaowu::scores::service {

//! 科目成绩: organisations see their plans' arranged candidates with every mark; colleges their own
//! candidates, marks from the start of the 公示期 (「成绩未公示」 before).
nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size, Timestamp now);
//! One score with its 成绩修改记录.
Result<nlohmann::json> get(soci::session& sql, const Scope& scope, std::int64_t id, Timestamp now);
nlohmann::json detail_schema();
//! Enters, corrects or amends one score (body: score, absent, reason, version) — SCORE-1/2.
Result<nlohmann::json> write(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                             const nlohmann::json& body, Timestamp now);
//! The plans and subjects an organisation enters scores for (the import's choices), each with how
//! many candidates are arranged, how many have a score and where the windows stand.
nlohmann::json entry_options(soci::session& sql, const Scope& scope, Timestamp now);
nlohmann::json entry_options_schema();
//! 批量导出科目成绩: the ticked rows or all matching.
Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope,
                                          const Filter& filter,
                                          const std::vector<std::int64_t>& ids, Timestamp now);
//! The import template of one subject: its arranged candidates, with any mark already entered.
struct Template {
  std::string title;
  std::vector<office::Column> columns;
  std::vector<std::vector<std::string>> rows;
};
Result<Template> import_template(soci::session& sql, const Scope& scope, std::int64_t plan_id,
                                 std::int64_t subject_id, Timestamp now);
//! The score import of organisation `params.orgId` for `params.planId` and `params.subjectId`.
Result<imports::Spec> score_import(soci::session& sql, const nlohmann::json& params);
//! A student's own scores (from the start of each plan's 公示期) with their amendment records.
Result<nlohmann::json> mine(soci::session& sql, const Scope& scope, Timestamp now);
nlohmann::json mine_schema();
//! For the to-do list: scores still missing in the caller's plans whose 成绩登记 has ended.
long long overdue_missing(soci::session& sql, const Scope& scope, Timestamp now);

}  // namespace kaowu::scores::service
