#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/auth/scope.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/http/message.hpp"
#include "core/input.hpp"

namespace soci {
class session;
}  // namespace soci

namespace kaowu::db {
class Database;
class Lease;
}  // namespace kaowu::db

namespace kaowu::http {

constexpr std::size_t kDefaultBodyLimit = 1024 * 1024;
constexpr std::size_t kUploadBodyLimit = 64 * 1024 * 1024;

//! A query parameter as documented in the OpenAPI document.
struct ParamDoc {
  std::string name;
  std::string type = "string";  //!< string | integer | boolean
  std::string description;
  bool required = false;
};

//! What the OpenAPI document says about a route.
struct RouteDoc {
  std::string tag;
  std::string summary;
  std::vector<ParamDoc> query;
  nlohmann::json request_body;  //!< JSON schema, null when the route takes none
  nlohmann::json response;      //!< JSON schema of the success body, null for 204
  int success_status = 200;
  std::string request_content_type = "application/json";
  std::string response_content_type = "application/json";
  //! Error statuses beyond those the route's fields imply (see Router::openapi), e.g. 429.
  std::vector<int> errors;
  //! Other answers that are not the error shape, by status (a degraded health check's 503).
  std::map<int, nlohmann::json> other_responses;
};

struct Ctx;
//! A route's handler: its answer, or the error the router turns into the one error shape.
using Handler = std::function<Result<Response>(Ctx&)>;

struct Route {
  std::string method;
  std::string pattern;        //!< "/api/v1/organizations/{id}"
  std::string permission;     //!< "" = any signed-in account
  bool authenticated = true;  //!< false = public (login, health)
  bool allowed_before_password_change = false;
  bool upload = false;  //!< body streamed to a temp file, 64 MiB
  //! Answered on the network thread, ahead of the handlers' queue (which may be full or stuck on
  //! the database): only for a handler that touches neither the database nor anything that blocks.
  bool immediate = false;
  //! The handler hashes or verifies a password (Argon2id: about 20 ms of a core and 19 MiB). At
  //! most ServerOptions::max_password_hashes of these run at once; the others wait ahead of the
  //! worker pool, so that a burst of sign-ins (the minute scores are published) leaves workers,
  //! and cores, for every other request.
  bool hashes_password = false;
  std::size_t body_limit = kDefaultBodyLimit;
  RouteDoc doc;
  Handler handler;
  std::vector<std::string> segments;
};

//! What a handler gets: the request, its path parameters and the caller's scope.
struct Ctx {
  const Request& req;
  const Route& route;
  std::map<std::string, std::string> params;
  const Scope* scope = nullptr;      //!< set on authenticated routes
  Response* response = nullptr;      //!< lets a handler add headers (cookies)
  db::Database* database = nullptr;  //!< where sql() leases its connection from
  const Clock* clock = nullptr;      //!< the business clock now() reads

  //! The request's database session, taken from the pool on first use and returned with the Ctx.
  soci::session& sql();
  //! The business clock's time.
  Timestamp now() const;

  //! The body parsed as a JSON object; 400 with the error shape when it is not.
  Result<nlohmann::json> json_body() const;
  //! A positive integer path parameter; anything else is "not found".
  Result<std::int64_t> id_param(const std::string& name = "id") const;
  //! The query parameters, as a model's filter reads them.
  input::Query query_map() const { return input::Query(req.query); }
  std::string query(const std::string& name, const std::string& fallback = {}) const;
  std::optional<std::int64_t> query_int(const std::string& name) const;
  //! true/1 or false/0; absent or anything else is no filter.
  std::optional<bool> query_bool(const std::string& name) const;
  int page() const;
  int page_size() const;
  const Scope& who() const { return *scope; }

  std::shared_ptr<db::Lease> lease;  //!< taken by sql()
};

//! A route found for a method and path, before the body is read.
struct Match {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  bool method_not_allowed = false;
  std::string allow;
};

//! The checks a request passes before its body is read and its handler runs.
struct Admission {
  std::optional<Response> refusal;  //!< set when the request is refused
  std::optional<Scope> scope;       //!< the caller, on authenticated routes
  Response side;                    //!< headers the checks add (a cleared cookie), account id
};

//! Whether a method changes state (and so needs the CSRF header).
bool state_changing(const std::string& method);

//! Resolves the caller from the request (session cookie); set by the application.
using Authenticator = std::function<Result<Scope>(const Request&, Response&)>;

class Router {
 public:
  //! Adds a route; `pattern` segments in braces are parameters.
  Route& add(Route route);
  Match match(const std::string& method, const std::string& path) const;
  //! The checks (CSRF header, session, forced password change, permission), without the body:
  //! the server runs them before it reads an upload. Never throws.
  Admission admit(const Match& match, const Request& request) const;
  //! Runs the checks then the handler.
  //! Never throws: exceptions become a logged 500 with no detail for the client.
  Response dispatch(const Match& match, const Request& request) const;
  //! Runs the handler of a request admit() has let through (or answers its refusal).
  Response dispatch(const Match& match, const Request& request, Admission admitted) const;
  //! Unknown /api path or method.
  Response not_found(const Match& match) const;

  void set_authenticator(Authenticator authenticator) { authenticator_ = std::move(authenticator); }
  //! The pool and clock every handler's Ctx offers (sql(), now()).
  void set_services(db::Database* database, const Clock* clock) {
    database_ = database;
    clock_ = clock;
  }
  const std::vector<Route>& routes() const { return routes_; }
  //! A schema under components/schemas, for docs to point at with schema::ref(name).
  void component(const std::string& name, nlohmann::json schema) {
    components_[name] = std::move(schema);
  }
  //! The OpenAPI 3 document of every route.
  nlohmann::json openapi(const std::string& version) const;

 private:
  std::vector<Route> routes_;
  //! Routes by their first three segments and their length, when those segments are literal
  //! (e.g. "4/api/v1/organizations"), as indexes into routes_ in the order added; the others,
  //! which any path may match, in `open_routes_`.
  std::unordered_map<std::string, std::vector<std::size_t>> routes_by_head_;
  std::vector<std::size_t> open_routes_;
  std::map<std::string, nlohmann::json> components_;
  Authenticator authenticator_;
  db::Database* database_ = nullptr;
  const Clock* clock_ = nullptr;
};

//! `params` followed by the page and pageSize parameters every list takes.
std::vector<ParamDoc> with_paging(std::vector<ParamDoc> params);

//! Maps a Result<json> to 200 (or `status`) with the value, or to the error shape.
Response to_response(Result<nlohmann::json> result, int status = 200);
//! 200 (or `status`) with a module's record as JSON: its `to_json(record)`, found by lookup in
//! the record's namespace.
template <class T>
Response respond(const T& record, int status = 200) {
  return Response::json(to_json(record), status);
}
//! {items,total,page,pageSize}
nlohmann::json page_json(nlohmann::json items, std::int64_t total, int page, int page_size);

}  // namespace kaowu::http
