#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/input.hpp"

namespace kaowu::sms {

//! Where a message is: queued (waiting, or waiting for its next try), sending, sent or failed
//! (the provider refused it, or every try failed).
enum class State { queued, sending, sent, failed };
const char* state_code(State s);  //!< queued | sending | sent | failed
const char* state_name(State s);  //!< 待发送 | 发送中 | 已发送 | 发送失败
std::optional<State> parse_state(const std::string& code);

//! The messages the platform sends. Each has a fixed text with numbered parameters, as SMS
//! providers register templates; a provider's own template ids are configuration.
struct Template {
  std::string code;  //!< teacher_account | teacher_phone_changed
  std::string name;  //!< 教师账号通知 | 教师账号变更通知
  std::string text;  //!< with {1}, {2} … for the parameters
  //! The parameters (1-based) that are secrets, such as an initial password: kept only until
  //! the message is delivered.
  std::vector<std::size_t> secrets = {};
};
const std::vector<Template>& templates();
const Template* find_template(const std::string& code);
//! The template's text with its parameters filled in.
std::string render(const Template& t, const std::vector<std::string>& params);

struct Message {
  std::int64_t id = 0;
  std::optional<std::int64_t> college_id;
  std::string college_name;
  std::string phone;
  std::string template_code;
  std::vector<std::string> params;
  std::string body;
  std::string subject_type;
  std::optional<std::int64_t> subject_id;
  State state = State::queued;
  int attempts = 0;
  std::string provider;
  std::string answer;
  Timestamp created_at = 0;
  std::optional<Timestamp> sent_at;
  Timestamp updated_at = 0;
};

//! What is kept of a message once it has been delivered: its secret parameters masked, and its
//! text rendered again from them. The same message when its template has no secret.
Message delivered(const Message& m);

//! The API shape: the number masked; the text only when `full` (the platform administrator's
//! outbox view), since it may hold an initial password.
nlohmann::json to_json(const Message& m, bool full);
nlohmann::json schema();

struct Filter {
  std::string phone;
  std::string template_code;
  std::optional<State> state;
  std::optional<std::int64_t> college_id;
};
Result<Filter> filter_from(const input::Query& query);

}  // namespace kaowu::sms
