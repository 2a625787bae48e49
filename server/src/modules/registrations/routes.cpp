#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/app.hpp"
#include "modules/exchange_routes.hpp"
#include "modules/registrations/service.hpp"

namespace kaowu::registrations {

namespace {

const std::vector<http::ParamDoc> kFilters = {
    {"planId", "integer", "考试计划"},
    {"collegeId", "integer", "所属院校（机构、管理员用）"},
    {"certificateId", "integer", "证书"},
    {"subjectId", "integer", "报考科目"},
    {"name", "string", "考生姓名"},
    {"studentNo", "string", "考生编号"},
    {"idNumber", "string", "身份证号"},
    {"status", "string",
     "考试状态：unarranged 未排考 / waiting 待考试 / ongoing 考试中 / finished 已结束"},
    {"paid", "string", "缴费状态：0 未缴费 / 1 已缴费"}};

//! What the import spec needs: the college, mode, plan and certificate of the query, and when.
Result<nlohmann::json> import_params(const http::Ctx& ctx, Timestamp now) {
  const auto plan = TRY(ctx.query_map().id("planId", "考试计划"));
  const auto cert = TRY(ctx.query_map().id("certificateId", "证书"));
  return nlohmann::json{{"orgId", ctx.who().org_id},
                        {"mode", ctx.query("mode")},
                        {"planId", plan.value_or(0)},
                        {"certificateId", cert.value_or(0)},
                        {"now", now}};
}

const std::vector<http::ParamDoc> kImportParams = {
    {"mode", "string", "certificate 按证书导入 / subject 按科目导入", true},
    {"planId", "integer", "考试计划（须在报考时间内且参考院校包含本院校）", true},
    {"certificateId", "integer", "考核证书（按科目导入时必填）"}};

nlohmann::json registration_schema() {
  return {{"type", "object"},
          {"required", {"planId", "studentId"}},
          {"properties",
           {{"planId", {{"type", "integer"}}},
            {"studentId", {{"type", "integer"}}},
            {"levelId", {{"type", "integer"}, {"description", "按证书报考：证书等级"}}},
            {"subjectIds",
             {{"type", "array"},
              {"items", {{"type", "integer"}}},
              {"description", "按科目报考：科目"}}}}}};
}
}  // namespace

void register_routes(App& app) {
  auto& r = app.router();
  r.component("Registration", schema());
  r.add({.method = "GET",
         .pattern = "/api/v1/registrations",
         .permission = "registration:view",
         .doc = {.tag = "报考",
                 .summary = "报考信息列表（院校看本院校，机构看本机构考试计划的报考）",
                 .query = http::with_paging(kFilters),
                 .response = http::schema::page(http::schema::ref("Registration"))},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto f = TRY(filter_from(ctx.query_map()));
           auto& sql = ctx.sql();
           return http::Response::json(
               service::list(sql, ctx.who(), f, ctx.page(), ctx.page_size(), ctx.now()));
         }});
  r.add(
      {.method = "GET",
       .pattern = "/api/v1/registrations/options",
       .permission = "registration:edit",
       .doc = {.tag = "报考",
               .summary = "当前可报考的考试计划（报考时间内、参考院校含本院校），含证书等级与科目",
               .response = service::options_schema()},
       .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
         auto& sql = ctx.sql();
         return http::Response::json(service::options(sql, ctx.who(), ctx.now()));
       }});
  r.add(exchange_routes::export_route(
      app, {.type = "registrations",
            .pattern = "/api/v1/registrations/export",
            .permission = "registration:view",
            .tag = "报考",
            .summary = "批量导出报考数据",
            .ticked = "勾选的报考记录",
            .filters = kFilters,
            .spec = [](soci::session& sql,
                       const exporting::Request& request) -> Result<exporting::ExportSpec> {
              const Filter f = TRY(filter_from(request.query));
              return service::export_spec(sql, request.scope, f, request.ids, request.now);
            }}));
  exchange_routes::import_routes(
      app, {.type = "registrations",
            .base = "/api/v1/registrations",
            .permission = "registration:edit",
            .tag = "报考",
            .template_summary = "下载报考导入模板（按证书：先选考试计划；按科目：再选考核证书）",
            .import_summary = "批量导入报考（请求体为文件本身）",
            .query = kImportParams,
            .errors = {409},
            .params = [](const http::Ctx& ctx) { return import_params(ctx, ctx.now()); },
            .spec = service::registrations_import});
  r.add({.method = "POST",
         .pattern = "/api/v1/registrations",
         .permission = "registration:edit",
         .doc = {.tag = "报考",
                 .summary = "单个报考（按证书给 levelId，按科目给 subjectIds），答所建的报考记录",
                 .request_body = registration_schema(),
                 .response = http::schema::array(http::schema::ref("Registration")),
                 .success_status = 201,
                 .errors = {404}},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           const auto now = ctx.now();
           const auto rows = TRY(service::add(sql, App::actor(ctx), body, now));
           // One registration per subject: the created ones, as a list.
           nlohmann::json created = nlohmann::json::array();
           for (const auto& row : rows) created.push_back(to_json(row, now));
           return http::Response::json(created, 201);
         }});
  r.add(batch_remove_route(
      app, {.pattern = "/api/v1/registrations/batch-delete",
            .permission = "registration:edit",
            .tag = "报考",
            .summary = "批量删除报考（仅未排考、未缴费且不在缴费申请单中的；逐条给出结果）",
            .noun = "报考记录",
            .remove = service::batch_remove}));
  r.add({.method = "GET",
         .pattern = "/api/v1/registrations/{id}/deletion-scope",
         .permission = "registration:edit",
         .doc = {.tag = "报考",
                 .summary =
                     "删除前确认：按证书报考的计划中，删除一个科目即删除该考生该证书等级的全部科目",
                 .response = service::deletion_scope_schema()},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           auto& sql = ctx.sql();
           const auto scope = TRY(service::deletion_scope(sql, ctx.who(), id));
           return http::Response::json(scope);
         }});
  r.add(remove_route(app, {.pattern = "/api/v1/registrations/{id}",
                           .permission = "registration:edit",
                           .tag = "报考",
                           .summary = "删除报考（仅未排考、未缴费且不在缴费申请单中的；按证书报考的"
                                      "计划中连同该证书等级的其他科目）",
                           .remove = service::remove}));
}

}  // namespace kaowu::registrations
