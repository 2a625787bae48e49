#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "core/auth/scope.hpp"
#include "core/db/query.hpp"
#include "modules/scores/model.hpp"

namespace kaowu::scores::repository {

//! The arranged candidate-subjects a caller may see (organisations: their plans; colleges: their
//! candidates; admins: all), with their scores. `ids` narrows to ticked rows.
db::Query query(const Scope& scope, const Filter& filter, const std::vector<std::int64_t>& ids,
                Timestamp now);
extern const char* const kSelect;
extern const char* const kOrder;
Row row_of(const db::Row& row);

std::vector<Row> list(soci::session& sql, const db::Query& q, int page, int page_size);
std::optional<Row> find(soci::session& sql, std::int64_t registration_id);

//! Holds the score row of a registration until the transaction ends (no row: nothing to hold;
//! the unique index on registration_id settles two first entries).
void lock(soci::session& sql, std::int64_t registration_id);
//! Whether the plan's scores are locked (ledger::lock_plan). On PostgreSQL it first takes the
//! plan's score hold shared until the transaction ends, so that lock_plan waits for this write.
bool plan_locked(soci::session& sql, std::int64_t plan_id);
//! The plan's score hold taken exclusively (PostgreSQL; SQLite serialises writers already).
void hold_plan(soci::session& sql, std::int64_t plan_id);

struct Write {
  std::int64_t registration_id = 0;
  std::int64_t plan_id = 0;
  std::int64_t college_id = 0;
  std::int64_t student_id = 0;
  std::int64_t subject_id = 0;
  std::optional<int> tenths;
  bool absent = false;
  std::int64_t account_id = 0;
};
std::int64_t insert(soci::session& sql, const Write& w, Timestamp now);
//! Changes the score when it is still at `version`; false otherwise.
bool update(soci::session& sql, std::int64_t score_id, const Write& w, int version, Timestamp now);

struct Amendment {
  std::int64_t id = 0;
  std::int64_t score_id = 0;
  std::optional<int> before_tenths;
  bool before_absent = false;
  std::optional<int> after_tenths;
  bool after_absent = false;
  std::string reason;
  bool in_publicity = false;
  std::string via;  //!< page | import
  std::int64_t account_id = 0;
  std::string account_name;
  Timestamp at = 0;
};
void add_amendment(soci::session& sql, const Amendment& a);
std::vector<Amendment> amendments(soci::session& sql, std::int64_t score_id);

//! The scores of a plan by registration id (what the pass decision reads).
struct Stored {
  std::int64_t registration_id = 0;
  std::optional<int> tenths;
  bool absent = false;
};
std::vector<Stored> of_plan(soci::session& sql, std::int64_t plan_id);

}  // namespace kaowu::scores::repository
