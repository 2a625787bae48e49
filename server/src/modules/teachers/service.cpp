#include "modules/teachers/service.hpp"

#include "core/db/database.hpp"
#include "core/http/schema.hpp"
#include "modules/accounts/service.hpp"
#include "modules/arrangements/ledger.hpp"
#include "modules/invigilators/ledger.hpp"
#include "modules/organizations/repository.hpp"
#include "modules/sms/service.hpp"
#include "modules/teachers/repository.hpp"

namespace kaowu::teachers::service {

namespace {
constexpr const char* kAccountTemplate = "teacher_account";
constexpr Timestamp kResendSeconds = 60;

std::optional<std::int64_t> college_of(const Scope& scope) {
  if (scope.is_admin()) return std::nullopt;
  return scope.org_id;
}

std::string audit_name(const Teacher& t) {
  return "教师「" + t.name + "」";
}

nlohmann::json audit_view(const Teacher& t) {
  auto j = to_json(t);
  j.erase("createdAt");
  j.erase("updatedAt");
  return j;
}

// The teachers with their account state and their newest account SMS.
std::vector<Listed> with_state(soci::session& sql, const std::vector<Teacher>& teachers) {
  std::vector<std::int64_t> accounts, ids;
  for (const auto& t : teachers) {
    if (t.account_id) accounts.push_back(*t.account_id);
    ids.push_back(t.id);
  }
  const auto logins = accounts::service::teacher_logins(sql, accounts);
  const auto messages = sms::service::latest_about(sql, "teacher", ids, kAccountTemplate);
  std::vector<Listed> out;
  for (const auto& t : teachers) {
    Listed l{t};
    if (!t.enabled) {
      l.state = AccountState::disabled;
    } else if (t.account_id) {
      auto it = logins.find(*t.account_id);
      if (it != logins.end() && it->second.activated) {
        l.state = AccountState::active;
        l.activated_at = it->second.activated_at;
      }
    }
    if (auto m = messages.find(t.id); m != messages.end()) {
      l.sms_state = sms::state_code(m->second.state);
      l.sms_answer = m->second.answer;
    }
    out.push_back(std::move(l));
  }
  return out;
}

nlohmann::json listed(soci::session& sql, const Teacher& t) {
  return to_json(with_state(sql, {t}).front());
}

Result<Teacher> visible(soci::session& sql, const Scope& scope, std::int64_t id) {
  auto t = repository::find(sql, id);
  if (!t || (college_of(scope) && t->college_id != scope.org_id))
    return err::not_found("教师不存在或无权查看");
  return *t;
}

// A phone is the account's user name: no other teacher and no account may have it.
Status phone_free(soci::session& sql, const Teacher& t, const std::string& old_phone) {
  if (auto other = repository::find_by_phone(sql, t.phone); other && other->id != t.id) {
    if (other->college_id != t.college_id)
      return err::conflict("手机号 " + t.phone + " 已是平台账号，不能使用，请核对");
    return err::conflict("手机号 " + t.phone + " 已是本院校教师「" + other->name + "」的");
  }
  if (t.phone != old_phone && accounts::service::username_taken(sql, t.phone))
    return err::conflict("手机号 " + t.phone + " 已是平台账号，不能再作为教师账号，请核对");
  return {};
}

Status id_number_free(soci::session& sql, const Teacher& t) {
  if (auto other = repository::find_by_id_number(sql, t.college_id, t.id_number);
      other && other->id != t.id)
    return err::conflict("身份证号 " + t.id_number + " 已登记为本院校教师「" + other->name + "」");
  return {};
}

Status send_account(soci::session& sql, const Teacher& t, const std::string& password,
                    Timestamp now) {
  TRY(sms::service::queue(sql,
                          {.college_id = t.college_id,
                           .phone = t.phone,
                           .template_code = kAccountTemplate,
                           .params = {t.name, t.phone, password},
                           .subject_type = "teacher",
                           .subject_id = t.id},
                          now));
  return {};
}

// Inserts the teacher, creates the account and queues the SMS (in the caller's transaction).
Status add(soci::session& sql, Teacher& t, Timestamp now) {
  TRY(id_number_free(sql, t));
  TRY(phone_free(sql, t, ""));
  t.created_at = t.updated_at = now;
  t.id = repository::insert(sql, t);
  auto created = TRY(accounts::service::create_teacher(sql, t.college_id, t.phone, t.name, now));
  t.account_id = created.account.id;
  repository::set_account(sql, t.id, created.account.id);
  return send_account(sql, t, created.password, now);
}

Status check_version(const nlohmann::json& body, const Teacher& t) {
  auto version = TRY(input::integer(body, "version", "版本号", true));
  if (*version != t.version)
    return err::conflict("教师「" + t.name + "」的信息已被他人修改，请刷新后重试");
  return {};
}
}  // namespace

nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size) {
  repository::StateFilter state{filter.state, {}};
  if (state.state && *state.state != AccountState::disabled)
    state.activated_accounts =
        accounts::service::activated_teacher_accounts(sql, college_of(scope));
  long long total = 0;
  const auto teachers =
      repository::list(sql, college_of(scope), filter, state, {}, page, page_size, &total);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& l : with_state(sql, teachers)) items.push_back(to_json(l));
  return {{"items", items}, {"total", total}, {"page", page}, {"pageSize", page_size}};
}

Result<nlohmann::json> get(soci::session& sql, const Scope& scope, std::int64_t id) {
  const Teacher t = TRY(visible(sql, scope, id));
  return listed(sql, t);
}

Result<nlohmann::json> create(soci::session& sql, const audit::Actor& actor,
                              const nlohmann::json& body, Timestamp now) {
  Teacher t;
  TRY(from_json(body, t));
  t.college_id = actor.scope->org_id;
  t.college_name = actor.scope->org_name;
  return db::write_tx(sql, [&]() -> Result<nlohmann::json> {
    TRY(add(sql, t, now));
    audit::record(
        sql, actor,
        {"create", "teacher", std::to_string(t.id),
         "新增" + audit_name(t) + "，账号 " + t.phone + " 已短信通知", nullptr, audit_view(t)},
        now);
    return listed(sql, t);
  });
}

Result<nlohmann::json> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                              const nlohmann::json& body, Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<nlohmann::json> {
    const Teacher before = TRY(visible(sql, *actor.scope, id));
    TRY(check_version(body, before));
    Teacher t = before;
    TRY(from_json(body, t));
    TRY(id_number_free(sql, t));
    TRY(phone_free(sql, t, before.phone));
    t.updated_at = now;
    if (!repository::update(sql, t, before.version))
      return err::conflict("教师「" + t.name + "」的信息已被他人修改，请刷新后重试");
    t.version = before.version + 1;
    if (t.account_id)
      TRY(accounts::service::rename_teacher(sql, *t.account_id, t.phone, t.name, now));
    std::string what = "修改" + audit_name(t);
    if (t.phone != before.phone) {
      TRY(sms::service::queue(sql,
                              {.college_id = t.college_id,
                               .phone = t.phone,
                               .template_code = "teacher_phone_changed",
                               .params = {t.name, t.phone},
                               .subject_type = "teacher",
                               .subject_id = t.id},
                              now));
      what += "，账号改为新手机号 " + t.phone + " 并短信通知";
    }
    audit::record(
        sql, actor,
        {"update", "teacher", std::to_string(id), what, audit_view(before), audit_view(t)}, now);
    return listed(sql, t);
  });
}

Result<nlohmann::json> set_enabled(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                                   const nlohmann::json& body, bool enabled, Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<nlohmann::json> {
    const Teacher before = TRY(visible(sql, *actor.scope, id));
    TRY(check_version(body, before));
    if (before.enabled == enabled)
      return err::conflict("教师「" + before.name + "」已是" + (enabled ? "启用" : "停用") +
                           "状态");
    Teacher t = before;
    t.enabled = enabled;
    t.updated_at = now;
    if (!repository::update(sql, t, before.version))
      return err::conflict("教师「" + t.name + "」的信息已被他人修改，请刷新后重试");
    t.version = before.version + 1;
    if (t.account_id) accounts::service::set_teacher_enabled(sql, *t.account_id, enabled, now);
    audit::record(
        sql, actor,
        {enabled ? "enable" : "disable", "teacher", std::to_string(id),
         std::string(enabled ? "启用" : "停用") + audit_name(t), audit_view(before), audit_view(t)},
        now);
    return listed(sql, t);
  });
}

Result<nlohmann::json> resend(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                              Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<nlohmann::json> {
    const Teacher t = TRY(visible(sql, *actor.scope, id));
    if (!t.enabled) return err::conflict("教师「" + t.name + "」已停用，请先启用再重发账号短信");
    const auto last = sms::service::latest_about(sql, "teacher", {t.id}, kAccountTemplate);
    if (auto it = last.find(t.id);
        it != last.end() && now - it->second.created_at < kResendSeconds) {
      return err::make(ErrorKind::too_many_requests,
                       "刚刚已向教师「" + t.name + "」发送账号短信，请 " +
                           std::to_string(kResendSeconds - (now - it->second.created_at)) +
                           " 秒后再重发",
                       "teacher_resend_wait");
    }
    Teacher current = t;
    if (!current.account_id) {
      auto created =
          TRY(accounts::service::create_teacher(sql, t.college_id, t.phone, t.name, now));
      current.account_id = created.account.id;
      repository::set_account(sql, t.id, created.account.id);
      TRY(send_account(sql, current, created.password, now));
    } else {
      const std::string password =
          TRY(accounts::service::reissue_teacher_password(sql, *current.account_id, now));
      TRY(send_account(sql, current, password, now));
    }
    audit::record(sql, actor,
                  {"reset_password",
                   "teacher",
                   std::to_string(id),
                   "重发" + audit_name(t) + "的账号短信（新的初始密码）",
                   nullptr,
                   {{"mustChangePassword", true}}},
                  now);
    return listed(sql, current);
  });
}

Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope,
                                          const Filter& filter,
                                          const std::vector<std::int64_t>& ids) {
  const auto college = college_of(scope);
  repository::StateFilter state{filter.state, {}};
  if (state.state && *state.state != AccountState::disabled)
    state.activated_accounts = accounts::service::activated_teacher_accounts(sql, college);
  long long count = 0;
  repository::list(sql, college, filter, state, ids, 1, 1, &count);
  return exporting::ExportSpec{
      .title = "教师信息",
      .entity = "teacher",
      .columns = export_columns(),
      .rows = [&sql, college, filter, state, ids](const exporting::RowSink& sink) -> Status {
        for (int page = 1;; ++page) {
          auto batch = repository::list(sql, college, filter, state, ids, page, 1000, nullptr);
          for (const auto& l : with_state(sql, batch)) TRY(sink(export_cells(l)));
          if (batch.size() < 1000) return {};
        }
      },
      .count = count};
}

Result<imports::Spec> teacher_import(soci::session& sql, const nlohmann::json& params) {
  const std::int64_t college_id = params.value("orgId", std::int64_t{0});
  const Timestamp now = params.value("now", Timestamp{0});
  auto college = organizations::repository::find_any(sql, college_id);
  if (!college || college->type != "college") return err::forbidden("只有试点院校可以导入教师");
  auto scope = std::make_shared<Scope>();
  scope->account_id = params.value("accountId", std::int64_t{0});
  scope->username = params.value("username", "");
  scope->display_name = params.value("displayName", "");
  scope->role = Role::college;
  scope->org_id = college_id;
  scope->org_name = college->name;
  scope->org_type = "college";
  imports::Spec spec;
  spec.type = "teachers";
  spec.entity = "teacher";
  spec.title = "教师信息";
  spec.columns = import_columns();
  spec.counts = std::make_shared<imports::Spec::Counts>();
  spec.apply = [college_id, college_name = college->name, now, scope, counts = spec.counts](
                   soci::session& s, const std::vector<std::string>& cells) -> Status {
    Teacher t;
    TRY(from_cells(cells, t));
    t.college_id = college_id;
    t.college_name = college_name;
    TRY(add(s, t, now));
    audit::Actor actor;
    actor.scope = scope.get();
    actor.ip = "job";
    audit::record(
        s, actor,
        {"create", "teacher", std::to_string(t.id),
         "导入" + audit_name(t) + "，账号 " + t.phone + " 已短信通知", nullptr, audit_view(t)},
        now);
    ++counts->created;
    return {};
  };
  return spec;
}

Result<nlohmann::json> own_profile(soci::session& sql, const Scope& scope) {
  auto t = repository::find_by_account(sql, scope.account_id);
  if (!t) return err::not_found("未找到您的教师信息，请联系所在院校");
  return listed(sql, *t);
}

Result<nlohmann::json> update_own_profile(soci::session& sql, const audit::Actor& actor,
                                          const nlohmann::json& body, Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<nlohmann::json> {
    auto found = repository::find_by_account(sql, actor.scope->account_id);
    if (!found) return err::not_found("未找到您的教师信息，请联系所在院校");
    const Teacher before = *found;
    TRY(check_version(body, before));
    Teacher t = before;
    TRY(own_fields_from_json(body, t));
    t.updated_at = now;
    if (!repository::update(sql, t, before.version))
      return err::conflict("您的资料已被修改，请刷新后重试");
    t.version = before.version + 1;
    audit::record(sql, actor,
                  {"update", "teacher", std::to_string(t.id), audit_name(t) + "修改本人资料",
                   audit_view(before), audit_view(t)},
                  now);
    return listed(sql, t);
  });
}

nlohmann::json own_duties(soci::session& sql, const Scope& scope, Timestamp now) {
  nlohmann::json items = nlohmann::json::array();
  auto t = repository::find_by_account(sql, scope.account_id);
  if (!t) return {{"items", items}, {"certified", false}};
  const auto people = invigilators::ledger::certified_persons(sql, t->id_number, t->phone);
  for (const std::int64_t person : people) {
    for (const auto& d : arrangements::ledger::upcoming_duties(sql, person, now)) {
      nlohmann::json colleagues = nlohmann::json::array();
      for (const auto& c : arrangements::ledger::colleagues_of(sql, d, person))
        colleagues.push_back(c);
      items.push_back({{"roomSlotId",
                        d.room_slot_id ? nlohmann::json(*d.room_slot_id) : nlohmann::json(nullptr)},
                       {"planName", d.plan_name},
                       {"subjects", arrangements::ledger::subjects_of(sql, d)},
                       {"siteName", d.site_name},
                       {"roomName", d.room_name},
                       {"role", d.role},
                       {"roleName", arrangements::ledger::role_name(d.role)},
                       {"start", cst::format(d.start)},
                       {"end", cst::format(d.end)},
                       {"colleagues", colleagues}});
    }
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const nlohmann::json& a, const nlohmann::json& b) {
                     return a["start"].get<std::string>() < b["start"].get<std::string>();
                   });
  return {{"items", items}, {"certified", !people.empty()}};
}

nlohmann::json duties_schema() {
  namespace s = http::schema;
  return s::object({{"items", s::array(s::object({{"roomSlotId", s::nullable(s::integer())},
                                                  {"planName", s::string()},
                                                  {"subjects", s::string()},
                                                  {"siteName", s::string()},
                                                  {"roomName", s::string()},
                                                  {"role", s::enumeration({"room", "patrol"})},
                                                  {"roleName", s::string()},
                                                  {"start", s::datetime()},
                                                  {"end", s::datetime()},
                                                  {"colleagues", s::array(s::string())}}))},
                    {"certified", s::boolean()}});
}

}  // namespace kaowu::teachers::service
