#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/app.hpp"
#include "modules/exchange_routes.hpp"
#include "modules/scores/service.hpp"

namespace kaowu::scores {

namespace {

const std::vector<http::ParamDoc> kFilters = {
    {"planId", "integer", "考试计划"},
    {"certificateId", "integer", "证书"},
    {"subjectId", "integer", "科目"},
    {"studentName", "string", "考生姓名"},
    {"studentNo", "string", "考生编号"},
    {"state", "string",
     "成绩状态：missing 未登记 | entered 已登记 | publicity 公示中 | locked 已锁定"}};

const std::vector<http::ParamDoc> kSubject = {{"planId", "integer", "考试计划", true},
                                              {"subjectId", "integer", "科目", true}};

Result<std::pair<std::int64_t, std::int64_t>> plan_and_subject(const http::Ctx& ctx) {
  const auto q = ctx.query_map();
  const auto plan = TRY(q.id("planId", "考试计划"));
  const auto subject = TRY(q.id("subjectId", "科目"));
  if (!plan) return err::invalid("请选择考试计划", {{"field", "planId"}});
  if (!subject) return err::invalid("请选择科目", {{"field", "subjectId"}});
  return std::make_pair(*plan, *subject);
}

nlohmann::json write_schema() {
  return {
      {"type", "object"},
      {"properties",
       {{"score",
         {{"type", "string"}, {"description", "成绩：0 到满分之间的数，最多一位小数；缺考时不传"}}},
        {"absent", {{"type", "boolean"}, {"description", "是否缺考"}}},
        {"reason", {{"type", "string"}, {"description", "修改原因（公示期内修改必填）"}}},
        {"version", {{"type", "integer"}, {"description", "修改已登记的成绩时必填"}}}}}};
}

}  // namespace

void register_routes(App& app) {
  auto& r = app.router();
  namespace s = http::schema;
  r.component("Score", schema());
  r.component("ScoreDetail", service::detail_schema());
  r.add({.method = "GET",
         .pattern = "/api/v1/scores",
         .permission = "score:view",
         .doc = {.tag = "科目成绩",
                 .summary = "科目成绩列表（培训评价组织看其考试计划的；院校看本院校考生的，公示期"
                            "开始前成绩显示为「成绩未公示」）",
                 .query = http::with_paging(kFilters),
                 .response = s::page(s::ref("Score"))},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto f = TRY(filter_from(ctx.query_map()));
           return http::Response::json(
               service::list(ctx.sql(), ctx.who(), f, ctx.page(), ctx.page_size(), ctx.now()));
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/scores/entry-options",
         .permission = "score:edit",
         .doc = {.tag = "科目成绩",
                 .summary = "成绩登记可选项：本机构已排考的考试计划与科目、已登记人数与时间窗口",
                 .response = service::entry_options_schema()},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           return http::Response::json(service::entry_options(ctx.sql(), ctx.who(), ctx.now()));
         }});
  r.add(exchange_routes::export_route(
      app, {.type = "scores",
            .pattern = "/api/v1/scores/export",
            .permission = "score:view",
            .tag = "科目成绩",
            .summary = "批量导出科目成绩",
            .ticked = "勾选的科目成绩",
            .filters = kFilters,
            .spec = [](soci::session& sql,
                       const exporting::Request& request) -> Result<exporting::ExportSpec> {
              const Filter filter = TRY(filter_from(request.query));
              return service::export_spec(sql, request.scope, filter, request.ids, request.now);
            }}));
  app.imports().add("scores", service::score_import);
  r.add({.method = "GET",
         .pattern = "/api/v1/scores/template",
         .permission = "score:edit",
         .doc = {.tag = "科目成绩",
                 .summary = "下载某科目的成绩导入模板（列出该科目全部排考考生及已登记的成绩）",
                 .query = kSubject,
                 .response = s::binary(),
                 .response_content_type =
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 .errors = {404}},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto [plan, subject] = TRY(plan_and_subject(ctx));
           auto t = TRY(service::import_template(ctx.sql(), ctx.who(), plan, subject, ctx.now()));
           auto rows = std::make_shared<std::vector<std::vector<std::string>>>(std::move(t.rows));
           return exchange_routes::xlsx_download(
               t.title, t.columns,
               [rows](const exporting::RowSink& sink) -> Status {
                 for (const auto& row : *rows) TRY(sink(row));
                 return {};
               },
               ctx.now(), app.config().temp_dir);
         }});
  std::vector<http::ParamDoc> upload_query = kSubject;
  upload_query.insert(upload_query.begin(), {"fileName", "string", "上传文件名", true});
  r.add({.method = "POST",
         .pattern = "/api/v1/scores/import",
         .permission = "score:edit",
         .upload = true,
         .doc = {.tag = "科目成绩",
                 .summary = "按科目导入成绩（请求体为文件本身；成绩登记时间内；公示期内的修改须在"
                            "页面逐条填写原因）",
                 .query = upload_query,
                 .request_body = s::binary(),
                 .response = s::job_accepted(),
                 .success_status = 202,
                 .request_content_type = "application/octet-stream",
                 .errors = {404, 409}},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto [plan, subject] = TRY(plan_and_subject(ctx));
           auto params = exchange_routes::uploader_params(ctx);
           params["planId"] = plan;
           params["subjectId"] = subject;
           const auto spec = TRY(service::score_import(ctx.sql(), params));
           return exchange_routes::upload(app, ctx, "scores", params, spec.title + ".xlsx");
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/scores/{id}",
         .permission = "score:view",
         .doc = {.tag = "科目成绩",
                 .summary = "科目成绩详情（id 为报考记录；含成绩修改记录）",
                 .response = s::ref("ScoreDetail")},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           return http::Response::json(TRY(service::get(ctx.sql(), ctx.who(), id, ctx.now())));
         }});
  r.add(
      {.method = "PUT",
       .pattern = "/api/v1/scores/{id}",
       .permission = "score:edit",
       .doc = {.tag = "科目成绩",
               .summary = "登记或修改一个成绩（成绩登记时间内；公示期内须填写修改原因；公示期结束后"
                          "锁定）",
               .request_body = write_schema(),
               .response = s::ref("ScoreDetail")},
       .handler = [](http::Ctx& ctx) -> Result<http::Response> {
         const auto id = TRY(ctx.id_param());
         const auto body = TRY(ctx.json_body());
         return http::Response::json(
             TRY(service::write(ctx.sql(), App::actor(ctx), id, body, ctx.now())));
       }});
  r.add({.method = "GET",
         .pattern = "/api/v1/my/scores",
         .permission = "exam:self",
         .doc = {.tag = "科目成绩",
                 .summary = "我的成绩：公示期开始后本人各科目成绩及成绩修改记录",
                 .response = service::mine_schema()},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           return http::Response::json(TRY(service::mine(ctx.sql(), ctx.who(), ctx.now())));
         }});
}

}  // namespace kaowu::scores
