#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/app.hpp"
#include "modules/plans/service.hpp"

namespace kaowu::plans {

namespace {
nlohmann::json plan_body_schema() {
  nlohmann::json windows = nlohmann::json::object();
  for (const char* k : {"registrationStart", "registrationEnd", "arrangingStart", "arrangingEnd",
                        "scoreStart", "scoreEnd", "publicityStart", "publicityEnd"}) {
    windows[k] = {{"type", "string"}, {"example", "2021-09-18 08:00"}};
  }
  return {{"type", "object"},
          {"required", {"name", "mode", "windows", "levelIds", "subjects"}},
          {"properties",
           {{"name", {{"type", "string"}}},
            {"mode", {{"type", "string"}, {"enum", {"certificate", "subject"}}}},
            {"payeeOrgId", {{"type", "integer"}, {"description", "收费对象，默认本机构"}}},
            {"paymentBeforeArranging", {{"type", "boolean"}}},
            {"notes", {{"type", "string"}}},
            {"examNotice", {{"type", "string"}, {"description", "考试须知，打印在准考证上"}}},
            {"windows", {{"type", "object"}, {"properties", windows}}},
            {"levelIds", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
            {"subjects",
             {{"type", "array"},
              {"items",
               {{"type", "object"},
                {"properties",
                 {{"subjectId", {{"type", "integer"}}},
                  {"start", {{"type", "string"}}},
                  {"end", {{"type", "string"}}}}}}}}},
            {"collegeIds", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
            {"version", {{"type", "integer"}, {"description", "修改时必填"}}}}}};
}

http::Response respond(const Plan& p, Timestamp now, int status = 200) {
  return http::Response::json(to_json(p, now, true), status);
}

using Action = Result<Plan> (*)(soci::session&, const audit::Actor&, std::int64_t, Timestamp);
}  // namespace

void register_routes(App& app) {
  auto& r = app.router();
  r.component("Plan", schema(true));
  r.component("PlanSummary", schema(false));
  r.add({.method = "GET",
         .pattern = "/api/v1/plans",
         .permission = "plan:view",
         .doc = {.tag = "考试计划",
                 .summary = "考试计划列表，含按当前时间推算的阶段（院校只看到参加的已发布计划）",
                 .query = http::with_paging({{"keyword", "string", "计划名称"},
                                             {"status", "string", "draft | published | cancelled"},
                                             {"phase", "string",
                                              "阶段：draft（草稿）、upcoming（未开始）、registratio"
                                              "n（报考中）、arranging（排考中）、"
                                              "examining（考试中）、scoring（成绩登记中）、publicit"
                                              "y（公示中）、finished（已结束）、"
                                              "cancelled（已取消）"},
                                             {"certificateId", "integer", "包含该证书的计划"},
                                             {"orgId", "integer", "培训评价组织"}}),
                 .response = http::schema::page(http::schema::ref("PlanSummary"))},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           Filter f;
           f.keyword = input::trim(ctx.query("keyword"));
           f.status = ctx.query("status");
           f.phase = input::trim(ctx.query("phase"));
           if (!f.phase.empty() && !valid_phase(f.phase)) {
             return err::invalid(
                 "阶段须为 "
                 "draft（草稿）、upcoming（未开始）、registration（报考中）、arranging（排考中）、"
                 "examining（考试中）、scoring（成绩登记中）、publicity（公示中）、finished（已结束"
                 "）或 "
                 "cancelled（已取消）",
                 {{"field", "phase"}});
           }
           f.certificate_id = ctx.query_int("certificateId");
           f.org_id = ctx.query_int("orgId");
           f.now = ctx.now();
           auto& sql = ctx.sql();
           return http::Response::json(
               service::list(sql, ctx.who(), f, ctx.page(), ctx.page_size(), ctx.now()));
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/plans/{id}",
         .permission = "plan:view",
         .doc = {.tag = "考试计划",
                 .summary = "考试计划详情：证书等级、科目考试时段、各时间窗口、参考院校",
                 .response = http::schema::ref("Plan")},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           auto& sql = ctx.sql();
           return respond(TRY(service::get(sql, ctx.who(), id)), ctx.now());
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/plans",
         .permission = "plan:edit",
         .doc = {.tag = "考试计划",
                 .summary = "新增考试计划（草稿）",
                 .request_body = plan_body_schema(),
                 .response = http::schema::ref("Plan"),
                 .success_status = 201},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           return respond(TRY(service::create(sql, App::actor(ctx), body, ctx.now())), ctx.now(),
                          201);
         }});
  r.add(
      {.method = "PUT",
       .pattern = "/api/v1/plans/{id}",
       .permission = "plan:edit",
       .doc = {.tag = "考试计划",
               .summary = "修改考试计划（草稿任意修改；已发布的只能推迟尚未开始的时间、增加院校）",
               .request_body = plan_body_schema(),
               .response = http::schema::ref("Plan")},
       .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
         const auto id = TRY(ctx.id_param());
         const auto body = TRY(ctx.json_body());
         auto& sql = ctx.sql();
         return respond(TRY(service::update(sql, App::actor(ctx), id, body, ctx.now())), ctx.now());
       }});
  const std::pair<const char*, std::pair<const char*, Action>> actions[] = {
      {"publish", {"发布考试计划（院校可见）", &service::publish}},
      {"cancel", {"取消考试计划", &service::cancel}},
      {"copy", {"复制为新的草稿", &service::copy}},
  };
  for (const auto& [verb, info] : actions) {
    const Action action = info.second;
    const bool created = std::string(verb) == "copy";
    r.add({.method = "POST",
           .pattern = std::string("/api/v1/plans/{id}/") + verb,
           .permission = "plan:edit",
           .doc = {.tag = "考试计划",
                   .summary = info.first,
                   .request_body = {{"type", "object"}},
                   .response = http::schema::ref("Plan"),
                   .success_status = created ? 201 : 200},
           .handler = [&app, action, created](http::Ctx& ctx) -> Result<http::Response> {
             const auto id = TRY(ctx.id_param());
             auto& sql = ctx.sql();
             return respond(TRY(action(sql, App::actor(ctx), id, ctx.now())), ctx.now(),
                            created ? 201 : 200);
           }});
  }
}

}  // namespace kaowu::plans
