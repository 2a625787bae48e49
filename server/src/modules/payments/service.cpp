#include "modules/payments/service.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "core/db/database.hpp"
#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/certificates/service.hpp"
#include "modules/exchange_routes.hpp"
#include "modules/organizations/service.hpp"
#include "modules/payments/repository.hpp"
#include "modules/plans/service.hpp"
#include "modules/registrations/ledger.hpp"
#include "office/pdf_document.hpp"

namespace kaowu::payments::service {

namespace {
repository::Visibility visibility(const Scope& scope) {
  repository::Visibility v;
  if (scope.is_admin()) return v;
  if (scope.role == Role::org) {
    v.org_id = scope.org_id;
  } else {
    v.college_id = scope.org_id;
  }
  return v;
}

bool visible(const Scope& scope, const Application& a) {
  if (scope.is_admin()) return true;
  if (scope.role == Role::org) return a.org_id == scope.org_id || a.payee_org_id == scope.org_id;
  if (scope.role == Role::college) return a.college_id == scope.org_id;
  return false;
}

bool registration_open(const plans::Plan& p, Timestamp now) {
  return p.status == "published" && p.windows.registration_start <= now &&
         now < p.windows.registration_end;
}

bool takes_part(const plans::Plan& p, std::int64_t college_id) {
  for (const auto& c : p.colleges) {
    if (c.id == college_id) return true;
  }
  return false;
}

nlohmann::json audit_view(const Application& a) {
  auto j = to_json(a, false);
  j.erase("amountInWords");
  return j;
}

// yyMMdd and four random digits, unused so far.
Result<std::string> new_number(soci::session& sql, Timestamp now) {
  static thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_int_distribution<int> four(0, 9999);
  const std::string day = cst::format_with(now, "%y%m%d");
  for (int attempt = 0; attempt < 64; ++attempt) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%s%04d", day.c_str(), four(rng));
    if (!repository::number_taken(sql, buf)) return std::string(buf);
  }
  return err::conflict("生成缴费单号失败，请稍后重试");
}
}  // namespace

nlohmann::json options_schema() {
  namespace s = http::schema;
  const auto certificate =
      s::object({{"id", s::integer()}, {"code", s::string()}, {"name", s::string()}});
  const auto plan = s::object({{"id", s::integer()},
                               {"name", s::string()},
                               {"mode", s::enumeration({"certificate", "subject"})},
                               {"modeName", s::string()},
                               {"payeeName", s::string()},
                               {"registrationEnd", s::datetime()},
                               {"certificates", s::array(certificate)}});
  return s::object({{"plans", s::array(plan)}});
}

nlohmann::json options(soci::session& sql, const Scope& scope, Timestamp now) {
  nlohmann::json plans = nlohmann::json::array();
  if (scope.role != Role::college) return {{"plans", plans}};
  for (const auto& p : plans::service::of_college(sql, scope.org_id)) {
    if (!registration_open(p, now)) continue;
    nlohmann::json certs = nlohmann::json::array();
    std::set<std::int64_t> seen;
    for (const auto& l : p.levels) {
      if (!seen.insert(l.certificate_id).second) continue;
      certs.push_back(
          {{"id", l.certificate_id}, {"code", l.certificate_code}, {"name", l.certificate_name}});
    }
    plans.push_back({{"id", p.id},
                     {"name", p.name},
                     {"mode", p.mode},
                     {"modeName", plans::mode_name(p.mode)},
                     {"payeeName", p.payee_name},
                     {"registrationEnd", cst::format(p.windows.registration_end)},
                     {"certificates", certs}});
  }
  return {{"plans", plans}};
}

nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size) {
  long long total = 0;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& a :
       repository::list(sql, visibility(scope), filter, {}, page, page_size, &total)) {
    items.push_back(to_json(a, false));
  }
  return {{"items", items}, {"total", total}, {"page", page}, {"pageSize", page_size}};
}

Result<Application> get(soci::session& sql, const Scope& scope, std::int64_t id) {
  auto a = repository::find(sql, id);
  if (!a || !visible(scope, *a)) return err::not_found("缴费申请单不存在或无权查看");
  a->lines = repository::lines(sql, id);
  return *a;
}

Result<Application> generate(soci::session& sql, const audit::Actor& actor,
                             const nlohmann::json& body, Timestamp now) {
  const Scope& scope = *actor.scope;
  const auto plan_id = TRY(input::integer(body, "planId", "考试计划", true));
  const auto certificate_id = TRY(input::integer(body, "certificateId", "考核证书", true));
  const std::string mode = body.value("mode", std::string());
  if (mode != "certificate" && mode != "subject")
    return err::invalid("缴费方式须为 按证书缴费 或 按科目缴费");

  auto plan = plans::service::find(sql, *plan_id);
  if (!plan || plan->status != "published" || !takes_part(*plan, scope.org_id)) {
    return err::not_found("考试计划不存在或本院校未参加");
  }
  if (!registration_open(*plan, now)) {
    return err::conflict("考试计划「" + plan->name + "」不在报考阶段，不能生成缴费申请单");
  }
  if (plan->mode != mode) {
    return err::conflict(
        std::string("考试计划「") + plan->name + "」为" + plans::mode_name(plan->mode) +
        "，请使用“" +
        (plan->mode == "subject" ? "按科目报考生生成缴费申请单" : "按证书报考生生成缴费申请单") +
        "”");
  }
  std::string certificate_name;
  for (const auto& l : plan->levels) {
    if (l.certificate_id == *certificate_id) certificate_name = l.certificate_name;
  }
  if (certificate_name.empty()) return err::invalid("所选考核证书不在该考试计划中");

  return db::write_tx(sql, [&]() -> Result<Application> {
    const auto regs = registrations::ledger::payable(sql, scope.org_id, plan->id, *certificate_id);
    if (regs.empty()) {
      return err::conflict(
          "「" + certificate_name +
          "」没有可生成缴费申请单的报考记录：本院校在该计划下的报考都已缴费或已在其他缴费申请单中");
    }
    std::map<std::int64_t, std::optional<certificates::service::LevelRef>> levels;
    auto level_of = [&](std::int64_t level_id) -> const certificates::Level* {
      auto& ref = levels[level_id];
      if (!ref) ref = certificates::service::find_level(sql, level_id);
      return ref ? &ref->level() : nullptr;
    };
    Application a;
    a.college_id = scope.org_id;
    a.college_name = scope.org_name;
    a.plan_id = plan->id;
    a.plan_name = plan->name;
    a.certificate_id = *certificate_id;
    a.certificate_name = certificate_name;
    a.org_id = plan->org_id;
    a.org_name = plan->org_name;
    a.payee_org_id = plan->payee_org_id;
    a.payee_name = plan->payee_name;
    a.mode = mode;
    a.created_by = scope.account_id;
    a.created_at = a.updated_at = now;
    std::set<std::int64_t> students;
    std::set<std::pair<std::int64_t, std::int64_t>> student_levels;
    std::vector<std::int64_t> ids;
    for (const auto& r : regs) {
      ids.push_back(r.id);
      students.insert(r.student_id);
      const certificates::Level* level = level_of(r.level_id);
      if (!level) return err::internal("证书等级缺失");
      if (mode == "certificate") {
        // One fee per student and level, whatever the number of its subjects.
        if (!student_levels.insert({r.student_id, r.level_id}).second) continue;
        a.lines.push_back(
            {.student_id = r.student_id, .level_id = r.level_id, .fee_fen = level->fee_fen});
      } else {
        std::int64_t fee = 0;
        for (const auto& s : level->subjects) {
          if (s.id == r.subject_id) fee = s.fee_fen;
        }
        a.lines.push_back({.student_id = r.student_id,
                           .level_id = r.level_id,
                           .subject_id = r.subject_id,
                           .fee_fen = fee});
      }
    }
    for (const auto& l : a.lines) a.amount_fen += l.fee_fen;
    a.head_count = static_cast<int>(students.size());
    a.number = TRY(new_number(sql, now));
    a.id = repository::insert(sql, a);
    // Only registrations still unpaid and in no other application move; a concurrent generation
    // that took some of them first makes this one give up rather than count them twice.
    if (registrations::ledger::attach(sql, ids, a.id, now) != static_cast<long long>(ids.size())) {
      return err::conflict("报考记录刚被其他缴费申请单占用，请刷新后重试");
    }
    audit::record(sql, actor,
                  {"create", "payment", std::to_string(a.id),
                   "生成缴费申请单 " + a.number + "（" + std::to_string(a.head_count) + " 人，" +
                       yuan(a.amount_fen) + " 元）",
                   nullptr, audit_view(a)},
                  now);
    a.lines = repository::lines(sql, a.id);
    return a;
  });
}

Status remove(soci::session& sql, const audit::Actor& actor, const input::Named& application,
              Timestamp now) {
  const std::int64_t id = application.id;
  return db::write_tx(sql, [&]() -> Status {
    Application before = TRY(get(sql, *actor.scope, id));
    if (actor.scope->role != Role::college)
      return err::forbidden("只有提交缴费申请单的院校可以删除");
    if (before.status == "pending" &&
        !db::lock_at_version(sql, "payment_applications", id, application.version)) {
      return err::conflict("缴费申请单 " + before.number + " 已被他人修改，请刷新后再删除");
    }
    if (before.status != "pending" || !repository::lock_pending(sql, id, now)) {
      return err::conflict("缴费申请单 " + before.number + " 已确认缴费，不能删除");
    }
    registrations::ledger::release(sql, id, now);
    repository::remove(sql, id);
    audit::record(sql, actor,
                  {"delete", "payment", std::to_string(id), "删除缴费申请单 " + before.number,
                   audit_view(before), nullptr},
                  now);
    return {};
  });
}

Result<batch::BatchResult> confirm(soci::session& sql, const audit::Actor& actor,
                                   const nlohmann::json& body, Timestamp now) {
  auto it = body.find("ids");
  if (it == body.end() || !it->is_array() || it->empty())
    return err::invalid("请勾选要确认缴费的缴费申请单");
  std::vector<std::int64_t> ids;
  for (const auto& v : *it) {
    if (!v.is_number_integer()) return err::invalid("缴费申请单编号格式不正确");
    ids.push_back(v.get<std::int64_t>());
  }
  if (ids.size() > 1000) return err::invalid("一次最多确认 1000 张缴费申请单");
  return db::write_tx(sql, [&]() -> Result<batch::BatchResult> {
    batch::BatchResult result;
    for (auto id : ids) {
      auto a = repository::find(sql, id);
      if (!a || !visible(*actor.scope, *a)) {
        result.refuse(id, "", "缴费申请单不存在，可能已被院校删除");
      } else if (a->payee_org_id != actor.scope->org_id) {
        // The money goes to the 收费对象; only it can say it arrived.
        result.refuse(id, a->number,
                      "缴费申请单 " + a->number + " 的收费对象是「" + a->payee_name +
                          "」，请由收费对象确认缴费");
      } else if (!repository::confirm_pending(sql, id, actor.scope->org_id, actor.scope->account_id,
                                              now)) {
        // Checked again by the update itself: read what happened a moment ago.
        const auto current = repository::find(sql, id);
        result.refuse(id, a->number,
                      current && current->status == "confirmed"
                          ? "缴费申请单 " + a->number + " 已确认，无需重复确认"
                          : "缴费申请单 " + a->number + " 不存在，可能已被院校删除");
      } else {
        registrations::ledger::mark_paid(sql, id, now);
        ++result.done;
        Application after = *a;
        after.status = "confirmed";
        after.confirmed_at = now;
        audit::record(sql, actor,
                      {"confirm", "payment", std::to_string(id),
                       "确认缴费 " + a->number + "（" + a->college_name + "，" +
                           yuan(a->amount_fen) + " 元）",
                       audit_view(*a), audit_view(after)},
                      now);
      }
    }
    return result;
  });
}

Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope,
                                          const Filter& filter,
                                          const std::vector<std::int64_t>& ids) {
  const auto v = visibility(scope);
  long long count = 0;
  repository::list(sql, v, filter, ids, 1, 1, &count);
  return exporting::ExportSpec{
      .title = "缴费申请单",
      .entity = "payment",
      .columns = export_columns(),
      .rows = [&sql, v, filter, ids](const exporting::RowSink& sink) -> Status {
        for (int page = 1;; ++page) {
          auto batch = repository::list(sql, v, filter, ids, page, 1000, nullptr);
          for (const auto& a : batch) TRY(sink(export_cells(a)));
          if (batch.size() < 1000) return {};
        }
      },
      .count = count};
}

Result<http::Response> notice_pdf(soci::session& sql, const Scope& scope, std::int64_t id,
                                  Timestamp now, const std::string& temp_dir) {
  Application a = TRY(get(sql, scope, id));
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(temp_dir, ec);
  const fs::path path =
      fs::path(temp_dir) / ("notice-" + std::to_string(a.id) + "-" + std::to_string(now) + "-" +
                            std::to_string(reinterpret_cast<std::uintptr_t>(&a)) + ".pdf");
  {
    auto doc = TRY(office::PdfDocument::create(path.string()));
    const double m = doc->margin(), w = doc->width() - 2 * m;
    double y = m;
    y += doc->text(m, y, w, "缴费通知单",
                   {.size = 18, .bold = true, .align = office::Align::center}) +
         14;
    y = doc->fields(m, y, w,
                    {{"缴费单号", a.number},
                     {"申请时间", cst::format_with(a.created_at, "%Y-%m-%d %H:%M")},
                     {"缴费院校", a.college_name},
                     {"收费对象", a.payee_name},
                     {"考试计划", a.plan_name},
                     {"考核证书", a.certificate_name},
                     {"缴费方式", mode_name(a.mode)},
                     {"缴费状态", status_name(a.status)},
                     {"缴费人数", std::to_string(a.head_count) + " 人"},
                     {"合计金额", yuan(a.amount_fen) + " 元"}}) +
        10;
    std::vector<std::vector<std::string>> rows;
    int n = 0;
    for (const auto& l : a.lines) {
      std::string item = a.certificate_name + "（" + l.level + "）";
      if (!l.subject_name.empty()) item = l.subject_name + "（" + l.subject_code + "）";
      rows.push_back({std::to_string(++n), l.student_no, l.student_name, item, yuan(l.fee_fen)});
    }
    rows.push_back({"", "", "合计", "", yuan(a.amount_fen)});
    y = doc->table(m, y, {40, 130, 80, w - 40 - 130 - 80 - 80, 80},
                   {"序号", "考生编号", "考生姓名", a.mode == "subject" ? "报考科目" : "证书等级",
                    "金额（元）"},
                   rows, {.size = 9.5});
    y += 12;
    if (y > doc->height() - m - 360) {  // the totals, the account and the stamp area stay together
      doc->new_page();
      y = m;
    }
    y +=
        doc->text(m, y, w, "合计金额（小写）：¥" + yuan(a.amount_fen), {.size = 11, .bold = true}) +
        6;
    y += doc->text(m, y, w, "合计金额（大写）：" + amount_in_words(a.amount_fen),
                   {.size = 11, .bold = true}) +
         14;
    // Where the money goes: the payee's account, as the organisation keeps it in 机构管理.
    const auto payee = organizations::service::payee_account(sql, a.payee_org_id);
    const std::string missing = "（收费对象尚未登记，请向其确认）";
    y += doc->text(m, y, w, "收款账户", {.size = 11, .bold = true}) + 4;
    y = doc->fields(m, y, w,
                    {{"户名", payee.holder.empty() ? a.payee_name + missing : payee.holder},
                     {"开户行", payee.bank.empty() ? missing : payee.bank},
                     {"账号", payee.account.empty() ? missing : payee.account}}) +
        10;
    y += doc->text(m, y, w,
                   "请按上述金额向收费对象转账，并在转账附言中注明缴费单号 " + a.number +
                       "。收费对象核对到账后在平台确认缴费，确认后考生报考记录显示“已缴费”。",
                   {.size = 10}) +
         24;
    // The stamp area: the college signs and stamps the notice it sends with the transfer.
    const double box = 150;
    const double x = m + w - box;
    doc->line(x, y, x + box, y);
    doc->line(x, y + box * 0.6, x + box, y + box * 0.6);
    doc->line(x, y, x, y + box * 0.6);
    doc->line(x + box, y, x + box, y + box * 0.6);
    doc->text(x, y + 6, box, "缴费院校（盖章）", {.size = 10, .align = office::Align::center});
    doc->text(x, y + box * 0.6 - 20, box, "年    月    日",
              {.size = 10, .align = office::Align::center});
    doc->text(m, y + 6, w - box - 20, "经办人签字：", {.size = 10});
    TRY(doc->close());
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream data;
  data << in.rdbuf();
  in.close();
  fs::remove(path, ec);
  return http::Response::download("缴费通知单_" + a.number + ".pdf", "application/pdf", data.str());
}

}  // namespace kaowu::payments::service
