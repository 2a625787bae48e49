#include "core/json_writer.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>

namespace kaowu::json {

namespace {
// At s[i] (a byte >= 0x80): the length of the valid UTF-8 sequence there, or, negated, how many
// bytes form the longest invalid prefix to replace with one U+FFFD (Unicode's "maximal subpart").
int utf8_sequence(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  int need = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return -1;
  }
  int have = 0;
  for (int k = 1; k <= need; ++k) {
    if (i + static_cast<std::size_t>(k) >= s.size()) break;
    const unsigned char d = b(i + static_cast<std::size_t>(k));
    if (k == 1 ? (d < lo || d > hi) : (d & 0xC0) != 0x80) break;
    ++have;
  }
  return have == need ? need + 1 : -(have + 1);
}

// Whether none of the 8 bytes at p needs a look: no control character, '"', '\\' or byte of a
// multi-byte sequence (the has-less-than and has-zero-byte tests of "Bit Twiddling Hacks").
bool plain_ascii_8(const char* p) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  const std::uint64_t quote = v ^ (ones * '"'), backslash = v ^ (ones * '\\');
  const std::uint64_t control = (v - ones * 0x20) & ~v;
  const std::uint64_t special = ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash);
  return ((control | special | v) & high) == 0;
}

// Whether a three-byte sequence with no special case (lead E1-EC or EE-EF, then two
// continuation bytes) starts at s[i].
bool three_byte_plain(std::string_view s, std::size_t i) {
  if (i + 2 >= s.size()) return false;
  const unsigned char lead = static_cast<unsigned char>(s[i]);
  if (lead < 0xE1 || lead > 0xEF || lead == 0xED) return false;
  std::uint16_t tail;
  std::memcpy(&tail, s.data() + i + 1, sizeof tail);
  return (tail & 0xC0C0) == 0x8080;
}
}  // namespace

void append_string(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;  // start of the pending run of bytes copied as they are
  std::size_t i = 0;
  while (i < s.size()) {
    while (i + 8 <= s.size() && plain_ascii_8(s.data() + i)) i += 8;
    if (i >= s.size()) break;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    int invalid = 1;
    if (three_byte_plain(s, i)) {
      // Most of Chinese text: a run of three-byte sequences with no special case.
      do {
        i += 3;
      } while (three_byte_plain(s, i));
      continue;
    }
    if (c >= 0x80) {
      const int n = utf8_sequence(s, i);
      if (n > 0) {
        i += static_cast<std::size_t>(n);
        continue;
      }
      invalid = -n;
    }
    out.append(s.data() + run, i - run);
    if (c >= 0x80) {
      out += "\xEF\xBF\xBD";  // one U+FFFD for the invalid bytes
      i += static_cast<std::size_t>(invalid);
      run = i;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 0xF]);
    }
    ++i;
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void Writer::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_.push_back(',');
    first_.back() = false;
  }
}

Writer& Writer::open(char c) {
  separate();
  out_.push_back(c);
  first_.push_back(true);
  return *this;
}

Writer& Writer::close(char c) {
  out_.push_back(c);
  first_.pop_back();
  return *this;
}

Writer& Writer::key(std::string_view name) {
  separate();
  append_string(out_, name);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}

Writer& Writer::value(std::string_view text) {
  separate();
  append_string(out_, text);
  return *this;
}

Writer& Writer::value(std::int64_t number) {
  separate();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, number);
  (void)ec;
  out_.append(buf, end);
  return *this;
}

Writer& Writer::value(bool flag) {
  separate();
  out_ += flag ? "true" : "false";
  return *this;
}

Writer& Writer::null() {
  separate();
  out_ += "null";
  return *this;
}

Writer& Writer::raw(std::string_view json) {
  separate();
  out_.append(json);
  return *this;
}

}  // namespace kaowu::json
