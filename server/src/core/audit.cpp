#include "core/audit.hpp"

#include <map>

namespace kaowu::audit {

void record(soci::session& sql, const Actor& actor, const Entry& entry, Timestamp now) {
  long long at = now;
  long long account_id = actor.scope ? actor.scope->account_id : 0;
  long long org_id = actor.scope ? actor.scope->org_id : 0;
  soci::indicator account_ind = actor.scope ? soci::i_ok : soci::i_null;
  soci::indicator org_ind = actor.scope ? soci::i_ok : soci::i_null;
  std::string username = actor.scope ? actor.scope->username : actor.username;
  std::string display_name = actor.scope ? actor.scope->display_name : "";
  std::string role = actor.scope ? role_code(actor.scope->role) : "";
  std::string org_name = actor.scope ? actor.scope->org_name : "";
  std::string action = entry.action, entity = entry.entity, entity_id = entry.entity_id,
              summary = entry.summary, ip = actor.ip, request_id = actor.request_id;
  std::string before = entry.before.is_null() ? "" : entry.before.dump();
  std::string after = entry.after.is_null() ? "" : entry.after.dump();
  soci::indicator before_ind = entry.before.is_null() ? soci::i_null : soci::i_ok;
  soci::indicator after_ind = entry.after.is_null() ? soci::i_null : soci::i_ok;
  sql << "INSERT INTO audit_log(at, account_id, username, display_name, role, org_id, org_name, "
         "action, entity, entity_id, summary, before_json, after_json, ip, request_id) "
         "VALUES(:at, :acc, :u, :dn, :r, :o, :on, :ac, :en, :eid, :s, :b, :af, :ip, :rid)",
      soci::use(at), soci::use(account_id, account_ind), soci::use(username),
      soci::use(display_name), soci::use(role), soci::use(org_id, org_ind), soci::use(org_name),
      soci::use(action), soci::use(entity), soci::use(entity_id), soci::use(summary),
      soci::use(before, before_ind), soci::use(after, after_ind), soci::use(ip),
      soci::use(request_id);
}

const char* action_name(const std::string& action) {
  static const std::map<std::string, const char*> names = {
      {"create", "新增"},          {"update", "修改"},           {"delete", "删除"},
      {"login", "登录"},           {"login_failed", "登录失败"}, {"logout", "退出登录"},
      {"change_password", "修改密码"}, {"reset_password", "重置密码"}, {"unlock", "解锁"},
      {"enable", "启用"},          {"disable", "停用"},          {"import", "导入"},
      {"export", "导出"},          {"publish", "发布"},          {"approve", "审核通过"},     {"return", "退回"},          {"set_clock", "设置系统时间"}, {"cancel", "取消"},
      {"submit", "提交"},          {"withdraw", "撤回"},         {"confirm", "确认缴费"},
  };
  auto it = names.find(action);
  return it == names.end() ? "其他" : it->second;
}

}  // namespace kaowu::audit
