#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/app.hpp"
#include "modules/sites/service.hpp"

namespace kaowu::sites {

namespace {
using Action = Result<Site> (*)(soci::session&, const audit::Actor&, std::int64_t,
                                const nlohmann::json&, Timestamp);

nlohmann::json fields(std::initializer_list<std::pair<const char*, const char*>> list) {
  nlohmann::json props = nlohmann::json::object();
  for (auto& [k, t] : list) props[k] = {{"type", t}};
  return {{"type", "object"}, {"properties", props}};
}
}  // namespace

void register_routes(App& app) {
  auto& r = app.router();
  r.component("Site", schema());
  r.add({.method = "GET",
         .pattern = "/api/v1/sites",
         .permission = "site:view",
         .doc = {.tag = "考核站点",
                 .summary = "考核站点列表",
                 .query = http::with_paging({{"keyword", "string", "站点名称"},
                                             {"status", "string", "pending | approved | returned"},
                                             {"certificateId", "integer", "证书"}}),
                 .response = http::schema::page(http::schema::ref("Site"))},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           Filter f;
           f.keyword = input::trim(ctx.query("keyword"));
           f.status = ctx.query("status");
           f.certificate_id = ctx.query_int("certificateId");
           auto& sql = ctx.sql();
           return http::Response::json(
               service::list(sql, ctx.who(), f, ctx.page(), ctx.page_size()));
         }});
  r.add(
      {.method = "GET",
       .pattern = "/api/v1/sites/{id}",
       .permission = "site:view",
       .doc = {.tag = "考核站点", .summary = "考核站点详情", .response = http::schema::ref("Site")},
       .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
         const auto id = TRY(ctx.id_param());
         auto& sql = ctx.sql();
         const auto s = TRY(service::get(sql, ctx.who(), id));
         return http::Response::json(to_json(s));
       }});
  r.add({.method = "GET",
         .pattern = "/api/v1/sites/suggestion",
         .permission = "site:apply",
         .doc = {.tag = "考核站点",
                 .summary = "申请表单：本院校该证书已有的考核站点，以及一个未被使用的站点名称",
                 .query = {{"certificateId", "integer", "证书", true}},
                 .response = http::schema::object(
                     {{"name", http::schema::string()},
                      {"existing", http::schema::array(http::schema::object(
                                       {{"id", http::schema::integer()},
                                        {"name", http::schema::string()},
                                        {"status", http::schema::enumeration(status_codes())},
                                        {"statusName", http::schema::string()},
                                        {"address", http::schema::string()}}))}})},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto certificate = ctx.query_int("certificateId");
           if (!certificate) return err::invalid("请选择证书", {{"field", "certificateId"}});
           auto& sql = ctx.sql();
           return http::Response::json(service::suggestion(sql, ctx.who(), *certificate));
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/sites",
         .permission = "site:apply",
         .doc = {.tag = "考核站点",
                 .summary = "院校申请考核站点（选择证书，填写考点地区和详细地址）",
                 .request_body = fields({{"certificateId", "integer"},
                                         {"name", "string"},
                                         {"region", "string"},
                                         {"address", "string"}}),
                 .response = http::schema::ref("Site"),
                 .success_status = 201},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           const auto s = TRY(service::apply(sql, App::actor(ctx), body, ctx.now()));
           return http::Response::json(to_json(s), 201);
         }});
  const std::tuple<const char*, const char*, const char*, const char*, Action, nlohmann::json>
      actions[] = {
          {"PUT", "/api/v1/sites/{id}", "site:apply", "院校修改待审核或已退回的申请并重新提交",
           &service::update,
           fields({{"name", "string"},
                   {"region", "string"},
                   {"address", "string"},
                   {"version", "integer"}})},
          {"POST",
           "/api/v1/sites/{id}/approve",
           "site:review",
           "培训评价组织审核通过（可指定该站点服务的其他院校）",
           &service::approve,
           {{"type", "object"},
            {"properties",
             {{"collegeIds", {{"type", "array"}, {"items", {{"type", "integer"}}}}}}}}},
          {"POST", "/api/v1/sites/{id}/return", "site:review", "培训评价组织退回申请（须填写原因）",
           &service::reject, fields({{"reason", "string"}})},
      };
  for (const auto& [method, pattern, permission, summary, action, schema] : actions) {
    const Action fn = action;
    r.add({.method = method,
           .pattern = pattern,
           .permission = permission,
           .doc = {.tag = "考核站点",
                   .summary = summary,
                   .request_body = schema,
                   .response = http::schema::ref("Site")},
           .handler = [&app, fn](http::Ctx& ctx) -> Result<http::Response> {
             const auto id = TRY(ctx.id_param());
             const auto body = TRY(ctx.json_body());
             auto& sql = ctx.sql();
             const auto s = TRY(fn(sql, App::actor(ctx), id, body, ctx.now()));
             return http::Response::json(to_json(s));
           }});
  }
}

}  // namespace kaowu::sites
