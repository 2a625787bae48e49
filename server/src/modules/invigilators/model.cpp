#include "modules/invigilators/model.hpp"

#include <algorithm>

#include "core/http/schema.hpp"
#include "office/mask.hpp"

namespace kaowu::invigilators {

const char* state_code(State s) {
  switch (s) {
    case State::unsubmitted:
      return "unsubmitted";
    case State::pending:
      return "pending";
    case State::certified:
      return "certified";
    case State::returned:
      return "returned";
  }
  return "";
}

const char* state_name(State s) {
  switch (s) {
    case State::unsubmitted:
      return "未提交";
    case State::pending:
      return "待认证";
    case State::certified:
      return "已认证";
    case State::returned:
      return "已退回";
  }
  return "";
}

std::optional<State> parse_state(const std::string& code) {
  for (State s : {State::unsubmitted, State::pending, State::certified, State::returned}) {
    if (code == state_code(s) || code == state_name(s)) return s;
  }
  return std::nullopt;
}

const std::vector<std::string>& kind_options() {
  static const std::vector<std::string> all = {"监考老师", "巡考老师"};
  return all;
}

std::string teacher_no_prefix(const std::string& kind) {
  return kind == "巡考老师" ? "KK" : "JK";
}

std::string teacher_no(const std::string& kind, std::int64_t id) {
  return teacher_no_prefix(kind) + std::to_string(100000 + id);
}

bool any_certified(const Invigilator& p) {
  return std::any_of(p.certificates.begin(), p.certificates.end(),
                     [](const Certificate& c) { return c.state == State::certified; });
}

const char* certified_label(State s) {
  return s == State::certified ? "已认证" : "未认证";
}

const std::vector<office::Column>& import_columns() {
  using office::Column;
  static const std::vector<Column> all = {
      {.name = "人员类型",
       .required = true,
       .options = kind_options(),
       .note = "监考老师 或 巡考老师",
       .example = "监考老师",
       .width = 12},
      {.name = "教师姓名", .required = true, .example = "（示例）李虹", .width = 14},
      {.name = "身份证号",
       .required = true,
       .note = "18 位身份证号，性别按身份证号确定；"
               "本院校已有该身份证号的人员时更新其姓名、手机号码、所在区域并增加证书",
       .example = "110101199003070011",
       .width = 22},
      {.name = "手机号码",
       .required = true,
       .note = "11 位手机号，本院校内不能与其他监考人员重复",
       .example = "18300000551",
       .width = 14},
      {.name = "所在区域",
       .required = true,
       .note = "省/市/区 格式，如 北京市/北京市/丰台区 或 湖北省武汉市洪山区",
       .example = "北京市北京市丰台区",
       .width = 22},
      {.name = "申请报考的证书",
       .required = true,
       .note = "启用的证书名称；一人申请多个证书时每个证书填一行",
       .example = "智能新能源汽车职业技能等级证书",
       .width = 34},
      {.name = "证书等级",
       .required = true,
       .options = {"初级", "中级", "高级"},
       .note = "该证书的等级",
       .example = "初级",
       .width = 10},
  };
  return all;
}

std::vector<office::Column> export_columns() {
  return {{.name = "教师编号", .width = 12},       {.name = "教师姓名", .width = 12},
          {.name = "手机号码", .width = 14},       {.name = "所属院校", .width = 20},
          {.name = "所在区域", .width = 22},       {.name = "证书编号", .width = 12},
          {.name = "申请报考的证书", .width = 34}, {.name = "证书等级", .width = 10},
          {.name = "颁证机构", .width = 30},       {.name = "认证状态", .width = 10}};
}

std::vector<std::string> export_cells(const Invigilator& p, const Certificate& c) {
  return {p.teacher_no,
          p.name,
          office::mask_phone(p.phone),
          p.college_name,
          p.region,
          c.level_code,
          c.certificate_name,
          c.level,
          c.org_name,
          certified_label(c.state)};
}

nlohmann::json to_json(const Invigilator& p) {
  nlohmann::json certs = nlohmann::json::array();
  for (const auto& c : p.certificates) {
    certs.push_back({{"id", c.id},
                     {"levelId", c.level_id},
                     {"level", c.level},
                     {"levelCode", c.level_code},
                     {"certificateId", c.certificate_id},
                     {"certificateCode", c.certificate_code},
                     {"certificateName", c.certificate_name},
                     {"orgId", c.org_id},
                     {"orgName", c.org_name},
                     {"status", state_code(c.state)},
                     {"statusName", state_name(c.state)},
                     {"certified", c.state == State::certified},
                     {"reason", c.reason},
                     {"reviewedBy", c.reviewed_by},
                     {"reviewedAt", c.reviewed_at ? nlohmann::json(cst::format(*c.reviewed_at))
                                                  : nlohmann::json(nullptr)}});
  }
  nlohmann::json periods = nlohmann::json::array();
  for (const auto& u : p.unavailable)
    periods.push_back({{"start", cst::format(u.start)}, {"end", cst::format(u.end)}});
  return {{"id", p.id},
          {"teacherNo", p.teacher_no},
          {"kind", p.kind},
          {"name", p.name},
          {"gender", p.gender},
          {"idNumber", p.id_number},
          {"phone", p.phone},
          {"collegeId", p.college_id},
          {"collegeName", p.college_name},
          {"region", p.region},
          {"certificates", certs},
          {"unavailable", periods},
          {"version", p.version},
          {"createdAt", cst::format(p.created_at)},
          {"updatedAt", cst::format(p.updated_at)}};
}

nlohmann::json schema() {
  namespace s = http::schema;
  const auto certificate =
      s::object({{"id", s::integer()},
                 {"levelId", s::integer()},
                 {"level", s::string()},
                 {"certificateId", s::integer()},
                 {"levelCode", s::string()},
                 {"certificateCode", s::string()},
                 {"certificateName", s::string()},
                 {"orgId", s::integer()},
                 {"orgName", s::string()},
                 {"status", s::enumeration({"unsubmitted", "pending", "certified", "returned"})},
                 {"statusName", s::string()},
                 {"certified", s::boolean()},
                 {"reason", s::string()},
                 {"reviewedBy", s::string()},
                 {"reviewedAt", s::nullable(s::datetime())}});
  return s::object(
      {{"id", s::integer()},
       {"teacherNo", s::string()},
       {"kind", s::enumeration(kind_options())},
       {"name", s::string()},
       {"gender", s::string()},
       {"idNumber", s::string()},
       {"phone", s::string()},
       {"collegeId", s::integer()},
       {"collegeName", s::string()},
       {"region", s::string()},
       {"certificates", s::array(certificate)},
       {"unavailable", s::array(s::object({{"start", s::datetime()}, {"end", s::datetime()}}))},
       {"version", s::integer()},
       {"createdAt", s::datetime()},
       {"updatedAt", s::datetime()}});
}

Result<std::vector<Period>> parse_unavailable(const nlohmann::json& list) {
  const nlohmann::json field = {{"field", "unavailable"}};
  if (list.is_null()) return std::vector<Period>{};
  if (!list.is_array()) return err::invalid("不可监考时间格式不正确", field);
  if (list.size() > 50) return err::invalid("不可监考时间最多填写 50 段", field);
  std::vector<Period> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string which = "不可监考时间第 " + std::to_string(i + 1) + " 段";
    const auto& e = list[i];
    auto time = [&](const char* key) -> std::optional<Timestamp> {
      if (!e.is_object() || !e.contains(key) || !e[key].is_string()) return std::nullopt;
      return cst::parse(input::trim(e[key].get<std::string>()));
    };
    const auto start = time("start"), end = time("end");
    if (!start || !end)
      return err::invalid(which + "的开始或结束时间格式不正确，应为 YYYY-MM-DD HH:mm", field);
    if (*end <= *start) return err::invalid(which + "的结束时间须晚于开始时间", field);
    out.push_back({*start, *end});
  }
  std::sort(out.begin(), out.end(),
            [](const Period& a, const Period& b) { return a.start < b.start; });
  return out;
}

Result<Filter> filter_from(const input::Query& query) {
  Filter f;
  f.name = query.text("name");
  f.teacher_no = query.text("teacherNo");
  f.phone = query.text("phone");
  f.certificate_id = TRY(query.id("certificateId", "证书"));
  f.college_id = TRY(query.id("collegeId", "院校"));
  f.state = query.text("status");
  if (!f.state.empty() && f.state != "uncertified" && f.state != "未认证") {
    auto state = parse_state(f.state);
    if (!state) {
      return err::invalid(
          "认证状态须为 certified（已认证）、uncertified（未认证）、unsubmitted（未提交）、"
          "pending（待认证）或 returned（已退回）",
          {{"field", "status"}});
    }
    f.state = state_code(*state);
  } else if (!f.state.empty()) {
    f.state = "uncertified";
  }
  return f;
}

}  // namespace kaowu::invigilators
