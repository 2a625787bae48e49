#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <string>
#include <vector>

#include "modules/invigilators/model.hpp"

namespace kaowu::invigilators::ledger {

//! A person the arrangement may seat in a room of a certificate's exams.
struct Certified {
  std::int64_t id = 0;
  std::string teacher_no;
  std::string kind;  //!< 监考老师 | 巡考老师
  std::string name;
  std::int64_t college_id = 0;  //!< for 回避: nobody watches candidates of their own college
  std::string college_name;
  std::vector<Period> unavailable;  //!< 不可监考时间: never seat the person then
};

//! For the arrangement: the persons holding an 已认证 level of `certificate_id`, of any college,
//! each once, ordered by 教师编号. The times they are already assigned come from the arrangement's
//! own tables once it stores invigilator assignments.
std::vector<Certified> certified_for(soci::session& sql, std::int64_t certificate_id);

//! The persons, of any college, with this 身份证号 or phone who hold an 已认证 level: a teacher's
//! portal shows their duties.
std::vector<std::int64_t> certified_persons(soci::session& sql, const std::string& id_number,
                                            const std::string& phone);
}  // namespace kaowu::invigilators::ledger
