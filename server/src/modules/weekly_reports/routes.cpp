#include <fstream>
#include <sstream>

#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/app.hpp"
#include "modules/exchange_routes.hpp"
#include "modules/weekly_reports/service.hpp"

namespace kaowu::weekly_reports {

namespace {
constexpr const char* kTag = "周报";

nlohmann::json report_schema(bool update = false) {
  nlohmann::json props = nlohmann::json::object();
  props["progress"] = {
      {"type", "string"}, {"description", "工作进展（必填）"}, {"maxLength", Limits::progress}};
  props["difficulties"] = {
      {"type", "string"}, {"description", "存在困难"}, {"maxLength", Limits::difficulties}};
  props["suggestions"] = {
      {"type", "string"}, {"description", "政策建议"}, {"maxLength", Limits::suggestions}};
  props["attachments"] = {{"type", "array"},
                          {"description", "已上传的附件：scan 签名盖章的扫描件，other 其他资料"},
                          {"items",
                           {{"type", "object"},
                            {"properties",
                             {{"fileId", {{"type", "integer"}}},
                              {"kind", {{"type", "string"}, {"enum", {"scan", "other"}}}}}}}}};
  props["submit"] = {{"type", "boolean"},
                     {"description", "true 为提交（待审核），否则保存（未提交）"}};
  if (update)
    props["version"] = {{"type", "integer"}};
  else
    props["period"] = {{"type", "string"},
                       {"description", "表单打开时的周报周期（开始日期），默认本期"}};
  return {{"type", "object"},
          {"required",
           update ? nlohmann::json::array({"version"}) : nlohmann::json::array({"progress"})},
          {"properties", props}};
}

const nlohmann::json kOpinion = {{"type", "object"},
                                 {"properties", {{"opinion", {{"type", "string"}}}}}};

// A read over a range of periods (?from=&to=, dates): the periods and the submission rates.
using RangeRead = Result<nlohmann::json> (*)(soci::session&, const Scope&, std::optional<Timestamp>,
                                             std::optional<Timestamp>, Timestamp);
http::Route range_route(App& app, const char* pattern, const char* permission, const char* summary,
                        RangeRead read, const std::vector<http::ParamDoc>& query,
                        nlohmann::json response) {
  return {.method = "GET",
          .pattern = pattern,
          .permission = permission,
          .doc = {.tag = kTag, .summary = summary, .query = query, .response = std::move(response)},
          .handler = [&app, read](http::Ctx& ctx) -> Result<http::Response> {
            const auto from = TRY(date_filter(ctx.query_map(), "from", "起始日期", false));
            const auto to = TRY(date_filter(ctx.query_map(), "to", "截止日期", true));
            auto& sql = ctx.sql();
            return http::to_response(read(sql, ctx.who(), from, to, ctx.now()));
          }};
}

const std::vector<http::ParamDoc> kFilters = {
    {"status", "string", "draft 未提交 | pending 待审核 | approved 审核通过 | returned 审核退回"},
    {"period", "string", "周报周期（开始日期，如 2021-09-06）"},
    {"from", "string", "周期日期范围起（含）"},
    {"to", "string", "周期日期范围止（含）"},
    {"collegeId", "integer", "院校（省级教育行政部门）"},
    {"collegeName", "string", "院校名称（模糊）"}};

const std::vector<http::ParamDoc> kRange = {{"from", "string", "起始日期，默认本学期开始"},
                                            {"to", "string", "截止日期（含），默认本学期结束"}};

http::Response respond(const Report& r, int status = 200) {
  return http::Response::json(to_json(r, true), status);
}

Result<std::string> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return err::invalid("没有收到文件内容，请重新上传");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const std::vector<office::Column>& overview_columns() {
  static const std::vector<office::Column> all = {{.name = "周报周期", .width = 22},
                                                  {.name = "院校名称", .width = 24},
                                                  {.name = "院校类型", .width = 12},
                                                  {.name = "状态", .width = 12},
                                                  {.name = "提交时间", .width = 20}};
  return all;
}
}  // namespace

void register_routes(App& app) {
  auto& r = app.router();
  r.component("WeeklyReport", schema(true));
  r.component("WeeklyReportSummary", schema(false));
  r.component("WeeklyReportPeriod", period_schema());
  r.add(
      {.method = "GET",
       .pattern = "/api/v1/weekly-reports",
       .permission = "weekly:view",
       .doc = {.tag = kTag,
               .summary =
                   "周报列表（院校看本院校的，省级教育行政部门看本省院校的），带各状态数量 counts",
               .query = http::with_paging(kFilters),
               .response = service::list_schema()},
       .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
         const auto f = TRY(filter_from(ctx.query_map()));
         auto& sql = ctx.sql();
         return http::Response::json(service::list(sql, ctx.who(), f, ctx.page(), ctx.page_size()));
       }});
  r.add(
      {.method = "GET",
       .pattern = "/api/v1/weekly-reports/new",
       .permission = "weekly:edit",
       .doc =
           {.tag = kTag,
            .summary =
                "提交周报：本期周期与院校信息；本期已有周报时 409「本周周报已提交，请勿重复提交」",
            .response = service::form_schema(),
            .errors = {409}},
       .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
         auto& sql = ctx.sql();
         return http::to_response(service::form(sql, ctx.who(), ctx.now()));
       }});
  r.add(range_route(app, "/api/v1/weekly-reports/periods", "weekly:view",
                    "本省已开始的周报周期（新的在前），默认本学期", &service::periods, kRange,
                    service::periods_schema()));
  r.add({.method = "GET",
         .pattern = "/api/v1/weekly-reports/cadence",
         .permission = "weekly:view",
         .doc = {.tag = kTag,
                 .summary = "本省的周报周期设置（周报 / 半月报）与变更记录",
                 .response = service::cadence_schema()},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           auto& sql = ctx.sql();
           return http::to_response(service::cadence(sql, ctx.who(), ctx.now()));
         }});
  r.add({.method = "PUT",
         .pattern = "/api/v1/weekly-reports/cadence",
         .permission = "weekly:review",
         .doc = {.tag = kTag,
                 .summary = "设置本省院校按周报或半月报填写，自 "
                            "effectiveFrom（最早为下一周期开始日期，默认即此）起生效",
                 .request_body = {{"type", "object"},
                                  {"required", {"cadence"}},
                                  {"properties",
                                   {{"cadence",
                                     {{"type", "string"}, {"enum", {"weekly", "semimonthly"}}}},
                                    {"effectiveFrom", {{"type", "string"}}}}}},
                 .response = service::cadence_schema()},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           return http::to_response(service::set_cadence(sql, App::actor(ctx), body, ctx.now()));
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/weekly-reports/overview",
         .permission = "weekly:review",
         .doc = {.tag = kTag,
                 .summary = "提交情况：某一周期本省每所院校的周报状态（含未填写）与各状态数量",
                 .query = {{"period", "string", "周报周期（开始日期），默认本期"}},
                 .response = service::overview_schema()},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           auto& sql = ctx.sql();
           return http::to_response(
               service::overview(sql, ctx.who(), input::trim(ctx.query("period")), ctx.now()));
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/weekly-reports/overview/export",
         .permission = "weekly:review",
         .doc = {.tag = kTag,
                 .summary = "导出某一周期的提交情况",
                 .query = {{"period", "string", "周报周期（开始日期），默认本期"}},
                 .response = http::schema::binary(),
                 .response_content_type =
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           auto& sql = ctx.sql();
           const Timestamp now = ctx.now();
           const auto data =
               TRY(service::overview(sql, ctx.who(), input::trim(ctx.query("period")), now));
           const nlohmann::json rows = data;
           const std::string label = rows["period"]["label"].get<std::string>();
           auto out = exchange_routes::xlsx_download(
               "周报提交情况", overview_columns(),
               [&](const exporting::RowSink& sink) -> Status {
                 for (const auto& row : rows["items"]) {
                   TRY(sink({label, row["collegeName"].get<std::string>(),
                             row["collegeType"].get<std::string>(),
                             row["statusName"].get<std::string>(),
                             row["submittedAt"].is_string() ? row["submittedAt"].get<std::string>()
                                                            : ""}));
                 }
                 return {};
               },
               now, app.config().temp_dir);
           if (!out) return out.error();
           return std::move(out.value());
         }});
  r.add(range_route(app, "/api/v1/weekly-reports/rates", "weekly:review",
                    "各周期的提交率（已提交院校数 / 本省院校数），默认本学期已开始的周期",
                    &service::rates, kRange, service::rates_schema()));
  r.add({.method = "POST",
         .pattern = "/api/v1/weekly-reports/attachments",
         .permission = "weekly:edit",
         .upload = true,
         .doc = {.tag = kTag,
                 .summary = "上传周报附件（请求体为文件本身；pdf、jpg、png、doc(x)、xls(x)"
                            "、zip，按内容校验类型；单个不超过 10 MB）",
                 .query = {{"fileName", "string", "文件名", true}},
                 .request_body = {{"type", "string"}, {"format", "binary"}},
                 .response = weekly_reports::attachment_schema(),
                 .success_status = 201,
                 .request_content_type = "application/octet-stream"},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const std::string name = ctx.query("fileName");
           if (static_cast<std::int64_t>(ctx.req.body_size) > Limits::file_bytes) {
             return err::make(ErrorKind::too_large,
                              "文件「" + name + "」超过单个附件 " +
                                  std::to_string(Limits::file_bytes / 1024 / 1024) +
                                  " MB 的上限，请压缩或拆分后上传");
           }
           const auto data = TRY(ctx.req.body_file.empty() ? Result<std::string>(ctx.req.body)
                                                           : slurp(ctx.req.body_file));
           auto& sql = ctx.sql();
           const auto a = TRY(service::upload(sql, App::actor(ctx), name, data, ctx.now()));
           return http::Response::json(to_json(a), 201);
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/weekly-reports/files/{id}",
         .permission = "weekly:view",
         .doc = {.tag = kTag,
                 .summary = "下载周报附件（本院校及其省级教育行政部门）",
                 .response = http::schema::binary(),
                 .response_content_type = "application/octet-stream"},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           auto& sql = ctx.sql();
           const auto file = TRY(service::download(sql, ctx.who(), id));
           return http::Response::download(file.first.name, file.first.content_type,
                                           std::move(file.second));
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/weekly-reports/review",
         .permission = "weekly:review",
         .doc = {.tag = kTag,
                 .summary = "批量审核周报（result 为 approved 或 "
                            "returned；退回须填写意见），逐条说明未审核的原因",
                 .request_body = {{"type", "object"},
                                  {"required", {"ids", "result"}},
                                  {"properties",
                                   {{"ids", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
                                    {"result",
                                     {{"type", "string"}, {"enum", {"approved", "returned"}}}},
                                    {"opinion", {{"type", "string"}}}}}},
                 .response = batch::BatchResult::schema()},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           return http::Response::json(
               TRY(service::review_many(sql, App::actor(ctx), body, ctx.now())).to_json());
         }});
  r.add({.method = "GET",
         .pattern = "/api/v1/weekly-reports/{id}",
         .permission = "weekly:view",
         .doc = {.tag = kTag,
                 .summary = "查看周报：周报信息、附件与审核信息",
                 .response = http::schema::ref("WeeklyReport")},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           auto& sql = ctx.sql();
           return respond(TRY(service::get(sql, ctx.who(), id)));
         }});
  r.add({.method = "POST",
         .pattern = "/api/v1/weekly-reports",
         .permission = "weekly:edit",
         .doc = {.tag = kTag,
                 .summary = "填写本期周报：保存为未提交，submit 为 true 时提交（待审核）",
                 .request_body = report_schema(),
                 .response = http::schema::ref("WeeklyReport"),
                 .success_status = 201},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           return respond(TRY(service::create(sql, App::actor(ctx), body, ctx.now())), 201);
         }});
  r.add({.method = "PUT",
         .pattern = "/api/v1/weekly-reports/{id}",
         .permission = "weekly:edit",
         .doc = {.tag = kTag,
                 .summary = "编辑未提交或审核退回的周报（本周期内）；submit 为 true 时同时提交",
                 .request_body = report_schema(true),
                 .response = http::schema::ref("WeeklyReport")},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           return respond(TRY(service::update(sql, App::actor(ctx), id, body, ctx.now())));
         }});
  r.add(remove_route(app, {.pattern = "/api/v1/weekly-reports/{id}",
                           .permission = "weekly:edit",
                           .tag = kTag,
                           .summary = "删除周报（仅未提交）",
                           .remove = service::remove}));
  using Action = Result<Report> (*)(soci::session&, const audit::Actor&, std::int64_t, Timestamp);
  for (auto [path, summary, action] :
       {std::tuple<const char*, const char*, Action>{
            "/api/v1/weekly-reports/{id}/submit",
            "提交周报（下一周期开始前；之后为「提交时间已过，该周报目前不能提交，谢谢」）",
            service::submit},
        std::tuple<const char*, const char*, Action>{"/api/v1/weekly-reports/{id}/withdraw",
                                                     "撤回待审核（尚未审核）的周报",
                                                     service::withdraw}}) {
    r.add({.method = "POST",
           .pattern = path,
           .permission = "weekly:edit",
           .doc = {.tag = kTag,
                   .summary = summary,
                   .request_body = {{"type", "object"}},
                   .response = http::schema::ref("WeeklyReport")},
           .handler = [&app, action](http::Ctx& ctx) -> Result<http::Response> {
             const auto id = TRY(ctx.id_param());
             auto& sql = ctx.sql();
             return respond(TRY(action(sql, App::actor(ctx), id, ctx.now())));
           }});
  }
  for (bool approve : {true, false}) {
    r.add(
        {.method = "POST",
         .pattern =
             approve ? "/api/v1/weekly-reports/{id}/approve" : "/api/v1/weekly-reports/{id}/return",
         .permission = "weekly:review",
         .doc = {.tag = kTag,
                 .summary = approve ? "审核通过（可填写意见）" : "审核退回（须填写退回意见）",
                 .request_body = kOpinion,
                 .response = http::schema::ref("WeeklyReport")},
         .handler = [&app, approve](http::Ctx& ctx) -> Result<http::Response> {
           const auto id = TRY(ctx.id_param());
           const auto body = TRY(ctx.json_body());
           auto& sql = ctx.sql();
           return respond(TRY(service::review(sql, App::actor(ctx), id, approve, body, ctx.now())));
         }});
  }
}

}  // namespace kaowu::weekly_reports
