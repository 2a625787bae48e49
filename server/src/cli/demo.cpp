#include "cli/commands.hpp"
#include "modules/accounts/service.hpp"
#include "modules/organizations/repository.hpp"

#include <iostream>

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
    {"org", "中联集团教育科技有限公司", nullptr, "北京市朝阳区", "考务部", "010-85718888"},
    {"org", "北京鸿科信息技术有限公司", nullptr, "北京市海淀区", "考务部", "010-62668899"},
    {"org", "北京中车行高新技术有限公司", nullptr, "北京市丰台区", "考务部", "010-63706677"},
    {"org", "达内教育", nullptr, "北京市海淀区", "考务部", "010-62136688"},
    {"college", "北京科技大学", "本科院校", "北京市海淀区", "教务处", "010-62332312"},
    {"college", "北方工业大学", "本科院校", "北京市石景山区", "教务处", "010-88803000"},
};

const DemoAccount kAccounts[] = {
    {"admin", "平台管理员", "admin", "1+X 考务平台运营中心", ""},
    {"bjjw", "北京教委职成处", "province", "北京教育委员会", ""},
    {"zhonglian", "中联考务专员", "org", "中联集团教育科技有限公司", "13910000001"},
    {"hongke", "鸿科考务专员", "org", "北京鸿科信息技术有限公司", "13910000002"},
    {"ustb", "北科大考务老师", "college", "北京科技大学", "13910000003"},
    {"ncut", "北方工大考务老师", "college", "北方工业大学", "13910000004"},
    {"202109170001", "王小二", "student", "北京科技大学", "13910000005"},
    {"13800138000", "李虹", "teacher", "北京科技大学", "13800138000"},
};
}  // namespace

int demo(const Config& config, bool if_empty) {
  auto created = App::create(config, true);
  if (!created) {
    std::cerr << created.error().message << "\n";
    return 1;
  }
  App& app = *created.value();
  soci::session sql(app.database().pool());
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
    org.created_at = org.updated_at = now;
    std::int64_t id = 0;
    Status st = db::write_tx(sql, [&]() -> Status {
      id = organizations::repository::insert(sql, org);
      audit::record(sql, actor, {"create", "organization", std::to_string(id), std::string("演示数据：新增") + o.name, nullptr, nullptr}, now);
      return {};
    });
    if (!st) {
      std::cerr << st.error().message << "\n";
      return 1;
    }
    if (std::string(o.type) == "province") province_id = id;
  }
  std::cout << "演示账号（密码只显示这一次，请妥善保存；忘记可用 ./build/kaowu user reset-password --username 用户名 重置）：\n";
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
  return 0;
}

int user(const Config& config, const UserOptions& options) {
  auto created = App::create(config, true);
  if (!created) {
    std::cerr << created.error().message << "\n";
    return 1;
  }
  App& app = *created.value();
  soci::session sql(app.database().pool());
  const auto now = app.clock().now();
  audit::Actor actor;
  actor.username = "kaowu user";
  actor.ip = "shell";
  if (options.action == "list") {
    accounts::Filter f;
    auto page = accounts::service::list(sql, f, 1, 500, now);
    for (const auto& a : page["items"]) {
      std::cout << a["id"] << "\t" << a["username"].get<std::string>() << "\t" << a["roleName"].get<std::string>()
                << "\t" << a["orgName"].get<std::string>() << "\t" << (a["enabled"].get<bool>() ? "启用" : "停用") << "\n";
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
    std::cout << "账号 " << options.username << " 的新密码：" << pw.value() << "（下次登录须修改）\n";
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
  std::cout << "已创建" << role_name(*role) << "账号 " << options.username << "（" << org->name << "）";
  if (options.password.empty()) std::cout << "，密码：" << result->password;
  std::cout << "\n";
  return 0;
}

}  // namespace kaowu::cli
