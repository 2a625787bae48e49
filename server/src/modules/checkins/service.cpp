#include "modules/checkins/service.hpp"

#include <algorithm>

#include "core/db/database.hpp"
#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/arrangements/ledger.hpp"
#include "modules/checkins/repository.hpp"
#include "modules/invigilators/ledger.hpp"
#include "modules/teachers/ledger.hpp"

namespace kaowu::checkins::service {

namespace {
struct Duty {
  arrangements::ledger::RoomSlot slot;
  std::int64_t invigilator_id = 0;
};

// The room-slot, when the signed-in teacher is one of its 监考.
Result<Duty> own_duty(soci::session& sql, const Scope& scope, std::int64_t room_slot_id) {
  auto slot = arrangements::ledger::room_slot(sql, room_slot_id);
  if (!slot) return err::not_found("考场场次不存在");
  const auto teacher = teachers::ledger::of_account(sql, scope.account_id);
  if (teacher && teacher->enabled) {
    for (const std::int64_t person :
         invigilators::ledger::certified_persons(sql, teacher->id_number, teacher->phone)) {
      if (std::find(slot->invigilator_ids.begin(), slot->invigilator_ids.end(), person) !=
          slot->invigilator_ids.end())
        return Duty{*slot, person};
    }
  }
  return err::forbidden("您不是" + slot->site_name + " " + slot->room_name + "（" +
                        cst::format_minute(slot->start) + "）的监考老师，不能为该考场签到");
}

// The 准考证号 in what was scanned (the QR code's address …/verify?t=<准考证号>-…) or typed.
std::string ticket_of(const std::string& code) {
  std::string text = input::trim(code);
  if (const auto at = text.find("t="); at != std::string::npos) {
    text = text.substr(at + 2);
    text = text.substr(0, text.find('-'));
  }
  return text;
}

nlohmann::json candidate_json(const arrangements::ledger::Seated& s,
                              std::optional<Timestamp> arrived) {
  return {
      {"seatNo", s.seat_no},
      {"ticketNo", s.ticket_no},
      {"name", s.name},
      {"collegeName", s.college_name},
      {"subject", s.subject},
      {"checkedInAt", arrived ? nlohmann::json(cst::format(*arrived)) : nlohmann::json(nullptr)}};
}

nlohmann::json candidate_schema() {
  namespace s = http::schema;
  return s::object({{"seatNo", s::integer()},
                    {"ticketNo", s::string()},
                    {"name", s::string()},
                    {"collegeName", s::string()},
                    {"subject", s::string()},
                    {"checkedInAt", s::nullable(s::datetime())}});
}
}  // namespace

Result<nlohmann::json> sheet(soci::session& sql, const Scope& scope, std::int64_t room_slot_id,
                             Timestamp now) {
  const Duty duty = TRY(own_duty(sql, scope, room_slot_id));
  const auto& slot = duty.slot;
  std::map<std::int64_t, Timestamp> arrived;
  for (const auto& c : repository::of_room_slot(sql, slot.room_id, slot.start))
    arrived[c.arrangement_id] = c.checked_in_at;
  nlohmann::json candidates = nlohmann::json::array();
  std::set<std::string> subjects;
  int present = 0;
  const auto seats = arrangements::ledger::seated_in(sql, slot);
  for (const auto& s : seats) {
    auto it = arrived.find(s.arrangement_id);
    if (it != arrived.end()) ++present;
    subjects.insert(s.subject);
    candidates.push_back(candidate_json(
        s, it == arrived.end() ? std::nullopt : std::optional<Timestamp>(it->second)));
  }
  std::string subject_text;
  for (const auto& s : subjects) subject_text += (subject_text.empty() ? "" : "、") + s;
  const int total = static_cast<int>(seats.size());
  return nlohmann::json{{"roomSlotId", slot.id},
                        {"planName", slot.plan_name},
                        {"siteName", slot.site_name},
                        {"roomName", slot.room_name},
                        {"subjects", subject_text},
                        {"start", cst::format(slot.start)},
                        {"end", cst::format(slot.end)},
                        {"opensAt", cst::format(slot.start - kOpensBefore)},
                        {"open", now >= slot.start - kOpensBefore && now < slot.end},
                        {"total", total},
                        {"present", present},
                        {"absent", total - present},
                        {"candidates", candidates}};
}

nlohmann::json sheet_schema() {
  namespace s = http::schema;
  return s::object({{"roomSlotId", s::integer()},
                    {"planName", s::string()},
                    {"siteName", s::string()},
                    {"roomName", s::string()},
                    {"subjects", s::string()},
                    {"start", s::datetime()},
                    {"end", s::datetime()},
                    {"opensAt", s::datetime()},
                    {"open", s::boolean()},
                    {"total", s::integer()},
                    {"present", s::integer()},
                    {"absent", s::integer()},
                    {"candidates", s::array(candidate_schema())}});
}

Result<nlohmann::json> check_in(soci::session& sql, const audit::Actor& actor,
                                std::int64_t room_slot_id, const nlohmann::json& body,
                                Timestamp now) {
  const std::string code = TRY(input::text(body, "code", "准考证号", true, 500));
  const std::string method = TRY(input::text(body, "method", "签到方式", false, 10));
  if (!method.empty() && method != "scan" && method != "typed")
    return err::invalid("签到方式须为 scan（扫码）或 typed（输入准考证号）");
  const std::string ticket = ticket_of(code);
  if (ticket.size() != 25 || ticket.find_first_not_of("0123456789") != std::string::npos)
    return err::invalid("请扫描准考证上的二维码，或输入 25 位数字的准考证号");
  return db::write_tx(sql, [&]() -> Result<nlohmann::json> {
    const Duty duty = TRY(own_duty(sql, *actor.scope, room_slot_id));
    const auto& slot = duty.slot;
    if (now < slot.start - kOpensBefore) {
      return err::conflict("签到尚未开始：本场考试 " + cst::format_minute(slot.start) +
                           " 开考，开考前 30 分钟（" +
                           cst::format_minute(slot.start - kOpensBefore) + "）起可以签到");
    }
    if (now >= slot.end)
      return err::conflict("本场考试已于 " + cst::format_minute(slot.end) + " 结束，不能再签到");
    const auto seats = arrangements::ledger::seated_in(sql, slot);
    auto seat = std::find_if(seats.begin(), seats.end(),
                             [&](const auto& s) { return s.ticket_no == ticket; });
    if (seat == seats.end()) {
      const auto elsewhere = arrangements::ledger::seated_with_ticket(sql, ticket);
      if (elsewhere.empty()) return err::not_found("准考证号 " + ticket + " 不存在，请核对");
      // Where the candidate sits now, or else next, or else last.
      auto where = std::find_if(elsewhere.begin(), elsewhere.end(),
                                [&](const auto& s) { return s.end > now; });
      if (where == elsewhere.end()) where = std::prev(elsewhere.end());
      return err::conflict("考生「" + where->name + "」不在本考场本场次：应于 " +
                           cst::format_minute(where->start) + " 在 " + where->site_name + " " +
                           where->room_name + " 第 " + std::to_string(where->seat_no) +
                           " 座参加「" + where->subject + "」考试");
    }
    for (const auto& c : repository::of_room_slot(sql, slot.room_id, slot.start)) {
      if (c.arrangement_id == seat->arrangement_id)
        return nlohmann::json{{"already", true},
                              {"candidate", candidate_json(*seat, c.checked_in_at)}};
    }
    repository::Checkin c;
    c.arrangement_id = seat->arrangement_id;
    c.registration_id = seat->registration_id;
    c.room_id = slot.room_id;
    c.slot_start = slot.start;
    c.ticket_no = ticket;
    c.method = method.empty() ? "typed" : method;
    c.invigilator_id = duty.invigilator_id;
    c.account_id = actor.scope->account_id;
    c.checked_in_at = now;
    const std::int64_t id = repository::insert(sql, c);
    audit::record(sql, actor,
                  {"create",
                   "checkin",
                   std::to_string(id),
                   "考场签到：" + seat->name + "（准考证号 " + ticket + "，" + slot.site_name +
                       " " + slot.room_name + " 第 " + std::to_string(seat->seat_no) + " 座，" +
                       (c.method == "scan" ? "扫码" : "输入准考证号") + "）",
                   nullptr,
                   {{"ticketNo", ticket}, {"roomSlotId", slot.id}, {"method", c.method}}},
                  now);
    return nlohmann::json{{"already", false}, {"candidate", candidate_json(*seat, now)}};
  });
}

nlohmann::json check_in_schema() {
  namespace s = http::schema;
  return s::object({{"already", s::boolean()}, {"candidate", candidate_schema()}});
}

}  // namespace kaowu::checkins::service
