#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/app.hpp"
#include "modules/organizations/service.hpp"

namespace kaowu::organizations {

namespace {
nlohmann::json edit_schema(bool create) {
  nlohmann::json props = {
      {"name", {{"type", "string"}}},
      {"collegeType", {{"type", "string"}, {"enum", {"本科院校", "高职院校", "中职学校"}}}},
      {"provinceId", {{"type", "integer"}}},
      {"region", {{"type", "string"}}},
      {"contactName", {{"type", "string"}}},
      {"contactPhone", {{"type", "string"}}},
      {"bankAccountName", {{"type", "string"}, {"description", "收款户名（培训评价组织）"}}},
      {"bankName", {{"type", "string"}, {"description", "开户行"}}},
      {"bankAccount", {{"type", "string"}, {"description", "收款账号"}}}};
  nlohmann::json required = {"name"};
  if (create) {
    props["type"] = {{"type", "string"}, {"enum", {"province", "org", "college"}}};
    required.push_back("type");
  } else {
    props["enabled"] = {{"type", "boolean"}};
    props["version"] = {{"type", "integer"}};
    required.push_back("version");
  }
  return {{"type", "object"}, {"properties", props}, {"required", required}};
}

}  // namespace

void register_routes(App& app) {
  auto& r = app.router();
  r.component("Organization", schema());
  r.add({.method = "GET",
         .pattern = "/api/v1/organizations",
         .permission = "org:view",
         .doc = {.tag = "机构",
                 .summary = "机构列表（平台管理员全部；省级教育行政部门本省院校）",
                 .query =
                     http::with_paging({{"type", "string", "platform | province | org | college"},
                                        {"keyword", "string", "名称关键字"},
                                        {"provinceId", "integer", "所属省级教育行政部门"},
                                        {"enabled", "boolean", "是否启用"}}),
                 .response = http::schema::page(http::schema::ref("Organization"))},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           Filter f;
           f.type = ctx.query("type");
           f.keyword = input::trim(ctx.query("keyword"));
           f.province_id = ctx.query_int("provinceId");
           f.enabled = ctx.query_bool("enabled");
           auto& sql = ctx.sql();
           return http::Response::json_text(
               service::list(sql, ctx.who(), f, ctx.page(), ctx.page_size()));
         }});
  // Directories an organisation picks from when it sets up plans and sites: the enabled
  // colleges (参考院校, 服务院校) and training organisations (收费对象).
  const std::pair<const char*, const char*> directories[] = {
      {"college", "可选的试点院校（启用的），供考试计划选择参考院校、考核站点指定服务院校"},
      {"org", "可选的培训评价组织（启用的），供考试计划选择收费对象"}};
  for (const auto& [type, summary] : directories) {
    const std::string kind = type;
    r.add({.method = "GET",
           .pattern = kind == "college" ? "/api/v1/colleges" : "/api/v1/training-orgs",
           .permission = "college:pick",
           .doc = {.tag = "机构",
                   .summary = summary,
                   .query = http::with_paging({{"keyword", "string", "名称关键字"},
                                               {"provinceId", "integer", "所属省级教育行政部门"}}),
                   .response = http::schema::page(http::schema::ref("Organization"))},
           .handler = [&app, kind](http::Ctx& ctx) -> Result<http::Response> {
             Filter f;
             f.type = kind;
             f.enabled = true;
             f.keyword = input::trim(ctx.query("keyword"));
             f.province_id = ctx.query_int("provinceId");
             Scope directory = ctx.who();
             directory.role = Role::admin;  // a directory of names, open to those who may pick
             auto& sql = ctx.sql();
             return http::Response::json_text(
                 service::list(sql, directory, f, ctx.page(), ctx.page_size()));
           }});
  }
  r.add({.method = "GET",
         .pattern = "/api/v1/organizations/{id}",
         .doc = {.tag = "机构",
                 .summary = "机构详情（本机构；管理员任意；省厅本省院校）",
                 .response = http::schema::ref("Organization")},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           auto& sql = ctx.sql();
           const auto org = TRY(service::get(sql, ctx.who(), id));
           return http::Response::json(to_json(org));
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/organizations",
         .permission = "org:edit",
         .doc = {.tag = "机构",
                 .summary = "新增机构",
                 .request_body = edit_schema(true),
                 .response = http::schema::ref("Organization"),
                 .success_status = 201},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           const auto org = TRY(service::create(sql, App::actor(ctx), body, ctx.now()));
           return http::Response::json(to_json(org), 201);
         }});
  r.add({.method = "PUT",
         .pattern = "/api/v1/organizations/{id}",
         .permission = "org:edit",
         .doc = {.tag = "机构",
                 .summary = "修改机构（带 version 防止覆盖他人修改）",
                 .request_body = edit_schema(false),
                 .response = http::schema::ref("Organization")},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           const auto org = TRY(service::update(sql, App::actor(ctx), id, body, ctx.now()));
           return http::Response::json(to_json(org));
         }});
}

}  // namespace kaowu::organizations
