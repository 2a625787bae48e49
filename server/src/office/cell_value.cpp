#include "office/cell_value.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace kaowu::office {

NumberKind builtin_format_kind(int id) {
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) ||
      id == 57 || id == 58) {
    return NumberKind::date;
  }
  if (id == 22) return NumberKind::datetime;
  if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || (id >= 45 && id <= 47) || id == 55 ||
      id == 56) {
    return NumberKind::time;
  }
  return NumberKind::number;
}

NumberKind format_code_kind(std::string_view code) {
  bool date = false, time = false, month = false;
  bool in_quote = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (in_quote) {
      if (c == '"') in_quote = false;
      continue;
    }
    if (c == ';') break;  // the first section decides
    if (c == '"') {
      in_quote = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // escaped, padding or repeated character
    } else if (c == '[') {
      // [h], [mm] and [ss] are elapsed times; other brackets hold colours and locales.
      auto end = code.find(']', i);
      if (end == std::string_view::npos) break;
      auto inner = code.substr(i + 1, end - i - 1);
      if (!inner.empty() &&
          (inner[0] == 'h' || inner[0] == 'H' || inner[0] == 's' || inner[0] == 'S' ||
           ((inner[0] == 'm' || inner[0] == 'M') && inner.find_first_not_of("mM") == inner.npos))) {
        time = true;
      }
      i = end;
    } else if (code.compare(i, 5, "AM/PM") == 0 || code.compare(i, 5, "am/pm") == 0) {
      time = true;
      i += 4;
    } else if (code.compare(i, 3, "A/P") == 0 || code.compare(i, 3, "a/p") == 0) {
      time = true;
      i += 2;
    } else {
      switch (c) {
        case 'y':
        case 'Y':
        case 'd':
        case 'D':
          date = true;
          break;
        case 'h':
        case 'H':
        case 's':
        case 'S':
          time = true;
          break;
        case 'm':
        case 'M':
          month = true;
          break;
        default:
          break;
      }
    }
  }
  if (month && !time) date = true;
  if (date && time) return NumberKind::datetime;
  if (date) return NumberKind::date;
  if (time) return NumberKind::time;
  return NumberKind::number;
}

std::string format_number(double value) {
  if (!std::isfinite(value)) return "#NUM!";
  if (value == 0) return "0";
  // Shortest round-trip digits, then Excel's 15 significant digits when there are more.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string_view sci(buf, res.ptr - buf);
  auto e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c >= '0' && c <= '9') digits += c;
  }
  int exponent = std::atoi(std::string(sci.substr(e + 1)).c_str());
  if (digits.size() > 15) {
    res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific, 14);
    sci = std::string_view(buf, res.ptr - buf);
    e = sci.find('e');
    digits.clear();
    for (char c : sci.substr(0, e)) {
      if (c >= '0' && c <= '9') digits += c;
    }
    exponent = std::atoi(std::string(sci.substr(e + 1)).c_str());
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::string out = value < 0 ? "-" : "";
  if (exponent > 30 || exponent < -30) {
    out += digits[0];
    if (digits.size() > 1) {
      out += '.';
      out.append(digits, 1);
    }
    char exp[16];
    std::snprintf(exp, sizeof exp, "E%+03d", exponent);
    return out + exp;
  }
  int point = exponent + 1;  // digits before the decimal point
  if (point <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-point), '0');
    out += digits;
  } else if (static_cast<std::size_t>(point) >= digits.size()) {
    out += digits;
    out.append(point - digits.size(), '0');
  } else {
    out.append(digits, 0, static_cast<std::size_t>(point));
    out += '.';
    out.append(digits, static_cast<std::size_t>(point));
  }
  return out;
}

std::string format_number_text(std::string_view text) {
  std::string_view digits = text;
  bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.remove_prefix(1);
  if (!digits.empty() && digits.size() <= 30 &&
      digits.find_first_not_of("0123456789") == digits.npos) {
    auto first = digits.find_first_not_of('0');
    if (first == digits.npos) return "0";
    std::string out(negative ? "-" : "");
    out.append(digits.substr(first));
    return out;
  }
  double value = 0;
  auto res = std::from_chars(text.data(), text.data() + text.size(), value);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size()) return std::string(text);
  return format_number(value);
}

namespace {
// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void civil_from_days(long long z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long yy = static_cast<long long>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2));
}
}  // namespace

std::optional<std::string> format_serial(double serial, NumberKind kind, bool date1904) {
  if (kind == NumberKind::number || !std::isfinite(serial) || serial < 0 || serial >= 2958466) {
    return std::nullopt;
  }
  long long seconds = std::llround(serial * 86400.0);
  long long days = seconds / 86400;
  long long sod = seconds % 86400;
  char buf[32];
  if (kind == NumberKind::time || (days == 0 && !date1904 && kind == NumberKind::datetime)) {
    std::snprintf(buf, sizeof buf, "%02lld:%02lld", sod / 3600, sod / 60 % 60);
    return std::string(buf);
  }
  int y;
  unsigned m, d;
  if (date1904) {
    civil_from_days(days - 24107, y, m, d);  // 1904-01-01 is 24107 days before 1970-01-01
  } else if (days == 60) {
    y = 1900, m = 2, d = 29;  // Excel's leap-year bug keeps a 1900-02-29
  } else if (days < 60) {
    if (days == 0) return std::nullopt;
    civil_from_days(days - 25568, y, m, d);  // serial 1 is 1900-01-01
  } else {
    civil_from_days(days - 25569, y, m, d);  // serial 25569 is 1970-01-01
  }
  if (kind == NumberKind::date) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02lld:%02lld", y, m, d, sod / 3600,
                  sod / 60 % 60);
  }
  return std::string(buf);
}

namespace {
bool is_space_at(std::string_view s, std::size_t i, std::size_t& len) {
  unsigned char c = s[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
    len = 1;
    return true;
  }
  if (s.compare(i, 2, "\xC2\xA0") == 0) {
    len = 2;
    return true;
  }
  if (s.compare(i, 3, "\xE3\x80\x80") == 0) {
    len = 3;
    return true;
  }
  return false;
}
}  // namespace

std::string trim(std::string_view s) {
  std::size_t len = 0;
  std::size_t begin = 0;
  while (begin < s.size() && is_space_at(s, begin, len)) begin += len;
  std::size_t end = s.size();
  while (end > begin) {
    unsigned char c = s[end - 1];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      --end;
    } else if (end - begin >= 2 && s.compare(end - 2, 2, "\xC2\xA0") == 0) {
      end -= 2;
    } else if (end - begin >= 3 && s.compare(end - 3, 3, "\xE3\x80\x80") == 0) {
      end -= 3;
    } else {
      break;
    }
  }
  return std::string(s.substr(begin, end - begin));
}

std::string to_halfwidth(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c0 = static_cast<unsigned char>(s[i]);
    if (c0 == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0x80) {
      out += ' ';
      i += 2;
      continue;
    }
    if (c0 == 0xEF && i + 2 < s.size()) {
      // U+FF01..U+FF5E map to U+0021..U+007E.
      unsigned cp = ((c0 & 0x0F) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
                    (static_cast<unsigned char>(s[i + 2]) & 0x3F);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out += static_cast<char>(cp - 0xFF01 + 0x21);
        i += 2;
        continue;
      }
    }
    out += static_cast<char>(c0);
  }
  return out;
}

bool is_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n;
    unsigned cp;
    if ((c & 0xE0) == 0xC0)
      n = 1, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0)
      n = 2, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0)
      n = 3, cp = c & 0x07;
    else
      return false;
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
        (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

bool cell_fits(std::string_view text) {
  if (text.size() <= kMaxCellChars) return true;
  if (text.size() > kMaxCellChars * 4) return false;
  std::size_t chars = 0;
  for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
  return chars <= kMaxCellChars;
}

std::string fit_cell(std::string_view text) {
  if (cell_fits(text)) return std::string(text);
  constexpr std::string_view kMarker = "…（已截断）";
  constexpr std::size_t kMarkerChars = 6;
  std::size_t chars = 0, end = 0;
  for (; end < text.size(); ++end) {
    if ((static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) continue;
    if (chars == kMaxCellChars - kMarkerChars) break;
    ++chars;
  }
  return std::string(text.substr(0, end)) + std::string(kMarker);
}

}  // namespace kaowu::office
