#include "core/clock.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace kaowu {

namespace {
constexpr std::int64_t kCstOffset = 8 * 3600;

std::int64_t real_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Days from 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool valid_date(int y, int m, int d) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
  int max = kDays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) max = 29;
  return d <= max;
}
}  // namespace

Timestamp SystemClock::now() const { return real_ms() / 1000; }
std::int64_t SystemClock::now_ms() const { return real_ms(); }

ManualClock::ManualClock() : base_ms_(real_ms()), real_at_set_ms_(real_ms()) {}

std::int64_t ManualClock::now_ms() const {
  const std::int64_t base = base_ms_.load();
  if (!running_.load()) return base;
  return base + (real_ms() - real_at_set_ms_.load());
}

Timestamp ManualClock::now() const {
  const std::int64_t ms = now_ms();
  return ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
}

void ManualClock::set(Timestamp at, bool running) {
  real_at_set_ms_.store(real_ms());
  base_ms_.store(at * 1000);
  running_.store(running);
}

namespace cst {

std::string format_with(Timestamp t, const char* pattern) {
  std::time_t shifted = static_cast<std::time_t>(t + kCstOffset);
  std::tm tm{};
  gmtime_r(&shifted, &tm);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, pattern, &tm);
  return std::string(buf, n);
}

std::string format(Timestamp t) { return format_with(t, "%Y-%m-%d %H:%M:%S"); }
std::string format_minute(Timestamp t) { return format_with(t, "%Y-%m-%d %H:%M"); }
std::string format_date(Timestamp t) { return format_with(t, "%Y-%m-%d"); }

std::optional<Timestamp> parse(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  auto digits = [&](std::size_t pos, std::size_t len, int& out) {
    if (pos + len > text.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      v = v * 10 + (text[i] - '0');
    }
    out = v;
    return true;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  const char sep = text.size() > 4 ? text[4] : '-';
  if (sep != '-' && sep != '/') return std::nullopt;
  if (!digits(0, 4, y) || text.size() < 10 || text[7] != sep || !digits(5, 2, mo) ||
      !digits(8, 2, d))
    return std::nullopt;
  std::size_t pos = 10;
  if (pos < text.size() && (text[pos] == ' ' || text[pos] == 'T')) {
    if (!digits(pos + 1, 2, h) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !digits(pos + 4, 2, mi))
      return std::nullopt;
    pos += 6;
    if (pos < text.size() && text[pos] == ':') {
      if (!digits(pos + 1, 2, s)) return std::nullopt;
      pos += 3;
      if (pos < text.size() && text[pos] == '.') {
        ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      }
    }
  }
  std::int64_t offset = kCstOffset;
  if (pos < text.size()) {
    if (text[pos] == 'Z' && pos + 1 == text.size()) {
      offset = 0;
    } else if ((text[pos] == '+' || text[pos] == '-') && pos + 6 == text.size() &&
               text[pos + 3] == ':') {
      int oh = 0, om = 0;
      if (!digits(pos + 1, 2, oh) || !digits(pos + 4, 2, om)) return std::nullopt;
      offset = (oh * 3600 + om * 60) * (text[pos] == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  if (!valid_date(y, mo, d) || h > 23 || mi > 59 || s > 59) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
         h * 3600 + mi * 60 + s - offset;
}

}  // namespace cst
}  // namespace kaowu
