#pragma once

// The HTTP side of imports and exports: the routes a module adds for its export, its template
// and its upload. The work itself (specs, the import run, the export writer, the jobs) is in
// exchange/, which knows nothing of requests.

#include "exchange/exports.hpp"
#include "exchange/imports.hpp"
#include "modules/app.hpp"

namespace kaowu::exchange_routes {

//! What an export route says about itself; export_route() builds the rest.
struct ExportRoute {
  std::string type;                     //!< the registered export type, e.g. "rooms"
  std::string pattern;                  //!< e.g. "/api/v1/rooms/export"
  std::string permission;               //!< e.g. "room:view"
  std::string tag;                      //!< OpenAPI tag, e.g. "考场"
  std::string summary;                  //!< what is exported, e.g. "批量导出考场信息"
  std::string ticked;                   //!< what `ids` names, e.g. "勾选的考场"
  std::vector<http::ParamDoc> filters;  //!< the list's filters, which the export takes too
  //! Builds the export of a request (the model's filter_from(request.query), the scope, the
  //! ticked ids); registered under `type` so that an export job rebuilds it.
  exporting::SpecFactory spec;
};

//! GET `pattern` with the list's filters plus `ids`: the ticked rows or all matching. Up to
//! `--export-direct-rows` records answer the .xlsx at once; more are written by a job owned by the
//! caller and the answer is 202 {job}. At most `--export-rate` exports a minute per account.
http::Route export_route(App& app, const ExportRoute& spec);

//! The two routes of a module's import, and its registration as an import type.
struct ImportRoutes {
  std::string type;        //!< the import type, e.g. "rooms"
  std::string base;        //!< e.g. "/api/v1/rooms": GET base/template and POST base/import
  std::string permission;  //!< e.g. "room:edit"
  std::string tag;         //!< OpenAPI tag, e.g. "考场"
  std::string template_summary;
  std::string import_summary;
  std::vector<http::ParamDoc> query;  //!< what `params` reads from the query (both routes)
  std::vector<int> errors;  //!< error statuses `params` or `spec` may answer besides the usual
  //! The spec factory's parameters for a request (the caller's organisation, a plan, a path id …).
  std::function<Result<nlohmann::json>(const http::Ctx&)> params;
  imports::SpecFactory spec;
};

//! The spec parameters most imports need: the caller's organisation, the time, and who uploads
//! (the import's options and its audit entries use them).
nlohmann::json uploader_params(const http::Ctx& ctx);

//! Registers `spec.type` and adds GET base/template (the template of the spec for the request)
//! and POST base/import (the request's file queued as a job owned by the caller, 202 {job}). The
//! upload builds the spec first, so what the job would refuse (a plan outside its window) is
//! refused at once; a missing fileName stands as "<title>.xlsx".
void import_routes(App& app, ImportRoutes spec);

//! An upload route's answer: the request's file queued as an import of `type` owned by the
//! caller, 202 {job}. `params` reach the spec factory; `default_name` stands for a missing
//! `fileName`.
Result<http::Response> upload(App& app, http::Ctx& ctx, const std::string& type,
                              const nlohmann::json& params, const std::string& default_name);

//! A template route's answer: the spec's template as `<title>导入模板.xlsx`.
Result<http::Response> template_download(const imports::Spec& spec, const std::string& temp_dir);

//! An .xlsx of `rows` under `columns`, answered at once as `<title>_<yyyyMMddHHmmss>.xlsx`.
Result<http::Response> xlsx_download(const std::string& title,
                                     const std::vector<office::Column>& columns,
                                     const exporting::RowSource& rows, Timestamp now,
                                     const std::string& temp_dir);

}  // namespace kaowu::exchange_routes
