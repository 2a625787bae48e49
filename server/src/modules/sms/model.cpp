#include "modules/sms/model.hpp"

#include "core/http/schema.hpp"
#include "office/mask.hpp"

namespace kaowu::sms {

const char* state_code(State s) {
  switch (s) {
    case State::queued:
      return "queued";
    case State::sending:
      return "sending";
    case State::sent:
      return "sent";
    case State::failed:
      return "failed";
  }
  return "queued";
}

const char* state_name(State s) {
  switch (s) {
    case State::queued:
      return "待发送";
    case State::sending:
      return "发送中";
    case State::sent:
      return "已发送";
    case State::failed:
      return "发送失败";
  }
  return "待发送";
}

std::optional<State> parse_state(const std::string& code) {
  for (State s : {State::queued, State::sending, State::sent, State::failed})
    if (code == state_code(s)) return s;
  return std::nullopt;
}

const std::vector<Template>& templates() {
  static const std::vector<Template> all = {
      {"teacher_account",
       "教师账号通知",
       "{1}老师您好，您的1+X师资培训门户账号为{2}，初始密码为{3}"
       "，首次登录须修改密码，请妥善保管。",
       {3}},
      {"teacher_phone_changed", "教师账号变更通知",
       "{1}老师您好，您的1+X师资培训门户账号已改为本手机号{2}"
       "，密码不变。如非本人操作请联系所在院校。"},
  };
  return all;
}

const Template* find_template(const std::string& code) {
  for (const auto& t : templates())
    if (t.code == code) return &t;
  return nullptr;
}

std::string render(const Template& t, const std::vector<std::string>& params) {
  std::string out = t.text;
  for (std::size_t i = params.size(); i-- > 0;) {
    const std::string key = "{" + std::to_string(i + 1) + "}";
    for (auto at = out.find(key); at != std::string::npos;
         at = out.find(key, at + params[i].size()))
      out.replace(at, key.size(), params[i]);
  }
  return out;
}

Message delivered(const Message& m) {
  const Template* t = find_template(m.template_code);
  if (!t || t->secrets.empty()) return m;
  Message out = m;
  for (const std::size_t k : t->secrets) {
    if (k >= 1 && k <= out.params.size()) out.params[k - 1] = "******";
  }
  out.body = render(*t, out.params);
  return out;
}

nlohmann::json to_json(const Message& m, bool full) {
  const Template* t = find_template(m.template_code);
  return {
      {"id", m.id},
      {"collegeId", m.college_id ? nlohmann::json(*m.college_id) : nlohmann::json(nullptr)},
      {"collegeName", m.college_name},
      {"phone", office::mask_phone(m.phone)},
      {"template", m.template_code},
      {"templateName", t ? t->name : m.template_code},
      {"text", full ? nlohmann::json(m.body) : nlohmann::json(nullptr)},
      {"state", state_code(m.state)},
      {"stateName", state_name(m.state)},
      {"attempts", m.attempts},
      {"provider", m.provider},
      {"answer", m.answer},
      {"createdAt", cst::format(m.created_at)},
      {"sentAt", m.sent_at ? nlohmann::json(cst::format(*m.sent_at)) : nlohmann::json(nullptr)}};
}

nlohmann::json schema() {
  namespace s = http::schema;
  std::vector<std::string> codes;
  for (const auto& t : templates()) codes.push_back(t.code);
  return s::object({{"id", s::integer()},
                    {"collegeId", s::nullable(s::integer())},
                    {"collegeName", s::string()},
                    {"phone", s::string()},
                    {"template", s::enumeration(codes)},
                    {"templateName", s::string()},
                    {"text", s::nullable(s::string())},
                    {"state", s::enumeration({"queued", "sending", "sent", "failed"})},
                    {"stateName", s::string()},
                    {"attempts", s::integer()},
                    {"provider", s::string()},
                    {"answer", s::string()},
                    {"createdAt", s::datetime()},
                    {"sentAt", s::nullable(s::datetime())}});
}

Result<Filter> filter_from(const input::Query& query) {
  Filter f;
  f.phone = query.text("phone");
  f.template_code = query.raw("template");
  if (!f.template_code.empty() && !find_template(f.template_code))
    return err::invalid("短信模板「" + f.template_code + "」不存在");
  if (const std::string st = query.raw("state"); !st.empty()) {
    f.state = parse_state(st);
    if (!f.state) return err::invalid("发送状态须为 queued、sending、sent 或 failed");
  }
  f.college_id = query.integer("collegeId");
  return f;
}

}  // namespace kaowu::sms
