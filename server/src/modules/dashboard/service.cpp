#include "modules/dashboard/service.hpp"

#include <string>

#include "core/auth/permissions.hpp"
#include "core/http/schema.hpp"
#include "modules/payments/service.hpp"
#include "modules/plans/service.hpp"
#include "modules/registrations/service.hpp"
#include "modules/results/service.hpp"
#include "modules/scores/service.hpp"
#include "modules/sites/service.hpp"
#include "modules/weekly_reports/service.hpp"

namespace kaowu::dashboard::service {

namespace {
long long total_of(const nlohmann::json& page) {
  return page.value("total", 0LL);
}

nlohmann::json item(const std::string& key, const std::string& title, long long count,
                    const std::string& detail, const std::string& link) {
  return {{"key", key}, {"title", title}, {"count", count}, {"detail", detail}, {"link", link}};
}
}  // namespace

nlohmann::json todo_schema() {
  namespace s = http::schema;
  return s::object({{"items", s::array(s::object({{"key", s::string()},
                                                  {"title", s::string()},
                                                  {"count", s::integer()},
                                                  {"detail", s::string()},
                                                  {"link", s::string()}}))}});
}

nlohmann::json todo(soci::session& sql, const Scope& scope, Timestamp now) {
  nlohmann::json items = nlohmann::json::array();
  if (scope.role == Role::college) {
    // Plans open for registration, and the nearest deadline among them.
    const auto open =
        registrations::service::options(sql, scope, now).value("plans", nlohmann::json::array());
    std::string deadline;
    for (const auto& p : open) {
      const std::string end = p.value("registrationEnd", "");
      if (!end.empty() && (deadline.empty() || end < deadline)) deadline = end;
    }
    items.push_back(
        item("open_plans", "报考中的考试计划", static_cast<long long>(open.size()),
             deadline.empty() ? "目前没有可报考的考试计划" : "最近的报考截止时间 " + deadline,
             "/registrations"));
    registrations::Filter unpaid;
    unpaid.paid = false;
    items.push_back(item("unpaid", "未缴费的报考",
                         total_of(registrations::service::list(sql, scope, unpaid, 1, 1, now)),
                         "按证书或按科目生成缴费申请单后线下缴费", "/payments"));
    payments::Filter pending;
    pending.status = "pending";
    items.push_back(item("payments_pending", "待确认的缴费申请单",
                         total_of(payments::service::list(sql, scope, pending, 1, 1)),
                         "等待收费对象核对到账", "/payments?status=pending"));
    sites::Filter returned;
    returned.status = "returned";
    items.push_back(item("sites_returned", "已退回的考核站点申请",
                         total_of(sites::service::list(sql, scope, returned, 1, 1)),
                         "按退回意见修改后重新提交", "/sites?status=returned"));
    items.push_back(
        item("results_to_confirm", "待确认发证的证书", results::service::waiting(sql, scope, now),
             "培训评价组织已签发、考生在本院校考核站点参考的证书", "/results?issue=signed"));
  } else if (scope.role == Role::org) {
    sites::Filter review;
    review.status = "pending";
    items.push_back(item("sites_pending", "待审核的考核站点",
                         total_of(sites::service::list(sql, scope, review, 1, 1)),
                         "院校申请的考核站点", "/sites?status=pending"));
    payments::Filter pending;
    pending.status = "pending";
    items.push_back(item("payments_pending", "待确认的缴费申请单",
                         total_of(payments::service::list(sql, scope, pending, 1, 1)),
                         "核对到账后确认缴费", "/payments?status=pending"));
    plans::Filter arranging;
    arranging.phase = "arranging";
    arranging.now = now;
    items.push_back(item("plans_arranging", "排考中的考试计划",
                         total_of(plans::service::list(sql, scope, arranging, 1, 1, now)),
                         "排考时间窗口内的计划", "/plans?phase=arranging"));
    items.push_back(item("scores_missing", "成绩登记已截止仍未登记的成绩",
                         scores::service::overdue_missing(sql, scope, now),
                         "公示期结束后成绩锁定，未登记的按缺考处理", "/scores?state=missing"));
    items.push_back(item("results_to_sign", "待签发的证书",
                         results::service::waiting(sql, scope, now),
                         "考核通过的考生，签发后由考核站点确认发证", "/results?issue=none"));
  } else if (scope.role == Role::province) {
    weekly_reports::Filter pending;
    pending.state = "pending";
    items.push_back(item("weekly_pending", "待审核的周报",
                         total_of(weekly_reports::service::list(sql, scope, pending, 1, 1)),
                         "本省院校提交的周报", "/weekly-reports/review?status=pending"));
  }
  return {{"items", items}};
}

}  // namespace kaowu::dashboard::service
