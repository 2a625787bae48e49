#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/app.hpp"
#include "modules/exchange_routes.hpp"
#include "modules/teachers/service.hpp"

namespace kaowu::teachers {

namespace {
const char* kTag = "教师管理";

nlohmann::json teacher_body(bool update) {
  nlohmann::json props = nlohmann::json::object();
  for (const char* k : {"name", "idNumber", "gender", "education", "department", "title",
                        "position", "phone", "email", "research", "achievements", "address"})
    props[k] = {{"type", "string"}};
  props["phone"]["description"] = "手机号，即登录账号；请填写教师真实使用的手机";
  props["research"]["maxLength"] = 100;
  props["achievements"]["maxLength"] = 100;
  props["version"] = {{"type", "integer"}, {"description", "修改时必填"}};
  return {{"type", "object"},
          {"required", update ? nlohmann::json::array({"version"})
                              : nlohmann::json::array({"name", "idNumber", "department", "phone"})},
          {"properties", props}};
}

nlohmann::json own_body() {
  nlohmann::json props = nlohmann::json::object();
  for (const char* k :
       {"education", "title", "position", "email", "research", "achievements", "address"})
    props[k] = {{"type", "string"}};
  props["version"] = {{"type", "integer"}};
  return {{"type", "object"}, {"required", {"version"}}, {"properties", props}};
}

const nlohmann::json kVersionBody = {{"type", "object"},
                                     {"required", {"version"}},
                                     {"properties", {{"version", {{"type", "integer"}}}}}};

const std::vector<http::ParamDoc> kFilters = {
    {"name", "string", "姓名"},
    {"phone", "string", "手机号"},
    {"department", "string", "学院"},
    {"title", "string", "职称"},
    {"state", "string", "账号状态：inactive 未激活 | active 已激活 | disabled 已停用"},
    {"collegeId", "integer", "所属院校（平台管理员筛选）"}};
}  // namespace

void register_routes(App& app) {
  auto& r = app.router();
  r.component("Teacher", schema());
  const auto teacher = http::schema::ref("Teacher");
  r.add({.method = "GET",
         .pattern = "/api/v1/teachers",
         .permission = "teacher:view",
         .doc = {.tag = kTag,
                 .summary = "教师列表（院校看本院校的，含账号状态与账号短信的发送结果）",
                 .query = http::with_paging(kFilters),
                 .response = http::schema::page(teacher)},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto f = TRY(filter_from(ctx.query_map()));
           return http::Response::json(
               service::list(ctx.sql(), ctx.who(), f, ctx.page(), ctx.page_size()));
         }});
  r.add(exchange_routes::export_route(
      app, {.type = "teachers",
            .pattern = "/api/v1/teachers/export",
            .permission = "teacher:view",
            .tag = kTag,
            .summary = "导出教师信息（身份证号与手机号打码）",
            .ticked = "勾选的教师",
            .filters = kFilters,
            .spec = [](soci::session& sql,
                       const exporting::Request& request) -> Result<exporting::ExportSpec> {
              const Filter filter = TRY(filter_from(request.query));
              return service::export_spec(sql, request.scope, filter, request.ids);
            }}));
  exchange_routes::import_routes(
      app,
      {.type = "teachers",
       .base = "/api/v1/teachers",
       .permission = "teacher:edit",
       .tag = kTag,
       .template_summary = "下载教师导入模板",
       .import_summary = "批量导入教师信息（请求体为文件本身；每位教师生成账号，账号与初始密码以"
                         "短信发送）",
       .params = [](const http::Ctx& ctx) -> Result<nlohmann::json> {
         return exchange_routes::uploader_params(ctx);
       },
       .spec = service::teacher_import});
  r.add({.method = "GET",
         .pattern = "/api/v1/teachers/{id}",
         .permission = "teacher:view",
         .doc = {.tag = kTag, .summary = "教师详情", .response = teacher},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           return http::Response::json(TRY(service::get(ctx.sql(), ctx.who(), id)));
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/teachers",
         .permission = "teacher:edit",
         .doc = {.tag = kTag,
                 .summary = "新增教师（生成账号：用户名为手机号，初始密码随机，以短信发送）",
                 .request_body = teacher_body(false),
                 .response = teacher,
                 .success_status = 201,
                 .errors = {409, 429}},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           return http::Response::json(
               TRY(service::create(ctx.sql(), App::actor(ctx), body, ctx.now())), 201);
         }});
  r.add({.method = "PUT",
         .pattern = "/api/v1/teachers/{id}",
         .permission = "teacher:edit",
         .doc = {.tag = kTag,
                 .summary = "修改教师资料（带 version；改手机号即改登录账号，并短信通知新号码）",
                 .request_body = teacher_body(true),
                 .response = teacher,
                 .errors = {409, 429}},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           const auto body = TRY(ctx.json_body());
           return http::Response::json(
               TRY(service::update(ctx.sql(), App::actor(ctx), id, body, ctx.now())));
         }});
  for (const bool enabled : {false, true}) {
    r.add({.method = "POST",
           .pattern = std::string("/api/v1/teachers/{id}/") + (enabled ? "enable" : "disable"),
           .permission = "teacher:edit",
           .doc = {.tag = kTag,
                   .summary = enabled ? "启用教师（带 version）"
                                      : "停用教师（带 version；停用后不能登录）",
                   .request_body = kVersionBody,
                   .response = teacher},
           .handler = [enabled](http::Ctx& ctx) -> Result<http::Response> {
             const auto id = TRY(ctx.id_param());
             const auto body = TRY(ctx.json_body());
             return http::Response::json(TRY(
                 service::set_enabled(ctx.sql(), App::actor(ctx), id, body, enabled, ctx.now())));
           }});
  }
  r.add({.method = "POST",
         .pattern = "/api/v1/teachers/{id}/resend",
         .permission = "teacher:edit",
         .doc = {.tag = kTag,
                 .summary = "重发账号短信（生成新的初始密码，原密码失效；每位教师每分钟最多一次）",
                 .response = teacher,
                 .errors = {404, 409, 429}},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           return http::Response::json(
               TRY(service::resend(ctx.sql(), App::actor(ctx), id, ctx.now())));
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/teacher-portal/profile",
         .permission = "teacher:self",
         .doc = {.tag = "师资培训门户", .summary = "本人教师资料", .response = teacher},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           return http::Response::json(TRY(service::own_profile(ctx.sql(), ctx.who())));
         }});
  r.add(
      {.method = "PUT",
       .pattern = "/api/v1/teacher-portal/profile",
       .permission = "teacher:self",
       .doc =
           {.tag = "师资培训门户",
            .summary =
                "修改本人资料（学历、职称、职务、邮箱、研究方向、主要成果、居住地址；带 version）",
            .request_body = own_body(),
            .response = teacher},
       .handler = [](http::Ctx& ctx) -> Result<http::Response> {
         const auto body = TRY(ctx.json_body());
         return http::Response::json(
             TRY(service::update_own_profile(ctx.sql(), App::actor(ctx), body, ctx.now())));
       }});
  r.add({.method = "GET",
         .pattern = "/api/v1/teacher-portal/duties",
         .permission = "teacher:self",
         .doc = {.tag = "师资培训门户",
                 .summary =
                     "本人近期的监考与巡考安排（本人同时是已认证监考人员时：同一身份证号或手机号）",
                 .response = service::duties_schema()},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           return http::Response::json(service::own_duties(ctx.sql(), ctx.who(), ctx.now()));
         }});
}

}  // namespace kaowu::teachers
