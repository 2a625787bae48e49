#include "modules/audit/service.hpp"

#include "core/audit.hpp"
#include "core/db/database.hpp"
#include "core/db/query.hpp"
#include "core/files.hpp"
#include "core/http/schema.hpp"
#include "core/input.hpp"

namespace kaowu::audit_log {

namespace {
const char* kColumns =
    "SELECT a.id, a.at, a.account_id, a.username, a.display_name, a.role, a.org_id, a.org_name, "
    "a.action, a.entity, a.entity_id, a.object_name, a.summary, a.before_json, a.after_json, a.ip, "
    "a.request_id";

db::Query build(const Filter& f) {
  db::Query q("FROM audit_log a");
  if (!f.keyword.empty()) {
    const std::string p = q.param(db::like_pattern(f.keyword));
    q.where("a.summary LIKE " + p + " ESCAPE '\\' OR a.object_name LIKE " + p +
            " ESCAPE '\\' OR a.username LIKE " + p + " ESCAPE '\\' OR a.display_name LIKE " + p +
            " ESCAPE '\\' OR a.org_name LIKE " + p + " ESCAPE '\\'");
  }
  if (!f.action.empty()) q.where("a.action = " + q.param(f.action));
  if (!f.entity.empty()) q.where("a.entity = " + q.param(f.entity));
  if (f.account_id) q.where("a.account_id = " + q.param(static_cast<long long>(*f.account_id)));
  if (f.from) q.where("a.at >= " + q.param(static_cast<long long>(*f.from)));
  if (f.to) q.where("a.at <= " + q.param(static_cast<long long>(*f.to)));
  return q;
}

nlohmann::json parse_or_null(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  return j.is_discarded() ? nlohmann::json(*text) : j;
}

}  // namespace

nlohmann::json entry_schema() {
  namespace s = http::schema;
  const nlohmann::json values = {{"nullable", true},
                                 {"description", "修改前或后的值（记录的 JSON），没有时为 null"}};
  return s::object({{"id", s::integer()},
                    {"at", s::datetime()},
                    {"accountId", s::nullable(s::integer())},
                    {"username", s::string()},
                    {"displayName", s::string()},
                    {"role", s::string()},
                    {"roleName", s::string()},
                    {"orgId", s::nullable(s::integer())},
                    {"orgName", s::string()},
                    {"action", s::string()},
                    {"actionName", s::string()},
                    {"entity", s::string()},
                    {"entityName", s::string()},
                    {"entityId", s::string()},
                    {"object", s::string()},
                    {"summary", s::string()},
                    {"before", values},
                    {"after", values},
                    {"changes", s::array(s::object({{"field", s::string()},
                                                    {"label", s::string()},
                                                    {"before", s::string()},
                                                    {"after", s::string()}}))},
                    {"ip", s::string()},
                    {"requestId", s::string()}});
}

namespace {
nlohmann::json entry_json(const db::Row& row) {
  const std::string role = db::get_str(row, "role");
  auto parsed_role = parse_role(role);
  const std::string action = db::get_str(row, "action");
  const std::string entity = db::get_str(row, "entity");
  const std::string entity_id = db::get_str(row, "entity_id");
  const auto before = parse_or_null(db::get_opt_str(row, "before_json"));
  const auto after = parse_or_null(db::get_opt_str(row, "after_json"));
  // Entries written before objects were stored are named from their fields.
  std::string object = db::get_str(row, "object_name");
  if (object.empty()) object = audit::describe(action, entity, entity_id, before, after);
  return {{"id", db::get_i64(row, "id")},
          {"at", cst::format(db::get_i64(row, "at"))},
          {"accountId", db::get_opt_i64(row, "account_id")
                            ? nlohmann::json(*db::get_opt_i64(row, "account_id"))
                            : nlohmann::json(nullptr)},
          {"username", db::get_str(row, "username")},
          {"displayName", db::get_str(row, "display_name")},
          {"role", role},
          {"roleName", parsed_role ? role_name(*parsed_role) : ""},
          {"orgId", db::get_opt_i64(row, "org_id") ? nlohmann::json(*db::get_opt_i64(row, "org_id"))
                                                   : nlohmann::json(nullptr)},
          {"orgName", db::get_str(row, "org_name")},
          {"action", action},
          {"actionName", audit::action_name(action)},
          {"entity", entity},
          {"entityName", audit::entity_name(entity)},
          {"entityId", entity_id},
          {"object", object},
          {"summary", db::get_str(row, "summary")},
          {"before", before},
          {"after", after},
          {"changes", audit::changes(entity, before, after)},
          {"ip", db::get_str(row, "ip")},
          {"requestId", db::get_str(row, "request_id")}};
}

// One side of the changed fields as 字段：值 pairs (考位数：30；考场地址：北京市北京市海淀区).
std::string side(const nlohmann::json& changes, const char* which) {
  std::string out;
  for (const auto& c : changes) {
    const std::string value = c[which].get<std::string>();
    if (value.empty()) continue;
    if (!out.empty()) out += "；";
    out += c["label"].get<std::string>() + "：" + value;
  }
  return out;
}

std::string csv_field(const std::string& value) {
  std::string v = value;
  // A cell that starts like a formula is shown as text, never evaluated.
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}
}  // namespace

Filter filter_from(const nlohmann::json& p) {
  Filter f;
  auto str = [&](const char* key) {
    auto it = p.find(key);
    return it != p.end() && it->is_string() ? input::trim(it->get<std::string>()) : std::string();
  };
  f.keyword = str("keyword");
  f.action = str("action");
  f.entity = str("entity");
  if (auto a = str("accountId");
      !a.empty() && a.find_first_not_of("0123456789") == std::string::npos && a.size() < 18) {
    f.account_id = std::stoll(a);
  } else if (p.contains("accountId") && p["accountId"].is_number_integer()) {
    f.account_id = p["accountId"].get<std::int64_t>();
  }
  if (auto from = str("from"); !from.empty()) f.from = cst::parse(from);
  if (auto to = str("to"); !to.empty()) {
    f.to = cst::parse(to);
    // A bare date means the whole day.
    if (f.to && to.size() == 10) *f.to += 86399;
  }
  return f;
}

nlohmann::json list(soci::session& sql, const Filter& filter, int page, int page_size) {
  db::Query q = build(filter);
  nlohmann::json items = nlohmann::json::array();
  const long long total = q.count_cached(sql);
  q.each(sql, kColumns, "ORDER BY a.id DESC" + db::page_clause(page, page_size),
         [&](const db::Row& row) { items.push_back(entry_json(row)); });
  return {{"items", items}, {"total", total}, {"page", page}, {"pageSize", page_size}};
}

Status export_csv(jobs::JobContext& ctx) {
  const Filter filter = filter_from(ctx.params());
  db::Query q = build(filter);
  const long long total = q.count(ctx.sql());
  std::string out =
      "\xEF\xBB\xBF时间,操作人,姓名,角色,所属机构,操作,对象类型,对象,对象编号,摘要,IP,请求编号,"
      "修改前,修改后\r\n";
  long long done = 0;
  bool cancelled = false;
  q.each(ctx.sql(), kColumns, "ORDER BY a.id", [&](const db::Row& row) {
    if (cancelled) return;
    const auto e = entry_json(row);
    out +=
        csv_field(e["at"].get<std::string>()) + "," + csv_field(e["username"].get<std::string>()) +
        "," + csv_field(e["displayName"].get<std::string>()) + "," +
        csv_field(e["roleName"].get<std::string>()) + "," +
        csv_field(e["orgName"].get<std::string>()) + "," +
        csv_field(e["actionName"].get<std::string>()) + "," +
        csv_field(e["entityName"].get<std::string>()) + "," +
        csv_field(e["object"].get<std::string>()) + "," +
        csv_field(e["entityId"].get<std::string>()) + "," +
        csv_field(e["summary"].get<std::string>()) + "," + csv_field(e["ip"].get<std::string>()) +
        "," + csv_field(e["requestId"].get<std::string>()) + "," +
        csv_field(side(e["changes"], "before")) + "," + csv_field(side(e["changes"], "after")) +
        "\r\n";
    if (++done % 1000 == 0) {
      ctx.progress(static_cast<int>(done * 95 / std::max<long long>(total, 1)),
                   "已导出 " + std::to_string(done) + " / " + std::to_string(total) + " 条");
      cancelled = ctx.cancelled();
    }
  });
  if (cancelled) return err::make(ErrorKind::conflict, "任务已取消", "cancelled");
  const std::string name =
      "审计日志_" + cst::format_with(ctx.clock().now(), "%Y%m%d%H%M%S") + ".csv";
  const auto file_id = files::save(
      ctx.sql(), {name, "text/csv; charset=utf-8", "audit_export", ctx.org_id(), ctx.account_id()},
      out, ctx.clock().now());
  ctx.set_result_file(file_id);
  ctx.set_result({{"rows", done}});
  ctx.progress(100, "已导出 " + std::to_string(done) + " 条");
  return {};
}

}  // namespace kaowu::audit_log
