#include "modules/rooms/model.hpp"

#include <algorithm>

#include "core/http/schema.hpp"
#include "core/input.hpp"

namespace kaowu::rooms {

const std::vector<std::string>& type_options() {
  static const std::vector<std::string> all = {"笔试", "机考", "实操", "笔试+实操", "机考+实操"};
  return all;
}

Result<std::vector<std::string>> parse_types(const std::vector<std::string>& items) {
  const auto& all = type_options();
  std::vector<bool> chosen(all.size(), false);
  for (const auto& raw : items) {
    const std::string t = input::trim(raw);
    if (t.empty()) continue;
    auto it = std::find(all.begin(), all.end(), t);
    if (it == all.end())
      return err::invalid("考场类型「" + t +
                          "」不正确，可选：笔试、机考、实操、笔试+实操、机考+实操");
    chosen[static_cast<std::size_t>(it - all.begin())] = true;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (chosen[i]) out.push_back(all[i]);
  }
  if (out.empty()) return err::invalid("请选择考场类型");
  return out;
}

Result<std::vector<std::string>> parse_types(const std::string& text) {
  // Split on ASCII or full-width commas, 、, ; and spaces; "+" stays inside a type.
  std::vector<std::string> items;
  std::string cur;
  auto flush = [&] {
    items.push_back(cur);
    cur.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == ',' || text[i] == ';' || text[i] == ' ') {
      flush();
      ++i;
    } else if (text.compare(i, 3, "，") == 0 || text.compare(i, 3, "、") == 0 ||
               text.compare(i, 3, "；") == 0) {
      flush();
      i += 3;
    } else {
      cur += text[i++];
    }
  }
  flush();
  return parse_types(items);
}

std::string join_types(const std::vector<std::string>& types) {
  std::string out;
  for (const auto& t : types) out += (out.empty() ? "" : ", ") + t;
  return out;
}

Result<int> parse_seats(const std::string& text) {
  const std::string t = input::trim(text);
  if (t.empty()) return err::invalid("请填写考位数");
  std::string digits = t;
  // Spreadsheets hand numbers over as "20" or "20.0".
  if (digits.size() > 2 && digits.compare(digits.size() - 2, 2, ".0") == 0)
    digits.resize(digits.size() - 2);
  if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 4) {
    return err::invalid("考位数须为 1 到 999 之间的整数");
  }
  const int n = std::stoi(digits);
  if (n < 1 || n > 999) return err::invalid("考位数须为 1 到 999 之间的整数");
  return n;
}

State derive_state(bool plan_ended, long long arranged, Timestamp last_end, Timestamp now) {
  if (plan_ended) return State::finished;
  if (arranged == 0) return State::unarranged;
  return now < last_end ? State::arranging : State::finished;
}

const char* state_code(State s) {
  switch (s) {
    case State::unarranged:
      return "unarranged";
    case State::arranging:
      return "arranging";
    case State::finished:
      return "finished";
  }
  return "";
}

const char* state_name(State s) {
  switch (s) {
    case State::unarranged:
      return "未排考";
    case State::arranging:
      return "排考中";
    case State::finished:
      return "已结束";
  }
  return "";
}

std::optional<State> parse_state(const std::string& code) {
  for (State s : {State::unarranged, State::arranging, State::finished}) {
    if (code == state_code(s) || code == state_name(s)) return s;
  }
  return std::nullopt;
}

const std::vector<office::Column>& import_columns() {
  using office::Column;
  using office::ColumnType;
  static const std::vector<Column> all = {
      {.name = "所属考试计划",
       .required = true,
       .note = "从下拉列表选择本院校参加且未结束的考试计划；同名计划带编号区分",
       .example = "（示例）2021年9月第一批网店考试",
       .width = 36},
      {.name = "所属考场地点",
       .required = true,
       .note = "从下拉列表选择本院校已通过审核的考核站点，须为该证书的站点",
       .example = "（示例）北京科技大学网店运营推广职业技能等级证书考核站点",
       .width = 40},
      {.name = "所属院校",
       .note = "可不填；填写时须为本院校名称",
       .example = "北京科技大学",
       .width = 16},
      {.name = "考场名称",
       .required = true,
       .note = "同一考试计划、同一考场地点内不能重名；重名时更新该未排考的考场",
       .example = "模拟考场",
       .width = 20},
      {.name = "考场类型",
       .required = true,
       .note = "笔试、机考、实操、笔试+实操、机考+实操，可填多个，用逗号分隔",
       .example = "机考+实操",
       .width = 20},
      {.name = "考位数",
       .type = ColumnType::number,
       .required = true,
       .note = "1 到 999 之间的整数",
       .example = "20"},
      {.name = "考场地址",
       .required = true,
       .note =
           "省/市/区 格式：省、市、区县的全称依次填写，连写或用 / 分隔，如 浙江省/杭州市/西湖区 或 "
           "湖北省武汉市洪山区；直辖市的市级重复省级名称，如 "
           "北京市/北京市/朝阳区；须为全国省市区列表中的地名",
       .example = "北京市北京市海淀区",
       .width = 22},
      {.name = "详细地址", .required = true, .example = "学院路30号 机电楼101", .width = 24},
      {.name = "本次组织考试的证书",
       .required = true,
       .note = "考试计划中的证书名称，考场地点须为该证书审核通过的站点",
       .example = "网店运营推广职业技能等级证书",
       .width = 32},
  };
  return all;
}

std::vector<office::Column> export_columns() {
  auto cols = import_columns();
  for (auto& c : cols) {
    c.required = false;
    c.note.clear();
  }
  cols.push_back({.name = "状态"});
  return cols;
}

std::vector<std::string> export_cells(const Room& r) {
  return {r.plan_name,
          r.site_name,
          r.college_name,
          r.name,
          join_types(r.types),
          std::to_string(r.seats),
          r.region,
          r.address,
          r.certificate_name,
          state_name(r.state)};
}

nlohmann::json to_json(const Room& r) {
  return {{"id", r.id},
          {"planId", r.plan_id},
          {"planName", r.plan_name},
          {"siteId", r.site_id},
          {"siteName", r.site_name},
          {"collegeId", r.college_id},
          {"collegeName", r.college_name},
          {"certificateId", r.certificate_id},
          {"certificateName", r.certificate_name},
          {"name", r.name},
          {"types", r.types},
          {"typesText", join_types(r.types)},
          {"seats", r.seats},
          {"region", r.region},
          {"address", r.address},
          {"status", state_code(r.state)},
          {"statusName", state_name(r.state)},
          {"arranged", r.arranged},
          {"version", r.version},
          {"createdAt", cst::format(r.created_at)},
          {"updatedAt", cst::format(r.updated_at)}};
}

Result<Filter> filter_from(const input::Query& query) {
  Filter f;
  f.plan_id = TRY(query.id("planId", "考试计划"));
  f.site_id = TRY(query.id("siteId", "考场地点"));
  f.name = query.text("name");
  f.type = query.text("type");
  if (!f.type.empty()) {
    bool known = false;
    std::string names;
    for (const auto& t : type_options()) {
      known = known || t == f.type;
      names += (names.empty() ? "" : "、") + t;
    }
    if (!known) return err::invalid("考场类型须为 " + names + " 之一", {{"field", "type"}});
  }
  f.state = query.text("status");
  if (!f.state.empty()) {
    auto state = parse_state(f.state);
    if (!state) {
      return err::invalid(
          "考场状态须为 unarranged（未排考）、arranging（排考中）或 finished（已结束）",
          {{"field", "status"}});
    }
    f.state = state_code(*state);
  }
  return f;
}

nlohmann::json schema() {
  namespace s = http::schema;
  return s::object({{"id", s::integer()},
                    {"planId", s::integer()},
                    {"planName", s::string()},
                    {"siteId", s::integer()},
                    {"siteName", s::string()},
                    {"collegeId", s::integer()},
                    {"collegeName", s::string()},
                    {"certificateId", s::integer()},
                    {"certificateName", s::string()},
                    {"name", s::string()},
                    {"types", s::array(s::enumeration(type_options()))},
                    {"typesText", s::string()},
                    {"seats", s::integer()},
                    {"region", s::string()},
                    {"address", s::string()},
                    {"status", s::enumeration({"unarranged", "arranging", "finished"})},
                    {"statusName", s::string()},
                    {"arranged", s::integer()},
                    {"version", s::integer()},
                    {"createdAt", s::datetime()},
                    {"updatedAt", s::datetime()}});
}

}  // namespace kaowu::rooms
