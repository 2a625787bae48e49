#include "core/http/schema.hpp"
#include "modules/app.hpp"
#include "modules/sms/service.hpp"

namespace kaowu::sms {

void register_routes(App& app) {
  service::set_limits({app.config().sms_number_limit, app.config().sms_college_limit});
  auto& r = app.router();
  r.component("SmsMessage", schema());
  r.add(
      {.method = "GET",
       .pattern = "/api/v1/sms-messages",
       .permission = "sms:view",
       .doc = {.tag = "短信记录",
               .summary = "短信记录（院校看本院校发出的，号码打码；平台管理员看全部，含短信全文）",
               .query = http::with_paging({{"phone", "string", "手机号"},
                                           {"template", "string", "短信模板"},
                                           {"state", "string", "queued | sending | sent | failed"},
                                           {"collegeId", "integer", "院校（平台管理员筛选）"}}),
               .response = http::schema::page(http::schema::ref("SmsMessage"))},
       .handler = [](http::Ctx& ctx) -> Result<http::Response> {
         const auto f = TRY(filter_from(ctx.query_map()));
         return http::Response::json(
             service::list(ctx.sql(), ctx.who(), f, ctx.page(), ctx.page_size()));
       }});
}

}  // namespace kaowu::sms
