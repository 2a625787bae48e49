#include "core/audit.hpp"
#include "core/db/database.hpp"
#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/app.hpp"
#include "modules/arrangements/exam_day.hpp"
#include "modules/arrangements/repository.hpp"
#include "modules/arrangements/service.hpp"
#include "modules/exchange_routes.hpp"
#include "modules/plans/service.hpp"
#include "modules/registrations/ledger.hpp"
#include "modules/rooms/ledger.hpp"

namespace kaowu::arrangements {

namespace {

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
    repository::Arrangement a;
    a.plan_id = reg->plan_id;
    a.registration_id = reg->id;
    a.room_id = *room_id;
    a.site_id = *site_id;
    a.slot_start = subject->start;
    a.slot_end = subject->end;
    a.seat_no = static_cast<int>(*seat);
    auto tickets = repository::tickets_of_plan(sql, reg->plan_id);
    if (auto it = tickets.find(reg->student_id); it != tickets.end()) {
      a.ticket_no = it->second;
    } else {
      const auto prefix =
          ticket_prefix(plans::exam_span(*plan).first, *site_id, subject->level, reg->plan_id);
      a.ticket_no = ticket_number(prefix, repository::last_sequence(sql, prefix) + 1);
      repository::insert_tickets(sql, reg->plan_id, {{reg->student_id, a.ticket_no}}, now);
    }
    a.id = repository::insert(sql, a, now);
    repository::ensure_room_slot(sql, a, now);
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

void register_fixture(App& app) {
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

namespace {
namespace s = http::schema;

const std::vector<http::ParamDoc> kSubjectFilters = {
    {"planId", "integer", "考试计划"},
    {"certificateId", "integer", "考试证书"},
    {"keyword", "string", "科目名称或科目编号"},
    {"state", "string",
     "not_started 未开始 | unarranged 未排考 | arranging 排考中 | arranged 已排完 | ended 已结束"}};
const std::vector<http::ParamDoc> kRoomSlotFilters = {{"planId", "integer", "考试计划"},
                                                      {"siteId", "integer", "考核站点"},
                                                      {"keyword", "string", "考场名称"}};
const std::vector<http::ParamDoc> kDetailFilters = {
    {"planId", "integer", "考试计划"},
    {"subjectId", "integer", "考试科目"},
    {"roomSlotId", "integer", "考场编排（某考场某场次）"},
    {"keyword", "string", "考生姓名、考生编号（模糊），身份证号、准考证号（精确）"}};

}  // namespace

void register_routes(App& app) {
  register_fixture(app);
  auto& r = app.router();
  app.jobs().register_type(service::kJobType, "排考", service::run_job);
  r.component("ArrangementSubject", service::subject_row_schema());
  r.component("RoomSlot", service::room_slot_row_schema());
  r.component("ArrangementDetail", service::detail_row_schema());
  r.component("ArrangementRun", service::run_schema());

  // Organisation: arranging.
  r.add({.method = "POST",
         .pattern = "/api/v1/arrangement-runs",
         .permission = "arrangement:run",
         .doc = {.tag = "排考管理",
                 .summary = "开始排考：整个考试计划，或只排一个科目（subjectId）或一个考核站点"
                            "（siteId）；已排的考生保持不变，只排尚未排考的（后台任务）",
                 .request_body = s::object({{"planId", s::integer()},
                                            {"subjectId", s::integer()},
                                            {"siteId", s::integer()}},
                                           {"subjectId", "siteId"}),
                 .response = s::object({{"run", s::ref("ArrangementRun")}, {"job", s::ref("Job")}}),
                 .success_status = 202,
                 .errors = {404, 409}},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           return http::Response::json(
               TRY(service::start(ctx.sql(), app.jobs(), App::actor(ctx), body, ctx.now())), 202);
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/arrangement-runs",
         .permission = "arrangement:run",
         .doc = {.tag = "排考管理",
                 .summary = "考试计划的排考记录（最近 50 次）",
                 .query = {{"planId", "integer", "考试计划（必填）"}},
                 .response = s::object({{"items", s::array(s::ref("ArrangementRun"))}}),
                 .errors = {404}},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto plan = TRY(ctx.query_map().id("planId", "考试计划"));
           if (!plan) return err::invalid("请选择考试计划（planId）");
           return http::Response::json(TRY(service::runs(ctx.sql(), ctx.who(), *plan)));
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/arrangement-runs/{id}",
         .permission = "arrangement:run",
         .doc = {.tag = "排考管理",
                 .summary = "一次排考的结果：已排、保留、未排（每条附原因，最多 1000 条）、"
                            "考场使用与监考缺口",
                 .response = s::ref("ArrangementRun")},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           return http::Response::json(TRY(service::run_detail(ctx.sql(), ctx.who(), id)));
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/arrangements/clear",
         .permission = "arrangement:run",
         .doc = {.tag = "排考管理",
                 .summary = "清空一个科目（subjectId）或一个考核站点（siteId）的排考；"
                            "任一考生的考试已开始则拒绝",
                 .request_body = s::object({{"planId", s::integer()},
                                            {"subjectId", s::integer()},
                                            {"siteId", s::integer()}},
                                           {"subjectId", "siteId"}),
                 .response = s::object({{"cleared", s::integer()}}),
                 .errors = {404, 409}},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           return http::Response::json(
               TRY(service::clear(ctx.sql(), App::actor(ctx), body, ctx.now())));
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/arrangements/{id}/move",
         .permission = "arrangement:run",
         .doc = {.tag = "排考管理",
                 .summary = "把考生的这一科目调到另一考场和座位（考试开始前；按排考规则检查）",
                 .request_body = s::object({{"roomId", s::integer()}, {"seatNo", s::integer()}}),
                 .response = service::arrangement_schema()},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           const auto body = TRY(ctx.json_body());
           return http::Response::json(
               TRY(service::move(ctx.sql(), App::actor(ctx), id, body, ctx.now())));
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/arrangements/{id}/swap",
         .permission = "arrangement:run",
         .doc = {.tag = "排考管理",
                 .summary = "对调同一场次两名考生的考场座位",
                 .request_body = s::object({{"otherId", s::integer()}}),
                 .response = s::object({{"done", s::integer()}})},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           const auto body = TRY(ctx.json_body());
           return http::Response::json(
               TRY(service::swap(ctx.sql(), App::actor(ctx), id, body, ctx.now())));
         }});
  r.add({.method = "DELETE",
         .pattern = "/api/v1/arrangements/{id}",
         .permission = "arrangement:run",
         .doc = {.tag = "排考管理",
                 .summary = "取消这名考生这一科目的排考（考试开始前）",
                 .response = s::object({{"done", s::integer()}})},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           return http::Response::json(
               TRY(service::unplace(ctx.sql(), App::actor(ctx), id, ctx.now())));
         }});
  r.add({.method = "PUT",
         .pattern = "/api/v1/room-slots/{id}/invigilators",
         .permission = "arrangement:run",
         .doc = {.tag = "排考管理",
                 .summary =
                     "更换考场该场次的监考老师（须已认证该证书、该时段无其他安排且未声明不可监考）",
                 .request_body = s::object({{"ids", s::array(s::integer())}}),
                 .response = service::room_slot_detail_schema()},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           const auto body = TRY(ctx.json_body());
           return http::Response::json(
               TRY(service::set_invigilators(ctx.sql(), App::actor(ctx), id, body, ctx.now())));
         }});

  // 考核站点编排
  r.add({.method = "GET",
         .pattern = "/api/v1/arrangement-subjects",
         .permission = "arrangement:view",
         .doc = {.tag = "考核站点编排",
                 .summary = "考核站点编排：考试计划的每个科目及其排考状态",
                 .query = http::with_paging(kSubjectFilters),
                 .response = s::page(s::ref("ArrangementSubject"))},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto f = TRY(subject_filter_from(ctx.query_map()));
           return http::Response::json(
               service::subjects(ctx.sql(), ctx.who(), f, ctx.page(), ctx.page_size(), ctx.now()));
         }});
  r.add(exchange_routes::export_route(
      app, {.type = "arrangement_subjects",
            .pattern = "/api/v1/arrangement-subjects/export",
            .permission = "arrangement:view",
            .tag = "考核站点编排",
            .summary = "批量导出考场编排明细",
            .ticked = "勾选的科目（列表中的 id）",
            .filters = kSubjectFilters,
            .spec = [](soci::session& sql,
                       const exporting::Request& request) -> Result<exporting::ExportSpec> {
              const auto f = TRY(subject_filter_from(request.query));
              return service::subjects_export(sql, request.scope, f, request.ids, request.now);
            }}));
  r.add({.method = "GET",
         .pattern = "/api/v1/arrangement-subjects/{id}",
         .permission = "arrangement:view",
         .doc = {.tag = "考核站点编排",
                 .summary = "考点编排明细：该科目在各考核站点的考场与已排人数（id 为列表中的 id）",
                 .response = service::subject_sites_schema()},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           return http::Response::json(TRY(service::subject_sites(
               ctx.sql(), ctx.who(), id / kSubjectKeyBase, id % kSubjectKeyBase)));
         }});

  // 考场编排
  r.add({.method = "GET",
         .pattern = "/api/v1/room-slots",
         .permission = "arrangement:view",
         .doc = {.tag = "考场编排",
                 .summary = "考场编排：已排考的考场（每个考场每个场次一行）",
                 .query = http::with_paging(kRoomSlotFilters),
                 .response = s::page(s::ref("RoomSlot"))},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto f = TRY(room_slot_filter_from(ctx.query_map()));
           return http::Response::json(
               service::room_slots(ctx.sql(), ctx.who(), f, ctx.page(), ctx.page_size()));
         }});
  r.add(exchange_routes::export_route(
      app, {.type = "room_slots",
            .pattern = "/api/v1/room-slots/export",
            .permission = "arrangement:view",
            .tag = "考场编排",
            .summary = "批量导出考场编排记录",
            .ticked = "勾选的考场编排",
            .filters = kRoomSlotFilters,
            .spec = [](soci::session& sql,
                       const exporting::Request& request) -> Result<exporting::ExportSpec> {
              const auto f = TRY(room_slot_filter_from(request.query));
              return service::room_slots_export(sql, request.scope, f, request.ids);
            }}));
  r.add({.method = "GET",
         .pattern = "/api/v1/room-slots/{id}",
         .permission = "arrangement:view",
         .doc = {.tag = "考场编排",
                 .summary = "考场编排详情：考场、监考与巡考老师、按座位号排列的考生",
                 .response = service::room_slot_detail_schema()},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           return http::Response::json(TRY(service::room_slot(ctx.sql(), ctx.who(), id)));
         }});

  // 排考明细
  r.add({.method = "GET",
         .pattern = "/api/v1/arrangements",
         .permission = "arrangement:view",
         .doc = {.tag = "排考明细",
                 .summary = "排考明细：每名考生每个科目的考场、座位与时间",
                 .query = http::with_paging(kDetailFilters),
                 .response = s::page(s::ref("ArrangementDetail"))},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto f = TRY(detail_filter_from(ctx.query_map()));
           return http::Response::json(
               service::details(ctx.sql(), ctx.who(), f, ctx.page(), ctx.page_size()));
         }});
  r.add(exchange_routes::export_route(
      app, {.type = "arrangements",
            .pattern = "/api/v1/arrangements/export",
            .permission = "arrangement:view",
            .tag = "排考明细",
            .summary = "导出排考明细",
            .ticked = "勾选的排考明细",
            .filters = kDetailFilters,
            .spec = [](soci::session& sql,
                       const exporting::Request& request) -> Result<exporting::ExportSpec> {
              const auto f = TRY(detail_filter_from(request.query));
              return service::details_export(sql, request.scope, f, request.ids);
            }}));

  // Exam-day documents (SCH-3).
  const std::string temp_dir = app.config().temp_dir;
  app.jobs().register_type(exam_day::kJobType, "生成考场文件", [temp_dir](jobs::JobContext& job) {
    return exam_day::run_job(job, temp_dir);
  });
  r.add(
      {.method = "GET",
       .pattern = "/api/v1/room-slots/{id}/document",
       .permission = "arrangement:view",
       .doc = {.tag = "考场编排",
               .summary = "下载该考场该场次的文件：kind=door 考场门贴、desk 考场桌贴、sign "
                          "考场签到表（xlsx），tickets 准考证（每人一个 PDF 的 zip）、tickets_pdf "
                          "准考证（合并为一个 PDF）；院校的桌贴与准考证只含本院校考生",
               .query = {{"kind", "string", "door | desk | sign | tickets | tickets_pdf"}},
               .response = s::binary(),
               .response_content_type = "application/octet-stream"},
       .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
         const auto id = TRY(ctx.id_param());
         // Whether the caller sees the room-slot is answered before what it asked for.
         TRY(service::room_slot(ctx.sql(), ctx.who(), id));
         const auto kind = exam_day::parse_kind(ctx.query("kind"));
         if (!kind) return err::invalid("文件类型须为 door、desk、sign、tickets 或 tickets_pdf");
         return exam_day::room_slot_document(ctx.sql(), ctx.who(), id, *kind,
                                             exam_day::base_url_of(ctx.req), ctx.now(),
                                             app.config().temp_dir);
       }});
  r.add(
      {.method = "POST",
       .pattern = "/api/v1/arrangement-documents",
       .permission = "arrangement:view",
       .doc = {.tag = "考场编排",
               .summary =
                   "为整个考试计划或一个考核站点生成考场文件（后台任务）：门贴、桌贴、"
                   "签到表为一个工作簿（每个考场每个场次一张工作表），准考证为一个 zip 或一个 PDF",
               .request_body = s::object(
                   {{"planId", s::integer()},
                    {"siteId", s::integer()},
                    {"kind", s::enumeration({"door", "desk", "sign", "tickets", "tickets_pdf"})}},
                   {"siteId"}),
               .response = s::object({{"job", s::ref("Job")}}),
               .success_status = 202,
               .errors = {404}},
       .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
         const auto body = TRY(ctx.json_body());
         const auto job = TRY(exam_day::start_job(ctx.sql(), app.jobs(), ctx.who(), body,
                                                  exam_day::base_url_of(ctx.req), ctx.now()));
         return http::Response::json({{"job", job}}, 202);
       }});
  r.add({.method = "GET",
         .pattern = "/api/v1/my/exams/{id}/ticket",
         .permission = "exam:self",
         .doc = {.tag = "准考证",
                 .summary = "下载本人在该考试计划（id）的准考证 PDF",
                 .response = s::binary(),
                 .response_content_type = "application/pdf"},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           return exam_day::own_ticket(ctx.sql(), ctx.who(), id, exam_day::base_url_of(ctx.req),
                                       ctx.now(), app.config().temp_dir);
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/tickets/verify",
         .authenticated = false,
         .doc = {.tag = "准考证",
                 .summary = "准考证二维码校验（公开）：有效、伪造、打印后已调整或已过期；"
                            "只显示打码的姓名、考试计划、科目、考场与座位",
                 .query = {{"t", "string", "二维码中的校验码"}},
                 .response = exam_day::verify_schema()},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const std::string token = ctx.query("t");
           if (token.empty() || token.size() > 200) return err::invalid("缺少准考证校验码");
           return http::Response::json(exam_day::verify(ctx.sql(), token, ctx.now()));
         }});

  // The student's own exams.
  r.add({.method = "GET",
         .pattern = "/api/v1/my/exams",
         .permission = "exam:self",
         .doc = {.tag = "准考证",
                 .summary = "我的考试：本人的报考、状态，排考后的考场、座位、时间与准考证号",
                 .response = s::object({{"items", s::array({{"type", "object"}})}})},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           return http::Response::json(TRY(service::my_exams(ctx.sql(), ctx.who(), ctx.now())));
         }});
}

}  // namespace kaowu::arrangements
