#include "modules/teachers/model.hpp"

#include "core/http/schema.hpp"
#include "modules/students/model.hpp"
#include "office/mask.hpp"

namespace kaowu::teachers {

const char* state_code(AccountState s) {
  switch (s) {
    case AccountState::inactive:
      return "inactive";
    case AccountState::active:
      return "active";
    case AccountState::disabled:
      return "disabled";
  }
  return "inactive";
}

const char* state_name(AccountState s) {
  switch (s) {
    case AccountState::inactive:
      return "未激活";
    case AccountState::active:
      return "已激活";
    case AccountState::disabled:
      return "已停用";
  }
  return "未激活";
}

const std::vector<office::Column>& import_columns() {
  using office::Column;
  using office::ColumnType;
  static const std::vector<Column> all = {
      {.name = "姓名", .required = true, .example = "示例教师（导入时忽略此行）"},
      {.name = "身份证号",
       .type = ColumnType::text,
       .required = true,
       .note = "18 位，校验位须正确",
       .example = "110101199003070011",
       .width = 22},
      {.name = "性别", .options = {"男", "女"}, .note = "可不填，按身份证号判断", .example = "男"},
      {.name = "学历", .note = "可不填", .example = "硕士研究生"},
      {.name = "学院",
       .required = true,
       .note = "教师所在的学院",
       .example = "计算机学院",
       .width = 18},
      {.name = "职称", .note = "可不填", .example = "副教授"},
      {.name = "职务", .note = "可不填", .example = "教研室主任"},
      {.name = "手机号",
       .type = ColumnType::text,
       .required = true,
       .note =
           "11 位，请填写教师真实使用的手机：账号与初始密码以短信发送到此号码，登录账号即手机号",
       .example = "13800138000",
       .width = 16},
      {.name = "邮箱", .note = "可不填", .example = "teacher@example.edu.cn", .width = 24},
      {.name = "研究方向",
       .note = "可不填，最多 100 个字",
       .example = "物联网应用技术",
       .width = 24},
      {.name = "主要成果", .note = "可不填，最多 100 个字", .example = "", .width = 24},
      {.name = "居住地址", .note = "可不填", .example = "", .width = 24},
  };
  return all;
}

std::vector<office::Column> export_columns() {
  std::vector<office::Column> cols = import_columns();
  for (auto& c : cols) {
    c.required = false;
    c.options.clear();
  }
  cols.push_back({.name = "所属院校", .width = 20});
  cols.push_back({.name = "账号状态"});
  cols.push_back({.name = "激活时间", .width = 20});
  return cols;
}

namespace {
Status check_text(const std::string& value, const char* label, std::size_t max) {
  if (const auto n = input::utf8_length(value); n > max) {
    return err::invalid(std::string(label) + "不能超过 " + std::to_string(max) + " 个字（当前 " +
                        std::to_string(n) + " 个字）");
  }
  return input::check_characters(value, label);
}

Status check_optional(Teacher& t) {
  TRY(check_text(t.education, "学历", 20));
  TRY(check_text(t.title, "职称", 30));
  TRY(check_text(t.position, "职务", 30));
  TRY(check_text(t.email, "邮箱", 60));
  if (!t.email.empty() &&
      (t.email.find('@') == std::string::npos || t.email.find(' ') != std::string::npos ||
       t.email.front() == '@' || t.email.back() == '@'))
    return err::invalid("邮箱「" + t.email + "」格式不正确");
  TRY(check_text(t.research, "研究方向", kMaxLongText));
  TRY(check_text(t.achievements, "主要成果", kMaxLongText));
  TRY(check_text(t.address, "居住地址", 100));
  return {};
}
}  // namespace

Status from_cells(const std::vector<std::string>& f, Teacher& t) {
  auto field = [&](std::size_t i) { return i < f.size() ? input::trim(f[i]) : std::string(); };
  t.name = field(0);
  if (t.name.empty()) return err::invalid("请填写姓名");
  TRY(check_text(t.name, "姓名", 30));
  t.id_number = TRY(students::check_id_number(field(1)));
  const std::string gender = field(2);
  if (!gender.empty() && gender != "男" && gender != "女") return err::invalid("性别须为 男 或 女");
  if (!gender.empty() && gender != students::gender_of(t.id_number)) {
    return err::invalid("性别「" + gender + "」与身份证号不一致（身份证号显示为" +
                        students::gender_of(t.id_number) + "）");
  }
  t.gender = students::gender_of(t.id_number);
  t.education = field(3);
  t.department = field(4);
  if (t.department.empty()) return err::invalid("请填写学院");
  TRY(check_text(t.department, "学院", 60));
  t.title = field(5);
  t.position = field(6);
  t.phone = field(7);
  if (t.phone.empty()) return err::invalid("请填写手机号");
  if (!input::is_mobile(t.phone)) return err::invalid("手机号须为 11 位数字");
  t.email = field(8);
  t.research = field(9);
  t.achievements = field(10);
  t.address = field(11);
  return check_optional(t);
}

namespace {
std::string text_of(const nlohmann::json& body, const char* key, const std::string& current) {
  auto it = body.find(key);
  if (it == body.end()) return current;
  if (it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return current;
}
}  // namespace

Status from_json(const nlohmann::json& body, Teacher& t) {
  return from_cells(
      {text_of(body, "name", t.name), text_of(body, "idNumber", t.id_number),
       text_of(body, "gender", ""), text_of(body, "education", t.education),
       text_of(body, "department", t.department), text_of(body, "title", t.title),
       text_of(body, "position", t.position), text_of(body, "phone", t.phone),
       text_of(body, "email", t.email), text_of(body, "research", t.research),
       text_of(body, "achievements", t.achievements), text_of(body, "address", t.address)},
      t);
}

Status own_fields_from_json(const nlohmann::json& body, Teacher& t) {
  t.education = input::trim(text_of(body, "education", t.education));
  t.title = input::trim(text_of(body, "title", t.title));
  t.position = input::trim(text_of(body, "position", t.position));
  t.email = input::trim(text_of(body, "email", t.email));
  t.research = input::trim(text_of(body, "research", t.research));
  t.achievements = input::trim(text_of(body, "achievements", t.achievements));
  t.address = input::trim(text_of(body, "address", t.address));
  return check_optional(t);
}

nlohmann::json to_json(const Teacher& t) {
  return {{"id", t.id},
          {"collegeId", t.college_id},
          {"collegeName", t.college_name},
          {"name", t.name},
          {"idNumber", t.id_number},
          {"gender", t.gender},
          {"department", t.department},
          {"phone", t.phone},
          {"username", t.phone},
          {"education", t.education},
          {"title", t.title},
          {"position", t.position},
          {"email", t.email},
          {"research", t.research},
          {"achievements", t.achievements},
          {"address", t.address},
          {"enabled", t.enabled},
          {"version", t.version},
          {"createdAt", cst::format(t.created_at)},
          {"updatedAt", cst::format(t.updated_at)}};
}

nlohmann::json to_json(const Listed& l) {
  auto j = to_json(l.teacher);
  j["accountState"] = state_code(l.state);
  j["accountStateName"] = state_name(l.state);
  j["activatedAt"] =
      l.activated_at ? nlohmann::json(cst::format(*l.activated_at)) : nlohmann::json(nullptr);
  j["smsState"] = l.sms_state.empty() ? nlohmann::json(nullptr) : nlohmann::json(l.sms_state);
  j["smsAnswer"] = l.sms_answer;
  return j;
}

nlohmann::json schema() {
  namespace s = http::schema;
  return s::object(
      {{"id", s::integer()},
       {"collegeId", s::integer()},
       {"collegeName", s::string()},
       {"name", s::string()},
       {"idNumber", s::string()},
       {"gender", s::enumeration({"男", "女"})},
       {"department", s::string()},
       {"phone", s::string()},
       {"username", s::string()},
       {"education", s::string()},
       {"title", s::string()},
       {"position", s::string()},
       {"email", s::string()},
       {"research", s::string()},
       {"achievements", s::string()},
       {"address", s::string()},
       {"enabled", s::boolean()},
       {"version", s::integer()},
       {"createdAt", s::datetime()},
       {"updatedAt", s::datetime()},
       {"accountState", s::enumeration({"inactive", "active", "disabled"})},
       {"accountStateName", s::string()},
       {"activatedAt", s::nullable(s::datetime())},
       {"smsState", s::nullable(s::enumeration({"queued", "sending", "sent", "failed"}))},
       {"smsAnswer", s::string()}});
}

std::vector<std::string> export_cells(const Listed& l) {
  const Teacher& t = l.teacher;
  return {t.name,
          office::mask_id_number(t.id_number),
          t.gender,
          t.education,
          t.department,
          t.title,
          t.position,
          office::mask_phone(t.phone),
          t.email,
          t.research,
          t.achievements,
          t.address,
          t.college_name,
          state_name(l.state),
          l.activated_at ? cst::format(*l.activated_at) : ""};
}

Result<Filter> filter_from(const input::Query& query) {
  Filter f;
  f.name = query.text("name");
  f.phone = query.text("phone");
  f.department = query.text("department");
  f.title = query.text("title");
  if (const std::string st = query.raw("state"); !st.empty()) {
    for (auto s : {AccountState::inactive, AccountState::active, AccountState::disabled})
      if (st == state_code(s)) f.state = s;
    if (!f.state)
      return err::invalid("账号状态须为 inactive（未激活）、active（已激活）或 disabled（已停用）");
  }
  f.college_id = query.integer("collegeId");
  return f;
}

}  // namespace kaowu::teachers
