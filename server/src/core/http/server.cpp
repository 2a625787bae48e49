#include "core/http/server.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <chrono>
#include <deque>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "core/http/security_headers.hpp"
#include "core/input.hpp"
#include "core/log_context.hpp"

namespace kaowu::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;

namespace {

std::string new_request_id() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  static const char* hex = "0123456789abcdef";
  std::uint64_t v = rng();
  std::string id(16, '0');
  for (int i = 0; i < 16; ++i) id[i] = hex[(v >> (i * 4)) & 15];
  return id;
}

bool valid_request_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

constexpr const char* kUploadPrefix = "kaowu-upload-";

// Spool files are named kaowu-upload-<pid>-<random>, so that a starting instance can tell those
// of a dead one from those of a live one sharing the folder.
std::string upload_file_name() {
  return kUploadPrefix + std::to_string(::getpid()) + "-" + new_request_id();
}

void split_target(const std::string& target, Request& req) {
  const std::size_t q = target.find('?');
  req.path = percent_decode(std::string_view(target).substr(0, q), false);
  if (q == std::string::npos) return;
  std::string_view qs = std::string_view(target).substr(q + 1);
  std::size_t pos = 0;
  while (pos <= qs.size()) {
    std::size_t end = qs.find('&', pos);
    if (end == std::string_view::npos) end = qs.size();
    std::string_view pair = qs.substr(pos, end - pos);
    if (!pair.empty()) {
      std::size_t eq = pair.find('=');
      std::string key = percent_decode(pair.substr(0, eq), true);
      std::string value =
          eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1), true);
      req.query[key] = value;
    }
    pos = end + 1;
  }
}

// Responses built outside coroutines: GCC 12 mis-compiles string literals inside co_await
// expressions.
Response too_large_headers() {
  return Response::error(err::make(ErrorKind::too_large, "请求头过大", "header_too_large"));
}

Response too_large_body(std::size_t limit) {
  return Response::error(err::make(
      ErrorKind::too_large, "请求体过大，上限为 " + std::to_string(limit / 1024 / 1024) + " MB",
      "body_too_large", {{"limit", limit}}));
}

Response upload_failed() {
  return Response::error(err::internal("无法保存上传文件，请稍后重试"));
}

Response too_many_uploads() {
  Response res = Response::error(err::make(ErrorKind::too_many_requests,
                                           "正在上传的文件过多，请等当前的上传完成后再试",
                                           "too_many_uploads"));
  res.set_header("Retry-After", "5");
  return res;
}

// A request Beast cannot parse: a conflicting or repeated Content-Length, Content-Length
// together with Transfer-Encoding, bare LF line ends, a broken chunk.
Response malformed(const beast::error_code& ec, std::string_view unread = {}) {
  // Beast reports a bare LF as a bad version or value; the bytes it stopped at tell.
  bool bare_lf = false;
  for (std::size_t i = unread.find('\n'); i != std::string_view::npos;
       i = unread.find('\n', i + 1)) {
    if (i == 0 || unread[i - 1] != '\r') {
      bare_lf = true;
      break;
    }
  }
  std::string what;
  if (ec == bhttp::error::bad_content_length) {
    what = "Content-Length 无效或重复";
  } else if (ec == bhttp::error::bad_transfer_encoding) {
    what = "Transfer-Encoding 无效，或与 Content-Length 同时出现";
  } else if (bare_lf || ec == bhttp::error::bad_line_ending) {
    what = "行尾须为 CRLF";
  } else if (ec == bhttp::error::bad_chunk || ec == bhttp::error::bad_chunk_extension) {
    what = "分块编码（chunked）格式错误";
  } else {
    what = "无法解析";
  }
  return Response::error(
      err::make(ErrorKind::invalid_input, "HTTP 请求格式不正确：" + what, "malformed_request"));
}

// Errors that mean the bytes were not HTTP, as opposed to a peer going away or a timeout.
bool parse_error(const beast::error_code& ec) {
  static const auto& category = bhttp::make_error_code(bhttp::error::bad_method).category();
  return ec.category() == category && ec != bhttp::error::end_of_stream &&
         ec != bhttp::error::partial_message && ec != bhttp::error::need_more &&
         ec != bhttp::error::header_limit && ec != bhttp::error::body_limit;
}

// The path and query as decoded must be UTF-8 without control characters; a 400 says which.
std::optional<Response> check_target(const Request& req) {
  auto refuse = [](const std::string& message) {
    return Response::error(err::make(ErrorKind::invalid_input, message, "invalid_target"));
  };
  auto problem = [](const std::string& text) -> std::string {
    if (!input::valid_utf8(text)) return "无效的字符编码（须为 UTF-8）";
    const std::string found = input::forbidden_character(text, input::Lines::single);
    return found.empty() ? "" : "不允许的" + (found == "换行" ? std::string("换行符") : found);
  };
  if (auto p = problem(req.path); !p.empty()) return refuse("请求地址含有" + p + "，请检查链接");
  for (const auto& [key, value] : req.query) {
    if (auto p = problem(key); !p.empty()) return refuse("查询参数名含有" + p);
    if (auto p = problem(value); !p.empty()) {
      return refuse("查询参数 " + key + " 含有" + p + "，请修改后重试");
    }
  }
  return std::nullopt;
}

// A 1xx, 204 or 304 answer has no body and no Content-Length (RFC 9110 8.6).
bool has_length(int status) {
  return status >= 200 && status != 204 && status != 304;
}

Response server_busy() {
  Response res =
      Response::error(err::make(ErrorKind::unavailable, "服务器繁忙，请稍后重试", "server_busy"));
  res.set_header("Retry-After", "1");
  return res;
}

// /metrics to an address not allowed: nothing tells it exists.
Response metrics_refused() {
  Response res;
  res.status = 404;
  res.content_type = "text/plain; charset=utf-8";
  res.body = "Not Found";
  return res;
}

Response docs_redirect() {
  Response res;
  res.status = 302;
  res.content_type.clear();
  res.set_header("Location", "/swagger/index.html");
  return res;
}

std::string json_escape(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  const Router& router;
  StaticFiles& static_files;
  // The acceptor, signals and shutdown live on `ioc`; connections are spread over one
  // single-threaded event loop per I/O thread, so a connection needs no strand and its loop no
  // lock contention. `ioc` is also the first loop.
  asio::io_context ioc;
  std::vector<std::unique_ptr<asio::io_context>> extra_loops;
  std::size_t next_loop = 0;
  asio::thread_pool workers;
  tcp::acceptor acceptor;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> pending{0};
  std::atomic<std::size_t> in_flight{0};
  std::function<void()>* on_shutdown = nullptr;
  std::shared_ptr<spdlog::logger> access;
  const std::vector<std::pair<std::string, std::string>> security = security_headers(options.https);
  const std::string security_block = [this]() {
    std::string block;
    for (const auto& [name, value] : security) block += name + ": " + value + "\r\n";
    return block;
  }();
  //! The open connections, so that a stop can close those waiting for their next request: a
  //! keep-alive connection left open by an instance that no longer reads it would hold a request
  //! nginx sends on it until the process ends (a POST is not retried elsewhere).
  struct Connection {
    beast::tcp_stream* stream = nullptr;
    const beast::flat_buffer* buffer = nullptr;
    bool idle = true;  //!< waiting for a request's first byte; guarded by connections_mutex
  };
  std::mutex connections_mutex;
  std::set<Connection*> connections;
  std::mutex uploads_mutex;
  std::size_t uploads_total = 0;
  std::map<std::int64_t, std::size_t> uploads_by_account;

  //! An upload being received: its place among the concurrent uploads and its spool file, both
  //! given back however the request ends (including a connection torn down at shutdown).
  struct UploadSlot {
    Impl* impl = nullptr;
    std::int64_t account = 0;
    std::string file;
    UploadSlot() = default;
    UploadSlot(const UploadSlot&) = delete;
    UploadSlot& operator=(const UploadSlot&) = delete;
    ~UploadSlot() {
      if (!file.empty()) {
        std::error_code ec;
        std::filesystem::remove(file, ec);
      }
      if (impl) impl->release_upload(account);
    }
  };

  bool take_upload(std::int64_t account) {
    std::lock_guard lock(uploads_mutex);
    auto& mine = uploads_by_account[account];
    if (uploads_total >= options.max_uploads || mine >= options.max_uploads_per_account) {
      if (mine == 0) uploads_by_account.erase(account);
      return false;
    }
    ++mine;
    ++uploads_total;
    return true;
  }

  void release_upload(std::int64_t account) {
    std::lock_guard lock(uploads_mutex);
    --uploads_total;
    if (--uploads_by_account[account] == 0) uploads_by_account.erase(account);
  }

  //! Turns of the Route::hashes_password handlers: `free` of them may start now; the others wait
  //! in order, each on a timer that the handler leaving before it cancels on its event loop.
  struct Turns {
    std::mutex mutex;
    std::size_t free = 0;
    std::deque<std::shared_ptr<asio::steady_timer>> waiting;
  } hashing;

  awaitable<void> take_hashing_turn(beast::tcp_stream& stream) {
    auto turn = std::make_shared<asio::steady_timer>(stream.get_executor(),
                                                     std::chrono::steady_clock::time_point::max());
    {
      std::lock_guard lock(hashing.mutex);
      if (hashing.free > 0) {
        --hashing.free;
        co_return;
      }
      hashing.waiting.push_back(turn);
    }
    beast::error_code ec;
    co_await turn->async_wait(asio::redirect_error(use_awaitable, ec));
  }

  void give_hashing_turn() {
    std::shared_ptr<asio::steady_timer> next;
    {
      std::lock_guard lock(hashing.mutex);
      if (hashing.waiting.empty()) {
        ++hashing.free;
        return;
      }
      next = std::move(hashing.waiting.front());
      hashing.waiting.pop_front();
    }
    asio::post(next->get_executor(), [next]() { next->cancel(); });
  }

  // Runs `fn` on the worker pool; once it is done the worker hands the coroutine back to the
  // connection's event loop. Everything shared lives in the caller's frame.
  awaitable<void> on_workers(beast::tcp_stream& stream, const std::function<void()>& fn) {
    auto initiate = [this, &fn](auto resume, asio::any_io_executor loop) {
      // The loop counts the coroutine as outstanding work while the worker runs, so a server
      // draining its last requests does not stop its loop under one.
      auto tracked = asio::prefer(loop, asio::execution::outstanding_work.tracked);
      asio::post(workers, [&fn, resume = std::move(resume), tracked]() mutable {
        fn();
        asio::post(tracked, std::move(resume));
      });
    };
    co_await asio::async_initiate<decltype(use_awaitable), void()>(initiate, use_awaitable,
                                                                   stream.get_executor());
  }

  Impl(ServerOptions o, const Router& r, StaticFiles& s)
      : options(std::move(o)),
        router(r),
        static_files(s),
        ioc(1),
        workers(static_cast<std::size_t>(options.worker_threads)),
        acceptor(ioc) {
    for (int i = 1; i < options.io_threads; ++i)
      extra_loops.push_back(std::make_unique<asio::io_context>(1));
    hashing.free = options.max_password_hashes > 0
                       ? options.max_password_hashes
                       : std::max<std::size_t>(1, std::thread::hardware_concurrency());
    access = spdlog::get("access");
    if (!access) access = spdlog::default_logger();
  }

  bool metrics_allowed(const std::string& ip) const {
    beast::error_code ec;
    const auto address = asio::ip::make_address(ip, ec);
    if (ec) return false;
    for (const auto& network : options.metrics_allow) {
      if (network.contains(address)) return true;
    }
    return false;
  }

  // Round robin over the event loops.
  asio::io_context& pick_loop() {
    const std::size_t n = extra_loops.size() + 1;
    const std::size_t i = next_loop++ % n;
    return i == 0 ? ioc : *extra_loops[i - 1];
  }

  void set_idle(Connection& conn, bool idle) {
    std::lock_guard lock(connections_mutex);
    conn.idle = idle;
  }

  std::size_t open_connections() {
    std::lock_guard lock(connections_mutex);
    return connections.size();
  }

  // At a stop: each connection waiting for its next request is shut down on its own event loop,
  // unless a request has begun to arrive on it (that one is answered, with Connection: close).
  void close_idle_connections() {
    std::lock_guard lock(connections_mutex);
    for (Connection* conn : connections) {
      if (!conn->idle) continue;
      asio::post(conn->stream->get_executor(), [this, conn]() {
        std::lock_guard inner(connections_mutex);
        if (!connections.count(conn) || !conn->idle) return;
        beast::error_code ec;
        auto& socket = conn->stream->socket();
        if (conn->buffer->size() > 0 || socket.available(ec) > 0) return;
        socket.shutdown(tcp::socket::shutdown_both, ec);
        socket.cancel(ec);
      });
    }
  }

  void stop_loops() {
    for (auto& loop : extra_loops) loop->stop();
    ioc.stop();
  }

  // The status line and headers of an answer, written out directly: Beast's serializer walks a
  // header tree and a chain of buffer views that cost more than the list query behind them.
  // A header the handler set (e.g. its own Cache-Control) is kept; the security headers are
  // added unless the handler set one of the same name.
  std::string response_head(const Response& res, const Request& req, bool keep_alive,
                            unsigned version) const {
    std::string out;
    out.reserve(512 + security_block.size());
    out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += std::to_string(res.status);
    out += ' ';
    const auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(res.status));
    out.append(reason.data(), reason.size());
    out += "\r\nServer: kaowu\r\n";
    auto line = [&out](std::string_view name, std::string_view value) {
      out.append(name);
      out += ": ";
      out.append(value);
      out += "\r\n";
    };
    if (!res.content_type.empty()) line("Content-Type", res.content_type);
    line("X-Request-Id", req.request_id);
    for (const auto& [name, value] : res.headers) line(name, value);
    if (res.headers.empty()) {
      out += security_block;
    } else {
      for (const auto& [name, value] : security) {
        const bool set = std::any_of(res.headers.begin(), res.headers.end(),
                                     [&](const auto& h) { return beast::iequals(h.first, name); });
        if (!set) line(name, value);
      }
    }
    if (version == 10 && keep_alive) out += "Connection: keep-alive\r\n";
    if (version != 10 && !keep_alive) out += "Connection: close\r\n";
    // HEAD gives the length the GET would have.
    if (has_length(res.status)) {
      line("Content-Length", std::to_string(res.body.size()));
    }
    out += "\r\n";
    return out;
  }

  awaitable<void> accept_loop() {
    for (;;) {
      beast::error_code ec;
      // No temporaries inside co_await expressions (GCC 12 may destroy them twice).
      asio::io_context& loop = pick_loop();
      auto token = asio::redirect_error(use_awaitable, ec);
      tcp::socket socket = co_await acceptor.async_accept(loop, token);
      if (stopping) co_return;
      if (ec) {
        if (ec == asio::error::operation_aborted) co_return;
        spdlog::warn("accept failed: {}", ec.message());
        asio::steady_timer t(ioc, std::chrono::milliseconds(50));
        co_await t.async_wait(token);
        continue;
      }
      auto ex = socket.get_executor();
      asio::co_spawn(ex, session(beast::tcp_stream(std::move(socket))), asio::detached);
    }
  }

  awaitable<bool> write(beast::tcp_stream& stream, const Request& req, Response& res,
                        bool keep_alive, unsigned version,
                        const std::chrono::steady_clock::time_point& started) {
    const std::string head = response_head(res, req, keep_alive, version);
    const std::size_t bytes = res.body.size();
    const bool bodiless = req.method == "HEAD" || !has_length(res.status);
    const std::array<asio::const_buffer, 2> buffers{
        asio::buffer(head), bodiless ? asio::const_buffer() : asio::buffer(res.body)};
    const auto elapsed_ms = [&started]() {
      return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
          .count();
    };
    // Counted before the first byte leaves, so that a client that has read its answer finds it
    // in /metrics, whichever network thread answers the scrape; the latency is the time to the
    // answer, the access log's the time until it is written.
    if (options.observe) options.observe(req, res.status, elapsed_ms() / 1000);
    stream.expires_after(options.write_timeout);
    beast::error_code ec;
    auto token = asio::redirect_error(use_awaitable, ec);
    co_await asio::async_write(stream, buffers, token);
    const double ms = elapsed_ms();
    access->info(
        R"({{"event":"request","method":"{}","path":{},"status":{},"bytes":{},"durationMs":{:.2f},"requestId":"{}","accountId":{},"ip":"{}"}})",
        req.method, json_escape(req.path), res.status, bytes, ms, req.request_id, res.account_id,
        req.remote_ip);
    co_return !ec;
  }

  // After refusing a request early, reads and drops what the client is still sending (for a
  // few seconds, within the upload limit) so that it gets to read the refusal instead of a reset.
  awaitable<void> linger_close(beast::tcp_stream& stream, const std::uint64_t& remaining) {
    beast::error_code ec;
    auto token = asio::redirect_error(use_awaitable, ec);
    std::vector<char> sink(64 * 1024);
    std::uint64_t drained = 0;
    const std::uint64_t cap =
        std::min<std::uint64_t>(remaining, kUploadBodyLimit + kDefaultBodyLimit);
    stream.expires_after(std::chrono::seconds(5));
    while (drained < cap) {
      auto buf = asio::buffer(sink);
      const std::size_t n = co_await stream.async_read_some(buf, token);
      if (ec) break;
      drained += n;
    }
    stream.socket().close(ec);
  }

  awaitable<void> session(beast::tcp_stream stream) {
    beast::flat_buffer buffer;
    beast::error_code ec;
    auto token = asio::redirect_error(use_awaitable, ec);
    std::string remote_ip;
    {
      auto ep = stream.socket().remote_endpoint(ec);
      if (!ec) remote_ip = ep.address().to_string();
    }
    Connection conn{&stream, &buffer};
    {
      std::lock_guard lock(connections_mutex);
      connections.insert(&conn);
    }
    struct Forget {
      Impl& impl;
      Connection& conn;
      ~Forget() {
        std::lock_guard lock(impl.connections_mutex);
        impl.connections.erase(&conn);
      }
    } forget{*this, conn};
    if (stopping) co_return;
    bool first = true;
    for (;;) {
      bhttp::request_parser<bhttp::empty_body> header_parser;
      header_parser.header_limit(32 * 1024);
      // The route decides the body limit once the headers are in; Beast would otherwise refuse
      // a large Content-Length while reading the headers, before we can answer 413.
      header_parser.body_limit(std::numeric_limits<std::uint64_t>::max());
      stream.expires_after(first ? options.header_timeout : options.idle_timeout);
      first = false;
      set_idle(conn, true);
      co_await bhttp::async_read_header(stream, buffer, header_parser, token);
      set_idle(conn, false);
      if (ec) {
        if (ec != bhttp::error::end_of_stream) spdlog::debug("header read ended: {}", ec.message());
        if (ec == bhttp::error::header_limit || parse_error(ec)) {
          Request bad;
          bad.method = "GET";
          bad.route = "malformed";
          bad.request_id = new_request_id();
          bad.remote_ip = remote_ip;
          const auto data = buffer.data();
          const std::string_view unread(static_cast<const char*>(data.data()),
                                        std::min<std::size_t>(data.size(), 32 * 1024));
          Response res =
              ec == bhttp::error::header_limit ? too_large_headers() : malformed(ec, unread);
          const auto now = std::chrono::steady_clock::now();
          co_await write(stream, bad, res, false, 11, now);
          const std::uint64_t remaining = 64 * 1024;
          co_await linger_close(stream, remaining);
          co_return;
        }
        break;
      }
      const auto started = std::chrono::steady_clock::now();
      in_flight++;
      struct Guard {
        std::atomic<std::size_t>& n;
        ~Guard() { n--; }
      } guard{in_flight};

      const auto& head = header_parser.get();
      Request req;
      req.method = std::string(head.method_string());
      req.target = std::string(head.target());
      split_target(req.target, req);
      for (const auto& field : head) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value(field.value());
        // Kept header values (the user agent of a session) are text: bytes that are not UTF-8
        // are replaced here, once, rather than refused by the database later.
        if (!input::valid_utf8(value)) value = input::repair_utf8(value);
        req.headers[name] = std::move(value);
      }
      req.remote_ip = client_address(remote_ip, req.header("x-forwarded-for"),
                                     req.header("x-real-ip"), options.trusted_proxies);
      const std::string& rid = req.header("x-request-id");
      req.request_id = valid_request_id(rid) ? rid : new_request_id();
      const unsigned version = head.version();
      const bool is_api = req.path.rfind("/api/", 0) == 0;
      Match match;
      if (is_api) match = router.match(req.method, req.path);
      const bool metrics = !is_api && req.path == "/metrics" && options.metrics;
      req.route = match.route ? match.route->pattern
                  : is_api    ? "unmatched"
                  : metrics   ? "/metrics"
                              : "static";
      const bool upload = match.route && match.route->upload;
      const std::size_t limit =
          upload ? kUploadBodyLimit : (match.route ? match.route->body_limit : kDefaultBodyLimit);
      // Everything that can refuse a request without its body does so before the body is read:
      // the target's encoding, the declared size, the CSRF header and, for uploads, the session,
      // the permission and the number of uploads under way.
      const std::uint64_t declared =
          header_parser.content_length() ? *header_parser.content_length() : kUploadBodyLimit;
      const std::uint64_t unread = declared > buffer.size() ? declared - buffer.size() : 0;
      std::optional<Response> early = check_target(req);
      if (!early && head.has_content_length() && header_parser.content_length() &&
          *header_parser.content_length() > limit) {
        early = too_large_body(limit);
      }
      if (!early && match.route && !upload && state_changing(req.method) &&
          req.header("x-requested-with") != "kaowu") {
        early = router.admit(match, req).refusal;  // the CSRF check, before any database work
      }
      Admission admission;
      UploadSlot slot;
      if (!early && upload) {
        if (pending.load() >= options.max_pending) {
          early = server_busy();
        } else {
          pending++;
          const std::function<void()> check = [this, &match, &req, &admission]() {
            log_context::Scope log("request=" + req.request_id);
            admission = router.admit(match, req);
          };
          co_await on_workers(stream, check);
          pending--;
          if (admission.refusal) {
            early = std::move(*admission.refusal);
          } else {
            const std::int64_t account = admission.scope ? admission.scope->account_id : 0;
            if (take_upload(account)) {
              slot.impl = this;
              slot.account = account;
            } else {
              early = too_many_uploads();
              early->account_id = account;
            }
          }
        }
      }
      if (early) {
        co_await write(stream, req, *early, false, version, started);
        co_await linger_close(stream, unread);
        co_return;
      }
      if (bhttp::token_list{head[bhttp::field::expect]}.exists("100-continue")) {
        bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, version};
        co_await bhttp::async_write(stream, cont, token);
        if (ec) break;
      }
      stream.expires_after(options.body_timeout);
      bool keep_alive = false;
      std::string temp_file;
      if (upload) {
        bhttp::request_parser<bhttp::file_body> parser{std::move(header_parser)};
        parser.body_limit(limit);
        temp_file = (std::filesystem::path(options.temp_dir) / upload_file_name()).string();
        slot.file = temp_file;
        parser.get().body().open(temp_file.c_str(), beast::file_mode::write, ec);
        if (ec) {
          Response res = upload_failed();
          co_await write(stream, req, res, false, version, started);
          break;
        }
        co_await bhttp::async_read(stream, buffer, parser, token);
        parser.get().body().close();
        keep_alive = parser.get().keep_alive();
        req.body_file = temp_file;
        std::error_code fec;
        req.body_size = std::filesystem::file_size(temp_file, fec);
      } else if (header_parser.is_done()) {
        keep_alive = header_parser.get().keep_alive();  // no body: nothing more to read
      } else {
        bhttp::request_parser<bhttp::string_body> parser{std::move(header_parser)};
        parser.body_limit(limit);
        co_await bhttp::async_read(stream, buffer, parser, token);
        keep_alive = parser.get().keep_alive();
        req.body = std::move(parser.get().body());
        req.body_size = req.body.size();
      }
      if (ec) {
        spdlog::debug("request {} body read failed: {}", req.request_id, ec.message());
        if (parse_error(ec)) {
          Response res = malformed(ec);
          co_await write(stream, req, res, false, version, started);
          break;
        }
        if (ec == bhttp::error::body_limit) {
          Response res = too_large_body(limit);
          co_await write(stream, req, res, false, version, started);
          const std::uint64_t remaining = kUploadBodyLimit;
          co_await linger_close(stream, remaining);
          co_return;
        }
        break;
      }

      Response res;
      if (metrics) {
        if ((req.method == "GET" || req.method == "HEAD") && metrics_allowed(req.remote_ip)) {
          const std::function<void()> scrape = [this, &req, &res]() {
            log_context::Scope log("request=" + req.request_id);
            try {
              res.content_type = "text/plain; version=0.0.4; charset=utf-8";
              res.body = options.metrics();
              res.set_header("Cache-Control", "no-store");
            } catch (const std::exception& e) {
              spdlog::error("metrics failed: {}", e.what());
              res = Response::error(err::internal("指标暂时无法读取"));
            }
          };
          co_await on_workers(stream, scrape);
        } else {
          res = metrics_refused();
        }
      } else if (!is_api) {
        res = static_files.serve(req);
      } else if (!match.route) {
        if (req.path == "/api/docs" || req.path == "/api/docs/") {
          res = docs_redirect();
        } else {
          res = router.not_found(match);
        }
      } else if (match.route->immediate) {
        res = router.dispatch(match, req);
      } else if (pending.load() >= options.max_pending) {
        res = server_busy();
      } else {
        pending++;
        const bool hashes = match.route->hashes_password;
        if (hashes) co_await take_hashing_turn(stream);
        // The handler runs on the worker pool. Everything shared lives in this frame, so nothing
        // is copied across threads.
        const std::function<void()> handle = [this, &match, &req, &res, &admission, upload]() {
          log_context::Scope log("request=" + req.request_id);
          res = upload ? router.dispatch(match, req, std::move(admission))
                       : router.dispatch(match, req);
        };
        co_await on_workers(stream, handle);
        if (hashes) give_hashing_turn();
        pending--;
      }
      if (!temp_file.empty()) {
        std::error_code rec;
        std::filesystem::remove(temp_file, rec);
        slot.file.clear();
      }
      keep_alive = keep_alive && !stopping;
      const bool written = co_await write(stream, req, res, keep_alive, version, started);
      if (!written) break;
      if (!keep_alive) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }
};

Server::Server(ServerOptions options, const Router& router, StaticFiles& static_files)
    : impl_(std::make_unique<Impl>(std::move(options), router, static_files)) {
  impl_->on_shutdown = &on_shutdown_;
}

Server::~Server() {
  impl_->workers.join();
}

std::size_t remove_stale_uploads(const std::string& temp_dir) {
  std::size_t removed = 0;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(temp_dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(kUploadPrefix, 0) != 0) continue;
    // kaowu-upload-<pid>-<random>; a name without a pid is from a version that did not write one.
    const std::string rest = name.substr(std::char_traits<char>::length(kUploadPrefix));
    const auto dash = rest.find('-');
    long pid = 0;
    if (dash != std::string::npos && dash > 0 && dash < 10 &&
        rest.substr(0, dash).find_first_not_of("0123456789") == std::string::npos) {
      pid = std::stol(rest.substr(0, dash));
    }
    if (pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH)) continue;
    std::error_code rec;
    if (std::filesystem::remove(it->path(), rec)) ++removed;
  }
  return removed;
}

Result<unsigned short> Server::listen() {
  if (const std::size_t n = remove_stale_uploads(impl_->options.temp_dir); n > 0) {
    spdlog::info("removed {} upload file(s) left in {} by an instance that stopped", n,
                 impl_->options.temp_dir);
  }
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) return err::invalid("监听地址无效：" + impl_->options.host);
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return err::make(ErrorKind::unavailable,
                     "无法监听 " + impl_->options.host + ":" + std::to_string(impl_->options.port) +
                         "：" + ec.message(),
                     "listen_failed");
  }
  return acceptor.local_endpoint().port();
}

void Server::stop() {
  asio::post(impl_->ioc, [this]() {
    if (impl_->stopping.exchange(true)) return;
    beast::error_code ec;
    impl_->acceptor.close(ec);
    if (on_shutdown_) on_shutdown_();
    // New connections are refused from now on (a proxy sends their requests elsewhere). Open
    // keep-alive connections are answered for a moment with Connection: close, so that a proxy
    // stops using them itself; then those still waiting for a request are closed.
    const auto now = std::chrono::steady_clock::now();
    const auto drained = now + impl_->options.shutdown_drain;
    const auto deadline = now + impl_->options.shutdown_grace;
    auto timer = std::make_shared<asio::steady_timer>(impl_->ioc);
    auto poll = std::make_shared<std::function<void()>>();
    auto closed_idle = std::make_shared<bool>(false);
    // The pending wait holds the function; the function only a weak reference to itself, so it
    // is freed once the last wait has run.
    std::weak_ptr<std::function<void()>> self = poll;
    *poll = [this, timer, drained, deadline, self, closed_idle]() {
      const auto at = std::chrono::steady_clock::now();
      if (!*closed_idle && (at >= drained || impl_->open_connections() == 0)) {
        impl_->close_idle_connections();
        *closed_idle = true;
      }
      if ((*closed_idle && impl_->in_flight.load() == 0 && impl_->open_connections() == 0) ||
          at > deadline) {
        impl_->stop_loops();
        return;
      }
      timer->expires_after(std::chrono::milliseconds(20));
      if (auto next = self.lock()) {
        timer->async_wait([next](const beast::error_code&) { (*next)(); });
      }
    };
    (*poll)();
  });
}

void Server::run() {
  asio::signal_set signals(impl_->ioc, SIGINT, SIGTERM);
  signals.async_wait([this](const beast::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("received signal {}, shutting down gracefully", sig);
    stop();
  });
  asio::co_spawn(impl_->ioc, impl_->accept_loop(), asio::detached);
  std::vector<std::thread> threads;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  for (auto& loop : impl_->extra_loops) {
    guards.push_back(asio::make_work_guard(*loop));
    threads.emplace_back([&loop]() { loop->run(); });
  }
  impl_->ioc.run();
  for (auto& t : threads) t.join();
  impl_->workers.join();
}

}  // namespace kaowu::http
