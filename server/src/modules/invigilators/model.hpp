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

namespace kaowu::invigilators {

//! The state of one certificate level a person applied for (seed 5.2.11).
enum class State { unsubmitted, pending, certified, returned };

const char* state_code(State s);  //!< unsubmitted | pending | certified | returned
const char* state_name(State s);  //!< 未提交 | 待认证 | 已认证 | 已退回
std::optional<State> parse_state(const std::string& code);

//! One certificate level of a person, with the certificate's names for display.
struct Certificate {
  std::int64_t id = 0;  //!< the application's own id (what the organisation certifies)
  std::int64_t invigilator_id = 0;
  std::int64_t level_id = 0;
  std::string level;       //!< 初级 / 中级 / 高级
  std::string level_code;  //!< the level's 证书编号 (8 digits), shown in the export
  std::int64_t certificate_id = 0;
  std::string certificate_code;
  std::string certificate_name;
  std::int64_t org_id = 0;  //!< the organisation that issues the certificate (颁证机构)
  std::string org_name;
  State state = State::unsubmitted;
  std::string reason;  //!< the organisation's reason when returned
  std::string reviewed_by;
  std::optional<Timestamp> reviewed_at;
};

//! A period [start, end) the person cannot invigilate (不可监考时间).
struct Period {
  Timestamp start = 0;
  Timestamp end = 0;
};

struct Invigilator {
  std::int64_t id = 0;
  std::string teacher_no;  //!< JK/KK and six digits, unique platform-wide
  std::string kind;        //!< 监考老师 | 巡考老师
  std::string name;
  std::string gender;  //!< from the 身份证号
  std::string id_number;
  std::string phone;  //!< 11 digits, unique per college
  std::int64_t college_id = 0;
  std::string college_name;
  std::string region;  //!< 所在区域 as regions stores it
  int version = 1;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
  std::vector<Certificate> certificates;
  std::vector<Period> unavailable;  //!< by start
};

//! 不可监考时间 from [{start, end}] ("2021-09-18 08:00"); each must end after it starts, at most
//! 50 periods; a 400 names the period and what is wrong.
Result<std::vector<Period>> parse_unavailable(const nlohmann::json& list);

//! 监考老师 and 巡考老师, in display order.
const std::vector<std::string>& kind_options();
//! JK for 监考老师, KK for 巡考老师.
std::string teacher_no_prefix(const std::string& kind);
//! The 教师编号 of the person with row id `id`: the prefix and 100000 + id, so two persons never
//! share one whatever their type.
std::string teacher_no(const std::string& kind, std::int64_t id);

//! Whether any certificate of the person is 已认证 (INV-2 then locks identity and delete).
bool any_certified(const Invigilator& p);

//! 已认证, or 未认证 for the three other states (the seed's list and export).
const char* certified_label(State s);

//! The import template's columns: one row per person and certificate level.
const std::vector<office::Column>& import_columns();
//! The export's columns in the seed's order (5.2.11).
std::vector<office::Column> export_columns();
//! One export row per person and certificate, the phone masked (183****0551).
std::vector<std::string> export_cells(const Invigilator& p, const Certificate& c);

nlohmann::json to_json(const Invigilator& p);
//! The JSON schema of to_json: the same keys.
nlohmann::json schema();

struct Filter {
  std::string name;
  std::string teacher_no;
  std::string phone;
  std::optional<std::int64_t> certificate_id;
  std::optional<std::int64_t> college_id;  //!< the organisation's filter
  std::string state;                       //!< certified, uncertified (未认证) or a state code
};

//! The list filter of a request's query; an unknown value is a 400 that names it.
Result<Filter> filter_from(const input::Query& query);

}  // namespace kaowu::invigilators
