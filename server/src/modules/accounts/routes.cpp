#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "core/metrics.hpp"
#include "modules/accounts/service.hpp"
#include "modules/accounts/sign_in_guard.hpp"
#include "modules/app.hpp"

namespace kaowu::accounts {

namespace {
nlohmann::json session_schema() {
  namespace s = http::schema;
  return s::object({{"account", s::ref("Account")},
                    {"permissions", s::array(s::string())},
                    {"sessionExpiresAt", s::datetime()}});
}

nlohmann::json object_schema(std::initializer_list<std::pair<const char*, const char*>> fields,
                             std::vector<std::string> required = {}) {
  nlohmann::json props = nlohmann::json::object();
  for (auto& [name, type] : fields) props[name] = {{"type", type}};
  nlohmann::json out = {{"type", "object"}, {"properties", props}};
  if (!required.empty()) out["required"] = required;
  return out;
}

Result<http::Response> signed_in(App& app, soci::session& sql, const service::SignedIn& s) {
  Scope scope;
  scope.account_id = s.account.id;
  scope.role = s.account.role;
  scope.session_expires_at = s.session.expires_at;
  http::Response r = http::Response::json(TRY(service::me(sql, scope, app.clock().now())));
  r.set_header("Set-Cookie", sessions::set_cookie(s.session.token, app.config().secure_cookies));
  r.set_header("Cache-Control", "no-store");
  r.account_id = s.account.id;
  return r;
}
}  // namespace

void register_routes(App& app) {
  auto& r = app.router();
  r.component("Account", schema());
  r.add({.method = "POST",
         .pattern = "/api/v1/auth/login",
         .authenticated = false,
         .hashes_password = true,
         .doc = {.tag = "登录",
                 .summary = "用户名密码登录；成功后设置 HttpOnly 会话 Cookie",
                 .request_body = object_schema({{"username", "string"}, {"password", "string"}},
                                               {"username", "password"}),
                 .response = session_schema(),
                 .errors = {401, 429}},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           auto text = [&](const char* key) {
             auto it = body.find(key);
             return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
           };
           const std::string username = input::trim(text("username"));
           const std::string password = text("password");
           auto& sql = ctx.sql();
           auto s =
               service::login(sql, username, password, App::actor(ctx),
                              ctx.req.header("user-agent"), app.config().login_rate, ctx.now());
           if (!s) {
             metrics::registry().sign_in_failure(s.error().code);
             http::Response r = http::Response::error(s.error());
             if (s.error().details.contains("retryAfter")) {
               r.set_header("Retry-After",
                            std::to_string(s.error().details["retryAfter"].get<std::int64_t>()));
             }
             return r;
           }
           return signed_in(app, sql, s.value());
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/auth/logout",
         .allowed_before_password_change = true,
         .doc = {.tag = "登录", .summary = "退出登录（注销当前会话）", .success_status = 204},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           auto& sql = ctx.sql();
           service::logout(sql, App::actor(ctx), ctx.now());
           http::Response r = http::Response::no_content();
           r.set_header("Set-Cookie", sessions::clear_cookie(app.config().secure_cookies));
           return r;
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/auth/me",
         .allowed_before_password_change = true,
         .doc = {.tag = "登录",
                 .summary = "当前账号、权限与会话到期时间",
                 .response = session_schema()},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           auto& sql = ctx.sql();
           http::Response r = http::to_response(service::me(sql, ctx.who(), ctx.now()));
           r.set_header("Cache-Control", "no-store");
           return r;
         }});
  r.add(
      {.method = "POST",
       .pattern = "/api/v1/auth/password",
       .allowed_before_password_change = true,
       .hashes_password = true,
       .doc = {.tag = "登录",
               .summary = "修改密码（至少 8 位且含字母和数字）；成功后其他会话全部失效",
               .request_body = object_schema({{"oldPassword", "string"}, {"newPassword", "string"}},
                                             {"oldPassword", "newPassword"}),
               .response = session_schema()},
       .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
         const auto body = TRY(ctx.json_body());
         auto& sql = ctx.sql();
         const auto s = TRY(service::change_password(
             sql, App::actor(ctx), body.value("oldPassword", ""), body.value("newPassword", ""),
             ctx.req.header("user-agent"), ctx.now()));
         return signed_in(app, sql, s);
       }});

  r.add({.method = "GET",
         .pattern = "/api/v1/accounts",
         .permission = "account:view",
         .doc = {.tag = "账号",
                 .summary = "账号列表",
                 .query = http::with_paging({{"role", "string", "角色"},
                                             {"orgId", "integer", "所属机构"},
                                             {"keyword", "string", "用户名、姓名或机构名称"},
                                             {"enabled", "boolean", "是否启用"}}),
                 .response = http::schema::page(http::schema::ref("Account"))},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           Filter f;
           f.role = ctx.query("role");
           f.org_id = ctx.query_int("orgId");
           f.keyword = input::trim(ctx.query("keyword"));
           f.enabled = ctx.query_bool("enabled");
           auto& sql = ctx.sql();
           return http::Response::json(
               service::list(sql, f, ctx.page(), ctx.page_size(), ctx.now()));
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/accounts",
         .permission = "account:edit",
         .doc = {.tag = "账号",
                 .summary = "新增账号；未给密码时随机生成，初始密码只返回这一次",
                 .request_body = object_schema({{"username", "string"},
                                                {"displayName", "string"},
                                                {"role", "string"},
                                                {"orgId", "integer"},
                                                {"phone", "string"},
                                                {"password", "string"},
                                                {"mustChangePassword", "boolean"}},
                                               {"username", "displayName", "role", "orgId"}),
                 .response = http::schema::object({{"account", http::schema::ref("Account")},
                                                   {"initialPassword", http::schema::string()}}),
                 .success_status = 201},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           const auto input = TRY(service::parse_new_account(body));
           auto& sql = ctx.sql();
           const auto created = TRY(service::create(sql, App::actor(ctx), input, ctx.now()));
           http::Response r =
               http::Response::json({{"account", to_json(created.account, ctx.now())},
                                     {"initialPassword", created.password}},
                                    201);
           r.set_header("Cache-Control", "no-store");
           return r;
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/accounts/{id}",
         .permission = "account:view",
         .doc = {.tag = "账号", .summary = "账号详情", .response = http::schema::ref("Account")},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           auto& sql = ctx.sql();
           const auto a = TRY(service::get(sql, id));
           return http::Response::json(to_json(a, ctx.now()));
         }});
  r.add({.method = "PUT",
         .pattern = "/api/v1/accounts/{id}",
         .permission = "account:edit",
         .doc = {.tag = "账号",
                 .summary = "修改姓名、手机号码、启用状态（停用即注销其全部会话）",
                 .request_body = object_schema(
                     {{"displayName", "string"}, {"phone", "string"}, {"enabled", "boolean"}}),
                 .response = http::schema::ref("Account")},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           const auto a = TRY(service::update(sql, App::actor(ctx), id, body, ctx.now()));
           return http::Response::json(to_json(a, ctx.now()));
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/accounts/{id}/reset-password",
         .permission = "account:edit",
         .hashes_password = true,
         .doc = {.tag = "账号",
                 .summary = "重置密码（随机生成，只返回这一次；账号下次登录须修改密码）",
                 .request_body = object_schema({{"password", "string"}}),
                 .response = http::schema::object({{"password", http::schema::string()}})},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           const auto pw = TRY(service::reset_password(sql, App::actor(ctx), id,
                                                       body.value("password", ""), ctx.now()));
           http::Response r = http::Response::json({{"password", pw}});
           r.set_header("Cache-Control", "no-store");
           return r;
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/accounts/{id}/unlock",
         .permission = "account:edit",
         .doc = {.tag = "账号",
                 .summary = "解除账号在所有地址上的登录限制（连续登录失败后的等待）",
                 .request_body = http::schema::object({}),
                 .response = http::schema::ref("Account")},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           auto& sql = ctx.sql();
           const auto a = TRY(service::unlock(sql, App::actor(ctx), id, ctx.now()));
           return http::Response::json(to_json(a, ctx.now()));
         }});
  r.add(
      {.method = "GET",
       .pattern = "/api/v1/accounts/{id}/sign-in-failures",
       .permission = "account:view",
       .doc = {.tag = "账号",
               .summary = "最近一天登录失败的客户端地址：失败次数、最近失败时间、需等待到何时（账"
                          "号曾成功登录的地址不受限制）",
               .response = http::schema::object({{"username", http::schema::string()},
                                                 {"items", http::schema::array(guard::schema())}})},
       .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
         const auto id = TRY(ctx.id_param());
         auto& sql = ctx.sql();
         return http::to_response(service::sign_in_failures(sql, id, ctx.now()));
       }});
}

}  // namespace kaowu::accounts
