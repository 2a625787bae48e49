#include "modules/plans/model.hpp"

#include <algorithm>
#include <map>

#include "core/http/schema.hpp"
#include "core/input.hpp"

namespace kaowu::plans {

namespace {
struct WindowField {
  const char* key;
  const char* label;
  Timestamp Windows::*member;
};

const WindowField kWindowFields[] = {
    {"registrationStart", "报考开始时间", &Windows::registration_start},
    {"registrationEnd", "报考结束时间", &Windows::registration_end},
    {"arrangingStart", "排考开始时间", &Windows::arranging_start},
    {"arrangingEnd", "排考结束时间", &Windows::arranging_end},
    {"scoreStart", "成绩登记开始时间", &Windows::score_start},
    {"scoreEnd", "成绩登记结束时间", &Windows::score_end},
    {"publicityStart", "公示期开始时间", &Windows::publicity_start},
    {"publicityEnd", "公示期结束时间", &Windows::publicity_end},
};

Result<Timestamp> read_time(const nlohmann::json& body, const char* key, const std::string& label) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null() || (it->is_string() && it->get<std::string>().empty())) {
    return err::invalid("请填写" + label, {{"field", key}});
  }
  if (!it->is_string()) return err::invalid(label + "格式应为 2021-09-18 08:00", {{"field", key}});
  auto t = cst::parse(it->get<std::string>());
  if (!t) return err::invalid(label + "格式应为 2021-09-18 08:00", {{"field", key}});
  return *t;
}

std::vector<std::int64_t> ids(const nlohmann::json& body, const char* key) {
  std::vector<std::int64_t> out;
  auto it = body.find(key);
  if (it == body.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_number_integer()) out.push_back(v.get<std::int64_t>());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}
}  // namespace

const char* mode_name(const std::string& mode) {
  return mode == "subject" ? "按科目报考" : "按证书报考";
}

const char* status_name(const std::string& status) {
  if (status == "published") return "已发布";
  if (status == "cancelled") return "已取消";
  return "草稿";
}

std::pair<Timestamp, Timestamp> exam_span(const Plan& plan) {
  if (plan.subjects.empty()) return {0, 0};
  Timestamp first = plan.subjects.front().start, last = plan.subjects.front().end;
  for (const auto& s : plan.subjects) {
    first = std::min(first, s.start);
    last = std::max(last, s.end);
  }
  return {first, last};
}

namespace {
struct PhaseName {
  const char* code;
  const char* name;
};
constexpr PhaseName kPhases[] = {
    {"draft", "草稿"},       {"upcoming", "未开始"},  {"registration", "报考中"},
    {"arranging", "排考中"}, {"examining", "考试中"}, {"scoring", "成绩登记中"},
    {"publicity", "公示中"}, {"finished", "已结束"},  {"cancelled", "已取消"},
};
}  // namespace

std::string phase(const Plan& plan, Timestamp now) {
  if (plan.status == "draft") return "draft";
  if (plan.status == "cancelled") return "cancelled";
  const Windows& w = plan.windows;
  const auto [first_exam, last_exam] = exam_span(plan);
  if (now >= w.publicity_end) return "finished";
  if (now >= w.publicity_start) return "publicity";
  if (now >= w.score_start) return "scoring";
  if (first_exam && now >= first_exam) return "examining";
  if (now >= w.arranging_start) return "arranging";
  if (now >= w.registration_start) return "registration";
  return "upcoming";
}

const char* phase_name(const std::string& code) {
  for (const auto& p : kPhases) {
    if (code == p.code) return p.name;
  }
  return "";
}

std::vector<std::string> phase_codes() {
  std::vector<std::string> codes;
  for (const auto& p : kPhases) codes.push_back(p.code);
  return codes;
}

bool valid_phase(const std::string& code) {
  return *phase_name(code) != '\0';
}

Status validate_times(const Plan& plan) {
  const Windows& w = plan.windows;
  for (std::size_t i = 0; i < std::size(kWindowFields); i += 2) {
    const auto& start = kWindowFields[i];
    const auto& end = kWindowFields[i + 1];
    if (w.*(start.member) >= w.*(end.member)) {
      return err::invalid(std::string(start.label) + "须早于" + end.label, {{"field", start.key}});
    }
  }
  if (w.registration_end > w.arranging_end) {
    return err::invalid("报考结束时间不能晚于排考结束时间", {{"field", "registrationEnd"}});
  }
  if (w.publicity_start < w.score_start) {
    return err::invalid("公示期不能早于成绩登记开始", {{"field", "publicityStart"}});
  }
  for (const auto& s : plan.subjects) {
    const std::string what = "科目「" + s.name + "」";
    if (s.start >= s.end)
      return err::invalid(what + "的考试开始时间须早于结束时间", {{"field", "subjects"}});
    if (s.start < w.arranging_end) {
      return err::invalid(what + "的考试时间 " + cst::format_minute(s.start) +
                              " 早于排考结束时间 " + cst::format_minute(w.arranging_end) +
                              "，排考须在考试前结束",
                          {{"field", "subjects"}});
    }
    if (w.score_start < s.end) {
      return err::invalid(
          "成绩登记须在" + what + "考试结束（" + cst::format_minute(s.end) + "）之后开始",
          {{"field", "scoreStart"}});
    }
  }
  // A candidate takes every subject of a level: its slots must not overlap.
  std::map<std::int64_t, std::vector<const PlanSubject*>> by_level;
  for (const auto& s : plan.subjects) by_level[s.level_id].push_back(&s);
  for (auto& [level, subjects] : by_level) {
    std::sort(subjects.begin(), subjects.end(),
              [](auto* a, auto* b) { return a->start < b->start; });
    for (std::size_t i = 1; i < subjects.size(); ++i) {
      if (subjects[i]->start < subjects[i - 1]->end) {
        return err::invalid("同一证书等级的科目「" + subjects[i - 1]->name + "」与「" +
                                subjects[i]->name + "」考试时间重叠，考生无法同时参加",
                            {{"field", "subjects"}});
      }
    }
  }
  return {};
}

Result<Draft> parse_draft(const nlohmann::json& body) {
  Draft d;
  d.name = TRY(input::text(body, "name", "考试计划名称", true, 80));
  d.mode = TRY(input::text(body, "mode", "报考方式", true, 20));
  if (d.mode != "certificate" && d.mode != "subject") {
    return err::invalid("报考方式须为 按证书报考 或 按科目报考", {{"field", "mode"}});
  }
  d.payee_org_id = TRY(input::integer(body, "payeeOrgId", "收费对象", false));
  d.payment_before_arranging =
      TRY(input::boolean(body, "paymentBeforeArranging", "排考前须确认缴费")).value_or(false);
  d.invigilators_per_room = static_cast<int>(
      TRY(input::integer(body, "invigilatorsPerRoom", "每考场监考老师人数", false)).value_or(2));
  if (d.invigilators_per_room < 1 || d.invigilators_per_room > 5)
    return err::invalid("每考场监考老师人数须为 1 到 5", {{"field", "invigilatorsPerRoom"}});
  d.patrols_per_site = static_cast<int>(
      TRY(input::integer(body, "patrolsPerSite", "每考点巡考老师人数", false)).value_or(1));
  if (d.patrols_per_site < 0 || d.patrols_per_site > 5)
    return err::invalid("每考点巡考老师人数须为 0 到 5", {{"field", "patrolsPerSite"}});
  d.notes = TRY(input::text(body, "notes", "备注", false, 500, input::Lines::multi));
  d.exam_notice =
      TRY(input::text(body, "examNotice", "考试须知", false, 2000, input::Lines::multi));
  const nlohmann::json windows =
      body.contains("windows") && body["windows"].is_object() ? body["windows"] : body;
  for (const auto& f : kWindowFields)
    d.windows.*(f.member) = TRY(read_time(windows, f.key, f.label));
  d.level_ids = ids(body, "levelIds");
  d.college_ids = ids(body, "collegeIds");
  if (auto it = body.find("subjects"); it != body.end() && it->is_array()) {
    for (const auto& s : *it) {
      if (!s.is_object() || !s.contains("subjectId") || !s["subjectId"].is_number_integer()) {
        return err::invalid("考试科目格式不正确", {{"field", "subjects"}});
      }
      const Timestamp start = TRY(read_time(s, "start", "科目考试开始时间"));
      const Timestamp end = TRY(read_time(s, "end", "科目考试结束时间"));
      d.slots.push_back({s["subjectId"].get<std::int64_t>(), {start, end}});
    }
  }
  return d;
}

nlohmann::json to_json(const Plan& p, Timestamp now, bool detail) {
  const auto [first, last] = exam_span(p);
  std::string level_names;
  for (const auto& l : p.levels)
    level_names += (level_names.empty() ? "" : "；") + l.certificate_name + "(" + l.level + ")";
  auto windows = nlohmann::json::object();
  for (const auto& f : kWindowFields) windows[f.key] = cst::format(p.windows.*(f.member));
  nlohmann::json j = {
      {"id", p.id},
      {"orgId", p.org_id},
      {"orgName", p.org_name},
      {"name", p.name},
      {"mode", p.mode},
      {"modeName", mode_name(p.mode)},
      {"payeeOrgId", p.payee_org_id},
      {"payeeName", p.payee_name},
      {"paymentBeforeArranging", p.payment_before_arranging},
      {"invigilatorsPerRoom", p.invigilators_per_room},
      {"patrolsPerSite", p.patrols_per_site},
      {"status", p.status},
      {"statusName", status_name(p.status)},
      {"phase", phase(p, now)},
      {"phaseName", phase_name(phase(p, now))},
      {"windows", windows},
      {"firstExamAt", first ? nlohmann::json(cst::format(first)) : nlohmann::json(nullptr)},
      {"lastExamEndAt", last ? nlohmann::json(cst::format(last)) : nlohmann::json(nullptr)},
      {"levelNames", level_names},
      {"collegeCount", p.colleges.size()},
      {"version", p.version},
      {"createdAt", cst::format(p.created_at)},
      {"updatedAt", cst::format(p.updated_at)},
  };
  if (detail) {
    j["notes"] = p.notes;
    j["examNotice"] = p.exam_notice;
    j["levels"] = nlohmann::json::array();
    for (const auto& l : p.levels) {
      j["levels"].push_back({{"levelId", l.level_id},
                             {"certificateId", l.certificate_id},
                             {"certificateCode", l.certificate_code},
                             {"certificateName", l.certificate_name},
                             {"level", l.level}});
    }
    j["subjects"] = nlohmann::json::array();
    for (const auto& s : p.subjects) {
      j["subjects"].push_back(
          {{"subjectId", s.subject_id},
           {"levelId", s.level_id},
           {"code", s.code},
           {"name", s.name},
           {"mode", s.mode},
           {"certificateName", s.certificate_name},
           {"level", s.level},
           {"start", cst::format(s.start)},
           {"end", cst::format(s.end)},
           {"slot", cst::format_minute(s.start) + "-" + cst::format_with(s.end, "%H:%M")}});
    }
    j["colleges"] = nlohmann::json::array();
    for (const auto& c : p.colleges) j["colleges"].push_back({{"id", c.id}, {"name", c.name}});
  }
  return j;
}

nlohmann::json schema(bool detail) {
  namespace s = http::schema;
  nlohmann::json windows = nlohmann::json::object();
  for (const auto& f : kWindowFields) windows[f.key] = s::datetime();
  nlohmann::json props = {{"id", s::integer()},
                          {"orgId", s::integer()},
                          {"orgName", s::string()},
                          {"name", s::string()},
                          {"mode", s::enumeration({"certificate", "subject"})},
                          {"modeName", s::string()},
                          {"payeeOrgId", s::integer()},
                          {"payeeName", s::string()},
                          {"paymentBeforeArranging", s::boolean()},
                          {"invigilatorsPerRoom", s::integer()},
                          {"patrolsPerSite", s::integer()},
                          {"status", s::enumeration({"draft", "published", "cancelled"})},
                          {"statusName", s::string()},
                          {"phase", s::enumeration(phase_codes())},
                          {"phaseName", s::string()},
                          {"windows", s::object(windows)},
                          {"firstExamAt", s::nullable(s::datetime())},
                          {"lastExamEndAt", s::nullable(s::datetime())},
                          {"levelNames", s::string()},
                          {"collegeCount", s::integer()},
                          {"version", s::integer()},
                          {"createdAt", s::datetime()},
                          {"updatedAt", s::datetime()}};
  if (detail) {
    props["notes"] = s::string();
    props["examNotice"] = s::string();
    props["levels"] = s::array(s::object({{"levelId", s::integer()},
                                          {"certificateId", s::integer()},
                                          {"certificateCode", s::string()},
                                          {"certificateName", s::string()},
                                          {"level", s::string()}}));
    props["subjects"] = s::array(s::object({{"subjectId", s::integer()},
                                            {"levelId", s::integer()},
                                            {"code", s::string()},
                                            {"name", s::string()},
                                            {"mode", s::string()},
                                            {"certificateName", s::string()},
                                            {"level", s::string()},
                                            {"start", s::datetime()},
                                            {"end", s::datetime()},
                                            {"slot", s::string()}}));
    props["colleges"] = s::array(s::object({{"id", s::integer()}, {"name", s::string()}}));
  }
  return s::object(props);
}

}  // namespace kaowu::plans
