#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/input.hpp"
#include "office/column.hpp"

namespace kaowu::students {

struct Student {
  std::int64_t id = 0;
  std::int64_t college_id = 0;
  std::string college_name;
  std::string student_no;  //!< 考生编号, digits, unique
  std::string name;
  std::string gender;      //!< 男 / 女, agrees with the 身份证号
  std::string id_number;   //!< 身份证号, GB 11643 check digit verified, unique
  std::string birth_date;  //!< YYYY-MM-DD from the 身份证号
  std::string type;        //!< 院校考生 / 社会考生
  std::string major;
  std::string class_name;
  std::string phone;
  int version = 1;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

//! Checks an 18-character 身份证号 (area digits, a real birth date, the GB 11643 check digit);
//! returns the normalised value (upper-case X) or a message saying what is wrong.
Result<std::string> check_id_number(const std::string& text);
//! 男 for an odd 17th digit, 女 for an even one.
std::string gender_of(const std::string& id_number);
//! YYYY-MM-DD from digits 7-14.
std::string birth_date_of(const std::string& id_number);

//! Longest 考生编号 and 姓名 a student may have; the form, the import and the API share them.
inline constexpr std::size_t kMaxStudentNo = 30;
inline constexpr std::size_t kMaxName = 30;

//! A generated 考生编号, 25 digits as the seed's samples (3706822021163173529551241): the region
//! code of the 身份证号 (6), the year (4), the college's number (6, its id) and a sequence within
//! the college and year (9). The last 19 digits alone are unique, so the number is unique
//! platform-wide; numbers given by a college (or generated before this layout) are kept as they
//! are.
std::string generated_student_no(const std::string& id_number, std::int64_t college_id,
                                 Timestamp now, long long sequence);

//! The columns of the template, the import and the export, in order.
const std::vector<office::Column>& columns();

//! Validates the editable fields (the 11-digit phone, type, gender agreeing with the 身份证号).
//! `fields` are in columns() order; an empty 考生编号 stays empty for the caller to generate.
Status from_cells(const std::vector<std::string>& fields, Student& s);
Status from_json(const nlohmann::json& body, Student& s);
//! The API shape; `masked` hides the middle of the 身份证号 and phone as exports do.
nlohmann::json to_json(const Student& s);
//! The JSON schema of to_json: the same keys.
nlohmann::json schema();
//! The export row: 身份证号 and phone masked as the product shows (370682*****063549, 183****0551).
std::vector<std::string> export_cells(const Student& s);

struct Filter {
  std::string name;
  std::string student_no;
  std::string id_number;
  std::string major;
  std::string class_name;
  std::string type;
  std::optional<std::int64_t> college_id;  //!< 所属院校 (the platform's view across colleges)
};

//! The list filter of a request's query (or an export job's copy of it); an unknown value is
//! refused with a 400 that names it, so a bad link never lists or exports everything.
Filter filter_from(const input::Query& query);

}  // namespace kaowu::students
