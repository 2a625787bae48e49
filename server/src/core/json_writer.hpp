#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kaowu::json {

//! An object key written as it is: a literal of printable ASCII without '"' or '\\', at most
//! kMaxKey characters, checked when the program is compiled (a key that would need escaping does
//! not compile). It is kept quoted with its colon (`"name":`) in a fixed block that the writer
//! copies in one move. Keys are written as `"name"_key` (json::literals): each is then one
//! constant of the program, not a block built on the stack at every call, which the copy would
//! have to wait for.
class alignas(32) Key {
 public:
  static constexpr std::size_t kMaxKey = 29;

  consteval explicit Key(const char* text) {
    std::size_t n = 0;
    for (; text[n]; ++n) {
      const auto c = static_cast<unsigned char>(text[n]);
      if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') throw "a JSON key must be plain ASCII";
      if (n == kMaxKey) throw "a JSON key must be at most 29 characters";
      quoted_[n + 1] = text[n];
    }
    quoted_[0] = '"';
    quoted_[n + 1] = '"';
    quoted_[n + 2] = ':';
    size_ = static_cast<unsigned char>(n + 3);
  }
  Key(const Key&) = delete;
  Key& operator=(const Key&) = delete;

  std::string_view text() const { return {quoted_ + 1, size_ - 3u}; }
  //! `"text":` followed by zeros to the end of the block.
  const char* block() const { return quoted_; }
  static constexpr std::size_t block_size() { return sizeof(quoted_); }
  //! The length of `"text":`.
  std::size_t size() const { return size_; }

 private:
  char quoted_[kMaxKey + 3] = {};
  unsigned char size_ = 0;
};

namespace detail {
//! A key's literal as a template argument.
template <std::size_t N>
struct KeyText {
  char text[N] = {};
  consteval KeyText(const char (&s)[N]) {  // NOLINT: made from the literal
    for (std::size_t i = 0; i < N; ++i) text[i] = s[i];
  }
};
template <KeyText T>
inline constexpr Key kKey{T.text};
}  // namespace detail

inline namespace literals {
//! `"name"_key`: the key `name`, one constant of the program.
template <detail::KeyText T>
constexpr const Key& operator""_key() {
  return detail::kKey<T>;
}
}  // namespace literals

//! Writes JSON text straight into a string, for responses on hot paths (list pages) where
//! building an nlohmann::json tree per row costs more than the database query. Commas are
//! placed automatically; strings are escaped, invalid UTF-8 becomes U+FFFD (as the nlohmann
//! dump with error_handler_t::replace does).
//!   Writer w; w.begin_object().field("id"_key, 1).field("name"_key, "北京").end_object();
class Writer {
 public:
  //! `expected`: about how many bytes the text will take (it grows past them when needed).
  explicit Writer(std::size_t expected = 1024) { out_.resize(expected); }

  Writer& begin_object() { return open('{'); }
  Writer& end_object() { return close('}'); }
  Writer& begin_array() { return open('['); }
  Writer& end_array() { return close(']'); }
  //! An object key; must be followed by exactly one value (or begin_object/begin_array).
  Writer& key(const Key& name);

  Writer& value(std::string_view text);
  Writer& value(const char* text) { return value(std::string_view(text)); }
  Writer& value(const std::string& text) { return value(std::string_view(text)); }
  Writer& value(std::int64_t number);
  Writer& value(int number) { return value(static_cast<std::int64_t>(number)); }
  Writer& value(bool flag);
  Writer& null();
  //! A time as "2021-09-15 14:35:07" in China Standard Time (cst::format), written in place.
  Writer& time(std::int64_t t);
  //! Text that is already JSON (e.g. an nlohmann dump).
  Writer& raw(std::string_view json);
  template <typename T>
  Writer& value(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }

  template <typename T>
  Writer& field(const Key& name, const T& v) {
    key(name);
    return value(v);
  }

  std::string_view str() const { return std::string_view(out_.data(), len_); }
  std::string take() {
    out_.resize(len_);
    return std::move(out_);
  }

 private:
  Writer& open(char c);
  Writer& close(char c);
  //! A comma before an element that is not its container's first, none after a key.
  void separate() {
    if (after_key_) {
      after_key_ = false;
    } else if (!first_.empty()) {
      if (!first_.back()) put(',');
      first_.back() = 0;
    }
  }
  //! At least n bytes of room after what is written; where to write them.
  char* room(std::size_t n) {
    if (len_ + n > out_.size()) [[unlikely]]
      grow(n);
    return out_.data() + len_;
  }
  //! Makes room for n more bytes (out of line: the writes themselves stay small).
  void grow(std::size_t n);
  void put(char c) {
    *room(1) = c;
    ++len_;
  }
  std::string out_;  //!< written bytes, then room: only the first len_ count
  std::size_t len_ = 0;
  std::vector<char> first_;  //!< per open container: no element written yet
  bool after_key_ = false;
};

//! A list page as the API answers it: {"items":[...],"total":N,"page":P,"pageSize":S}. The items
//! are written by `write_items(w)` as they are read (rows straight from the database, not copied
//! into a vector first), which sets `total` before it returns.
template <typename WriteItems>
std::string page_of(int page, int page_size, const long long& total, WriteItems&& write_items) {
  Writer w(256 + 512 * static_cast<std::size_t>(page_size > 0 ? page_size : 0));
  w.begin_object().key("items"_key).begin_array();
  write_items(w);
  w.end_array();
  w.field("total"_key, static_cast<std::int64_t>(total))
      .field("page"_key, page)
      .field("pageSize"_key, page_size)
      .end_object();
  return w.take();
}

}  // namespace kaowu::json
