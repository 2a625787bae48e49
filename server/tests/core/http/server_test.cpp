#include "core/http/server.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <thread>

namespace kaowu::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

//! A server on a free port of 127.0.0.1 with one public route, run on a thread of its own.
class ServerStopTest : public ::testing::Test {
 protected:
  void start(std::chrono::milliseconds drain,
             const std::function<void(ServerOptions&)>& tune = nullptr) {
    router_.add({.method = "GET",
                 .pattern = "/api/v1/ping",
                 .authenticated = false,
                 .handler = [](Ctx&) -> Result<Response> {
                   return Response::json({{"pong", true}});
                 }});
    ServerOptions options;
    options.port = 0;
    options.io_threads = 1;
    options.worker_threads = 2;
    options.shutdown_drain = drain;
    options.temp_dir = std::filesystem::temp_directory_path().string();
    if (tune) tune(options);
    server_ = std::make_unique<Server>(options, router_, static_files_);
    auto port = server_->listen();
    ASSERT_TRUE(port) << port.error().message;
    port_ = port.value();
    runner_ = std::thread([this]() { server_->run(); });
  }

  void TearDown() override {
    if (server_) server_->stop();
    if (runner_.joinable()) runner_.join();
  }

  //! A client connection whose reads give up after 5 s instead of blocking the test.
  std::unique_ptr<tcp::socket> connect() {
    auto socket = std::make_unique<tcp::socket>(io_);
    socket->connect({asio::ip::make_address("127.0.0.1"), port_});
    timeval timeout{5, 0};
    setsockopt(socket->native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    return socket;
  }

  static bhttp::response<bhttp::string_body> ping(tcp::socket& socket, beast::flat_buffer& buffer) {
    bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/api/v1/ping", 11};
    req.set(bhttp::field::host, "127.0.0.1");
    bhttp::write(socket, req);
    bhttp::response<bhttp::string_body> res;
    bhttp::read(socket, buffer, res);
    return res;
  }

  //! What a read on a connection the client keeps open meets: eof once the server closed it.
  static beast::error_code next_read(tcp::socket& socket, beast::flat_buffer& buffer) {
    beast::error_code ec;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(socket, buffer, res, ec);
    return ec;
  }

  asio::io_context io_;
  Router router_;
  StaticFiles static_files_{std::filesystem::temp_directory_path() / "kaowu-no-web"};
  std::unique_ptr<Server> server_;
  unsigned short port_ = 0;
  std::thread runner_;
};

// A keep-alive connection the client (nginx) keeps open is closed by the stopping server, not left
// open and unread until the process ends: a request sent on it would hang and then fail.
TEST_F(ServerStopTest, AnIdleKeepAliveConnectionIsClosedAtAStop) {
  start(std::chrono::milliseconds(100));
  auto socket = connect();
  beast::flat_buffer buffer;
  auto first = ping(*socket, buffer);
  EXPECT_EQ(first.result_int(), 200);
  EXPECT_TRUE(first.keep_alive());

  server_->stop();
  EXPECT_EQ(next_read(*socket, buffer), bhttp::error::end_of_stream)
      << "the server closed the idle connection (a timeout means it was left open)";
  runner_.join();
}

// During the drain a request on an open connection is answered, with Connection: close, and the
// connection then ends; a new connection is refused (the proxy sends it to another instance).
TEST_F(ServerStopTest, ARequestOnAnOpenConnectionDuringTheDrainIsAnsweredAndTheConnectionCloses) {
  start(std::chrono::seconds(3));
  auto socket = connect();
  beast::flat_buffer buffer;
  EXPECT_EQ(ping(*socket, buffer).result_int(), 200);

  server_->stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  beast::error_code refused;
  tcp::socket late(io_);
  late.connect({asio::ip::make_address("127.0.0.1"), port_}, refused);
  EXPECT_EQ(refused, asio::error::connection_refused);

  auto during = ping(*socket, buffer);
  EXPECT_EQ(during.result_int(), 200);
  EXPECT_FALSE(during.keep_alive()) << "answered with Connection: close";
  EXPECT_EQ(next_read(*socket, buffer), bhttp::error::end_of_stream);
  runner_.join();
}

// Password hashing takes its turn ahead of the workers: with two workers and one turn, two
// sign-ins that hash at length (held here) leave a worker for everything else, and never run
// side by side; the one waiting starts when the first is done.
TEST_F(ServerStopTest, PasswordHashingHandlersWaitForATurnWithoutHoldingAWorker) {
  std::mutex mutex;
  std::condition_variable changed;
  int running = 0, most = 0, done = 0;
  bool release = false;
  router_.add({.method = "GET",
               .pattern = "/api/v1/hash",
               .authenticated = false,
               .hashes_password = true,
               .handler = [&](Ctx&) -> Result<Response> {
                 std::unique_lock lock(mutex);
                 most = std::max(most, ++running);
                 changed.notify_all();
                 changed.wait_for(lock, std::chrono::seconds(10), [&] { return release; });
                 --running;
                 ++done;
                 return Response::json({{"hashed", true}});
               }});
  start(std::chrono::milliseconds(100), [](ServerOptions& o) { o.max_password_hashes = 1; });
  auto call = [this](const char* target) {
    auto socket = connect();
    bhttp::request<bhttp::empty_body> req{bhttp::verb::get, target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    bhttp::write(*socket, req);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    beast::error_code ec;
    bhttp::read(*socket, buffer, res, ec);
    return ec ? 0 : res.result_int();
  };
  std::vector<std::thread> clients;
  std::vector<int> statuses(2, 0);
  for (int i = 0; i < 2; ++i) {
    clients.emplace_back(
        [&, i]() { statuses[static_cast<std::size_t>(i)] = call("/api/v1/hash"); });
  }
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(5), [&] { return running == 1; }));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the second one has arrived
  // Both workers would be held by the two sign-ins if the second one had taken a worker.
  EXPECT_EQ(call("/api/v1/ping"), 200);
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(running, 1);
    EXPECT_EQ(done, 0);
    release = true;
  }
  changed.notify_all();
  for (auto& t : clients) t.join();
  EXPECT_EQ(statuses, (std::vector<int>{200, 200}));
  EXPECT_EQ(most, 1) << "never two hashing at once";
  EXPECT_EQ(done, 2);
}

}  // namespace
}  // namespace kaowu::http
