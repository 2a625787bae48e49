#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <set>
#include <string>

#include "core/auth/permissions.hpp"
#include "modules/app.hpp"

namespace kaowu {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

//! The path parameter names of a pattern ("/a/{id}/b/{accountId}" -> id, accountId).
std::vector<std::string> path_params(const std::string& pattern) {
  std::vector<std::string> out;
  for (std::size_t open = pattern.find('{'); open != std::string::npos;
       open = pattern.find('{', open + 1)) {
    out.push_back(pattern.substr(open + 1, pattern.find('}', open) - open - 1));
  }
  return out;
}

//! A concrete path for a pattern, every parameter set to 1.
std::string sample_path(const std::string& pattern) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      out += '1';
      i = pattern.find('}', i);
    } else {
      out += pattern[i];
    }
  }
  return out;
}

//! The application as `kaowu serve` builds it, on a scratch SQLite file.
class OpenApiTest : public ::testing::Test {
 protected:
  std::unique_ptr<App> make_app(const std::string& clock) {
    const auto path =
        std::filesystem::temp_directory_path() / ("kaowu-openapi-" + std::to_string(::getpid()) +
                                                  "-" + std::to_string(paths_.size()) + ".db");
    std::filesystem::remove(path);
    paths_.push_back(path);
    Config config;
    config.db = path.string();
    config.clock = clock;
    config.workers = 1;
    config.job_workers = 1;
    auto app = App::create(config, true);
    EXPECT_TRUE(app) << app.error().message;
    if (!app) return nullptr;
    register_modules(*app.value());
    return std::move(app.value());
  }
  void TearDown() override {
    for (const auto& p : paths_) {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + suffix);
    }
  }
  std::vector<std::filesystem::path> paths_;
};

TEST_F(OpenApiTest, EveryRouteIsInTheDocumentWithASummary) {
  auto app = make_app("manual");
  ASSERT_TRUE(app);
  const auto& routes = app->router().routes();
  ASSERT_GT(routes.size(), 10u);
  const nlohmann::json doc = app->router().openapi("t");
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_EQ(doc["info"]["version"], "t");

  std::size_t operations = 0;
  for (const auto& route : routes) {
    const std::string where = route.method + " " + route.pattern;
    ASSERT_TRUE(doc["paths"].contains(route.pattern)) << where << " is missing from the document";
    const auto& item = doc["paths"][route.pattern];
    ASSERT_TRUE(item.contains(lower(route.method))) << where << " is missing from the document";
    const auto& op = item[lower(route.method)];
    ASSERT_TRUE(op["summary"].is_string()) << where;
    EXPECT_FALSE(op["summary"].get<std::string>().empty()) << where << " has no summary";
    EXPECT_NE(op["tags"][0], "misc") << where << " has no tag";
    EXPECT_TRUE(op["responses"].contains(std::to_string(route.doc.success_status))) << where;
    if (route.authenticated) {
      EXPECT_TRUE(op["responses"].contains("401")) << where;
      EXPECT_TRUE(op.contains("security")) << where;
    }
    if (!route.permission.empty()) {
      EXPECT_EQ(op["x-permission"], route.permission) << where;
    }
  }
  for (const auto& [pattern, item] : doc["paths"].items()) operations += item.size();
  EXPECT_EQ(operations, routes.size()) << "two routes share a method and pattern";
}

TEST_F(OpenApiTest, PathParametersAreDeclared) {
  auto app = make_app("manual");
  ASSERT_TRUE(app);
  const nlohmann::json doc = app->router().openapi("t");
  int checked = 0;
  for (const auto& route : app->router().routes()) {
    const auto& op = doc["paths"][route.pattern][lower(route.method)];
    for (const std::string& name : path_params(route.pattern)) {
      ++checked;
      bool declared = false;
      for (const auto& p : op.value("parameters", nlohmann::json::array())) {
        if (p["name"] == name && p["in"] == "path" && p["required"] == true) declared = true;
      }
      EXPECT_TRUE(declared) << route.method << " " << route.pattern << " does not declare {" << name
                            << "}";
    }
  }
  EXPECT_GT(checked, 0);
}

TEST_F(OpenApiTest, RoutesThatReadABodyDeclareARequestBody) {
  auto app = make_app("manual");
  ASSERT_TRUE(app);
  // The probe signs in with a role that holds the route's permission, so it reaches the handler.
  Scope caller;
  caller.account_id = 1;
  caller.username = "probe";
  caller.org_id = 1;
  app->router().set_authenticator(
      [&caller](const http::Request&, http::Response&) -> Result<Scope> { return caller; });
  const nlohmann::json doc = app->router().openapi("t");

  // A route that answers a malformed body with invalid_json reads its body. Handlers that look
  // their record up first answer 404 for the sample id and are not counted: a lower bound.
  std::set<std::string> reading;
  for (const auto& route : app->router().routes()) {
    if (route.method != "POST" && route.method != "PUT" && route.method != "PATCH") continue;
    const std::string where = route.method + " " + route.pattern;
    bool reads = route.upload;
    if (!reads) {
      caller.role = Role::admin;
      for (Role role :
           {Role::admin, Role::province, Role::org, Role::college, Role::teacher, Role::student}) {
        if (route.permission.empty() || has_permission(role, route.permission)) {
          caller.role = role;
          break;
        }
      }
      http::Request req;
      req.method = route.method;
      req.path = sample_path(route.pattern);
      req.headers["x-requested-with"] = "kaowu";
      req.body = "{\"not\": json";
      req.remote_ip = "127.0.0.1";
      const http::Match match = app->router().match(req.method, req.path);
      ASSERT_EQ(match.route, &route) << where;
      const http::Response res = app->router().dispatch(match, req);
      auto body = nlohmann::json::parse(res.body, nullptr, false);
      reads = res.status == 400 && !body.is_discarded() && body["error"]["code"] == "invalid_json";
    }
    if (!reads) continue;
    reading.insert(where);
    EXPECT_TRUE(doc["paths"][route.pattern][lower(route.method)].contains("requestBody"))
        << where << " reads a body but documents none";
  }
  // The probe itself must see the obvious ones, or the test above checks nothing.
  EXPECT_TRUE(reading.count("POST /api/v1/auth/login"));
  EXPECT_TRUE(reading.count("POST /api/v1/accounts"));
  EXPECT_TRUE(reading.count("PUT /api/v1/system/clock"));
}

// A client is generated from the document: no answer may be a bare {"type": "object"}, and every
// $ref names a component.
TEST_F(OpenApiTest, EveryJsonAnswerIsDescribedFieldByField) {
  auto app = make_app("manual");
  ASSERT_TRUE(app);
  const nlohmann::json doc = app->router().openapi("t");
  const auto& components = doc["components"]["schemas"];
  std::function<void(const nlohmann::json&, const std::string&)> check =
      [&](const nlohmann::json& schema, const std::string& where) {
        if (schema.is_object()) {
          if (schema.contains("$ref")) {
            const std::string name = schema["$ref"].get<std::string>().substr(21);
            EXPECT_TRUE(components.contains(name)) << where << ": unknown " << schema["$ref"];
          }
          for (const auto& [key, value] : schema.items()) check(value, where);
        } else if (schema.is_array()) {
          for (const auto& value : schema) check(value, where);
        }
      };
  int described = 0;
  for (const auto& [pattern, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      for (const auto& [status, answer] : op["responses"].items()) {
        const std::string where = method + " " + pattern + " " + status;
        if (!answer.contains("content") || !answer["content"].contains("application/json"))
          continue;
        const auto& schema = answer["content"]["application/json"]["schema"];
        check(schema, where);
        if (pattern == "/api/v1/openapi.json") continue;
        const bool bare = schema.value("type", "") == "object" && !schema.contains("properties") &&
                          !schema.contains("additionalProperties");
        EXPECT_FALSE(bare) << where << " is documented as a bare object";
        ++described;
      }
    }
  }
  EXPECT_GT(described, 500);
  for (const auto& [name, schema] : components.items()) check(schema, name);
  EXPECT_EQ(components["Room"]["additionalProperties"], false);
  EXPECT_TRUE(components["Student"]["required"].size() > 10);
  EXPECT_TRUE(components["Job"]["properties"].contains("resultFileName"));
}

TEST_F(OpenApiTest, ErrorStatusesFollowFromTheRoute) {
  auto app = make_app("manual");
  ASSERT_TRUE(app);
  const nlohmann::json doc = app->router().openapi("t");
  auto statuses = [&](const std::string& pattern, const std::string& method) {
    std::set<std::string> out;
    for (const auto& [status, answer] : doc["paths"][pattern][method]["responses"].items()) {
      out.insert(status);
    }
    return out;
  };
  using S = std::set<std::string>;
  // Public and read-only: a bad query, oversized headers, a failure or a full server.
  EXPECT_EQ(statuses("/api/v1/health", "get"), (S{"200", "400", "413", "500", "503"}));
  // Signed in, a path id, a state change.
  EXPECT_EQ(statuses("/api/v1/rooms/{id}", "put"),
            (S{"200", "400", "401", "403", "404", "409", "413", "500", "503"}));
  EXPECT_EQ(statuses("/api/v1/rooms", "get"), (S{"200", "400", "401", "403", "413", "500", "503"}));
  // An upload can meet the limit on uploads in progress.
  EXPECT_TRUE(statuses("/api/v1/students/import", "post").count("429"));
  // Sign-in: a wrong password, the CSRF header, too many failures.
  EXPECT_EQ(statuses("/api/v1/auth/login", "post"),
            (S{"200", "400", "401", "403", "413", "429", "500", "503"}));
  // An export answers the file, or a job when it is large.
  EXPECT_TRUE(statuses("/api/v1/students/export", "get").count("202"));
}

TEST_F(OpenApiTest, ClockRoutesExistOnlyWithTheManualClock) {
  auto has = [](App& app, const std::string& method, const std::string& pattern) {
    for (const auto& r : app.router().routes()) {
      if (r.method == method && r.pattern == pattern) return true;
    }
    return false;
  };
  auto manual = make_app("manual");
  ASSERT_TRUE(manual);
  EXPECT_TRUE(has(*manual, "PUT", "/api/v1/system/clock"));
  EXPECT_TRUE(has(*manual, "GET", "/api/v1/system/clock"));

  auto system = make_app("system");
  ASSERT_TRUE(system);
  EXPECT_FALSE(has(*system, "PUT", "/api/v1/system/clock"));
  EXPECT_FALSE(has(*system, "GET", "/api/v1/system/clock"));
  EXPECT_FALSE(system->router().openapi("t")["paths"].contains("/api/v1/system/clock"));
  EXPECT_TRUE(has(*system, "GET", "/api/v1/health"));
}

TEST_F(OpenApiTest, UnknownClockIsRefused) {
  Config config;
  config.db = (std::filesystem::temp_directory_path() / "kaowu-openapi-unused.db").string();
  config.clock = "sundial";
  auto app = App::create(config, false);
  ASSERT_FALSE(app);
  EXPECT_EQ(app.error().message, "--clock 只能是 system 或 manual");
}

TEST_F(OpenApiTest, TheDocumentIsServedAtOpenapiJson) {
  auto app = make_app("system");
  ASSERT_TRUE(app);
  http::Request req;
  req.method = "GET";
  req.path = "/api/v1/openapi.json";
  const http::Response res = app->router().dispatch(app->router().match("GET", req.path), req);
  ASSERT_EQ(res.status, 200);
  const auto served = nlohmann::json::parse(res.body);
  EXPECT_EQ(served["paths"], app->router().openapi("t")["paths"]);
  EXPECT_EQ(served["info"]["version"], KAOWU_VERSION);
}

namespace {
// Whether `schema` (or anything inside it) has a property named `key`.
bool has_property(const nlohmann::json& schema, const std::string& key) {
  if (schema.is_object()) {
    if (schema.contains("properties") && schema["properties"].contains(key)) return true;
    for (const auto& [k, v] : schema.items()) {
      if (has_property(v, key)) return true;
    }
  } else if (schema.is_array()) {
    for (const auto& v : schema) {
      if (has_property(v, key)) return true;
    }
  }
  return false;
}
}  // namespace

TEST_F(OpenApiTest, EveryBatchEndpointAnswersTheOneBatchResult) {
  auto app = make_app("manual");
  ASSERT_TRUE(app);
  const nlohmann::json doc = app->router().openapi("t");
  const auto& component = doc["components"]["schemas"]["BatchResult"];
  EXPECT_EQ(component["required"], nlohmann::json({"done", "refused"}));
  EXPECT_EQ(component["properties"]["refused"]["items"]["required"],
            nlohmann::json({"id", "name", "reason"}));
  for (const char* pattern : {"/api/v1/rooms/batch-delete", "/api/v1/registrations/batch-delete",
                              "/api/v1/payments/confirm", "/api/v1/weekly-reports/review"}) {
    const auto& ok = doc["paths"][pattern]["post"]["responses"]["200"];
    EXPECT_EQ(ok["content"]["application/json"]["schema"],
              nlohmann::json({{"$ref", "#/components/schemas/BatchResult"}}))
        << pattern;
  }
  // A batch endpoint added later cannot answer a shape of its own: no other schema lists refused
  // rows.
  for (const auto& [pattern, item] : doc["paths"].items()) {
    EXPECT_FALSE(has_property(item, "refused")) << pattern << " documents its own refused rows";
  }
}

}  // namespace
}  // namespace kaowu
