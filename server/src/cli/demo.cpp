#include <iostream>
#include <map>

#include "cli/commands.hpp"
#include "modules/accounts/repository.hpp"
#include "modules/accounts/service.hpp"
#include "modules/arrangements/service.hpp"
#include "modules/certificates/service.hpp"
#include "modules/invigilators/service.hpp"
#include "modules/organizations/repository.hpp"
#include "modules/payments/service.hpp"
#include "modules/plans/repository.hpp"
#include "modules/plans/service.hpp"
#include "modules/registrations/service.hpp"
#include "modules/results/service.hpp"
#include "modules/rooms/service.hpp"
#include "modules/scores/service.hpp"
#include "modules/sites/service.hpp"
#include "modules/students/repository.hpp"
#include "modules/students/service.hpp"
#include "modules/teachers/repository.hpp"
#include "modules/teachers/service.hpp"
#include "modules/weekly_reports/service.hpp"

namespace kaowu::cli {

namespace {
struct DemoOrg {
  const char* type;
  const char* name;
  const char* college_type;
  const char* region;
  const char* contact;
  const char* phone;
};

struct DemoAccount {
  const char* username;
  const char* display_name;
  const char* role;
  const char* org;
  const char* phone;
};

const DemoOrg kOrgs[] = {
    {"platform", "1+X 考务平台运营中心", nullptr, "北京市", "平台运营", ""},
    {"province", "北京教育委员会", nullptr, "北京市", "职成处", "010-51992288"},
    {"org", "中联集团教育科技有限公司", nullptr, "北京市北京市朝阳区", "考务部", "010-85718888"},
    {"org", "北京鸿科信息技术有限公司", nullptr, "北京市北京市海淀区", "考务部", "010-62668899"},
    {"org", "北京中车行高新技术有限公司", nullptr, "北京市北京市丰台区", "考务部", "010-63706677"},
    {"org", "达内教育", nullptr, "北京市北京市海淀区", "考务部", "010-62136688"},
    {"college", "北京科技大学", "本科院校", "北京市北京市海淀区", "教务处", "010-62332312"},
    {"college", "北方工业大学", "本科院校", "北京市北京市石景山区", "教务处", "010-88803000"},
};

const DemoAccount kAccounts[] = {
    {"admin", "平台管理员", "admin", "1+X 考务平台运营中心", ""},
    {"bjjw", "北京教委职成处", "province", "北京教育委员会", ""},
    {"zhonglian", "中联考务专员", "org", "中联集团教育科技有限公司", "13910000001"},
    {"hongke", "鸿科考务专员", "org", "北京鸿科信息技术有限公司", "13910000002"},
    {"zhongchexing", "中车行考务专员", "org", "北京中车行高新技术有限公司", "13910000006"},
    {"ustb", "北科大考务老师", "college", "北京科技大学", "13910000003"},
    {"ncut", "北方工大考务老师", "college", "北方工业大学", "13910000004"},
    {"202109170001", "王小二", "student", "北京科技大学", "13910000005"},
    {"13800138000", "李虹", "teacher", "北京科技大学", "13800138000"},
};
struct DemoSubject {
  const char* code;
  const char* name;
  const char* mode;
};

struct DemoCertificate {
  const char* org;
  const char* code;
  const char* name;
  const char* levels;                 //!< 初级/中级/高级 present
  std::vector<DemoSubject> subjects;  //!< of the 初级 level; other levels get theory + practice
  std::vector<const char*> majors;
};

const std::vector<DemoCertificate>& demo_certificates() {
  static const std::vector<DemoCertificate> certs = {
      {"北京鸿科信息技术有限公司",
       "50000002",
       "网店运营推广职业技能等级证书",
       "初级中级",
       {{"50000002202", "网店运营推广(实操)", "机考+实操"},
        {"50000002203", "网店运营推广(理论)", "机考+实操"}},
       {"电子商务", "市场营销", "移动商务", "网络营销与直播电商"}},
      {"达内教育",
       "50000003",
       "JAVA应用开发职业技能等级证书",
       "初级中级",
       {{"50000003302", "JAVA编程考试", "机考"}},
       {"软件技术", "计算机应用技术", "计算机科学与技术", "软件工程"}},
      {"中联集团教育科技有限公司",
       "20000001",
       "智能估值数据采集与应用职业技能等级证书",
       "初级中级高级",
       {{"20000001101", "智能估值(理论)", "笔试"}, {"20000001102", "智能估值(实操)", "机考"}},
       {"资产评估与管理", "财务管理", "大数据与会计", "金融科技应用"}},
      {"北京中车行高新技术有限公司",
       "50000001",
       "智能新能源汽车职业技能等级证书",
       "初级",
       {{"50000001101", "笔试科目", "笔试"}, {"50000001102", "实操科目", "实操"}},
       {"新能源汽车技术", "汽车检测与维修技术", "汽车电子技术"}},
      {"中联集团教育科技有限公司",
       "10000001",
       "老年照护职业技能等级证书",
       "初级中级",
       {{"10000001101", "老年照护(理论)", "笔试"}, {"10000001102", "老年照护(实操)", "实操"}},
       {"智慧健康养老服务与管理", "护理", "康复治疗技术"}},
      {"中联集团教育科技有限公司",
       "40000001",
       "健康管理职业技能等级证书",
       "初级中级",
       {{"40000001101", "健康管理职业技能(笔试)", "笔试"}},
       {"健康管理", "护理", "医学营养"}},
  };
  return certs;
}

Scope scope_of(const organizations::Organization& org, Role role) {
  Scope s;
  s.role = role;
  s.org_id = org.id;
  s.org_name = org.name;
  s.org_type = org.type;
  s.username = "kaowu demo";
  return s;
}

// Certificates, exam sites and four plans in different phases around `now`.
//! The plan the demo arranges: in its 排考 window at load time.
struct ArrangingPlan {
  std::int64_t plan_id = 0;
  std::int64_t certificate_id = 0;
  std::vector<std::int64_t> subject_ids;
};

//! A plan whose exams are over at load time: seated and scored back then (公示中, or locked).
struct ScoredPlan {
  std::int64_t plan_id = 0;
  std::int64_t certificate_id = 0;
  std::int64_t level_id = 0;
  std::int64_t site_id = 0;
  int registration_from = 0;  //!< days from now, as the plan was made
  std::string major;          //!< the 北京科技大学 students who took it
};

Status load_exam_setup(soci::session& sql, Timestamp now, ArrangingPlan& arranging,
                       std::vector<ScoredPlan>& scored) {
  std::map<std::string, std::int64_t> cert_ids;
  for (const auto& d : demo_certificates()) {
    auto org = organizations::repository::find_by_name(sql, "org", d.org);
    if (!org) continue;
    Scope who = scope_of(*org, Role::org);
    audit::Actor actor{&who, "", "shell", ""};
    nlohmann::json levels = nlohmann::json::array();
    const std::string present = d.levels;
    int level_no = 0;
    for (const char* level : {"初级", "中级", "高级"}) {
      ++level_no;
      if (present.find(level) == std::string::npos) continue;
      nlohmann::json subjects = nlohmann::json::array();
      if (level_no == 1) {
        for (const auto& s : d.subjects) {
          subjects.push_back({{"code", s.code},
                              {"name", s.name},
                              {"mode", s.mode},
                              {"durationMinutes", 60},
                              {"fullMark", 100},
                              {"passMark", 60},
                              {"fee", "120"}});
        }
      } else {
        const std::string base = std::string(d.code) + "9" + std::to_string(level_no);
        subjects.push_back({{"code", base + "1"},
                            {"name", std::string(level) + "理论"},
                            {"mode", "机考"},
                            {"durationMinutes", 90},
                            {"fullMark", 100},
                            {"passMark", 60},
                            {"fee", "150"}});
        subjects.push_back({{"code", base + "2"},
                            {"name", std::string(level) + "实操"},
                            {"mode", "机考+实操"},
                            {"durationMinutes", 120},
                            {"fullMark", 100},
                            {"passMark", 60},
                            {"fee", "150"}});
      }
      levels.push_back(
          {{"level", level}, {"fee", level_no == 1 ? "240" : "300"}, {"subjects", subjects}});
    }
    nlohmann::json majors = nlohmann::json::array();
    for (const char* m : d.majors) majors.push_back(m);
    auto cert = certificates::service::create(
        sql, actor, {{"code", d.code}, {"name", d.name}, {"levels", levels}, {"majors", majors}},
        now);
    if (!cert) {
      if (cert.error().kind == ErrorKind::conflict) continue;
      return cert.error();
    }
    cert_ids[d.code] = cert->id;
  }
  if (cert_ids.empty()) return {};

  auto ustb = organizations::repository::find_by_name(sql, "college", "北京科技大学");
  auto ncut = organizations::repository::find_by_name(sql, "college", "北方工业大学");
  if (!ustb || !ncut) return {};
  // Sites: 北京科技大学 has one approved per certificate; 北方工业大学 one waiting for review.
  std::map<std::int64_t, std::int64_t> ustb_sites;  // certificate → site
  for (const auto& [code, cert_id] : cert_ids) {
    Scope college = scope_of(*ustb, Role::college);
    audit::Actor actor{&college, "", "shell", ""};
    auto site = sites::service::apply(sql, actor,
                                      {{"certificateId", cert_id},
                                       {"region", "北京市北京市海淀区"},
                                       {"address", "学院路30号 机电信息楼"}},
                                      now);
    if (!site) return site.error();
    auto org = organizations::repository::find_any(sql, site->org_id);
    Scope reviewer = scope_of(*org, Role::org);
    audit::Actor org_actor{&reviewer, "", "shell", ""};
    auto approved =
        sites::service::approve(sql, org_actor, site->id, {{"collegeIds", {ncut->id}}}, now);
    if (!approved) return approved.error();
    ustb_sites[cert_id] = site->id;
  }
  {
    Scope college = scope_of(*ncut, Role::college);
    audit::Actor actor{&college, "", "shell", ""};
    auto pending = sites::service::apply(sql, actor,
                                         {{"certificateId", cert_ids.begin()->second},
                                          {"region", "北京市北京市石景山区"},
                                          {"address", "晋元庄路5号 第一教学楼"}},
                                         now);
    if (!pending) return pending.error();
  }

  // A roster for each college, with valid 身份证号 (GB 11643 check digit computed here).
  auto id_number = [](const std::string& first17) {
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * weights[i];
    return first17 + "10X98765432"[sum % 11];
  };
  const char* names[] = {"王小二", "王小三", "王小六", "王小八", "学生甲",
                         "学生乙", "李明",   "张静",   "刘洋",   "陈晨"};
  const char* majors[] = {"电子商务", "市场营销", "软件技术", "新能源汽车技术", "大数据与会计"};
  int n = 0;
  for (const auto& college : {*ustb, *ncut}) {
    Scope who = scope_of(college, Role::college);
    audit::Actor actor{&who, "", "shell", ""};
    for (int i = 0; i < 10; ++i, ++n) {
      char base[32];
      std::snprintf(base, sizeof base, "3706822002%02d%02d%03d", 1 + i % 12, 1 + (i * 3) % 28,
                    100 + n);
      nlohmann::json body = {{"name", names[i]},
                             {"idNumber", id_number(base)},
                             {"type", i % 5 == 4 ? "社会考生" : "院校考生"},
                             {"major", majors[i % 5]},
                             {"className", std::string(majors[i % 5]).substr(0, 6) + "2101"},
                             {"phone", "1391000" + std::to_string(1000 + n)}};
      // The demo student account 202109170001 (王小二) is the first of 北京科技大学's roster.
      if (n == 0) {
        body["studentNo"] = "202109170001";
        body["phone"] = "13910000005";
      }
      auto student = students::service::create(sql, actor, body, now);
      if (!student) return student.error();
    }
  }

  // Plans, with windows placed around now so that each is in a different phase.
  struct DemoPlan {
    const char* name;
    const char* cert;
    const char* mode;
    int registration_from;  //!< days from now: 报考中, 排考中, 公示中 and 已结束 at load time
  };
  // Names carry the year and month of their exams, as officers name plans.
  const DemoPlan plans[] = {
      {"网店运营推广职业技能等级证书第一批考试", "50000002", "certificate", -2},
      {"智能估值数据采集与应用职业技能等级证书按科目报考考试", "20000001", "subject", -3},
      {"JAVA应用开发职业技能等级证书考试计划", "50000003", "subject", -8},
      {"智能估值数据采集与应用职业技能等级证书全国统考", "20000001", "certificate", -45},
      {"智能新能源汽车职业技能等级证书(初级)考试", "50000001", "certificate", -120},
  };
  std::vector<std::pair<std::int64_t, std::int64_t>> made_plans;   // plan → certificate
  std::optional<std::pair<std::int64_t, std::int64_t>> open_plan;  // plan, level (按证书, open)
  std::optional<std::pair<std::int64_t, std::int64_t>>
      open_subject_plan;                    // plan, certificate (按科目, open)
  std::vector<std::int64_t> open_subjects;  // of open_subject_plan
  const Timestamp day = 86400;
  const Timestamp midnight = now - ((now + 8 * 3600) % day);
  auto at = [&](int days, int hour, int minute = 0) {
    return cst::format_minute(midnight + days * day + hour * 3600 + minute * 60);
  };
  for (const auto& p : plans) {
    auto it = cert_ids.find(p.cert);
    if (it == cert_ids.end()) continue;
    Scope reader;
    reader.role = Role::admin;
    auto cert = certificates::service::get(sql, reader, it->second);
    if (!cert) return cert.error();
    auto org = organizations::repository::find_any(sql, cert->org_id);
    Scope who = scope_of(*org, Role::org);
    audit::Actor actor{&who, "", "shell", ""};
    const int r = p.registration_from;
    const int exam = r + 17;
    const auto& level = cert->levels.front();
    nlohmann::json subjects = nlohmann::json::array();
    int hour = 8;
    for (const auto& s : level.subjects) {
      subjects.push_back(
          {{"subjectId", s.id}, {"start", at(exam, hour)}, {"end", at(exam, hour + 1)}});
      hour += 2;
    }
    const std::string named = cst::format_with(midnight + exam * day, "%Y年%m月") + p.name;
    nlohmann::json body = {
        {"name", named},
        {"mode", p.mode},
        {"paymentBeforeArranging", true},
        {"examNotice",
         "1. 考生须携带身份证和准考证，于考试开始前 30 分钟到达考场。\n2. 开考 15 "
         "分钟后不得入场。\n3. 考场内禁止使用手机等通讯工具。"},
        {"windows",
         {{"registrationStart", at(r, 0)},
          {"registrationEnd", at(r + 10, 18)},
          {"arrangingStart", at(r + 5, 0)},
          {"arrangingEnd", at(r + 15, 18)},
          {"scoreStart", at(exam + 1, 0)},
          {"scoreEnd", at(exam + 20, 18)},
          {"publicityStart", at(exam + 21, 0)},
          {"publicityEnd", at(exam + 35, 18)}}},
        {"levelIds", {level.id}},
        {"subjects", subjects},
        {"collegeIds", {ustb->id, ncut->id}},
    };
    auto plan = plans::service::create(sql, actor, body, now);
    if (!plan) return plan.error();
    // Loaded as history: published whatever the windows say.
    plans::repository::set_status(sql, plan->id, "published", now);
    made_plans.push_back({plan->id, it->second});
    if (p.registration_from == -2) open_plan = std::make_pair(plan->id, level.id);
    if (p.registration_from == -8) {
      arranging.plan_id = plan->id;
      arranging.certificate_id = it->second;
      for (const auto& s : level.subjects) arranging.subject_ids.push_back(s.id);
    }
    if (p.registration_from == -45 || p.registration_from == -120) {
      scored.push_back({plan->id, it->second, level.id, ustb_sites[it->second], p.registration_from,
                        p.registration_from == -45 ? "大数据与会计" : "新能源汽车技术"});
    }
    if (p.registration_from == -3) {
      open_subject_plan = std::make_pair(plan->id, it->second);
      for (const auto& s : level.subjects) open_subjects.push_back(s.id);
    }
  }

  // Exam rooms of 北京科技大学 in the plans that have not ended.
  Scope college = scope_of(*ustb, Role::college);
  audit::Actor room_actor{&college, "", "shell", ""};
  struct DemoRoom {
    const char* name;
    std::vector<std::string> types;
    int seats;
    const char* address;
  };
  const DemoRoom rooms[] = {{"模拟考场", {"机考+实操"}, 20, "机电信息楼 201"},
                            {"第一考场", {"笔试", "机考"}, 40, "主楼 305"},
                            {"实操考场", {"实操"}, 15, "实训中心 102"}};
  for (const auto& [plan_id, cert_id] : made_plans) {
    for (const auto& room : rooms) {
      auto made = rooms::service::create(sql, room_actor,
                                         {{"planId", plan_id},
                                          {"siteId", ustb_sites[cert_id]},
                                          {"certificateId", cert_id},
                                          {"name", room.name},
                                          {"types", room.types},
                                          {"seats", room.seats},
                                          {"region", "北京市北京市海淀区"},
                                          {"address", room.address}},
                                         now);
      if (!made && made.error().kind == ErrorKind::conflict) break;  // the plan has ended
      if (!made) return made.error();
    }
  }

  // Registrations of 北京科技大学 in both plans open for registration, by students whose majors
  // the certificates take: by certificate (the demo student 王小二 among them) and by subject.
  Scope college_scope = scope_of(*ustb, Role::college);
  // Payment applications name who made and who confirmed them: the demo accounts.
  if (auto officer = accounts::repository::find_by_username(sql, "ustb"))
    college_scope.account_id = officer->id;
  audit::Actor college_actor{&college_scope, "", "shell", ""};
  const auto roster = students::repository::list(sql, ustb->id, {}, {}, 1, 10, nullptr);
  if (open_plan) {
    for (const auto& s : roster) {
      if (s.major != "电子商务" && s.major != "市场营销") continue;
      auto added = registrations::service::add(
          sql, college_actor,
          {{"planId", open_plan->first}, {"studentId", s.id}, {"levelId", open_plan->second}}, now);
      if (!added) return added.error();
    }
  }
  if (open_subject_plan) {
    for (const auto& s : roster) {
      if (s.major != "大数据与会计") continue;
      auto added = registrations::service::add(sql, college_actor,
                                               {{"planId", open_subject_plan->first},
                                                {"studentId", s.id},
                                                {"subjectIds", open_subjects}},
                                               now);
      if (!added) return added.error();
    }
  }
  // Payments in each state: the 按科目 application confirmed by its payee, the 按证书 one 待确认.
  if (open_subject_plan) {
    auto paid = payments::service::generate(sql, college_actor,
                                            {{"planId", open_subject_plan->first},
                                             {"certificateId", open_subject_plan->second},
                                             {"mode", "subject"}},
                                            now);
    if (!paid) return paid.error();
    auto payee = organizations::repository::find_any(sql, paid->payee_org_id);
    Scope payee_scope = scope_of(*payee, Role::org);
    if (auto officer = accounts::repository::find_by_username(sql, "zhonglian"))
      payee_scope.account_id = officer->id;
    audit::Actor payee_actor{&payee_scope, "", "shell", ""};
    auto confirmed = payments::service::confirm(sql, payee_actor, {{"ids", {paid->id}}}, now);
    if (!confirmed) return confirmed.error();
  }
  if (open_plan) {
    Scope reader;
    reader.role = Role::admin;
    auto plan = plans::service::get(sql, reader, open_plan->first);
    if (!plan) return plan.error();
    auto pending =
        payments::service::generate(sql, college_actor,
                                    {{"planId", open_plan->first},
                                     {"certificateId", plan->levels.front().certificate_id},
                                     {"mode", "certificate"}},
                                    now);
    if (!pending) return pending.error();
  }
  return {};
}

// A plan whose exams are over, lived through at the times it ran: 北京科技大学's students of one
// major register and pay inside its 报考 window, a room is set up, the organisation arranges it
// inside 排考 and enters the scores inside 成绩登记 (one candidate 缺考, one below the pass mark).
// The 全国统考 is then in its 公示期, one score amended with a reason; the 新能源汽车 plan has
// ended, its results are decided, and one certificate is issued (signed, then confirmed by the
// site), another waits for the site.
// The demo account of an organisation (its officer signs what it does), if it has one.
std::int64_t officer_of(soci::session& sql, const organizations::Organization& org) {
  for (const auto& a : kAccounts) {
    if (org.name != a.org) continue;
    if (auto account = accounts::repository::find_by_username(sql, a.username)) return account->id;
  }
  return 0;
}

Status load_scores(App& app, soci::session& sql, Timestamp now, const ScoredPlan& plan) {
  auto ustb = organizations::repository::find_by_name(sql, "college", "北京科技大学");
  if (!ustb || !plan.site_id) return {};
  const Timestamp day = 86400;
  const Timestamp midnight = now - ((now + 8 * 3600) % day);
  const int r = plan.registration_from;
  const Timestamp registering = midnight + (r + 1) * day + 10 * 3600;
  const Timestamp arranging = midnight + (r + 6) * day + 10 * 3600;
  const Timestamp scoring = midnight + (r + 19) * day + 10 * 3600;
  Scope college = scope_of(*ustb, Role::college);
  if (auto officer = accounts::repository::find_by_username(sql, "ustb"))
    college.account_id = officer->id;
  audit::Actor college_actor{&college, "", "shell", ""};
  Scope reader;
  reader.role = Role::admin;
  auto p = plans::service::get(sql, reader, plan.plan_id);
  if (!p) return p.error();
  auto org = organizations::repository::find_any(sql, p->org_id);
  Scope org_scope = scope_of(*org, Role::org);
  org_scope.account_id = officer_of(sql, *org);
  audit::Actor org_actor{&org_scope, "", "shell", ""};

  bool any = false;
  for (const auto& s : students::repository::list(sql, ustb->id, {}, {}, 1, 50, nullptr)) {
    if (s.major != plan.major) continue;
    auto added = registrations::service::add(
        sql, college_actor,
        {{"planId", plan.plan_id}, {"studentId", s.id}, {"levelId", plan.level_id}}, registering);
    if (!added) return added.error();
    any = true;
  }
  if (!any) return {};
  auto paid = payments::service::generate(
      sql, college_actor,
      {{"planId", plan.plan_id}, {"certificateId", plan.certificate_id}, {"mode", "certificate"}},
      registering);
  if (!paid) return paid.error();
  auto payee = organizations::repository::find_any(sql, paid->payee_org_id);
  Scope payee_scope = scope_of(*payee, Role::org);
  payee_scope.account_id = officer_of(sql, *payee);
  audit::Actor payee_actor{&payee_scope, "", "shell", ""};
  auto confirmed = payments::service::confirm(sql, payee_actor, {{"ids", {paid->id}}}, registering);
  if (!confirmed) return confirmed.error();
  auto room = rooms::service::create(sql, college_actor,
                                     {{"planId", plan.plan_id},
                                      {"siteId", plan.site_id},
                                      {"certificateId", plan.certificate_id},
                                      {"name", "综合考场"},
                                      {"types", {"笔试", "机考", "实操"}},
                                      {"seats", 40},
                                      {"region", "北京市北京市海淀区"},
                                      {"address", "主楼 402"}},
                                     registering);
  if (!room) return room.error();
  auto started = arrangements::service::start(sql, app.jobs(), org_actor,
                                              {{"planId", plan.plan_id}}, arranging);
  if (!started) return started.error();
  app.jobs().register_type(arrangements::service::kJobType, "排考", arrangements::service::run_job);
  if (auto job = app.jobs().claim(sql)) app.jobs().run(*job);

  // Marks by candidate in ticket order. In the 全国统考 the second candidate fails the first
  // subject and a third would miss every exam; in the ended plan both pass (one certificate issued,
  // one waiting for the site).
  const char* publicity_marks[][2] = {{"86", "78.5"}, {"52.5", "71"}, {"", ""}};
  const char* ended_marks[][2] = {{"86", "78.5"}, {"92", "88"}, {"", ""}};
  const auto& marks = r == -45 ? publicity_marks : ended_marks;
  scores::Filter all;
  all.plan_id = plan.plan_id;
  const auto rows = scores::service::list(sql, org_scope, all, 1, 500, scoring)["items"];
  std::map<std::string, int> candidate;  // ticket → index
  std::map<std::string, int> taken;      // ticket → subjects entered
  for (const auto& row : rows) {
    const std::string ticket = row["ticketNo"];
    if (!candidate.count(ticket)) candidate[ticket] = static_cast<int>(candidate.size()) % 3;
    const char* mark = marks[candidate[ticket]][std::min(taken[ticket]++, 1)];
    nlohmann::json body =
        *mark ? nlohmann::json{{"score", mark}} : nlohmann::json{{"absent", true}};
    auto written =
        scores::service::write(sql, org_actor, row["id"].get<std::int64_t>(), body, scoring);
    if (!written) return written.error();
  }
  if (r == -45 && !rows.empty()) {
    // In the 公示期: a candidate queried a mark and the organisation corrected it.
    auto first = scores::service::get(sql, org_scope, rows[0]["id"].get<std::int64_t>(), now);
    if (!first) return first.error();
    auto amended = scores::service::write(sql, org_actor, (*first)["id"].get<std::int64_t>(),
                                          {{"score", "87.5"},
                                           {"reason", "考生申请复核，主观题漏计 1.5 分"},
                                           {"version", (*first)["version"]}},
                                          now - 3600);
    if (!amended) return amended.error();
  }
  if (r == -120) {
    results::Filter passed;
    passed.plan_id = plan.plan_id;
    passed.status = "passed";
    std::vector<std::int64_t> ids;
    const auto listed = results::service::list(sql, org_scope, passed, 1, 500, now);
    for (const auto& item : listed["items"]) ids.push_back(item["id"].get<std::int64_t>());
    if (ids.size() >= 2) {
      results::service::sign(sql, org_actor, {ids[0], ids[1]}, now - 2 * day);
      results::service::confirm(sql, college_actor, {ids[0]}, now - day);
    }
  }
  return {};
}

// Weekly reports of the last weeks in every state: 北京科技大学 approved, returned and approved
// again, returned, waiting for review, and this week's saved draft; 北方工业大学 some weeks only,
// so that 提交情况 shows 未填写 and different rates. Each is written at a time inside its week.
// 监考人员 of both colleges in every state: certified, returned with a reason, pending,
// unsubmitted.
// The JAVA plan in its 排考 window: 软件技术 students of both colleges register and pay, and the
// organisation arranges it, so that 排考管理, 考场编排, 排考明细 and 我的考试 show a real run
// (北方工业大学 has no site for the certificate: its candidates are listed as unplaced, and why).
Status load_arrangement(App& app, soci::session& sql, Timestamp now, const ArrangingPlan& plan) {
  if (!plan.plan_id) return {};
  for (const char* name : {"北京科技大学", "北方工业大学"}) {
    auto college = organizations::repository::find_by_name(sql, "college", name);
    if (!college) continue;
    Scope who = scope_of(*college, Role::college);
    if (auto officer = accounts::repository::find_by_username(
            sql, std::string(name) == "北京科技大学" ? "ustb" : "ncut"))
      who.account_id = officer->id;
    audit::Actor actor{&who, "", "shell", ""};
    bool any = false;
    for (const auto& s : students::repository::list(sql, college->id, {}, {}, 1, 50, nullptr)) {
      if (s.major != "软件技术") continue;
      auto added = registrations::service::add(
          sql, actor,
          {{"planId", plan.plan_id}, {"studentId", s.id}, {"subjectIds", plan.subject_ids}}, now);
      if (!added) return added.error();
      any = true;
    }
    if (!any) continue;
    auto paid = payments::service::generate(
        sql, actor,
        {{"planId", plan.plan_id}, {"certificateId", plan.certificate_id}, {"mode", "subject"}},
        now);
    if (!paid) return paid.error();
    auto payee = organizations::repository::find_any(sql, paid->payee_org_id);
    Scope payee_scope = scope_of(*payee, Role::org);
    if (auto officer = accounts::repository::find_by_username(sql, "zhonglian"))
      payee_scope.account_id = officer->id;
    audit::Actor payee_actor{&payee_scope, "", "shell", ""};
    auto confirmed = payments::service::confirm(sql, payee_actor, {{"ids", {paid->id}}}, now);
    if (!confirmed) return confirmed.error();
  }
  Scope reader;
  reader.role = Role::admin;
  auto p = plans::service::get(sql, reader, plan.plan_id);
  if (!p) return p.error();
  auto org = organizations::repository::find_any(sql, p->org_id);
  Scope org_scope = scope_of(*org, Role::org);
  if (auto officer = accounts::repository::find_by_username(sql, "zhonglian"))
    if (officer->org_id == org->id) org_scope.account_id = officer->id;
  audit::Actor org_actor{&org_scope, "", "shell", ""};
  auto started =
      arrangements::service::start(sql, app.jobs(), org_actor, {{"planId", plan.plan_id}}, now);
  if (!started) return started.error();
  // Run here and now, not by a server's workers: the demo shows the outcome at once.
  app.jobs().register_type(arrangements::service::kJobType, "排考", arrangements::service::run_job);
  if (auto job = app.jobs().claim(sql)) app.jobs().run(*job);
  return {};
}

Status load_invigilators(soci::session& sql, Timestamp now) {
  auto ustb = organizations::repository::find_by_name(sql, "college", "北京科技大学");
  auto ncut = organizations::repository::find_by_name(sql, "college", "北方工业大学");
  if (!ustb || !ncut) return {};
  const auto options = invigilators::service::options(sql);
  auto level = [&](const std::string& certificate, const std::string& name) -> std::int64_t {
    for (const auto& l : options["levels"]) {
      if (l["certificateName"] == certificate && l["level"] == name)
        return l["id"].get<std::int64_t>();
    }
    return 0;
  };
  struct Review {
    const char* level;
    const char* org;
    const char* decision;  //!< certify | return | "" (left pending)
    const char* reason;
  };
  struct DemoPerson {
    const organizations::Organization* college;
    const char* kind;
    const char* name;
    const char* id_number;
    const char* phone;
    const char* region;
    const char* certificate;
    std::vector<Review> levels;
    bool submit;
  };
  const DemoPerson people[] = {
      {&*ustb,
       "监考老师",
       "李虹",
       "110106198502150021",
       "18310000551",
       "北京市北京市丰台区",
       "智能新能源汽车职业技能等级证书",
       {{"初级", "北京中车行高新技术有限公司", "certify", ""}},
       true},
      {&*ustb,
       "巡考老师",
       "张伟",
       "110108197903120016",
       "13810086712",
       "北京市北京市海淀区",
       "智能估值数据采集与应用职业技能等级证书",
       {{"初级", "中联集团教育科技有限公司", "certify", ""},
        {"中级", "中联集团教育科技有限公司", "return", "未参加中级考评员培训，请培训合格后再提交"}},
       true},
      {&*ustb,
       "监考老师",
       "王芳",
       "110105199106230044",
       "13621137745",
       "北京市北京市朝阳区",
       "老年照护职业技能等级证书",
       {{"初级", "", "", ""}},
       false},
      {&*ncut,
       "监考老师",
       "赵磊",
       "110107198807140031",
       "18610293384",
       "北京市北京市石景山区",
       "网店运营推广职业技能等级证书",
       {{"初级", "", "", ""}},
       true},
  };
  for (const auto& d : people) {
    Scope college = scope_of(*d.college, Role::college);
    const audit::Actor college_actor{&college, "", "shell", ""};
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& r : d.levels) ids.push_back(level(d.certificate, r.level));
    auto made = invigilators::service::create(sql, college_actor,
                                              {{"kind", d.kind},
                                               {"name", d.name},
                                               {"idNumber", d.id_number},
                                               {"phone", d.phone},
                                               {"region", d.region},
                                               {"levelIds", ids}},
                                              now);
    if (!made && made.error().kind == ErrorKind::conflict) continue;  // loaded before
    if (!made) return made.error();
    if (!d.submit) continue;
    auto sent = invigilators::service::submit(sql, college_actor, made->id,
                                              {{"version", made->version}}, now);
    if (!sent) return sent.error();
    for (std::size_t i = 0; i < d.levels.size(); ++i) {
      const auto& r = d.levels[i];
      if (!*r.decision) continue;
      auto org = organizations::repository::find_by_name(sql, "org", r.org);
      if (!org) continue;
      Scope reviewer = scope_of(*org, Role::org);
      reviewer.display_name = "考务专员";
      const audit::Actor org_actor{&reviewer, "", "shell", ""};
      auto done = invigilators::service::review(
          sql, org_actor,
          {{"ids", {sent->certificates[i].id}}, {"decision", r.decision}, {"reason", r.reason}},
          now);
      if (!done) return done.error();
    }
  }
  return {};
}

Status load_weekly_reports(soci::session& sql, Timestamp now) {
  auto ustb = organizations::repository::find_by_name(sql, "college", "北京科技大学");
  auto ncut = organizations::repository::find_by_name(sql, "college", "北方工业大学");
  auto bjjw = organizations::repository::find_by_name(sql, "province", "北京教育委员会");
  if (!ustb || !ncut || !bjjw) return {};
  Scope province = scope_of(*bjjw, Role::province);
  province.display_name = "北京教委职成处";
  const audit::Actor reviewer{&province, "", "shell", ""};
  const Timestamp week = 7 * 86400;
  const Timestamp this_week =
      weekly_reports::natural_period(weekly_reports::Cadence::weekly, now).start;
  struct Step {
    int weeks_ago;
    const char* progress;
    const char* difficulties;
    std::vector<std::pair<bool, const char*>>
        reviews;  //!< approve?, opinion; resubmitted after a return
    bool submit;
  };
  const std::vector<std::pair<const organizations::Organization*, std::vector<Step>>> plan = {
      {&*ustb,
       {{4,
         "完成网店运营推广证书考前培训 3 次，参训学生 86 人。",
         "实训机房座位紧张。",
         {{true, "内容完整，同意。"}},
         true},
        {3,
         "组织模拟考试一次，考生 120 人，通过率 82%。",
         "部分考生对实操题型不熟悉。",
         {{false, "请补充模拟考试各专业的人数。"}, {true, "已补充，同意。"}},
         true},
        {2, "完成考场布置，准备考核站点材料。", "", {{false, "请附签名盖章的扫描件。"}}, true},
        {1, "安排监考人员培训，确认考生名单。", "监考人员不足。", {}, true},
        {0, "本周计划：完成准考证打印与考前说明会。", "", {}, false}}},
      {&*ncut,
       {{4, "完成考生报名信息核对。", "", {{true, "同意。"}}, true},
        {2, "组织考前培训两次。", "培训场地不足。", {}, true}}},
  };
  for (const auto& [college_org, steps] : plan) {
    Scope college = scope_of(*college_org, Role::college);
    college.display_name = college_org->name + "考务老师";
    const audit::Actor writer{&college, "", "shell", ""};
    for (const auto& step : steps) {
      const Timestamp written =
          this_week - step.weeks_ago * week + 86400 + 10 * 3600;  // Tuesday 10:00
      if (written > now) continue;
      auto r = weekly_reports::service::create(sql, writer,
                                               {{"progress", step.progress},
                                                {"difficulties", step.difficulties},
                                                {"submit", step.submit}},
                                               written);
      if (!r) {
        if (r.error().kind == ErrorKind::conflict) continue;  // loaded before
        return r.error();
      }
      Timestamp at = written;
      int version = r->version;
      for (std::size_t i = 0; i < step.reviews.size(); ++i) {
        at += 86400;
        auto reviewed = weekly_reports::service::review(sql, reviewer, r->id, step.reviews[i].first,
                                                        {{"opinion", step.reviews[i].second}}, at);
        if (!reviewed) return reviewed.error();
        version = reviewed->version;
        if (!step.reviews[i].first && i + 1 < step.reviews.size()) {
          at += 3600;
          auto again = weekly_reports::service::update(
              sql, writer, r->id,
              {{"version", version},
               {"progress", std::string(step.progress) + "（已补充各专业人数）"},
               {"submit", true}},
              at);
          if (!again) return again.error();
        }
      }
    }
  }
  return {};
}
}  // namespace

// 教师管理: the demo teacher 李虹 (account 13800138000, also certified exam staff) and a few more
// teachers, whose account SMS wait in the outbox for the platform administrator to read.
Status load_teachers(soci::session& sql, Timestamp now) {
  auto ustb = organizations::repository::find_by_name(sql, "college", "北京科技大学");
  auto ncut = organizations::repository::find_by_name(sql, "college", "北方工业大学");
  if (!ustb || !ncut) return {};
  if (!teachers::repository::find_by_phone(sql, "13800138000")) {
    if (auto account = accounts::service::find_id(sql, "13800138000")) {
      teachers::Teacher t;
      t.college_id = ustb->id;
      t.name = "李虹";
      t.id_number = "110106198502150021";
      t.gender = "女";
      t.department = "机械工程学院";
      t.phone = "13800138000";
      t.education = "博士研究生";
      t.title = "副教授";
      t.position = "汽车工程系副主任";
      t.research = "新能源汽车动力系统";
      t.created_at = t.updated_at = now;
      TRY(db::write_tx(sql, [&]() -> Status {
        teachers::repository::set_account(sql, teachers::repository::insert(sql, t), *account);
        return {};
      }));
    }
  }
  struct DemoTeacher {
    const organizations::Organization* college;
    const char* name;
    const char* id_number;
    const char* department;
    const char* phone;
    const char* title;
    const char* research;
  };
  const DemoTeacher people[] = {
      {&*ustb, "张伟", "110108197903120016", "经济管理学院", "13810086712", "教授", "金融数据分析"},
      {&*ustb, "刘洋", "110101198811070031", "计算机与通信工程学院", "13521108833", "讲师",
       "物联网应用技术"},
      {&*ustb, "陈静", "110102199002280048", "自动化学院", "13701125566", "副教授", "工业机器人"},
      {&*ncut, "孙强", "110107198301250014", "机械与材料工程学院", "13911236678", "高级实验师",
       "智能制造"},
  };
  for (const auto& d : people) {
    Scope college = scope_of(*d.college, Role::college);
    const audit::Actor college_actor{&college, "", "shell", ""};
    auto made = teachers::service::create(sql, college_actor,
                                          {{"name", d.name},
                                           {"idNumber", d.id_number},
                                           {"department", d.department},
                                           {"phone", d.phone},
                                           {"title", d.title},
                                           {"research", d.research}},
                                          now);
    if (!made && made.error().kind == ErrorKind::conflict) continue;  // loaded before
    if (!made) return made.error();
  }
  return {};
}

int demo(const Config& config, bool if_empty, bool minimal) {
  auto created = App::create(config, true);
  if (!created) {
    std::cerr << created.error().message << "\n";
    return 1;
  }
  App& app = *created.value();
  db::Lease lease(app.database());
  soci::session& sql = *lease;
  long long count = 0;
  sql << "SELECT COUNT(*) FROM organizations", soci::into(count);
  if (if_empty && count > 0) {
    std::cout << "数据库中已有数据，未重复载入演示数据。演示账号：";
    for (const auto& a : kAccounts) std::cout << a.username << " ";
    std::cout << "\n忘记密码可执行：./build/kaowu user reset-password --username admin\n";
    return 0;
  }
  const auto now = app.clock().now();
  audit::Actor actor;
  actor.username = "kaowu demo";
  actor.ip = "shell";
  std::int64_t province_id = 0;
  for (const auto& o : kOrgs) {
    if (auto existing = organizations::repository::find_by_name(sql, o.type, o.name)) {
      if (std::string(o.type) == "province") province_id = existing->id;
      continue;
    }
    organizations::Organization org;
    org.type = o.type;
    org.name = o.name;
    if (o.college_type) {
      org.college_type = o.college_type;
      org.province_id = province_id;
    }
    org.region = o.region;
    org.contact_name = o.contact;
    org.contact_phone = o.phone;
    if (org.type == "org") {
      // A made-up account of the organisation's, for the 缴费通知单 (not a real one).
      org.bank_account_name = o.name;
      org.bank_name = "中国工商银行北京分行营业部（演示）";
      org.bank_account = "0200 0000 0000 " + std::to_string(1000 + (&o - kOrgs));
    }
    org.created_at = org.updated_at = now;
    std::int64_t id = 0;
    Status st = db::write_tx(sql, [&]() -> Status {
      id = organizations::repository::insert(sql, org);
      audit::record(
          sql, actor,
          {"create", "organization", std::to_string(id), std::string("演示数据：新增") + o.name,
           nullptr, nullptr, std::string("机构 ") + o.name},
          now);
      return {};
    });
    if (!st) {
      std::cerr << st.error().message << "\n";
      return 1;
    }
    if (std::string(o.type) == "province") province_id = id;
  }
  std::cout << "演示账号（密码只显示这一次，请妥善保存；忘记可用 ./build/kaowu user reset-password "
               "--username 用户名 重置）：\n";
  std::cout << "  角色              用户名           密码\n";
  for (const auto& a : kAccounts) {
    auto role = parse_role(a.role);
    auto org = organizations::repository::find_by_name(sql, org_type_for(*role), a.org);
    if (!org) continue;
    accounts::service::NewAccount in;
    in.username = a.username;
    in.display_name = a.display_name;
    in.role = a.role;
    in.org_id = org->id;
    in.phone = a.phone;
    in.must_change_password = false;
    auto result = accounts::service::create(sql, actor, in, now);
    if (!result) {
      if (result.error().kind == ErrorKind::conflict) {
        std::cout << "  " << role_name(*role) << "\t" << a.username << "\t（已存在，密码未改动）\n";
        continue;
      }
      std::cerr << a.username << ": " << result.error().message << "\n";
      return 1;
    }
    std::cout << "  " << role_name(*role) << "\t" << a.username << "\t" << result->password << "\n";
  }
  if (minimal) return 0;
  ArrangingPlan arranging;
  std::vector<ScoredPlan> scored;
  if (Status st = load_exam_setup(sql, now, arranging, scored); !st) {
    std::cerr << "演示证书和考试计划载入失败：" << st.error().message << "\n";
    return 1;
  }
  if (Status st = load_invigilators(sql, now); !st) {
    std::cerr << "演示监考人员载入失败：" << st.error().message << "\n";
    return 1;
  }
  if (Status st = load_weekly_reports(sql, now); !st) {
    std::cerr << "演示周报载入失败：" << st.error().message << "\n";
    return 1;
  }
  if (Status st = load_arrangement(app, sql, now, arranging); !st) {
    std::cerr << "演示排考载入失败：" << st.error().message << "\n";
    return 1;
  }
  for (const auto& plan : scored) {
    if (Status st = load_scores(app, sql, now, plan); !st) {
      std::cerr << "演示成绩载入失败：" << st.error().message << "\n";
      return 1;
    }
  }
  if (Status st = load_teachers(sql, now); !st) {
    std::cerr << "演示教师载入失败：" << st.error().message << "\n";
    return 1;
  }
  return 0;
}

int user(const Config& config, const UserOptions& options) {
  auto created = App::create(config, true);
  if (!created) {
    std::cerr << created.error().message << "\n";
    return 1;
  }
  App& app = *created.value();
  db::Lease lease(app.database());
  soci::session& sql = *lease;
  const auto now = app.clock().now();
  audit::Actor actor;
  actor.username = "kaowu user";
  actor.ip = "shell";
  if (options.action == "list") {
    accounts::Filter f;
    auto page = accounts::service::list(sql, f, 1, 500, now);
    for (const auto& a : page["items"]) {
      std::cout << a["id"] << "\t" << a["username"].get<std::string>() << "\t"
                << a["roleName"].get<std::string>() << "\t" << a["orgName"].get<std::string>()
                << "\t" << (a["enabled"].get<bool>() ? "启用" : "停用") << "\n";
    }
    return 0;
  }
  if (options.username.empty()) {
    std::cerr << "请用 --username 指定用户名\n";
    return 2;
  }
  if (options.action == "reset-password") {
    auto account = accounts::service::find_id(sql, options.username);
    if (!account) {
      std::cerr << "账号「" << options.username << "」不存在\n";
      return 1;
    }
    auto pw = accounts::service::reset_password(sql, actor, *account, options.password, now);
    if (!pw) {
      std::cerr << pw.error().message << "\n";
      return 1;
    }
    std::cout << "账号 " << options.username << " 的新密码：" << pw.value()
              << "（下次登录须修改）\n";
    return 0;
  }
  auto role = parse_role(options.role);
  if (!role) {
    std::cerr << "--role 须为 admin、org、college、province、student 或 teacher\n";
    return 2;
  }
  std::optional<organizations::Organization> org;
  if (options.org.empty()) {
    if (*role != Role::admin) {
      std::cerr << "请用 --org 指定所属机构（id 或名称）\n";
      return 2;
    }
    org = organizations::repository::find_by_name(sql, "platform", "1+X 考务平台运营中心");
    if (!org) {
      organizations::Organization platform;
      platform.type = "platform";
      platform.name = "1+X 考务平台运营中心";
      platform.created_at = platform.updated_at = now;
      platform.id = organizations::repository::insert(sql, platform);
      org = platform;
    }
  } else if (options.org.find_first_not_of("0123456789") == std::string::npos) {
    org = organizations::repository::find_any(sql, std::stoll(options.org));
  } else {
    org = organizations::repository::find_by_name(sql, org_type_for(*role), options.org);
  }
  if (!org) {
    std::cerr << "机构「" << options.org << "」不存在\n";
    return 1;
  }
  accounts::service::NewAccount in;
  in.username = options.username;
  in.display_name = options.display_name.empty() ? options.username : options.display_name;
  in.role = options.role;
  in.org_id = org->id;
  in.password = options.password;
  in.must_change_password = options.must_change;
  auto result = accounts::service::create(sql, actor, in, now);
  if (!result) {
    std::cerr << result.error().message << "\n";
    return 1;
  }
  std::cout << "已创建" << role_name(*role) << "账号 " << options.username << "（" << org->name
            << "）";
  if (options.password.empty()) std::cout << "，密码：" << result->password;
  std::cout << "\n";
  return 0;
}

}  // namespace kaowu::cli
