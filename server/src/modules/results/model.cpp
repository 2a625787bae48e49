#include "modules/results/model.hpp"

#include "core/http/schema.hpp"
#include "office/mask.hpp"

namespace kaowu::results {

Decision decide(const std::string& condition, std::optional<int> pass_total,
                const std::vector<SubjectMark>& subjects) {
  Decision d;
  bool sat_any = false, all_passed = !subjects.empty();
  int total = 0;
  for (const auto& s : subjects) {
    const bool sat = s.entered && !s.absent && s.tenths.has_value();
    sat_any = sat_any || sat;
    if (!sat) {
      all_passed = false;
      continue;
    }
    total += *s.tenths;
    if (*s.tenths < s.pass_mark * 10) all_passed = false;
  }
  if (!sat_any) {
    d.status = "absent";
    return d;
  }
  d.total_tenths = total;
  const bool passed = condition == "total" && pass_total ? total >= *pass_total * 10 : all_passed;
  d.status = passed ? "passed" : "failed";
  return d;
}

const char* status_name(const std::string& status) {
  if (status == "passed") return "已通过";
  if (status == "failed") return "未通过";
  if (status == "absent") return "缺考";
  return "考核中";
}

const char* issue_name(const std::string& issue_state) {
  if (issue_state == "signed") return "待站点确认";
  if (issue_state == "issued") return "已发证";
  if (issue_state == "returned") return "已退回";
  return "待签发";
}

std::string condition_name(const std::string& condition, std::optional<int> pass_total) {
  if (condition == "total" && pass_total) return "总分≥" + std::to_string(*pass_total);
  return "各科成绩合格";
}

Result<Filter> filter_from(const input::Query& q) {
  Filter f;
  f.plan_id = TRY(q.id("planId", "考试计划"));
  f.certificate_id = TRY(q.id("certificateId", "证书"));
  f.student_name = q.text("studentName");
  f.student_no = q.text("studentNo");
  f.status = q.text("status");
  if (!f.status.empty() && f.status != "pending" && f.status != "passed" && f.status != "failed" &&
      f.status != "absent") {
    return err::invalid("考核状态「" + f.status +
                            "」不存在，可选 pending 考核中、passed 已通过、"
                            "failed 未通过、absent 缺考",
                        {{"field", "status"}});
  }
  f.issue = q.text("issue");
  if (!f.issue.empty() && f.issue != "none" && f.issue != "signed" && f.issue != "issued" &&
      f.issue != "returned") {
    return err::invalid("发证状态「" + f.issue +
                            "」不存在，可选 none 待签发、signed 待站点确认、"
                            "issued 已发证、returned 已退回",
                        {{"field", "issue"}});
  }
  return f;
}

namespace {
nlohmann::json time_or_null(Timestamp t) {
  return t ? nlohmann::json(cst::format(t)) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json to_json(const Row& r) {
  const bool decided = r.result_id.has_value();
  const bool passed = r.status == "passed";
  return {{"id", r.id},
          {"planId", r.plan_id},
          {"planName", r.plan_name},
          {"collegeId", r.college_id},
          {"collegeName", r.college_name},
          {"studentName", r.student_name},
          {"studentNo", r.student_no},
          {"idNumber", office::mask_id_number(r.id_number)},
          {"studentType", r.student_type},
          {"certificateId", r.certificate_id},
          {"certificateName", r.certificate_name},
          {"levelId", r.level_id},
          {"level", r.level},
          {"orgName", r.org_name},
          {"condition", r.condition},
          {"status", decided ? r.status : "pending"},
          {"statusName", status_name(r.status)},
          {"decidesAt", cst::format(r.publicity_end)},
          {"issueState", passed ? nlohmann::json(r.issue_state) : nlohmann::json(nullptr)},
          {"issueName", passed ? issue_name(r.issue_state) : ""},
          {"siteName", r.site_name},
          {"signedAt", time_or_null(r.signed_at)},
          {"confirmedAt", time_or_null(r.confirmed_at)},
          {"returnReason", r.return_reason},
          {"returnedBy", r.returned_by == "org"    ? "培训评价组织"
                         : r.returned_by == "site" ? "考核站点"
                                                   : ""},
          {"returnedAt", time_or_null(r.returned_at)},
          {"certificateNo", r.certificate_no},
          {"version", r.version}};
}

nlohmann::json schema() {
  namespace s = http::schema;
  return s::object(
      {{"id", s::integer()},
       {"planId", s::integer()},
       {"planName", s::string()},
       {"collegeId", s::integer()},
       {"collegeName", s::string()},
       {"studentName", s::string()},
       {"studentNo", s::string()},
       {"idNumber", s::string()},
       {"studentType", s::string()},
       {"certificateId", s::integer()},
       {"certificateName", s::string()},
       {"levelId", s::integer()},
       {"level", s::string()},
       {"orgName", s::string()},
       {"condition", s::string()},
       {"status", s::enumeration({"pending", "passed", "failed", "absent"})},
       {"statusName", s::string()},
       {"decidesAt", s::datetime()},
       {"issueState", s::nullable(s::enumeration({"none", "signed", "issued", "returned"}))},
       {"issueName", s::string()},
       {"siteName", s::string()},
       {"signedAt", s::nullable(s::datetime())},
       {"confirmedAt", s::nullable(s::datetime())},
       {"returnReason", s::string()},
       {"returnedBy", s::string()},
       {"returnedAt", s::nullable(s::datetime())},
       {"certificateNo", s::string()},
       {"version", s::integer()}});
}

std::vector<office::Column> export_columns() {
  using office::ColumnType;
  return {{.name = "考试计划"},
          {.name = "考生姓名"},
          {.name = "考生编号", .type = ColumnType::text},
          {.name = "身份证号", .type = ColumnType::text},
          {.name = "学生类型"},
          {.name = "所属院校"},
          {.name = "报考证书"},
          {.name = "证书等级"},
          {.name = "考核单位"},
          {.name = "通过条件"},
          {.name = "考核状态"}};
}

std::vector<std::string> export_cells(const Row& r) {
  return {r.plan_name,    r.student_name, r.student_no,         office::mask_id_number(r.id_number),
          r.student_type, r.college_name, r.certificate_name,   r.level,
          r.org_name,     r.condition,    status_name(r.status)};
}

}  // namespace kaowu::results
