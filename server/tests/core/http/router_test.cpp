#include "core/http/router.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>

namespace kaowu::http {
namespace {

nlohmann::json body_of(const Response& r) {
  return nlohmann::json::parse(r.body);
}

std::string header_of(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

//! A router with a stub authenticator whose answer each test chooses.
class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    caller_.account_id = 7;
    caller_.username = "admin";
    caller_.role = Role::admin;
    caller_.org_id = 1;
    router_.set_authenticator([this](const Request&, Response& res) -> Result<Scope> {
      ++authenticator_calls_;
      if (auth_error_) {
        res.set_header("Set-Cookie", "kaowu_session=; Max-Age=0");
        return *auth_error_;
      }
      return caller_;
    });
  }

  //! Adds a route whose handler answers with its name and path parameters.
  void add(const std::string& method, const std::string& pattern, const std::string& name,
           Route extra = {}) {
    extra.method = method;
    extra.pattern = pattern;
    extra.handler = [this, name](Ctx& ctx) {
      ++handler_calls_;
      nlohmann::json params = nlohmann::json::object();
      for (const auto& [k, v] : ctx.params) params[k] = v;
      return Response::json({{"route", name}, {"params", params}});
    };
    router_.add(std::move(extra));
  }

  Response call(const std::string& method, const std::string& path, std::string body = {},
                bool csrf_header = true) {
    Request req;
    req.method = method;
    req.path = path;
    req.target = path;
    req.body = std::move(body);
    req.request_id = "req-1";
    if (csrf_header) req.headers["x-requested-with"] = "kaowu";
    return router_.dispatch(router_.match(method, path), req);
  }

  Router router_;
  Scope caller_;
  std::optional<Error> auth_error_;
  int authenticator_calls_ = 0;
  int handler_calls_ = 0;
};

TEST_F(RouterTest, PathParametersReachTheHandler) {
  add("GET", "/api/v1/organizations/{id}/accounts/{accountId}", "account");
  Response r = call("GET", "/api/v1/organizations/12/accounts/345");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(r)["route"], "account");
  EXPECT_EQ(body_of(r)["params"]["id"], "12");
  EXPECT_EQ(body_of(r)["params"]["accountId"], "345");
}

TEST_F(RouterTest, LiteralSegmentWinsOverParameterWhateverTheOrder) {
  add("GET", "/api/v1/jobs/{id}", "one job");
  add("GET", "/api/v1/jobs/export", "export");
  add("GET", "/api/v1/files/export", "file export");
  add("GET", "/api/v1/files/{id}", "one file");

  EXPECT_EQ(body_of(call("GET", "/api/v1/jobs/export"))["route"], "export");
  EXPECT_EQ(body_of(call("GET", "/api/v1/jobs/42"))["route"], "one job");
  EXPECT_EQ(body_of(call("GET", "/api/v1/jobs/42"))["params"]["id"], "42");
  EXPECT_EQ(body_of(call("GET", "/api/v1/files/export"))["route"], "file export");
  EXPECT_EQ(body_of(call("GET", "/api/v1/files/9"))["route"], "one file");
}

TEST_F(RouterTest, WrongMethodIs405WithAllowHeader) {
  add("GET", "/api/v1/organizations/{id}", "get");
  add("PUT", "/api/v1/organizations/{id}", "put");
  Match m = router_.match("DELETE", "/api/v1/organizations/3");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.method_not_allowed);
  Response r = call("DELETE", "/api/v1/organizations/3");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(header_of(r, "Allow"), "GET, PUT");
  EXPECT_EQ(body_of(r)["error"]["code"], "method_not_allowed");
  EXPECT_EQ(body_of(r)["error"]["message"], "该接口不支持此请求方法");
  EXPECT_EQ(handler_calls_, 0);
}

TEST_F(RouterTest, HeadIsServedByTheGetRoute) {
  add("GET", "/api/v1/health", "health", {.authenticated = false});
  Response r = call("HEAD", "/api/v1/health", {}, false);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(body_of(r)["route"], "health");
}

TEST_F(RouterTest, UnknownRouteIsJson404) {
  add("GET", "/api/v1/organizations", "list");
  Match m = router_.match("GET", "/api/v1/no-such-thing");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_FALSE(m.method_not_allowed);
  for (const Response& r : {router_.not_found(m), call("GET", "/api/v1/no-such-thing"),
                            call("GET", "/api/v1/organizations/1/extra")}) {
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
    EXPECT_EQ(body_of(r)["error"]["code"], "route_not_found");
    EXPECT_EQ(body_of(r)["error"]["message"], "接口不存在");
  }
}

TEST_F(RouterTest, StateChangingRequestWithoutCsrfHeaderIsRefusedBeforeAuthentication) {
  add("POST", "/api/v1/organizations", "create");
  add("POST", "/api/v1/auth/login", "login", {.authenticated = false});
  auth_error_ = err::unauthenticated();  // would be 401 if the session were looked at first

  for (const char* path : {"/api/v1/organizations", "/api/v1/auth/login"}) {
    Response r = call("POST", path, "{}", false);
    EXPECT_EQ(r.status, 403) << path;
    EXPECT_EQ(body_of(r)["error"]["code"], "csrf_header_missing") << path;
    EXPECT_NE(body_of(r)["error"]["message"].get<std::string>().find("X-Requested-With: kaowu"),
              std::string::npos);
  }
  EXPECT_EQ(authenticator_calls_, 0);
  EXPECT_EQ(handler_calls_, 0);

  Request wrong;
  wrong.method = "PUT";
  wrong.path = "/api/v1/organizations";
  wrong.headers["x-requested-with"] = "XMLHttpRequest";
  add("PUT", "/api/v1/organizations", "update");
  EXPECT_EQ(router_.dispatch(router_.match("PUT", wrong.path), wrong).status, 403);

  EXPECT_EQ(call("POST", "/api/v1/auth/login", "{}", true).status, 200);
}

TEST_F(RouterTest, SafeMethodsNeedNoCsrfHeader) {
  add("GET", "/api/v1/organizations", "list");
  EXPECT_EQ(call("GET", "/api/v1/organizations", {}, false).status, 200);
}

TEST_F(RouterTest, AuthenticatorErrorGivesItsStatusAndHeaders) {
  add("GET", "/api/v1/auth/me", "me");
  auth_error_ = err::make(ErrorKind::unauthenticated, "登录已过期，请重新登录", "session_expired");
  Response r = call("GET", "/api/v1/auth/me");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(body_of(r)["error"]["code"], "session_expired");
  EXPECT_EQ(body_of(r)["error"]["message"], "登录已过期，请重新登录");
  EXPECT_EQ(header_of(r, "Set-Cookie"), "kaowu_session=; Max-Age=0");
  EXPECT_EQ(handler_calls_, 0);

  auth_error_ = err::make(ErrorKind::too_many_requests, "请求过于频繁", "too_many_requests");
  EXPECT_EQ(call("GET", "/api/v1/auth/me").status, 429);
}

TEST_F(RouterTest, PublicRoutesSkipTheAuthenticator) {
  add("GET", "/api/v1/health", "health", {.authenticated = false});
  auth_error_ = err::unauthenticated();
  EXPECT_EQ(call("GET", "/api/v1/health").status, 200);
  EXPECT_EQ(authenticator_calls_, 0);
}

TEST_F(RouterTest, WithoutAnAuthenticatorProtectedRoutesAre401) {
  Router bare;
  bare.add({.method = "GET", .pattern = "/api/v1/auth/me", .handler = [](Ctx&) {
              return Response::json({{"ok", true}});
            }});
  Request req;
  req.method = "GET";
  req.path = "/api/v1/auth/me";
  Response r = bare.dispatch(bare.match("GET", req.path), req);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(body_of(r)["error"]["code"], "unauthenticated");
}

TEST_F(RouterTest, MustChangePasswordBlocksAllButAllowedRoutes) {
  add("GET", "/api/v1/organizations", "list");
  add("POST", "/api/v1/auth/password", "change", {.allowed_before_password_change = true});
  caller_.must_change_password = true;

  Response blocked = call("GET", "/api/v1/organizations");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(body_of(blocked)["error"]["code"], "password_change_required");
  EXPECT_EQ(body_of(blocked)["error"]["message"], "首次登录或密码已重置，请先修改密码");
  EXPECT_EQ(blocked.account_id, 7);

  Response allowed = call("POST", "/api/v1/auth/password", "{}");
  EXPECT_EQ(allowed.status, 200);
  EXPECT_EQ(body_of(allowed)["route"], "change");
  EXPECT_EQ(handler_calls_, 1);
}

TEST_F(RouterTest, PermissionTheRoleLacksIs403) {
  add("POST", "/api/v1/accounts", "create", {.permission = "account:edit"});
  caller_.role = Role::college;
  Response r = call("POST", "/api/v1/accounts", "{}");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(body_of(r)["error"]["code"], "forbidden");
  EXPECT_EQ(body_of(r)["error"]["message"], "您的角色无权执行此操作");
  EXPECT_EQ(handler_calls_, 0);

  caller_.role = Role::admin;
  Response ok = call("POST", "/api/v1/accounts", "{}");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.account_id, 7);
}

TEST_F(RouterTest, ThrowingHandlerIsGeneric500WithoutTheExceptionText) {
  router_.add({.method = "GET", .pattern = "/api/v1/boom", .handler = [](Ctx&) -> Response {
                 throw std::runtime_error("SQLITE_CORRUPT in accounts.password_hash");
               }});
  router_.add(
      {.method = "GET", .pattern = "/api/v1/boom2", .handler = [](Ctx&) -> Response { throw 42; }});
  for (const char* path : {"/api/v1/boom", "/api/v1/boom2"}) {
    Response r = call("GET", path);
    EXPECT_EQ(r.status, 500) << path;
    EXPECT_EQ(body_of(r)["error"]["code"], "internal");
    EXPECT_EQ(body_of(r)["error"]["message"], "服务器内部错误，请稍后重试");
    EXPECT_EQ(r.body.find("SQLITE"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("password_hash"), std::string::npos) << r.body;
    EXPECT_EQ(r.account_id, 7) << "the access log still names the caller";
  }
}

TEST_F(RouterTest, HandlerHeadersAndStatusAreKept) {
  router_.add({.method = "POST", .pattern = "/api/v1/things", .handler = [](Ctx& ctx) {
                 ctx.response->set_header("Set-Cookie", "a=b");
                 return Response::json({{"id", 1}}, 201);
               }});
  Response r = call("POST", "/api/v1/things", "{}");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(header_of(r, "Set-Cookie"), "a=b");
}

//! Builds a Ctx by hand for the parsing helpers.
struct CtxFixture {
  Request req;
  Route route;
  std::map<std::string, std::string> params;
  Ctx ctx() const { return Ctx{req, route, params}; }
};

TEST(RouterCtx, IdParamAcceptsOnlyPositiveDecimalIds) {
  CtxFixture f;
  f.params["id"] = "42";
  ASSERT_TRUE(f.ctx().id_param());
  EXPECT_EQ(f.ctx().id_param().value(), 42);
  f.params["id"] = "999999999999999999";  // 18 digits
  ASSERT_TRUE(f.ctx().id_param());
  EXPECT_EQ(f.ctx().id_param().value(), 999999999999999999LL);

  for (const char* bad : {"", "0", "000", "-1", "+1", "1a", "abc", "1.5", " 1", "0x10",
                          "1234567890123456789", "99999999999999999999999"}) {
    f.params["id"] = bad;
    auto id = f.ctx().id_param();
    ASSERT_FALSE(id) << "'" << bad << "'";
    EXPECT_EQ(http_status(id.error().kind), 404) << bad;
    EXPECT_EQ(id.error().message, "记录不存在或无权访问");
  }
  f.params.clear();
  EXPECT_FALSE(f.ctx().id_param());
  f.params["orgId"] = "5";
  EXPECT_EQ(f.ctx().id_param("orgId").value(), 5);
}

TEST(RouterCtx, PageAndPageSizeHaveDefaultsAndCaps) {
  CtxFixture f;
  EXPECT_EQ(f.ctx().page(), 1);
  EXPECT_EQ(f.ctx().page_size(), 20);

  f.req.query = {{"page", "3"}, {"pageSize", "50"}};
  EXPECT_EQ(f.ctx().page(), 3);
  EXPECT_EQ(f.ctx().page_size(), 50);

  f.req.query = {{"page", "0"}, {"pageSize", "0"}};
  EXPECT_EQ(f.ctx().page(), 1);
  EXPECT_EQ(f.ctx().page_size(), 20);

  f.req.query = {{"page", "-2"}, {"pageSize", "abc"}};
  EXPECT_EQ(f.ctx().page(), 1);
  EXPECT_EQ(f.ctx().page_size(), 20);

  f.req.query = {{"pageSize", "500"}};
  EXPECT_EQ(f.ctx().page_size(), 500);
  f.req.query = {{"pageSize", "501"}};
  EXPECT_EQ(f.ctx().page_size(), 500);
  f.req.query = {{"pageSize", "999999999999"}};
  EXPECT_EQ(f.ctx().page_size(), 500);
  f.req.query = {{"page", "99999999999"}};
  EXPECT_EQ(f.ctx().page(), 1);
}

TEST(RouterCtx, QueryReadsWithFallbacks) {
  CtxFixture f;
  f.req.query = {{"keyword", "考点"}, {"orgId", "12"}, {"bad", "1x"}};
  EXPECT_EQ(f.ctx().query("keyword"), "考点");
  EXPECT_EQ(f.ctx().query("missing", "默认"), "默认");
  EXPECT_EQ(f.ctx().query_int("orgId"), 12);
  EXPECT_EQ(f.ctx().query_int("bad"), std::nullopt);
  EXPECT_EQ(f.ctx().query_int("missing"), std::nullopt);
}

TEST(RouterCtx, JsonBodyMustBeAJsonObject) {
  CtxFixture f;
  auto empty = f.ctx().json_body();
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty.value(), nlohmann::json::object());

  f.req.body = R"({"name":"第一考场","seats":30})";
  auto ok = f.ctx().json_body();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok.value()["name"], "第一考场");
  EXPECT_EQ(ok.value()["seats"], 30);

  f.req.body = R"({"name": "unterminated)";
  auto broken = f.ctx().json_body();
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, "invalid_json");
  EXPECT_EQ(http_status(broken.error().kind), 400);
  EXPECT_EQ(broken.error().message, "请求体不是合法的 JSON，请检查格式");

  for (const char* not_object : {"[1,2]", "\"text\"", "42", "null"}) {
    f.req.body = not_object;
    auto r = f.ctx().json_body();
    ASSERT_FALSE(r) << not_object;
    EXPECT_EQ(r.error().code, "invalid_json");
    EXPECT_EQ(r.error().message, "请求体必须是 JSON 对象");
  }
}

TEST(RouterCtx, JsonBodyTextIsUtf8WithoutControlCharactersAndLineBreaksOnlyInLongText) {
  CtxFixture f;
  f.req.body = "{\"name\":\"\xE5\xFF\"}";
  auto bytes = f.ctx().json_body();
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code, "invalid_utf8");
  EXPECT_EQ(bytes.error().message, "请求体含有无效的字符编码，请以 UTF-8 提交");

  f.req.body = R"({"rooms":[{"name":"第一\u0000考场"}]})";
  auto nul = f.ctx().json_body();
  ASSERT_FALSE(nul);
  EXPECT_EQ(nul.error().message, "名称含有不允许的控制字符 U+0000，请删除后重试");
  EXPECT_EQ(nul.error().details["field"], "name");

  f.req.body = R"({"major":"电子\u202e商务"})";
  auto bidi = f.ctx().json_body();
  ASSERT_FALSE(bidi);
  EXPECT_EQ(bidi.error().message, "专业含有不允许的文字方向控制符 U+202E，请删除后重试");

  f.req.body = R"({"name":"第一\n考场"})";
  EXPECT_EQ(f.ctx().json_body().error().message, "名称不能换行，请写成一行");

  f.req.body = R"({"notes":"第一行\n第二行","examNotice":"带好\r\n身份证"})";
  ASSERT_TRUE(f.ctx().json_body());
}

TEST_F(RouterTest, InvalidJsonBodyReachesTheClientAs400) {
  router_.add({.method = "POST", .pattern = "/api/v1/things", .handler = [](Ctx& ctx) {
                 auto body = ctx.json_body();
                 if (!body) return Response::error(body.error());
                 return Response::json(body.value());
               }});
  Response r = call("POST", "/api/v1/things", "{oops");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["error"]["code"], "invalid_json");
}

TEST(RouterHelpers, ToResponseAndPageJson) {
  Response ok = to_response(nlohmann::json{{"id", 3}}, 201);
  EXPECT_EQ(ok.status, 201);
  EXPECT_EQ(body_of(ok)["id"], 3);
  Response bad = to_response(err::conflict("考场名称已存在"));
  EXPECT_EQ(bad.status, 409);
  EXPECT_EQ(body_of(bad)["error"]["message"], "考场名称已存在");
  EXPECT_EQ(page_json(nlohmann::json::array({1, 2}), 12, 2, 10),
            (nlohmann::json{{"items", {1, 2}}, {"total", 12}, {"page", 2}, {"pageSize", 10}}));
}

}  // namespace
}  // namespace kaowu::http
