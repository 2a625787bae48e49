#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/app.hpp"
#include "modules/exchange_routes.hpp"
#include "modules/rooms/service.hpp"

namespace kaowu::rooms {

namespace {

// On update only version is required: absent fields keep their values.
nlohmann::json room_schema(bool update = false) {
  nlohmann::json props = nlohmann::json::object();
  for (const char* k : {"planId", "siteId", "certificateId", "seats"})
    props[k] = {{"type", "integer"}};
  for (const char* k : {"name", "region", "address"}) props[k] = {{"type", "string"}};
  props["types"] = {{"type", "array"}, {"items", {{"type", "string"}, {"enum", type_options()}}}};
  props["version"] = {{"type", "integer"}, {"description", "修改时必填"}};
  const nlohmann::json required =
      update ? nlohmann::json::array({"version"})
             : nlohmann::json::array({"planId", "siteId", "certificateId", "name", "types", "seats",
                                      "region", "address"});
  return {{"type", "object"}, {"required", required}, {"properties", props}};
}

// Unknown values are refused rather than ignored, so a bad link never lists or exports everything.
const std::vector<http::ParamDoc> kFilters = {
    {"planId", "integer", "考试计划"},
    {"siteId", "integer", "考核站点（所属考场地点）"},
    {"name", "string", "考场名称"},
    {"type", "string", "考场类型：笔试 / 机考 / 实操 / 笔试+实操 / 机考+实操"},
    {"status", "string", "unarranged 未排考 | arranging 排考中 | finished 已结束"}};

}  // namespace

using http::respond;

void register_routes(App& app) {
  auto& r = app.router();
  r.component("Room", schema());
  r.add({.method = "GET",
         .pattern = "/api/v1/rooms",
         .permission = "room:view",
         .doc = {.tag = "考场",
                 .summary = "考场列表（院校看本院校的，培训评价组织看其考试计划的）",
                 .query = http::with_paging(kFilters),
                 .response = http::schema::page(http::schema::ref("Room"))},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto f = TRY(filter_from(ctx.query_map()));
           auto& sql = ctx.sql();
           return http::Response::json(
               service::list(sql, ctx.who(), f, ctx.page(), ctx.page_size(), ctx.now()));
         }});
  r.add(
      {.method = "GET",
       .pattern = "/api/v1/rooms/options",
       .permission = "room:edit",
       .doc = {.tag = "考场",
               .summary =
                   "新增考场可选项：本院校未结束的考试计划、其证书及各证书审核通过的本院校考核站点",
               .response = service::options_schema()},
       .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
         auto& sql = ctx.sql();
         return http::Response::json(service::options(sql, ctx.who(), ctx.now()));
       }});
  r.add(exchange_routes::export_route(
      app, {.type = "rooms",
            .pattern = "/api/v1/rooms/export",
            .permission = "room:view",
            .tag = "考场",
            .summary = "批量导出考场信息",
            .ticked = "勾选的考场",
            .filters = kFilters,
            .spec = [](soci::session& sql,
                       const exporting::Request& request) -> Result<exporting::ExportSpec> {
              const Filter filter = TRY(filter_from(request.query));
              return service::export_spec(sql, request.scope, filter, request.ids, request.now);
            }}));
  exchange_routes::import_routes(
      app,
      {.type = "rooms",
       .base = "/api/v1/rooms",
       .permission = "room:edit",
       .tag = "考场",
       .template_summary = "下载考场信息导入模板（考试计划、考场地点、证书为本院校可选的下拉列表）",
       .import_summary =
           "批量导入考场信息（请求体为文件本身；同一计划、地点、名称的未排考考场会被更新）",
       .params = [](const http::Ctx& ctx) -> Result<nlohmann::json> {
         return exchange_routes::uploader_params(ctx);
       },
       .spec = service::room_import});
  r.add(
      batch_remove_route(app, {.pattern = "/api/v1/rooms/batch-delete",
                               .permission = "room:edit",
                               .tag = "考场",
                               .summary = "批量删除考场（每项带删除前看到的 version；一次最多 1000 "
                                          "个；只删除未排考且未被他人修改的，其余逐条说明原因）",
                               .noun = "考场",
                               .remove = service::remove_many}));
  r.add({.method = "GET",
         .pattern = "/api/v1/rooms/{id}",
         .permission = "room:view",
         .doc = {.tag = "考场", .summary = "考场详情", .response = http::schema::ref("Room")},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           auto& sql = ctx.sql();
           return respond(TRY(service::get(sql, ctx.who(), id, ctx.now())));
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/rooms",
         .permission = "room:edit",
         .doc = {.tag = "考场",
                 .summary = "新增考场",
                 .request_body = room_schema(),
                 .response = http::schema::ref("Room"),
                 .success_status = 201},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           return respond(TRY(service::create(sql, App::actor(ctx), body, ctx.now())), 201);
         }});
  r.add({.method = "PUT",
         .pattern = "/api/v1/rooms/{id}",
         .permission = "room:edit",
         .doc = {.tag = "考场",
                 .summary = "修改考场（带 "
                            "version；未传的字段保持原值；未排考可改全部，排考中只能增加考位数（可"
                            "只传 seats 与 "
                            "version），已结束不能修改）",
                 .request_body = room_schema(true),
                 .response = http::schema::ref("Room")},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           return respond(TRY(service::update(sql, App::actor(ctx), id, body, ctx.now())));
         }});
  r.add(remove_route(app, {.pattern = "/api/v1/rooms/{id}",
                           .permission = "room:edit",
                           .tag = "考场",
                           .summary = "删除考场（仅未排考）",
                           .remove = service::remove}));
}

}  // namespace kaowu::rooms
