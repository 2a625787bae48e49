#pragma once

#include <spdlog/pattern_formatter.h>

#include <memory>
#include <string>

// What a log line is about: the request or the job the thread is working for. The application log
// writes it before the message ("[request=1f0c…] ", "[job=42 org=7 type=export] "), so that every
// line of one request or one job can be found with grep.
namespace kaowu::log_context {

//! Sets this thread's context until the scope ends (then the previous one is back).
class Scope {
 public:
  explicit Scope(std::string context);
  ~Scope();
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  std::string previous_;
};

//! This thread's context, "" outside any request or job.
const std::string& current();

//! A formatter for `pattern` in which %* stands for "[<context>] " (nothing outside a context).
std::unique_ptr<spdlog::formatter> formatter(const std::string& pattern);

}  // namespace kaowu::log_context
