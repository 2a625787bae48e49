#include "core/http/router.hpp"

namespace kaowu::http {

namespace {
nlohmann::json error_response(const char* description) {
  return {{"description", description},
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
    responses["400"] = error_response("输入有误");
    if (route.authenticated) {
      responses["401"] = error_response("未登录或会话已过期");
      responses["403"] = error_response("无权操作、缺少 X-Requested-With 头或须先修改密码");
    }
    if (route.pattern.find('{') != std::string::npos) responses["404"] = error_response("记录不存在");
    responses["413"] = error_response("请求体过大");
    responses["500"] = error_response("服务器内部错误");
    op["responses"] = responses;
    if (route.authenticated) op["security"] = nlohmann::json::array({{{"session", nlohmann::json::array()}}});
    if (!route.permission.empty()) op["x-permission"] = route.permission;
    std::string method = route.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    paths[route.pattern][method] = op;
  }
  return {
      {"openapi", "3.0.3"},
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
        {"schemas",
         {{"Error",
           {{"type", "object"},
            {"properties",
             {{"error",
               {{"type", "object"},
                {"properties",
                 {{"code", {{"type", "string"}}},
                  {"message", {{"type", "string"}}},
                  {"details", {{"type", "object"}}}}}}}}}}}}}}}};
}

}  // namespace kaowu::http
