#include "modules/certificates/model.hpp"

#include <cmath>
#include <set>

#include "core/http/schema.hpp"
#include "core/input.hpp"

namespace kaowu::certificates {

namespace {
bool all_digits(const std::string& s, std::size_t n) {
  return s.size() == n && s.find_first_not_of("0123456789") == std::string::npos;
}

// Yuan with at most two decimals, as a number or a string, into fen.
Result<std::int64_t> read_fee(const nlohmann::json& body, const char* key,
                              const std::string& where) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::int64_t{0};
  double v = 0;
  if (it->is_number()) {
    v = it->get<double>();
  } else if (it->is_string()) {
    try {
      std::size_t used = 0;
      v = std::stod(it->get<std::string>(), &used);
      if (used != it->get<std::string>().size()) throw std::invalid_argument("trailing");
    } catch (...) {
      return err::invalid(where + "费用须为数字（元）");
    }
  } else {
    return err::invalid(where + "费用须为数字（元）");
  }
  const double fen = std::round(v * 100);
  if (v < 0 || fen > 1e9 || std::fabs(v * 100 - fen) > 1e-6) {
    return err::invalid(where + "费用须为 0 到 1000 万元之间、最多两位小数的金额");
  }
  return static_cast<std::int64_t>(fen);
}

Result<int> read_int(const nlohmann::json& body, const char* key, const std::string& label, int min,
                     int max) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return err::invalid("请填写" + label);
  long long v = 0;
  if (it->is_number_integer()) {
    v = it->get<long long>();
  } else if (it->is_string() && !it->get<std::string>().empty() &&
             it->get<std::string>().find_first_not_of("0123456789") == std::string::npos &&
             it->get<std::string>().size() < 10) {
    v = std::stoll(it->get<std::string>());
  } else {
    return err::invalid(label + "须为整数");
  }
  if (v < min || v > max) {
    return err::invalid(label + "须在 " + std::to_string(min) + " 到 " + std::to_string(max) +
                        " 之间");
  }
  return static_cast<int>(v);
}
}  // namespace

bool valid_mode(const std::string& m) {
  return m == "笔试" || m == "机考" || m == "实操" || m == "笔试+实操" || m == "机考+实操";
}

bool valid_level(const std::string& l) {
  return l == "初级" || l == "中级" || l == "高级";
}

int level_rank(const std::string& l) {
  return l == "初级" ? 1 : l == "中级" ? 2 : l == "高级" ? 3 : 9;
}

std::string yuan(std::int64_t fen) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(fen / 100),
                static_cast<long long>(fen % 100));
  return buf;
}

std::string pass_condition_name(const Level& l) {
  if (l.pass_condition == "total" && l.pass_total) return "总分≥" + std::to_string(*l.pass_total);
  return "各科成绩合格";
}

std::string pass_condition_name(const Certificate& c) {
  if (c.pass_condition == "total" && c.pass_total) return "总分≥" + std::to_string(*c.pass_total);
  return "各科成绩合格";
}

nlohmann::json to_json(const Certificate& c, bool detail) {
  std::string level_names;
  int subject_count = 0;
  for (const auto& l : c.levels) {
    level_names += (level_names.empty() ? "" : "、") + l.level;
    subject_count += static_cast<int>(l.subjects.size());
  }
  nlohmann::json j = {
      {"id", c.id},
      {"orgId", c.org_id},
      {"orgName", c.org_name},
      {"code", c.code},
      {"name", c.name},
      {"description", c.description},
      {"passCondition", c.pass_condition},
      {"passConditionName", pass_condition_name(c)},
      {"passTotal", c.pass_total ? nlohmann::json(*c.pass_total) : nlohmann::json(nullptr)},
      {"enabled", c.enabled},
      {"version", c.version},
      {"levelNames", level_names},
      {"subjectCount", subject_count},
      {"majorCount", c.majors.size()},
      {"createdAt", cst::format(c.created_at)},
      {"updatedAt", cst::format(c.updated_at)},
  };
  if (detail) {
    nlohmann::json levels = nlohmann::json::array();
    for (const auto& l : c.levels) {
      nlohmann::json subjects = nlohmann::json::array();
      for (const auto& s : l.subjects) {
        subjects.push_back({{"id", s.id},
                            {"code", s.code},
                            {"name", s.name},
                            {"mode", s.mode},
                            {"durationMinutes", s.duration_minutes},
                            {"fullMark", s.full_mark},
                            {"passMark", s.pass_mark},
                            {"fee", yuan(s.fee_fen)}});
      }
      levels.push_back(
          {{"id", l.id},
           {"level", l.level},
           {"code", l.code},
           {"fee", yuan(l.fee_fen)},
           {"passCondition", l.pass_condition},
           {"passConditionName", pass_condition_name(l)},
           {"passTotal", l.pass_total ? nlohmann::json(*l.pass_total) : nlohmann::json(nullptr)},
           {"subjects", subjects}});
    }
    nlohmann::json majors = nlohmann::json::array();
    for (const auto& m : c.majors) majors.push_back({{"name", m.name}, {"code", m.code}});
    j["levels"] = levels;
    j["majors"] = majors;
  }
  return j;
}

Status from_json(const nlohmann::json& body, Certificate& c) {
  c.code = TRY(input::text(body, "code", "证书编号", true, 8));
  if (!all_digits(c.code, 8))
    return err::invalid("证书编号须为 8 位数字，例如 50000001", {{"field", "code"}});
  c.name = TRY(input::text(body, "name", "证书名称", true, 60));
  c.description =
      TRY(input::text(body, "description", "证书说明", false, 500, input::Lines::multi));
  c.pass_condition = TRY(input::text(body, "passCondition", "通过条件", false, 20));
  if (c.pass_condition.empty()) c.pass_condition = "all_subjects";
  if (c.pass_condition != "all_subjects" && c.pass_condition != "total") {
    return err::invalid("通过条件须为 各科成绩合格 或 总分达到分数线",
                        {{"field", "passCondition"}});
  }
  c.pass_total.reset();
  auto levels = body.find("levels");
  if (levels == body.end() || !levels->is_array() || levels->empty()) {
    return err::invalid("请至少设置一个证书等级（初级、中级、高级）", {{"field", "levels"}});
  }
  std::set<std::string> level_seen, code_seen, level_code_seen;
  c.levels.clear();
  for (std::size_t i = 0; i < levels->size(); ++i) {
    const auto& lj = (*levels)[i];
    if (!lj.is_object()) return err::invalid("证书等级格式不正确", {{"field", "levels"}});
    Level level;
    level.level = TRY(input::text(lj, "level", "证书等级", true, 4));
    if (!valid_level(level.level)) {
      return err::invalid("证书等级须为 初级、中级 或 高级，第 " + std::to_string(i + 1) +
                              " 个等级是「" + level.level + "」",
                          {{"field", "levels"}});
    }
    if (!level_seen.insert(level.level).second) {
      return err::invalid("证书等级「" + level.level + "」重复", {{"field", "levels"}});
    }
    level.code = TRY(input::text(lj, "code", "证书等级编号", false, 20));
    if (!level.code.empty()) {
      if (!all_digits(level.code, 8)) {
        return err::invalid("证书等级「" + level.level + "」的编号须为 8 位数字，例如 50000101",
                            {{"field", "levels"}});
      }
      if (!level_code_seen.insert(level.code).second) {
        return err::invalid("证书等级编号 " + level.code + " 重复", {{"field", "levels"}});
      }
    }
    const std::string where = level.level + "：";
    level.fee_fen = TRY(read_fee(lj, "fee", where + "按证书报考"));
    level.pass_condition = TRY(input::text(lj, "passCondition", "通过条件", false, 20));
    if (!level.pass_condition.empty() && level.pass_condition != "all_subjects" &&
        level.pass_condition != "total") {
      return err::invalid(where + "通过条件须为 all_subjects（各科成绩合格）或 total（总分合格）",
                          {{"field", "levels"}});
    }
    auto subjects = lj.find("subjects");
    if (subjects == lj.end() || !subjects->is_array() || subjects->empty()) {
      return err::invalid(where + "请至少设置一个考试科目", {{"field", "levels"}});
    }
    for (std::size_t k = 0; k < subjects->size(); ++k) {
      const auto& sj = (*subjects)[k];
      const std::string at = where + "第 " + std::to_string(k + 1) + " 个科目";
      if (!sj.is_object()) return err::invalid(at + "格式不正确", {{"field", "levels"}});
      Subject s;
      auto code = input::text(sj, "code", "科目代码", true, 11);
      if (!code) return err::invalid(at + code.error().message, {{"field", "levels"}});
      s.code = code.value();
      if (!all_digits(s.code, 11)) {
        return err::invalid(at + "的科目代码须为 11 位数字，例如 50000002202",
                            {{"field", "levels"}});
      }
      if (!code_seen.insert(s.code).second) {
        return err::invalid("科目代码 " + s.code + " 重复", {{"field", "levels"}});
      }
      auto name = input::text(sj, "name", "科目名称", true, 60);
      if (!name) return err::invalid(at + name.error().message, {{"field", "levels"}});
      s.name = name.value();
      s.mode = sj.value("mode", "");
      if (!valid_mode(s.mode)) {
        return err::invalid(
            at + "「" + s.name + "」的考试方式须为 笔试、机考、实操、笔试+实操 或 机考+实操",
            {{"field", "levels"}});
      }
      auto duration = read_int(sj, "durationMinutes", "考试时长（分钟）", 1, 1440);
      if (!duration)
        return err::invalid(at + "「" + s.name + "」：" + duration.error().message,
                            {{"field", "levels"}});
      s.duration_minutes = duration.value();
      auto full = read_int(sj, "fullMark", "满分", 1, 1000);
      if (!full)
        return err::invalid(at + "「" + s.name + "」：" + full.error().message,
                            {{"field", "levels"}});
      s.full_mark = full.value();
      auto pass = read_int(sj, "passMark", "及格分", 0, 1000);
      if (!pass)
        return err::invalid(at + "「" + s.name + "」：" + pass.error().message,
                            {{"field", "levels"}});
      s.pass_mark = pass.value();
      if (s.pass_mark > s.full_mark) {
        return err::invalid(at + "「" + s.name + "」的及格分不能高于满分", {{"field", "levels"}});
      }
      s.fee_fen = TRY(read_fee(sj, "fee", at + "「" + s.name + "」按科目报考"));
      level.subjects.push_back(std::move(s));
    }
    c.levels.push_back(std::move(level));
  }
  std::sort(c.levels.begin(), c.levels.end(), [](const Level& a, const Level& b) {
    return level_rank(a.level) < level_rank(b.level);
  });
  if (c.pass_condition == "total") {
    int min_total = 1 << 30;
    for (const auto& l : c.levels) {
      int sum = 0;
      for (const auto& s : l.subjects) sum += s.full_mark;
      min_total = std::min(min_total, sum);
    }
    auto total = read_int(body, "passTotal", "总分分数线", 1, min_total);
    if (!total) return err::invalid(total.error().message, {{"field", "passTotal"}});
    c.pass_total = total.value();
  }
  for (std::size_t i = 0; i < levels->size(); ++i) {
    // c.levels is sorted by rank: find the level this body entry became.
    const auto& lj = (*levels)[i];
    std::string name = lj.value("level", "");
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    for (auto& level : c.levels) {
      if (level.level != name) continue;
      if (level.pass_condition.empty()) {
        level.pass_condition = c.pass_condition;
        level.pass_total = c.pass_total;
      } else if (level.pass_condition == "total") {
        int sum = 0;
        for (const auto& s : level.subjects) sum += s.full_mark;
        auto total = read_int(lj, "passTotal", level.level + "：总分分数线", 1, sum);
        if (!total) return err::invalid(total.error().message, {{"field", "levels"}});
        level.pass_total = total.value();
      } else {
        level.pass_total.reset();
      }
    }
  }
  c.majors.clear();
  std::set<std::string> major_seen;
  if (auto majors = body.find("majors"); majors != body.end() && majors->is_array()) {
    for (const auto& mj : *majors) {
      Major m;
      if (mj.is_string()) {
        m.name = input::trim(mj.get<std::string>());
      } else if (mj.is_object()) {
        m.name = TRY(input::text(mj, "name", "专业名称", true, 60));
        m.code = TRY(input::text(mj, "code", "专业代码", false, 20));
      }
      if (m.name.empty()) return err::invalid("专业名称不能为空", {{"field", "majors"}});
      if (!major_seen.insert(m.name).second)
        return err::invalid("专业「" + m.name + "」重复", {{"field", "majors"}});
      c.majors.push_back(std::move(m));
    }
  }
  return {};
}

Filter filter_from(const input::Query& query) {
  Filter f;
  f.keyword = query.text("keyword");
  f.org_id = query.integer("orgId");
  f.enabled = query.flag("enabled");
  return f;
}

nlohmann::json schema(bool detail) {
  namespace s = http::schema;
  const auto yuan_text = [] {
    auto t = s::string();
    t["description"] = "金额（元，两位小数）";
    return t;
  };
  nlohmann::json props = {{"id", s::integer()},
                          {"orgId", s::integer()},
                          {"orgName", s::string()},
                          {"code", s::string()},
                          {"name", s::string()},
                          {"description", s::string()},
                          {"passCondition", s::enumeration({"all_subjects", "total"})},
                          {"passConditionName", s::string()},
                          {"passTotal", s::nullable(s::integer())},
                          {"enabled", s::boolean()},
                          {"version", s::integer()},
                          {"levelNames", s::string()},
                          {"subjectCount", s::integer()},
                          {"majorCount", s::integer()},
                          {"createdAt", s::datetime()},
                          {"updatedAt", s::datetime()}};
  if (detail) {
    const auto level_code = [] {
      auto t = s::string();
      t["description"] =
          "证书等级编号（8 位数字，各等级不同；新增或修改时可不填，自动生成或保持不变）";
      return t;
    };
    const auto subject =
        s::object({{"id", s::integer()},
                   {"code", s::string()},
                   {"name", s::string()},
                   {"mode", s::enumeration({"笔试", "机考", "实操", "笔试+实操", "机考+实操"})},
                   {"durationMinutes", s::integer()},
                   {"fullMark", s::integer()},
                   {"passMark", s::integer()},
                   {"fee", yuan_text()}});
    props["levels"] =
        s::array(s::object({{"id", s::integer()},
                            {"level", s::enumeration({"初级", "中级", "高级"})},
                            {"code", level_code()},
                            {"fee", yuan_text()},
                            {"passCondition", s::enumeration({"all_subjects", "total"})},
                            {"passConditionName", s::string()},
                            {"passTotal", s::nullable(s::integer())},
                            {"subjects", s::array(subject)}}));
    props["majors"] = s::array(s::object({{"name", s::string()}, {"code", s::string()}}));
  }
  return s::object(props);
}

}  // namespace kaowu::certificates
