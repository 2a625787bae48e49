#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/app.hpp"
#include "modules/exchange_routes.hpp"
#include "modules/payments/service.hpp"

namespace kaowu::payments {

namespace {

const std::vector<http::ParamDoc> kFilters = {
    {"number", "string", "缴费单号"},
    {"planId", "integer", "考试计划"},
    {"collegeId", "integer", "缴费院校（培训评价组织、管理员）"},
    {"mode", "string", "certificate 按证书缴费 / subject 按科目缴费"},
    {"status", "string", "pending 待确认 / confirmed 已确认"}};

const nlohmann::json kApplication = http::schema::ref("PaymentApplication");

http::Response respond(const Application& a, int status = 200) {
  return http::Response::json(to_json(a, true), status);
}
}  // namespace

void register_routes(App& app) {
  auto& r = app.router();
  r.component("PaymentApplication", schema(true));
  r.component("PaymentApplicationSummary", schema(false));
  r.add({.method = "GET",
         .pattern = "/api/v1/payments",
         .permission = "payment:view",
         .doc = {.tag = "缴费",
                 .summary = "缴费申请单列表（院校：本院校；培训评价组织：提交给本机构的）",
                 .query = http::with_paging(kFilters),
                 .response = http::schema::page(http::schema::ref("PaymentApplicationSummary"))},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto f = TRY(filter_from(ctx.query_map()));
           auto& sql = ctx.sql();
           return http::Response::json(
               service::list(sql, ctx.who(), f, ctx.page(), ctx.page_size()));
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/payments/options",
         .permission = "payment:edit",
         .doc = {.tag = "缴费",
                 .summary = "可生成缴费申请单的考试计划（报考阶段中，含报考方式和考核证书）",
                 .response = service::options_schema()},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           auto& sql = ctx.sql();
           return http::Response::json(service::options(sql, ctx.who(), ctx.now()));
         }});
  r.add(exchange_routes::export_route(
      app, {.type = "payments",
            .pattern = "/api/v1/payments/export",
            .permission = "payment:view",
            .tag = "缴费",
            .summary = "批量导出缴费申请单",
            .ticked = "勾选的缴费申请单",
            .filters = kFilters,
            .spec = [](soci::session& sql,
                       const exporting::Request& request) -> Result<exporting::ExportSpec> {
              const Filter f = TRY(filter_from(request.query));
              return service::export_spec(sql, request.scope, f, request.ids);
            }}));
  r.add({.method = "POST",
         .pattern = "/api/v1/payments",
         .permission = "payment:edit",
         .doc = {.tag = "缴费",
                 .summary =
                     "生成缴费申请单（按证书报考生 / "
                     "按科目报考生）：收入本院校该计划该证书下全部未缴费且未在其他申请单中的报考",
                 .request_body = {{"type", "object"},
                                  {"required", {"planId", "certificateId", "mode"}},
                                  {"properties",
                                   {{"planId", {{"type", "integer"}}},
                                    {"certificateId", {{"type", "integer"}}},
                                    {"mode",
                                     {{"type", "string"}, {"enum", {"certificate", "subject"}}}}}}},
                 .response = kApplication,
                 .success_status = 201},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           return respond(TRY(service::generate(sql, App::actor(ctx), body, ctx.now())), 201);
         }});
  r.add(
      {.method = "POST",
       .pattern = "/api/v1/payments/confirm",
       .permission = "payment:confirm",
       .doc = {.tag = "缴费",
               .summary =
                   "批量确认缴费（培训评价组织）：确认后申请单不可再改，其中报考记录标记为已缴费",
               .request_body = {{"type", "object"},
                                {"required", {"ids"}},
                                {"properties",
                                 {{"ids", {{"type", "array"}, {"items", {{"type", "integer"}}}}}}}},
               .response = batch::BatchResult::schema()},
       .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
         const auto body = TRY(ctx.json_body());
         auto& sql = ctx.sql();
         const auto result = TRY(service::confirm(sql, App::actor(ctx), body, ctx.now()));
         return http::Response::json(result.to_json());
       }});
  r.add({.method = "GET",
         .pattern = "/api/v1/payments/{id}",
         .permission = "payment:view",
         .doc = {.tag = "缴费",
                 .summary = "缴费申请单详情（含考生、科目和金额）",
                 .response = kApplication},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           auto& sql = ctx.sql();
           return respond(TRY(service::get(sql, ctx.who(), id)));
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/payments/{id}/notice",
         .permission = "payment:view",
         .doc = {.tag = "缴费",
                 .summary = "下载缴费通知单 PDF（转账时附上）",
                 .response = http::schema::binary(),
                 .response_content_type = "application/pdf"},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           auto& sql = ctx.sql();
           return service::notice_pdf(sql, ctx.who(), id, ctx.now(), app.config().temp_dir);
         }});
  r.add(remove_route(app, {.pattern = "/api/v1/payments/{id}",
                           .permission = "payment:edit",
                           .tag = "缴费",
                           .summary = "删除待确认的缴费申请单（其中报考记录可重新生成）",
                           .remove = service::remove}));
}

}  // namespace kaowu::payments
