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

namespace kaowu::rooms {

//! A room's derived state (seed 5.2.5): unarranged 未排考, arranging 排考中, finished 已结束.
enum class State { unarranged, arranging, finished };

struct Room {
  std::int64_t id = 0;
  std::int64_t plan_id = 0;
  std::string plan_name;
  std::int64_t site_id = 0;
  std::string site_name;
  std::int64_t college_id = 0;
  std::string college_name;
  std::int64_t certificate_id = 0;
  std::string certificate_name;
  std::string name;                //!< 考场名称, unique per plan and site
  std::vector<std::string> types;  //!< 考场类型, canonical order, no repeats
  int seats = 0;                   //!< 考位数, 1–999
  std::string region;              //!< 考场地址, e.g. 北京市北京市朝阳区
  std::string address;             //!< 详细地址
  int version = 1;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
  // Derived at read time by the service.
  State state = State::unarranged;
  long long arranged = 0;  //!< candidates placed in the room
};

//! The five room types a room may host, in display order.
const std::vector<std::string>& type_options();
//! Reads types from text such as "笔试, 机考" (separators , ， 、 ; or space) into canonical order;
//! an unknown or missing type is an error naming the allowed ones.
Result<std::vector<std::string>> parse_types(const std::string& text);
Result<std::vector<std::string>> parse_types(const std::vector<std::string>& items);
//! "笔试, 机考" as the seed shows.
std::string join_types(const std::vector<std::string>& types);
//! 考位数 from text: a whole number 1–999.
Result<int> parse_seats(const std::string& text);

//! The state from the plan (ended or cancelled) and the room's arrangements at `now`.
State derive_state(bool plan_ended, long long arranged, Timestamp last_end, Timestamp now);
const char* state_code(State s);  //!< unarranged | arranging | finished
const char* state_name(State s);  //!< 未排考 | 排考中 | 已结束
std::optional<State> parse_state(const std::string& code);

//! The import template's columns (the export's first nine), in order.
const std::vector<office::Column>& import_columns();
//! The export's ten columns (seed 5.2.5): the import columns and 状态.
std::vector<office::Column> export_columns();
std::vector<std::string> export_cells(const Room& r);
nlohmann::json to_json(const Room& r);
//! The JSON schema of to_json: the same keys.
nlohmann::json schema();

struct Filter {
  std::optional<std::int64_t> plan_id;
  std::optional<std::int64_t> site_id;
  std::string name;
  std::string type;
  std::string state;  //!< a state code, or empty for all
};

//! The list filter of a request's query (or an export job's copy of it); an unknown value is
//! refused with a 400 that names it, so a bad link never lists or exports everything.
Result<Filter> filter_from(const input::Query& query);

}  // namespace kaowu::rooms
