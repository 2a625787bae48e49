#include "modules/invigilators/service.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "core/db/database.hpp"
#include "core/http/schema.hpp"
#include "core/regions.hpp"
#include "modules/arrangements/ledger.hpp"
#include "modules/invigilators/repository.hpp"
#include "modules/organizations/repository.hpp"
#include "modules/students/model.hpp"

namespace kaowu::invigilators::service {

namespace {
constexpr std::size_t kMaxName = 30;
constexpr std::size_t kMaxReview = 1000;

repository::Visibility visibility(const Scope& scope) {
  repository::Visibility v;
  if (scope.role == Role::org)
    v.org_id = scope.org_id;
  else if (!scope.is_admin())
    v.college_id = scope.org_id;
  return v;
}

std::string object_of(const Invigilator& p) {
  return "监考人员 " + p.name + " (" + p.teacher_no + ")";
}

std::string label_of(const Certificate& c) {
  return c.certificate_name + "（" + c.level + "）";
}

nlohmann::json audit_view(const Invigilator& p) {
  auto j = to_json(p);
  j.erase("createdAt");
  j.erase("updatedAt");
  nlohmann::json certs = nlohmann::json::array();
  for (const auto& c : p.certificates)
    certs.push_back(
        {{"levelId", c.level_id}, {"certificate", label_of(c)}, {"status", state_name(c.state)}});
  j["certificates"] = certs;
  return j;
}

void record(soci::session& sql, const audit::Actor& actor, const char* action, const Invigilator& p,
            const std::string& summary, nlohmann::json before, nlohmann::json after,
            Timestamp now) {
  audit::Entry e{action,  "invigilator",     std::to_string(p.id),
                 summary, std::move(before), std::move(after)};
  e.object = object_of(p);
  audit::record(sql, actor, e, now);
}

// The fields a college fills in.
struct Input {
  std::string kind, name, gender, id_number, phone, region;
  std::vector<std::int64_t> level_ids;
  bool levels_given = false;
  std::vector<Period> unavailable;
};

Result<std::string> text_field(const nlohmann::json& body, const char* key, const char* label,
                               const std::string& fallback) {
  if (!body.contains(key)) return fallback;
  if (!body[key].is_string() && !body[key].is_null())
    return err::invalid(std::string(label) + "格式不正确", {{"field", key}});
  return input::trim(body[key].is_string() ? body[key].get<std::string>() : std::string());
}

// Reads the body over `base`: an absent key keeps the base value.
Result<Input> read_body(const nlohmann::json& body, const Invigilator& base) {
  if (!body.is_object()) return err::invalid("请求体须为 JSON 对象");
  Input in;
  in.kind = TRY(text_field(body, "kind", "人员类型", base.kind));
  if (in.kind.empty())
    return err::invalid("请选择人员类型（监考老师或巡考老师）", {{"field", "kind"}});
  const auto& kinds = kind_options();
  if (std::find(kinds.begin(), kinds.end(), in.kind) == kinds.end())
    return err::invalid("人员类型「" + in.kind + "」不正确，须为 监考老师 或 巡考老师",
                        {{"field", "kind"}});
  in.name = TRY(text_field(body, "name", "姓名", base.name));
  if (in.name.empty()) return err::invalid("请填写姓名", {{"field", "name"}});
  if (input::utf8_length(in.name) > kMaxName)
    return err::invalid("姓名不能超过 30 个字", {{"field", "name"}});
  if (Status st = input::check_characters(in.name, "姓名"); !st)
    return err::invalid(st.error().message, {{"field", "name"}});
  const std::string id_text = TRY(text_field(body, "idNumber", "身份证号", base.id_number));
  if (id_text.empty()) return err::invalid("请填写身份证号", {{"field", "idNumber"}});
  auto id_number = students::check_id_number(id_text);
  if (!id_number) return err::invalid(id_number.error().message, {{"field", "idNumber"}});
  in.id_number = id_number.value();
  in.gender = students::gender_of(in.id_number);
  in.phone = TRY(text_field(body, "phone", "手机号码", base.phone));
  if (in.phone.empty()) return err::invalid("请填写手机号码", {{"field", "phone"}});
  if (!input::is_mobile(in.phone))
    return err::invalid("手机号码「" + in.phone + "」不正确，须为 11 位手机号",
                        {{"field", "phone"}});
  const std::string region = TRY(text_field(body, "region", "所在区域", base.region));
  if (region.empty()) return err::invalid("请选择所在区域（省市区）", {{"field", "region"}});
  in.region = (!base.region.empty() && region == base.region)
                  ? region
                  : TRY(regions::check(region, "所在区域", "region"));
  if (body.contains("levelIds")) {
    in.levels_given = true;
    const auto& list = body["levelIds"];
    if (!list.is_array()) return err::invalid("证书格式不正确", {{"field", "levelIds"}});
    std::set<std::int64_t> seen;
    for (const auto& e : list) {
      if (!e.is_number_integer() || e.get<std::int64_t>() <= 0)
        return err::invalid("证书格式不正确", {{"field", "levelIds"}});
      if (seen.insert(e.get<std::int64_t>()).second) in.level_ids.push_back(e.get<std::int64_t>());
    }
  } else {
    for (const auto& c : base.certificates) in.level_ids.push_back(c.level_id);
  }
  if (in.level_ids.empty())
    return err::invalid("请选择至少一个申请监考的证书等级", {{"field", "levelIds"}});
  if (body.contains("unavailable"))
    in.unavailable = TRY(parse_unavailable(body["unavailable"]));
  else
    in.unavailable = base.unavailable;
  return in;
}

// Phone and 身份证号 are unique within the college.
Status check_unique(soci::session& sql, std::int64_t college_id, const Input& in,
                    std::int64_t self) {
  if (auto other = repository::id_by_phone(sql, college_id, in.phone); other && *other != self) {
    auto p = repository::find(sql, *other);
    return err::conflict("本院校已有手机号码为 " + in.phone + " 的监考人员「" +
                             (p ? p->name : std::string()) + "」，请核对手机号码",
                         {{"field", "phone"}});
  }
  if (auto other = repository::id_by_id_number(sql, college_id, in.id_number);
      other && *other != self) {
    auto p = repository::find(sql, *other);
    return err::conflict("本院校已有身份证号为 " + in.id_number + " 的监考人员「" +
                             (p ? p->name : std::string()) + "」",
                         {{"field", "idNumber"}});
  }
  return {};
}

// A level a person may apply for: one of an enabled certificate.
Result<repository::Level> applicable_level(soci::session& sql, std::int64_t level_id) {
  auto level = repository::level(sql, level_id);
  if (!level) return err::invalid("所选证书等级不存在，请重新选择", {{"field", "levelIds"}});
  if (!level->enabled)
    return err::invalid("证书「" + level->certificate_name + "」已停用，不能申请监考",
                        {{"field", "levelIds"}});
  return *level;
}

Result<Invigilator> get_for_change(soci::session& sql, const Scope& scope, std::int64_t id) {
  auto p = repository::find(sql, id);
  if (!p || p->college_id != scope.org_id) return err::not_found("监考人员不存在或无权操作");
  return *p;
}

// 撤销认证 waits until the person's last duty in an exam of the certificate has ended: a room
// or a site staffed by the arrangement keeps its invigilator.
Status check_no_duty(soci::session& sql, const Invigilator& p, const Certificate& cert,
                     Timestamp now) {
  for (const auto& d : arrangements::ledger::upcoming_duties(sql, p.id, now)) {
    if (d.certificate_id != cert.certificate_id) continue;
    std::string where = d.plan_name + "，" + d.site_name;
    if (!d.room_name.empty()) where += " " + d.room_name;
    return err::conflict("该老师已安排在 " + cst::format_minute(d.start) + " 的" +
                         arrangements::ledger::role_name(d.role) + "（" + where +
                         "），不能撤销认证");
  }
  return {};
}

Status check_version(const nlohmann::json& body, const Invigilator& p) {
  auto version = TRY(input::integer(body, "version", "版本号", true));
  if (*version != p.version)
    return err::conflict("监考人员「" + p.name + "」的信息已被他人修改，请刷新后重试");
  return {};
}
}  // namespace

nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size) {
  long long total = 0;
  auto people = repository::list(sql, visibility(scope), filter, {}, page, page_size, &total);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& p : people) items.push_back(to_json(p));
  return {{"items", items}, {"total", total}, {"page", page}, {"pageSize", page_size}};
}

Result<Invigilator> get(soci::session& sql, const Scope& scope, std::int64_t id) {
  auto p = repository::find(sql, id);
  const auto v = visibility(scope);
  if (p && v.college_id && p->college_id != *v.college_id) p.reset();
  if (p && v.org_id) {
    std::vector<Certificate> own;
    for (const auto& c : p->certificates) {
      if (c.org_id == *v.org_id && c.state != State::unsubmitted) own.push_back(c);
    }
    if (own.empty())
      p.reset();
    else
      p->certificates = own;
  }
  if (!p) return err::not_found("监考人员不存在或无权查看");
  return *p;
}

Result<nlohmann::json> upcoming_duties(soci::session& sql, const Scope& scope, std::int64_t id,
                                       Timestamp now) {
  const Invigilator p = TRY(get(sql, scope, id));
  std::optional<std::int64_t> org;
  if (scope.role == Role::org) org = scope.org_id;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& d : arrangements::ledger::upcoming_duties(sql, p.id, now, org)) {
    items.push_back({{"planId", d.plan_id},
                     {"planName", d.plan_name},
                     {"siteName", d.site_name},
                     {"roomName", d.room_name},
                     {"role", d.role},
                     {"roleName", arrangements::ledger::role_name(d.role)},
                     {"start", cst::format(d.start)},
                     {"end", cst::format(d.end)},
                     {"ownCollege", d.own_college}});
  }
  return nlohmann::json{{"items", items}};
}

nlohmann::json duties_schema() {
  namespace s = http::schema;
  return s::object({{"items", s::array(s::object({{"planId", s::integer()},
                                                  {"planName", s::string()},
                                                  {"siteName", s::string()},
                                                  {"roomName", s::string()},
                                                  {"role", s::enumeration({"room", "patrol"})},
                                                  {"roleName", s::string()},
                                                  {"start", s::datetime()},
                                                  {"end", s::datetime()},
                                                  {"ownCollege", s::boolean()}}))}});
}

nlohmann::json options_schema() {
  namespace s = http::schema;
  return s::object({{"kinds", s::array(s::string())},
                    {"levels", s::array(s::object({{"id", s::integer()},
                                                   {"level", s::string()},
                                                   {"certificateId", s::integer()},
                                                   {"certificateName", s::string()}}))}});
}

nlohmann::json options(soci::session& sql) {
  nlohmann::json levels = nlohmann::json::array();
  for (const auto& l : repository::enabled_levels(sql)) {
    levels.push_back({{"id", l.id},
                      {"level", l.level},
                      {"certificateId", l.certificate_id},
                      {"certificateName", l.certificate_name}});
  }
  return {{"kinds", kind_options()}, {"levels", levels}};
}

Result<Invigilator> create(soci::session& sql, const audit::Actor& actor,
                           const nlohmann::json& body, Timestamp now) {
  const Input in = TRY(read_body(body, Invigilator{}));
  return db::write_tx(sql, [&]() -> Result<Invigilator> {
    Invigilator p;
    p.college_id = actor.scope->org_id;
    TRY(check_unique(sql, p.college_id, in, 0));
    for (auto level_id : in.level_ids) TRY(applicable_level(sql, level_id));
    p.kind = in.kind;
    p.name = in.name;
    p.gender = in.gender;
    p.id_number = in.id_number;
    p.phone = in.phone;
    p.region = in.region;
    p.created_at = p.updated_at = now;
    repository::insert(sql, p);
    for (auto level_id : in.level_ids) repository::add_certificate(sql, p.id, level_id, now);
    repository::set_unavailable(sql, p.id, in.unavailable);
    const Invigilator saved = *repository::find(sql, p.id);
    record(sql, actor, "create", saved, "新增监考人员「" + saved.name + "」", nullptr,
           audit_view(saved), now);
    return saved;
  });
}

Result<Invigilator> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                           const nlohmann::json& body, Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<Invigilator> {
    repository::lock(sql, id);
    const Invigilator before = TRY(get_for_change(sql, *actor.scope, id));
    TRY(check_version(body, before));
    const Input in = TRY(read_body(body, before));
    if (any_certified(before)) {
      // INV-2: a certified person keeps the identity the organisation certified.
      std::vector<std::string> locked;
      if (in.name != before.name) locked.push_back("姓名");
      if (in.id_number != before.id_number) locked.push_back("身份证号");
      if (!locked.empty()) {
        std::string names;
        for (const auto& n : locked) names += (names.empty() ? "" : "、") + n;
        return err::conflict("监考人员「" + before.name + "」已有已认证的证书，不能修改" + names,
                             {{"fields", locked}});
      }
    }
    const std::set<std::int64_t> wanted(in.level_ids.begin(), in.level_ids.end());
    std::set<std::int64_t> held;
    for (const auto& c : before.certificates) {
      held.insert(c.level_id);
      if (wanted.count(c.level_id) || c.state != State::certified) continue;
      return err::conflict("证书「" + label_of(c) + "」已认证，不能删除", {{"field", "levelIds"}});
    }
    TRY(check_unique(sql, before.college_id, in, id));
    for (auto level_id : in.level_ids) {
      if (!held.count(level_id)) TRY(applicable_level(sql, level_id));
    }
    Invigilator p = before;
    p.kind = in.kind;
    p.name = in.name;
    p.gender = in.gender;
    p.id_number = in.id_number;
    p.phone = in.phone;
    p.region = in.region;
    p.updated_at = now;
    if (!repository::update(sql, p, before.version))
      return err::conflict("监考人员「" + p.name + "」的信息已被他人修改，请刷新后重试");
    for (const auto& c : before.certificates) {
      if (!wanted.count(c.level_id)) repository::remove_certificate(sql, c.id);
    }
    for (auto level_id : in.level_ids) {
      if (!held.count(level_id)) repository::add_certificate(sql, id, level_id, now);
    }
    if (body.contains("unavailable")) repository::set_unavailable(sql, id, in.unavailable);
    const Invigilator saved = *repository::find(sql, id);
    record(sql, actor, "update", saved, "修改监考人员「" + saved.name + "」", audit_view(before),
           audit_view(saved), now);
    return saved;
  });
}

Status remove(soci::session& sql, const audit::Actor& actor, const input::Named& person,
              Timestamp now) {
  const std::int64_t id = person.id;
  return db::write_tx(sql, [&]() -> Status {
    repository::lock(sql, id);
    const Invigilator before = TRY(get_for_change(sql, *actor.scope, id));
    if (before.version != person.version)
      return err::conflict("监考人员「" + before.name + "」已被他人修改，请刷新后再删除");
    if (any_certified(before))
      return err::conflict("监考人员「" + before.name + "」有已认证的证书，不能删除");
    repository::remove(sql, id);
    record(sql, actor, "delete", before, "删除监考人员「" + before.name + "」", audit_view(before),
           nullptr, now);
    return {};
  });
}

batch::BatchResult remove_many(soci::session& sql, const audit::Actor& actor,
                               const std::vector<input::Named>& people, Timestamp now) {
  batch::BatchResult result;
  for (const auto& named : people) {
    auto p = repository::find(sql, named.id);
    Status st = remove(sql, actor, named, now);
    if (st) {
      ++result.done;
      continue;
    }
    const bool visible = p && p->college_id == actor.scope->org_id;
    result.refuse(named.id, visible ? p->name : "", st.error().message);
  }
  return result;
}

Result<Invigilator> submit(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                           const nlohmann::json& body, Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<Invigilator> {
    repository::lock(sql, id);
    const Invigilator before = TRY(get_for_change(sql, *actor.scope, id));
    TRY(check_version(body, before));
    int submitted = 0;
    for (const auto& c : before.certificates) {
      if (c.state != State::unsubmitted && c.state != State::returned) continue;
      repository::set_state(sql, c.id, State::pending, c.reason, "", false, now);
      ++submitted;
    }
    if (submitted == 0) {
      return err::conflict("监考人员「" + before.name +
                           "」没有可提交的证书：证书均已提交待认证或已认证");
    }
    Invigilator p = before;
    p.updated_at = now;
    if (!repository::update(sql, p, before.version))
      return err::conflict("监考人员「" + p.name + "」的信息已被他人修改，请刷新后重试");
    const Invigilator saved = *repository::find(sql, id);
    record(sql, actor, "submit", saved, "提交监考人员「" + saved.name + "」的认证申请",
           audit_view(before), audit_view(saved), now);
    return saved;
  });
}

Result<batch::BatchResult> review(soci::session& sql, const audit::Actor& actor,
                                  const nlohmann::json& body, Timestamp now) {
  if (!body.is_object()) return err::invalid("请求体须为 JSON 对象");
  const std::string decision = body.value("decision", "");
  if (decision != "certify" && decision != "return" && decision != "revoke")
    return err::invalid("decision 须为 certify（认证通过）、return（退回）或 revoke（撤销认证）",
                        {{"field", "decision"}});
  const bool certify = decision == "certify";
  const bool revoke = decision == "revoke";
  std::string reason = body.contains("reason") && body["reason"].is_string()
                           ? input::trim(body["reason"].get<std::string>())
                           : std::string();
  if (!certify && reason.empty())
    return err::invalid(revoke ? "请填写撤销认证的原因" : "请填写退回原因", {{"field", "reason"}});
  if (input::utf8_length(reason) > 200)
    return err::invalid("退回原因不能超过 200 个字", {{"field", "reason"}});
  if (Status st = input::check_characters(reason, "退回原因", input::Lines::multi); !st)
    return err::invalid(st.error().message, {{"field", "reason"}});
  if (!body.contains("ids") || !body["ids"].is_array() || body["ids"].empty())
    return err::invalid("请选择要认证的证书", {{"field", "ids"}});
  if (body["ids"].size() > kMaxReview)
    return err::invalid("一次最多认证 1000 条", {{"field", "ids"}});
  std::vector<std::int64_t> ids;
  for (const auto& e : body["ids"]) {
    if (!e.is_number_integer()) return err::invalid("ids 须为整数列表", {{"field", "ids"}});
    ids.push_back(e.get<std::int64_t>());
  }
  const Scope& scope = *actor.scope;
  const std::string reviewer = scope.display_name.empty()
                                   ? scope.username
                                   : scope.display_name + "（" + scope.username + "）";
  batch::BatchResult result;
  for (const auto id : ids) {
    std::string name;
    Status st = db::write_tx(sql, [&]() -> Status {
      auto owner = repository::owner_of(sql, id);
      if (!owner) return err::not_found("认证申请不存在或无权操作");
      repository::lock(sql, *owner);
      auto p = repository::find(sql, *owner);
      if (!p) return err::not_found("认证申请不存在或无权操作");
      auto c = std::find_if(p->certificates.begin(), p->certificates.end(),
                            [&](const Certificate& x) { return x.id == id; });
      if (c == p->certificates.end()) return err::not_found("认证申请不存在或无权操作");
      const Certificate cert = *c;
      if (cert.org_id != scope.org_id || cert.state == State::unsubmitted)
        return err::not_found("认证申请不存在或无权操作");
      name = p->name;
      // A certification is withdrawn (撤销认证) from a certified level only; the others are
      // decided while pending. The level goes back to the college as 已退回 with the reason.
      const State from = revoke ? State::certified : State::pending;
      if (cert.state != from) {
        return err::conflict("监考人员「" + p->name + "」的证书「" + label_of(cert) + "」" +
                             state_name(cert.state) + (revoke ? "，不是已认证" : "，不是待认证"));
      }
      if (revoke) TRY(check_no_duty(sql, *p, cert, now));
      const State next = certify ? State::certified : State::returned;
      repository::set_state(sql, id, next, certify ? "" : reason, reviewer, true, now);
      const Invigilator after = *repository::find(sql, p->id);
      const std::string verb = certify ? "认证通过" : revoke ? "撤销认证" : "退回";
      record(sql, actor,
             certify  ? "approve"
             : revoke ? "cancel"
                      : "return",
             after,
             verb + "监考人员「" + p->name + "」的证书「" + label_of(cert) + "」" +
                 (certify ? "" : "：" + reason),
             audit_view(*p), audit_view(after), now);
      return {};
    });
    if (st) {
      ++result.done;
      continue;
    }
    result.refuse(id, name, st.error().message);
  }
  return result;
}

Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope,
                                          const Filter& filter,
                                          const std::vector<std::int64_t>& ids) {
  const auto v = visibility(scope);
  // The rows are the certificates the filter asks for, of the persons it finds.
  auto wanted = [filter](const Certificate& c) {
    if (filter.certificate_id && c.certificate_id != *filter.certificate_id) return false;
    if (filter.state == "uncertified") return c.state != State::certified;
    if (!filter.state.empty()) return filter.state == state_code(c.state);
    return true;
  };
  long long count = 0;
  for (int page = 1;; ++page) {
    auto batch = repository::list(sql, v, filter, ids, page, 1000, nullptr);
    for (const auto& p : batch)
      count += std::count_if(p.certificates.begin(), p.certificates.end(), wanted);
    if (batch.size() < 1000) break;
  }
  return exporting::ExportSpec{
      .title = "监考人员",
      .entity = "invigilator",
      .columns = export_columns(),
      .rows = [&sql, v, filter, ids, wanted](const exporting::RowSink& sink) -> Status {
        for (int page = 1;; ++page) {
          auto batch = repository::list(sql, v, filter, ids, page, 1000, nullptr);
          for (const auto& p : batch) {
            for (const auto& c : p.certificates) {
              if (wanted(c)) TRY(sink(export_cells(p, c)));
            }
          }
          if (batch.size() < 1000) return {};
        }
      },
      .count = count};
}

Result<imports::Spec> invigilator_import(soci::session& sql, const nlohmann::json& params) {
  const std::int64_t college_id = params.value("orgId", std::int64_t{0});
  const Timestamp now = params.value("now", Timestamp{0});
  auto college = organizations::repository::find_any(sql, college_id);
  if (!college || college->type != "college") return err::forbidden("只有试点院校可以导入监考人员");

  // Who uploads, for the per-person audit entries (the core audits the import as a whole).
  auto scope = std::make_shared<Scope>();
  scope->account_id = params.value("accountId", std::int64_t{0});
  scope->username = params.value("username", "");
  scope->display_name = params.value("displayName", "");
  scope->role = Role::college;
  scope->org_id = college_id;
  scope->org_name = college->name;
  scope->org_type = "college";
  audit::Actor actor;
  actor.scope = scope.get();
  actor.ip = "job";

  // The levels of enabled certificates by certificate name and level, read once per file.
  auto levels = std::make_shared<std::map<std::pair<std::string, std::string>, std::int64_t>>();
  std::set<std::string> names;
  for (const auto& l : repository::enabled_levels(sql)) {
    (*levels)[{l.certificate_name, l.level}] = l.id;
    names.insert(l.certificate_name);
  }

  imports::Spec spec;
  spec.type = "invigilators";
  spec.entity = "invigilator";
  spec.title = "监考人员";
  spec.columns = import_columns();
  spec.columns[5].options.assign(names.begin(), names.end());
  spec.apply = [college_id, now, levels, scope, actor](
                   soci::session& s, const std::vector<std::string>& cells) -> Status {
    auto cell = [&](std::size_t i) {
      return i < cells.size() ? input::trim(cells[i]) : std::string();
    };
    const std::string certificate = cell(5), level_name = cell(6);
    if (certificate.empty()) return err::invalid("请填写申请报考的证书");
    if (level_name.empty()) return err::invalid("请填写证书等级");
    auto level = levels->find({certificate, level_name});
    if (level == levels->end()) {
      return err::invalid("证书「" + certificate + "」没有「" + level_name +
                          "」等级，或证书不存在、已停用");
    }
    const nlohmann::json body = {{"kind", cell(0)},     {"name", cell(1)},
                                 {"idNumber", cell(2)}, {"phone", cell(3)},
                                 {"region", cell(4)},   {"levelIds", {level->second}}};
    const Input in = TRY(read_body(body, Invigilator{}));
    if (auto id = repository::id_by_id_number(s, college_id, in.id_number)) {
      // The college's person with this 身份证号: the row updates 姓名, 手机号码 and 所在区域 as
      // an edit would (姓名 stays while a certificate is 已认证, INV-2) and adds the level when
      // it is new; a row that changes nothing writes nothing.
      repository::lock(s, *id);
      const Invigilator before = *repository::find(s, *id);
      if (in.name != before.name && any_certified(before)) {
        return err::conflict("监考人员「" + before.name +
                             "」已有已认证的证书，不能修改姓名（表中为「" + in.name + "」）");
      }
      if (auto owner = repository::id_by_phone(s, college_id, in.phone); owner && *owner != *id)
        return err::invalid("手机号码 " + in.phone + " 已被本院校的其他监考人员使用");
      const bool changed =
          in.name != before.name || in.phone != before.phone || in.region != before.region;
      const bool new_level =
          std::none_of(before.certificates.begin(), before.certificates.end(),
                       [&](const Certificate& c) { return c.level_id == level->second; });
      if (!changed && !new_level) return {};
      if (changed) {
        Invigilator p = before;
        p.name = in.name;
        p.phone = in.phone;
        p.region = in.region;
        p.updated_at = now;
        if (!repository::update(s, p, before.version))
          return err::conflict("监考人员「" + before.name + "」的信息已被他人修改，请重新导入");
      }
      if (new_level) repository::add_certificate(s, *id, level->second, now);
      const Invigilator after = *repository::find(s, *id);
      const std::string what = changed && new_level ? "的信息并增加证书"
                               : changed            ? "的信息"
                                                    : "增加证书";
      record(s, actor, "update", after,
             std::string(changed ? "导入修改监考人员「" : "导入为监考人员「") + after.name + "」" +
                 what,
             audit_view(before), audit_view(after), now);
      return {};
    }
    if (auto owner = repository::id_by_phone(s, college_id, in.phone)) {
      auto other = repository::find(s, *owner);
      return err::invalid("手机号码 " + in.phone + " 已是本院校监考人员「" +
                          (other ? other->name : std::string()) + "」的，请核对");
    }
    Invigilator p;
    p.college_id = college_id;
    p.kind = in.kind;
    p.name = in.name;
    p.gender = in.gender;
    p.id_number = in.id_number;
    p.phone = in.phone;
    p.region = in.region;
    p.created_at = p.updated_at = now;
    repository::insert(s, p);
    repository::add_certificate(s, p.id, level->second, now);
    const Invigilator saved = *repository::find(s, p.id);
    record(s, actor, "create", saved, "导入新增监考人员「" + saved.name + "」", nullptr,
           audit_view(saved), now);
    return {};
  };
  return spec;
}

}  // namespace kaowu::invigilators::service
