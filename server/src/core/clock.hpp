#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kaowu {

//! Seconds since the Unix epoch. All stored times use it; display is China Standard Time.
using Timestamp = std::int64_t;

//! The one source of "now". Production uses the system clock; tests and demos a manual one.
class Clock {
 public:
  virtual ~Clock() = default;
  //! Current time in seconds since the epoch.
  virtual Timestamp now() const = 0;
  //! Current time in milliseconds since the epoch.
  virtual std::int64_t now_ms() const = 0;
  //! True when "now" can be set through the API.
  virtual bool manual() const { return false; }
};

class SystemClock final : public Clock {
 public:
  Timestamp now() const override;
  std::int64_t now_ms() const override;
};

//! A clock whose "now" is set by hand. Frozen by default; can run on from the set instant.
class ManualClock final : public Clock {
 public:
  ManualClock();
  Timestamp now() const override;
  std::int64_t now_ms() const override;
  bool manual() const override { return true; }
  //! Sets now; when `running`, time advances from there with the real clock.
  void set(Timestamp at, bool running = false);
  bool running() const { return running_.load(); }

 private:
  std::atomic<std::int64_t> base_ms_;
  std::atomic<std::int64_t> real_at_set_ms_;
  std::atomic<bool> running_{false};
};

namespace cst {
//! "2021-09-15 14:35:07" in China Standard Time.
std::string format(Timestamp t);
//! The same 19 characters written at `out`, without allocating (list pages format two per row).
void format_to(Timestamp t, char* out);
//! "2021-09-15 14:35" in China Standard Time.
std::string format_minute(Timestamp t);
//! "2021-09-15" in China Standard Time.
std::string format_date(Timestamp t);
//! A custom strftime-style format in China Standard Time.
std::string format_with(Timestamp t, const char* pattern);
//! Parses "2021-09-15", "2021-09-15 14:35", "2021-09-15 14:35:07", "2021-09-15T14:35:07",
//! optionally followed by "Z" or "+08:00"; no offset means China Standard Time.
std::optional<Timestamp> parse(std::string_view text);
}  // namespace cst

}  // namespace kaowu
