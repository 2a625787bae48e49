#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "modules/sites/model.hpp"

namespace kaowu::sites::repository {

//! Which sites a caller sees, decided by the service.
struct Visibility {
  std::optional<std::int64_t> org_id;                    //!< sites applying to this organisation
  std::optional<std::vector<std::int64_t>> college_ids;  //!< sites of, or serving, these colleges
};

std::optional<Site> find(soci::session& sql, std::int64_t id);
//! The given sites with the colleges they serve.
std::vector<Site> find_many(soci::session& sql, const std::vector<std::int64_t>& ids);
std::optional<std::int64_t> id_by_name(soci::session& sql, const std::string& name);
std::vector<Site> list(soci::session& sql, const Visibility& v, const Filter& filter, int page,
                       int page_size, long long& total);
std::int64_t insert(soci::session& sql, const Site& site);
//! Writes name, address and status fields when the version matches.
bool update(soci::session& sql, const Site& site, int expected_version);
void set_served(soci::session& sql, std::int64_t id, const std::vector<std::int64_t>& college_ids);

}  // namespace kaowu::sites::repository
