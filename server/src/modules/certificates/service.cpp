#include "modules/certificates/service.hpp"

#include "core/db/database.hpp"
#include "core/input.hpp"
#include "exchange/exports.hpp"
#include "modules/certificates/repository.hpp"

namespace kaowu::certificates::service {

namespace {
bool readable(const Scope& scope, const Certificate& c) {
  if (scope.is_admin()) return true;
  if (scope.role == Role::org) return c.org_id == scope.org_id;
  return c.enabled;
}

Status check_unique(soci::session& sql, const Certificate& c) {
  if (auto other = repository::id_by_code(sql, c.code); other && *other != c.id) {
    return err::conflict("证书编号 " + c.code + " 已被使用", {{"field", "code"}});
  }
  if (auto code = repository::level_code_in_use(sql, c)) {
    return err::conflict("证书等级编号 " + *code + " 已被其他证书等级使用", {{"field", "levels"}});
  }
  if (auto code = repository::subject_code_in_use(sql, c)) {
    return err::conflict("科目代码 " + *code + " 已被其他证书使用", {{"field", "levels"}});
  }
  return {};
}
}  // namespace

nlohmann::json list(soci::session& sql, const Scope& scope, Filter filter, int page,
                    int page_size) {
  if (scope.role == Role::org) filter.org_id = scope.org_id;
  if (!scope.is_admin() && scope.role != Role::org) filter.enabled = true;
  long long total = 0;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& c : repository::list(sql, filter, page, page_size, total))
    items.push_back(to_json(c, false));
  return {{"items", items}, {"total", total}, {"page", page}, {"pageSize", page_size}};
}

Result<Certificate> get(soci::session& sql, const Scope& scope, std::int64_t id) {
  auto c = repository::find(sql, id);
  if (!c || !readable(scope, *c)) return err::not_found("证书不存在或无权查看");
  return *c;
}

Result<Certificate> create(soci::session& sql, const audit::Actor& actor,
                           const nlohmann::json& body, Timestamp now) {
  Certificate c;
  TRY(from_json(body, c));
  c.org_id = actor.scope->org_id;
  c.org_name = actor.scope->org_name;
  c.created_at = c.updated_at = now;
  return db::write_tx(sql, [&]() -> Result<Certificate> {
    TRY(check_unique(sql, c));
    c.id = repository::insert(sql, c);
    Certificate saved = *repository::find(sql, c.id);
    audit::record(sql, actor,
                  {"create", "certificate", std::to_string(c.id), "新增证书「" + c.name + "」",
                   nullptr, to_json(saved, true)},
                  now);
    return saved;
  });
}

Result<Certificate> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                           const nlohmann::json& body, Timestamp now) {
  auto version = TRY(input::integer(body, "version", "版本号", true));
  return db::write_tx(sql, [&]() -> Result<Certificate> {
    Certificate before = TRY(get(sql, *actor.scope, id));
    if (before.org_id != actor.scope->org_id) return err::not_found("证书不存在或无权查看");
    Certificate c = before;
    TRY(from_json(body, c));
    if (*version != before.version) {
      return err::conflict("该证书已被他人修改，请刷新后重试",
                           {{"currentVersion", before.version}});
    }
    TRY(check_unique(sql, c));
    c.updated_at = now;
    if (!repository::update(sql, c, before.version))
      return err::conflict("该证书已被他人修改，请刷新后重试");
    Certificate saved = *repository::find(sql, id);
    audit::record(sql, actor,
                  {"update", "certificate", std::to_string(id), "修改证书「" + saved.name + "」",
                   to_json(before, true), to_json(saved, true)},
                  now);
    return saved;
  });
}

Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope, Filter filter,
                                          const std::vector<std::int64_t>& ids) {
  using office::Column;
  using office::ColumnType;
  static const std::vector<Column> columns = {{.name = "证书编号", .type = ColumnType::text},
                                              {.name = "证书名称", .width = 36},
                                              {.name = "颁证机构", .width = 28},
                                              {.name = "证书等级"},
                                              {.name = "按证书报考费用（元）"},
                                              {.name = "科目编号", .type = ColumnType::text},
                                              {.name = "科目名称", .width = 28},
                                              {.name = "考试方式"},
                                              {.name = "考试时长（分钟）"},
                                              {.name = "满分"},
                                              {.name = "及格分"},
                                              {.name = "按科目报考费用（元）"},
                                              {.name = "通过条件"},
                                              {.name = "可报考专业", .width = 40},
                                              {.name = "状态"}};
  if (scope.role == Role::org) filter.org_id = scope.org_id;
  if (!scope.is_admin() && scope.role != Role::org) filter.enabled = true;
  long long count = static_cast<long long>(ids.size());
  if (ids.empty()) repository::list(sql, filter, 1, 1, count);
  return exporting::ExportSpec{
      .title = "证书信息",
      .entity = "certificate",
      .columns = columns,
      .rows = [&sql, scope, filter, ids](const exporting::RowSink& sink) -> Status {
        std::vector<std::int64_t> chosen = ids;
        if (chosen.empty()) {
          for (int page = 1;; ++page) {
            long long total = 0;
            auto batch = repository::list(sql, filter, page, 500, total);
            for (const auto& c : batch) chosen.push_back(c.id);
            if (batch.size() < 500) break;
          }
        }
        for (auto id : chosen) {
          auto c = repository::find(sql, id);
          if (!c || !readable(scope, *c)) continue;  // ticked rows of others are silently not there
          if (filter.org_id && c->org_id != *filter.org_id) continue;
          std::string majors;
          for (const auto& m : c->majors) majors += (majors.empty() ? "" : "、") + m.name;
          for (const auto& l : c->levels) {
            for (const auto& s : l.subjects) {
              TRY(sink({c->code, c->name, c->org_name, l.level, yuan(l.fee_fen), s.code, s.name,
                        s.mode, std::to_string(s.duration_minutes), std::to_string(s.full_mark),
                        std::to_string(s.pass_mark), yuan(s.fee_fen), pass_condition_name(*c),
                        majors, c->enabled ? "启用" : "停用"}));
            }
          }
        }
        return {};
      },
      .count = count};
}

Result<imports::Spec> majors_import(soci::session& sql, const nlohmann::json& params) {
  const std::int64_t cert_id = params.value("targetId", std::int64_t{0});
  const std::int64_t org_id = params.value("orgId", std::int64_t{0});
  auto cert = repository::find(sql, cert_id);
  if (!cert || cert->org_id != org_id) return err::not_found("证书不存在或无权修改");
  imports::Spec spec;
  spec.type = "certificate_majors";
  spec.entity = "certificate";
  spec.title = "可报考专业";
  spec.columns = {{.name = "专业名称",
                   .required = true,
                   .note = "与考生信息中的专业名称一致",
                   .example = "示例专业（导入时忽略此行）",
                   .width = 30},
                  {.name = "专业代码",
                   .type = office::ColumnType::text,
                   .note = "可不填，例如 530701",
                   .example = "000000"}};
  spec.apply = [cert_id](soci::session& s, const std::vector<std::string>& cells) -> Status {
    const std::string name = input::trim(cells[0]);
    const std::string code = input::trim(cells[1]);
    if (name.empty()) return err::invalid("专业名称不能为空");
    if (input::utf8_length(name) > 60) return err::invalid("专业名称不能超过 60 个字");
    if (code.size() > 20 || code.find_first_not_of("0123456789") != std::string::npos) {
      return err::invalid("专业代码只能是数字，最多 20 位");
    }
    repository::upsert_major(s, cert_id, name, code);
    return {};
  };
  return spec;
}

std::optional<LevelRef> find_level(soci::session& sql, std::int64_t level_id) {
  auto cert_id = repository::certificate_of_level(sql, level_id);
  if (!cert_id) return std::nullopt;
  auto cert = repository::find(sql, *cert_id);
  if (!cert) return std::nullopt;
  for (std::size_t i = 0; i < cert->levels.size(); ++i) {
    if (cert->levels[i].id == level_id) return LevelRef{std::move(*cert), i};
  }
  return std::nullopt;
}

Result<Certificate> set_enabled(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                                bool enabled, Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<Certificate> {
    Certificate before = TRY(get(sql, *actor.scope, id));
    if (before.org_id != actor.scope->org_id) return err::not_found("证书不存在或无权查看");
    repository::set_enabled(sql, id, enabled, now);
    Certificate saved = *repository::find(sql, id);
    audit::record(sql, actor,
                  {enabled ? "enable" : "disable",
                   "certificate",
                   std::to_string(id),
                   std::string(enabled ? "启用" : "停用") + "证书「" + saved.name + "」",
                   {{"enabled", before.enabled}},
                   {{"enabled", enabled}},
                   "证书 " + saved.name + " (" + saved.code + ")"},
                  now);
    return saved;
  });
}

}  // namespace kaowu::certificates::service
