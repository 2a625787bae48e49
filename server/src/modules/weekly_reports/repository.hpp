#pragma once

#include <soci/soci.h>

#include <map>
#include <optional>
#include <vector>

#include "modules/weekly_reports/model.hpp"

namespace kaowu::weekly_reports::repository {

//! Which reports a caller sees, decided by the service.
struct Visibility {
  std::optional<std::int64_t> college_id;   //!< the college's own
  std::optional<std::int64_t> province_id;  //!< those of the province's colleges
};

//! A college as a report shows it.
struct College {
  std::int64_t id = 0;
  std::string name;
  std::string college_type;
  std::optional<std::int64_t> province_id;
  std::string province_name;
};

std::optional<College> college(soci::session& sql, std::int64_t college_id);
//! The enabled colleges of a province, by name.
std::vector<College> colleges_of(soci::session& sql, std::int64_t province_id);

//! A province's cadence changes, oldest first.
std::vector<CadenceChange> schedule(soci::session& sql, std::int64_t province_id);
//! Drops the changes from `change.from` on and adds `change`.
void set_cadence(soci::session& sql, std::int64_t province_id, const CadenceChange& change,
                 std::int64_t account_id, Timestamp now);

//! The report without attachments and reviews.
std::optional<Report> find(soci::session& sql, std::int64_t id);
std::optional<Report> find_by_period(soci::session& sql, std::int64_t college_id,
                                     Timestamp period_start);
std::vector<Report> list(soci::session& sql, const Visibility& v, const Filter& f, int page,
                         int page_size, long long* total);
//! How many visible reports match the filter (without its state), per state code.
std::map<std::string, long long> counts(soci::session& sql, const Visibility& v, Filter f);
//! The reports of a province's colleges in one period, by college.
std::map<std::int64_t, Report> of_period(soci::session& sql, std::int64_t province_id,
                                         Timestamp period_start);
//! Per period start in [from, to) and state, how many reports of a province's colleges.
std::map<Timestamp, std::map<std::string, long long>> tally(soci::session& sql,
                                                            std::int64_t province_id,
                                                            Timestamp from, Timestamp to);

std::int64_t insert(soci::session& sql, const Report& r, std::int64_t account_id);
//! Writes the text fields, state and submission time when the version matches.
bool update(soci::session& sql, const Report& r, int expected_version);
void remove(soci::session& sql, std::int64_t id);
//! Takes the report's row lock for the rest of the transaction; false when it does not exist.
bool lock(soci::session& sql, std::int64_t id);

std::vector<Attachment> attachments(soci::session& sql, std::int64_t report_id);
void set_attachments(soci::session& sql, std::int64_t report_id,
                     const std::vector<Attachment>& files);
//! Attachments the college uploaded before `before` that no report took up (a form left unsaved).
std::vector<std::int64_t> stale_uploads(soci::session& sql, std::int64_t college_id,
                                        Timestamp before);
//! The report a file is attached to.
std::optional<std::int64_t> report_of_file(soci::session& sql, std::int64_t file_id);

std::vector<Review> reviews(soci::session& sql, std::int64_t report_id);
void add_review(soci::session& sql, std::int64_t report_id, const Review& r,
                std::int64_t reviewer_id);

}  // namespace kaowu::weekly_reports::repository
