#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "core/auth/scope.hpp"
#include "core/db/query.hpp"
#include "modules/results/model.hpp"

namespace kaowu::results::repository {

//! The candidates' levels a caller may see: organisations their plans'; colleges their own
//! candidates' and those who sat at a site the college runs; admins all.
db::Query query(const Scope& scope, const Filter& filter, const std::vector<std::int64_t>& ids);
extern const char* const kSelect;
extern const char* const kOrder;
Row row_of(const db::Row& row);
std::vector<Row> list(soci::session& sql, const db::Query& q, int page, int page_size);
std::optional<Row> find(soci::session& sql, std::int64_t id);

//! Those of `plans` whose results are not decided yet.
std::vector<std::int64_t> undecided(soci::session& sql, const std::vector<std::int64_t>& plans);
//! Claims the decision of a plan inside the caller's transaction: false when it is made already
//! (or being made by another transaction, which then wins).
bool claim_decision(soci::session& sql, std::int64_t plan_id, Timestamp now);

struct NewResult {
  std::int64_t plan_id = 0, college_id = 0, student_id = 0, certificate_id = 0, level_id = 0;
  std::optional<std::int64_t> site_id;
  std::string status;
  std::optional<int> total_tenths;
  std::string pass_condition;     //!< the level's 通过条件 at the decision
  std::optional<int> pass_total;  //!< and its 总分 line when it is 总分合格
};
void insert(soci::session& sql, const std::vector<NewResult>& rows, Timestamp now);

//! Holds a result row until the transaction ends.
void lock(soci::session& sql, std::int64_t result_id);
struct Issue {
  std::string state;
  std::optional<std::int64_t> signed_by;
  Timestamp signed_at = 0;
  std::optional<std::int64_t> confirmed_by;
  Timestamp confirmed_at = 0;
  std::string return_reason;
  std::string returned_by;
  Timestamp returned_at = 0;
  std::string certificate_no;
};
//! Writes the issuance when the row is still at `version`.
bool set_issue(soci::session& sql, std::int64_t result_id, int version, const Issue& issue);
//! The next serial (1, 2, …) of a certificate-number prefix; serialised by a row lock.
long long next_serial(soci::session& sql, const std::string& prefix);

}  // namespace kaowu::results::repository
