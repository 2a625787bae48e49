// 导入记录: every import of the modules (考生, 考场, 报考, 可报考专业 …) runs as one job type; this
// module registers it and answers who imported what, when, with how many rows failed.

#include "core/http/schema.hpp"
#include "exchange/imports.hpp"
#include "modules/app.hpp"

namespace kaowu::import_records {

void register_routes(App& app) {
  auto& r = app.router();
  imports::register_job(app.jobs(), app.imports(), app.config().temp_dir);
  r.add({.method = "GET",
         .pattern = "/api/v1/import-records",
         .permission = "job:view",
         .doc = {.tag = "导入记录",
                 .summary = "导入记录：谁在何时导入、成功和失败各多少条，可下载失败数据",
                 .query = http::with_paging({{"type", "string", "导入类型，如 certificate_majors"},
                                             {"targetId", "integer", "导入到的对象，如证书"}}),
                 .response = http::schema::page(imports::record_schema())},
         .handler = [&app](http::Ctx& ctx) -> Result<http::Response> {
           auto& sql = ctx.sql();
           return http::Response::json(imports::records(sql, ctx.who(), ctx.query("type"),
                                                        ctx.query_int("targetId"), ctx.page(),
                                                        ctx.page_size()));
         }});
}

}  // namespace kaowu::import_records
