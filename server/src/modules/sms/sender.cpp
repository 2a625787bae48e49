#include "modules/sms/sender.hpp"

#include <spdlog/spdlog.h>

#include "modules/sms/repository.hpp"

namespace kaowu::sms {

namespace {
// A sender that took a message and went silent this long (the process died) leaves it to others.
constexpr std::int64_t kStaleMs = 5 * 60 * 1000;

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

Sender::Sender(db::Database& database, const Clock& clock, std::unique_ptr<Provider> provider,
               SenderOptions options)
    : database_(database),
      clock_(clock),
      provider_(std::move(provider)),
      options_(std::move(options)) {}

Sender::~Sender() {
  stop();
}

void Sender::start() {
  stopping_ = false;
  thread_ = std::thread([this] {
    while (!stopping_) {
      try {
        run_once();
      } catch (const std::exception& e) {
        spdlog::warn("sms sender: {}", e.what());
      }
      std::unique_lock lock(mutex_);
      cv_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms),
                   [this] { return stopping_.load(); });
    }
  });
}

void Sender::stop() {
  stopping_ = true;
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int Sender::run_once() {
  db::Lease sql(database_);
  int tried = 0;
  for (const std::int64_t id : repository::due(*sql, wall_ms(), kStaleMs, 50)) {
    if (stopping_) break;
    if (!repository::claim(*sql, id, options_.worker, wall_ms(), kStaleMs)) continue;
    auto message = repository::find(*sql, id);
    if (!message) continue;
    ++tried;
    const Outcome outcome = provider_->send(*message);
    const int attempts = message->attempts + 1;
    State state = State::sent;
    std::int64_t next = wall_ms();
    std::string answer = outcome.answer;
    if (outcome.kind == Outcome::Kind::failed) {
      state = State::failed;
    } else if (outcome.kind == Outcome::Kind::retry) {
      if (attempts >= options_.attempts) {
        state = State::failed;
        answer = "重试 " + std::to_string(attempts) + " 次仍未成功：" + answer;
      } else {
        state = State::queued;
        next += static_cast<std::int64_t>(options_.retry_ms) << std::min(attempts - 1, 20);
      }
    }
    if (state == State::failed)
      spdlog::warn("sms {} to {}**** failed: {}", id, message->phone.substr(0, 3), answer);
    // Delivered: the recipient has the text, so its secrets (an initial password) go. A failed
    // message keeps them for the administrator who passes it on by other means.
    const bool delivered_now = state == State::sent && provider_->delivers();
    repository::finish(*sql, id, state, attempts, next, provider_->name(), answer,
                       state == State::sent ? std::optional<Timestamp>(clock_.now()) : std::nullopt,
                       clock_.now(), delivered_now ? delivered(*message) : *message);
  }
  return tried;
}

}  // namespace kaowu::sms
