#include "modules/sites/service.hpp"

#include <set>

#include "core/db/database.hpp"
#include "core/input.hpp"
#include "core/regions.hpp"
#include "modules/certificates/service.hpp"
#include "modules/organizations/repository.hpp"
#include "modules/sites/repository.hpp"

namespace kaowu::sites::service {

namespace {
std::vector<std::int64_t> colleges_of(soci::session& sql, const Scope& scope) {
  if (scope.role != Role::province) return {scope.org_id};
  organizations::Filter f;
  f.type = "college";
  long long total = 0;
  std::vector<std::int64_t> ids;
  for (const auto& o : organizations::repository::list(sql, scope, f, 1, 100000, total))
    ids.push_back(o.id);
  return ids;
}

bool visible(soci::session& sql, const Scope& scope, const Site& s) {
  if (scope.is_admin()) return true;
  if (scope.role == Role::org) return s.org_id == scope.org_id;
  for (auto id : colleges_of(sql, scope)) {
    if (s.college_id == id) return true;
    for (const auto& [served, name] : s.served_colleges) {
      if (served == id) return true;
    }
  }
  return false;
}

// A region the site already has is kept as it is, so a site saved before regions were checked can
// still be corrected and resubmitted; a new or changed one must be in the list (省/市/区).
Status read_address(const nlohmann::json& body, Site& s) {
  const std::string region = TRY(input::text(body, "region", "考点地区", true, 60));
  s.region = !s.region.empty() && region == s.region
                 ? region
                 : TRY(regions::check(region, "考点地区", "region"));
  s.address = TRY(input::text(body, "address", "详细地址", true, 120));
  return {};
}

nlohmann::json audit_view(const Site& s) {
  return to_json(s);
}
}  // namespace

nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size) {
  repository::Visibility v;
  if (scope.role == Role::org) {
    v.org_id = scope.org_id;
  } else if (!scope.is_admin()) {
    v.college_ids = colleges_of(sql, scope);
  }
  long long total = 0;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& s : repository::list(sql, v, filter, page, page_size, total))
    items.push_back(to_json(s));
  return {{"items", items}, {"total", total}, {"page", page}, {"pageSize", page_size}};
}

Result<Site> get(soci::session& sql, const Scope& scope, std::int64_t id) {
  auto s = repository::find(sql, id);
  if (!s || !visible(sql, scope, *s)) return err::not_found("考核站点不存在或无权查看");
  return *s;
}

namespace {
// The usual name of a college's site for a certificate, numbered when the college has one of that
// name already (a college may run sites on several campuses).
std::string free_name(soci::session& sql, const std::string& college,
                      const std::string& certificate) {
  const std::string base = college + certificate + "考核站点";
  if (!repository::id_by_name(sql, base)) return base;
  for (int n = 2;; ++n) {
    const std::string numbered = base + "（" + std::to_string(n) + "）";
    if (!repository::id_by_name(sql, numbered)) return numbered;
  }
}

// 409 for a name in use, naming the site when it is the caller's own and proposing a free name.
Error name_taken(soci::session& sql, const Scope& scope, const std::string& name,
                 const std::string& certificate) {
  const auto id = repository::id_by_name(sql, name);
  const auto existing = id ? repository::find(sql, *id) : std::nullopt;
  const std::string proposal = free_name(sql, scope.org_name, certificate);
  if (existing && existing->college_id == scope.org_id) {
    return err::conflict(
        "本院校已有考核站点「" + name + "」（" + existing->certificate_name + "，" +
            status_name(existing->status) + "）；如在另一校区再设站点，请换一个名称，例如「" +
            proposal + "」",
        {{"field", "name"}, {"existingSiteId", existing->id}, {"proposedName", proposal}});
  }
  return err::conflict(
      "考核站点名称「" + name + "」已被使用，请换一个名称，例如「" + proposal + "」",
      {{"field", "name"}, {"proposedName", proposal}});
}
}  // namespace

nlohmann::json suggestion(soci::session& sql, const Scope& scope, std::int64_t certificate_id) {
  Scope reader;
  reader.role = Role::college;
  auto cert = certificates::service::get(sql, reader, certificate_id);
  nlohmann::json existing = nlohmann::json::array();
  Filter f;
  f.certificate_id = certificate_id;
  repository::Visibility own;
  own.college_ids = std::vector<std::int64_t>{scope.org_id};
  long long total = 0;
  for (const auto& site : repository::list(sql, own, f, 1, 100, total)) {
    if (site.college_id != scope.org_id) continue;
    existing.push_back({{"id", site.id},
                        {"name", site.name},
                        {"status", site.status},
                        {"statusName", status_name(site.status)},
                        {"address", site.address}});
  }
  return {{"name", cert ? free_name(sql, scope.org_name, cert->name) : std::string()},
          {"existing", existing}};
}

Result<Site> apply(soci::session& sql, const audit::Actor& actor, const nlohmann::json& body,
                   Timestamp now) {
  auto cert_id = TRY(input::integer(body, "certificateId", "证书", true));
  Scope reader;
  reader.role = Role::college;
  auto cert = certificates::service::get(sql, reader, *cert_id);
  if (!cert) return err::invalid("所选证书不存在或已停用", {{"field", "certificateId"}});
  Site s;
  TRY(read_address(body, s));
  s.college_id = actor.scope->org_id;
  s.college_name = actor.scope->org_name;
  s.org_id = cert->org_id;
  s.org_name = cert->org_name;
  s.certificate_id = cert->id;
  s.certificate_name = cert->name;
  s.name = TRY(input::text(body, "name", "站点名称", false, 100));
  if (s.name.empty()) s.name = free_name(sql, s.college_name, s.certificate_name);
  s.status = "pending";
  s.created_at = s.updated_at = now;
  return db::write_tx(sql, [&]() -> Result<Site> {
    if (repository::id_by_name(sql, s.name))
      return name_taken(sql, *actor.scope, s.name, s.certificate_name);
    s.id = repository::insert(sql, s);
    audit::record(sql, actor,
                  {"create", "site", std::to_string(s.id), "申请考核站点「" + s.name + "」",
                   nullptr, audit_view(s)},
                  now);
    return s;
  });
}

Result<Site> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                    const nlohmann::json& body, Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<Site> {
    Site before = TRY(get(sql, *actor.scope, id));
    if (before.college_id != actor.scope->org_id) return err::not_found("考核站点不存在或无权查看");
    if (before.status == "approved") return err::conflict("考核站点已通过审核，不能再修改");
    auto version = TRY(input::integer(body, "version", "版本号", true));
    if (*version != before.version) return err::conflict("该考核站点已被他人修改，请刷新后重试");
    Site s = before;
    TRY(read_address(body, s));
    const std::string name = TRY(input::text(body, "name", "站点名称", false, 100));
    if (!name.empty()) s.name = name;
    if (auto other = repository::id_by_name(sql, s.name); other && *other != id) {
      return name_taken(sql, *actor.scope, s.name, s.certificate_name);
    }
    s.status = "pending";
    s.return_reason.clear();
    s.updated_at = now;
    if (!repository::update(sql, s, before.version))
      return err::conflict("该考核站点已被他人修改，请刷新后重试");
    s.version = before.version + 1;
    audit::record(sql, actor,
                  {"update", "site", std::to_string(id), "修改并重新提交考核站点「" + s.name + "」",
                   audit_view(before), audit_view(s)},
                  now);
    return s;
  });
}

Result<Site> approve(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                     const nlohmann::json& body, Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<Site> {
    Site before = TRY(get(sql, *actor.scope, id));
    if (before.org_id != actor.scope->org_id) return err::not_found("考核站点不存在或无权查看");
    std::vector<std::int64_t> served;
    std::set<std::int64_t> seen{before.college_id};
    if (auto it = body.find("collegeIds"); it != body.end() && it->is_array()) {
      for (const auto& v : *it) {
        if (!v.is_number_integer()) continue;
        const auto college = v.get<std::int64_t>();
        auto org = organizations::repository::find_any(sql, college);
        if (!org || org->type != "college")
          return err::invalid("服务院校不存在，请重新选择", {{"field", "collegeIds"}});
        if (seen.insert(college).second) served.push_back(college);
      }
    } else {
      for (const auto& [college, name] : before.served_colleges) served.push_back(college);
    }
    Site s = before;
    s.status = "approved";
    s.return_reason.clear();
    s.reviewed_at = now;
    s.updated_at = now;
    if (!repository::update(sql, s, before.version))
      return err::conflict("该考核站点已被他人修改，请刷新后重试");
    repository::set_served(sql, id, served);
    Site saved = *repository::find(sql, id);
    audit::record(sql, actor,
                  {"approve", "site", std::to_string(id), "审核通过考核站点「" + s.name + "」",
                   audit_view(before), audit_view(saved)},
                  now);
    return saved;
  });
}

Result<Site> reject(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                    const nlohmann::json& body, Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<Site> {
    Site before = TRY(get(sql, *actor.scope, id));
    if (before.org_id != actor.scope->org_id) return err::not_found("考核站点不存在或无权查看");
    if (before.status != "pending") return err::conflict("只有待审核的考核站点可以退回");
    Site s = before;
    s.return_reason = TRY(input::text(body, "reason", "退回原因", true, 200, input::Lines::multi));
    s.status = "returned";
    s.reviewed_at = now;
    s.updated_at = now;
    if (!repository::update(sql, s, before.version))
      return err::conflict("该考核站点已被他人修改，请刷新后重试");
    s.version = before.version + 1;
    audit::record(
        sql, actor,
        {"return", "site", std::to_string(id), "退回考核站点「" + s.name + "」：" + s.return_reason,
         audit_view(before), audit_view(s)},
        now);
    return s;
  });
}

}  // namespace kaowu::sites::service
