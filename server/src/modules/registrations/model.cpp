#include "modules/registrations/model.hpp"

#include "core/http/schema.hpp"
#include "core/input.hpp"

namespace kaowu::registrations {

std::string status_of(const std::optional<Placement>& placement, Timestamp now) {
  if (!placement) return "unarranged";
  if (now < placement->slot_start) return "waiting";
  if (now < placement->slot_end) return "ongoing";
  return "finished";
}

const char* status_name(const std::string& status) {
  if (status == "waiting") return "待考试";
  if (status == "ongoing") return "考试中";
  if (status == "finished") return "已结束";
  return "未排考";
}

bool valid_status(const std::string& status) {
  return status == "unarranged" || status == "waiting" || status == "ongoing" ||
         status == "finished";
}

bool open_for_registration(const plans::Plan& plan, Timestamp now) {
  return plan.status == "published" && plan.windows.registration_start <= now &&
         now < plan.windows.registration_end;
}

std::string level_label(const std::string& certificate_name, const std::string& level) {
  return certificate_name + "(" + level + ")";
}

nlohmann::json to_json(const Registration& r, Timestamp now) {
  const std::string status = status_of(r.placement, now);
  return {{"id", r.id},
          {"version", r.version},
          {"planId", r.plan_id},
          {"planName", r.plan_name},
          {"orgName", r.org_name},
          {"collegeId", r.college_id},
          {"collegeName", r.college_name},
          {"studentId", r.student_id},
          {"studentName", r.student_name},
          {"studentNo", r.student_no},
          {"idNumber", r.id_number},
          {"studentType", r.student_type},
          {"certificateId", r.certificate_id},
          {"certificateName", r.certificate_name},
          {"levelId", r.level_id},
          {"level", r.level},
          {"levelName", level_label(r.certificate_name, r.level)},
          {"subjectId", r.subject_id},
          {"subjectCode", r.subject_code},
          {"subjectName", r.subject_name},
          {"examMode", r.exam_mode},
          {"mode", r.mode},
          {"modeName", plans::mode_name(r.mode)},
          {"siteName", r.placement ? r.placement->site_name : ""},
          {"ticketNo", r.placement ? r.placement->ticket_no : ""},
          {"slot", r.placement ? cst::format_minute(r.placement->slot_start) + "-" +
                                     cst::format_with(r.placement->slot_end, "%H:%M")
                               : ""},
          {"status", status},
          {"statusName", status_name(status)},
          {"paid", r.paid},
          {"paidName", r.paid ? "已缴费" : "未缴费"},
          {"inApplication", r.application_id.has_value()},
          {"createdAt", cst::format(r.created_at)}};
}

const std::vector<office::Column>& export_columns() {
  using office::Column;
  using office::ColumnType;
  static const std::vector<Column> all = {
      {.name = "序号", .type = ColumnType::number, .width = 8},
      {.name = "考试计划", .width = 30},
      {.name = "考生姓名", .width = 12},
      {.name = "考生编号", .type = ColumnType::text, .width = 20},
      {.name = "身份证号", .type = ColumnType::text, .width = 22},
      {.name = "考生类型"},
      {.name = "所属院校", .width = 20},
      {.name = "所属考点", .width = 36},
      {.name = "准考证号", .type = ColumnType::text, .width = 28},
      {.name = "证书等级", .width = 36},
      {.name = "报考科目", .width = 26},
      {.name = "考试方式"},
      {.name = "考核单位", .width = 28},
      {.name = "考试状态"},
  };
  return all;
}

std::vector<std::string> export_cells(const Registration& r, long long index, Timestamp now) {
  return {std::to_string(index),
          r.plan_name,
          r.student_name,
          r.student_no,
          r.id_number,  // the seed's 报考数据 export shows the whole 身份证号 (it masks elsewhere)
          r.student_type,
          r.college_name,
          r.placement ? r.placement->site_name : "",
          r.placement ? r.placement->ticket_no : "",
          level_label(r.certificate_name, r.level),
          r.subject_name,
          r.exam_mode,
          r.org_name,
          status_name(status_of(r.placement, now))};
}

std::vector<std::string> split_names(const std::string& cell) {
  static const std::vector<std::string> separators = {"、", ",", "，", ";", "；", "\n"};
  std::vector<std::string> out;
  std::string current;
  for (std::size_t i = 0; i < cell.size();) {
    bool split = false;
    for (const auto& sep : separators) {
      if (cell.compare(i, sep.size(), sep) == 0) {
        if (auto t = input::trim(current); !t.empty()) out.push_back(t);
        current.clear();
        i += sep.size();
        split = true;
        break;
      }
    }
    if (!split) current += cell[i++];
  }
  if (auto t = input::trim(current); !t.empty()) out.push_back(t);
  return out;
}

Result<Filter> filter_from(const input::Query& query) {
  Filter f;
  f.plan_id = TRY(query.id("planId", "考试计划"));
  f.college_id = TRY(query.id("collegeId", "院校"));
  f.certificate_id = TRY(query.id("certificateId", "证书"));
  f.subject_id = TRY(query.id("subjectId", "科目"));
  f.name = query.text("name");
  f.student_no = query.text("studentNo");
  f.id_number = query.text("idNumber");
  if (!f.id_number.empty() && f.id_number.back() == 'x') f.id_number.back() = 'X';
  f.status = query.raw("status");
  if (!f.status.empty() && !valid_status(f.status)) {
    return err::invalid("考试状态须为 unarranged、waiting、ongoing 或 finished",
                        {{"field", "status"}});
  }
  const std::string paid = query.raw("paid");
  if (paid == "1" || paid == "true")
    f.paid = true;
  else if (paid == "0" || paid == "false")
    f.paid = false;
  else if (!paid.empty())
    return err::invalid("缴费状态须为 1（已缴费）或 0（未缴费）", {{"field", "paid"}});
  return f;
}

nlohmann::json schema() {
  namespace s = http::schema;
  return s::object({{"id", s::integer()},
                    {"version", s::integer()},
                    {"planId", s::integer()},
                    {"planName", s::string()},
                    {"orgName", s::string()},
                    {"collegeId", s::integer()},
                    {"collegeName", s::string()},
                    {"studentId", s::integer()},
                    {"studentName", s::string()},
                    {"studentNo", s::string()},
                    {"idNumber", s::string()},
                    {"studentType", s::string()},
                    {"certificateId", s::integer()},
                    {"certificateName", s::string()},
                    {"levelId", s::integer()},
                    {"level", s::string()},
                    {"levelName", s::string()},
                    {"subjectId", s::integer()},
                    {"subjectCode", s::string()},
                    {"subjectName", s::string()},
                    {"examMode", s::string()},
                    {"mode", s::enumeration({"certificate", "subject"})},
                    {"modeName", s::string()},
                    {"siteName", s::string()},
                    {"ticketNo", s::string()},
                    {"slot", s::string()},
                    {"status", s::enumeration({"unarranged", "waiting", "ongoing", "finished"})},
                    {"statusName", s::string()},
                    {"paid", s::boolean()},
                    {"paidName", s::enumeration({"已缴费", "未缴费"})},
                    {"inApplication", s::boolean()},
                    {"createdAt", s::datetime()}});
}

}  // namespace kaowu::registrations
