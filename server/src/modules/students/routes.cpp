#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/app.hpp"
#include "modules/exchange_routes.hpp"
#include "modules/students/service.hpp"

namespace kaowu::students {

namespace {

nlohmann::json student_schema() {
  nlohmann::json props = nlohmann::json::object();
  for (const char* k :
       {"studentNo", "name", "gender", "idNumber", "type", "major", "className", "phone"}) {
    props[k] = {{"type", "string"}};
  }
  props["version"] = {{"type", "integer"}, {"description", "修改时必填"}};
  return {{"type", "object"},
          {"required", {"name", "idNumber", "type", "major"}},
          {"properties", props}};
}

const std::vector<http::ParamDoc> kFilters = {
    {"collegeId", "integer", "所属院校（平台管理员跨院校查看时）"},
    {"name", "string", "姓名"},
    {"studentNo", "string", "考生编号"},
    {"idNumber", "string", "身份证号"},
    {"major", "string", "专业"},
    {"className", "string", "班级"},
    {"type", "string", "院校考生 / 社会考生"}};

}  // namespace

using http::respond;

void register_routes(App& app) {
  auto& r = app.router();
  r.component("Student", schema());
  r.add({.method = "GET",
         .pattern = "/api/v1/students",
         .permission = "student:view",
         .doc = {.tag = "考生",
                 .summary = "考生信息列表（本院校）",
                 .query = http::with_paging(kFilters),
                 .response = http::schema::page(service::list_item_schema())},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           auto& sql = ctx.sql();
           return http::Response::json(service::list(sql, ctx.who(), filter_from(ctx.query_map()),
                                                     ctx.page(), ctx.page_size()));
         }});
  r.add(exchange_routes::export_route(
      app, {.type = "students",
            .pattern = "/api/v1/students/export",
            .permission = "student:view",
            .tag = "考生",
            .summary = "导出考生信息（身份证号、手机号码按规定打码）",
            .ticked = "勾选的考生",
            .filters = kFilters,
            .spec = [](soci::session& sql,
                       const exporting::Request& request) -> Result<exporting::ExportSpec> {
              return service::export_spec(sql, request.scope, filter_from(request.query),
                                          request.ids);
            }}));
  exchange_routes::import_routes(
      app,
      {.type = "students",
       .base = "/api/v1/students",
       .permission = "student:edit",
       .tag = "考生",
       .template_summary = "下载考生信息导入模板",
       .import_summary = "导入考生信息（请求体为文件本身；按身份证号新增或更新本院校考生；姓名与"
                         "已有考生不一致的行不导入，除非 updateExisting=1）",
       .query = {{"updateExisting", "boolean", "按身份证号更新已有考生信息（含姓名）"}},
       .params = [](const http::Ctx& ctx) -> Result<nlohmann::json> {
         const std::string update = ctx.query("updateExisting");
         return nlohmann::json{{"orgId", ctx.who().org_id},
                               {"now", ctx.now()},
                               {"username", ctx.who().username},
                               {"updateExisting", update == "1" || update == "true"}};
       },
       .spec = service::roster_import});
  r.add({.method = "GET",
         .pattern = "/api/v1/students/{id}",
         .permission = "student:view",
         .doc = {.tag = "考生", .summary = "考生详情", .response = http::schema::ref("Student")},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           auto& sql = ctx.sql();
           return respond(TRY(service::get(sql, ctx.who(), id)));
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/students",
         .permission = "student:edit",
         .doc = {.tag = "考生",
                 .summary = "新增考生（考生编号不填则自动生成）",
                 .request_body = student_schema(),
                 .response = http::schema::ref("Student"),
                 .success_status = 201},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           return respond(TRY(service::create(sql, App::actor(ctx), body, ctx.now())), 201);
         }});
  r.add({.method = "PUT",
         .pattern = "/api/v1/students/{id}",
         .permission = "student:edit",
         .doc = {.tag = "考生",
                 .summary = "修改考生信息（带 version）",
                 .request_body = student_schema(),
                 .response = http::schema::ref("Student")},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           return respond(TRY(service::update(sql, App::actor(ctx), id, body, ctx.now())));
         }});
  r.add(remove_route(app, {.pattern = "/api/v1/students/{id}",
                           .permission = "student:edit",
                           .tag = "考生",
                           .summary = "删除考生",
                           .remove = service::remove}));
  r.add({.method = "POST",
         .pattern = "/api/v1/students/{id}/initial-password",
         .permission = "student:edit",
         .hashes_password = true,
         .doc = {.tag = "考生",
                 .summary =
                     "生成考生账号的初始密码（登录名为考生编号；密码只返回这一次，首次登录须修改）",
                 .request_body = http::schema::object({}),
                 .response = http::schema::object(
                     {{"username", http::schema::string()}, {"password", http::schema::string()}})},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           auto& sql = ctx.sql();
           const auto issued = TRY(service::issue_password(sql, App::actor(ctx), id, ctx.now()));
           http::Response r = http::Response::json(issued);
           r.set_header("Cache-Control", "no-store");
           return r;
         }});
}

}  // namespace kaowu::students
