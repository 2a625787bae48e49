#include "core/app.hpp"
#include "core/export.hpp"
#include "core/imports.hpp"
#include "core/input.hpp"
#include "modules/rooms/service.hpp"

namespace kaowu::rooms {

namespace {
constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

nlohmann::json room_schema() {
  nlohmann::json props = nlohmann::json::object();
  for (const char* k : {"planId", "siteId", "certificateId", "seats"})
    props[k] = {{"type", "integer"}};
  for (const char* k : {"name", "region", "address"}) props[k] = {{"type", "string"}};
  props["types"] = {{"type", "array"}, {"items", {{"type", "string"}, {"enum", type_options()}}}};
  props["version"] = {{"type", "integer"}, {"description", "修改时必填"}};
  return {{"type", "object"},
          {"required",
           {"planId", "siteId", "certificateId", "name", "types", "seats", "region", "address"}},
          {"properties", props}};
}

Filter filter_of(const http::Ctx& ctx) {
  Filter f;
  f.plan_id = ctx.query_int("planId");
  f.site_id = ctx.query_int("siteId");
  f.name = input::trim(ctx.query("name"));
  f.type = input::trim(ctx.query("type"));
  f.state = ctx.query("status");
  return f;
}

const std::vector<http::ParamDoc> kFilters = {
    {"planId", "integer", "考试计划"},
    {"siteId", "integer", "考核站点（所属考场地点）"},
    {"name", "string", "考场名称"},
    {"type", "string", "考场类型：笔试 / 机考 / 实操 / 笔试+实操 / 机考+实操"},
    {"status", "string", "unarranged 未排考 | arranging 排考中 | finished 已结束"}};

http::Response respond(const Result<Room>& r, int status = 200) {
  if (!r) return http::Response::error(r.error());
  return http::Response::json(to_json(r.value()), status);
}
}  // namespace

void register_routes(App& app) {
  auto& r = app.router();
  app.imports().add("rooms", service::room_import);
  app.exports().add("rooms", [](soci::session& sql, const nlohmann::json& params) {
    const exporting::Replay request(params);
    return service::export_spec(sql, request.scope(), filter_of(request.ctx()), request.ids(), request.now());
  });
  r.add({.method = "GET",
         .pattern = "/api/v1/rooms",
         .permission = "room:view",
         .doc = {.tag = "考场",
                 .summary = "考场列表（院校看本院校的，培训评价组织看其考试计划的）",
                 .query = http::with_paging(kFilters),
                 .response = {{"type", "object"}}},
         .handler = [&app](http::Ctx& ctx) {
           soci::session sql(app.database().pool());
           return http::Response::json(service::list(sql, ctx.who(), filter_of(ctx), ctx.page(),
                                                     ctx.page_size(), app.clock().now()));
         }});
  r.add(
      {.method = "GET",
       .pattern = "/api/v1/rooms/options",
       .permission = "room:edit",
       .doc = {.tag = "考场",
               .summary =
                   "新增考场可选项：本院校未结束的考试计划、其证书及各证书审核通过的本院校考核站点",
               .response = {{"type", "object"}}},
       .handler = [&app](http::Ctx& ctx) {
         soci::session sql(app.database().pool());
         return http::Response::json(service::options(sql, ctx.who(), app.clock().now()));
       }});
  auto export_params = kFilters;
  export_params.insert(export_params.begin(),
                       {"ids", "string", "勾选的考场，逗号分隔；不填则导出符合条件的全部"});
  r.add({.method = "GET",
         .pattern = "/api/v1/rooms/export",
         .permission = "room:view",
         .doc = {.tag = "考场",
                 .summary = "批量导出考场信息；超过 --export-direct-rows 条时转为后台任务，答 202 {job}，完成后从任务结果下载",
                 .query = export_params,
                 .response = {{"type", "string"}, {"format", "binary"}},
                 .response_content_type = kXlsx},
         .handler = [&app](http::Ctx& ctx) { return exporting::respond(app, ctx, "rooms"); }});
  r.add({.method = "GET",
         .pattern = "/api/v1/rooms/template",
         .permission = "room:edit",
         .doc = {.tag = "考场",
                 .summary = "下载考场信息导入模板",
                 .response = {{"type", "string"}, {"format", "binary"}},
                 .response_content_type = kXlsx},
         .handler = [&app](http::Ctx& ctx) {
           soci::session sql(app.database().pool());
           return imports::template_response(
               service::room_import(sql, {{"orgId", ctx.who().org_id}}), app.config().temp_dir);
         }});
  r.add(
      {.method = "POST",
       .pattern = "/api/v1/rooms/import",
       .permission = "room:edit",
       .upload = true,
       .doc = {.tag = "考场",
               .summary =
                   "批量导入考场信息（请求体为文件本身；同一计划、地点、名称的未排考考场会被更新）",
               .query = {{"fileName", "string", "上传文件名", true}},
               .request_body = {{"type", "string"}, {"format", "binary"}},
               .response = {{"type", "object"}},
               .success_status = 202,
               .request_content_type = "application/octet-stream"},
       .handler = [&app](http::Ctx& ctx) {
         soci::session sql(app.database().pool());
         const nlohmann::json params = {{"orgId", ctx.who().org_id}, {"now", app.clock().now()}};
         return imports::accept(sql, app.jobs(), ctx, "rooms", params, "考场信息.xlsx",
                                app.clock().now());
       }});
  r.add(
      {.method = "POST",
       .pattern = "/api/v1/rooms/batch-delete",
       .permission = "room:edit",
       .doc = {.tag = "考场",
               .summary = "批量删除考场（只删除未排考的，其余逐条说明原因）",
               .request_body = {{"type", "object"},
                                {"required", {"ids"}},
                                {"properties",
                                 {{"ids", {{"type", "array"}, {"items", {{"type", "integer"}}}}}}}},
               .response = {{"type", "object"}}},
       .handler = [&app](http::Ctx& ctx) {
         auto body = ctx.json_body();
         if (!body) return http::Response::error(body.error());
         const auto& list = body.value().contains("ids") ? body.value()["ids"] : nlohmann::json();
         std::vector<std::int64_t> ids;
         if (list.is_array()) {
           for (const auto& v : list) {
             if (!v.is_number_integer())
               return http::Response::error(err::invalid("ids 须为考场编号列表"));
             ids.push_back(v.get<std::int64_t>());
           }
         }
         if (ids.empty()) return http::Response::error(err::invalid("请选择要删除的考场"));
         soci::session sql(app.database().pool());
         return http::Response::json(
             service::remove_many(sql, App::actor(ctx), ids, app.clock().now()));
       }});
  r.add({.method = "GET",
         .pattern = "/api/v1/rooms/{id}",
         .permission = "room:view",
         .doc = {.tag = "考场", .summary = "考场详情", .response = room_schema()},
         .handler = [&app](http::Ctx& ctx) {
           auto id = ctx.id_param();
           if (!id) return http::Response::error(id.error());
           soci::session sql(app.database().pool());
           return respond(service::get(sql, ctx.who(), id.value(), app.clock().now()));
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/rooms",
         .permission = "room:edit",
         .doc = {.tag = "考场",
                 .summary = "新增考场",
                 .request_body = room_schema(),
                 .response = room_schema(),
                 .success_status = 201},
         .handler = [&app](http::Ctx& ctx) {
           auto body = ctx.json_body();
           if (!body) return http::Response::error(body.error());
           soci::session sql(app.database().pool());
           return respond(service::create(sql, App::actor(ctx), body.value(), app.clock().now()),
                          201);
         }});
  r.add({.method = "PUT",
         .pattern = "/api/v1/rooms/{id}",
         .permission = "room:edit",
         .doc = {.tag = "考场",
                 .summary =
                     "修改考场（带 version；未排考可改全部，排考中只能增加考位数，已结束不能修改）",
                 .request_body = room_schema(),
                 .response = room_schema()},
         .handler = [&app](http::Ctx& ctx) {
           auto id = ctx.id_param();
           if (!id) return http::Response::error(id.error());
           auto body = ctx.json_body();
           if (!body) return http::Response::error(body.error());
           soci::session sql(app.database().pool());
           return respond(
               service::update(sql, App::actor(ctx), id.value(), body.value(), app.clock().now()));
         }});
  r.add({.method = "DELETE",
         .pattern = "/api/v1/rooms/{id}",
         .permission = "room:edit",
         .doc = {.tag = "考场", .summary = "删除考场（仅未排考）", .success_status = 204},
         .handler = [&app](http::Ctx& ctx) {
           auto id = ctx.id_param();
           if (!id) return http::Response::error(id.error());
           soci::session sql(app.database().pool());
           Status st = service::remove(sql, App::actor(ctx), id.value(), app.clock().now());
           if (!st) return http::Response::error(st.error());
           return http::Response::no_content();
         }});
}

}  // namespace kaowu::rooms
