#include "core/http/router.hpp"

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "core/auth/permissions.hpp"
#include "core/db/database.hpp"
#include "core/input.hpp"

namespace kaowu::http {

namespace {
std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t end = path.find('/', pos);
    if (end == std::string::npos) end = path.size();
    if (end > pos) out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

bool is_param(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// The bucket of a route or path: its length and first three segments, or "" when it is shorter or
// (for a route) one of those is a parameter.
std::string head_key(const std::vector<std::string>& segments) {
  if (segments.size() < 3) return "";
  std::string key = std::to_string(segments.size());
  for (std::size_t i = 0; i < 3; ++i) {
    if (is_param(segments[i])) return "";
    key += '/';
    key += segments[i];
  }
  return key;
}

// Fields whose text may span lines; every other string of a JSON body is one line.
bool multiline_field(const std::string& key) {
  return key == "description" || key == "notes" || key == "examNotice" || key == "reason";
}

std::string field_label(const std::string& key) {
  static const std::map<std::string, std::string> labels = {{"name", "名称"},
                                                            {"displayName", "姓名"},
                                                            {"username", "用户名"},
                                                            {"password", "密码"},
                                                            {"oldPassword", "原密码"},
                                                            {"newPassword", "新密码"},
                                                            {"address", "详细地址"},
                                                            {"region", "地区"},
                                                            {"major", "专业"},
                                                            {"className", "班级"},
                                                            {"studentNo", "考生编号"},
                                                            {"idNumber", "身份证号"},
                                                            {"code", "编号"},
                                                            {"contactName", "联系人"},
                                                            {"contactPhone", "联系电话"},
                                                            {"phone", "手机号码"},
                                                            {"gender", "性别"},
                                                            {"type", "类型"},
                                                            {"types", "类型"},
                                                            {"passCondition", "通过条件"},
                                                            {"description", "说明"},
                                                            {"notes", "备注"},
                                                            {"examNotice", "考试须知"},
                                                            {"reason", "原因"},
                                                            {"mode", "方式"},
                                                            {"role", "角色"}};
  auto it = labels.find(key);
  return it == labels.end() ? "字段 " + key : it->second;
}

// Every string of a body, keys included, against the characters no user text may hold.
Status check_strings(const nlohmann::json& value, const std::string& key) {
  if (value.is_string()) {
    const auto lines = multiline_field(key) ? input::Lines::multi : input::Lines::single;
    if (Status st =
            input::check_characters(value.get_ref<const std::string&>(), field_label(key), lines);
        !st) {
      Error e = st.error();
      e.details = {{"field", key}};
      return e;
    }
  } else if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      TRY(input::check_characters(it.key(), "字段名"));
      TRY(check_strings(it.value(), it.key()));
    }
  } else if (value.is_array()) {
    for (const auto& v : value) TRY(check_strings(v, key));
  }
  return {};
}
}  // namespace

bool state_changing(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

Result<nlohmann::json> Ctx::json_body() const {
  if (req.body.empty()) return nlohmann::json::object();
  if (!input::valid_utf8(req.body)) {
    return err::make(ErrorKind::invalid_input, "请求体含有无效的字符编码，请以 UTF-8 提交",
                     "invalid_utf8");
  }
  auto parsed = nlohmann::json::parse(req.body, nullptr, false);
  if (parsed.is_discarded()) {
    return err::make(ErrorKind::invalid_input, "请求体不是合法的 JSON，请检查格式", "invalid_json");
  }
  if (!parsed.is_object()) {
    return err::make(ErrorKind::invalid_input, "请求体必须是 JSON 对象", "invalid_json");
  }
  TRY(check_strings(parsed, ""));
  return parsed;
}

Result<std::int64_t> Ctx::id_param(const std::string& name) const {
  auto it = params.find(name);
  if (it == params.end() || it->second.empty() || it->second.size() > 18 ||
      !std::all_of(it->second.begin(), it->second.end(),
                   [](char c) { return c >= '0' && c <= '9'; })) {
    return err::not_found();
  }
  std::int64_t v = std::stoll(it->second);
  if (v <= 0) return err::not_found();
  return v;
}

soci::session& Ctx::sql() {
  if (!lease) {
    if (!database) throw std::logic_error("route has no database");
    lease = std::make_shared<db::Lease>(*database);
  }
  return **lease;
}

Timestamp Ctx::now() const {
  if (!clock) throw std::logic_error("route has no clock");
  return clock->now();
}

std::string Ctx::query(const std::string& name, const std::string& fallback) const {
  auto it = req.query.find(name);
  return it == req.query.end() ? fallback : it->second;
}

std::optional<std::int64_t> Ctx::query_int(const std::string& name) const {
  return input::Query(std::map<std::string, std::string>{{name, query(name)}}).integer(name);
}

std::optional<bool> Ctx::query_bool(const std::string& name) const {
  return input::Query(std::map<std::string, std::string>{{name, query(name)}}).flag(name);
}

int Ctx::page() const {
  auto v = query_int("page");
  return v && *v >= 1 && *v <= 1000000 ? static_cast<int>(*v) : 1;
}

int Ctx::page_size() const {
  auto v = query_int("pageSize");
  if (!v || *v < 1) return 20;
  return static_cast<int>(std::min<std::int64_t>(*v, 500));
}

Route& Router::add(Route route) {
  route.segments = split_path(route.pattern);
  const std::string key = head_key(route.segments);
  if (key.empty()) {
    open_routes_.push_back(routes_.size());
  } else {
    routes_by_head_[key].push_back(routes_.size());
  }
  routes_.push_back(std::move(route));
  return routes_.back();
}

Match Router::match(const std::string& method, const std::string& path) const {
  Match result;
  const auto segments = split_path(path);
  // The routes this path can match, in the order they were added: those of its bucket and the
  // open ones (every route when the path is too short to have a bucket).
  std::vector<std::size_t> candidates;
  const std::string key = head_key(segments);
  if (key.empty()) {
    candidates.resize(routes_.size());
    for (std::size_t i = 0; i < routes_.size(); ++i) candidates[i] = i;
  } else {
    const auto bucket = routes_by_head_.find(key);
    if (bucket != routes_by_head_.end()) candidates = bucket->second;
    const auto middle = candidates.size();
    candidates.insert(candidates.end(), open_routes_.begin(), open_routes_.end());
    std::inplace_merge(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(middle),
                       candidates.end());
  }
  std::vector<std::string> allowed;
  for (const std::size_t index : candidates) {
    const Route& route = routes_[index];
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      if (is_param(route.segments[i])) {
        params[route.segments[i].substr(1, route.segments[i].size() - 2)] = segments[i];
      } else if (route.segments[i] != segments[i]) {
        ok = false;
      }
    }
    if (!ok) continue;
    const bool method_ok = route.method == method || (method == "HEAD" && route.method == "GET");
    if (method_ok) {
      // Literal segments win over parameters: prefer the route with fewer parameters.
      auto count = [](const Route& r) {
        return std::count_if(r.segments.begin(), r.segments.end(), is_param);
      };
      if (!result.route || count(route) < count(*result.route)) {
        result.route = &route;
        result.params = std::move(params);
      }
    } else {
      allowed.push_back(route.method);
    }
  }
  if (!result.route && !allowed.empty()) {
    result.method_not_allowed = true;
    std::sort(allowed.begin(), allowed.end());
    allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
    for (const auto& m : allowed) result.allow += (result.allow.empty() ? "" : ", ") + m;
  }
  return result;
}

Response Router::not_found(const Match& match) const {
  if (match.method_not_allowed) {
    Response r =
        Response::json(error_body(err::make(ErrorKind::invalid_input, "该接口不支持此请求方法",
                                            "method_not_allowed")),
                       405);
    r.set_header("Allow", match.allow);
    return r;
  }
  return Response::error(err::make(ErrorKind::not_found, "接口不存在", "route_not_found"));
}

Admission Router::admit(const Match& match, const Request& request) const {
  Admission out;
  if (!match.route) {
    out.refusal = not_found(match);
    return out;
  }
  const Route& route = *match.route;
  auto refuse = [&](const Error& e) {
    Response r = Response::error(e);
    for (auto& h : out.side.headers) r.headers.push_back(h);
    r.account_id = out.side.account_id;
    out.refusal = std::move(r);
    return out;
  };
  try {
    if (state_changing(request.method) && request.header("x-requested-with") != "kaowu") {
      return refuse(err::make(ErrorKind::forbidden,
                              "请求缺少 X-Requested-With: kaowu 头，已拒绝（防跨站请求伪造）",
                              "csrf_header_missing"));
    }
    if (!route.authenticated) return out;
    if (!authenticator_) return refuse(err::unauthenticated());
    auto resolved = authenticator_(request, out.side);
    if (!resolved) return refuse(resolved.error());
    out.scope = std::move(resolved.value());
    out.side.account_id = out.scope->account_id;
    if (out.scope->must_change_password && !route.allowed_before_password_change) {
      return refuse(err::make(ErrorKind::forbidden, "首次登录或密码已重置，请先修改密码",
                              "password_change_required"));
    }
    if (!route.permission.empty() && !has_permission(out.scope->role, route.permission)) {
      return refuse(err::forbidden("您的角色无权执行此操作"));
    }
    return out;
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {} failed: {}", request.request_id, request.method, request.path,
                  e.what());
  } catch (...) {
    spdlog::error("request {} {} {} failed with an unknown exception", request.request_id,
                  request.method, request.path);
  }
  return refuse(err::internal());
}

Response Router::dispatch(const Match& match, const Request& request) const {
  return dispatch(match, request, admit(match, request));
}

Response Router::dispatch(const Match& match, const Request& request, Admission admitted) const {
  if (admitted.refusal) return std::move(*admitted.refusal);
  const Route& route = *match.route;
  Response response = std::move(admitted.side);
  try {
    Ctx ctx{request,   route,     match.params, admitted.scope ? &*admitted.scope : nullptr,
            &response, database_, clock_};
    Result<Response> result = route.handler(ctx);
    Response out = result ? std::move(result).value() : Response::error(result.error());
    for (auto& h : response.headers) out.headers.push_back(h);
    out.account_id = response.account_id;
    return out;
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {} failed: {}", request.request_id, request.method, request.path,
                  e.what());
  } catch (...) {
    spdlog::error("request {} {} {} failed with an unknown exception", request.request_id,
                  request.method, request.path);
  }
  Response r = Response::error(err::internal());
  r.account_id = response.account_id;
  return r;
}

std::vector<ParamDoc> with_paging(std::vector<ParamDoc> params) {
  params.push_back({"page", "integer", "页码，从 1 开始"});
  params.push_back({"pageSize", "integer", "每页条数，默认 20，最多 500"});
  return params;
}

Response to_response(Result<nlohmann::json> result, int status) {
  if (!result) return Response::error(result.error());
  return Response::json(result.value(), status);
}

nlohmann::json page_json(nlohmann::json items, std::int64_t total, int page, int page_size) {
  return {{"items", std::move(items)}, {"total", total}, {"page", page}, {"pageSize", page_size}};
}

}  // namespace kaowu::http
