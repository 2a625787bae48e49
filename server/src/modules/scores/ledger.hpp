#pragma once

// What other modules may ask of 科目成绩: the pass decision of 考证结果 reads a plan's scores.

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace kaowu::scores::ledger {

//! One stored score.
struct Score {
  std::int64_t registration_id = 0;
  std::optional<int> tenths;  //!< the mark in tenths; empty when absent
  bool absent = false;
};

//! Every score of a plan.
std::vector<Score> of_plan(soci::session& sql, std::int64_t plan_id);

//! Locks the plan's scores for good (the pass decision, in its transaction, before of_plan): a
//! score write waits for this transaction, then is refused; one already under way is read.
void lock_plan(soci::session& sql, std::int64_t plan_id, Timestamp now);

//! One arranged subject of a candidate's level, with its score when entered.
struct SubjectScore {
  std::int64_t registration_id = 0;
  std::string subject_code;
  std::string subject_name;
  std::string mode;
  int full_mark = 0;
  int pass_mark = 0;
  bool entered = false;
  bool absent = false;
  std::optional<int> tenths;
  bool published = false;  //!< the plan's 公示期 has started
};
//! The arranged subjects of a candidate's level in a plan, by subject code.
std::vector<SubjectScore> of_candidate(soci::session& sql, std::int64_t plan_id,
                                       std::int64_t student_id, std::int64_t level_id,
                                       Timestamp now);

}  // namespace kaowu::scores::ledger
