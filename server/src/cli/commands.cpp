#include "cli/commands.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <mutex>

#include "cli/sheet.hpp"
#include "core/auth/password.hpp"
#include "core/db/migrations.hpp"
#include "core/http/server.hpp"
#include "core/log_context.hpp"
#include "core/metrics.hpp"
#include "core/temp_files.hpp"
#include "modules/arrangements/service.hpp"
#include "modules/sms/sender.hpp"
#include "modules/system/metrics.hpp"
#include "office/pdf_document.hpp"

namespace kaowu::cli {

namespace {
// The access log: one line per request written into stdout's buffer by the thread that answered
// it, flushed every second and at exit. An asynchronous logger woke its own thread and wrote to the
// terminal once per request, which cost more than many a request itself.
class BufferedStdoutSink : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  void flush_() override { std::fflush(stdout); }
};
}  // namespace

void setup_logging(const Config& config) {
  auto err = spdlog::stderr_logger_mt("kaowu");
  // %* is the request or job the line is about (core/log_context.hpp).
  err->set_formatter(log_context::formatter("%Y-%m-%d %H:%M:%S.%e %^%l%$ %*%v"));
  spdlog::set_default_logger(err);
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  if (config.access_log) {
    static char buffer[1 << 16];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    auto access =
        std::make_shared<spdlog::logger>("access", std::make_shared<BufferedStdoutSink>());
    access->set_pattern("%v");
    access->set_level(spdlog::level::info);
    spdlog::register_logger(access);
    spdlog::flush_every(std::chrono::seconds(1));
  } else {
    auto access = spdlog::stdout_logger_mt("access");
    access->set_level(spdlog::level::off);
  }
}

int migrate(const Config& config) {
  auto app = App::create(config, true);
  if (!app) {
    std::cerr << app.error().message << "\n";
    return 1;
  }
  std::cout << "数据库已是最新结构：" << app.value()->database().display_url() << "\n";
  return 0;
}

int arrange_check_plan(const Config& config, std::int64_t plan_id) {
  auto app = App::create(config, false);
  if (!app) {
    std::cerr << app.error().message << "\n";
    return 2;
  }
  db::Lease sql(app.value()->database());
  auto problems = arrangements::service::check_stored(*sql, plan_id);
  if (!problems) {
    std::cerr << problems.error().message << "\n";
    return 2;
  }
  for (const auto& p : problems.value()) std::cout << p << "\n";
  std::cout << (problems->empty() ? "该考试计划已保存的排考结果符合全部排考规则"
                                  : "共 " + std::to_string(problems->size()) + " 处违反排考规则")
            << "\n";
  return problems->empty() ? 0 : 1;
}

int serve(const Config& config, bool migrate) {
  office::init_fonts();  // fontconfig before any thread may draw a PDF
  auto created = App::create(config, migrate);
  if (!created) {
    spdlog::error("{}", created.error().message);
    return 1;
  }
  App& app = *created.value();
  register_modules(app);

  http::ServerOptions options;
  const auto colon = config.listen.rfind(':');
  if (colon == std::string::npos) {
    spdlog::error("--listen 须为 地址:端口，例如 127.0.0.1:8080");
    return 1;
  }
  options.host = config.listen.substr(0, colon);
  if (options.host.size() > 2 && options.host.front() == '[')
    options.host = options.host.substr(1, options.host.size() - 2);
  try {
    options.port = static_cast<unsigned short>(std::stoi(config.listen.substr(colon + 1)));
  } catch (...) {
    spdlog::error("--listen 端口无效：{}", config.listen);
    return 1;
  }
  options.io_threads = effective_io_threads(config);
  options.worker_threads = effective_workers(config);
  options.max_password_hashes = static_cast<std::size_t>(std::max(0, config.password_hashes));
  options.temp_dir = config.temp_dir;
  options.https = config.secure_cookies;
  auto trusted = http::parse_networks(config.trusted_proxies);
  if (!trusted) {
    spdlog::error("{}", trusted.error().message);
    return 1;
  }
  options.trusted_proxies = std::move(trusted.value());
  auto metrics_allow = http::parse_networks(config.metrics_allow, "--metrics-allow");
  if (!metrics_allow) {
    spdlog::error("{}", metrics_allow.error().message);
    return 1;
  }
  options.metrics_allow = std::move(metrics_allow.value());
  options.metrics = [&app]() { return system::metrics_text(app); };
  options.observe = [](const http::Request& req, int status, double seconds) {
    metrics::registry().request(req.method, req.route, status, seconds);
  };
  http::StaticFiles static_files(config.web_dir);
  http::Server server(options, app.router(), static_files);
  auto port = server.listen();
  if (!port) {
    spdlog::error("{}", port.error().message);
    return 1;
  }
  // Spooled uploads and half-written files of an instance that was killed hold personal data.
  if (int removed = temp_files::sweep_dead(config.temp_dir)) {
    spdlog::info("removed {} temporary file(s) left by a stopped instance", removed);
  }
  app.database().listen_for_writes();
  app.jobs().start(std::max(0, config.job_workers));
  auto provider = sms::make_provider({.kind = config.sms_provider,
                                      .endpoint = config.sms_endpoint,
                                      .secret_id = config.sms_secret_id,
                                      .secret_key = config.sms_secret_key,
                                      .app_id = config.sms_app_id,
                                      .sign_name = config.sms_sign_name,
                                      .region = config.sms_region,
                                      .templates = config.sms_templates});
  if (!provider) {
    spdlog::error("{}", provider.error().message);
    app.jobs().stop();
    return 1;
  }
  sms::Sender sms_sender(app.database(), app.clock(), std::move(provider.value()),
                         {.retry_ms = config.sms_retry_ms,
                          .attempts = config.sms_attempts,
                          .worker = app.jobs().worker_name()});
  sms_sender.start();
  server.on_shutdown([&app]() { app.jobs().drain(); });
  std::cout << "kaowu " << KAOWU_VERSION << " listening on http://" << options.host << ":"
            << port.value() << " (database " << app.database().display_url() << ", clock "
            << config.clock << ")" << std::endl;
  server.run();
  sms_sender.stop();
  app.jobs().stop();
  spdlog::info("kaowu stopped");
  spdlog::shutdown();
  return 0;
}

int run(int argc, char** argv) {
  crypto::init();
  Config config;
  CLI::App cli{"kaowu 1+X 考务管理平台"};
  cli.require_subcommand(1);
  cli.set_config("--config", "", "配置文件（INI/TOML，键名同长选项，例如 db = \"data/kaowu.db\"）")
      ->envname("KAOWU_CONFIG");
  cli.add_option("--db", config.db, "SQLite 文件路径或 postgresql:// 连接串")
      ->envname("KAOWU_DB")
      ->capture_default_str();
  cli.add_option("--listen", config.listen, "监听地址:端口")
      ->envname("KAOWU_LISTEN")
      ->capture_default_str();
  cli.add_option("--web-dir", config.web_dir, "前端构建目录")
      ->envname("KAOWU_WEB_DIR")
      ->capture_default_str();
  cli.add_option("--temp-dir", config.temp_dir, "上传临时目录")
      ->envname("KAOWU_TEMP_DIR")
      ->capture_default_str();
  cli.add_option("--clock", config.clock,
                 "system，或 manual（开放 PUT /api/v1/system/clock，仅用于测试和演示）")
      ->envname("KAOWU_CLOCK")
      ->check(CLI::IsMember({"system", "manual"}))
      ->capture_default_str();
  cli.add_option("--log-level", config.log_level, "trace|debug|info|warn|error")
      ->envname("KAOWU_LOG_LEVEL")
      ->capture_default_str();
  cli.add_option("--instance", config.instance, "实例名（任务记录中的执行者）")
      ->envname("KAOWU_INSTANCE");
  cli.add_option("--io-threads", config.io_threads, "网络 I/O 线程数（0 = 每个 CPU 核一个）")
      ->envname("KAOWU_IO_THREADS")
      ->capture_default_str();
  cli.add_option("--workers", config.workers, "请求处理线程数（0 = CPU 核数的两倍，至少 4）")
      ->envname("KAOWU_WORKERS")
      ->capture_default_str();
  cli.add_option("--password-hashes", config.password_hashes,
                 "同时计算密码哈希（登录、改密）的请求数，其余排队，不占处理线程（0 = CPU 核数）")
      ->envname("KAOWU_PASSWORD_HASHES")
      ->capture_default_str();
  cli.add_option("--job-workers", config.job_workers, "后台任务线程数")
      ->envname("KAOWU_JOB_WORKERS")
      ->capture_default_str();
  cli.add_option("--db-pool", config.db_pool, "数据库连接数（0 为自动）")
      ->envname("KAOWU_DB_POOL")
      ->capture_default_str();
  cli.add_option("--login-rate", config.login_rate,
                 "每个客户端地址每分钟登录失败次数上限（0 为不限）")
      ->envname("KAOWU_LOGIN_RATE")
      ->capture_default_str();
  cli.add_option("--trusted-proxies", config.trusted_proxies,
                 "可信反向代理的地址或网段（逗号分隔，例如 "
                 "127.0.0.1,10.0.0.0/8）；仅来自这些地址的请求才采信 X-Forwarded-For / X-Real-IP")
      ->envname("KAOWU_TRUSTED_PROXIES");
  cli.add_option("--metrics-allow", config.metrics_allow,
                 "可访问 /metrics（Prometheus 指标）的客户端地址或网段（逗号分隔；空为关闭），"
                 "其他地址得到 404")
      ->envname("KAOWU_METRICS_ALLOW")
      ->capture_default_str();
  cli.add_option("--export-direct-rows", config.export_direct_rows,
                 "导出不超过此条数时直接下载，超过则转为后台任务")
      ->envname("KAOWU_EXPORT_DIRECT_ROWS")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cli.add_option("--export-rate", config.export_rate, "每个账号每分钟导出次数上限（0 为不限）")
      ->envname("KAOWU_EXPORT_RATE")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cli.add_option("--export-retention-hours", config.export_retention_hours,
                 "导出文件保留小时数，过期删除")
      ->envname("KAOWU_EXPORT_RETENTION_HOURS")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cli.add_option("--job-org-limit", config.job_org_limit,
                 "每个单位同时执行的后台任务上限（0 = 任务线程数减一，至少 1）")
      ->envname("KAOWU_JOB_ORG_LIMIT")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cli.add_flag("--secure-cookies,!--no-secure-cookies", config.secure_cookies,
               "会话 Cookie 加 Secure（HTTPS 部署）")
      ->envname("KAOWU_SECURE_COOKIES");
  cli.add_flag("--access-log,!--no-access-log", config.access_log, "输出访问日志")
      ->envname("KAOWU_ACCESS_LOG");
  // SMS (modules/sms). The secret is read from the environment or the config file in production,
  // never echoed (no capture_default_str) and never logged.
  cli.add_option(
         "--sms-provider", config.sms_provider,
         "短信通道：outbox（只存入发件箱，由平台管理员查看）或 tencent（腾讯云短信 API 3.0）")
      ->envname("KAOWU_SMS_PROVIDER")
      ->check(CLI::IsMember({"outbox", "tencent"}))
      ->capture_default_str();
  cli.add_option("--sms-endpoint", config.sms_endpoint, "短信 API 地址")
      ->envname("KAOWU_SMS_ENDPOINT")
      ->capture_default_str();
  cli.add_option("--sms-secret-id", config.sms_secret_id, "短信 API 的 SecretId")
      ->envname("KAOWU_SMS_SECRET_ID");
  cli.add_option("--sms-secret-key", config.sms_secret_key, "短信 API 的 SecretKey（请用环境变量）")
      ->envname("KAOWU_SMS_SECRET_KEY");
  cli.add_option("--sms-app-id", config.sms_app_id, "短信应用 SmsSdkAppId")
      ->envname("KAOWU_SMS_APP_ID");
  cli.add_option("--sms-sign-name", config.sms_sign_name, "短信签名")
      ->envname("KAOWU_SMS_SIGN_NAME");
  cli.add_option("--sms-region", config.sms_region, "短信 API 地域")
      ->envname("KAOWU_SMS_REGION")
      ->capture_default_str();
  cli.add_option("--sms-templates", config.sms_templates,
                 "各短信模板在短信平台的模板 ID，例如 "
                 "teacher_account=1234567,teacher_phone_changed=1234568")
      ->envname("KAOWU_SMS_TEMPLATES");
  cli.add_option("--sms-retry-ms", config.sms_retry_ms,
                 "短信发送失败后首次重试的等待毫秒数（之后每次加倍）")
      ->envname("KAOWU_SMS_RETRY_MS")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cli.add_option("--sms-attempts", config.sms_attempts, "短信最多尝试发送次数")
      ->envname("KAOWU_SMS_ATTEMPTS")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cli.add_option("--sms-number-limit", config.sms_number_limit,
                 "每个手机号每小时短信上限（0 为不限）")
      ->envname("KAOWU_SMS_NUMBER_LIMIT")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cli.add_option("--sms-college-limit", config.sms_college_limit,
                 "每个院校每小时短信上限（0 为不限）")
      ->envname("KAOWU_SMS_COLLEGE_LIMIT")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();

  auto* serve_cmd = cli.add_subcommand("serve", "启动 Web 服务")->fallthrough();
  bool no_migrate = false;
  serve_cmd->add_flag("--no-migrate", no_migrate, "启动时不自动迁移数据库");
  auto* migrate_cmd = cli.add_subcommand("migrate", "迁移数据库到最新结构")->fallthrough();
  auto* demo_cmd = cli.add_subcommand("demo", "载入演示数据并打印演示账号")->fallthrough();
  bool if_empty = false;
  demo_cmd->add_flag("--if-empty", if_empty, "仅当数据库中还没有机构时载入");
  bool minimal = false;
  demo_cmd->add_flag("--minimal", minimal, "只载入机构和账号（不含证书、考核站点、考试计划）");
  auto* user_cmd =
      cli.add_subcommand("user", "账号管理：创建账号、重置密码、列出账号")->fallthrough();
  UserOptions user_options;
  user_cmd->add_option("action", user_options.action, "create | reset-password | list")
      ->required()
      ->check(CLI::IsMember({"create", "reset-password", "list"}));
  user_cmd->add_option("--username,-u", user_options.username, "用户名");
  user_cmd->add_option("--password,-p", user_options.password, "密码（省略则随机生成并打印）");
  user_cmd->add_option("--name", user_options.display_name, "姓名");
  user_cmd->add_option("--role", user_options.role, "admin|org|college|province|student|teacher")
      ->capture_default_str();
  user_cmd->add_option("--org", user_options.org, "所属机构 id 或名称（管理员默认平台）");
  user_cmd->add_flag("--must-change", user_options.must_change, "首次登录须修改密码");
  auto* arrange_cmd =
      cli.add_subcommand("arrange",
                         "排考：读入 JSON 排考问题，输出编排结果（--check 检查已有结果）")
          ->fallthrough();
  ArrangeOptions arrange_options;
  arrange_cmd->add_option("--input,-i", arrange_options.input,
                          "排考问题 JSON 文件（默认标准输入）");
  arrange_cmd->add_option("--output,-o", arrange_options.output,
                          "结果 JSON 文件（默认标准输出；--check 时为待检查的结果）");
  arrange_cmd->add_flag("--check", arrange_options.check, "检查 --output 中的结果是否违反排考规则");
  arrange_cmd->add_option("--plan", arrange_options.plan,
                          "与 --check 同用：检查数据库（--db）中该考试计划已保存的排考结果");
  auto* sheet_cmd = cli.add_subcommand("sheet", "查看表格文件：按导入时读到的值逐行输出（TSV）");
  sheet_cmd->require_subcommand(1);
  auto* sheet_cat_cmd =
      sheet_cmd->add_subcommand("cat", "以 TSV 输出 .xlsx/.xls/.csv 的一个工作表");
  std::string sheet_file, sheet_name;
  sheet_cat_cmd->add_option("file", sheet_file, "表格文件")->required();
  sheet_cat_cmd->add_option("--sheet", sheet_name,
                            "工作表名称或序号（从 1 开始；默认第一个可见工作表）");
  unsigned sheet_threads = 0;
  sheet_cat_cmd->add_option("--threads", sheet_threads,
                            "解析大文件的线程数（默认每核一个，最多 4；1 为单线程）");
  auto* backup_cmd =
      cli.add_subcommand("backup", "备份 SQLite 数据库（服务运行时即可；PostgreSQL 用 pg_dump）")
          ->fallthrough();
  std::string backup_output;
  bool backup_force = false;
  backup_cmd->add_option("--output,-o", backup_output, "备份文件")->required();
  backup_cmd->add_flag("--force", backup_force, "覆盖已存在的备份文件");
  auto* restore_cmd =
      cli.add_subcommand("restore", "从备份恢复 SQLite 数据库到 --db（PostgreSQL 用 pg_restore）")
          ->fallthrough();
  std::string restore_input;
  bool restore_force = false;
  restore_cmd->add_option("--input,-i", restore_input, "备份文件")->required();
  restore_cmd->add_flag("--force", restore_force, "覆盖已有数据的数据库（请先停止服务）");
  auto* version_cmd = cli.add_subcommand("version", "打印版本");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  if (*version_cmd) {
    std::cout << "kaowu " << KAOWU_VERSION << "\n";
    return 0;
  }
  if (*arrange_cmd && arrange_options.check && arrange_options.plan > 0) {
    config.access_log = false;
    setup_logging(config);
    return arrange_check_plan(config, arrange_options.plan);
  }
  if (*arrange_cmd) return arrange(arrange_options);
  if (*sheet_cat_cmd) return sheet_cat(sheet_file, sheet_name, sheet_threads);
  if (!*serve_cmd) config.access_log = false;
  setup_logging(config);
  if (*serve_cmd) return serve(config, !no_migrate);
  if (*migrate_cmd) return migrate(config);
  if (*demo_cmd) return demo(config, if_empty, minimal);
  if (*backup_cmd) return backup(config, backup_output, backup_force);
  if (*restore_cmd) return restore(config, restore_input, restore_force);
  if (*user_cmd) return user(config, user_options);
  return 1;
}

}  // namespace kaowu::cli
