#include "modules/exchange_routes.hpp"

#include <stdexcept>

#include "core/http/schema.hpp"

namespace kaowu::exchange_routes {

namespace {
constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

Result<http::Response> export_response(App& app, http::Ctx& ctx, const std::string& type) {
  const auto request = TRY(exporting::request_of(ctx.who(), ctx.req.query, ctx.now()));
  // Real time, whatever the business clock says: this guards the machine, not a rule.
  const auto wall_ms = jobs::wall_seconds() * 1000;
  if (!app.export_rate().allow(std::to_string(ctx.who().account_id), wall_ms)) {
    return err::make(ErrorKind::too_many_requests,
                     "导出过于频繁：每个账号每分钟最多导出 " +
                         std::to_string(app.config().export_rate) + " 次，请稍后再试",
                     "export_rate_limited");
  }
  auto& sql = ctx.sql();
  const auto started = TRY(exporting::start(
      sql, app.jobs(), app.exports(), type, request, App::actor(ctx),
      {.direct_rows = app.config().export_direct_rows, .temp_dir = app.config().temp_dir}));
  if (started.job) return http::Response::json({{"job", *started.job}}, 202);
  return http::Response::download(started.file_name, kXlsx, *started.data);
}
}  // namespace

http::Route export_route(App& app, const ExportRoute& spec) {
  if (!spec.spec) throw std::logic_error("export route " + spec.pattern + " declares no spec");
  app.exports().add(spec.type, spec.spec);
  std::vector<http::ParamDoc> query = spec.filters;
  query.insert(query.begin(),
               {"ids", "string", spec.ticked + "，逗号分隔；不填则导出符合条件的全部"});
  return {
      .method = "GET",
      .pattern = spec.pattern,
      .permission = spec.permission,
      .doc =
          {.tag = spec.tag,
           .summary =
               spec.summary +
               "；超过 --export-direct-rows 条时转为后台任务，答 202 {job}，完成后从任务结果下载",
           .query = query,
           .response = http::schema::binary(),
           .response_content_type = kXlsx,
           .errors = {429},
           .other_responses = {{202, http::schema::job_accepted()}}},
      .handler = [&app, type = spec.type](http::Ctx& ctx) {
        return export_response(app, ctx, type);
      }};
}

nlohmann::json uploader_params(const http::Ctx& ctx) {
  const auto& who = ctx.who();
  return {{"orgId", who.org_id},
          {"now", ctx.now()},
          {"accountId", who.account_id},
          {"username", who.username},
          {"displayName", who.display_name}};
}

void import_routes(App& app, ImportRoutes spec) {
  app.imports().add(spec.type, spec.spec);
  auto shared = std::make_shared<const ImportRoutes>(std::move(spec));
  const ImportRoutes& s = *shared;
  app.router().add({.method = "GET",
                    .pattern = s.base + "/template",
                    .permission = s.permission,
                    .doc = {.tag = s.tag,
                            .summary = s.template_summary,
                            .query = s.query,
                            .response = http::schema::binary(),
                            .response_content_type = kXlsx,
                            .errors = s.errors},
                    .handler = [&app, shared](http::Ctx& ctx) -> Result<http::Response> {
                      const auto params = TRY(shared->params(ctx));
                      const auto spec = TRY(shared->spec(ctx.sql(), params));
                      return template_download(spec, app.config().temp_dir);
                    }});
  std::vector<http::ParamDoc> upload_query = s.query;
  upload_query.insert(upload_query.begin(), {"fileName", "string", "上传文件名", true});
  app.router().add({.method = "POST",
                    .pattern = s.base + "/import",
                    .permission = s.permission,
                    .upload = true,
                    .doc = {.tag = s.tag,
                            .summary = s.import_summary,
                            .query = upload_query,
                            .request_body = http::schema::binary(),
                            .response = http::schema::job_accepted(),
                            .success_status = 202,
                            .request_content_type = "application/octet-stream",
                            .errors = s.errors},
                    .handler = [&app, shared](http::Ctx& ctx) -> Result<http::Response> {
                      const auto params = TRY(shared->params(ctx));
                      const auto spec = TRY(shared->spec(ctx.sql(), params));
                      return upload(app, ctx, shared->type, params, spec.title + ".xlsx");
                    }});
}

Result<http::Response> upload(App& app, http::Ctx& ctx, const std::string& type,
                              const nlohmann::json& params, const std::string& default_name) {
  auto& sql = ctx.sql();
  const auto job =
      TRY(imports::enqueue(sql, app.jobs(), ctx.who(), type, params, ctx.req.body_file,
                           ctx.query("fileName", default_name), ctx.now(), ctx.req.remote_ip));
  return http::Response::json({{"job", TRY(app.jobs().get(sql, ctx.who(), job))}}, 202);
}

Result<http::Response> template_download(const imports::Spec& spec, const std::string& temp_dir) {
  auto file = TRY(imports::template_file(spec, temp_dir));
  return http::Response::download(spec.title + "导入模板.xlsx", kXlsx, std::move(file));
}

Result<http::Response> xlsx_download(const std::string& title,
                                     const std::vector<office::Column>& columns,
                                     const exporting::RowSource& rows, Timestamp now,
                                     const std::string& temp_dir) {
  auto data = TRY(exporting::write({.title = title, .columns = columns, .rows = rows}, temp_dir));
  return http::Response::download(exporting::file_name(title, now), kXlsx, std::move(data));
}

}  // namespace kaowu::exchange_routes
