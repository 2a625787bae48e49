#include "modules/arrangements/service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/db/database.hpp"
#include "core/db/query.hpp"
#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/arrangements/repository.hpp"
#include "modules/invigilators/ledger.hpp"
#include "modules/plans/service.hpp"
#include "modules/registrations/ledger.hpp"
#include "modules/rooms/ledger.hpp"
#include "modules/sites/ledger.hpp"
#include "office/mask.hpp"
#include "schedule/arrange.hpp"
#include "schedule/validate.hpp"

namespace kaowu::arrangements::service {

namespace {

// Whether a room of these types can host a subject sat in `mode`: the same type, or a combined
// type holding every part of the mode (a 笔试+实操 room hosts 笔试 and 实操 subjects).
bool hosts(const std::vector<std::string>& room_types, const std::string& mode) {
  auto parts = [](const std::string& t) {
    std::set<std::string> out;
    std::size_t pos = 0;
    while (pos <= t.size()) {
      std::size_t plus = t.find('+', pos);
      if (plus == std::string::npos) plus = t.size();
      out.insert(t.substr(pos, plus - pos));
      pos = plus + 1;
    }
    return out;
  };
  const auto want = parts(mode);
  for (const auto& type : room_types) {
    if (type == mode) return true;
    const auto have = parts(type);
    if (std::includes(have.begin(), have.end(), want.begin(), want.end())) return true;
  }
  return false;
}

// Who may act on or see a plan's arrangement: its organisation (and the platform) arranges; its
// colleges see their part.
bool owns_plan(const Scope& scope, const plans::Plan& plan) {
  return scope.is_admin() || (scope.role == Role::org && scope.org_id == plan.org_id);
}

Result<plans::Plan> own_plan(soci::session& sql, const Scope& scope, std::int64_t plan_id) {
  auto plan = plans::service::find(sql, plan_id);
  if (!plan || !owns_plan(scope, *plan)) return err::not_found("考试计划不存在");
  return *plan;
}

std::string window_text(const plans::Plan& p) {
  return cst::format_minute(p.windows.arranging_start) + " 至 " +
         cst::format_minute(p.windows.arranging_end);
}

std::string slot_text(Timestamp start, Timestamp end, const char* sep = "-") {
  return cst::format_minute(start) + sep + cst::format_with(end, "%H:%M");
}

// A run whose job is over (a worker died, the job failed before it could say so) no longer holds
// the plan.
void end_stale_runs(soci::session& sql, std::int64_t plan_id, Timestamp now) {
  auto running = repository::running_of_plan(sql, plan_id);
  if (!running || !running->job_id) return;
  const auto state = jobs::state_of(sql, *running->job_id);
  if (state && !jobs::ended(*state)) return;
  repository::finish_run(sql, running->id, "failed", "排考任务已中断，未写入任何结果", "{}", now);
}

nlohmann::json run_json(const repository::Run& r) {
  nlohmann::json summary = nlohmann::json::parse(r.summary, nullptr, false);
  if (summary.is_discarded()) summary = nlohmann::json::object();
  return {{"id", r.id},
          {"planId", r.plan_id},
          {"scope", r.scope},
          {"scopeName", r.scope == "plan" ? "整个考试计划" : r.scope_name},
          {"scopeId", r.scope_id ? nlohmann::json(*r.scope_id) : nlohmann::json(nullptr)},
          {"jobId", r.job_id ? nlohmann::json(*r.job_id) : nlohmann::json(nullptr)},
          {"state", r.state},
          {"stateName", r.state == "running"     ? "排考中"
                        : r.state == "succeeded" ? "已完成"
                                                 : "失败"},
          {"error", r.error},
          {"summary", summary},
          {"createdAt", cst::format(r.created_at)},
          {"finishedAt",
           r.finished_at ? nlohmann::json(cst::format(*r.finished_at)) : nlohmann::json(nullptr)}};
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Starting a run

Result<nlohmann::json> start(soci::session& sql, jobs::JobQueue& jobs, const audit::Actor& actor,
                             const nlohmann::json& body, Timestamp now) {
  const Scope& scope = *actor.scope;
  const auto plan_id = TRY(input::integer(body, "planId", "考试计划", true));
  const auto subject_id = TRY(input::integer(body, "subjectId", "考试科目", false));
  const auto site_id = TRY(input::integer(body, "siteId", "考核站点", false));
  if (subject_id && site_id) return err::invalid("一次只能按科目或按考核站点排考，请只选其一");
  const plans::Plan plan = TRY(own_plan(sql, scope, *plan_id));
  if (plan.status != "published") return err::conflict("考试计划未发布，不能排考");
  if (now < plan.windows.arranging_start || now >= plan.windows.arranging_end)
    return err::conflict("不在排考时间内：该计划的排考时间为 " + window_text(plan));
  repository::Run run;
  run.plan_id = plan.id;
  run.scope = "plan";
  if (subject_id) {
    const plans::PlanSubject* subject = nullptr;
    for (const auto& s : plan.subjects)
      if (s.subject_id == *subject_id) subject = &s;
    if (!subject) return err::invalid("该科目不在考试计划中");
    run.scope = "subject";
    run.scope_id = *subject_id;
    run.scope_name = subject->name + "（" + subject->code + "）";
  }
  if (site_id) {
    bool found = false;
    for (const auto& room : rooms::ledger::of_plan(sql, plan.id)) {
      if (room.site_id == *site_id) {
        found = true;
        run.scope_name = room.site_name;
      }
    }
    if (!found) return err::invalid("该考核站点在此考试计划中没有考场，请先添加考场");
    run.scope = "site";
    run.scope_id = *site_id;
  }
  run.state = "running";
  if (scope.account_id > 0) run.created_by = scope.account_id;
  run.created_at = now;
  std::int64_t job_id = 0;
  auto made = db::write_tx(sql, [&]() -> Result<std::int64_t> {
    end_stale_runs(sql, plan.id, now);
    if (repository::running_of_plan(sql, plan.id))
      return err::conflict("该考试计划正在排考，请等本次排考完成后再试");
    run.id = repository::insert_run(sql, run);
    job_id = jobs.enqueue(sql, scope, kJobType,
                          {{"runId", run.id}, {"planId", plan.id}, {"planName", plan.name}}, now);
    repository::set_run_job(sql, run.id, job_id);
    audit::record(sql, actor,
                  {"create",
                   "arrangement_run",
                   std::to_string(run.id),
                   "开始排考：" + plan.name +
                       (run.scope == "plan" ? std::string() : "（" + run.scope_name + "）"),
                   nullptr,
                   {{"planId", plan.id}, {"scope", run.scope}, {"scopeName", run.scope_name}},
                   "考试计划 " + plan.name},
                  now);
    return run.id;
  });
  if (!made) {
    // The partial index refused a second running row: another request started one meanwhile.
    if (made.error().kind == ErrorKind::conflict && repository::running_of_plan(sql, plan.id))
      return err::conflict("该考试计划正在排考，请等本次排考完成后再试");
    return made.error();
  }
  jobs.notify();
  auto stored = repository::find_run(sql, run.id);
  return nlohmann::json{{"run", run_json(*stored)}, {"job", TRY(jobs.get(sql, scope, job_id))}};
}

// ---------------------------------------------------------------------------------------------
// The run itself

namespace {

struct Loaded {
  plans::Plan plan;
  std::vector<registrations::ledger::Ref> registrations;
  std::vector<rooms::Room> rooms;
  std::map<std::int64_t, sites::Site> sites;
  std::vector<repository::Arrangement> existing;
  std::vector<invigilators::ledger::Certified> invigilators;
  std::map<std::int64_t, std::vector<std::int64_t>> certified_levels;  // person → certificates
  std::map<std::int64_t, std::vector<std::pair<Timestamp, Timestamp>>> busy;
};

Loaded load(soci::session& sql, std::int64_t plan_id) {
  Loaded in;
  in.plan = *plans::service::find(sql, plan_id);
  in.registrations = registrations::ledger::of_plan(sql, plan_id);
  in.rooms = rooms::ledger::of_plan(sql, plan_id);
  std::vector<std::int64_t> site_ids;
  for (const auto& r : in.rooms) site_ids.push_back(r.site_id);
  std::sort(site_ids.begin(), site_ids.end());
  site_ids.erase(std::unique(site_ids.begin(), site_ids.end()), site_ids.end());
  for (auto& s : sites::ledger::find_many(sql, site_ids)) in.sites.emplace(s.id, std::move(s));
  in.existing = repository::of_plan(sql, plan_id);
  std::set<std::int64_t> certificates;
  for (const auto& l : in.plan.levels) certificates.insert(l.certificate_id);
  std::map<std::int64_t, std::size_t> seen;
  for (std::int64_t cert : certificates) {
    for (auto& person : invigilators::ledger::certified_for(sql, cert)) {
      in.certified_levels[person.id].push_back(cert);
      if (seen.count(person.id)) continue;
      seen[person.id] = in.invigilators.size();
      in.invigilators.push_back(std::move(person));
    }
  }
  std::vector<std::int64_t> people;
  for (const auto& p : in.invigilators) people.push_back(p.id);
  in.busy = repository::busy_elsewhere(sql, people, plan_id);
  return in;
}

bool overlaps(Timestamp a0, Timestamp a1, Timestamp b0, Timestamp b1) {
  return a0 < b1 && b0 < a1;
}

}  // namespace

namespace {
// The engine's view of a plan (its subjects, slots, modes, certificates, colleges, sites, rooms,
// candidates and staff) with the ids behind each index. `scope` is plan, subject or site; placed
// registrations are kept (the engine's `existing`); `keep_duties` keeps earlier duties too.
struct Built {
  schedule::Instance inst;
  std::map<std::int64_t, schedule::Index> subject_index, room_index, site_index, college_index,
      cert_index, person_index;
  std::map<std::pair<Timestamp, Timestamp>, schedule::Index> slot_index;
  std::map<std::int64_t, const plans::PlanSubject*> subjects;
  std::map<std::int64_t, repository::Arrangement> placed;      // registration → arrangement
  std::vector<std::pair<std::int64_t, std::string>> unplaced;  // registration, reason code
  std::map<std::pair<schedule::Index, schedule::Index>, std::int64_t> reg_of;  // cand, subj
  std::int64_t offered = 0;
};

Built build(soci::session& sql, const Loaded& in, const std::string& scope,
            std::optional<std::int64_t> scope_id, bool keep_duties) {
  Built b;
  const plans::Plan& plan = in.plan;
  auto& inst = b.inst;
  auto& subject_index = b.subject_index;
  auto& room_index = b.room_index;
  auto& site_index = b.site_index;
  auto& college_index = b.college_index;
  auto& cert_index = b.cert_index;
  auto& person_index = b.person_index;
  auto& slot_index = b.slot_index;
  auto& subjects = b.subjects;
  auto& placed = b.placed;
  auto& unplaced = b.unplaced;
  auto& reg_of = b.reg_of;
  auto& offered = b.offered;
  // The engine's view of the plan: subjects, slots, modes, certificates, colleges, sites, rooms.
  inst.invigilators_per_room = plan.invigilators_per_room;
  std::map<std::string, schedule::Index> mode_index;
  auto intern_college = [&](std::int64_t id) {
    auto [it, fresh] =
        college_index.emplace(id, static_cast<schedule::Index>(inst.colleges.size()));
    if (fresh) inst.colleges.push_back(std::to_string(id));
    return it->second;
  };
  for (const auto& l : plan.levels) {
    if (cert_index.count(l.certificate_id)) continue;
    cert_index[l.certificate_id] = static_cast<schedule::Index>(inst.certificates.size());
    inst.certificates.push_back(l.certificate_name);
  }
  for (const auto& s : plan.subjects) {
    subjects[s.subject_id] = &s;
    const auto key = std::make_pair(s.start, s.end);
    if (!slot_index.count(key)) {
      slot_index[key] = static_cast<schedule::Index>(inst.slots.size());
      inst.slots.push_back({std::to_string(inst.slots.size()), s.start, s.end});
    }
    if (!mode_index.count(s.mode)) {
      mode_index[s.mode] = static_cast<schedule::Index>(inst.modes.size());
      inst.modes.push_back(s.mode);
    }
    schedule::Subject sub;
    sub.id = std::to_string(s.subject_id);
    sub.slot = slot_index[key];
    sub.mode = mode_index[s.mode];
    std::int64_t cert = 0;
    for (const auto& l : plan.levels)
      if (l.level_id == s.level_id) cert = l.certificate_id;
    sub.certificate = cert_index.count(cert) ? cert_index[cert] : 0;
    subject_index[s.subject_id] = static_cast<schedule::Index>(inst.subjects.size());
    inst.subjects.push_back(sub);
  }
  // Rooms in scope: a site run offers only that site's rooms (and those already holding its
  // candidates, so that their earlier seats stay valid).
  std::set<std::int64_t> existing_rooms;
  for (const auto& a : in.existing) existing_rooms.insert(a.room_id);
  for (const auto& room : in.rooms) {
    if (scope == "site" && room.site_id != *scope_id && !existing_rooms.count(room.id)) continue;
    auto site_it = in.sites.find(room.site_id);
    if (site_it == in.sites.end()) continue;
    if (!site_index.count(room.site_id)) {
      schedule::Site site;
      site.id = std::to_string(room.site_id);
      site.colleges.push_back(intern_college(site_it->second.college_id));
      for (const auto& [college, name] : site_it->second.served_colleges)
        site.colleges.push_back(intern_college(college));
      std::sort(site.colleges.begin(), site.colleges.end());
      site.colleges.erase(std::unique(site.colleges.begin(), site.colleges.end()),
                          site.colleges.end());
      site_index[room.site_id] = static_cast<schedule::Index>(inst.sites.size());
      inst.sites.push_back(site);
    }
    schedule::Room r;
    r.id = std::to_string(room.id);
    r.site = site_index[room.site_id];
    r.seats = room.seats;
    for (const auto& [mode, index] : mode_index)
      if (hosts(room.types, mode)) r.types.push_back(index);
    std::sort(r.types.begin(), r.types.end());
    room_index[room.id] = static_cast<schedule::Index>(inst.rooms.size());
    inst.rooms.push_back(r);
  }
  // Candidates: per student, the subjects in scope not yet placed, and every placed one (kept).
  for (const auto& a : in.existing) placed[a.registration_id] = a;
  std::set<std::int64_t> site_colleges;
  if (scope == "site") {
    const auto& site = in.sites.at(*scope_id);
    site_colleges.insert(site.college_id);
    for (const auto& [college, name] : site.served_colleges) site_colleges.insert(college);
  }
  std::map<std::int64_t, schedule::Index> candidate_index;
  std::map<schedule::Index, std::int64_t> student_of;
  for (const auto& r : in.registrations) {
    const bool is_placed = placed.count(r.id) > 0;
    if (!is_placed) {
      if (scope == "subject" && r.subject_id != *scope_id) continue;
      if (scope == "site" && !site_colleges.count(r.college_id)) continue;
      if (plan.payment_before_arranging && !r.paid) {
        unplaced.emplace_back(r.id, "unpaid");
        continue;
      }
      ++offered;
    }
    auto sit = subject_index.find(r.subject_id);
    if (sit == subject_index.end()) continue;
    auto [cit, fresh] =
        candidate_index.emplace(r.student_id, static_cast<schedule::Index>(inst.candidates.size()));
    if (fresh) {
      schedule::Candidate c;
      c.id = std::to_string(r.student_id);
      c.college = intern_college(r.college_id);
      inst.candidates.push_back(c);
      student_of[cit->second] = r.student_id;
    }
    inst.candidates[cit->second].subjects.push_back(sit->second);
    reg_of[{cit->second, sit->second}] = r.id;
    if (is_placed) {
      const auto& a = placed[r.id];
      auto rit = room_index.find(a.room_id);
      if (rit != room_index.end())
        inst.existing.push_back({cit->second, sit->second, rit->second, a.seat_no});
    }
  }
  // Invigilators: certified 监考老师 staff rooms, 巡考老师 patrol sites; never when they declared
  // themselves unavailable or serve another plan at an overlapping time.
  inst.patrols_per_site = plan.patrols_per_site;
  for (const auto& person : in.invigilators) {
    schedule::Invigilator inv;
    inv.id = std::to_string(person.id);
    inv.college = intern_college(person.college_id);
    schedule::parse_staff_kind(person.kind, inv.kind);
    for (std::int64_t cert : in.certified_levels.at(person.id))
      if (cert_index.count(cert)) inv.certificates.push_back(cert_index[cert]);
    std::sort(inv.certificates.begin(), inv.certificates.end());
    inv.certificates.erase(std::unique(inv.certificates.begin(), inv.certificates.end()),
                           inv.certificates.end());
    for (const auto& p : person.unavailable) inv.unavailable.push_back({p.start, p.end});
    if (auto b = in.busy.find(person.id); b != in.busy.end())
      for (const auto& [start, end] : b->second) inv.unavailable.push_back({start, end});
    person_index[person.id] = static_cast<schedule::Index>(inst.invigilators.size());
    inst.invigilators.push_back(std::move(inv));
  }
  // Duties of an earlier run stay where they are still valid (the engine says which are not).
  if (keep_duties) {
    std::map<std::int64_t, const repository::RoomSlot*> room_slot_by_id;
    const auto room_slots_now = repository::room_slots_of_plan(sql, plan.id);
    for (const auto& rs : room_slots_now) room_slot_by_id[rs.id] = &rs;
    for (const auto& duty : repository::assignments_of_plan(sql, plan.id)) {
      auto person = person_index.find(duty.invigilator_id);
      auto slot = slot_index.end();
      for (auto it = slot_index.begin(); it != slot_index.end(); ++it)
        if (it->first.first == duty.slot_start) slot = it;
      if (person == person_index.end() || slot == slot_index.end()) continue;
      schedule::ExistingDuty d;
      d.slot = slot->second;
      d.invigilator = person->second;
      if (duty.room_slot_id) {
        auto rs = room_slot_by_id.find(*duty.room_slot_id);
        if (rs == room_slot_by_id.end()) continue;
        auto room = room_index.find(rs->second->room_id);
        if (room == room_index.end()) continue;
        d.room = room->second;
      } else {
        auto site = site_index.find(duty.site_id);
        if (site == site_index.end()) continue;
        d.site = site->second;
      }
      inst.existing_invigilation.push_back(d);
    }
  }
  return b;
}
}  // namespace

Result<std::vector<std::string>> check_stored(soci::session& sql, std::int64_t plan_id) {
  if (!plans::service::find(sql, plan_id)) return err::not_found("考试计划不存在");
  const Loaded in = load(sql, plan_id);
  Built b = build(sql, in, "plan", std::nullopt, false);
  const auto& inst = b.inst;
  std::vector<std::string> problems;
  // The stored placements are the instance's kept rows; every other registered subject of a
  // candidate is reported unplaced.
  schedule::Solution sol;
  std::set<std::pair<schedule::Index, schedule::Index>> placed;
  for (const auto& e : inst.existing) {
    sol.placements.push_back({e.candidate, e.subject, e.room,
                              inst.subjects[static_cast<std::size_t>(e.subject)].slot, e.seat});
    placed.insert({e.candidate, e.subject});
  }
  for (std::size_t c = 0; c < inst.candidates.size(); ++c) {
    for (const auto subject : inst.candidates[c].subjects) {
      const auto key = std::make_pair(static_cast<schedule::Index>(c), subject);
      if (!placed.count(key))
        sol.unplaced.push_back({key.first, subject, schedule::UnplacedReason::capacity});
    }
  }
  std::sort(sol.placements.begin(), sol.placements.end(), [](const auto& x, const auto& y) {
    return std::tie(x.candidate, x.subject) < std::tie(y.candidate, y.subject);
  });
  // Staff as stored, against the wanted numbers.
  std::map<std::pair<schedule::Index, schedule::Index>, schedule::RoomSlot> rooms;
  std::map<std::pair<schedule::Index, schedule::Index>, schedule::SitePatrol> patrols;
  for (const auto& p : sol.placements) {
    auto& rs = rooms[{p.room, p.slot}];
    rs.room = p.room;
    rs.slot = p.slot;
    const auto site = inst.rooms[static_cast<std::size_t>(p.room)].site;
    auto& sp = patrols[{site, p.slot}];
    sp.site = site;
    sp.slot = p.slot;
  }
  std::map<std::int64_t, std::int64_t> room_of_slot;
  for (const auto& rs : repository::room_slots_of_plan(sql, plan_id))
    room_of_slot[rs.id] = rs.room_id;
  for (const auto& duty : repository::assignments_of_plan(sql, plan_id)) {
    auto person = b.person_index.find(duty.invigilator_id);
    auto slot = b.slot_index.end();
    for (auto it = b.slot_index.begin(); it != b.slot_index.end(); ++it)
      if (it->first.first == duty.slot_start) slot = it;
    if (person == b.person_index.end() || slot == b.slot_index.end()) {
      problems.push_back("监考人员 #" + std::to_string(duty.invigilator_id) + " 在 " +
                         cst::format_minute(duty.slot_start) + " 的安排已不符合认证或场次");
      continue;
    }
    if (duty.room_slot_id) {
      auto room = b.room_index.find(room_of_slot[*duty.room_slot_id]);
      if (room == b.room_index.end()) continue;
      auto& rs = rooms[{room->second, slot->second}];
      rs.room = room->second;
      rs.slot = slot->second;
      rs.invigilators.push_back(person->second);
      rs.own_college.push_back(duty.own_college ? 1 : 0);
      rs.kept.push_back(0);
    } else {
      auto site = b.site_index.find(duty.site_id);
      if (site == b.site_index.end()) continue;
      auto& sp = patrols[{site->second, slot->second}];
      sp.site = site->second;
      sp.slot = slot->second;
      sp.invigilators.push_back(person->second);
      sp.own_college.push_back(duty.own_college ? 1 : 0);
      sp.kept.push_back(0);
    }
  }
  for (auto& [key, rs] : rooms) {
    rs.shortage =
        std::max(0, inst.invigilators_per_room - static_cast<int>(rs.invigilators.size()));
    sol.room_slots.push_back(rs);
  }
  for (auto& [key, sp] : patrols) {
    sp.shortage = std::max(0, inst.patrols_per_site - static_cast<int>(sp.invigilators.size()));
    sol.site_patrols.push_back(sp);
  }
  auto by_start = [&](schedule::Index slot) {
    return inst.slots[static_cast<std::size_t>(slot)].start;
  };
  std::sort(sol.room_slots.begin(), sol.room_slots.end(), [&](const auto& x, const auto& y) {
    return std::make_pair(x.room, by_start(x.slot)) < std::make_pair(y.room, by_start(y.slot));
  });
  std::sort(sol.site_patrols.begin(), sol.site_patrols.end(), [&](const auto& x, const auto& y) {
    return std::make_pair(x.site, by_start(x.slot)) < std::make_pair(y.site, by_start(y.slot));
  });
  for (const auto& v : schedule::validate(inst, sol))
    problems.push_back("规则 " + std::to_string(v.rule) + "：" + v.message);
  return problems;
}

Status run_job(jobs::JobContext& job) {
  auto& sql = job.sql();
  const std::int64_t run_id = job.params().value("runId", std::int64_t{0});
  auto run = repository::find_run(sql, run_id);
  if (!run) return err::not_found("排考记录不存在");
  const Timestamp now = job.clock().now();
  auto fail = [&](const std::string& message) -> Status {
    static_cast<void>(db::write_tx(sql, [&]() -> Status {
      repository::finish_run(sql, run_id, "failed", message, "{}", now);
      return {};
    }));
    return err::conflict(message);
  };
  job.progress(5, "读取报考、考场与监考人员");
  const Loaded in = load(sql, run->plan_id);
  const plans::Plan& plan = in.plan;

  Built built = build(sql, in, run->scope, run->scope_id, true);
  auto& inst = built.inst;
  auto& subject_index = built.subject_index;
  auto& room_index = built.room_index;
  auto& subjects = built.subjects;
  auto& placed = built.placed;
  auto& unplaced = built.unplaced;
  auto& reg_of = built.reg_of;
  const std::int64_t offered = built.offered;
  if (job.cancelled()) return fail("排考已取消，未写入任何结果");

  job.progress(30, "排考计算");
  auto solved = schedule::arrange(inst);
  if (!solved) return fail("排考计算失败：" + solved.error().message);
  const schedule::Solution& sol = solved.value();

  job.progress(60, "写入排考结果");
  // Ticket numbers: the candidate's first placed site decides the prefix of a new number.
  const auto [first_exam, last_exam] = plans::exam_span(plan);
  std::map<std::int64_t, std::int64_t> room_site;
  std::map<std::int64_t, const rooms::Room*> room_by_id;
  for (const auto& room : in.rooms) {
    room_site[room.id] = room.site_id;
    room_by_id[room.id] = &room;
  }
  std::vector<std::int64_t> room_of_index(inst.rooms.size());
  for (const auto& [id, index] : room_index) room_of_index[index] = id;
  std::map<std::int64_t, std::int64_t> subject_level;  // subject → level
  std::map<std::int64_t, std::string> level_name;
  for (const auto& s : plan.subjects) {
    subject_level[s.subject_id] = s.level_id;
    level_name[s.level_id] = s.level;
  }
  std::vector<std::int64_t> subject_of_index(inst.subjects.size());
  for (const auto& [id, index] : subject_index) subject_of_index[index] = id;

  long long placed_new = 0;
  std::set<std::int64_t> used_rooms;
  std::vector<repository::Arrangement> rows;
  for (const auto& p : sol.placements) {
    const std::int64_t reg = reg_of[{p.candidate, p.subject}];
    if (placed.count(reg)) continue;  // kept from an earlier run
    repository::Arrangement a;
    a.plan_id = plan.id;
    a.registration_id = reg;
    a.room_id = room_of_index[p.room];
    a.site_id = room_site[a.room_id];
    const auto* subject = subjects[subject_of_index[p.subject]];
    a.slot_start = subject->start;
    a.slot_end = subject->end;
    a.seat_no = p.seat;
    rows.push_back(a);
    used_rooms.insert(a.room_id);
    ++placed_new;
  }
  for (const auto& u : sol.unplaced) {
    const std::int64_t reg = reg_of[{u.candidate, u.subject}];
    if (placed.count(reg)) continue;  // an earlier seat the engine could not keep stays as it is
    unplaced.emplace_back(reg, schedule::reason_name(u.reason));
  }
  for (const auto& r : sol.rejected) {
    const auto& e = inst.existing[static_cast<std::size_t>(r.row)];
    unplaced.emplace_back(reg_of[{e.candidate, e.subject}], "invalid_existing");
  }

  std::map<std::string, long long> reasons;
  for (const auto& [reg, why] : unplaced) ++reasons[why];
  nlohmann::json reason_list = nlohmann::json::array();
  for (const auto& [code, n] : reasons)
    reason_list.push_back({{"reason", code}, {"reasonName", reason_name(code)}, {"count", n}});
  nlohmann::json summary = {{"offered", offered},
                            {"placed", placed_new},
                            {"kept", static_cast<long long>(placed.size())},
                            {"unplaced", static_cast<long long>(unplaced.size())},
                            {"reasons", reason_list},
                            {"roomsUsed", sol.stats.rooms_used},
                            {"roomSlots", sol.stats.room_slots},
                            {"invigilatorShortage", sol.stats.invigilator_shortage},
                            {"invigilatorMinLoad", sol.stats.invigilator_min_load},
                            {"invigilatorMaxLoad", sol.stats.invigilator_max_load},
                            {"ownCollegeAssignments", sol.stats.own_college_assignments},
                            {"patrolShortage", sol.stats.patrol_shortage},
                            {"patrolMinLoad", sol.stats.patrol_min_load},
                            {"patrolMaxLoad", sol.stats.patrol_max_load},
                            {"ownCollegePatrols", sol.stats.own_college_patrols},
                            {"keptInvigilation", sol.stats.kept_invigilation}};

  Status written = db::write_tx(sql, [&]() -> Status {
    // Rooms first, as room edits lock them before they derive their state.
    for (std::int64_t room : used_rooms) rooms::ledger::lock_for_arrangement(sql, room);
    auto still = repository::find_run(sql, run_id);
    if (!still || still->state != "running") return err::conflict("排考已被中断，未写入任何结果");
    // 准考证号: one per candidate per plan.
    auto tickets = repository::tickets_of_plan(sql, plan.id);
    std::map<std::string, long long> next;  // prefix → last sequence
    std::vector<std::pair<std::int64_t, std::string>> fresh;
    std::map<std::int64_t, std::int64_t> student_of_reg;
    for (const auto& r : in.registrations) student_of_reg[r.id] = r.student_id;
    std::map<std::int64_t, std::int64_t> level_of_reg;
    for (const auto& r : in.registrations) level_of_reg[r.id] = r.level_id;
    for (auto& a : rows) {
      const std::int64_t student = student_of_reg[a.registration_id];
      auto it = tickets.find(student);
      if (it == tickets.end()) {
        const std::string prefix = ticket_prefix(
            first_exam, a.site_id, level_name[level_of_reg[a.registration_id]], plan.id);
        auto [n, added] = next.emplace(prefix, 0);
        if (added) n->second = repository::last_sequence(sql, prefix);
        const std::string no = ticket_number(prefix, ++n->second);
        it = tickets.emplace(student, no).first;
        fresh.emplace_back(student, no);
      }
      a.ticket_no = it->second;
    }
    repository::insert_tickets(sql, plan.id, fresh, now);
    repository::insert_many(sql, rows, now);
    // Room-slots for every room and slot now holding candidates.
    std::map<std::pair<std::int64_t, Timestamp>, std::int64_t> slots;
    for (const auto& rs : repository::room_slots_of_plan(sql, plan.id))
      slots[{rs.room_id, rs.slot_start}] = rs.id;
    auto slot_id = [&](std::int64_t room, Timestamp start, Timestamp end) {
      auto it = slots.find({room, start});
      if (it != slots.end()) return it->second;
      repository::RoomSlot rs;
      rs.plan_id = plan.id;
      rs.site_id = room_site[room];
      rs.room_id = room;
      rs.slot_start = start;
      rs.slot_end = end;
      const auto id = repository::insert_room_slot(sql, rs, now);
      slots[{room, start}] = id;
      return id;
    };
    for (const auto& a : rows) slot_id(a.room_id, a.slot_start, a.slot_end);
    // Invigilators of every room-slot not yet started, as the engine staffed them.
    repository::remove_future_assignments(sql, plan.id, now);
    std::vector<repository::Assignment> assignments;
    auto person_id = [&](schedule::Index i) {
      return std::stoll(inst.invigilators[static_cast<std::size_t>(i)].id);
    };
    for (const auto& rs : sol.room_slots) {
      const auto& slot = inst.slots[static_cast<std::size_t>(rs.slot)];
      if (slot.start <= now) continue;
      const std::int64_t room = room_of_index[rs.room];
      for (std::size_t k = 0; k < rs.invigilators.size(); ++k) {
        repository::Assignment a;
        a.plan_id = plan.id;
        a.site_id = room_site[room];
        a.room_slot_id = slot_id(room, slot.start, slot.end);
        a.slot_start = slot.start;
        a.slot_end = slot.end;
        a.invigilator_id = person_id(rs.invigilators[k]);
        a.role = "room";
        a.own_college = k < rs.own_college.size() && rs.own_college[k];
        assignments.push_back(a);
      }
    }
    for (const auto& sp : sol.site_patrols) {
      const auto& slot = inst.slots[static_cast<std::size_t>(sp.slot)];
      if (slot.start <= now) continue;
      for (std::size_t k = 0; k < sp.invigilators.size(); ++k) {
        repository::Assignment a;
        a.plan_id = plan.id;
        a.site_id = std::stoll(inst.sites[static_cast<std::size_t>(sp.site)].id);
        a.slot_start = slot.start;
        a.slot_end = slot.end;
        a.invigilator_id = person_id(sp.invigilators[k]);
        a.role = "patrol";
        a.own_college = k < sp.own_college.size() && sp.own_college[k];
        assignments.push_back(a);
      }
    }
    repository::insert_assignments(sql, assignments, now);
    repository::insert_unplaced(sql, run_id, unplaced);
    repository::finish_run(sql, run_id, "succeeded", "", summary.dump(), now);
    return {};
  });
  if (!written) return fail(written.error().message);
  job.progress(100, "排考完成");
  job.set_result(summary);
  spdlog::info("arrangement run {} of plan {}: {} placed, {} kept, {} unplaced", run_id, plan.id,
               placed_new, placed.size(), unplaced.size());
  return {};
}

// ---------------------------------------------------------------------------------------------
// Runs, clearing, manual adjustments

namespace {
// A run shown as running whose job has ended is shown as what it is: failed.
repository::Run settled(soci::session& sql, repository::Run r) {
  if (r.state != "running" || !r.job_id) return r;
  const auto state = jobs::state_of(sql, *r.job_id);
  if (!state || jobs::ended(*state)) {
    r.state = "failed";
    r.error = "排考任务已中断，未写入任何结果";
  }
  return r;
}
}  // namespace

Result<nlohmann::json> runs(soci::session& sql, const Scope& scope, std::int64_t plan_id) {
  const plans::Plan plan = TRY(own_plan(sql, scope, plan_id));
  nlohmann::json items = nlohmann::json::array();
  for (auto& r : repository::runs_of_plan(sql, plan.id, 50))
    items.push_back(run_json(settled(sql, std::move(r))));
  return nlohmann::json{{"items", items}};
}

Result<nlohmann::json> run_detail(soci::session& sql, const Scope& scope, std::int64_t run_id) {
  auto run = repository::find_run(sql, run_id);
  if (!run) return err::not_found("排考记录不存在");
  TRY(own_plan(sql, scope, run->plan_id));
  nlohmann::json out = run_json(settled(sql, *run));
  nlohmann::json unplaced = nlohmann::json::array();
  long long rid = run_id;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT u.registration_id, u.reason, st.name AS student_name, "
                      "st.student_no, col.name AS college_name, su.name AS subject_name, su.code "
                      "FROM arrangement_unplaced u JOIN registrations r ON r.id = "
                      "u.registration_id JOIN students st ON st.id = r.student_id JOIN "
                      "organizations col ON col.id = r.college_id JOIN certificate_subjects su ON "
                      "su.id = r.subject_id WHERE u.run_id = :r ORDER BY col.name, st.student_no, "
                      "su.code LIMIT 1000",
       soci::use(rid));
  for (const auto& row : rows) {
    const std::string reason = db::get_str(row, "reason");
    unplaced.push_back({{"registrationId", db::get_i64(row, "registration_id")},
                        {"studentName", db::get_str(row, "student_name")},
                        {"studentNo", db::get_str(row, "student_no")},
                        {"collegeName", db::get_str(row, "college_name")},
                        {"subjectName", db::get_str(row, "subject_name")},
                        {"subjectCode", db::get_str(row, "code")},
                        {"reason", reason},
                        {"reasonName", reason_name(reason)}});
  }
  out["unplacedItems"] = unplaced;
  // Each person's duties in the plan, fewest first: how evenly the load is spread.
  nlohmann::json loads = nlohmann::json::array();
  long long plan = run->plan_id;
  soci::rowset<soci::row> people =
      (sql.prepare
           << "SELECT v.name, v.teacher_no, v.kind, col.name AS college_name, COUNT(*) AS n "
              "FROM invigilation i JOIN invigilators v ON v.id = i.invigilator_id JOIN "
              "organizations col ON col.id = v.college_id WHERE i.plan_id = :p GROUP BY "
              "v.name, v.teacher_no, v.kind, col.name ORDER BY n, v.teacher_no",
       soci::use(plan));
  for (const auto& row : people) {
    loads.push_back({{"name", db::get_str(row, "name")},
                     {"teacherNo", db::get_str(row, "teacher_no")},
                     {"kind", db::get_str(row, "kind")},
                     {"collegeName", db::get_str(row, "college_name")},
                     {"duties", db::get_i64(row, "n")}});
  }
  out["loads"] = loads;
  // Where staff is still missing now (after any manual change), never silently left out.
  const auto plan_row = plans::service::find(sql, run->plan_id);
  const long long per_room = plan_row ? plan_row->invigilators_per_room : 2;
  const long long per_site = plan_row ? plan_row->patrols_per_site : 1;
  nlohmann::json shortages = nlohmann::json::array();
  soci::rowset<soci::row> rooms_short =
      (sql.prepare << "SELECT s.name AS site_name, ro.name AS room_name, rs.slot_start, "
                      "rs.slot_end, (SELECT COUNT(*) FROM invigilation i WHERE i.room_slot_id = "
                      "rs.id) AS n FROM room_slots rs JOIN rooms ro ON ro.id = rs.room_id JOIN "
                      "sites s ON s.id = rs.site_id WHERE rs.plan_id = :p ORDER BY rs.slot_start, "
                      "s.name, ro.name",
       soci::use(plan));
  for (const auto& row : rooms_short) {
    const long long missing = per_room - db::get_i64(row, "n");
    if (missing <= 0 || shortages.size() >= 500) continue;
    shortages.push_back(
        {{"kind", "监考老师"},
         {"siteName", db::get_str(row, "site_name")},
         {"roomName", db::get_str(row, "room_name")},
         {"slot", slot_text(db::get_i64(row, "slot_start"), db::get_i64(row, "slot_end"))},
         {"missing", missing}});
  }
  soci::rowset<soci::row> sites_short =
      (sql.prepare
           << "SELECT s.name AS site_name, rs.slot_start, MAX(rs.slot_end) AS slot_end, "
              "(SELECT COUNT(*) FROM invigilation i WHERE i.plan_id = rs.plan_id AND "
              "i.site_id = rs.site_id AND i.slot_start = rs.slot_start AND i.role = "
              "'patrol') AS n FROM room_slots rs JOIN sites s ON s.id = rs.site_id WHERE "
              "rs.plan_id = :p GROUP BY rs.plan_id, rs.site_id, s.name, rs.slot_start ORDER "
              "BY rs.slot_start, s.name",
       soci::use(plan));
  for (const auto& row : sites_short) {
    const long long missing = per_site - db::get_i64(row, "n");
    if (missing <= 0 || shortages.size() >= 500) continue;
    shortages.push_back(
        {{"kind", "巡考老师"},
         {"siteName", db::get_str(row, "site_name")},
         {"roomName", ""},
         {"slot", slot_text(db::get_i64(row, "slot_start"), db::get_i64(row, "slot_end"))},
         {"missing", missing}});
  }
  out["shortages"] = shortages;
  return out;
}

Result<nlohmann::json> clear(soci::session& sql, const audit::Actor& actor,
                             const nlohmann::json& body, Timestamp now) {
  const Scope& scope = *actor.scope;
  const auto plan_id = TRY(input::integer(body, "planId", "考试计划", true));
  const auto subject_id = TRY(input::integer(body, "subjectId", "考试科目", false));
  const auto site_id = TRY(input::integer(body, "siteId", "考核站点", false));
  if (!subject_id == !site_id) return err::invalid("请选择要清空排考的一个科目或一个考核站点");
  const plans::Plan plan = TRY(own_plan(sql, scope, *plan_id));
  return db::write_tx(sql, [&]() -> Result<nlohmann::json> {
    if (auto running = repository::running_of_plan(sql, plan.id);
        running && settled(sql, *running).state == "running")
      return err::conflict("该考试计划正在排考，请等本次排考完成后再清空");
    std::vector<repository::Arrangement> affected;
    std::map<std::int64_t, std::int64_t> subject_of;  // registration → subject
    if (subject_id)
      for (const auto& r : registrations::ledger::of_plan(sql, plan.id))
        subject_of[r.id] = r.subject_id;
    for (const auto& a : repository::of_plan(sql, plan.id)) {
      if (site_id && a.site_id != *site_id) continue;
      if (subject_id && subject_of[a.registration_id] != *subject_id) continue;
      affected.push_back(a);
    }
    for (const auto& a : affected) {
      if (a.slot_start <= now)
        return err::conflict("已有考生的考试开始（" + cst::format_minute(a.slot_start) +
                             "），不能清空排考");
    }
    std::set<std::int64_t> rooms_locked;
    for (const auto& a : affected) {
      if (rooms_locked.insert(a.room_id).second)
        rooms::ledger::lock_for_arrangement(sql, a.room_id);
      repository::remove(sql, a.id);
    }
    repository::remove_empty_room_slots(sql, plan.id);
    audit::record(sql, actor,
                  {"delete",
                   "arrangement",
                   "",
                   "清空排考：" + plan.name + "，共 " + std::to_string(affected.size()) + " 条",
                   {{"planId", plan.id},
                    {"subjectId", subject_id ? nlohmann::json(*subject_id) : nlohmann::json()},
                    {"siteId", site_id ? nlohmann::json(*site_id) : nlohmann::json()},
                    {"count", affected.size()}},
                   nullptr,
                   "考试计划 " + plan.name},
                  now);
    return nlohmann::json{{"cleared", affected.size()}};
  });
}

namespace {
// The arrangement to adjust, if the caller arranges its plan and its exam has not started.
Result<repository::Arrangement> adjustable(soci::session& sql, const Scope& scope, std::int64_t id,
                                           Timestamp now, plans::Plan* plan_out = nullptr) {
  auto a = repository::find(sql, id);
  if (!a) return err::not_found("排考记录不存在");
  const plans::Plan plan = TRY(own_plan(sql, scope, a->plan_id));
  if (a->slot_start <= now) return err::conflict("该科目考试已开始，不能再调整");
  if (plan_out) *plan_out = plan;
  return *a;
}

// SCH-2 for one candidate-subject put into `room` at `seat`: the room is of the plan, hosts the
// subject's mode, has the seat, the seat is free in the slot, and the candidate sits every other
// subject of the plan at the same site. `ignore` are arrangements moving at the same time.
Status check_seat(soci::session& sql, const plans::Plan& plan, const repository::Arrangement& a,
                  const rooms::Room& room, int seat, const std::set<std::int64_t>& ignore) {
  if (room.plan_id != plan.id) return err::invalid("该考场不属于此考试计划");
  // The plan's registrations once, by id: a plan of 100,000 candidates is one query, not one per
  // placement.
  std::map<std::int64_t, registrations::ledger::Ref> regs;
  for (auto& r : registrations::ledger::of_plan(sql, plan.id)) regs.emplace(r.id, std::move(r));
  auto reg = regs.find(a.registration_id);
  if (reg == regs.end()) return err::not_found("报考记录不存在");
  std::string mode;
  for (const auto& s : plan.subjects)
    if (s.subject_id == reg->second.subject_id) mode = s.mode;
  if (!hosts(room.types, mode))
    return err::invalid("考场「" + room.name + "」的类型不能考" + mode + "科目");
  if (seat < 1 || seat > room.seats)
    return err::invalid("座位号须在 1 到 " + std::to_string(room.seats) + " 之间");
  const auto all = repository::of_plan(sql, plan.id);
  for (const auto& other : all) {
    if (other.id == a.id || ignore.count(other.id)) continue;
    if (other.room_id == room.id && other.slot_start == a.slot_start && other.seat_no == seat)
      return err::conflict("考场「" + room.name + "」该场次的 " + std::to_string(seat) +
                           " 号座位已有考生");
  }
  for (const auto& other : all) {
    if (other.id == a.id || ignore.count(other.id)) continue;
    auto r = regs.find(other.registration_id);
    if (r != regs.end() && r->second.student_id == reg->second.student_id &&
        other.site_id != room.site_id)
      return err::conflict("该考生本计划的其他科目在另一考核站点，同一考生须在同一考核站点考试");
  }
  return {};
}

Result<rooms::Room> room_of_plan(soci::session& sql, std::int64_t plan_id, std::int64_t room_id) {
  for (auto& r : rooms::ledger::of_plan(sql, plan_id))
    if (r.id == room_id) return r;
  return err::invalid("该考场不属于此考试计划");
}

// Makes sure the room-slot of an arrangement exists, and drops emptied ones.
void settle_room_slots(soci::session& sql, const repository::Arrangement& a, Timestamp now) {
  repository::ensure_room_slot(sql, a, now);
  repository::remove_empty_room_slots(sql, a.plan_id);
}

nlohmann::json arrangement_json(const repository::Arrangement& a) {
  return {{"id", a.id},
          {"registrationId", a.registration_id},
          {"roomId", a.room_id},
          {"siteId", a.site_id},
          {"seatNo", a.seat_no},
          {"ticketNo", a.ticket_no},
          {"slotStart", cst::format(a.slot_start)},
          {"slotEnd", cst::format(a.slot_end)}};
}
}  // namespace

Result<nlohmann::json> move(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                            const nlohmann::json& body, Timestamp now) {
  const auto room_id = TRY(input::integer(body, "roomId", "考场", true));
  const auto seat = TRY(input::integer(body, "seatNo", "座位号", true));
  return db::write_tx(sql, [&]() -> Result<nlohmann::json> {
    plans::Plan plan;
    auto a = TRY(adjustable(sql, *actor.scope, id, now, &plan));
    const rooms::Room room = TRY(room_of_plan(sql, plan.id, *room_id));
    rooms::ledger::lock_for_arrangement(sql, a.room_id);
    rooms::ledger::lock_for_arrangement(sql, room.id);
    TRY(check_seat(sql, plan, a, room, static_cast<int>(*seat), {}));
    const auto before = arrangement_json(a);
    repository::move(sql, a.id, room.id, room.site_id, static_cast<int>(*seat));
    a.room_id = room.id;
    a.site_id = room.site_id;
    a.seat_no = static_cast<int>(*seat);
    settle_room_slots(sql, a, now);
    audit::record(sql, actor,
                  {"update", "arrangement", std::to_string(a.id),
                   "调整排考：准考证号 " + a.ticket_no + " 改到 " + room.name + " " +
                       std::to_string(a.seat_no) + " 号",
                   before, arrangement_json(a)},
                  now);
    return arrangement_json(a);
  });
}

Result<nlohmann::json> swap(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                            const nlohmann::json& body, Timestamp now) {
  const auto other_id = TRY(input::integer(body, "otherId", "对调的考生", true));
  if (*other_id == id) return err::invalid("请选择另一名考生对调");
  return db::write_tx(sql, [&]() -> Result<nlohmann::json> {
    plans::Plan plan;
    auto a = TRY(adjustable(sql, *actor.scope, id, now, &plan));
    auto b = TRY(adjustable(sql, *actor.scope, *other_id, now));
    if (a.plan_id != b.plan_id) return err::invalid("只能对调同一考试计划的考生");
    if (a.slot_start != b.slot_start) return err::invalid("只能对调同一场次的考生");
    const rooms::Room ra = TRY(room_of_plan(sql, plan.id, a.room_id));
    const rooms::Room rb = TRY(room_of_plan(sql, plan.id, b.room_id));
    rooms::ledger::lock_for_arrangement(sql, ra.id);
    rooms::ledger::lock_for_arrangement(sql, rb.id);
    TRY(check_seat(sql, plan, a, rb, b.seat_no, {b.id}));
    TRY(check_seat(sql, plan, b, ra, a.seat_no, {a.id}));
    // Through a free seat number so that the unique seat index never sees two at once.
    repository::move(sql, a.id, a.room_id, a.site_id, -1);
    repository::move(sql, b.id, ra.id, ra.site_id, a.seat_no);
    repository::move(sql, a.id, rb.id, rb.site_id, b.seat_no);
    audit::record(sql, actor,
                  {"update", "arrangement", std::to_string(a.id),
                   "对调座位：准考证号 " + a.ticket_no + " 与 " + b.ticket_no, arrangement_json(a),
                   arrangement_json(b)},
                  now);
    return nlohmann::json{{"done", 2}};
  });
}

Result<nlohmann::json> unplace(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                               Timestamp now) {
  return db::write_tx(sql, [&]() -> Result<nlohmann::json> {
    auto a = TRY(adjustable(sql, *actor.scope, id, now));
    rooms::ledger::lock_for_arrangement(sql, a.room_id);
    repository::remove(sql, a.id);
    repository::remove_empty_room_slots(sql, a.plan_id);
    audit::record(sql, actor,
                  {"delete", "arrangement", std::to_string(a.id),
                   "取消排考：准考证号 " + a.ticket_no, arrangement_json(a), nullptr},
                  now);
    return nlohmann::json{{"done", 1}};
  });
}

Result<nlohmann::json> set_invigilators(soci::session& sql, const audit::Actor& actor,
                                        std::int64_t room_slot_id, const nlohmann::json& body,
                                        Timestamp now) {
  if (!body.contains("ids") || !body["ids"].is_array())
    return err::invalid("请选择监考老师（ids 为编号列表）");
  std::vector<std::int64_t> ids;
  for (const auto& v : body["ids"]) {
    if (!v.is_number_integer()) return err::invalid("监考老师编号须为整数");
    ids.push_back(v.get<std::int64_t>());
  }
  return db::write_tx(sql, [&]() -> Result<nlohmann::json> {
    auto rs = repository::find_room_slot(sql, room_slot_id);
    if (!rs) return err::not_found("考场编排不存在");
    const plans::Plan plan = TRY(own_plan(sql, *actor.scope, rs->plan_id));
    if (rs->slot_start <= now) return err::conflict("该场次考试已开始，不能再调整监考老师");
    const rooms::Room room = TRY(room_of_plan(sql, plan.id, rs->room_id));
    const auto certified = invigilators::ledger::certified_for(sql, room.certificate_id);
    std::map<std::int64_t, const invigilators::ledger::Certified*> by_id;
    for (const auto& c : certified) by_id[c.id] = &c;
    // Colleges whose candidates sit in the room-slot (回避).
    std::set<std::int64_t> colleges;
    for (const auto& a : repository::of_plan(sql, plan.id)) {
      if (a.room_id != rs->room_id || a.slot_start != rs->slot_start) continue;
      if (auto r = registrations::ledger::find(sql, a.registration_id))
        colleges.insert(r->college_id);
    }
    std::vector<std::pair<std::int64_t, bool>> people;
    std::set<std::int64_t> seen;
    for (std::int64_t pid : ids) {
      if (!seen.insert(pid).second) return err::invalid("同一监考老师不能选两次");
      auto it = by_id.find(pid);
      if (it == by_id.end() || it->second->kind != "监考老师")
        return err::invalid("所选人员未获该证书的监考认证（或不是监考老师）");
      for (const auto& p : it->second->unavailable)
        if (overlaps(p.start, p.end, rs->slot_start, rs->slot_end))
          return err::conflict(it->second->name + " 在该时段声明不可监考");
      // Never two overlapping assignments, in this plan or another.
      long long person = pid, start = rs->slot_start, end = rs->slot_end, self = rs->id;
      int clash = 0;
      sql << "SELECT COUNT(*) FROM invigilation WHERE invigilator_id = :p AND slot_start < :e "
             "AND :s < slot_end AND (room_slot_id IS NULL OR room_slot_id <> :r)",
          soci::use(person), soci::use(end), soci::use(start), soci::use(self), soci::into(clash);
      if (clash > 0) return err::conflict(it->second->name + " 在该时段已有监考或巡考安排");
      people.emplace_back(pid, colleges.count(it->second->college_id) > 0);
    }
    repository::set_room_invigilators(sql, *rs, people, now);
    audit::record(sql, actor,
                  {"update",
                   "room_slot",
                   std::to_string(rs->id),
                   "调整监考老师：" + room.name + " " + cst::format_minute(rs->slot_start),
                   nullptr,
                   {{"invigilatorIds", ids}}},
                  now);
    return room_slot(sql, *actor.scope, rs->id);
  });
}

// ---------------------------------------------------------------------------------------------
// 考核站点编排

namespace {
struct SubjectRow {
  std::int64_t plan_id = 0;
  std::string plan_name;
  Timestamp arranging_start = 0, arranging_end = 0;
  std::int64_t subject_id = 0;
  std::string code, name, mode, certificate_name, level;
  std::int64_t certificate_id = 0;
  Timestamp start = 0, end = 0;
  long long registered = 0, arranged = 0, seats = 0;
  SubjectState state = SubjectState::not_started;
};

// Plans a caller sees: its own (organisation), those it takes part in (college), all (platform).
void plan_scope(db::Query& q, const Scope& scope, const std::string& plan_alias) {
  if (scope.is_admin()) return;
  if (scope.role == Role::org) {
    q.where(plan_alias + ".org_id = " + q.param(static_cast<long long>(scope.org_id)));
  } else if (scope.role == Role::college) {
    q.where("EXISTS (SELECT 1 FROM plan_colleges pc WHERE pc.plan_id = " + plan_alias +
            ".id AND pc.college_id = " + q.param(static_cast<long long>(scope.org_id)) + ")");
  } else {
    q.where("1 = 0");
  }
}

std::vector<SubjectRow> subject_rows(soci::session& sql, const Scope& scope, const SubjectFilter& f,
                                     const std::vector<std::int64_t>& keys, Timestamp now) {
  // A college counts its own candidates; the organisation and the platform count everyone.
  const std::string college =
      scope.role == Role::college ? " AND r.college_id = " + std::to_string(scope.org_id) : "";
  db::Query q(
      "FROM plan_subjects ps JOIN plans p ON p.id = ps.plan_id JOIN certificate_subjects su ON "
      "su.id = ps.subject_id JOIN certificate_levels l ON l.id = su.level_id JOIN certificates c "
      "ON c.id = l.certificate_id");
  q.where("p.status = 'published'");
  plan_scope(q, scope, "p");
  if (f.plan_id) q.where("p.id = " + q.param(static_cast<long long>(*f.plan_id)));
  if (f.certificate_id) q.where("c.id = " + q.param(static_cast<long long>(*f.certificate_id)));
  if (!f.keyword.empty()) {
    const std::string like = q.param(db::like_pattern(f.keyword));
    q.where("(su.name LIKE " + like + " ESCAPE '\\' OR su.code LIKE " + like + " ESCAPE '\\')");
  }
  std::vector<SubjectRow> out;
  const std::set<std::int64_t> wanted(keys.begin(), keys.end());
  q.each(sql,
         "SELECT p.id AS plan_id, p.name AS plan_name, p.arranging_start, p.arranging_end, "
         "ps.subject_id, su.code, su.name, su.mode, c.id AS certificate_id, c.name AS "
         "certificate_name, l.level, ps.slot_start, ps.slot_end, "
         "(SELECT COUNT(*) FROM registrations r WHERE r.plan_id = ps.plan_id AND r.subject_id = "
         "ps.subject_id" +
             college +
             ") AS registered, (SELECT COUNT(*) FROM arrangements a JOIN registrations r ON r.id = "
             "a.registration_id WHERE a.plan_id = ps.plan_id AND r.subject_id = ps.subject_id" +
             college +
             ") AS arranged, (SELECT COALESCE(SUM(ro.seats), 0) FROM rooms ro WHERE ro.id IN "
             "(SELECT a.room_id FROM arrangements a JOIN registrations r ON r.id = "
             "a.registration_id WHERE a.plan_id = ps.plan_id AND r.subject_id = ps.subject_id)) "
             "AS seats",
         "ORDER BY p.id DESC, ps.slot_start, su.code", [&](const db::Row& row) {
           SubjectRow s;
           s.plan_id = db::get_i64(row, "plan_id");
           s.plan_name = db::get_str(row, "plan_name");
           s.arranging_start = db::get_i64(row, "arranging_start");
           s.arranging_end = db::get_i64(row, "arranging_end");
           s.subject_id = db::get_i64(row, "subject_id");
           if (!wanted.empty() && !wanted.count(subject_key(s.plan_id, s.subject_id))) return;
           s.code = db::get_str(row, "code");
           s.name = db::get_str(row, "name");
           s.mode = db::get_str(row, "mode");
           s.certificate_id = db::get_i64(row, "certificate_id");
           s.certificate_name = db::get_str(row, "certificate_name");
           s.level = db::get_str(row, "level");
           s.start = db::get_i64(row, "slot_start");
           s.end = db::get_i64(row, "slot_end");
           s.registered = db::get_i64(row, "registered");
           s.arranged = db::get_i64(row, "arranged");
           s.seats = db::get_i64(row, "seats");
           s.state =
               subject_state(s.arranging_start, s.arranging_end, s.registered, s.arranged, now);
           if (f.state && *f.state != s.state) return;
           out.push_back(std::move(s));
         });
  return out;
}

nlohmann::json subject_json(const SubjectRow& s) {
  return {{"id", subject_key(s.plan_id, s.subject_id)},
          {"planId", s.plan_id},
          {"planName", s.plan_name},
          {"subjectId", s.subject_id},
          {"subjectCode", s.code},
          {"subjectName", s.name},
          {"certificateId", s.certificate_id},
          {"certificateName", s.certificate_name},
          {"level", s.level},
          {"mode", s.mode},
          {"registered", s.registered},
          {"slotStart", cst::format(s.start)},
          {"slotEnd", cst::format(s.end)},
          {"slot", slot_text(s.start, s.end)},
          {"seats", s.seats},
          {"arranged", s.arranged},
          {"state", state_code(s.state)},
          {"stateName", state_name(s.state)}};
}

nlohmann::json page_of(const nlohmann::json& items, long long total, int page, int page_size) {
  return {{"items", items}, {"total", total}, {"page", page}, {"pageSize", page_size}};
}
}  // namespace

nlohmann::json subjects(soci::session& sql, const Scope& scope, const SubjectFilter& f, int page,
                        int page_size, Timestamp now) {
  const auto rows = subject_rows(sql, scope, f, {}, now);
  nlohmann::json items = nlohmann::json::array();
  const std::size_t from = static_cast<std::size_t>(page - 1) * page_size;
  for (std::size_t i = from; i < rows.size() && i < from + page_size; ++i)
    items.push_back(subject_json(rows[i]));
  return page_of(items, static_cast<long long>(rows.size()), page, page_size);
}

exporting::ExportSpec subjects_export(soci::session& sql, const Scope& scope,
                                      const SubjectFilter& f, const std::vector<std::int64_t>& ids,
                                      Timestamp now) {
  const auto rows = subject_rows(sql, scope, f, ids, now);
  std::vector<office::Column> columns;
  for (const char* h : {"考试计划", "科目编号", "科目名称", "考试证书", "考试方式", "报考人数",
                        "考试时段", "已排考考位个数", "已排考考人数"})
    columns.push_back({.name = h});
  return exporting::ExportSpec{
      .title = "考场编排明细",
      .entity = "arrangement",
      .columns = columns,
      .rows = [rows](const exporting::RowSink& sink) -> Status {
        for (const auto& s : rows) {
          TRY(sink({s.plan_name, s.code, s.name, s.certificate_name, s.mode,
                    std::to_string(s.registered), slot_text(s.start, s.end),
                    std::to_string(s.seats), std::to_string(s.arranged)}));
        }
        return {};
      },
      .count = static_cast<long long>(rows.size())};
}

Result<nlohmann::json> subject_sites(soci::session& sql, const Scope& scope, std::int64_t plan_id,
                                     std::int64_t subject_id) {
  SubjectFilter f;
  f.plan_id = plan_id;
  const auto rows = subject_rows(sql, scope, f, {subject_key(plan_id, subject_id)}, 0);
  if (rows.empty()) return err::not_found("考试科目不存在");
  const std::string college =
      scope.role == Role::college ? " AND r.college_id = " + std::to_string(scope.org_id) : "";
  long long plan = plan_id, subject = subject_id;
  nlohmann::json sites = nlohmann::json::array();
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT s.id, s.name, s.region, s.address, COUNT(DISTINCT a.room_id) AS "
                      "rooms, COUNT(*) AS arranged FROM arrangements a JOIN registrations r ON "
                      "r.id = a.registration_id JOIN sites s ON s.id = a.site_id WHERE a.plan_id "
                      "= :p AND r.subject_id = :s" +
                          college + " GROUP BY s.id, s.name, s.region, s.address ORDER BY s.name",
       soci::use(plan), soci::use(subject));
  for (const auto& row : rs) {
    sites.push_back({{"siteId", db::get_i64(row, "id")},
                     {"siteName", db::get_str(row, "name")},
                     {"address", db::get_str(row, "region") + db::get_str(row, "address")},
                     {"rooms", db::get_i64(row, "rooms")},
                     {"arranged", db::get_i64(row, "arranged")}});
  }
  return nlohmann::json{{"subject", subject_json(rows.front())}, {"sites", sites}};
}

// ---------------------------------------------------------------------------------------------
// 考场编排

namespace {
struct RoomSlotRow {
  std::int64_t id = 0, plan_id = 0, room_id = 0, site_id = 0, certificate_id = 0;
  std::string plan_name, room_name, college_name, region, site_name, site_address, org_name,
      certificate_name;
  Timestamp start = 0, end = 0;
  long long arranged = 0;
  std::vector<std::string> subjects;
  struct Person {
    std::int64_t id = 0;
    std::string name, teacher_no, region, college, role;
    bool own_college = false;
  };
  std::vector<Person> invigilators, patrols;
};

db::Query room_slot_query(const Scope& scope, const RoomSlotFilter& f,
                          const std::vector<std::int64_t>& ids) {
  db::Query q(
      "FROM room_slots rs JOIN rooms ro ON ro.id = rs.room_id JOIN plans p ON p.id = rs.plan_id "
      "JOIN sites s ON s.id = rs.site_id JOIN organizations col ON col.id = ro.college_id JOIN "
      "organizations o ON o.id = p.org_id JOIN certificates c ON c.id = ro.certificate_id",
      "FROM room_slots rs JOIN rooms ro ON ro.id = rs.room_id JOIN plans p ON p.id = rs.plan_id");
  if (scope.is_admin()) {
  } else if (scope.role == Role::org) {
    q.where("p.org_id = " + q.param(static_cast<long long>(scope.org_id)));
  } else if (scope.role == Role::college) {
    const std::string me = q.param(static_cast<long long>(scope.org_id));
    q.where("(ro.college_id = " + me +
            " OR EXISTS (SELECT 1 FROM arrangements a JOIN registrations r ON r.id = "
            "a.registration_id WHERE a.room_id = rs.room_id AND a.slot_start = rs.slot_start AND "
            "r.college_id = " +
            me + "))");
  } else {
    q.where("1 = 0");
  }
  if (!ids.empty()) q.where("rs.id IN (" + db::id_list(ids) + ")");
  if (f.plan_id) q.where("rs.plan_id = " + q.param(static_cast<long long>(*f.plan_id)));
  if (f.site_id) q.where("rs.site_id = " + q.param(static_cast<long long>(*f.site_id)));
  if (!f.keyword.empty())
    q.where("ro.name LIKE " + q.param(db::like_pattern(f.keyword)) + " ESCAPE '\\'");
  return q;
}

void fill_room_slots(soci::session& sql, std::vector<RoomSlotRow>& rows) {
  if (rows.empty()) return;
  std::map<std::int64_t, RoomSlotRow*> by_id;
  std::vector<std::int64_t> ids;
  for (auto& r : rows) {
    by_id[r.id] = &r;
    ids.push_back(r.id);
  }
  const std::string list = db::id_list(ids);
  soci::rowset<soci::row> subjects =
      (sql.prepare << "SELECT DISTINCT rs.id, su.name, su.code FROM room_slots rs JOIN "
                      "arrangements a ON a.room_id = rs.room_id AND a.slot_start = rs.slot_start "
                      "JOIN registrations r ON r.id = a.registration_id JOIN certificate_subjects "
                      "su ON su.id = r.subject_id WHERE rs.id IN (" +
                          list + ") ORDER BY su.code");
  for (const auto& row : subjects)
    by_id[db::get_i64(row, "id")]->subjects.push_back(db::get_str(row, "name"));
  soci::rowset<soci::row> people =
      (sql.prepare
       << "SELECT rs.id, i.role, i.own_college, v.id AS person_id, v.name, v.teacher_no, v.region, "
          "col.name AS college_name FROM room_slots rs JOIN invigilation i ON "
          "(i.room_slot_id = rs.id OR (i.room_slot_id IS NULL AND i.site_id = "
          "rs.site_id AND i.slot_start = rs.slot_start AND i.plan_id = rs.plan_id)) "
          "JOIN invigilators v ON v.id = i.invigilator_id JOIN organizations col ON "
          "col.id = v.college_id WHERE rs.id IN (" +
              list + ") ORDER BY v.teacher_no");
  for (const auto& row : people) {
    RoomSlotRow::Person p{db::get_i64(row, "person_id"),    db::get_str(row, "name"),
                          db::get_str(row, "teacher_no"),   db::get_str(row, "region"),
                          db::get_str(row, "college_name"), db::get_str(row, "role"),
                          db::get_bool(row, "own_college")};
    auto* r = by_id[db::get_i64(row, "id")];
    (p.role == "patrol" ? r->patrols : r->invigilators).push_back(p);
  }
}

std::vector<RoomSlotRow> room_slot_rows(soci::session& sql, const db::Query& q, int page,
                                        int page_size) {
  std::vector<RoomSlotRow> out;
  q.each(
      sql,
      "SELECT rs.id, rs.plan_id, rs.room_id, rs.site_id, p.name AS plan_name, ro.name AS "
      "room_name, col.name AS college_name, ro.region, s.name AS site_name, s.region AS "
      "site_region, s.address AS site_address, o.name AS org_name, c.name AS certificate_name, "
      "rs.slot_start, rs.slot_end, ro.certificate_id, (SELECT COUNT(*) FROM arrangements a WHERE "
      "a.room_id = rs.room_id AND a.slot_start = rs.slot_start) AS arranged",
      "ORDER BY rs.slot_start DESC, ro.name, rs.id" + db::page_clause(page, page_size),
      [&](const db::Row& row) {
        RoomSlotRow r;
        r.id = db::get_i64(row, "id");
        r.plan_id = db::get_i64(row, "plan_id");
        r.room_id = db::get_i64(row, "room_id");
        r.site_id = db::get_i64(row, "site_id");
        r.plan_name = db::get_str(row, "plan_name");
        r.room_name = db::get_str(row, "room_name");
        r.college_name = db::get_str(row, "college_name");
        r.region = db::get_str(row, "region");
        r.site_name = db::get_str(row, "site_name");
        r.site_address = db::get_str(row, "site_region") + db::get_str(row, "site_address");
        r.org_name = db::get_str(row, "org_name");
        r.certificate_name = db::get_str(row, "certificate_name");
        r.certificate_id = db::get_i64(row, "certificate_id");
        r.start = db::get_i64(row, "slot_start");
        r.end = db::get_i64(row, "slot_end");
        r.arranged = db::get_i64(row, "arranged");
        out.push_back(std::move(r));
      });
  fill_room_slots(sql, out);
  return out;
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

nlohmann::json person_json(const RoomSlotRow::Person& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"teacherNo", p.teacher_no},
          {"region", p.region},
          {"collegeName", p.college},
          {"ownCollege", p.own_college},
          {"label", p.name + " (" + p.teacher_no + ")"}};
}

nlohmann::json room_slot_json(const RoomSlotRow& r) {
  nlohmann::json inv = nlohmann::json::array(), pat = nlohmann::json::array();
  for (const auto& p : r.invigilators) inv.push_back(person_json(p));
  for (const auto& p : r.patrols) pat.push_back(person_json(p));
  return {{"id", r.id},
          {"planId", r.plan_id},
          {"planName", r.plan_name},
          {"roomId", r.room_id},
          {"roomName", r.room_name},
          {"collegeName", r.college_name},
          {"region", r.region},
          {"siteId", r.site_id},
          {"siteName", r.site_name},
          {"siteAddress", r.site_address},
          {"orgName", r.org_name},
          {"certificateId", r.certificate_id},
          {"certificateName", r.certificate_name},
          {"subjectNames", join(r.subjects, "、")},
          {"slotStart", cst::format(r.start)},
          {"slotEnd", cst::format(r.end)},
          {"slot", slot_text(r.start, r.end)},
          {"arranged", r.arranged},
          {"invigilators", inv},
          {"patrols", pat}};
}
}  // namespace

nlohmann::json room_slots(soci::session& sql, const Scope& scope, const RoomSlotFilter& f, int page,
                          int page_size) {
  const auto q = room_slot_query(scope, f, {});
  const long long total = q.count(sql);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : room_slot_rows(sql, q, page, page_size)) items.push_back(room_slot_json(r));
  return page_of(items, total, page, page_size);
}

exporting::ExportSpec room_slots_export(soci::session& sql, const Scope& scope,
                                        const RoomSlotFilter& f,
                                        const std::vector<std::int64_t>& ids) {
  const auto q = room_slot_query(scope, f, ids);
  std::vector<office::Column> columns;
  for (const char* h : {"考试计划", "考场名称", "所属院校", "所在地区", "考核站点", "考试单位",
                        "考试证书", "考试科目", "考试时间", "排考人数", "监考人员姓名(编号)",
                        "监考人员姓名(编号)", "监考人员所在区域(院校)"})
    columns.push_back({.name = h});
  return exporting::ExportSpec{
      .title = "考场编排记录",
      .entity = "room_slot",
      .columns = columns,
      .rows = [&sql, q](const exporting::RowSink& sink) -> Status {
        for (int page = 1;; ++page) {
          const auto batch = room_slot_rows(sql, q, page, 500);
          for (const auto& r : batch) {
            auto label = [&](std::size_t i) {
              return i < r.invigilators.size()
                         ? r.invigilators[i].name + " (" + r.invigilators[i].teacher_no + ")"
                         : std::string();
            };
            std::vector<std::string> where;
            for (const auto& p : r.invigilators) where.push_back(p.region + "(" + p.college + ")");
            TRY(sink({r.plan_name, r.room_name, r.college_name, r.region, r.site_name, r.org_name,
                      r.certificate_name, join(r.subjects, "、"), cst::format_minute(r.start),
                      std::to_string(r.arranged), label(0), label(1), join(where, "、")}));
          }
          if (batch.size() < 500) return {};
        }
      },
      .count = q.count(sql)};
}

Result<nlohmann::json> room_slot(soci::session& sql, const Scope& scope, std::int64_t id) {
  const auto q = room_slot_query(scope, {}, {id});
  const auto rows = room_slot_rows(sql, q, 1, 1);
  if (rows.empty()) return err::not_found("考场编排不存在");
  const auto& r = rows.front();
  nlohmann::json out = room_slot_json(r);
  long long room = r.room_id, start = r.start;
  nlohmann::json seats = nlohmann::json::array();
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT a.id, a.seat_no, a.ticket_no, st.name, st.student_no, "
                      "r.college_id, col.name AS college_name, su.name AS subject_name FROM "
                      "arrangements a JOIN registrations r ON r.id = a.registration_id JOIN "
                      "students st ON st.id = r.student_id JOIN organizations col ON col.id = "
                      "r.college_id JOIN certificate_subjects su ON su.id = r.subject_id WHERE "
                      "a.room_id = :r AND a.slot_start = :s ORDER BY a.seat_no",
       soci::use(room), soci::use(start));
  for (const auto& row : rs) {
    // Another college's candidate in a shared room: the name and seat the door poster shows.
    const bool mine = scope.role != Role::college || db::get_i64(row, "college_id") == scope.org_id;
    seats.push_back({{"id", db::get_i64(row, "id")},
                     {"seatNo", db::get_i64(row, "seat_no")},
                     {"studentName", db::get_str(row, "name")},
                     {"studentNo", mine ? db::get_str(row, "student_no") : ""},
                     {"ticketNo", mine ? db::get_str(row, "ticket_no") : ""},
                     {"collegeName", db::get_str(row, "college_name")},
                     {"subjectName", db::get_str(row, "subject_name")}});
  }
  out["seats"] = seats;
  return out;
}

// ---------------------------------------------------------------------------------------------
// 排考明细

namespace {
db::Query detail_query(const Scope& scope, const DetailFilter& f,
                       const std::vector<std::int64_t>& ids) {
  db::Query q(
      "FROM arrangements a JOIN registrations r ON r.id = a.registration_id JOIN students st ON "
      "st.id = r.student_id JOIN plans p ON p.id = a.plan_id JOIN certificate_subjects su ON su.id "
      "= r.subject_id JOIN certificate_levels l ON l.id = r.level_id JOIN certificates c ON c.id = "
      "r.certificate_id JOIN rooms ro ON ro.id = a.room_id JOIN sites s ON s.id = a.site_id",
      "FROM arrangements a JOIN registrations r ON r.id = a.registration_id JOIN students st ON "
      "st.id = r.student_id JOIN plans p ON p.id = a.plan_id JOIN rooms ro ON ro.id = a.room_id");
  if (scope.is_admin()) {
  } else if (scope.role == Role::org) {
    q.where("p.org_id = " + q.param(static_cast<long long>(scope.org_id)));
  } else if (scope.role == Role::college) {
    q.where("r.college_id = " + q.param(static_cast<long long>(scope.org_id)));
  } else {
    q.where("1 = 0");
  }
  if (!ids.empty()) q.where("a.id IN (" + db::id_list(ids) + ")");
  if (f.plan_id) q.where("a.plan_id = " + q.param(static_cast<long long>(*f.plan_id)));
  if (f.subject_id) q.where("r.subject_id = " + q.param(static_cast<long long>(*f.subject_id)));
  if (f.room_slot_id) {
    q.where("EXISTS (SELECT 1 FROM room_slots rs WHERE rs.id = " +
            q.param(static_cast<long long>(*f.room_slot_id)) +
            " AND rs.room_id = a.room_id AND rs.slot_start = a.slot_start)");
  }
  if (!f.keyword.empty()) {
    const std::string like = q.param(db::like_pattern(f.keyword));
    q.where("(st.name LIKE " + like + " ESCAPE '\\' OR st.student_no LIKE " + like +
            " ESCAPE '\\' OR st.id_number = " + q.param(f.keyword) +
            " OR a.ticket_no = " + q.param(f.keyword) + ")");
  }
  return q;
}

const char* kDetailSelect =
    "SELECT a.id, p.name AS plan_name, st.name AS student_name, st.student_no, st.id_number, "
    "a.ticket_no, c.name AS certificate_name, l.level, su.name AS subject_name, su.mode, "
    "a.slot_start, a.slot_end, s.name AS site_name, ro.name AS room_name, a.seat_no, s.region AS "
    "site_region, s.address AS site_address";

nlohmann::json detail_json(const db::Row& row) {
  return {{"id", db::get_i64(row, "id")},
          {"planName", db::get_str(row, "plan_name")},
          {"studentName", db::get_str(row, "student_name")},
          {"studentNo", db::get_str(row, "student_no")},
          {"idNumber", office::mask_id_number(db::get_str(row, "id_number"))},
          {"ticketNo", db::get_str(row, "ticket_no")},
          {"certificateName", db::get_str(row, "certificate_name")},
          {"level", db::get_str(row, "level")},
          {"subjectName", db::get_str(row, "subject_name")},
          {"mode", db::get_str(row, "mode")},
          {"slotStart", cst::format(db::get_i64(row, "slot_start"))},
          {"slotEnd", cst::format(db::get_i64(row, "slot_end"))},
          {"slot", slot_text(db::get_i64(row, "slot_start"), db::get_i64(row, "slot_end"))},
          {"siteName", db::get_str(row, "site_name")},
          {"roomName", db::get_str(row, "room_name")},
          {"seatNo", db::get_i64(row, "seat_no")},
          {"siteAddress", db::get_str(row, "site_region") + db::get_str(row, "site_address")}};
}
}  // namespace

nlohmann::json details(soci::session& sql, const Scope& scope, const DetailFilter& f, int page,
                       int page_size) {
  const auto q = detail_query(scope, f, {});
  nlohmann::json items = nlohmann::json::array();
  q.each(sql, kDetailSelect,
         "ORDER BY a.slot_start DESC, st.student_no, a.id" + db::page_clause(page, page_size),
         [&](const db::Row& row) { items.push_back(detail_json(row)); });
  return page_of(items, q.count(sql), page, page_size);
}

exporting::ExportSpec details_export(soci::session& sql, const Scope& scope, const DetailFilter& f,
                                     const std::vector<std::int64_t>& ids) {
  const auto q = detail_query(scope, f, ids);
  std::vector<office::Column> columns;
  for (const char* h :
       {"考试计划", "考生姓名", "考生编号", "身份证号", "准考证号", "考试证书", "证书等级",
        "考试科目", "考试方式", "考试时间", "考核站点", "考场名称", "座位号", "考点地址"})
    columns.push_back({.name = h});
  return exporting::ExportSpec{
      .title = "排考明细",
      .entity = "arrangement",
      .columns = columns,
      .rows = [&sql, q](const exporting::RowSink& sink) -> Status {
        Status st;
        q.each(sql, kDetailSelect, "ORDER BY a.slot_start DESC, st.student_no, a.id",
               [&](const db::Row& row) {
                 if (!st) return;
                 const auto d = detail_json(row);
                 st = sink({d["planName"], d["studentName"], d["studentNo"], d["idNumber"],
                            d["ticketNo"], d["certificateName"], d["level"], d["subjectName"],
                            d["mode"], d["slot"], d["siteName"], d["roomName"],
                            std::to_string(d["seatNo"].get<long long>()), d["siteAddress"]});
               });
        return st;
      },
      .count = q.count(sql)};
}

// ---------------------------------------------------------------------------------------------
// 我的考试

Result<nlohmann::json> my_exams(soci::session& sql, const Scope& scope, Timestamp now) {
  if (scope.role != Role::student) return err::forbidden("只有考生可以查看自己的考试");
  long long college = scope.org_id;
  std::string no = scope.username;
  nlohmann::json items = nlohmann::json::array();
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT r.id, r.plan_id, p.name AS plan_name, c.name AS certificate_name, "
                      "l.level, su.name AS subject_name, su.mode, ps.slot_start, ps.slot_end, "
                      "r.paid, a.id AS arrangement_id, a.seat_no, a.ticket_no, ro.name AS "
                      "room_name, s.name AS site_name, s.region AS site_region, s.address AS "
                      "site_address FROM registrations r JOIN students st ON st.id = r.student_id "
                      "JOIN plans p ON p.id = r.plan_id JOIN certificates c ON c.id = "
                      "r.certificate_id JOIN certificate_levels l ON l.id = r.level_id JOIN "
                      "certificate_subjects su ON su.id = r.subject_id JOIN plan_subjects ps ON "
                      "ps.plan_id = r.plan_id AND ps.subject_id = r.subject_id LEFT JOIN "
                      "arrangements a ON a.registration_id = r.id LEFT JOIN rooms ro ON ro.id = "
                      "a.room_id LEFT JOIN sites s ON s.id = a.site_id WHERE st.college_id = :c "
                      "AND st.student_no = :n ORDER BY ps.slot_start, r.id",
       soci::use(college), soci::use(no));
  for (const auto& row : rows) {
    const bool arranged = db::get_opt_i64(row, "arrangement_id").has_value();
    const Timestamp start = db::get_i64(row, "slot_start"), end = db::get_i64(row, "slot_end");
    std::string state = !arranged ? (db::get_bool(row, "paid") ? "已缴费，待排考" : "待缴费")
                        : now < start ? "待考试"
                        : now < end   ? "考试中"
                                      : "已结束";
    items.push_back(
        {{"registrationId", db::get_i64(row, "id")},
         {"planId", db::get_i64(row, "plan_id")},
         {"planName", db::get_str(row, "plan_name")},
         {"certificateName", db::get_str(row, "certificate_name")},
         {"level", db::get_str(row, "level")},
         {"subjectName", db::get_str(row, "subject_name")},
         {"mode", db::get_str(row, "mode")},
         {"slot", slot_text(start, end)},
         {"paid", db::get_bool(row, "paid")},
         {"arranged", arranged},
         {"stateName", state},
         {"ticketNo", db::get_str(row, "ticket_no")},
         {"roomName", db::get_str(row, "room_name")},
         {"seatNo", arranged ? nlohmann::json(db::get_i64(row, "seat_no")) : nlohmann::json()},
         {"siteName", db::get_str(row, "site_name")},
         {"siteAddress", db::get_str(row, "site_region") + db::get_str(row, "site_address")}});
  }
  return nlohmann::json{{"items", items}};
}

// ---------------------------------------------------------------------------------------------
// Schemas

namespace s = http::schema;

nlohmann::json subject_row_schema() {
  return s::object({{"id", s::integer()},
                    {"planId", s::integer()},
                    {"planName", s::string()},
                    {"subjectId", s::integer()},
                    {"subjectCode", s::string()},
                    {"subjectName", s::string()},
                    {"certificateId", s::integer()},
                    {"certificateName", s::string()},
                    {"level", s::string()},
                    {"mode", s::string()},
                    {"registered", s::integer()},
                    {"slotStart", s::datetime()},
                    {"slotEnd", s::datetime()},
                    {"slot", s::string()},
                    {"seats", s::integer()},
                    {"arranged", s::integer()},
                    {"state", s::enumeration(state_codes())},
                    {"stateName", s::string()}});
}

nlohmann::json room_slot_row_schema() {
  const auto person = s::object({{"id", s::integer()},
                                 {"name", s::string()},
                                 {"teacherNo", s::string()},
                                 {"region", s::string()},
                                 {"collegeName", s::string()},
                                 {"ownCollege", s::boolean()},
                                 {"label", s::string()}});
  return s::object({{"id", s::integer()},
                    {"planId", s::integer()},
                    {"planName", s::string()},
                    {"roomId", s::integer()},
                    {"roomName", s::string()},
                    {"collegeName", s::string()},
                    {"region", s::string()},
                    {"siteId", s::integer()},
                    {"siteName", s::string()},
                    {"siteAddress", s::string()},
                    {"orgName", s::string()},
                    {"certificateName", s::string()},
                    {"certificateId", s::integer()},
                    {"subjectNames", s::string()},
                    {"slotStart", s::datetime()},
                    {"slotEnd", s::datetime()},
                    {"slot", s::string()},
                    {"arranged", s::integer()},
                    {"invigilators", s::array(person)},
                    {"patrols", s::array(person)}});
}

nlohmann::json detail_row_schema() {
  return s::object({{"id", s::integer()},
                    {"planName", s::string()},
                    {"studentName", s::string()},
                    {"studentNo", s::string()},
                    {"idNumber", s::string()},
                    {"ticketNo", s::string()},
                    {"certificateName", s::string()},
                    {"level", s::string()},
                    {"subjectName", s::string()},
                    {"mode", s::string()},
                    {"slotStart", s::datetime()},
                    {"slotEnd", s::datetime()},
                    {"slot", s::string()},
                    {"siteName", s::string()},
                    {"roomName", s::string()},
                    {"seatNo", s::integer()},
                    {"siteAddress", s::string()}});
}

nlohmann::json arrangement_schema() {
  return s::object({{"id", s::integer()},
                    {"registrationId", s::integer()},
                    {"roomId", s::integer()},
                    {"siteId", s::integer()},
                    {"seatNo", s::integer()},
                    {"ticketNo", s::string()},
                    {"slotStart", s::datetime()},
                    {"slotEnd", s::datetime()}});
}

nlohmann::json room_slot_detail_schema() {
  nlohmann::json schema = room_slot_row_schema();
  schema["properties"]["seats"] = s::array(s::object({{"id", s::integer()},
                                                      {"seatNo", s::integer()},
                                                      {"studentName", s::string()},
                                                      {"studentNo", s::string()},
                                                      {"ticketNo", s::string()},
                                                      {"collegeName", s::string()},
                                                      {"subjectName", s::string()}}));
  schema["required"].push_back("seats");
  return schema;
}

nlohmann::json subject_sites_schema() {
  return s::object({{"subject", subject_row_schema()},
                    {"sites", s::array(s::object({{"siteId", s::integer()},
                                                  {"siteName", s::string()},
                                                  {"address", s::string()},
                                                  {"rooms", s::integer()},
                                                  {"arranged", s::integer()}}))}});
}

nlohmann::json run_summary_schema() {
  return s::object({{"offered", s::integer()},
                    {"placed", s::integer()},
                    {"kept", s::integer()},
                    {"unplaced", s::integer()},
                    {"reasons", s::array(s::object({{"reason", s::string()},
                                                    {"reasonName", s::string()},
                                                    {"count", s::integer()}}))},
                    {"roomsUsed", s::integer()},
                    {"roomSlots", s::integer()},
                    {"invigilatorShortage", s::integer()},
                    {"invigilatorMinLoad", s::integer()},
                    {"invigilatorMaxLoad", s::integer()},
                    {"ownCollegeAssignments", s::integer()},
                    {"patrolShortage", s::integer()},
                    {"patrolMinLoad", s::integer()},
                    {"patrolMaxLoad", s::integer()},
                    {"ownCollegePatrols", s::integer()},
                    {"keptInvigilation", s::integer()}});
}

nlohmann::json run_schema() {
  const auto unplaced = s::object({{"registrationId", s::integer()},
                                   {"studentName", s::string()},
                                   {"studentNo", s::string()},
                                   {"collegeName", s::string()},
                                   {"subjectName", s::string()},
                                   {"subjectCode", s::string()},
                                   {"reason", s::string()},
                                   {"reasonName", s::string()}});
  return s::object({{"id", s::integer()},
                    {"planId", s::integer()},
                    {"scope", s::enumeration({"plan", "subject", "site"})},
                    {"scopeName", s::string()},
                    {"scopeId", s::nullable(s::integer())},
                    {"jobId", s::nullable(s::integer())},
                    {"state", s::enumeration({"running", "succeeded", "failed"})},
                    {"stateName", s::string()},
                    {"error", s::string()},
                    {"summary", {{"oneOf", {run_summary_schema(), s::object({})}}}},
                    {"createdAt", s::datetime()},
                    {"finishedAt", s::nullable(s::datetime())},
                    {"unplacedItems", s::array(unplaced)},
                    {"loads", s::array(s::object({{"name", s::string()},
                                                  {"teacherNo", s::string()},
                                                  {"kind", s::string()},
                                                  {"collegeName", s::string()},
                                                  {"duties", s::integer()}}))},
                    {"shortages", s::array(s::object({{"kind", s::string()},
                                                      {"siteName", s::string()},
                                                      {"roomName", s::string()},
                                                      {"slot", s::string()},
                                                      {"missing", s::integer()}}))}},
                   {"unplacedItems", "loads", "shortages"});
}

}  // namespace kaowu::arrangements::service
