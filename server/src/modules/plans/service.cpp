#include "modules/plans/service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/db/database.hpp"
#include "core/input.hpp"
#include "modules/certificates/service.hpp"
#include "modules/organizations/repository.hpp"
#include "modules/organizations/service.hpp"
#include "modules/plans/repository.hpp"
#include "modules/registrations/ledger.hpp"

namespace kaowu::plans::service {

namespace {
std::vector<std::int64_t> province_colleges(soci::session& sql, const Scope& scope) {
  organizations::Filter f;
  f.type = "college";
  long long total = 0;
  std::vector<std::int64_t> ids;
  for (const auto& o : organizations::repository::list(sql, scope, f, 1, 100000, total))
    ids.push_back(o.id);
  return ids;
}

repository::Visibility visibility(soci::session& sql, const Scope& scope) {
  repository::Visibility v;
  if (scope.is_admin()) return v;
  if (scope.role == Role::org) {
    v.org_id = scope.org_id;
  } else if (scope.role == Role::province) {
    v.college_ids = province_colleges(sql, scope);
  } else {
    v.college_ids = std::vector<std::int64_t>{scope.org_id};
  }
  return v;
}

bool visible(soci::session& sql, const Scope& scope, const Plan& p) {
  if (scope.is_admin()) return true;
  if (scope.role == Role::org) return p.org_id == scope.org_id;
  if (p.status != "published") return false;
  std::vector<std::int64_t> mine = scope.role == Role::province
                                       ? province_colleges(sql, scope)
                                       : std::vector<std::int64_t>{scope.org_id};
  for (const auto& c : p.colleges) {
    if (std::find(mine.begin(), mine.end(), c.id) != mine.end()) return true;
  }
  return false;
}

// Fills certificate and subject names from the certificates module.
void describe(soci::session& sql, Plan& p) {
  std::map<std::int64_t, std::optional<certificates::service::LevelRef>> cache;
  std::map<std::int64_t,
           std::pair<const certificates::Subject*, const certificates::service::LevelRef*>>
      subjects;
  for (auto& l : p.levels) {
    auto& ref = cache[l.level_id];
    ref = certificates::service::find_level(sql, l.level_id);
    if (!ref) continue;
    l.certificate_id = ref->certificate.id;
    l.certificate_code = ref->certificate.code;
    l.certificate_name = ref->certificate.name;
    l.level = ref->level().level;
  }
  for (auto& [id, ref] : cache) {
    if (!ref) continue;
    for (const auto& s : ref->level().subjects) subjects[s.id] = {&s, &*ref};
  }
  for (auto& s : p.subjects) {
    auto it = subjects.find(s.subject_id);
    if (it == subjects.end()) continue;
    s.level_id = it->second.second->level().id;
    s.code = it->second.first->code;
    s.name = it->second.first->name;
    s.mode = it->second.first->mode;
    s.certificate_name = it->second.second->certificate.name;
    s.level = it->second.second->level().level;
  }
}

// Turns a parsed body into a plan of `org`, checking every referenced id.
Result<Plan> build(soci::session& sql, const Scope& scope, const Draft& d, Plan base) {
  Plan p = std::move(base);
  p.name = d.name;
  p.mode = d.mode;
  p.notes = d.notes;
  p.exam_notice = d.exam_notice;
  p.payment_before_arranging = d.payment_before_arranging;
  p.invigilators_per_room = d.invigilators_per_room;
  p.patrols_per_site = d.patrols_per_site;
  p.windows = d.windows;
  const std::int64_t payee = d.payee_org_id.value_or(scope.org_id);
  auto payee_org = organizations::repository::find_any(sql, payee);
  if (!payee_org || payee_org->type != "org") {
    return err::invalid("收费对象须为一个培训评价组织", {{"field", "payeeOrgId"}});
  }
  p.payee_org_id = payee;
  p.payee_name = payee_org->name;
  if (d.level_ids.empty()) return err::invalid("请至少选择一个证书等级", {{"field", "levelIds"}});
  p.levels.clear();
  p.subjects.clear();
  std::map<std::int64_t, std::pair<Timestamp, Timestamp>> slots(d.slots.begin(), d.slots.end());
  std::set<std::int64_t> expected;
  for (auto level_id : d.level_ids) {
    auto ref = certificates::service::find_level(sql, level_id);
    if (!ref || ref->certificate.org_id != scope.org_id) {
      return err::invalid("所选证书等级不存在或不属于本机构", {{"field", "levelIds"}});
    }
    if (!ref->certificate.enabled) {
      return err::invalid("证书「" + ref->certificate.name + "」已停用，不能用于考试计划",
                          {{"field", "levelIds"}});
    }
    p.levels.push_back({level_id, ref->certificate.id, ref->certificate.code, ref->certificate.name,
                        ref->level().level});
    for (const auto& s : ref->level().subjects) {
      auto it = slots.find(s.id);
      if (it == slots.end()) {
        return err::invalid("请为科目「" + s.name + "」设置考试时段", {{"field", "subjects"}});
      }
      expected.insert(s.id);
      p.subjects.push_back({s.id, level_id, s.code, s.name, s.mode, ref->certificate.name,
                            ref->level().level, it->second.first, it->second.second});
    }
  }
  for (const auto& [subject, slot] : d.slots) {
    if (!expected.count(subject))
      return err::invalid("考试科目不属于所选证书等级", {{"field", "subjects"}});
  }
  std::sort(p.subjects.begin(), p.subjects.end(), [](const PlanSubject& a, const PlanSubject& b) {
    return std::tie(a.start, a.subject_id) < std::tie(b.start, b.subject_id);
  });
  p.colleges.clear();
  for (auto college_id : d.college_ids) {
    auto college = organizations::repository::find_any(sql, college_id);
    if (!college || college->type != "college") {
      return err::invalid("参考院校不存在，请重新选择", {{"field", "collegeIds"}});
    }
    p.colleges.push_back({college->id, college->name});
  }
  TRY(validate_times(p));
  return p;
}

Result<Plan> own(soci::session& sql, const Scope& scope, std::int64_t id) {
  auto p = repository::find(sql, id);
  if (!p || p->org_id != scope.org_id) return err::not_found("考试计划不存在或无权查看");
  describe(sql, *p);
  return *p;
}

// What a published plan may still change at `now`.
Status check_published_change(const Plan& before, const Plan& after, Timestamp now) {
  const bool registration_open = now >= before.windows.registration_start;
  auto level_ids = [](const Plan& p) {
    std::set<std::int64_t> s;
    for (const auto& l : p.levels) s.insert(l.level_id);
    return s;
  };
  if (registration_open && level_ids(before) != level_ids(after)) {
    return err::conflict("考试计划已开始报考，证书等级和科目不能再修改");
  }
  struct Pair {
    const char* label;
    Timestamp Windows::*start;
    Timestamp Windows::*end;
  };
  static const Pair pairs[] = {
      {"报考时间", &Windows::registration_start, &Windows::registration_end},
      {"排考时间", &Windows::arranging_start, &Windows::arranging_end},
      {"成绩登记时间", &Windows::score_start, &Windows::score_end},
      {"公示期", &Windows::publicity_start, &Windows::publicity_end}};
  for (const auto& pr : pairs) {
    const Timestamp old_start = before.windows.*(pr.start), old_end = before.windows.*(pr.end);
    const Timestamp new_start = after.windows.*(pr.start), new_end = after.windows.*(pr.end);
    if (old_start <= now) {
      if (new_start != old_start)
        return err::conflict(std::string(pr.label) + "已开始，开始时间不能再修改");
      if (old_end <= now && new_end != old_end)
        return err::conflict(std::string(pr.label) + "已结束，不能再修改");
      if (new_end < old_end && new_end <= now)
        return err::conflict(std::string(pr.label) + "的结束时间不能早于当前时间");
    } else if (new_start < old_start || new_end < old_end) {
      return err::conflict(std::string(pr.label) + "尚未开始，只能往后推迟，不能提前");
    }
  }
  std::map<std::int64_t, const PlanSubject*> old_slots;
  for (const auto& s : before.subjects) old_slots[s.subject_id] = &s;
  for (const auto& s : after.subjects) {
    auto it = old_slots.find(s.subject_id);
    if (it == old_slots.end()) continue;
    const PlanSubject& o = *it->second;
    if (o.start <= now && (s.start != o.start || s.end != o.end)) {
      return err::conflict("科目「" + s.name + "」已开考，考试时段不能再修改");
    }
    if (o.start > now && s.start < o.start) {
      return err::conflict("科目「" + s.name + "」的考试时段只能往后推迟，不能提前");
    }
  }
  return {};
}
}  // namespace

nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size, Timestamp now) {
  long long total = 0;
  nlohmann::json items = nlohmann::json::array();
  for (auto& p : repository::list(sql, visibility(sql, scope), filter, page, page_size, total)) {
    describe(sql, p);
    items.push_back(to_json(p, now, false));
  }
  return {{"items", items}, {"total", total}, {"page", page}, {"pageSize", page_size}};
}

Result<Plan> get(soci::session& sql, const Scope& scope, std::int64_t id) {
  auto p = repository::find(sql, id);
  if (!p || !visible(sql, scope, *p)) return err::not_found("考试计划不存在或无权查看");
  describe(sql, *p);
  return *p;
}

std::optional<Plan> find(soci::session& sql, std::int64_t id) {
  auto p = repository::find(sql, id);
  if (p) describe(sql, *p);
  return p;
}

namespace {
std::vector<Plan> published(soci::session& sql, const repository::Visibility& v) {
  Filter f;
  f.status = "published";
  long long total = 0;
  auto plans = repository::list(sql, v, f, 1, 100000, total);
  for (auto& p : plans) describe(sql, p);
  return plans;
}
}  // namespace

std::vector<Plan> of_college(soci::session& sql, std::int64_t college_id) {
  repository::Visibility v;
  v.college_ids = std::vector<std::int64_t>{college_id};
  return published(sql, v);
}

Result<Plan> create(soci::session& sql, const audit::Actor& actor, const nlohmann::json& body,
                    Timestamp now) {
  const Draft d = TRY(parse_draft(body));
  Plan base;
  base.org_id = actor.scope->org_id;
  base.org_name = actor.scope->org_name;
  base.created_at = base.updated_at = now;
  Plan p = TRY(build(sql, *actor.scope, d, base));
  return db::write_tx(sql, [&]() -> Result<Plan> {
    p.id = repository::insert(sql, p);
    audit::record(sql, actor,
                  {"create", "plan", std::to_string(p.id), "新增考试计划「" + p.name + "」",
                   nullptr, to_json(p, now, true)},
                  now);
    return p;
  });
}

Result<Plan> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                    const nlohmann::json& body, Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<Plan> {
    Plan before = TRY(own(sql, *actor.scope, id));
    if (before.status == "cancelled") return err::conflict("考试计划已取消，不能再修改");
    auto version = TRY(input::integer(body, "version", "版本号", true));
    const Draft d = TRY(parse_draft(body));
    if (*version != before.version) {
      return err::conflict("该考试计划已被他人修改，请刷新后重试",
                           {{"currentVersion", before.version}});
    }
    Plan after = TRY(build(sql, *actor.scope, d, before));
    if (before.status == "published") TRY(check_published_change(before, after, now));
    for (const auto& c : before.colleges) {
      const bool kept = std::any_of(after.colleges.begin(), after.colleges.end(),
                                    [&](const PlanCollege& k) { return k.id == c.id; });
      if (kept) continue;
      if (const long long n = registrations::ledger::count_for_plan_college(sql, id, c.id); n > 0) {
        return err::conflict(
            "参考院校「" + c.name + "」已有 " + std::to_string(n) + " 条报考记录，不能移出考试计划",
            {{"field", "collegeIds"}});
      }
    }
    after.updated_at = now;
    if (!repository::update(sql, after, before.version))
      return err::conflict("该考试计划已被他人修改，请刷新后重试");
    after.version = before.version + 1;
    audit::record(sql, actor,
                  {"update", "plan", std::to_string(id), "修改考试计划「" + after.name + "」",
                   to_json(before, now, true), to_json(after, now, true)},
                  now);
    return after;
  });
}

Result<Plan> publish(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                     Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<Plan> {
    Plan p = TRY(own(sql, *actor.scope, id));
    if (p.status != "draft") return err::conflict("只有草稿状态的考试计划可以发布");
    if (p.colleges.empty())
      return err::invalid("请至少选择一所参考院校后再发布", {{"field", "collegeIds"}});
    if (p.windows.registration_end <= now) {
      return err::invalid("报考结束时间已过，请调整时间后再发布", {{"field", "registrationEnd"}});
    }
    TRY(validate_times(p));
    repository::set_status(sql, id, "published", now);
    audit::record(sql, actor,
                  {"publish",
                   "plan",
                   std::to_string(id),
                   "发布考试计划「" + p.name + "」",
                   {{"status", "draft"}, {"statusName", status_name("draft")}},
                   {{"status", "published"}, {"statusName", status_name("published")}},
                   "考试计划 " + p.name},
                  now);
    p.status = "published";
    p.version += 1;
    return p;
  });
}

Result<Plan> cancel(soci::session& sql, const audit::Actor& actor, std::int64_t id, Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<Plan> {
    Plan p = TRY(own(sql, *actor.scope, id));
    if (p.status == "cancelled") return err::conflict("考试计划已取消");
    if (p.status == "published" && now >= p.windows.publicity_end)
      return err::conflict("考试计划已结束，不能取消");
    if (const long long n = registrations::ledger::count_for_plan(sql, id); n > 0) {
      return err::conflict("考试计划已有 " + std::to_string(n) +
                           " 条报考记录，不能取消；请先由院校删除报考记录");
    }
    repository::set_status(sql, id, "cancelled", now);
    audit::record(sql, actor,
                  {"cancel",
                   "plan",
                   std::to_string(id),
                   "取消考试计划「" + p.name + "」",
                   {{"status", p.status}, {"statusName", status_name(p.status)}},
                   {{"status", "cancelled"}, {"statusName", status_name("cancelled")}},
                   "考试计划 " + p.name},
                  now);
    p.status = "cancelled";
    p.version += 1;
    return p;
  });
}

Result<Plan> copy(soci::session& sql, const audit::Actor& actor, std::int64_t id, Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<Plan> {
    Plan p = TRY(own(sql, *actor.scope, id));
    p.name = p.name + "（副本）";
    p.status = "draft";
    p.version = 1;
    p.created_at = p.updated_at = now;
    p.id = repository::insert(sql, p);
    audit::record(sql, actor,
                  {"create", "plan", std::to_string(p.id), "复制考试计划为「" + p.name + "」",
                   nullptr, to_json(p, now, true)},
                  now);
    return p;
  });
}

}  // namespace kaowu::plans::service
