#include <spdlog/spdlog.h>

#include "core/db/migrations.hpp"
#include "core/files.hpp"
#include "core/http/schema.hpp"
#include "core/jobs/job_queue.hpp"
#include "modules/app.hpp"
#include "modules/arrangements/service.hpp"
#include "modules/exchange_routes.hpp"

namespace kaowu::system {

void register_routes(App& app) {
  namespace s = http::schema;
  auto& r = app.router();
  r.component("Job", jobs::job_schema({arrangements::service::run_summary_schema()}));
  const auto health_schema = s::object({{"status", s::enumeration({"ok", "degraded"})},
                                        {"db", s::enumeration({"ok", "unreachable"})},
                                        {"engine", s::enumeration({"sqlite", "postgresql"})},
                                        {"version", s::string()},
                                        {"time", s::datetime()}});
  r.add({.method = "GET",
         .pattern = "/api/v1/health",
         .authenticated = false,
         .doc = {.tag = "系统",
                 .summary = "健康检查：数据库可达与版本",
                 .response = health_schema,
                 .other_responses = {{503, {{"oneOf", {health_schema, s::ref("Error")}}}}}},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           nlohmann::json body = {
               {"version", KAOWU_VERSION},
               {"engine",
                app.database().dialect() == db::Dialect::postgresql ? "postgresql" : "sqlite"},
               {"time", cst::format(ctx.now())}};
           try {
             auto& sql = ctx.sql();
             int one = 0;
             sql << "SELECT 1", soci::into(one);
             body["status"] = "ok";
             body["db"] = "ok";
             return http::Response::json(body);
           } catch (const std::exception& e) {
             spdlog::error("health check: database unreachable: {}", e.what());
             body["status"] = "degraded";
             body["db"] = "unreachable";
             return http::Response::json(body, 503);
           }
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/health/live",
         .authenticated = false,
         .immediate = true,
         .doc = {.tag = "系统",
                 .summary =
                     "存活检查：进程在应答（不访问数据库，不排队等处理线程；失败时应重启实例）",
                 .response = s::object({{"status", s::enumeration({"ok"})},
                                        {"version", s::string()},
                                        {"time", s::datetime()}})},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           http::Response res = http::Response::json(
               {{"status", "ok"}, {"version", KAOWU_VERSION}, {"time", cst::format(ctx.now())}});
           res.set_header("Cache-Control", "no-store");
           return res;
         }});
  const auto ready_schema =
      s::object({{"status", s::enumeration({"ready", "not_ready"})},
                 {"db", s::enumeration({"ok", "unreachable"})},
                 {"migrations", s::enumeration({"current", "pending", "unknown"})},
                 {"pending", s::array(s::string())},
                 {"reason", s::string()},
                 {"engine", s::enumeration({"sqlite", "postgresql"})},
                 {"version", s::string()}},
                {"reason"});
  r.add({.method = "GET",
         .pattern = "/api/v1/health/ready",
         .authenticated = false,
         .doc = {.tag = "系统",
                 .summary =
                     "就绪检查：数据库可达且结构为最新（否则 503 并说明原因，负载均衡应暂不转发）",
                 .response = ready_schema,
                 .other_responses = {{503, ready_schema}}},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           nlohmann::json body = {
               {"version", KAOWU_VERSION},
               {"engine",
                app.database().dialect() == db::Dialect::postgresql ? "postgresql" : "sqlite"},
               {"pending", nlohmann::json::array()}};
           std::vector<db::Migration> missing;
           try {
             missing = db::missing_migrations(ctx.sql());
             body["db"] = "ok";
           } catch (const std::exception& e) {
             spdlog::error("readiness check: database unreachable: {}", e.what());
             body["db"] = "unreachable";
             body["migrations"] = "unknown";
             body["status"] = "not_ready";
             body["reason"] =
                 "数据库无法连接：请检查数据库服务是否运行，以及连接串（--db）是否正确";
             http::Response res = http::Response::json(body, 503);
             res.set_header("Cache-Control", "no-store");
             return res;
           }
           for (const auto& m : missing) body["pending"].push_back(m.name);
           body["migrations"] = missing.empty() ? "current" : "pending";
           body["status"] = missing.empty() ? "ready" : "not_ready";
           if (!missing.empty()) {
             spdlog::warn("readiness check: {} migration(s) missing, the first {}", missing.size(),
                          missing.front().name);
             body["reason"] = "数据库结构不是最新：尚有 " + std::to_string(missing.size()) +
                              " 项迁移未执行（" + std::string(missing.front().name) +
                              (missing.size() > 1 ? " 等" : "") + "），请运行 kaowu migrate";
           }
           http::Response res = http::Response::json(body, missing.empty() ? 200 : 503);
           res.set_header("Cache-Control", "no-store");
           return res;
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/openapi.json",
         .authenticated = false,
         .doc = {.tag = "系统",
                 .summary = "本 OpenAPI 文档（列出全部接口）",
                 .response = {{"type", "object"},
                              {"required", {"openapi", "info", "paths", "components"}}}},
         .handler = [&app](http::Ctx&) -> Result<http::Response> {
           http::Response res = http::Response::json(app.router().openapi(KAOWU_VERSION));
           res.set_header("Cache-Control", "no-cache");
           return res;
         }});
  if (app.clock().manual()) {
    const nlohmann::json clock_schema =
        s::object({{"now", s::datetime()}, {"running", s::boolean()}});
    r.add({.method = "GET",
           .pattern = "/api/v1/system/clock",
           .permission = "system:clock",
           .doc = {.tag = "系统",
                   .summary = "当前系统时间（手动时钟模式）",
                   .response = clock_schema,
                   .errors = {404}},
           .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
             auto& manual = static_cast<ManualClock&>(app.clock());
             return http::Response::json(
                 {{"now", cst::format(ctx.now())}, {"running", manual.running()}});
           }});
    r.add({.method = "PUT",
           .pattern = "/api/v1/system/clock",
           .permission = "system:clock",
           .doc = {.tag = "系统",
                   .summary = "设置系统时间（仅 --clock manual 启动时存在，用于测试和演示）",
                   .request_body =
                       s::object({{"now", s::datetime()}, {"running", s::boolean()}}, {"running"}),
                   .response = clock_schema,
                   .errors = {404}},
           .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
             const auto body = TRY(ctx.json_body());
             auto it = body.find("now");
             if (it == body.end() || !it->is_string()) {
               return err::invalid("请填写时间 now，例如 2021-09-18 08:00:00");
             }
             auto at = cst::parse(it->get<std::string>());
             if (!at) return err::invalid("时间格式应为 2021-09-18 08:00:00");
             auto& manual = static_cast<ManualClock&>(app.clock());
             const std::string before = cst::format(manual.now());
             manual.set(*at, body.value("running", false));
             auto& sql = ctx.sql();
             Status st = db::write_tx(sql, [&]() -> Status {
               audit::record(sql, App::actor(ctx),
                             {"set_clock",
                              "system",
                              "clock",
                              "设置系统时间为 " + cst::format(*at),
                              {{"now", before}},
                              {{"now", cst::format(*at)}}},
                             ctx.now());
               return {};
             });
             if (!st) return st.error();
             return http::Response::json(
                 {{"now", cst::format(manual.now())}, {"running", manual.running()}});
           }});
  }
  const nlohmann::json job_schema = s::ref("Job");
  r.add({.method = "GET",
         .pattern = "/api/v1/jobs",
         .permission = "job:view",
         .doc = {.tag = "任务",
                 .summary = "本机构的后台任务",
                 .query = http::with_paging({}),
                 .response = s::page(job_schema)},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           auto& sql = ctx.sql();
           return http::Response::json(
               app.jobs().list(sql, ctx.who(), ctx.page(), ctx.page_size()));
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/jobs/{id}",
         .doc = {.tag = "任务", .summary = "任务状态与进度", .response = job_schema},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           auto& sql = ctx.sql();
           http::Response res = http::to_response(app.jobs().get(sql, ctx.who(), id));
           res.set_header("Cache-Control", "no-store");
           return res;
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/jobs/{id}/cancel",
         .doc = {.tag = "任务",
                 .summary = "取消排队中或进行中的任务",
                 .request_body = s::object({}),
                 .response = job_schema},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           auto& sql = ctx.sql();
           return http::to_response(app.jobs().cancel(sql, ctx.who(), id, App::actor(ctx)));
         }});
  exporting::register_job(app.jobs(), app.exports(), app.config().temp_dir,
                          std::int64_t{app.config().export_retention_hours} * 3600);
  r.add({.method = "GET",
         .pattern = "/api/v1/files/{id}/download",
         .doc = {.tag = "文件",
                 .summary = "下载文件（文件名按 RFC 5987 以 UTF-8 编码）",
                 .response = {{"type", "string"}, {"format", "binary"}},
                 .response_content_type = "application/octet-stream"},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           auto& sql = ctx.sql();
           const auto info = TRY(files::info(sql, ctx.who(), id));
           const auto data = TRY(files::read(sql, id));
           return http::Response::download(info.name, info.content_type, std::move(data));
         }});
}

}  // namespace kaowu::system
