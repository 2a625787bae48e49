#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "modules/invigilators/model.hpp"

namespace kaowu::invigilators::repository {

//! Which persons a caller sees, decided by the service.
struct Visibility {
  std::optional<std::int64_t> college_id;  //!< the college's own persons
  //! Persons with a submitted (not 未提交) certificate of the organisation; their certificates
  //! are narrowed to the organisation's.
  std::optional<std::int64_t> org_id;
};

//! A certificate level as the form offers it.
struct Level {
  std::int64_t id = 0;
  std::string level;
  std::int64_t certificate_id = 0;
  std::string certificate_name;
  std::int64_t org_id = 0;
  bool enabled = false;
};

std::optional<Invigilator> find(soci::session& sql, std::int64_t id);
std::optional<std::int64_t> id_by_phone(soci::session& sql, std::int64_t college_id,
                                        const std::string& phone);
std::optional<std::int64_t> id_by_id_number(soci::session& sql, std::int64_t college_id,
                                            const std::string& id_number);
//! Visible persons matching the filter, oldest first, certificates read in one more query.
//! With `ids`, only those.
std::vector<Invigilator> list(soci::session& sql, const Visibility& v, const Filter& filter,
                              const std::vector<std::int64_t>& ids, int page, int page_size,
                              long long* total);
std::optional<Level> level(soci::session& sql, std::int64_t level_id);
//! Every level of an enabled certificate, for the form.
std::vector<Level> enabled_levels(soci::session& sql);

//! Inserts the person and sets its 教师编号 from the new id; returns the id.
std::int64_t insert(soci::session& sql, Invigilator& p);
//! Writes the person's own fields when the version matches (the 教师编号 follows the type).
bool update(soci::session& sql, const Invigilator& p, int expected_version);
void remove(soci::session& sql, std::int64_t id);
bool lock(soci::session& sql, std::int64_t id);

//! Replaces the person's 不可监考时间.
void set_unavailable(soci::session& sql, std::int64_t invigilator_id,
                     const std::vector<Period>& periods);
void add_certificate(soci::session& sql, std::int64_t invigilator_id, std::int64_t level_id,
                     Timestamp now);
void remove_certificate(soci::session& sql, std::int64_t id);
//! Sets a certificate's state; `reviewer` and `reason` are written when given (certify/return).
void set_state(soci::session& sql, std::int64_t certificate_id, State state,
               const std::string& reason, const std::string& reviewer, bool reviewed,
               Timestamp now);
//! The person a certificate application belongs to.
std::optional<std::int64_t> owner_of(soci::session& sql, std::int64_t certificate_id);

}  // namespace kaowu::invigilators::repository
