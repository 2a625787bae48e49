#include "core/regions.hpp"
#include "modules/app.hpp"

namespace kaowu::regions {

void register_routes(App& app) {
  app.router().add({.method = "GET",
                    .pattern = "/api/v1/regions",
                    .doc = {.tag = "系统",
                            .summary = "全国省市区列表（地址选择器用；考场地址、考点地区须为其中到"
                                       "区县的一项，存为名称连写，如 "
                                       "北京市北京市朝阳区）",
                            .response = {{"type", "array"}, {"items", {{"type", "object"}}}}},
                    .handler = [](http::Ctx&) -> Result<http::Response> {
                      static const std::string body = cascader_json().dump();
                      http::Response res = http::Response::json_text(body);
                      res.set_header("Cache-Control", "private, max-age=86400");
                      return res;
                    }});
}

}  // namespace kaowu::regions
