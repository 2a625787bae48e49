#include "modules/organizations/service.hpp"

#include "core/db/database.hpp"
#include "core/input.hpp"
#include "core/regions.hpp"
#include "modules/organizations/repository.hpp"

namespace kaowu::organizations::service {

namespace {
// Validates the editable fields of `body` into `org` (type already set).
Status read_fields(soci::session& sql, const nlohmann::json& body, Organization& org) {
  org.name = TRY(input::text(body, "name", "机构名称", true, 60));
  // 所在地区 may stop at a province or a city; one the organisation already has is kept as it is.
  const std::string region = TRY(input::text(body, "region", "所在地区", false, 60));
  org.region = !org.region.empty() && region == org.region
                   ? region
                   : TRY(regions::check(region, "所在地区", "region", false, regions::Depth::any));
  org.contact_name = TRY(input::text(body, "contactName", "联系人", false, 30));
  org.contact_phone = TRY(input::text(body, "contactPhone", "联系电话", false, 20));
  if (!org.contact_phone.empty() &&
      org.contact_phone.find_first_not_of("0123456789-+ ") != std::string::npos) {
    return err::invalid("联系电话只能包含数字和 -", {{"field", "contactPhone"}});
  }
  if (org.type == "org") {
    org.bank_account_name = TRY(input::text(body, "bankAccountName", "收款户名", false, 60));
    org.bank_name = TRY(input::text(body, "bankName", "开户行", false, 60));
    org.bank_account = TRY(input::text(body, "bankAccount", "收款账号", false, 40));
    if (!org.bank_account.empty() &&
        org.bank_account.find_first_not_of("0123456789 -") != std::string::npos) {
      return err::invalid("收款账号只能包含数字、空格和 -", {{"field", "bankAccount"}});
    }
  }
  if (org.type == "college") {
    const std::string college_type = TRY(input::text(body, "collegeType", "院校类型", true, 10));
    if (!valid_college_type(college_type)) {
      return err::invalid("院校类型须为 本科院校、高职院校 或 中职学校",
                          {{"field", "collegeType"}});
    }
    org.college_type = college_type;
    auto province_id = TRY(input::integer(body, "provinceId", "所属省级教育行政部门", true));
    auto province = repository::find_any(sql, *province_id);
    if (!province || province->type != "province") {
      return err::invalid("所属省级教育行政部门不存在，请重新选择", {{"field", "provinceId"}});
    }
    org.province_id = province->id;
    org.province_name = province->name;
  } else {
    org.college_type.reset();
    org.province_id.reset();
  }
  return {};
}
}  // namespace

std::string list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                 int page_size) {
  long long total = 0;
  return json::page_of(page, page_size, total, [&](json::Writer& w) {
    repository::each(sql, scope, filter, page, page_size, total,
                     [&w](const OrganizationView& o) { write_json(w, o); });
  });
}

Result<Organization> get(soci::session& sql, const Scope& scope, std::int64_t id) {
  auto org = repository::find(sql, scope, id);
  if (!org) return err::not_found("机构不存在或无权访问");
  return *org;
}

Result<Organization> create(soci::session& sql, const audit::Actor& actor,
                            const nlohmann::json& body, Timestamp now) {
  Organization org;
  org.type = TRY(input::text(body, "type", "机构类型", true, 20));
  if (!valid_type(org.type) || org.type == "platform") {
    return err::invalid("机构类型须为 省级教育行政部门、培训评价组织 或 试点院校",
                        {{"field", "type"}});
  }
  TRY(read_fields(sql, body, org));
  org.created_at = org.updated_at = now;
  return db::write_tx(sql, [&]() -> Result<Organization> {
    if (repository::find_by_name(sql, org.type, org.name)) {
      return err::conflict(std::string(type_name(org.type)) + "「" + org.name + "」已存在",
                           {{"field", "name"}});
    }
    org.id = repository::insert(sql, org);
    audit::record(
        sql, actor,
        {"create", "organization", std::to_string(org.id),
         "新增" + std::string(type_name(org.type)) + "「" + org.name + "」", nullptr, to_json(org)},
        now);
    return org;
  });
}

Result<Organization> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                            const nlohmann::json& body, Timestamp now) {
  auto version = TRY(input::integer(body, "version", "版本号", true));
  auto enabled = TRY(input::boolean(body, "enabled", "状态"));
  return db::write_tx(sql, [&]() -> Result<Organization> {
    Organization before = TRY(get(sql, *actor.scope, id));
    Organization org = before;
    TRY(read_fields(sql, body, org));
    if (enabled) org.enabled = *enabled;
    if (org.id == actor.scope->org_id && !org.enabled) {
      return err::invalid("不能停用自己所在的机构");
    }
    if (org.name != before.name) {
      auto other = repository::find_by_name(sql, org.type, org.name);
      if (other && other->id != org.id) {
        return err::conflict(std::string(type_name(org.type)) + "「" + org.name + "」已存在",
                             {{"field", "name"}});
      }
    }
    if (*version != before.version) {
      return err::conflict("该机构已被他人修改，请刷新后重试",
                           {{"currentVersion", before.version}});
    }
    org.updated_at = now;
    if (!repository::update(sql, org, before.version)) {
      return err::conflict("该机构已被他人修改，请刷新后重试");
    }
    org.version = before.version + 1;
    audit::record(sql, actor,
                  {"update", "organization", std::to_string(org.id),
                   "修改" + std::string(type_name(org.type)) + "「" + org.name + "」",
                   to_json(before), to_json(org)},
                  now);
    return org;
  });
}

PayeeAccount payee_account(soci::session& sql, std::int64_t org_id) {
  auto org = repository::find_any(sql, org_id);
  if (!org) return {};
  return {org->bank_account_name, org->bank_name, org->bank_account};
}

}  // namespace kaowu::organizations::service
