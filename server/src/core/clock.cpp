#include "core/clock.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <limits>

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

Timestamp SystemClock::now() const {
  return real_ms() / 1000;
}
std::int64_t SystemClock::now_ms() const {
  return real_ms();
}

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

namespace {
// The calendar date and the second of the day of a CST time, by arithmetic (Howard Hinnant's
// civil_from_days): gmtime_r takes glibc's time-zone lock on every call, and list pages format
// two times per row.
struct Civil {
  std::int64_t days;                   // since 1970-01-01
  std::int64_t year, month, day, doy;  // doy: days since 1 March
  std::int64_t secs;
};

// The day since 1970-01-01 of a CST time and the second within it.
struct DaySecond {
  std::int64_t day;
  std::int64_t secs;
};
DaySecond day_second(Timestamp t) {
  const std::int64_t local = t + kCstOffset;
  std::int64_t day = local / 86400, secs = local % 86400;
  if (secs < 0) {
    secs += 86400;
    day -= 1;
  }
  return {day, secs};
}

Civil civil(Timestamp t) {
  const auto [days, secs] = day_second(t);
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return {days, y, m, d, doy, secs};
}

std::tm cst_tm(Timestamp t) {
  const Civil c = civil(t);
  std::tm tm{};
  tm.tm_year = static_cast<int>(c.year - 1900);
  tm.tm_mon = static_cast<int>(c.month - 1);
  tm.tm_mday = static_cast<int>(c.day);
  tm.tm_hour = static_cast<int>(c.secs / 3600);
  tm.tm_min = static_cast<int>(c.secs / 60 % 60);
  tm.tm_sec = static_cast<int>(c.secs % 60);
  tm.tm_wday = static_cast<int>((c.days % 7 + 11) % 7);  // 1970-01-01 was a Thursday
  const std::int64_t y = c.year;
  tm.tm_yday = static_cast<int>(
      c.doy >= 306 ? c.doy - 306
                   : c.doy + 59 + ((y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 1 : 0));
  return tm;
}

// "YYYY-MM-DD", "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS" (`parts` 3, 5 or 6), digit by digit,
// into buf (room for 19); returns the length.
// The last two digits of v at `at`.
void two_digits(char* at, std::int64_t v) {
  at[0] = static_cast<char>('0' + v / 10 % 10);
  at[1] = static_cast<char>('0' + v % 10);
}

std::size_t numeric_into(Timestamp t, int parts, char* buf) {
  const Civil c = civil(t);
  auto two = [&](int at, std::int64_t v) { two_digits(buf + at, v); };
  two(0, c.year / 100);
  two(2, c.year % 100);
  buf[4] = '-';
  two(5, c.month);
  buf[7] = '-';
  two(8, c.day);
  if (parts == 3) return 10;
  buf[10] = ' ';
  two(11, c.secs / 3600);
  buf[13] = ':';
  two(14, c.secs / 60 % 60);
  if (parts == 5) return 16;
  buf[16] = ':';
  two(17, c.secs % 60);
  return 19;
}

std::string numeric(Timestamp t, int parts) {
  char buf[19];
  return std::string(buf, numeric_into(t, parts, buf));
}
}  // namespace

std::string format_with(Timestamp t, const char* pattern) {
  const std::tm tm = cst_tm(t);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, pattern, &tm);
  return std::string(buf, n);
}

std::string format(Timestamp t) {
  return numeric(t, 6);
}
void format_to(Timestamp t, char* out) {
  // The date of the last time formatted on this thread is kept: the times of a page are mostly
  // of a few days, and the calendar arithmetic costs more than the rest.
  struct Day {
    std::int64_t number = std::numeric_limits<std::int64_t>::min();
    char text[10];
  };
  thread_local Day last;
  const auto [day, secs] = day_second(t);
  if (day != last.number) {
    char buf[19];
    numeric_into(t, 3, buf);
    std::memcpy(last.text, buf, sizeof last.text);
    last.number = day;
  }
  std::memcpy(out, last.text, sizeof last.text);
  out[10] = ' ';
  two_digits(out + 11, secs / 3600);
  out[13] = ':';
  two_digits(out + 14, secs / 60 % 60);
  out[16] = ':';
  two_digits(out + 17, secs % 60);
}
std::string format_minute(Timestamp t) {
  return numeric(t, 5);
}
std::string format_date(Timestamp t) {
  return numeric(t, 3);
}

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
