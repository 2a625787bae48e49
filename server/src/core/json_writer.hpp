#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kaowu::json {

//! An object key written as it is: a literal of printable ASCII without '"' or '\\', checked
//! when the program is compiled (a key that would need escaping does not compile).
class Key {
 public:
  consteval Key(const char* text) : text_(text) {  // NOLINT: literals convert implicitly
    for (const char* p = text; *p; ++p) {
      const auto c = static_cast<unsigned char>(*p);
      if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') throw "a JSON key must be plain ASCII";
    }
  }
  std::string_view text() const { return text_; }

 private:
  std::string_view text_;
};

//! Writes JSON text straight into a string, for responses on hot paths (list pages) where
//! building an nlohmann::json tree per row costs more than the database query. Commas are
//! placed automatically; strings are escaped, invalid UTF-8 becomes U+FFFD (as the nlohmann
//! dump with error_handler_t::replace does).
//!   Writer w; w.begin_object().field("id", 1).field("name", "北京").end_object();
class Writer {
 public:
  Writer() { out_.resize(1024); }

  Writer& begin_object() { return open('{'); }
  Writer& end_object() { return close('}'); }
  Writer& begin_array() { return open('['); }
  Writer& end_array() { return close(']'); }
  //! An object key; must be followed by exactly one value (or begin_object/begin_array).
  Writer& key(Key name);

  Writer& value(std::string_view text);
  Writer& value(const char* text) { return value(std::string_view(text)); }
  Writer& value(const std::string& text) { return value(std::string_view(text)); }
  Writer& value(std::int64_t number);
  Writer& value(int number) { return value(static_cast<std::int64_t>(number)); }
  Writer& value(bool flag);
  Writer& null();
  //! Text that is already JSON (e.g. an nlohmann dump).
  Writer& raw(std::string_view json);
  template <typename T>
  Writer& value(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }

  template <typename T>
  Writer& field(Key name, const T& v) {
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
  void separate();
  //! At least n bytes of room after what is written; where to write them.
  char* room(std::size_t n);
  void put(char c);
  std::string out_;  //!< written bytes, then room: only the first len_ count
  std::size_t len_ = 0;
  std::vector<char> first_;  //!< per open container: no element written yet
  bool after_key_ = false;
};

//! A list page as the API answers it: {"items":[...],"total":N,"page":P,"pageSize":S}.
template <typename Items, typename WriteItem>
std::string page(const Items& items, long long total, int page, int page_size,
                 WriteItem&& write_item) {
  Writer w;
  w.begin_object().key("items").begin_array();
  for (const auto& item : items) write_item(w, item);
  w.end_array();
  w.field("total", static_cast<std::int64_t>(total))
      .field("page", page)
      .field("pageSize", page_size)
      .end_object();
  return w.take();
}

}  // namespace kaowu::json
