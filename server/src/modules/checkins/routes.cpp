#include "core/http/schema.hpp"
#include "modules/app.hpp"
#include "modules/checkins/service.hpp"

namespace kaowu::checkins {

void register_routes(App& app) {
  auto& r = app.router();
  r.add({.method = "GET",
         .pattern = "/api/v1/checkins/room-slots/{id}",
         .permission = "teacher:self",
         .doc = {.tag = "考场签到",
                 .summary = "考场签到：本场次考生（座位号、准考证号、到场时间）与实考、缺考人数（仅"
                            "该考场本场次的监考老师）",
                 .response = service::sheet_schema()},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           return http::Response::json(TRY(service::sheet(ctx.sql(), ctx.who(), id, ctx.now())));
         }});
  r.add(
      {.method = "POST",
       .pattern = "/api/v1/checkins/room-slots/{id}",
       .permission = "teacher:self",
       .doc = {.tag = "考场签到",
               .summary = "考生到场签到：扫描准考证二维码或输入准考证号（开考前 30 分钟至考试结束；"
                          "其他考场或场次的考生被拒绝并说明应在何处考试）",
               .request_body = {{"type", "object"},
                                {"required", {"code"}},
                                {"properties",
                                 {{"code",
                                   {{"type", "string"}, {"description", "二维码内容或准考证号"}}},
                                  {"method", {{"type", "string"}, {"enum", {"scan", "typed"}}}}}}},
               .response = service::check_in_schema()},
       .handler = [](http::Ctx& ctx) -> Result<http::Response> {
         const auto id = TRY(ctx.id_param());
         const auto body = TRY(ctx.json_body());
         return http::Response::json(
             TRY(service::check_in(ctx.sql(), App::actor(ctx), id, body, ctx.now())));
       }});
}

}  // namespace kaowu::checkins
