#include "modules/sms/service.hpp"

#include <atomic>
#include <chrono>

#include "core/http/schema.hpp"
#include "modules/sms/repository.hpp"

namespace kaowu::sms::service {

namespace {
std::atomic<int> number_limit{5};
std::atomic<int> college_limit{2000};

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

void set_limits(Limits limits) {
  number_limit = limits.per_number_hour;
  college_limit = limits.per_college_hour;
}

Result<std::int64_t> queue(soci::session& sql, const Outgoing& out, Timestamp now) {
  const Template* t = find_template(out.template_code);
  if (!t) return err::internal("短信模板 " + out.template_code + " 不存在");
  if (!input::is_mobile(out.phone)) return err::invalid("手机号须为 11 位数字");
  const Timestamp hour_ago = now - 3600;
  if (const int limit = number_limit;
      limit > 0 && repository::count_to_phone(sql, out.phone, hour_ago) >= limit) {
    return err::make(ErrorKind::too_many_requests,
                     "手机号 " + out.phone + " 一小时内已发送 " + std::to_string(limit) +
                         " 条短信，已达上限，请一小时后再试",
                     "sms_number_limit");
  }
  if (const int limit = college_limit;
      out.college_id && limit > 0 &&
      repository::count_of_college(sql, *out.college_id, hour_ago) >= limit) {
    return err::make(
        ErrorKind::too_many_requests,
        "本院校一小时内已发送 " + std::to_string(limit) + " 条短信，已达上限，请一小时后再试",
        "sms_college_limit");
  }
  Message m;
  m.college_id = out.college_id;
  m.phone = out.phone;
  m.template_code = out.template_code;
  m.params = out.params;
  m.body = render(*t, out.params);
  m.subject_type = out.subject_type;
  m.subject_id = out.subject_id;
  m.created_at = now;
  return repository::insert(sql, m, wall_ms());
}

nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size) {
  long long total = 0;
  const auto college = scope.is_admin() ? std::nullopt : std::optional<std::int64_t>(scope.org_id);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& m : repository::list(sql, college, filter, page, page_size, &total))
    items.push_back(to_json(m, scope.is_admin()));
  return {{"items", items}, {"total", total}, {"page", page}, {"pageSize", page_size}};
}

std::map<std::int64_t, Message> latest_about(soci::session& sql, const std::string& subject_type,
                                             const std::vector<std::int64_t>& ids,
                                             const std::string& template_code) {
  return repository::latest(sql, subject_type, ids, template_code);
}

}  // namespace kaowu::sms::service
