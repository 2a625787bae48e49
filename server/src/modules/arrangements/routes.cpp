#include "core/audit.hpp"
#include "core/db/database.hpp"
#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/app.hpp"
#include "modules/arrangements/repository.hpp"
#include "modules/plans/service.hpp"
#include "modules/registrations/ledger.hpp"
#include "modules/rooms/ledger.hpp"

namespace kaowu::arrangements {

namespace {
const char* level_code(const std::string& level) {
  if (level == "初级") return "01";
  if (level == "中级") return "02";
  if (level == "高级") return "03";
  return "00";
}

//! Places one registration in a room for the subject's slot. Only in manual-clock mode: tests and
//! demos use it to put rooms and registrations into 排考中 / 待考试 until the arrangement run
//! exists; it checks what the database cannot.
Result<repository::Arrangement> place(soci::session& sql, const audit::Actor& actor,
                                      const nlohmann::json& body, Timestamp now) {
  const auto reg_id = TRY(input::integer(body, "registrationId", "报考记录", false));
  const auto room_id = TRY(input::integer(body, "roomId", "考场", true));
  const auto site_id = TRY(input::integer(body, "siteId", "考核站点", true));
  const auto seat = TRY(input::integer(body, "seatNo", "座位号", true));
  return db::write_tx(sql, [&]() -> Result<repository::Arrangement> {
    // The room's lock first, as room edits take it before deriving the room's state.
    if (!rooms::ledger::lock_for_arrangement(sql, *room_id)) return err::not_found("考场不存在");
    std::optional<registrations::ledger::Ref> reg;
    std::optional<plans::Plan> plan;
    const plans::PlanSubject* subject = nullptr;
    auto subject_of = [&](std::int64_t subject_id) {
      for (const auto& s : plan->subjects) {
        if (s.subject_id == subject_id) subject = &s;
      }
    };
    if (reg_id) {
      reg = registrations::ledger::find(sql, *reg_id);
      if (!reg) return err::not_found("报考记录不存在");
      plan = plans::service::find(sql, reg->plan_id);
      if (!plan) return err::not_found("考试计划不存在");
      subject_of(reg->subject_id);
      if (!subject) return err::invalid("该科目不在考试计划中");
    } else {
      // No registration yet: register the student for the subject first (fixture shortcut).
      const auto plan_id = TRY(input::integer(body, "planId", "考试计划", true));
      const auto student_id = TRY(input::integer(body, "studentId", "考生", true));
      const auto subject_id = TRY(input::integer(body, "subjectId", "科目", true));
      const auto college_id = TRY(input::integer(body, "collegeId", "院校", true));
      plan = plans::service::find(sql, *plan_id);
      if (!plan) return err::not_found("考试计划不存在");
      subject_of(*subject_id);
      if (!subject) return err::invalid("该科目不在考试计划中");
      registrations::ledger::Ref r;
      r.plan_id = plan->id;
      r.college_id = *college_id;
      r.student_id = *student_id;
      r.level_id = subject->level_id;
      for (const auto& l : plan->levels) {
        if (l.level_id == subject->level_id) r.certificate_id = l.certificate_id;
      }
      r.subject_id = subject->subject_id;
      r.mode = plan->mode;
      r.id = registrations::ledger::insert(sql, r, now);
      reg = r;
    }
    const char* level = level_code(subject->level);
    repository::Arrangement a;
    a.plan_id = reg->plan_id;
    a.registration_id = reg->id;
    a.room_id = *room_id;
    a.site_id = *site_id;
    a.slot_start = subject->start;
    a.slot_end = subject->end;
    a.seat_no = static_cast<int>(*seat);
    char ticket[64];
    std::snprintf(ticket, sizeof ticket, "%s%04lld%s%07lld%04lld",
                  cst::format_with(subject->start, "%Y%m%d").c_str(),
                  static_cast<long long>(*site_id % 10000), level,
                  static_cast<long long>(reg->plan_id % 10000000),
                  static_cast<long long>(reg->student_id % 10000));
    a.ticket_no = ticket;
    a.id = repository::insert(sql, a, now);
    audit::record(
        sql, actor,
        {"create",
         "arrangement",
         std::to_string(a.id),
         "测试编排：报考记录 " + std::to_string(reg->id),
         nullptr,
         {{"registrationId", a.registration_id}, {"roomId", a.room_id}, {"seatNo", a.seat_no}}},
        now);
    return a;
  });
}
}  // namespace

void register_routes(App& app) {
  if (!app.clock().manual()) return;
  app.router().add(
      {.method = "POST",
       .pattern = "/api/v1/system/fixtures/arrangements",
       .permission = "system:clock",
       .doc = {.tag = "系统",
               .summary = "放置一条编排；不给 registrationId 时先按 planId/studentId/subjectId "
                          "建报考记录（仅 --clock manual 启动时存在，用于测试和演示）",
               .request_body = {{"type", "object"},
                                {"required", {"roomId", "siteId", "seatNo"}},
                                {"properties",
                                 {{"registrationId", {{"type", "integer"}}},
                                  {"roomId", {{"type", "integer"}}},
                                  {"siteId", {{"type", "integer"}}},
                                  {"seatNo", {{"type", "integer"}}},
                                  {"planId",
                                   {{"type", "integer"},
                                    {"description", "无 registrationId 时：先为考生报考该科目"}}},
                                  {"studentId", {{"type", "integer"}}},
                                  {"subjectId", {{"type", "integer"}}},
                                  {"collegeId", {{"type", "integer"}}}}}},
               .response = http::schema::object({{"id", http::schema::integer()},
                                                 {"registrationId", http::schema::integer()},
                                                 {"roomId", http::schema::integer()},
                                                 {"seatNo", http::schema::integer()},
                                                 {"ticketNo", http::schema::string()},
                                                 {"slotStart", http::schema::datetime()},
                                                 {"slotEnd", http::schema::datetime()}}),
               .success_status = 201},
       .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
         const auto body = TRY(ctx.json_body());
         auto& sql = ctx.sql();
         const auto a = TRY(place(sql, App::actor(ctx), body, ctx.now()));
         const auto& v = a;
         return http::Response::json({{"id", v.id},
                                      {"registrationId", v.registration_id},
                                      {"roomId", v.room_id},
                                      {"seatNo", v.seat_no},
                                      {"ticketNo", v.ticket_no},
                                      {"slotStart", cst::format(v.slot_start)},
                                      {"slotEnd", cst::format(v.slot_end)}},
                                     201);
       }});
}

}  // namespace kaowu::arrangements
