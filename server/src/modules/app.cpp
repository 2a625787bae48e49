#include "modules/app.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>

#include "core/auth/sessions.hpp"
#include "core/db/migrations.hpp"

namespace kaowu {

namespace {
int cores() {
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}
}  // namespace

// Measured on 2 cores with wrk on the same machine (bench/http): one I/O thread per core serves
// the list page about a fifth faster than one for all (which left a core idle an eighth of the
// time while the other parsed and wrote every connection); 4 workers beat 8.
int effective_io_threads(const Config& config) {
  return config.io_threads > 0 ? config.io_threads : cores();
}

int effective_workers(const Config& config) {
  return config.workers > 0 ? config.workers : std::max(4, 2 * cores());
}

Result<std::unique_ptr<App>> App::create(const Config& config, bool migrate) {
  std::unique_ptr<App> app(new App());
  app->config_ = config;
  if (config.clock == "manual") {
    app->clock_ = std::make_unique<ManualClock>();
  } else if (config.clock == "system") {
    app->clock_ = std::make_unique<SystemClock>();
  } else {
    return err::invalid("--clock 只能是 system 或 manual");
  }
  const int pool =
      config.db_pool > 0 ? config.db_pool : effective_workers(config) + config.job_workers + 2;
  app->database_ = TRY(db::Database::open(config.db, static_cast<std::size_t>(pool)));
  if (migrate) {
    auto applied = TRY(db::migrate(*app->database_, *app->clock_));
    for (int v : applied) spdlog::info("applied migration {}", v);
  }
  app->jobs_ = std::make_unique<jobs::JobQueue>(*app->database_, *app->clock_, config.instance);
  app->export_rate_ = std::make_unique<RateLimit>(config.export_rate, 60 * 1000);
  app->jobs_->set_org_limit(config.job_org_limit > 0 ? config.job_org_limit
                                                     : config.job_workers - 1);
  app->router_.set_services(app->database_.get(), app->clock_.get());
  App* raw = app.get();
  app->router_.set_authenticator([raw](const http::Request& req, http::Response&) -> Result<Scope> {
    const std::string token = req.cookie(sessions::kCookieName);
    if (token.empty()) return err::make(ErrorKind::unauthenticated, "请先登录", "unauthenticated");
    // A session seen a moment ago needs no connection of the pool.
    if (auto hit = raw->session_cache().cached(token, raw->clock().now())) return *hit;
    db::Lease sql(raw->database());
    return raw->session_cache().resolve(*sql, token, raw->clock().now());
  });
  return app;
}

App::~App() {
  if (jobs_) jobs_->stop();
}

audit::Actor App::actor(const http::Ctx& ctx) {
  audit::Actor a;
  a.scope = ctx.scope;
  a.ip = ctx.req.remote_ip;
  a.request_id = ctx.req.request_id;
  return a;
}

http::Route remove_route(App& app, RemoveRoute spec) {
  return {
      .method = "DELETE",
      .pattern = spec.pattern,
      .permission = spec.permission,
      .doc = {.tag = spec.tag,
              .summary = spec.summary,
              .query = {{"version", "integer", "删除前看到的版本号；记录已被他人修改时返回 409",
                         true}},
              .success_status = 204},
      .handler = [&app, remove = std::move(spec.remove)](http::Ctx& ctx) -> Result<http::Response> {
        const auto id = TRY(ctx.id_param());
        const auto version = ctx.query_int("version");
        if (!version) return input::version_missing();
        auto& sql = ctx.sql();
        TRY(remove(sql, App::actor(ctx), input::Named{id, *version}, ctx.now()));
        return http::Response::no_content();
      }};
}

http::Route batch_remove_route(App& app, BatchRemoveRoute spec) {
  // Each id is its own transaction: a cap keeps one request from holding a worker for minutes.
  constexpr std::size_t kMaxItems = 1000;
  const nlohmann::json item = {
      {"type", "object"},
      {"required", {"id", "version"}},
      {"properties", {{"id", {{"type", "integer"}}}, {"version", {{"type", "integer"}}}}}};
  return {
      .method = "POST",
      .pattern = spec.pattern,
      .permission = spec.permission,
      .doc = {.tag = spec.tag,
              .summary = spec.summary,
              .request_body = {{"type", "object"},
                               {"required", {"items"}},
                               {"properties", {{"items", {{"type", "array"}, {"items", item}}}}}},
              .response = batch::BatchResult::schema()},
      .handler = [&app, spec = std::move(spec)](http::Ctx& ctx) -> Result<http::Response> {
        const auto body = TRY(ctx.json_body());
        const auto items = TRY(input::batch_delete_items(body, spec.noun, kMaxItems));
        return http::Response::json(
            spec.remove(ctx.sql(), App::actor(ctx), items, ctx.now()).to_json());
      }};
}

}  // namespace kaowu
