#include "modules/rooms/service.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "core/db/database.hpp"
#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "core/regions.hpp"
#include "exchange/exports.hpp"
#include "modules/arrangements/repository.hpp"
#include "modules/exchange_routes.hpp"
#include "modules/organizations/repository.hpp"
#include "modules/plans/service.hpp"
#include "modules/rooms/repository.hpp"
#include "modules/sites/repository.hpp"

namespace kaowu::rooms::service {

namespace {
repository::Visibility visibility(const Scope& scope) {
  repository::Visibility v;
  if (scope.role == Role::org)
    v.org_id = scope.org_id;
  else if (!scope.is_admin())
    v.college_id = scope.org_id;
  return v;
}

// After the plan's last exam its rooms are 已结束, whether or not anyone sat in them (as the seed's
// rows for past plans all show); the same rule as plans::repository::sql_filter::exams_over.
bool exams_over(const plans::Plan& plan, Timestamp now) {
  const std::string phase = plans::phase(plan, now);
  const auto last_exam = plans::exam_span(plan).second;
  return phase == "finished" || phase == "cancelled" || (last_exam && now >= last_exam);
}

void derive(soci::session& sql, std::vector<Room>& rooms, Timestamp now) {
  std::vector<std::int64_t> ids, plan_ids;
  for (const auto& r : rooms) {
    ids.push_back(r.id);
    plan_ids.push_back(r.plan_id);
  }
  const auto usage = arrangements::repository::room_usage(sql, ids);
  // One query for the page, whatever the number of plans.
  const auto ended = repository::ended_plans(sql, plan_ids, now);
  for (auto& r : rooms) {
    auto it = usage.find(r.id);
    const arrangements::repository::RoomUsage u =
        it == usage.end() ? arrangements::repository::RoomUsage{} : it->second;
    r.arranged = u.arranged;
    r.state = derive_state(ended.count(r.plan_id) > 0, u.arranged, u.last_end, now);
  }
}

repository::StateContext state_context(Timestamp now) {
  repository::StateContext c;
  c.now = now;
  return c;
}

nlohmann::json audit_view(const Room& r) {
  auto j = to_json(r);
  for (const char* k : {"createdAt", "updatedAt", "status", "statusName", "arranged"}) j.erase(k);
  return j;
}

// The fields a college fills in, before the references are checked.
struct Input {
  std::int64_t plan_id = 0, site_id = 0, certificate_id = 0;
  std::string name;
  std::vector<std::string> types;
  int seats = 0;
  std::string region, address;
};

Result<std::string> read_name(const std::string& text) {
  const std::string name = input::trim(text);
  if (name.empty()) return err::invalid("请填写考场名称", {{"field", "name"}});
  if (input::utf8_length(name) > 50)
    return err::invalid("考场名称不能超过 50 个字", {{"field", "name"}});
  if (Status st = input::check_characters(name, "考场名称"); !st) {
    return err::invalid(st.error().message, {{"field", "name"}});
  }
  return name;
}

// `stored` is the room's region before this write: kept as it is even when the list no longer has
// it, so a room saved before regions were checked can still be edited.
Status read_address(const std::string& region, const std::string& address, Input& in,
                    const std::string& stored = {}) {
  in.region = input::trim(region);
  if (in.region.empty()) return err::invalid("请选择考场地址（省市区）", {{"field", "region"}});
  if (input::utf8_length(in.region) > 60)
    return err::invalid("考场地址不能超过 60 个字", {{"field", "region"}});
  if (Status st = input::check_characters(in.region, "考场地址"); !st) {
    return err::invalid(st.error().message, {{"field", "region"}});
  }
  if (stored.empty() || in.region != stored)
    in.region = TRY(regions::check(in.region, "考场地址", "region"));
  in.address = input::trim(address);
  if (in.address.empty()) return err::invalid("请填写详细地址", {{"field", "address"}});
  if (input::utf8_length(in.address) > 120)
    return err::invalid("详细地址不能超过 120 个字", {{"field", "address"}});
  if (Status st = input::check_characters(in.address, "详细地址"); !st) {
    return err::invalid(st.error().message, {{"field", "address"}});
  }
  return {};
}

// Reads the body over `base`: a key that is absent keeps the base value.
Result<Input> read_body(const nlohmann::json& body, Input base) {
  Input in = std::move(base);
  auto id = [&](const char* key, const char* label, std::int64_t& out) -> Status {
    if (!body.contains(key)) {
      if (out == 0) return err::invalid(std::string("请选择") + label, {{"field", key}});
      return {};
    }
    auto v = TRY(input::integer(body, key, label, true));
    out = *v;
    return {};
  };
  TRY(id("planId", "考试计划", in.plan_id));
  TRY(id("siteId", "考场地点", in.site_id));
  TRY(id("certificateId", "本次组织考试的证书", in.certificate_id));
  auto str = [&](const char* key, const std::string& fallback) {
    if (!body.contains(key)) return fallback;
    return body[key].is_string() ? body[key].get<std::string>() : std::string();
  };
  in.name = TRY(read_name(str("name", in.name)));
  if (body.contains("types") || in.types.empty()) {
    const auto& t = body.contains("types") ? body["types"] : nlohmann::json();
    if (t.is_array()) {
      std::vector<std::string> items;
      for (const auto& e : t) {
        if (!e.is_string()) return err::invalid("考场类型格式不正确", {{"field", "types"}});
        items.push_back(e.get<std::string>());
      }
      in.types = TRY(parse_types(items));
    } else {
      in.types = TRY(parse_types(t.is_string() ? t.get<std::string>() : std::string()));
    }
  }
  if (body.contains("seats") || in.seats == 0) {
    const auto& s = body.contains("seats") ? body["seats"] : nlohmann::json();
    in.seats = TRY(parse_seats(s.is_number_integer() ? std::to_string(s.get<long long>())
                               : s.is_string()       ? s.get<std::string>()
                                                     : ""));
  }
  const std::string stored_region = in.region;
  TRY(read_address(str("region", in.region), str("address", in.address), in, stored_region));
  return in;
}

Input input_of(const Room& r) {
  return {r.plan_id, r.site_id, r.certificate_id, r.name, r.types, r.seats, r.region, r.address};
}

// Checks the plan, certificate and site against what the college may use, fills the names and
// refuses a duplicate name.
Status settle(soci::session& sql, std::int64_t college_id, const Input& in, Room& r,
              Timestamp now) {
  auto plan = plans::service::find(sql, in.plan_id);
  bool takes_part = false;
  if (plan && plan->status == "published") {
    for (const auto& c : plan->colleges) takes_part = takes_part || c.id == college_id;
  }
  if (!takes_part) return err::invalid("考试计划不存在或本院校未参加该计划", {{"field", "planId"}});
  if (exams_over(*plan, now)) {
    return err::conflict("考试计划「" + plan->name + "」的考试已结束，不能再设置考场",
                         {{"field", "planId"}});
  }
  // New rooms, or rooms moved to another plan, only before the plan's first exam.
  if (const auto first_exam = plans::exam_span(*plan).first;
      first_exam && now >= first_exam && (r.id == 0 || r.plan_id != in.plan_id)) {
    return err::conflict("考试计划「" + plan->name + "」的考试已于 " + cst::format(first_exam) +
                             " 开始，不能再新增考场",
                         {{"field", "planId"}});
  }
  std::string certificate_name;
  for (const auto& l : plan->levels) {
    if (l.certificate_id == in.certificate_id) certificate_name = l.certificate_name;
  }
  if (certificate_name.empty()) {
    return err::invalid("所选证书不在考试计划「" + plan->name + "」中",
                        {{"field", "certificateId"}});
  }
  auto site = sites::repository::find(sql, in.site_id);
  if (!site || site->college_id != college_id) {
    return err::invalid("考场地点须为本院校的考核站点", {{"field", "siteId"}});
  }
  if (site->status != "approved") {
    return err::invalid("考核站点「" + site->name + "」尚未通过审核，不能设置考场",
                        {{"field", "siteId"}});
  }
  if (site->certificate_id != in.certificate_id) {
    return err::invalid("考核站点「" + site->name + "」未获「" + certificate_name +
                            "」的考核资格，请选择该证书审核通过的站点",
                        {{"field", "siteId"}});
  }
  if (auto other = repository::find_by_name(sql, in.plan_id, in.site_id, in.name);
      other && other->id != r.id) {
    return err::conflict("考场名称「" + in.name + "」在该考试计划的该考场地点已存在",
                         {{"field", "name"}});
  }
  r.plan_id = plan->id;
  r.plan_name = plan->name;
  r.site_id = site->id;
  r.site_name = site->name;
  r.certificate_id = in.certificate_id;
  r.certificate_name = certificate_name;
  r.name = in.name;
  r.types = in.types;
  r.seats = in.seats;
  r.region = in.region;
  r.address = in.address;
  return {};
}

// What a room in 排考中 may not change, by label.
std::vector<std::string> locked_changes(const Room& before, const Input& after) {
  std::vector<std::string> out;
  if (after.plan_id != before.plan_id) out.push_back("所属考试计划");
  if (after.site_id != before.site_id) out.push_back("所属考场地点");
  if (after.name != before.name) out.push_back("考场名称");
  if (after.types != before.types) out.push_back("考场类型");
  if (after.region != before.region) out.push_back("考场地址");
  if (after.address != before.address) out.push_back("详细地址");
  if (after.certificate_id != before.certificate_id) out.push_back("本次组织考试的证书");
  return out;
}

Status removable(const Room& r) {
  if (r.state == State::arranging)
    return err::conflict("考场「" + r.name + "」已有考生排考（排考中），不能删除");
  if (r.state == State::finished) return err::conflict("考场「" + r.name + "」已结束，不能删除");
  return {};
}

std::vector<sites::Site> approved_sites(soci::session& sql, std::int64_t college_id) {
  sites::repository::Visibility v;
  v.college_ids = std::vector<std::int64_t>{college_id};
  sites::Filter f;
  f.status = "approved";
  long long total = 0;
  std::vector<sites::Site> out;
  for (auto& s : sites::repository::list(sql, v, f, 1, 100000, total)) {
    if (s.college_id == college_id) out.push_back(std::move(s));
  }
  return out;
}

// How a plan is named in the import: its name, with its number when another plan has the same
// name (plan names are not unique).
std::string plan_label(const plans::Plan& plan, const std::vector<plans::Plan>& all) {
  int same = 0;
  for (const auto& p : all) same += p.name == plan.name ? 1 : 0;
  return same > 1 ? plan.name + "（编号 " + std::to_string(plan.id) + "）" : plan.name;
}

Result<Room> get_for_change(soci::session& sql, const Scope& scope, std::int64_t id,
                            Timestamp now) {
  auto r = TRY(get(sql, scope, id, now));
  if (r.college_id != scope.org_id) return err::not_found("考场不存在或无权操作");
  return r;
}
}  // namespace

nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size, Timestamp now) {
  long long total = 0;
  auto rooms = repository::list(sql, visibility(scope), filter, state_context(now), {}, page,
                                page_size, &total);
  derive(sql, rooms, now);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rooms) items.push_back(to_json(r));
  return {{"items", items}, {"total", total}, {"page", page}, {"pageSize", page_size}};
}

Result<Room> get(soci::session& sql, const Scope& scope, std::int64_t id, Timestamp now) {
  auto r = repository::find(sql, id);
  if (r) {
    const auto v = visibility(scope);
    if (v.college_id && r->college_id != *v.college_id) r.reset();
    if (r && v.org_id) {
      auto plan = plans::service::find(sql, r->plan_id);
      if (!plan || plan->org_id != *v.org_id) r.reset();
    }
  }
  if (!r) return err::not_found("考场不存在或无权查看");
  std::vector<Room> one{*r};
  derive(sql, one, now);
  return one.front();
}

nlohmann::json options_schema() {
  namespace s = http::schema;
  const auto site = s::object({{"id", s::integer()},
                               {"name", s::string()},
                               {"region", s::string()},
                               {"address", s::string()}});
  const auto certificate =
      s::object({{"id", s::integer()}, {"name", s::string()}, {"sites", s::array(site)}});
  const auto plan = s::object({{"id", s::integer()},
                               {"name", s::string()},
                               {"phase", s::enumeration(plans::phase_codes())},
                               {"phaseName", s::string()},
                               {"certificates", s::array(certificate)}});
  return s::object({{"plans", s::array(plan)}, {"types", s::array(s::string())}});
}

nlohmann::json options(soci::session& sql, const Scope& scope, Timestamp now) {
  // The college's approved sites, by certificate.
  std::map<std::int64_t, nlohmann::json> sites_of;
  for (const auto& s : approved_sites(sql, scope.org_id)) {
    auto& list = sites_of[s.certificate_id];
    if (list.is_null()) list = nlohmann::json::array();
    list.push_back({{"id", s.id}, {"name", s.name}, {"region", s.region}, {"address", s.address}});
  }
  nlohmann::json plans_out = nlohmann::json::array();
  for (const auto& p : plans::service::of_college(sql, scope.org_id)) {
    if (exams_over(p, now)) continue;
    nlohmann::json certs = nlohmann::json::array();
    std::set<std::int64_t> seen;
    for (const auto& l : p.levels) {
      if (!seen.insert(l.certificate_id).second) continue;
      auto it = sites_of.find(l.certificate_id);
      certs.push_back({{"id", l.certificate_id},
                       {"name", l.certificate_name},
                       {"sites", it == sites_of.end() ? nlohmann::json::array() : it->second}});
    }
    const std::string phase = plans::phase(p, now);
    plans_out.push_back({{"id", p.id},
                         {"name", p.name},
                         {"phase", phase},
                         {"phaseName", plans::phase_name(phase)},
                         {"certificates", certs}});
  }
  return {{"plans", plans_out}, {"types", type_options()}};
}

Result<Room> create(soci::session& sql, const audit::Actor& actor, const nlohmann::json& body,
                    Timestamp now) {
  const Input in = TRY(read_body(body, Input{}));
  return db::write_tx(sql, [&]() -> Result<Room> {
    Room r;
    r.college_id = actor.scope->org_id;
    r.college_name = actor.scope->org_name;
    TRY(settle(sql, r.college_id, in, r, now));
    r.created_at = r.updated_at = now;
    r.id = repository::insert(sql, r);
    audit::record(sql, actor,
                  {"create", "room", std::to_string(r.id), "新增考场「" + r.name + "」", nullptr,
                   audit_view(r)},
                  now);
    return r;
  });
}

Result<Room> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                    const nlohmann::json& body, Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<Room> {
    // The row lock first: the state derived below cannot change under us (ledger.hpp).
    repository::lock(sql, id);
    const Room before = TRY(get_for_change(sql, *actor.scope, id, now));
    auto version = TRY(input::integer(body, "version", "版本号", true));
    if (*version != before.version) return err::conflict("该考场信息已被他人修改，请刷新后重试");
    if (before.state == State::finished)
      return err::conflict("考场「" + before.name + "」已结束，不能修改");
    const Input in = TRY(read_body(body, input_of(before)));
    Room r = before;
    if (before.state == State::arranging) {
      // ROOM-3: only 考位数, and only upwards.
      const auto locked = locked_changes(before, in);
      if (!locked.empty()) {
        std::string names;
        for (const auto& n : locked) names += (names.empty() ? "" : "、") + n;
        return err::conflict(
            "考场「" + before.name + "」已有考生排考（排考中），只能修改考位数，不能修改" + names,
            {{"fields", locked}});
      }
      if (in.seats < before.seats) {
        return err::conflict("考场「" + before.name +
                                 "」已有考生排考（排考中），考位数只能增加，不能少于原来的 " +
                                 std::to_string(before.seats) + " 个",
                             {{"field", "seats"}});
      }
      r.seats = in.seats;
    } else {
      TRY(settle(sql, before.college_id, in, r, now));
    }
    r.updated_at = now;
    if (!repository::update(sql, r, before.version))
      return err::conflict("该考场信息已被他人修改，请刷新后重试");
    r.version = before.version + 1;
    audit::record(sql, actor,
                  {"update", "room", std::to_string(id), "修改考场「" + r.name + "」",
                   audit_view(before), audit_view(r)},
                  now);
    return r;
  });
}

Status remove(soci::session& sql, const audit::Actor& actor, const input::Named& room,
              Timestamp now) {
  const std::int64_t id = room.id;
  return db::write_tx(sql, [&]() -> Status {
    repository::lock(sql, id);
    const Room before = TRY(get_for_change(sql, *actor.scope, id, now));
    if (before.version != room.version) {
      return err::conflict("考场「" + before.name + "」已被他人修改，请刷新后再删除");
    }
    TRY(removable(before));
    repository::remove(sql, id);
    audit::record(sql, actor,
                  {"delete", "room", std::to_string(id), "删除考场「" + before.name + "」",
                   audit_view(before), nullptr},
                  now);
    return {};
  });
}

batch::BatchResult remove_many(soci::session& sql, const audit::Actor& actor,
                               const std::vector<input::Named>& rooms, Timestamp now) {
  batch::BatchResult result;
  for (const auto& named : rooms) {
    const std::int64_t id = named.id;
    auto room = repository::find(sql, id);
    Status st = remove(sql, actor, named, now);
    if (st) {
      ++result.done;
      continue;
    }
    const bool visible = room && room->college_id == actor.scope->org_id;
    result.refuse(id, visible ? room->name : "", st.error().message);
  }
  return result;
}

Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope,
                                          const Filter& filter,
                                          const std::vector<std::int64_t>& ids, Timestamp now) {
  const auto states = state_context(now);
  const auto v = visibility(scope);
  long long count = 0;
  repository::list(sql, v, filter, states, ids, 1, 1, &count);
  return exporting::ExportSpec{
      .title = "考场信息",
      .entity = "room",
      .columns = export_columns(),
      .rows = [&sql, v, filter, states, ids, now](const exporting::RowSink& sink) -> Status {
        for (int page = 1;; ++page) {
          auto batch = repository::list(sql, v, filter, states, ids, page, 1000, nullptr);
          derive(sql, batch, now);
          for (const auto& r : batch) TRY(sink(export_cells(r)));
          if (batch.size() < 1000) return {};
        }
      },
      .count = count};
}

Result<imports::Spec> room_import(soci::session& sql, const nlohmann::json& params) {
  const std::int64_t college_id = params.value("orgId", std::int64_t{0});
  const Timestamp now = params.value("now", Timestamp{0});
  auto college = organizations::repository::find_any(sql, college_id);
  if (!college || college->type != "college") return err::forbidden("只有试点院校可以导入考场信息");
  const std::string college_name = college->name;

  // Who uploads, for the per-room audit entries (the core audits the import as a whole).
  auto scope = std::make_shared<Scope>();
  scope->account_id = params.value("accountId", std::int64_t{0});
  scope->username = params.value("username", "");
  scope->display_name = params.value("displayName", "");
  scope->role = Role::college;
  scope->org_id = college_id;
  scope->org_name = college_name;
  scope->org_type = "college";
  audit::Actor actor;
  actor.scope = scope.get();
  actor.ip = "job";

  // The college's plans with the label the template offers (the name, numbered when two plans
  // share it); read once for the whole file.
  struct Plans {
    std::vector<plans::Plan> all;
    std::vector<std::string> labels;
  };
  auto known = std::make_shared<Plans>();
  known->all = plans::service::of_college(sql, college_id);
  for (const auto& p : known->all) known->labels.push_back(plan_label(p, known->all));

  imports::Spec spec;
  spec.type = "rooms";
  spec.entity = "room";
  spec.title = "考场信息";
  spec.columns = import_columns();
  // Dropdowns of what this college may fill in (the template's hidden list sheet).
  std::set<std::string> certificates;
  for (std::size_t i = 0; i < known->all.size(); ++i) {
    const auto& p = known->all[i];
    if (p.status != "published" || exams_over(p, now)) continue;
    spec.columns[0].options.push_back(known->labels[i]);
    for (const auto& l : p.levels) certificates.insert(l.certificate_name);
  }
  const auto sites = approved_sites(sql, college_id);
  for (const auto& site : sites) spec.columns[1].options.push_back(site.name);
  spec.columns[8].options.assign(certificates.begin(), certificates.end());
  // The example row is one that would import (15.7): an open plan, one of its certificates and a
  // site of this college for that certificate; without such a triple, the first of each list.
  bool paired = false;
  for (std::size_t i = 0; i < known->all.size() && !paired; ++i) {
    const auto& p = known->all[i];
    if (p.status != "published" || exams_over(p, now)) continue;
    for (const auto& l : p.levels) {
      auto site = std::find_if(sites.begin(), sites.end(), [&](const sites::Site& s) {
        return s.certificate_id == l.certificate_id;
      });
      if (site == sites.end()) continue;
      spec.columns[0].example = known->labels[i];
      spec.columns[1].example = site->name;
      spec.columns[8].example = l.certificate_name;
      paired = true;
      break;
    }
  }
  for (std::size_t c : {std::size_t{0}, std::size_t{1}, std::size_t{8}}) {
    if (!paired && !spec.columns[c].options.empty())
      spec.columns[c].example = spec.columns[c].options.front();
  }
  spec.columns[2].example = college_name;

  spec.apply = [college_id, college_name, now, known, scope, actor](
                   soci::session& s, const std::vector<std::string>& cells) -> Status {
    auto cell = [&](std::size_t i) {
      return i < cells.size() ? input::trim(cells[i]) : std::string();
    };
    const std::string plan_name = cell(0), site_name = cell(1), certificate_name = cell(8);
    // Every problem of the row at once, so one correction round fixes it (as registrations do).
    std::vector<std::string> problems;
    auto check = [&](auto&& result) {
      if (!result) problems.push_back(result.error().message);
      return static_cast<bool>(result);
    };
    if (plan_name.empty()) problems.push_back("请填写所属考试计划");
    if (site_name.empty()) problems.push_back("请填写所属考场地点");
    if (!cell(2).empty() && cell(2) != college_name)
      problems.push_back("所属院校须为本院校「" + college_name + "」");
    if (certificate_name.empty()) problems.push_back("请填写本次组织考试的证书");
    Input in;
    if (auto name = read_name(cell(3)); check(name)) in.name = name.value();
    if (auto types = parse_types(cell(4)); check(types)) in.types = types.value();
    if (auto seats = parse_seats(cell(5)); check(seats)) in.seats = seats.value();
    check(read_address(cell(6), cell(7), in));
    // The template's label first; a bare name only when it names exactly one plan.
    const plans::Plan* plan = nullptr;
    if (!plan_name.empty()) {
      int by_name = 0;
      for (std::size_t i = 0; i < known->all.size() && !plan; ++i) {
        if (known->labels[i] == plan_name) plan = &known->all[i];
      }
      for (std::size_t i = 0; i < known->all.size() && !plan; ++i)
        by_name += known->all[i].name == plan_name;
      if (!plan && by_name > 1) {
        problems.push_back("考试计划名称「" + plan_name + "」对应 " + std::to_string(by_name) +
                           " 个考试计划，请从模板的下拉列表中选择带编号的计划");
      } else {
        for (std::size_t i = 0; i < known->all.size() && !plan; ++i) {
          if (known->all[i].name == plan_name) plan = &known->all[i];
        }
        if (!plan) problems.push_back("考试计划「" + plan_name + "」不存在或本院校未参加");
      }
    }
    if (plan && !certificate_name.empty()) {
      in.plan_id = plan->id;
      for (const auto& l : plan->levels) {
        if (l.certificate_name == certificate_name) in.certificate_id = l.certificate_id;
      }
      if (!in.certificate_id)
        problems.push_back("证书「" + certificate_name + "」不在考试计划「" + plan->name + "」中");
    }
    std::optional<std::int64_t> site_id;
    if (!site_name.empty()) {
      site_id = sites::repository::id_by_name(s, site_name);
      if (!site_id)
        problems.push_back("考场地点「" + site_name +
                           "」不存在，请填写本院校已通过审核的考核站点名称");
    }
    if (!problems.empty()) {
      std::string all;
      for (const auto& p : problems) all += (all.empty() ? "" : "；") + p;
      return err::invalid(all);
    }
    in.site_id = *site_id;
    Room r;
    r.college_id = college_id;
    r.college_name = college_name;
    if (auto found = repository::find_by_name(s, in.plan_id, in.site_id, in.name)) {
      repository::lock(s, found->id);
      std::vector<Room> one{*found};
      derive(s, one, now);
      const Room& existing = one.front();
      if (existing.state != State::unarranged) {
        return err::conflict("考场「" + in.name + "」" + state_name(existing.state) +
                             "，不能通过导入修改");
      }
      r = existing;
      TRY(settle(s, college_id, in, r, now));
      r.updated_at = now;
      if (!repository::update(s, r, existing.version))
        return err::conflict("该考场正被他人修改，请稍后重试");
      r.version = existing.version + 1;
      audit::record(s, actor,
                    {"update", "room", std::to_string(r.id), "导入修改考场「" + r.name + "」",
                     audit_view(existing), audit_view(r)},
                    now);
      return {};
    }
    TRY(settle(s, college_id, in, r, now));
    r.created_at = r.updated_at = now;
    r.id = repository::insert(s, r);
    audit::record(s, actor,
                  {"create", "room", std::to_string(r.id), "导入新增考场「" + r.name + "」",
                   nullptr, audit_view(r)},
                  now);
    return {};
  };
  return spec;
}

}  // namespace kaowu::rooms::service
