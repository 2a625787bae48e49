#include "core/json_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "core/clock.hpp"

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

// How many bytes at the start of s go out as they are: printable ASCII other than '"' and '\\',
// and three-byte UTF-8 sequences with no special case (most of Chinese text).
std::size_t plain_prefix(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    if (n - i >= 8) {
      if (plain_ascii_8(s.data() + i)) {
        i += 8;
        continue;
      }
    } else {
      // The last few bytes, checked as one word padded with a plain letter.
      char tail[8];
      std::memset(tail, 'a', sizeof tail);
      std::memcpy(tail, s.data() + i, n - i);
      if (plain_ascii_8(tail)) return n;
    }
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
    } else if (three_byte_plain(s, i)) {
      do {
        i += 3;
      } while (three_byte_plain(s, i));
    } else {
      break;
    }
  }
  return i;
}

// The most a string of n bytes takes quoted: every byte a control character ("\u00XX").
std::size_t quoted_bound(std::size_t n) {
  return 6 * n + 2;
}

// Writes s quoted at p, escaped, invalid UTF-8 replaced by U+FFFD; returns the end. The room
// needed is at most quoted_bound(s.size()).
char* write_quoted(char* p, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  const auto put = [&p](std::string_view text) {
    std::memcpy(p, text.data(), text.size());
    p += text.size();
  };
  *p++ = '"';
  std::size_t i = plain_prefix(s);
  put(s.substr(0, i));
  std::size_t run = i;  // start of the pending run of bytes copied as they are
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    int invalid = 1;
    if (three_byte_plain(s, i)) {
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
    put(s.substr(run, i - run));
    if (c >= 0x80) {
      put("\xEF\xBF\xBD");  // one U+FFFD for the invalid bytes
      i += static_cast<std::size_t>(invalid);
      run = i;
      continue;
    }
    switch (c) {
      case '"':
        put("\\\"");
        break;
      case '\\':
        put("\\\\");
        break;
      case '\n':
        put("\\n");
        break;
      case '\r':
        put("\\r");
        break;
      case '\t':
        put("\\t");
        break;
      case '\b':
        put("\\b");
        break;
      case '\f':
        put("\\f");
        break;
      default:
        put("\\u00");
        *p++ = hex[c >> 4];
        *p++ = hex[c & 0xF];
    }
    ++i;
    run = i;
  }
  put(s.substr(run));
  *p++ = '"';
  return p;
}
}  // namespace

void Writer::grow(std::size_t n) {
  out_.resize(std::max(2 * out_.size(), len_ + n));
}

Writer& Writer::open(char c) {
  separate();
  put(c);
  first_.push_back(1);
  return *this;
}

Writer& Writer::close(char c) {
  put(c);
  first_.pop_back();
  return *this;
}

Writer& Writer::key(const Key& name) {
  separate();
  // The whole block in one fixed-size copy; only `"name":` counts.
  std::memcpy(room(Key::block_size()), name.block(), Key::block_size());
  len_ += name.size();
  after_key_ = true;
  return *this;
}

Writer& Writer::value(std::string_view text) {
  separate();
  char* p = room(quoted_bound(text.size()));
  len_ += static_cast<std::size_t>(write_quoted(p, text) - p);
  return *this;
}

Writer& Writer::value(std::int64_t number) {
  separate();
  char* p = room(24);
  auto [end, ec] = std::to_chars(p, p + 24, number);
  (void)ec;
  len_ += static_cast<std::size_t>(end - p);
  return *this;
}

Writer& Writer::value(bool flag) {
  return raw(flag ? "true" : "false");
}

Writer& Writer::time(std::int64_t t) {
  separate();
  char* p = room(21);
  p[0] = '"';
  cst::format_to(t, p + 1);
  p[20] = '"';
  len_ += 21;
  return *this;
}

Writer& Writer::null() {
  return raw("null");
}

Writer& Writer::raw(std::string_view json) {
  separate();
  std::memcpy(room(json.size()), json.data(), json.size());
  len_ += json.size();
  return *this;
}

}  // namespace kaowu::json
