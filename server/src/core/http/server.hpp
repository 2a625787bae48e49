#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/http/client_address.hpp"
#include "core/http/router.hpp"
#include "core/http/static_files.hpp"

namespace kaowu::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  int io_threads = 2;
  int worker_threads = 8;
  std::size_t max_pending = 2048;  //!< queued + running handlers before 503
  //! Handlers of Route::hashes_password routes running at once (0: one per core).
  std::size_t max_password_hashes = 0;
  std::chrono::seconds header_timeout{15};  //!< first request line and headers
  std::chrono::seconds idle_timeout{30};    //!< keep-alive wait for the next request
  std::chrono::seconds body_timeout{120};   //!< whole body, including 64 MiB uploads
  std::chrono::seconds write_timeout{120};
  std::chrono::seconds shutdown_grace{30};  //!< longest wait for requests in flight at a stop
  //! At a stop, how long open keep-alive connections are still read (each request answered with
  //! Connection: close) before those waiting for a request are closed.
  std::chrono::milliseconds shutdown_drain{1000};
  std::string temp_dir = "/tmp";
  std::vector<Network> trusted_proxies;     //!< peers whose X-Forwarded-For is believed
  std::size_t max_uploads = 8;              //!< uploads being received at once, in total
  std::size_t max_uploads_per_account = 2;  //!< and per account
  bool https = false;                       //!< behind https: Strict-Transport-Security too
  //! Called once an answer is ready, just before it is written: the request (its route set), the
  //! status and the seconds from its headers to the answer.
  std::function<void(const Request&, int status, double seconds)> observe;
  //! GET /metrics: its text, made on the worker pool. Without it /metrics is a page of the web UI.
  std::function<std::string()> metrics;
  std::vector<Network> metrics_allow;  //!< client addresses /metrics answers; others get 404
};

//! Removes the upload spool files in `temp_dir` that no running process owns (an instance that
//! died mid-upload); returns how many went.
std::size_t remove_stale_uploads(const std::string& temp_dir);

//! HTTP/1.1 server: Beast on a few I/O threads, handlers on a bounded worker pool.
class Server {
 public:
  Server(ServerOptions options, const Router& router, StaticFiles& static_files);
  ~Server();
  //! Binds and listens; returns the bound port (useful with port 0).
  Result<unsigned short> listen();
  //! Serves until SIGINT/SIGTERM or stop(); in-flight requests finish first.
  void run();
  //! Begins a graceful shutdown (thread-safe).
  void stop();
  //! Called once the server has stopped accepting, before it waits for in-flight requests.
  void on_shutdown(std::function<void()> fn) { on_shutdown_ = std::move(fn); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::function<void()> on_shutdown_;
};

}  // namespace kaowu::http
