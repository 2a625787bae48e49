#pragma once

#include <soci/soci.h>

#include <optional>
#include <set>
#include <vector>

#include "modules/students/model.hpp"

namespace kaowu::students::repository {

std::optional<Student> find(soci::session& sql, std::int64_t id);
std::vector<Student> find_many(soci::session& sql, const std::vector<std::int64_t>& ids);
std::optional<Student> find_by_id_number(soci::session& sql, const std::string& id_number);
std::optional<std::int64_t> id_by_student_no(soci::session& sql, const std::string& student_no);
//! The students having one of these 考生编号 or one of these 身份证号 (imports look a batch up at
//! once).
std::vector<Student> find_by_numbers(soci::session& sql,
                                     const std::vector<std::string>& student_nos,
                                     const std::vector<std::string>& id_numbers);
//! Students of a college (all colleges when `college_id` is empty) matching the filter; with
//! `ids`, only those.
std::vector<Student> list(soci::session& sql, std::optional<std::int64_t> college_id,
                          const Filter& filter, const std::vector<std::int64_t>& ids, int page,
                          int page_size, long long* total);
std::int64_t insert(soci::session& sql, const Student& s);
//! Inserts many students with one prepared statement (imports).
void insert_many(soci::session& sql, const std::vector<Student>& students);
//! The values among `student_nos` that a student already has.
std::set<std::string> existing_student_nos(soci::session& sql,
                                           const std::vector<std::string>& student_nos);
bool update(soci::session& sql, const Student& s, int expected_version);
void remove(soci::session& sql, std::int64_t id);
//! The next sequence of generated 考生编号 of a college in the year of `now` (1 for the first).
long long next_student_sequence(soci::session& sql, std::int64_t college_id, Timestamp now);

}  // namespace kaowu::students::repository
