#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/app.hpp"
#include "modules/arrangements/exam_day.hpp"
#include "modules/exchange_routes.hpp"
#include "modules/results/service.hpp"

namespace kaowu::results {

namespace {

const std::vector<http::ParamDoc> kFilters = {
    {"planId", "integer", "考试计划"},
    {"certificateId", "integer", "证书"},
    {"studentName", "string", "考生姓名"},
    {"studentNo", "string", "考生编号"},
    {"status", "string", "考核状态：pending 考核中 | passed 已通过 | failed 未通过 | absent 缺考"},
    {"issue", "string",
     "发证状态：none 待签发 | signed 待站点确认 | issued 已发证 | returned 已退回"}};

Result<std::vector<std::int64_t>> ids_of(const nlohmann::json& body, const char* what) {
  auto it = body.find("ids");
  if (!body.is_object() || it == body.end() || !it->is_array() || it->empty()) {
    return err::invalid(std::string("请勾选要") + what + "的考证结果", {{"field", "ids"}});
  }
  std::vector<std::int64_t> ids;
  for (const auto& v : *it) {
    if (!v.is_number_integer()) return err::invalid("考证结果编号格式不正确", {{"field", "ids"}});
    ids.push_back(v.get<std::int64_t>());
  }
  if (ids.size() > 1000)
    return err::invalid(std::string("一次最多") + what + " 1000 条", {{"field", "ids"}});
  return ids;
}

// A result of the student's own, with whether its certificate can be downloaded.
nlohmann::json mine_item() {
  auto item = schema();
  item["properties"]["canDownload"] = http::schema::boolean();
  item["required"].push_back("canDownload");
  return item;
}

nlohmann::json ids_schema() {
  return {{"type", "object"},
          {"required", {"ids"}},
          {"properties", {{"ids", {{"type", "array"}, {"items", {{"type", "integer"}}}}}}}};
}

}  // namespace

void register_routes(App& app) {
  auto& r = app.router();
  namespace s = http::schema;
  r.component("Result", schema());
  r.component("ResultDetail", service::detail_schema());
  r.add({.method = "GET",
         .pattern = "/api/v1/results",
         .permission = "result:view",
         .doc = {.tag = "考证结果",
                 .summary = "考证结果列表（院校看本院校考生及在本院校考核站点参考的考生；培训评价"
                            "组织看其考试计划的）",
                 .query = http::with_paging(kFilters),
                 .response = s::page(s::ref("Result"))},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto f = TRY(filter_from(ctx.query_map()));
           return http::Response::json(
               service::list(ctx.sql(), ctx.who(), f, ctx.page(), ctx.page_size(), ctx.now()));
         }});
  r.add(exchange_routes::export_route(
      app, {.type = "results",
            .pattern = "/api/v1/results/export",
            .permission = "result:view",
            .tag = "考证结果",
            .summary = "批量导出证书考核详情",
            .ticked = "勾选的考证结果",
            .filters = kFilters,
            .spec = [](soci::session& sql,
                       const exporting::Request& request) -> Result<exporting::ExportSpec> {
              const Filter filter = TRY(filter_from(request.query));
              return service::export_spec(sql, request.scope, filter, request.ids, request.now);
            }}));
  // RES-1's two steps, each for the ticked results, each refusal with its reason.
  struct Step {
    const char* pattern;
    const char* permission;
    const char* summary;
    const char* verb;
    batch::BatchResult (*run)(soci::session&, const audit::Actor&, const std::vector<std::int64_t>&,
                              Timestamp);
  };
  for (const Step& step :
       {Step{"/api/v1/results/sign", "result:sign",
             "签发证书（培训评价组织；已通过且待签发或已退回的，逐条说明不能签发的原因）", "签发",
             service::sign},
        Step{"/api/v1/results/confirm", "result:confirm",
             "确认发证（考生所在考核站点的院校；培训评价组织签发后），确认后生成证书编号", "确认",
             service::confirm}}) {
    r.add({.method = "POST",
           .pattern = step.pattern,
           .permission = step.permission,
           .doc = {.tag = "考证结果",
                   .summary = step.summary,
                   .request_body = ids_schema(),
                   .response = batch::BatchResult::schema()},
           .handler = [step](http::Ctx& ctx) -> Result<http::Response> {
             const auto body = TRY(ctx.json_body());
             const auto ids = TRY(ids_of(body, step.verb));
             return http::Response::json(
                 step.run(ctx.sql(), App::actor(ctx), ids, ctx.now()).to_json());
           }});
  }
  r.add({.method = "GET",
         .pattern = "/api/v1/results/{id}",
         .permission = "result:view",
         .doc = {.tag = "考证结果",
                 .summary = "考证详情：各科成绩、通过条件、考核状态与发证进度",
                 .response = s::ref("ResultDetail")},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           return http::Response::json(TRY(service::get(ctx.sql(), ctx.who(), id, ctx.now())));
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/results/{id}/return",
         .permission = "result:view",
         .doc = {.tag = "考证结果",
                 .summary =
                     "退回发证（培训评价组织或考生所在考核站点的院校，站点确认前，须填写原因）",
                 .request_body = {{"type", "object"},
                                  {"required", {"reason"}},
                                  {"properties", {{"reason", {{"type", "string"}}}}}},
                 .response = s::ref("ResultDetail")},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           const auto body = TRY(ctx.json_body());
           const auto reason = TRY(input::text(body, "reason", "退回原因", true, 200));
           return http::Response::json(
               TRY(service::send_back(ctx.sql(), App::actor(ctx), id, reason, ctx.now())));
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/results/{id}/certificate",
         .permission = "result:view",
         .doc = {.tag = "考证结果",
                 .summary = "下载电子证书 PDF（已发证的）",
                 .response = s::binary(),
                 .response_content_type = "application/pdf"},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           return service::certificate_pdf(ctx.sql(), ctx.who(), id,
                                           arrangements::exam_day::base_url_of(ctx.req), ctx.now(),
                                           app.config().temp_dir);
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/my/results",
         .permission = "exam:self",
         .doc = {.tag = "考证结果",
                 .summary = "我的考证结果：本人各证书等级的考核状态与发证进度",
                 .response = s::object({{"items", s::array(mine_item())}})},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           return http::Response::json(TRY(service::mine(ctx.sql(), ctx.who(), ctx.now())));
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/my/results/{id}/certificate",
         .permission = "exam:self",
         .doc = {.tag = "考证结果",
                 .summary = "下载本人的电子证书 PDF（已发证的）",
                 .response = s::binary(),
                 .response_content_type = "application/pdf"},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           return service::certificate_pdf(ctx.sql(), ctx.who(), id,
                                           arrangements::exam_day::base_url_of(ctx.req), ctx.now(),
                                           app.config().temp_dir);
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/certificates/verify",
         .authenticated = false,
         .doc = {.tag = "考证结果",
                 .summary =
                     "电子证书二维码核验（公开）：只显示打码的姓名、证书、等级、颁证机构与发证日期",
                 .query = {{"c", "string", "二维码中的校验码"}},
                 .response = service::verify_schema()},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const std::string token = ctx.query("c");
           if (token.empty() || token.size() > 200) return err::invalid("缺少证书校验码");
           return http::Response::json(service::verify(ctx.sql(), token, ctx.now()));
         }});
}

}  // namespace kaowu::results
