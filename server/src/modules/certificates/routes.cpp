#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/app.hpp"
#include "modules/certificates/service.hpp"
#include "modules/exchange_routes.hpp"

namespace kaowu::certificates {

namespace {
nlohmann::json subject_schema() {
  return {{"type", "object"},
          {"required", {"code", "name", "mode", "durationMinutes", "fullMark", "passMark"}},
          {"properties",
           {{"code", {{"type", "string"}, {"description", "11 位科目代码"}}},
            {"name", {{"type", "string"}}},
            {"mode",
             {{"type", "string"}, {"enum", {"笔试", "机考", "实操", "笔试+实操", "机考+实操"}}}},
            {"durationMinutes", {{"type", "integer"}}},
            {"fullMark", {{"type", "integer"}}},
            {"passMark", {{"type", "integer"}}},
            {"fee", {{"type", "string"}, {"description", "按科目报考费用（元）"}}}}}};
}

nlohmann::json certificate_schema() {
  return {
      {"type", "object"},
      {"required", {"code", "name", "levels"}},
      {"properties",
       {{"code", {{"type", "string"}, {"description", "8 位证书编号"}}},
        {"name", {{"type", "string"}}},
        {"description", {{"type", "string"}}},
        {"passCondition", {{"type", "string"}, {"enum", {"all_subjects", "total"}}}},
        {"passTotal", {{"type", "integer"}}},
        {"version", {{"type", "integer"}, {"description", "修改时必填"}}},
        {"levels",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"level", {{"type", "string"}, {"enum", {"初级", "中级", "高级"}}}},
              {"code",
               {{"type", "string"},
                {"description",
                 "证书等级编号（8 "
                 "位数字，各等级不同；可不填：新等级自动生成，已有等级保持不变）"}}},
              {"fee", {{"type", "string"}, {"description", "按证书报考费用（元）"}}},
              {"passCondition",
               {{"type", "string"},
                {"enum", {"all_subjects", "total"}},
                {"description", "该等级的通过条件（不传则同证书的通过条件）"}}},
              {"passTotal", {{"type", "integer"}, {"description", "总分合格时的总分分数线"}}},
              {"subjects", {{"type", "array"}, {"items", subject_schema()}}}}}}}}},
        {"majors",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties", {{"name", {{"type", "string"}}}, {"code", {{"type", "string"}}}}}}}}}}}};
}

http::Response respond(const Certificate& c, int status = 200) {
  return http::Response::json(to_json(c, true), status);
}
}  // namespace

void register_routes(App& app) {
  auto& r = app.router();
  r.component("Certificate", schema(true));
  r.component("CertificateSummary", schema(false));
  r.add({.method = "GET",
         .pattern = "/api/v1/certificates",
         .permission = "cert:view",
         .doc = {.tag = "证书",
                 .summary = "证书列表（培训评价组织本机构的；院校、省厅看启用的全部证书）",
                 .query = http::with_paging({{"keyword", "string", "证书编号或名称"},
                                             {"orgId", "integer", "颁证机构"},
                                             {"enabled", "boolean", "是否启用"}}),
                 .response = http::schema::page(http::schema::ref("CertificateSummary"))},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           auto& sql = ctx.sql();
           return http::Response::json(service::list(sql, ctx.who(), filter_from(ctx.query_map()),
                                                     ctx.page(), ctx.page_size()));
         }});
  r.add(exchange_routes::export_route(
      app, {.type = "certificates",
            .pattern = "/api/v1/certificates/export",
            .permission = "cert:view",
            .tag = "证书",
            .summary = "导出证书信息（每个科目一行）",
            .ticked = "勾选的证书",
            .filters = {{"keyword", "string", "证书编号或名称"},
                        {"orgId", "integer", "颁证机构"},
                        {"enabled", "boolean", "是否启用"}},
            .spec = [](soci::session& sql,
                       const exporting::Request& request) -> Result<exporting::ExportSpec> {
              return service::export_spec(sql, request.scope, filter_from(request.query),
                                          request.ids);
            }}));
  r.add({.method = "GET",
         .pattern = "/api/v1/certificates/{id}",
         .permission = "cert:view",
         .doc = {.tag = "证书",
                 .summary = "证书详情：等级、科目、可报考专业",
                 .response = http::schema::ref("Certificate")},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           auto& sql = ctx.sql();
           return respond(TRY(service::get(sql, ctx.who(), id)));
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/certificates",
         .permission = "cert:edit",
         .doc = {.tag = "证书",
                 .summary = "新增证书（含等级、科目、专业）",
                 .request_body = certificate_schema(),
                 .response = http::schema::ref("Certificate"),
                 .success_status = 201},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           return respond(TRY(service::create(sql, App::actor(ctx), body, ctx.now())), 201);
         }});
  r.add({.method = "PUT",
         .pattern = "/api/v1/certificates/{id}",
         .permission = "cert:edit",
         .doc = {.tag = "证书",
                 .summary = "修改证书（带 version；科目按科目代码保留）",
                 .request_body = certificate_schema(),
                 .response = http::schema::ref("Certificate")},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           return respond(TRY(service::update(sql, App::actor(ctx), id, body, ctx.now())));
         }});
  exchange_routes::import_routes(
      app,
      {.type = "certificate_majors",
       .base = "/api/v1/certificates/{id}/majors",
       .permission = "cert:edit",
       .tag = "证书",
       .template_summary = "下载可报考专业导入模板",
       .import_summary =
           "导入可报考专业（请求体为 .xlsx/.xls/.csv 文件本身；后台任务，完成后可下载失败数据）",
       .params = [](const http::Ctx& ctx) -> Result<nlohmann::json> {
         return nlohmann::json{{"targetId", TRY(ctx.id_param())}, {"orgId", ctx.who().org_id}};
       },
       .spec = service::majors_import});
  for (bool enabled : {true, false}) {
    r.add(
        {.method = "POST",
         .pattern = std::string("/api/v1/certificates/{id}/") + (enabled ? "enable" : "disable"),
         .permission = "cert:edit",
         .doc = {.tag = "证书",
                 .summary =
                     enabled ? "启用证书" : "停用证书（停用后院校不可见、不能再用于新的考试计划）",
                 .request_body = {{"type", "object"}},
                 .response = http::schema::ref("Certificate")},
         .handler = [&app, enabled](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           auto& sql = ctx.sql();
           return respond(TRY(service::set_enabled(sql, App::actor(ctx), id, enabled, ctx.now())));
         }});
  }
}

}  // namespace kaowu::certificates
