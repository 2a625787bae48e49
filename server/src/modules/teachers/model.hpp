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

namespace kaowu::teachers {

//! 未激活 until the first sign-in's password change, then 已激活; 已停用 when the college stops it.
enum class AccountState { inactive, active, disabled };
const char* state_code(AccountState s);  //!< inactive | active | disabled
const char* state_name(AccountState s);  //!< 未激活 | 已激活 | 已停用

//! A teacher as the seed's form 修改教师资料 has it (7.1).
struct Teacher {
  std::int64_t id = 0;
  std::int64_t college_id = 0;
  std::string college_name;
  std::optional<std::int64_t> account_id;
  std::string name;
  std::string id_number;
  std::string gender;
  std::string department;  //!< 学院
  std::string phone;       //!< also the account's user name
  std::string education;   //!< 学历
  std::string title;       //!< 职称
  std::string position;    //!< 职务
  std::string email;
  std::string research;      //!< 研究方向
  std::string achievements;  //!< 主要成果
  std::string address;       //!< 居住地址
  bool enabled = true;
  int version = 1;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

//! The longest 研究方向 and 主要成果 (the form's counter 8/100).
inline constexpr std::size_t kMaxLongText = 100;

//! The columns of the template and the import, in order.
const std::vector<office::Column>& import_columns();
//! The export's columns: the import's, then 账号状态 and 激活时间.
std::vector<office::Column> export_columns();

//! Checks every field (cells in import_columns() order); a message says what to fix.
Status from_cells(const std::vector<std::string>& cells, Teacher& t);
//! The same from the API's JSON; a key left out keeps the teacher's value.
Status from_json(const nlohmann::json& body, Teacher& t);
//! Only the fields a teacher may change on the own profile (学历 … 居住地址).
Status own_fields_from_json(const nlohmann::json& body, Teacher& t);

struct Listed {
  Teacher teacher;
  AccountState state = AccountState::inactive;
  std::optional<Timestamp> activated_at;
  //! The newest account SMS: its state and the provider's answer ("" when none).
  std::string sms_state;
  std::string sms_answer;
};

nlohmann::json to_json(const Teacher& t);
nlohmann::json to_json(const Listed& l);
nlohmann::json schema();
//! The export row: 身份证号 and phone masked (370682*****063549, 183****0551).
std::vector<std::string> export_cells(const Listed& l);

struct Filter {
  std::string name;
  std::string phone;
  std::string department;
  std::string title;
  std::optional<AccountState> state;
  std::optional<std::int64_t> college_id;  //!< the administrator's filter
};
Result<Filter> filter_from(const input::Query& query);

}  // namespace kaowu::teachers
