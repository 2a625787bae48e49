#include "core/http/schema.hpp"
#include "modules/app.hpp"
#include "modules/audit/service.hpp"

namespace kaowu::audit_log {

void register_routes(App& app) {
  app.jobs().register_type("audit_export", "导出审计日志", export_csv);
  const std::vector<http::ParamDoc> filters = {
      {"keyword", "string", "摘要、操作人或机构关键字"},
      {"action", "string", "操作类型，如 create、update、login"},
      {"entity", "string", "对象类型，如 organization、account"},
      {"accountId", "integer", "操作人账号"},
      {"from", "string", "开始时间 2021-09-15 或 2021-09-15 08:00"},
      {"to", "string", "结束时间"}};
  const auto list_params = http::with_paging(filters);
  auto& r = app.router();
  r.add({.method = "GET",
         .pattern = "/api/v1/audit-logs",
         .permission = "audit:view",
         .doc = {.tag = "审计日志",
                 .summary = "审计日志：谁在何时对什么做了什么，修改前后的值",
                 .query = list_params,
                 .response = http::schema::page(entry_schema())},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           nlohmann::json params = nlohmann::json::object();
           for (const auto& [k, v] : ctx.req.query) params[k] = v;
           auto& sql = ctx.sql();
           return http::Response::json(list(sql, filter_from(params), ctx.page(), ctx.page_size()));
         }});
  nlohmann::json filter_schema = {{"type", "object"}, {"properties", nlohmann::json::object()}};
  for (const auto& f : filters)
    filter_schema["properties"][f.name] = {{"type", "string"}, {"description", f.description}};
  r.add({.method = "POST",
         .pattern = "/api/v1/audit-logs/export",
         .permission = "audit:view",
         .doc = {.tag = "审计日志",
                 .summary = "按筛选条件导出审计日志（后台任务，完成后下载 CSV）",
                 .request_body = filter_schema,
                 .response = http::schema::job_accepted(),
                 .success_status = 202},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           const auto now = ctx.now();
           std::int64_t id = 0;
           Status st = db::write_tx(sql, [&]() -> Status {
             id = app.jobs().enqueue(sql, ctx.who(), "audit_export", body, now);
             audit::record(
                 sql, App::actor(ctx),
                 {"export", "audit_log", std::to_string(id), "导出审计日志", nullptr, body}, now);
             return {};
           });
           if (!st) return st.error();
           app.jobs().notify();
           const auto job = TRY(app.jobs().get(sql, ctx.who(), id));
           return http::Response::json({{"job", job}}, 202);
         }});
}

}  // namespace kaowu::audit_log
