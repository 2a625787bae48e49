#pragma once

#include <soci/soci.h>

#include "core/audit.hpp"
#include "core/error.hpp"
#include "core/http/message.hpp"
#include "exchange/exports.hpp"
#include "exchange/imports.hpp"
#include "modules/certificates/model.hpp"

namespace kaowu::certificates::service {

//! Organisations see their own certificates; colleges and provinces every enabled one; admins all.
nlohmann::json list(soci::session& sql, const Scope& scope, Filter filter, int page, int page_size);
Result<Certificate> get(soci::session& sql, const Scope& scope, std::int64_t id);
//! An organisation creates a certificate of its own. Audited.
Result<Certificate> create(soci::session& sql, const audit::Actor& actor,
                           const nlohmann::json& body, Timestamp now);
//! Replaces the certificate's fields, levels, subjects and majors; `version` must match. Audited.
Result<Certificate> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                           const nlohmann::json& body, Timestamp now);
//! The 证书信息 export: one row per subject of the ticked certificates, or of all matching the
//! filter when none is ticked; the caller sees only what list() would show.
//! Its count is that of the certificates (ticked, or matching the filter).
Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope, Filter filter,
                                          const std::vector<std::int64_t>& ids);

//! The 可报考专业 import of one certificate of the organisation `params.orgId`: columns 专业名称
//! (required) and 专业代码; a name already there only updates its code, so re-uploads add nothing
//! twice.
Result<imports::Spec> majors_import(soci::session& sql, const nlohmann::json& params);

//! A certificate level for another module (plans): the whole certificate, and which level.
struct LevelRef {
  Certificate certificate;
  std::size_t index = 0;  //!< of the level in certificate.levels
  const Level& level() const { return certificate.levels[index]; }
};
std::optional<LevelRef> find_level(soci::session& sql, std::int64_t level_id);

Result<Certificate> set_enabled(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                                bool enabled, Timestamp now);

}  // namespace kaowu::certificates::service
