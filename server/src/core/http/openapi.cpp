#include <algorithm>

#include "core/batch.hpp"
#include "core/http/router.hpp"
#include "core/http/schema.hpp"

namespace kaowu::http {

namespace {
const char* error_description(int status) {
  switch (status) {
    case 400:
      return "输入有误（请求体、查询参数或上传文件的内容不合要求）";
    case 401:
      return "未登录或会话已过期";
    case 403:
      return "无权操作、缺少 X-Requested-With 头或须先修改密码";
    case 404:
      return "记录不存在或无权查看";
    case 409:
      return "与当前状态冲突：已被他人修改、重复或业务规则不允许";
    case 413:
      return "请求头或请求体过大";
    case 429:
      return "请求过于频繁或同时进行的上传、导出过多，请稍后再试";
    case 500:
      return "服务器内部错误";
    case 503:
      return "服务器繁忙或数据库不可达，请稍后重试";
    default:
      return "错误";
  }
}

// The error statuses a route can answer, from what the router knows of it: every route can meet
// a query or path that is not UTF-8 (400), an oversized header (413), an internal error (500) or
// a full server (503); a signed-in route can meet a missing session (401) and a missing
// permission (403); a state change without the X-Requested-With header is refused (403) and may
// conflict with the record's state (409); a path id may name nothing visible (404); an upload can
// meet the limit on uploads in progress (429). RouteDoc::errors adds the rest.
std::vector<int> error_statuses(const Route& route) {
  const bool changes = state_changing(route.method);
  const bool has_path_param = route.pattern.find('{') != std::string::npos;
  std::vector<int> out = {400};
  if (route.authenticated) out.push_back(401);
  if (route.authenticated || changes) out.push_back(403);
  if (has_path_param) out.push_back(404);
  if (route.authenticated && changes) out.push_back(409);
  out.push_back(413);
  if (route.upload) out.push_back(429);
  out.push_back(500);
  out.push_back(503);
  for (const int status : route.doc.errors) {
    if (std::find(out.begin(), out.end(), status) == out.end()) out.push_back(status);
  }
  std::sort(out.begin(), out.end());
  return out;
}

nlohmann::json error_response(const char* description) {
  return {
      {"description", description},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}
}  // namespace

nlohmann::json Router::openapi(const std::string& version) const {
  nlohmann::json paths = nlohmann::json::object();
  for (const Route& route : routes_) {
    nlohmann::json op;
    op["summary"] = route.doc.summary;
    op["tags"] = nlohmann::json::array({route.doc.tag.empty() ? "misc" : route.doc.tag});
    op["operationId"] = route.method + " " + route.pattern;
    nlohmann::json params = nlohmann::json::array();
    for (const auto& segment : route.segments) {
      if (segment.size() > 2 && segment.front() == '{') {
        params.push_back({{"name", segment.substr(1, segment.size() - 2)},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "integer"}}}});
      }
    }
    for (const auto& q : route.doc.query) {
      params.push_back({{"name", q.name},
                        {"in", "query"},
                        {"required", q.required},
                        {"description", q.description},
                        {"schema", {{"type", q.type}}}});
    }
    if (!params.empty()) op["parameters"] = params;
    if (!route.doc.request_body.is_null()) {
      op["requestBody"] = {
          {"required", true},
          {"content", {{route.doc.request_content_type, {{"schema", route.doc.request_body}}}}}};
    }
    nlohmann::json responses;
    const std::string ok = std::to_string(route.doc.success_status);
    if (route.doc.response.is_null()) {
      responses[ok] = {{"description", "成功"}};
    } else {
      responses[ok] = {
          {"description", "成功"},
          {"content", {{route.doc.response_content_type, {{"schema", route.doc.response}}}}}};
    }
    for (const int status : error_statuses(route)) {
      responses[std::to_string(status)] = error_response(error_description(status));
    }
    for (const auto& [status, schema] : route.doc.other_responses) {
      responses[std::to_string(status)] = {
          {"description", status < 400 ? "成功" : error_description(status)},
          {"content", {{"application/json", {{"schema", schema}}}}}};
    }
    op["responses"] = responses;
    if (route.authenticated)
      op["security"] = nlohmann::json::array({{{"session", nlohmann::json::array()}}});
    if (!route.permission.empty()) op["x-permission"] = route.permission;
    std::string method = route.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    paths[route.pattern][method] = op;
  }
  nlohmann::json schemas = nlohmann::json::object();
  for (const auto& [name, schema] : components_) schemas[name] = schema;
  schemas["BatchResult"] = batch::BatchResult::component_schema();
  schemas["Error"] = schema::object(
      {{"error", schema::object({{"code", schema::string()},
                                 {"message", schema::string()},
                                 {"details", schema::map_of(nlohmann::json::object())}})}});
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "kaowu 考务平台 API"},
            {"version", version},
            {"description",
             "1+X 职业技能等级证书考务平台接口。登录后以 HttpOnly Cookie 保持会话；"
             "所有修改数据的请求须带请求头 X-Requested-With: kaowu。"}}},
          {"paths", paths},
          {"components",
           {{"securitySchemes",
             {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "kaowu_session"}}}}},
            {"schemas", schemas}}}};
}

}  // namespace kaowu::http
