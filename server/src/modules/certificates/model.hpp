#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/input.hpp"

namespace kaowu::certificates {

//! 笔试, 机考, 实操, 笔试+实操, 机考+实操.
bool valid_mode(const std::string& mode);
//! 初级, 中级, 高级.
bool valid_level(const std::string& level);
int level_rank(const std::string& level);

struct Subject {
  std::int64_t id = 0;
  std::string code;  //!< 11 digits, unique across certificates
  std::string name;
  std::string mode;
  int duration_minutes = 0;
  int full_mark = 100;
  int pass_mark = 60;
  std::int64_t fee_fen = 0;  //!< 按科目 fee
};

struct Level {
  std::int64_t id = 0;
  std::string level;
  //! 证书编号 of the level: 8 digits, unique among all levels; empty on input means the stored
  //! one (an existing level) or a generated one (a new level).
  std::string code;
  std::int64_t fee_fen = 0;  //!< 按证书 fee
  //! 通过条件 of the level: all_subjects 各科成绩合格 (every subject at or above its pass mark) or
  //! total 总分合格 (the subjects' marks add up to pass_total); a level sent without one takes
  //! the certificate's.
  std::string pass_condition = "all_subjects";
  std::optional<int> pass_total;
  std::vector<Subject> subjects;
};

struct Major {
  std::string name;
  std::string code;
};

struct Certificate {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string org_name;  //!< 颁证机构 / 考核单位
  std::string code;      //!< 8 digits, unique
  std::string name;
  std::string description;
  std::string pass_condition = "all_subjects";  //!< all_subjects | total
  std::optional<int> pass_total;
  bool enabled = true;
  int version = 1;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
  std::vector<Level> levels;
  std::vector<Major> majors;
};

//! 各科成绩合格, or 总分≥N.
std::string pass_condition_name(const Certificate& c);
std::string pass_condition_name(const Level& l);
nlohmann::json to_json(const Certificate& c, bool detail);
//! The JSON schema of to_json: the same keys (levels and majors with `detail`).
nlohmann::json schema(bool detail);
//! Validates an API body into a certificate (id, org and timestamps untouched). Messages say
//! which level and subject is wrong.
Status from_json(const nlohmann::json& body, Certificate& out);
//! "120.50" for 12050 fen.
std::string yuan(std::int64_t fen);

struct Filter {
  std::string keyword;  //!< code or name
  std::optional<std::int64_t> org_id;
  std::optional<bool> enabled;
};

//! The list filter of a request's query (or an export job's copy of it).
Filter filter_from(const input::Query& query);

}  // namespace kaowu::certificates
