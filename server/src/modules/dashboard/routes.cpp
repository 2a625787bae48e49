#include "modules/app.hpp"
#include "modules/dashboard/service.hpp"

namespace kaowu::dashboard {

void register_routes(App& app) {
  app.router().add({.method = "GET",
                    .pattern = "/api/v1/dashboard/todo",
                    .doc = {.tag = "首页",
                            .summary = "首页待办：按角色列出现在要处理的事项、数量和对应页面",
                            .response = service::todo_schema()},
                    .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
                      auto& sql = ctx.sql();
                      return http::Response::json(service::todo(sql, ctx.who(), ctx.now()));
                    }});
}

}  // namespace kaowu::dashboard
