#include "core/audit.hpp"

#include <algorithm>
#include <map>
#include <vector>

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
  std::string object = entry.object.empty() ? describe(entry.action, entry.entity, entry.entity_id,
                                                       entry.before, entry.after)
                                            : entry.object;
  std::string before = entry.before.is_null() ? "" : entry.before.dump();
  std::string after = entry.after.is_null() ? "" : entry.after.dump();
  soci::indicator before_ind = entry.before.is_null() ? soci::i_null : soci::i_ok;
  soci::indicator after_ind = entry.after.is_null() ? soci::i_null : soci::i_ok;
  sql << "INSERT INTO audit_log(at, account_id, username, display_name, role, org_id, org_name, "
         "action, entity, entity_id, object_name, summary, before_json, after_json, ip, "
         "request_id) "
         "VALUES(:at, :acc, :u, :dn, :r, :o, :on, :ac, :en, :eid, :obj, :s, :b, :af, :ip, :rid)",
      soci::use(at), soci::use(account_id, account_ind), soci::use(username),
      soci::use(display_name), soci::use(role), soci::use(org_id, org_ind), soci::use(org_name),
      soci::use(action), soci::use(entity), soci::use(entity_id), soci::use(object),
      soci::use(summary), soci::use(before, before_ind), soci::use(after, after_ind), soci::use(ip),
      soci::use(request_id);
}

const char* action_name(const std::string& action) {
  static const std::map<std::string, const char*> names = {
      {"create", "新增"},
      {"update", "修改"},
      {"delete", "删除"},
      {"login", "登录"},
      {"login_failed", "登录失败"},
      {"logout", "退出登录"},
      {"change_password", "修改密码"},
      {"reset_password", "重置密码"},
      {"unlock", "解锁"},
      {"enable", "启用"},
      {"disable", "停用"},
      {"import", "导入"},
      {"export", "导出"},
      {"publish", "发布"},
      {"approve", "审核通过"},
      {"return", "退回"},
      {"set_clock", "设置系统时间"},
      {"cancel", "取消"},
      {"submit", "提交"},
      {"withdraw", "撤回"},
      {"confirm", "确认缴费"},
  };
  auto it = names.find(action);
  return it == names.end() ? "其他" : it->second;
}

namespace {

const std::map<std::string, const char*>& entity_names() {
  static const std::map<std::string, const char*> names = {
      {"organization", "机构"},
      {"account", "账号"},
      {"job", "任务"},
      {"certificate", "证书"},
      {"plan", "考试计划"},
      {"site", "考核站点"},
      {"student", "考生"},
      {"room", "考场"},
      {"registration", "报考"},
      {"payment", "缴费申请"},
      {"weekly_report", "周报"},
      {"weekly_report_cadence", "周报周期"},
      {"system", "系统"},
      {"file", "文件"},
      {"audit_log", "审计日志"},
      {"arrangement", "排考"},
      {"arrangement_run", "排考任务"},
      {"room_slot", "考场编排"},
      {"invigilator", "监考人员"},
      {"teacher", "教师"},
      {"checkin", "考场签到"},
  };
  return names;
}

// Labels every record type shares, then each type's own (they win).
using Labels = std::vector<std::pair<std::string, const char*>>;

// In the order the detail table lists the fields.
const Labels& common_labels() {
  static const Labels labels = {
      {"name", "名称"},
      {"status", "状态"},
      {"statusName", "状态"},
      {"orgId", "培训评价组织编号"},
      {"orgName", "培训评价组织"},
      {"collegeId", "院校编号"},
      {"collegeName", "院校"},
      {"planId", "考试计划编号"},
      {"planName", "考试计划"},
      {"certificateId", "证书编号"},
      {"certificateName", "证书"},
      {"siteId", "考场地点编号"},
      {"siteName", "考场地点"},
      {"studentId", "考生记录编号"},
      {"studentName", "考生姓名"},
      {"studentNo", "考生编号"},
      {"subjectId", "科目编号"},
      {"subjectName", "科目"},
      {"level", "等级"},
      {"levelNames", "等级"},
      {"mode", "报考方式"},
      {"modeName", "报考方式"},
      {"region", "地区"},
      {"address", "详细地址"},
      {"phone", "手机号码"},
      {"enabled", "启用"},
      {"mustChangePassword", "须修改密码"},
      {"lockedUntil", "锁定至"},
      {"payeeName", "收款单位"},
      {"payeeOrgId", "收款单位编号"},
      {"createdAt", "创建时间"},
      {"updatedAt", "更新时间"},
      {"version", "版本"},
      {"id", "编号"},
      // imports and exports
      {"file", "文件"},
      {"total", "总行数"},
      {"succeeded", "成功"},
      {"failed", "失败"},
      {"created", "新增"},
      {"updated", "更新"},
      {"type", "类型"},
      {"title", "导出内容"},
      {"rows", "条数"},
      {"ticked", "勾选条数"},
      {"query", "查询条件"},
      {"jobId", "任务编号"},
      // jobs, the clock, files, arrangements
      {"state", "状态"},
      {"cancelRequested", "已请求取消"},
      {"now", "系统时间"},
      {"fileId", "文件编号"},
      {"kind", "类型"},
      {"contentType", "文件类型"},
      {"size", "大小（字节）"},
      {"registrationId", "报考记录编号"},
      {"roomId", "考场编号"},
      {"seatNo", "座位号"},
  };
  return labels;
}

const std::map<std::string, Labels>& entity_labels() {
  static const std::map<std::string, Labels> labels = {
      {"student",
       {{"studentNo", "考生编号"},
        {"name", "姓名"},
        {"gender", "性别"},
        {"idNumber", "身份证号"},
        {"birthDate", "出生日期"},
        {"phone", "手机号码"},
        {"collegeName", "所属院校"},
        {"major", "专业"},
        {"className", "班级"},
        {"type", "考生类型"}}},
      {"room",
       {{"planName", "所属考试计划"},
        {"siteName", "所属考场地点"},
        {"collegeName", "所属院校"},
        {"name", "考场名称"},
        {"types", "考场类型"},
        {"typesText", "考场类型"},
        {"seats", "考位数"},
        {"region", "考场地址"},
        {"address", "详细地址"},
        {"certificateName", "本次组织考试的证书"}}},
      {"site",
       {{"name", "站点名称"},
        {"region", "考点地区"},
        {"fullAddress", "考点地址"},
        {"returnReason", "退回原因"},
        {"reviewedAt", "审核时间"},
        {"servedColleges", "服务院校"},
        {"collegeName", "申请院校"}}},
      {"plan",
       {{"name", "计划名称"},
        {"examNotice", "考试须知"},
        {"firstExamAt", "首场考试时间"},
        {"lastExamEndAt", "末场考试结束时间"},
        {"levels", "等级"},
        {"colleges", "参加院校"},
        {"collegeCount", "参加院校数"},
        {"notes", "备注"},
        {"paymentBeforeArranging", "缴费后方可排考"},
        {"phase", "阶段"},
        {"subjects", "科目"},
        {"windows", "时间安排"},
        {"registrationStart", "报名开始"},
        {"registrationEnd", "报名截止"},
        {"arrangingStart", "排考开始"},
        {"arrangingEnd", "排考截止"},
        {"publicityStart", "公示开始"},
        {"publicityEnd", "公示截止"}}},
      {"certificate",
       {{"name", "证书名称"},
        {"code", "证书代码"},
        {"description", "证书说明"},
        {"levels", "等级与科目"},
        {"majorCount", "面向专业数"},
        {"majors", "面向专业"},
        {"passCondition", "合格条件"},
        {"passConditionName", "合格条件"},
        {"passTotal", "合格总分"},
        {"subjectCount", "科目数"}}},
      {"organization",
       {{"type", "机构类型"},
        {"typeName", "机构类型"},
        {"name", "机构名称"},
        {"collegeType", "院校类型"},
        {"provinceId", "所属省份编号"},
        {"region", "所在地区"},
        {"contactName", "联系人"},
        {"contactPhone", "联系电话"},
        {"bankAccountName", "收款户名"},
        {"bankName", "开户行"},
        {"bankAccount", "收款账号"}}},
      {"account",
       {{"username", "用户名"},
        {"displayName", "姓名"},
        {"role", "角色"},
        {"orgId", "所属机构编号"},
        {"orgName", "所属机构"}}},
      {"payment",
       {{"amount", "金额（元）"},
        {"amountFen", "金额（分）"},
        {"appliedAt", "申请时间"},
        {"confirmedAt", "确认时间"},
        {"headCount", "人数"},
        {"number", "缴费单号"},
        {"collegeName", "缴费院校"}}},
      {"weekly_report",
       {{"attachments", "附件"},
        {"difficulties", "存在困难"},
        {"period", "周期"},
        {"periodLabel", "周期"},
        {"progress", "工作进展"},
        {"submittedAt", "提交时间"},
        {"suggestions", "政策建议"}}},
      {"weekly_report_cadence", {{"cadence", "填报周期"}, {"effectiveFrom", "生效日期"}}},
      {"file", {{"name", "文件名"}}},
  };
  return labels;
}

std::string text_of(const nlohmann::json& record, const char* key) {
  if (!record.is_object()) return {};
  auto it = record.find(key);
  if (it == record.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return {};
}

// The record an entry is about: the state after, else before; the first of a group.
const nlohmann::json& subject_of(const nlohmann::json& before, const nlohmann::json& after) {
  const nlohmann::json& r = after.is_null() ? before : after;
  if (r.is_array() && !r.empty()) return r.front();
  return r;
}

// Keys that are bookkeeping, or a code whose name is shown beside it.
bool hidden_key(const std::string& key, const nlohmann::json& before, const nlohmann::json& after) {
  if (key == "id" || key == "version" || key == "createdAt" || key == "updatedAt") return true;
  auto has = [&](const std::string& k) {
    return (before.is_object() && before.contains(k)) || (after.is_object() && after.contains(k));
  };
  if (has(key + "Name") || has(key + "Text")) return true;  // status/statusName
  if (key.ends_with("Id") && has(key.substr(0, key.size() - 2) + "Name"))
    return true;  // planId/planName
  if (key == "amountFen" && has("amount")) return true;
  if (key == "payeeOrgId" && has("payeeName")) return true;
  if (key == "period" && has("periodLabel")) return true;
  return false;
}

}  // namespace

std::string entity_name(const std::string& entity) {
  auto it = entity_names().find(entity);
  return it == entity_names().end() ? entity : it->second;
}

std::string describe(const std::string& action, const std::string& entity,
                     const std::string& entity_id, const nlohmann::json& before,
                     const nlohmann::json& after) {
  const std::string type = entity_name(entity);
  const nlohmann::json& r = subject_of(before, after);
  auto field = [&](const char* key) { return text_of(r, key); };
  auto with = [](std::string head, const std::string& extra) {
    return extra.empty() ? head : head + " (" + extra + ")";
  };
  if (action == "import" && !field("file").empty()) return type + "导入 " + field("file");
  if (action == "export") return field("title").empty() ? type + "导出" : "导出 " + field("title");
  std::string named;
  if (entity == "student") {
    if (!field("name").empty()) named = with(type + " " + field("name"), field("studentNo"));
  } else if (entity == "registration") {
    if (!field("studentName").empty()) {
      named = with(type + " " + field("studentName"), field("studentNo"));
      if (!field("planName").empty()) named += " " + field("planName");
    }
  } else if (entity == "certificate") {
    if (!field("name").empty()) named = with(type + " " + field("name"), field("code"));
  } else if (entity == "organization") {
    const std::string kind = field("typeName").empty() ? type : field("typeName");
    if (!field("name").empty()) named = kind + " " + field("name");
  } else if (entity == "account") {
    if (!field("username").empty()) {
      const std::string display = field("displayName");
      named = type + " " + field("username") +
              (display.empty() || display == field("username") ? "" : "（" + display + "）");
    }
  } else if (entity == "payment") {
    if (!field("number").empty()) named = type + " " + field("number");
  } else if (entity == "weekly_report") {
    if (!field("collegeName").empty())
      named = type + " " + field("collegeName") + " " + field("periodLabel");
  } else if (entity == "system" && entity_id == "clock") {
    named = "系统时间";
  } else if (!field("name").empty()) {
    named = type + " " + field("name");
  }
  if (!named.empty()) {
    while (!named.empty() && named.back() == ' ') named.pop_back();
    return named;
  }
  return entity_id.empty() ? type : type + " #" + entity_id;
}

namespace {
// Where a field comes in the detail table: the record type's own fields in their order, then the
// shared ones, then fields nobody labelled (by name).
std::pair<std::size_t, const char*> position(const std::string& entity, const std::string& key) {
  std::size_t offset = 0;
  if (auto e = entity_labels().find(entity); e != entity_labels().end()) {
    for (std::size_t i = 0; i < e->second.size(); ++i) {
      if (e->second[i].first == key) return {i, e->second[i].second};
    }
    offset = e->second.size();
  }
  const auto& common = common_labels();
  for (std::size_t i = 0; i < common.size(); ++i) {
    if (common[i].first == key) return {offset + i, common[i].second};
  }
  return {offset + common.size(), nullptr};
}
}  // namespace

std::string field_label(const std::string& entity, const std::string& key) {
  const char* label = position(entity, key).second;
  return label ? label : key;
}

std::string display_value(const nlohmann::json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "是" : "否";
  if (value.is_number()) return value.dump();
  if (value.is_array()) {
    std::string out;
    for (const auto& item : value) {
      std::string one;
      if (item.is_object()) {
        for (const char* key : {"name", "label", "level", "periodLabel"}) {
          if (item.contains(key) && item[key].is_string()) {
            one = item[key].get<std::string>();
            break;
          }
        }
        if (one.empty()) one = item.dump();
      } else {
        one = display_value(item);
      }
      if (!out.empty()) out += "、";
      out += one;
    }
    return out;
  }
  return value.dump();
}

namespace {
// A value in a record's detail: codes a record keeps beside no name (角色, 报考方式) by their name,
// a nested record as 字段：值 pairs.
std::string shown(const std::string& entity, const std::string& key, const nlohmann::json& value) {
  if (value.is_string()) {
    const std::string code = value.get<std::string>();
    if (key == "role") {
      if (auto role = parse_role(code)) return role_name(*role);
    }
    if (key == "mode" && code == "certificate") return "按证书报考";
    if (key == "mode" && code == "subject") return "按科目报考";
  }
  if (value.is_object()) {
    std::string out;
    for (const auto& [k, v] : value.items()) {
      if (!out.empty()) out += "；";
      out += field_label(entity, k) + "：" + display_value(v);
    }
    return out;
  }
  return display_value(value);
}
}  // namespace

nlohmann::json changes(const std::string& entity, const nlohmann::json& before,
                       const nlohmann::json& after) {
  nlohmann::json out = nlohmann::json::array();
  // A group (a level registered as a whole) is shown by its first row, as describe() names it.
  const nlohmann::json& b = before.is_array() && !before.empty() ? before.front() : before;
  const nlohmann::json& a = after.is_array() && !after.empty() ? after.front() : after;
  if (!b.is_object() && !a.is_object()) return out;
  std::vector<std::string> keys;
  for (const nlohmann::json* side : {&b, &a}) {
    if (!side->is_object()) continue;
    for (const auto& [key, _] : side->items()) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
  }
  std::stable_sort(keys.begin(), keys.end(), [&](const std::string& x, const std::string& y) {
    return position(entity, x).first < position(entity, y).first;
  });
  const bool both = b.is_object() && a.is_object();
  for (const auto& key : keys) {
    if (hidden_key(key, b, a)) continue;
    const nlohmann::json old_value = b.is_object() && b.contains(key) ? b[key] : nlohmann::json();
    const nlohmann::json new_value = a.is_object() && a.contains(key) ? a[key] : nlohmann::json();
    if (both && old_value == new_value) continue;
    out.push_back({{"field", key},
                   {"label", field_label(entity, key)},
                   {"before", shown(entity, key, old_value)},
                   {"after", shown(entity, key, new_value)}});
  }
  return out;
}

}  // namespace kaowu::audit
