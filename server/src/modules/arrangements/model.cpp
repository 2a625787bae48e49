#include "modules/arrangements/model.hpp"

#include <cstdio>

namespace kaowu::arrangements {

SubjectState subject_state(Timestamp arranging_start, Timestamp arranging_end, long long registered,
                           long long arranged, Timestamp now) {
  if (now < arranging_start) return SubjectState::not_started;
  if (now >= arranging_end) return SubjectState::ended;
  if (arranged <= 0) return SubjectState::unarranged;
  if (arranged < registered) return SubjectState::arranging;
  return SubjectState::arranged;
}

namespace {
struct StateInfo {
  SubjectState state;
  const char* code;
  const char* name;
};
constexpr StateInfo kStates[] = {{SubjectState::not_started, "not_started", "未开始"},
                                 {SubjectState::unarranged, "unarranged", "未排考"},
                                 {SubjectState::arranging, "arranging", "排考中"},
                                 {SubjectState::arranged, "arranged", "已排完"},
                                 {SubjectState::ended, "ended", "已结束"}};
}  // namespace

const char* state_code(SubjectState s) {
  for (const auto& i : kStates)
    if (i.state == s) return i.code;
  return "";
}
const char* state_name(SubjectState s) {
  for (const auto& i : kStates)
    if (i.state == s) return i.name;
  return "";
}
std::optional<SubjectState> parse_state(const std::string& code) {
  for (const auto& i : kStates)
    if (code == i.code) return i.state;
  return std::nullopt;
}
std::vector<std::string> state_codes() {
  std::vector<std::string> out;
  for (const auto& i : kStates) out.emplace_back(i.code);
  return out;
}

std::string ticket_prefix(Timestamp first_exam, std::int64_t site_id, const std::string& level,
                          std::int64_t plan_id) {
  const char* lv = level == "初级" ? "01" : level == "中级" ? "02" : level == "高级" ? "03" : "00";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%04lld%s%05lld", cst::format_with(first_exam, "%Y%m%d").c_str(),
                static_cast<long long>(site_id % 10000), lv,
                static_cast<long long>(plan_id % 100000));
  return buf;
}

std::string ticket_number(const std::string& prefix, long long sequence) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%06lld", sequence % 1000000);
  return prefix + buf;
}

long long ticket_sequence(const std::string& ticket_no) {
  if (ticket_no.size() != 25) return 0;
  long long n = 0;
  for (std::size_t i = 19; i < 25; ++i) {
    if (ticket_no[i] < '0' || ticket_no[i] > '9') return 0;
    n = n * 10 + (ticket_no[i] - '0');
  }
  return n;
}

const char* reason_name(const std::string& code) {
  if (code == "capacity") return "考点考位已满";
  if (code == "no_room_type") return "没有该考试方式的考场";
  if (code == "time_clash") return "与该考生另一科目的考试时间冲突";
  if (code == "no_site") return "没有考核站点服务该考生所在院校";
  if (code == "invalid_existing") return "原编排已不符合规则（如考场考位减少），请手动调整";
  if (code == "unpaid") return "未缴费（该考试计划须确认缴费后才能排考）";
  return "未能排考";
}

Result<SubjectFilter> subject_filter_from(const input::Query& q) {
  SubjectFilter f;
  f.plan_id = TRY(q.id("planId", "考试计划"));
  f.certificate_id = TRY(q.id("certificateId", "考试证书"));
  f.keyword = q.text("keyword");
  const std::string state = q.text("state");
  if (!state.empty()) {
    f.state = parse_state(state);
    if (!f.state)
      return err::invalid("状态「" + state +
                          "」不正确，可选：not_started 未开始、unarranged 未排考、arranging "
                          "排考中、arranged 已排完、ended 已结束");
  }
  return f;
}

Result<RoomSlotFilter> room_slot_filter_from(const input::Query& q) {
  RoomSlotFilter f;
  f.plan_id = TRY(q.id("planId", "考试计划"));
  f.site_id = TRY(q.id("siteId", "考核站点"));
  f.keyword = q.text("keyword");
  return f;
}

Result<DetailFilter> detail_filter_from(const input::Query& q) {
  DetailFilter f;
  f.plan_id = TRY(q.id("planId", "考试计划"));
  f.subject_id = TRY(q.id("subjectId", "考试科目"));
  f.room_slot_id = TRY(q.id("roomSlotId", "考场编排"));
  f.keyword = q.text("keyword");
  return f;
}

}  // namespace kaowu::arrangements
