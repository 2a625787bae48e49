#include "modules/scores/model.hpp"

#include <cctype>

#include "core/http/schema.hpp"
#include "office/mask.hpp"

namespace kaowu::scores {

namespace {
std::string window_text(Timestamp a, Timestamp b) {
  return cst::format_minute(a) + " 至 " + cst::format_minute(b);
}

std::string trim(const std::string& text) {
  std::size_t a = 0, b = text.size();
  while (a < b && std::isspace(static_cast<unsigned char>(text[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(text[b - 1]))) --b;
  return text.substr(a, b - a);
}
}  // namespace

Phase phase(const Windows& w, Timestamp now) {
  if (now >= w.publicity_end) return Phase::locked;
  if (now >= w.publicity_start) return Phase::publicity;
  if (now < w.score_start) return Phase::before;
  if (now >= w.score_end) return Phase::closed;
  return Phase::entry;
}

bool published(const Windows& w, Timestamp now) {
  return now >= w.publicity_start;
}

Status may_write(const Windows& w, Timestamp now, bool existing, bool has_reason, Via via) {
  switch (phase(w, now)) {
    case Phase::locked:
      return err::conflict("公示期已于 " + cst::format_minute(w.publicity_end) +
                           " 结束，成绩已锁定，不能再修改");
    case Phase::before:
      return err::conflict("成绩登记时间为 " + window_text(w.score_start, w.score_end) +
                           "，尚未开始，不能登记成绩");
    case Phase::closed:
      return err::conflict("成绩登记已于 " + cst::format_minute(w.score_end) +
                           " 结束（成绩登记时间 " + window_text(w.score_start, w.score_end) +
                           "）；公示期（" + window_text(w.publicity_start, w.publicity_end) +
                           "）内可填写原因修改已登记的成绩");
    case Phase::publicity:
      if (!existing) {
        if (now < w.score_end) return {};
        return err::conflict("成绩登记已于 " + cst::format_minute(w.score_end) +
                             " 结束，公示期内只能修改已登记的成绩");
      }
      if (via == Via::import) {
        return err::conflict("公示期内修改成绩须在科目成绩页面逐条填写修改原因，不能通过导入修改");
      }
      if (!has_reason) return err::invalid("公示期内修改成绩须填写修改原因", {{"field", "reason"}});
      return {};
    case Phase::entry:
      return {};
  }
  return {};
}

Result<int> parse_mark(const std::string& raw, int full_mark) {
  const std::string text = trim(raw);
  const std::string bad = "成绩须为 0 到 " + std::to_string(full_mark) + " 之间的数，最多一位小数";
  if (text.empty()) return err::invalid(bad + "，未填写");
  long long whole = 0;
  int tenth = 0;
  std::size_t i = 0;
  bool digits = false;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    whole = whole * 10 + (text[i] - '0');
    digits = true;
    if (whole > 100000) return err::invalid(bad + "，「" + text + "」超出满分");
    ++i;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    std::size_t decimals = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      if (decimals == 0) tenth = text[i] - '0';
      // 87.50 is 87.5; 87.55 has two decimals.
      else if (text[i] != '0')
        return err::invalid(bad + "，「" + text + "」的小数多于一位");
      ++decimals;
      ++i;
    }
  }
  if (!digits || i != text.size()) return err::invalid(bad + "，「" + text + "」不是数");
  const long long tenths = whole * 10 + tenth;
  if (tenths > static_cast<long long>(full_mark) * 10) {
    return err::invalid(bad + "，「" + text + "」超出满分 " + std::to_string(full_mark));
  }
  return static_cast<int>(tenths);
}

std::string format_mark(int tenths) {
  std::string out = std::to_string(tenths / 10);
  if (tenths % 10 != 0) out += "." + std::to_string(tenths % 10);
  return out;
}

Result<bool> parse_absent(const std::string& raw) {
  const std::string text = trim(raw);
  if (text.empty() || text == "否") return false;
  if (text == "是") return true;
  return err::invalid("是否缺考须填 是 或 否（不填为否），「" + text + "」不是");
}

std::string state_code(bool entered, Phase phase) {
  if (phase == Phase::locked) return "locked";
  if (phase == Phase::publicity) return entered ? "publicity" : "missing";
  return entered ? "entered" : "missing";
}

const char* state_name(const std::string& code) {
  if (code == "missing") return "未登记";
  if (code == "entered") return "已登记";
  if (code == "publicity") return "公示中";
  if (code == "locked") return "已锁定";
  if (code == "unpublished") return "成绩未公示";
  return "";
}

bool valid_state(const std::string& code) {
  return code != "unpublished" && *state_name(code) != '\0';
}

Result<Filter> filter_from(const input::Query& q) {
  Filter f;
  f.plan_id = TRY(q.id("planId", "考试计划"));
  f.certificate_id = TRY(q.id("certificateId", "证书"));
  f.subject_id = TRY(q.id("subjectId", "科目"));
  f.student_name = q.text("studentName");
  f.student_no = q.text("studentNo");
  f.state = q.text("state");
  if (!f.state.empty() && !valid_state(f.state)) {
    return err::invalid("成绩状态「" + f.state +
                            "」不存在，可选 missing 未登记、entered 已登记、"
                            "publicity 公示中、locked 已锁定",
                        {{"field", "state"}});
  }
  return f;
}

namespace {
std::string mark_text(const Row& r) {
  if (!r.score_id) return "";
  if (r.absent) return "缺考";
  return r.tenths ? format_mark(*r.tenths) : "";
}
}  // namespace

nlohmann::json to_json(const Row& r, Timestamp now, bool show_mark) {
  const Phase p = phase(r.windows, now);
  // Before the 公示期 a college learns nothing of a score, not even whether it is entered.
  const std::string state = show_mark ? state_code(r.score_id.has_value(), p) : "unpublished";
  const bool can_write =
      show_mark &&
      (p == Phase::entry || (p == Phase::publicity && (r.score_id || now < r.windows.score_end)));
  nlohmann::json mark = nullptr;
  if (show_mark && r.tenths && !r.absent) mark = format_mark(*r.tenths);
  return {
      {"id", r.id},
      {"planId", r.plan_id},
      {"planName", r.plan_name},
      {"collegeId", r.college_id},
      {"collegeName", r.college_name},
      {"studentName", r.student_name},
      {"studentNo", r.student_no},
      {"idNumber", office::mask_id_number(r.id_number)},
      {"studentType", r.student_type},
      {"ticketNo", r.ticket_no},
      {"subjectId", r.subject_id},
      {"subjectCode", r.subject_code},
      {"subjectName", r.subject_name},
      {"mode", r.mode},
      {"fullMark", r.full_mark},
      {"passMark", r.pass_mark},
      {"certificateId", r.certificate_id},
      {"certificateName", r.certificate_name},
      {"level", r.level},
      {"orgName", r.org_name},
      {"passCondition", r.pass_condition},
      {"published", show_mark},
      {"score", mark},
      {"scoreText", show_mark ? mark_text(r) : "成绩未公示"},
      {"absent", show_mark && r.score_id ? nlohmann::json(r.absent) : nlohmann::json(nullptr)},
      {"state", state},
      {"stateName", state_name(state)},
      {"canWrite", can_write},
      {"version", show_mark ? r.version : 0},
      {"updatedAt", show_mark && r.score_id ? nlohmann::json(cst::format(r.updated_at)) : nullptr}};
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
       {"ticketNo", s::string()},
       {"subjectId", s::integer()},
       {"subjectCode", s::string()},
       {"subjectName", s::string()},
       {"mode", s::string()},
       {"fullMark", s::integer()},
       {"passMark", s::integer()},
       {"certificateId", s::integer()},
       {"certificateName", s::string()},
       {"level", s::string()},
       {"orgName", s::string()},
       {"passCondition", s::string()},
       {"published", s::boolean()},
       {"score", s::nullable(s::string())},
       {"scoreText", s::string()},
       {"absent", s::nullable(s::boolean())},
       {"state", s::enumeration({"missing", "entered", "publicity", "locked", "unpublished"})},
       {"stateName", s::string()},
       {"canWrite", s::boolean()},
       {"version", s::integer()},
       {"updatedAt", s::nullable(s::datetime())}});
}

std::vector<office::Column> export_columns() {
  using office::ColumnType;
  return {{.name = "考试计划"},
          {.name = "考生姓名"},
          {.name = "考生编号", .type = ColumnType::text},
          {.name = "证件号码", .type = ColumnType::text},
          {.name = "准考证号", .type = ColumnType::text},
          {.name = "考生类型"},
          {.name = "所属院校"},
          {.name = "科目编号", .type = ColumnType::text},
          {.name = "科目名称"},
          {.name = "考试方式"},
          {.name = "报考证书"},
          {.name = "证书等级"},
          {.name = "考核单位"},
          {.name = "考试通过条件"},
          {.name = "成绩"},
          {.name = "是否缺考"},
          {.name = "成绩状态"}};
}

std::vector<std::string> export_cells(const Row& r, Timestamp now, bool show_mark) {
  const std::string state =
      show_mark ? state_code(r.score_id.has_value(), phase(r.windows, now)) : "unpublished";
  std::string mark = "成绩未公示", absent;
  if (show_mark) {
    mark = r.score_id && !r.absent && r.tenths ? format_mark(*r.tenths) : "";
    absent = r.score_id ? (r.absent ? "是" : "否") : "";
  }
  return {r.plan_name,
          r.student_name,
          r.student_no,
          office::mask_id_number(r.id_number),
          r.ticket_no,
          r.student_type,
          r.college_name,
          r.subject_code,
          r.subject_name,
          r.mode,
          r.certificate_name,
          r.level,
          r.org_name,
          r.pass_condition,
          mark,
          absent,
          state_name(state)};
}

const std::vector<office::Column>& import_columns() {
  using office::ColumnType;
  static const std::vector<office::Column> columns = {
      {.name = "准考证号",
       .type = ColumnType::text,
       .required = true,
       .note = "排考生成的准考证号，模板已按科目列出全部考生",
       .example = "示例：2021091800010100001000001",
       .width = 30},
      {.name = "考生编号", .type = ColumnType::text, .note = "核对用，可不改", .example = "示例"},
      {.name = "考生姓名", .note = "核对用，可不改", .example = "示例：张三"},
      {.name = "科目编号", .type = ColumnType::text, .required = true, .example = "示例"},
      {.name = "科目名称", .note = "核对用，可不改", .example = "示例"},
      {.name = "成绩",
       .note = "0 到该科目满分之间的数，最多一位小数；缺考的考生不填",
       .example = "示例：87.5"},
      {.name = "是否缺考",
       .options = {"是", "否"},
       .note = "缺考填 是，否则填 否 或不填",
       .example = "否"}};
  return columns;
}

}  // namespace kaowu::scores
