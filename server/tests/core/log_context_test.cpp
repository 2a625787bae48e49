#include "core/log_context.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>
#include <thread>

namespace kaowu::log_context {
namespace {

struct Captured {
  std::ostringstream out;
  std::shared_ptr<spdlog::logger> logger;
  Captured() {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    logger = std::make_shared<spdlog::logger>("captured", sink);
    logger->set_formatter(formatter("%l %*%v"));
  }
};

TEST(LogContext, LinesCarryTheRequestOrJobOfTheirThreadAndNothingOutsideOne) {
  Captured c;
  c.logger->info("starting");
  {
    Scope request("request=1f0c9a");
    c.logger->warn("slow query");
    {
      Scope job("job=42 org=7 type=export");
      c.logger->error("job failed");
    }
    c.logger->info("answered");
  }
  c.logger->info("idle");
  EXPECT_EQ(c.out.str(),
            "info starting\n"
            "warning [request=1f0c9a] slow query\n"
            "error [job=42 org=7 type=export] job failed\n"
            "info [request=1f0c9a] answered\n"
            "info idle\n");
  EXPECT_EQ(current(), "");
}

TEST(LogContext, EachThreadHasItsOwn) {
  Captured c;
  Scope mine("request=main");
  std::thread other([&]() {
    EXPECT_EQ(current(), "");
    Scope theirs("job=1 org=2 type=import");
    c.logger->info("from the worker");
  });
  other.join();
  c.logger->info("from main");
  EXPECT_EQ(c.out.str(),
            "info [job=1 org=2 type=import] from the worker\n"
            "info [request=main] from main\n");
}

}  // namespace
}  // namespace kaowu::log_context
