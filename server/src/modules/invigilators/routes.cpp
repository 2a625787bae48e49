#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/app.hpp"
#include "modules/exchange_routes.hpp"
#include "modules/invigilators/service.hpp"

namespace kaowu::invigilators {

namespace {

// On update only version is required: absent fields keep their values.
nlohmann::json person_schema(bool update = false) {
  nlohmann::json props = nlohmann::json::object();
  props["kind"] = {{"type", "string"}, {"enum", kind_options()}};
  for (const char* k : {"name", "idNumber", "phone", "region"}) props[k] = {{"type", "string"}};
  props["levelIds"] = {{"type", "array"},
                       {"items", {{"type", "integer"}}},
                       {"description", "申请监考的证书等级；修改时为完整列表，已认证的不能去掉"}};
  props["unavailable"] = {
      {"type", "array"},
      {"description",
       "不可监考时间（可选），如 [{\"start\":\"2021-09-18 08:00\",\"end\":\"2021-09-18 "
       "12:00\"}]；修改时为完整列表"},
      {"items",
       {{"type", "object"},
        {"required", {"start", "end"}},
        {"properties", {{"start", {{"type", "string"}}}, {"end", {{"type", "string"}}}}}}}};
  props["version"] = {{"type", "integer"}, {"description", "修改时必填"}};
  const nlohmann::json required =
      update ? nlohmann::json::array({"version"})
             : nlohmann::json::array({"kind", "name", "idNumber", "phone", "region", "levelIds"});
  return {{"type", "object"}, {"required", required}, {"properties", props}};
}

const std::vector<http::ParamDoc> kFilters = {
    {"name", "string", "姓名"},
    {"teacherNo", "string", "教师编号"},
    {"phone", "string", "手机号码"},
    {"certificateId", "integer", "证书"},
    {"collegeId", "integer", "所属院校（培训评价组织筛选）"},
    {"status", "string",
     "certified 已认证 | uncertified 未认证 | unsubmitted 未提交 | pending 待认证 | returned "
     "已退回"}};
}  // namespace

using http::respond;

void register_routes(App& app) {
  auto& r = app.router();
  r.component("Invigilator", schema());
  r.add({.method = "GET",
         .pattern = "/api/v1/invigilators",
         .permission = "invigilator:view",
         .doc = {.tag = "监考人员",
                 .summary = "监考人员列表（院校看本院校的；培训评价组织看向其证书提交认证的，"
                            "只含其证书）",
                 .query = http::with_paging(kFilters),
                 .response = http::schema::page(http::schema::ref("Invigilator"))},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto f = TRY(filter_from(ctx.query_map()));
           return http::Response::json(
               service::list(ctx.sql(), ctx.who(), f, ctx.page(), ctx.page_size()));
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/invigilators/options",
         .permission = "invigilator:edit",
         .doc = {.tag = "监考人员",
                 .summary = "新增监考人员可选项：人员类型与启用证书的各等级",
                 .response = service::options_schema()},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           return http::Response::json(service::options(ctx.sql()));
         }});
  r.add(exchange_routes::export_route(
      app, {.type = "invigilators",
            .pattern = "/api/v1/invigilators/export",
            .permission = "invigilator:view",
            .tag = "监考人员",
            .summary = "批量导出监考人员（每人每个证书一行）",
            .ticked = "勾选的监考人员",
            .filters = kFilters,
            .spec = [](soci::session& sql,
                       const exporting::Request& request) -> Result<exporting::ExportSpec> {
              const Filter filter = TRY(filter_from(request.query));
              return service::export_spec(sql, request.scope, filter, request.ids);
            }}));
  exchange_routes::import_routes(
      app, {.type = "invigilators",
            .base = "/api/v1/invigilators",
            .permission = "invigilator:edit",
            .tag = "监考人员",
            .template_summary = "下载监考人员导入模板",
            .import_summary =
                "批量导入监考人员（请求体为文件本身；本院校已有同一身份证号的人员时更新姓名、"
                "手机号码、所在区域并增加证书，有已认证证书的不能改姓名）",
            .params = [](const http::Ctx& ctx) -> Result<nlohmann::json> {
              return exchange_routes::uploader_params(ctx);
            },
            .spec = service::invigilator_import});
  r.add(batch_remove_route(
      app, {.pattern = "/api/v1/invigilators/batch-delete",
            .permission = "invigilator:edit",
            .tag = "监考人员",
            .summary = "批量删除监考人员（每项带删除前看到的 version；一次最多 1000 个；"
                       "有已认证证书的不删除，逐条说明原因）",
            .noun = "监考人员",
            .remove = service::remove_many}));
  r.add(
      {.method = "POST",
       .pattern = "/api/v1/invigilators/review",
       .permission = "invigilator:certify",
       .doc = {.tag = "监考人员",
               .summary = "认证通过、退回或撤销认证监考人员的证书（ids 为证书申请的 id，单条或"
                          "批量；退回与撤销认证须填原因；逐条说明未处理的原因）",
               .request_body = {{"type", "object"},
                                {"required", {"ids", "decision"}},
                                {"properties",
                                 {{"ids", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
                                  {"decision",
                                   {{"type", "string"}, {"enum", {"certify", "return", "revoke"}}}},
                                  {"reason", {{"type", "string"}}}}}},
               .response = batch::BatchResult::schema()},
       .handler = [](http::Ctx& ctx) -> Result<http::Response> {
         const auto body = TRY(ctx.json_body());
         return http::Response::json(
             TRY(service::review(ctx.sql(), App::actor(ctx), body, ctx.now())).to_json());
       }});
  r.add({.method = "GET",
         .pattern = "/api/v1/invigilators/{id}",
         .permission = "invigilator:view",
         .doc = {.tag = "监考人员",
                 .summary = "监考人员详情",
                 .response = http::schema::ref("Invigilator")},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           return respond(TRY(service::get(ctx.sql(), ctx.who(), id)));
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/invigilators/{id}/duties",
         .permission = "invigilator:view",
         .doc = {.tag = "监考人员",
                 .summary = "监考人员的近期监考安排（尚未结束的考场监考与巡考，按开始时间；"
                            "培训评价组织只看其考试计划中的）",
                 .response = service::duties_schema()},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           return http::Response::json(
               TRY(service::upcoming_duties(ctx.sql(), ctx.who(), id, ctx.now())));
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/invigilators",
         .permission = "invigilator:edit",
         .doc = {.tag = "监考人员",
                 .summary = "新增监考人员（证书为未提交，提交后由培训评价组织认证）",
                 .request_body = person_schema(),
                 .response = http::schema::ref("Invigilator"),
                 .success_status = 201},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           return respond(TRY(service::create(ctx.sql(), App::actor(ctx), body, ctx.now())), 201);
         }});
  r.add({.method = "PUT",
         .pattern = "/api/v1/invigilators/{id}",
         .permission = "invigilator:edit",
         .doc = {.tag = "监考人员",
                 .summary = "修改监考人员（带 version；可增加证书、去掉未认证的证书；有已认证证书时"
                            "不能修改姓名与身份证号）",
                 .request_body = person_schema(true),
                 .response = http::schema::ref("Invigilator")},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           const auto body = TRY(ctx.json_body());
           return respond(TRY(service::update(ctx.sql(), App::actor(ctx), id, body, ctx.now())));
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/invigilators/{id}/submit",
         .permission = "invigilator:edit",
         .doc = {.tag = "监考人员",
                 .summary = "提交认证申请（未提交与已退回的证书变为待认证；带 version）",
                 .request_body = {{"type", "object"},
                                  {"required", {"version"}},
                                  {"properties", {{"version", {{"type", "integer"}}}}}},
                 .response = http::schema::ref("Invigilator")},
         .handler = [](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           const auto body = TRY(ctx.json_body());
           return respond(TRY(service::submit(ctx.sql(), App::actor(ctx), id, body, ctx.now())));
         }});
  r.add(remove_route(app, {.pattern = "/api/v1/invigilators/{id}",
                           .permission = "invigilator:edit",
                           .tag = "监考人员",
                           .summary = "删除监考人员（有已认证证书的不能删除）",
                           .remove = service::remove}));
}

}  // namespace kaowu::invigilators
