#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/db/database.hpp"
#include "modules/sms/provider.hpp"

namespace kaowu::sms {

struct SenderOptions {
  int retry_ms = 2000;  //!< wait before the second try; doubled before each further one
  int attempts = 5;     //!< tries before a message is 发送失败
  int poll_ms = 500;    //!< how often queued messages are looked for
  std::string worker;   //!< this instance's name, for the claim
};

//! Delivers queued messages: takes each due one (any instance may, exactly one does), sends it
//! through the provider and records the answer; a retryable failure waits retry_ms × 2^(n-1)
//! before try n+1, and after `attempts` tries the message is 发送失败 with the last answer.
class Sender {
 public:
  Sender(db::Database& database, const Clock& clock, std::unique_ptr<Provider> provider,
         SenderOptions options);
  ~Sender();
  void start();
  void stop();
  //! Sends what is due now; returns how many messages were tried.
  int run_once();

 private:
  db::Database& database_;
  const Clock& clock_;
  std::unique_ptr<Provider> provider_;
  SenderOptions options_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
};

}  // namespace kaowu::sms
