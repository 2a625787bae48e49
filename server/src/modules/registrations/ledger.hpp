#pragma once

// What other modules may ask of registrations (payments, arrangements, the roster, plans): the
// registrations table is only read and written here and in this module's repository.

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace kaowu::registrations::ledger {

//! One registration as other modules see it.
struct Ref {
  std::int64_t id = 0;
  std::int64_t plan_id = 0;
  std::int64_t college_id = 0;
  std::int64_t student_id = 0;
  std::int64_t certificate_id = 0;
  std::int64_t level_id = 0;
  std::int64_t subject_id = 0;
  std::string mode;  //!< certificate | subject
  bool paid = false;
  std::optional<std::int64_t> application_id;
};

std::optional<Ref> find(soci::session& sql, std::int64_t id);
//! Every registration of a plan, by student and then id (the arrangement's candidates).
std::vector<Ref> of_plan(soci::session& sql, std::int64_t plan_id);
//! Adds a registration row as given (callers check the rules first).
std::int64_t insert(soci::session& sql, const Ref& ref, Timestamp now);
//! Adds many registration rows with one prepared statement (imports).
void insert_many(soci::session& sql, const std::vector<Ref>& refs, Timestamp now);

//! The college's registrations for a plan and certificate that are unpaid and in no payment
//! application, ordered by student and subject.
std::vector<Ref> payable(soci::session& sql, std::int64_t college_id, std::int64_t plan_id,
                         std::int64_t certificate_id);
//! Puts the given registrations into an application; only those still unpaid and in no other
//! application move. Returns how many moved.
long long attach(soci::session& sql, const std::vector<std::int64_t>& ids,
                 std::int64_t application_id, Timestamp now);
//! Takes every registration out of an application (the application is being deleted).
void release(soci::session& sql, std::int64_t application_id, Timestamp now);
//! Marks every registration of a confirmed application 已缴费.
void mark_paid(soci::session& sql, std::int64_t application_id, Timestamp now);

//! How many registrations a student has (the roster refuses to delete such a student).
long long count_for_student(soci::session& sql, std::int64_t student_id);
//! How many registrations a college has in a plan (the plan keeps such a college).
long long count_for_plan_college(soci::session& sql, std::int64_t plan_id, std::int64_t college_id);
//! How many registrations a plan has.
long long count_for_plan(soci::session& sql, std::int64_t plan_id);

}  // namespace kaowu::registrations::ledger
