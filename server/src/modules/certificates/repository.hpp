#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "modules/certificates/model.hpp"

namespace kaowu::certificates::repository {

//! The certificate with its levels, subjects and majors.
std::optional<Certificate> find(soci::session& sql, std::int64_t id);
//! Certificates matching the filter (levels and subjects loaded; majors counted).
std::vector<Certificate> list(soci::session& sql, const Filter& filter, int page, int page_size,
                              long long& total);
std::optional<std::int64_t> id_by_code(soci::session& sql, const std::string& code);
//! A subject code among `c`'s that another certificate already uses.
std::optional<std::string> subject_code_in_use(soci::session& sql, const Certificate& c);
//! A level code among `c`'s that a level of another certificate, or another level of `c`,
//! already has.
std::optional<std::string> level_code_in_use(soci::session& sql, const Certificate& c);
//! Inserts the certificate; a level without a code gets a generated one (generate_level_code).
std::int64_t insert(soci::session& sql, const Certificate& c);
//! Updates the header when the version matches, then levels by name and subjects by code (their
//! ids stay stable for plans that reference them); false on a version mismatch.
bool update(soci::session& sql, const Certificate& c, int expected_version);
//! The certificate a level belongs to.
std::optional<std::int64_t> certificate_of_level(soci::session& sql, std::int64_t level_id);
//! Adds a major to a certificate, or updates its code when the name is already there.
void upsert_major(soci::session& sql, std::int64_t certificate_id, const std::string& name,
                  const std::string& code);
void set_enabled(soci::session& sql, std::int64_t id, bool enabled, Timestamp now);

}  // namespace kaowu::certificates::repository
