#pragma once

// What other modules may ask of 考生 (the arrangement's documents and the student's own pages).

#include <soci/soci.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modules/students/model.hpp"

namespace kaowu::students::ledger {

//! The given students by id (absent ids are left out).
std::map<std::int64_t, Student> find_many(soci::session& sql, const std::vector<std::int64_t>& ids);
//! One student by id.
std::optional<Student> find(soci::session& sql, std::int64_t id);
//! The students having one of these 考生编号 or one of these 身份证号 (an import's batch at once).
std::vector<Student> find_by_numbers(soci::session& sql,
                                     const std::vector<std::string>& student_nos,
                                     const std::vector<std::string>& id_numbers);
//! The student of a college with this 考生编号 (a student account's user name).
std::optional<Student> find_by_no(soci::session& sql, std::int64_t college_id,
                                  const std::string& student_no);

}  // namespace kaowu::students::ledger
