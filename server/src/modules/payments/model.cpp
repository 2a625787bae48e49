#include "modules/payments/model.hpp"

#include "core/http/schema.hpp"
#include "core/input.hpp"

namespace kaowu::payments {

const char* mode_name(const std::string& mode) {
  return mode == "subject" ? "按科目缴费" : "按证书缴费";
}

const char* status_name(const std::string& status) {
  return status == "confirmed" ? "已确认" : "待确认";
}

std::string yuan(std::int64_t fen) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(fen / 100),
                static_cast<long long>(fen % 100));
  return buf;
}

std::string amount_in_words(std::int64_t fen) {
  static const char* digits[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
  static const char* units[] = {"", "拾", "佰", "仟"};
  static const char* groups[] = {"", "万", "亿", "万亿"};
  if (fen < 0) return "负" + amount_in_words(-fen);
  long long yuan_part = fen / 100;
  const int jiao = static_cast<int>((fen / 10) % 10), fen_digit = static_cast<int>(fen % 10);
  std::string out;
  if (yuan_part > 0) {
    // Groups of four digits from the highest; a zero run inside the number reads as one 零.
    std::vector<int> groups_digits;
    for (long long v = yuan_part; v > 0; v /= 10000)
      groups_digits.push_back(static_cast<int>(v % 10000));
    bool pending_zero = false;
    for (int g = static_cast<int>(groups_digits.size()) - 1; g >= 0; --g) {
      const int group = groups_digits[static_cast<std::size_t>(g)];
      if (group == 0) {
        pending_zero = !out.empty();
        continue;
      }
      const int d[4] = {group / 1000, (group / 100) % 10, (group / 10) % 10, group % 10};
      bool started = false;
      for (int i = 0; i < 4; ++i) {
        if (d[i] == 0) {
          if (started || !out.empty()) pending_zero = true;
          continue;
        }
        if (pending_zero && !out.empty()) out += "零";
        pending_zero = false;
        out += digits[d[i]];
        out += units[3 - i];
        started = true;
      }
      out += groups[g];
    }
    out += "元";
  }
  if (jiao == 0 && fen_digit == 0) return out.empty() ? "零元整" : out + "整";
  if (jiao > 0) {
    out += digits[jiao];
    out += "角";
  } else if (!out.empty()) {
    out += "零";
  }
  if (fen_digit > 0) {
    out += digits[fen_digit];
    out += "分";
  } else {
    out += "整";
  }
  return out;
}

nlohmann::json to_json(const Application& a, bool detail) {
  nlohmann::json j = {{"id", a.id},
                      {"number", a.number},
                      {"collegeId", a.college_id},
                      {"collegeName", a.college_name},
                      {"planId", a.plan_id},
                      {"planName", a.plan_name},
                      {"certificateId", a.certificate_id},
                      {"certificateName", a.certificate_name},
                      {"orgId", a.org_id},
                      {"orgName", a.org_name},
                      {"payeeOrgId", a.payee_org_id},
                      {"payeeName", a.payee_name},
                      {"mode", a.mode},
                      {"modeName", mode_name(a.mode)},
                      {"headCount", a.head_count},
                      {"amountFen", a.amount_fen},
                      {"amount", yuan(a.amount_fen)},
                      {"amountInWords", amount_in_words(a.amount_fen)},
                      {"status", a.status},
                      {"statusName", status_name(a.status)},
                      {"appliedAt", cst::format(a.created_at)},
                      {"confirmedAt", a.confirmed_at ? nlohmann::json(cst::format(*a.confirmed_at))
                                                     : nlohmann::json()},
                      {"version", a.version}};
  if (detail) {
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& l : a.lines) {
      lines.push_back({{"studentId", l.student_id},
                       {"studentName", l.student_name},
                       {"studentNo", l.student_no},
                       {"level", l.level},
                       {"subjectCode", l.subject_code},
                       {"subjectName", l.subject_name},
                       {"feeFen", l.fee_fen},
                       {"fee", yuan(l.fee_fen)}});
    }
    j["lines"] = lines;
  }
  return j;
}

const std::vector<office::Column>& export_columns() {
  using office::Column;
  using office::ColumnType;
  static const std::vector<Column> all = {
      {.name = "缴费单号", .type = ColumnType::text, .width = 14},
      {.name = "缴费院校", .width = 24},
      {.name = "缴费人数", .type = ColumnType::number, .width = 10},
      {.name = "申请时间", .type = ColumnType::text, .width = 18},
      {.name = "收费对象", .width = 28},
      {.name = "缴费方式", .width = 12},
      {.name = "缴费状态", .width = 10},
  };
  return all;
}

std::vector<std::string> export_cells(const Application& a) {
  return {a.number,     a.college_name,    std::to_string(a.head_count), cst::format(a.created_at),
          a.payee_name, mode_name(a.mode), status_name(a.status)};
}

Result<Filter> filter_from(const input::Query& query) {
  Filter f;
  f.number = query.text("number");
  f.mode = query.raw("mode");
  f.status = query.raw("status");
  if (!f.mode.empty() && f.mode != "certificate" && f.mode != "subject")
    return err::invalid("缴费方式不正确");
  if (!f.status.empty() && f.status != "pending" && f.status != "confirmed")
    return err::invalid("缴费状态不正确");
  f.plan_id = query.integer("planId");
  f.college_id = query.integer("collegeId");
  return f;
}

nlohmann::json schema(bool detail) {
  namespace s = http::schema;
  nlohmann::json props = {{"id", s::integer()},
                          {"number", s::string()},
                          {"collegeId", s::integer()},
                          {"collegeName", s::string()},
                          {"planId", s::integer()},
                          {"planName", s::string()},
                          {"certificateId", s::integer()},
                          {"certificateName", s::string()},
                          {"orgId", s::integer()},
                          {"orgName", s::string()},
                          {"payeeOrgId", s::integer()},
                          {"payeeName", s::string()},
                          {"mode", s::enumeration({"certificate", "subject"})},
                          {"modeName", s::string()},
                          {"headCount", s::integer()},
                          {"amountFen", s::integer()},
                          {"amount", s::string()},
                          {"amountInWords", s::string()},
                          {"status", s::enumeration({"pending", "confirmed"})},
                          {"statusName", s::string()},
                          {"appliedAt", s::datetime()},
                          {"confirmedAt", s::nullable(s::datetime())},
                          {"version", s::integer()}};
  if (detail) {
    props["lines"] = s::array(s::object({{"studentId", s::integer()},
                                         {"studentName", s::string()},
                                         {"studentNo", s::string()},
                                         {"level", s::string()},
                                         {"subjectCode", s::string()},
                                         {"subjectName", s::string()},
                                         {"feeFen", s::integer()},
                                         {"fee", s::string()}}));
  }
  return s::object(props);
}

}  // namespace kaowu::payments
