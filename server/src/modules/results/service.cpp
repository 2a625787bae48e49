#include "modules/results/service.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <functional>
#include <map>
#include <set>

#include "core/auth/password.hpp"
#include "core/auth/server_keys.hpp"
#include "core/db/database.hpp"
#include "core/http/schema.hpp"
#include "core/temp_files.hpp"
#include "modules/arrangements/ledger.hpp"
#include "modules/certificates/service.hpp"
#include "modules/plans/ledger.hpp"
#include "modules/registrations/ledger.hpp"
#include "modules/results/certificate.hpp"
#include "modules/results/repository.hpp"
#include "modules/scores/ledger.hpp"
#include "modules/scores/model.hpp"
#include "modules/students/ledger.hpp"
#include "office/mask.hpp"

namespace kaowu::results::service {

namespace {

// The results of one plan, inside the caller's transaction.
void decide_plan(soci::session& sql, std::int64_t plan_id, Timestamp now) {
  std::map<std::int64_t, scores::ledger::Score> marks;
  scores::ledger::lock_plan(sql, plan_id, now);
  for (const auto& s : scores::ledger::of_plan(sql, plan_id)) marks[s.registration_id] = s;
  std::map<std::int64_t, std::int64_t> site_of;  // registration → site, for arranged ones
  for (const auto& s : arrangements::ledger::seats(sql, plan_id))
    site_of[s.registration_id] = s.site_id;
  struct Candidate {
    repository::NewResult result;
    std::map<std::int64_t, SubjectMark> subjects;  // by subject id
    bool arranged = false;
  };
  std::map<std::pair<std::int64_t, std::int64_t>, Candidate> candidates;  // (student, level)
  std::map<std::int64_t, std::optional<certificates::service::LevelRef>> levels;
  for (const auto& r : registrations::ledger::of_plan(sql, plan_id)) {
    auto& level = levels[r.level_id];
    if (!level) level = certificates::service::find_level(sql, r.level_id);
    auto& c = candidates[{r.student_id, r.level_id}];
    c.result.plan_id = plan_id;
    c.result.college_id = r.college_id;
    c.result.student_id = r.student_id;
    c.result.certificate_id = r.certificate_id;
    c.result.level_id = r.level_id;
    SubjectMark m;
    if (level) {
      for (const auto& s : level->level().subjects) {
        if (s.id == r.subject_id) {
          m.full_mark = s.full_mark;
          m.pass_mark = s.pass_mark;
        }
      }
    }
    if (auto it = site_of.find(r.id); it != site_of.end()) {
      c.arranged = true;
      if (!c.result.site_id) c.result.site_id = it->second;
    }
    if (auto it = marks.find(r.id); it != marks.end()) {
      m.entered = true;
      m.absent = it->second.absent;
      m.tenths = it->second.tenths;
    }
    c.subjects[r.subject_id] = m;
  }
  std::vector<repository::NewResult> rows;
  for (auto& [key, c] : candidates) {
    if (!c.arranged) continue;  // never seated: no result (the list shows only arranged ones)
    const auto& level = levels[key.second];
    const std::string condition = level ? level->level().pass_condition : "all_subjects";
    const auto total = level ? level->level().pass_total : std::nullopt;
    // Every subject of the level counts: one the candidate did not register or sit is 缺考.
    std::vector<SubjectMark> marks;
    if (level) {
      for (const auto& s : level->level().subjects) {
        auto it = c.subjects.find(s.id);
        SubjectMark m = it != c.subjects.end() ? it->second : SubjectMark{};
        m.full_mark = s.full_mark;
        m.pass_mark = s.pass_mark;
        marks.push_back(m);
      }
    } else {
      for (const auto& [id, m] : c.subjects) marks.push_back(m);
    }
    const Decision d = decide(condition, total, marks);
    c.result.status = d.status;
    c.result.total_tenths = d.total_tenths;
    c.result.pass_condition = condition;
    if (condition == "total") c.result.pass_total = total;
    rows.push_back(c.result);
  }
  repository::insert(sql, rows, now);
  spdlog::info("plan {}: {} results decided", plan_id, rows.size());
}

std::string object_of(const Row& r) {
  return "考证结果 " + r.student_name + " (" + r.student_no + ") " + r.certificate_name + "（" +
         r.level + "）";
}

void record(soci::session& sql, const audit::Actor& actor, const std::string& action, const Row& r,
            const std::string& summary, const std::string& before, const std::string& after,
            Timestamp now) {
  audit::Entry e{action,
                 "result",
                 std::to_string(r.id),
                 summary,
                 {{"issueState", before}},
                 {{"issueState", after}}};
  e.object = object_of(r);
  audit::record(sql, actor, e, now);
}

repository::Issue issue_of(const Row& r) {
  repository::Issue i;
  i.state = r.issue_state;
  i.signed_at = r.signed_at;
  i.confirmed_at = r.confirmed_at;
  i.return_reason = r.return_reason;
  i.returned_by = r.returned_by;
  i.returned_at = r.returned_at;
  i.certificate_no = r.certificate_no;
  return i;
}

std::string token_of(soci::session& sql, const std::string& certificate_no, Timestamp now) {
  const std::string key = server_keys::get(sql, "certificate_qr", now);
  return certificate_no + "-" + crypto::hmac_sha256_hex(key, certificate_no).substr(0, 20);
}

std::string date_text(Timestamp t) {
  return cst::format_with(t, "%Y年%m月%d日");
}

Result<Row> visible(soci::session& sql, const Scope& scope, std::int64_t id) {
  Filter f;
  if (scope.role == Role::student) {
    const auto student = students::ledger::find_by_no(sql, scope.org_id, scope.username);
    if (!student) return err::not_found("考证结果不存在");
    f.student_id = student->id;
  }
  const auto q = repository::query(scope, f, {id});
  const auto rows = repository::list(sql, q, 1, 1);
  if (rows.empty()) return err::not_found("考证结果不存在");
  return rows.front();
}

// Runs `step` for each id in a transaction of its own, under the result's row lock; a refusal
// names the candidate.
batch::BatchResult each(soci::session& sql, const std::vector<std::int64_t>& ids,
                        const std::function<Status(std::int64_t)>& step) {
  batch::BatchResult out;
  for (const auto id : ids) {
    const Status st = db::write_tx(sql, [&]() -> Status {
      if (auto row = repository::find(sql, id); row && row->result_id)
        repository::lock(sql, *row->result_id);
      return step(id);
    });
    if (st) {
      ++out.done;
    } else {
      auto r = repository::find(sql, id);
      out.refuse(id, r ? r->student_name + "（" + r->student_no + "）" : "", st.error().message);
    }
  }
  return out;
}

}  // namespace

int decide_due(soci::session& sql, Timestamp now) {
  int decided = 0;
  for (const auto plan : repository::undecided(sql, plans::ledger::publicity_ended(sql, now))) {
    const Status st = db::write_tx(sql, [&]() -> Status {
      if (!repository::claim_decision(sql, plan, now)) return {};
      decide_plan(sql, plan, now);
      ++decided;
      return {};
    });
    if (!st) spdlog::warn("plan {}: results not decided: {}", plan, st.error().message);
  }
  return decided;
}

nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size, Timestamp now) {
  decide_due(sql, now);
  const auto q = repository::query(scope, filter, {});
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : repository::list(sql, q, page, page_size)) items.push_back(to_json(r));
  return {{"items", items}, {"total", q.count(sql)}, {"page", page}, {"pageSize", page_size}};
}

Result<nlohmann::json> get(soci::session& sql, const Scope& scope, std::int64_t id, Timestamp now) {
  decide_due(sql, now);
  const Row r = TRY(visible(sql, scope, id));
  auto out = to_json(r);
  nlohmann::json subjects = nlohmann::json::array();
  const bool org = scope.is_admin() || scope.role == Role::org;
  for (const auto& s :
       scores::ledger::of_candidate(sql, r.plan_id, r.student_id, r.level_id, now)) {
    const bool show = org || s.published;
    std::string text = "成绩未公示";
    if (show)
      text = !s.entered ? "未登记"
             : s.absent ? "缺考"
             : s.tenths ? scores::format_mark(*s.tenths)
                        : "";
    subjects.push_back({{"subjectCode", s.subject_code},
                        {"subjectName", s.subject_name},
                        {"mode", s.mode},
                        {"fullMark", s.full_mark},
                        {"passMark", s.pass_mark},
                        {"score", text}});
  }
  out["subjects"] = subjects;
  nlohmann::json steps = nlohmann::json::array();
  if (r.status == "passed") {
    steps.push_back({{"title", "培训评价组织签发"},
                     {"done", r.signed_at != 0 && r.issue_state != "returned"},
                     {"at", r.signed_at ? nlohmann::json(cst::format(r.signed_at)) : nullptr}});
    steps.push_back(
        {{"title", "考核站点确认"},
         {"done", r.issue_state == "issued"},
         {"at", r.confirmed_at ? nlohmann::json(cst::format(r.confirmed_at)) : nullptr}});
    steps.push_back({{"title", "已发证"}, {"done", r.issue_state == "issued"}, {"at", nullptr}});
  }
  out["steps"] = steps;
  out["total"] = r.total_tenths ? nlohmann::json(scores::format_mark(*r.total_tenths))
                                : nlohmann::json(nullptr);
  out["canDownload"] = r.issue_state == "issued" && r.status == "passed";
  out["canSign"] = scope.role == Role::org && r.status == "passed" &&
                   (r.issue_state == "none" || r.issue_state == "returned");
  out["canConfirm"] = scope.role == Role::college && r.status == "passed" &&
                      r.issue_state == "signed" && r.site_college_id == scope.org_id;
  out["canReturn"] = r.status == "passed" && r.issue_state == "signed" &&
                     (scope.role == Role::org ||
                      (scope.role == Role::college && r.site_college_id == scope.org_id));
  return out;
}

nlohmann::json detail_schema() {
  namespace s = http::schema;
  auto out = schema();
  out["properties"]["subjects"] = s::array(s::object({{"subjectCode", s::string()},
                                                      {"subjectName", s::string()},
                                                      {"mode", s::string()},
                                                      {"fullMark", s::integer()},
                                                      {"passMark", s::integer()},
                                                      {"score", s::string()}}));
  out["properties"]["steps"] = s::array(s::object(
      {{"title", s::string()}, {"done", s::boolean()}, {"at", s::nullable(s::datetime())}}));
  out["properties"]["total"] = s::nullable(s::string());
  for (const char* k : {"canDownload", "canSign", "canConfirm", "canReturn"})
    out["properties"][k] = s::boolean();
  for (const char* k :
       {"subjects", "steps", "total", "canDownload", "canSign", "canConfirm", "canReturn"})
    out["required"].push_back(k);
  return out;
}

batch::BatchResult sign(soci::session& sql, const audit::Actor& actor,
                        const std::vector<std::int64_t>& ids, Timestamp now) {
  decide_due(sql, now);
  return each(sql, ids, [&](std::int64_t id) -> Status {
    const Row r = TRY(visible(sql, *actor.scope, id));
    if (!r.result_id) {
      return err::conflict("成绩尚未锁定（公示期至 " + cst::format_minute(r.publicity_end) +
                           "），考核中的结果不能签发");
    }
    if (r.status != "passed") {
      return err::conflict(std::string("考核状态为") + status_name(r.status) +
                           "，只有已通过的才能签发");
    }
    if (r.issue_state == "signed") return err::conflict("已签发，等待考核站点确认");
    if (r.issue_state == "issued") return err::conflict("已发证");
    auto i = issue_of(r);
    i.state = "signed";
    i.signed_by = actor.scope->account_id;
    i.signed_at = now;
    if (!repository::set_issue(sql, *r.result_id, r.version, i))
      return err::conflict("该结果已被他人处理，请刷新后重试");
    record(sql, actor, "sign", r, "签发证书：" + r.student_name + " " + r.certificate_name,
           r.issue_state, "signed", now);
    return {};
  });
}

batch::BatchResult confirm(soci::session& sql, const audit::Actor& actor,
                           const std::vector<std::int64_t>& ids, Timestamp now) {
  return each(sql, ids, [&](std::int64_t id) -> Status {
    const Row r = TRY(visible(sql, *actor.scope, id));
    if (!r.result_id || r.status != "passed") return err::conflict("只有已通过的结果才能确认发证");
    if (r.site_college_id != actor.scope->org_id) {
      return err::forbidden("只有考生所在考核站点「" + r.site_name + "」的院校可以确认发证");
    }
    if (r.issue_state == "issued") return err::conflict("已发证");
    if (r.issue_state != "signed") return err::conflict("培训评价组织尚未签发，考核站点不能确认");
    auto i = issue_of(r);
    i.state = "issued";
    i.confirmed_by = actor.scope->account_id;
    i.confirmed_at = now;
    // 证书编号: the level's 8 digits, the year, a 6-digit serial of that level and year.
    const std::string prefix = r.level_code + cst::format_with(now, "%Y");
    char serial[16];
    std::snprintf(serial, sizeof serial, "%06lld", repository::next_serial(sql, prefix));
    i.certificate_no = prefix + serial;
    if (!repository::set_issue(sql, *r.result_id, r.version, i))
      return err::conflict("该结果已被他人处理，请刷新后重试");
    record(
        sql, actor, "confirm", r,
        "确认发证：" + r.student_name + " " + r.certificate_name + "，证书编号 " + i.certificate_no,
        r.issue_state, "issued", now);
    return {};
  });
}

Result<nlohmann::json> send_back(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                                 const std::string& reason, Timestamp now) {
  if (reason.empty()) return err::invalid("请填写退回原因", {{"field", "reason"}});
  if (reason.size() > 600) return err::invalid("退回原因最多 200 字", {{"field", "reason"}});
  const Scope& scope = *actor.scope;
  TRY(db::write_tx(sql, [&]() -> Status {
    auto row = repository::find(sql, id);
    if (row && row->result_id) repository::lock(sql, *row->result_id);
    const Row r = TRY(visible(sql, scope, id));
    if (!r.result_id || r.status != "passed") return err::conflict("只有已通过的结果才有发证流程");
    if (r.issue_state == "issued") return err::conflict("已发证，不能退回");
    if (r.issue_state != "signed") return err::conflict("尚未签发，无需退回");
    std::string by;
    if (scope.role == Role::org) {
      by = "org";
    } else if (scope.role == Role::college && r.site_college_id == scope.org_id) {
      by = "site";
    } else {
      return err::forbidden("只有培训评价组织或考生所在考核站点的院校可以退回");
    }
    auto i = issue_of(r);
    i.state = "returned";
    i.return_reason = reason;
    i.returned_by = by;
    i.returned_at = now;
    if (!repository::set_issue(sql, *r.result_id, r.version, i))
      return err::conflict("该结果已被他人处理，请刷新后重试");
    record(sql, actor, "return", r, "退回发证：" + r.student_name + "，原因：" + reason,
           r.issue_state, "returned", now);
    return {};
  }));
  return get(sql, scope, id, now);
}

Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope,
                                          const Filter& filter,
                                          const std::vector<std::int64_t>& ids, Timestamp now) {
  decide_due(sql, now);
  const auto q = repository::query(scope, filter, ids);
  return exporting::ExportSpec{.title = "证书考核详情",
                               .entity = "result",
                               .columns = export_columns(),
                               .rows = [&sql, q](const exporting::RowSink& sink) -> Status {
                                 Status st;
                                 q.each(sql, repository::kSelect, repository::kOrder,
                                        [&](const db::Row& row) {
                                          if (!st) return;
                                          st = sink(export_cells(repository::row_of(row)));
                                        });
                                 return st;
                               },
                               .count = q.count(sql)};
}

Result<http::Response> certificate_pdf(soci::session& sql, const Scope& scope, std::int64_t id,
                                       const std::string& base_url, Timestamp now,
                                       const std::string& temp_dir) {
  const Row r = TRY(visible(sql, scope, id));
  if (r.issue_state != "issued" || r.status != "passed") {
    return err::conflict("该证书尚未发放（须培训评价组织签发、考核站点确认后才能下载电子证书）");
  }
  certificate::Document doc{
      .name = r.student_name,
      .id_number = office::mask_id_number(r.id_number),
      .certificate_name = r.certificate_name,
      .level = r.level,
      .org_name = r.org_name,
      .certificate_no = r.certificate_no,
      .issued_on = date_text(r.confirmed_at),
      .verify_url = base_url + "/verify?c=" + token_of(sql, r.certificate_no, now)};
  temp_files::Scoped file(temp_files::make(temp_dir, "certificate", ".pdf"));
  TRY(certificate::write_pdf(file.path.string(), doc));
  std::ifstream in(file.path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  return http::Response::download(certificate::file_name(doc), "application/pdf", std::move(bytes));
}

nlohmann::json verify(soci::session& sql, const std::string& token, Timestamp now) {
  const auto dash = token.find('-');
  const nlohmann::json forged = {
      {"valid", false}, {"status", "forged"}, {"message", "二维码内容不是本平台发放的证书"}};
  if (dash == std::string::npos) return forged;
  const std::string no = token.substr(0, dash);
  if (token != token_of(sql, no, now)) return forged;
  Scope all;
  all.role = Role::admin;
  db::Query q = repository::query(all, {}, {});
  q.where("res.certificate_no = " + q.param(no));
  std::optional<Row> found;
  q.each(sql, repository::kSelect, "",
         [&](const db::Row& row) { found = repository::row_of(row); });
  if (!found) return {{"valid", false}, {"status", "forged"}, {"message", "证书编号不存在"}};
  const auto& r = *found;
  std::string name = r.student_name;
  return {{"valid", true},
          {"status", "valid"},
          {"message", "证书有效"},
          {"certificateNo", r.certificate_no},
          {"name", office::mask_name(name)},
          {"certificateName", r.certificate_name},
          {"level", r.level},
          {"orgName", r.org_name},
          {"issuedOn", date_text(r.confirmed_at)}};
}

nlohmann::json verify_schema() {
  namespace s = http::schema;
  return s::object({{"valid", s::boolean()},
                    {"status", s::enumeration({"valid", "forged"})},
                    {"message", s::string()},
                    {"certificateNo", s::string()},
                    {"name", s::string()},
                    {"certificateName", s::string()},
                    {"level", s::string()},
                    {"orgName", s::string()},
                    {"issuedOn", s::string()}},
                   {"certificateNo", "name", "certificateName", "level", "orgName", "issuedOn"});
}

Result<nlohmann::json> mine(soci::session& sql, const Scope& scope, Timestamp now) {
  if (scope.role != Role::student) return err::forbidden("只有考生可以查看自己的考证结果");
  decide_due(sql, now);
  nlohmann::json items = nlohmann::json::array();
  const auto student = students::ledger::find_by_no(sql, scope.org_id, scope.username);
  if (student) {
    Filter f;
    f.student_id = student->id;
    const auto q = repository::query(scope, f, {});
    for (const auto& r : repository::list(sql, q, 1, 1000)) {
      auto j = to_json(r);
      j["canDownload"] = r.issue_state == "issued" && r.status == "passed";
      items.push_back(j);
    }
  }
  return nlohmann::json{{"items", items}};
}

long long waiting(soci::session& sql, const Scope& scope, Timestamp now) {
  decide_due(sql, now);
  Filter f;
  if (scope.role == Role::org) {
    auto q = repository::query(scope, f, {});
    q.where("res.status = 'passed' AND res.issue_state IN ('none', 'returned')");
    return q.count(sql);
  }
  if (scope.role == Role::college) {
    auto q = repository::query(scope, f, {});
    q.where("res.issue_state = 'signed' AND s.college_id = " +
            q.param(static_cast<long long>(scope.org_id)));
    return q.count(sql);
  }
  return 0;
}

}  // namespace kaowu::results::service
