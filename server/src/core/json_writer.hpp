#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kaowu::json {

//! Writes JSON text straight into a string, for responses on hot paths (list pages) where
//! building an nlohmann::json tree per row costs more than the database query. Commas are
//! placed automatically; strings are escaped, invalid UTF-8 becomes U+FFFD (as the nlohmann
//! dump with error_handler_t::replace does).
//!   Writer w; w.begin_object().field("id", 1).field("name", "北京").end_object();
class Writer {
 public:
  Writer() { out_.reserve(1024); }

  Writer& begin_object() { return open('{'); }
  Writer& end_object() { return close('}'); }
  Writer& begin_array() { return open('['); }
  Writer& end_array() { return close(']'); }
  //! An object key; must be followed by exactly one value (or begin_object/begin_array).
  Writer& key(std::string_view name);

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
  Writer& field(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  Writer& open(char c);
  Writer& close(char c);
  void separate();
  std::string out_;
  std::vector<bool> first_;  //!< per open container: no element written yet
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

//! Appends `text` as a quoted JSON string.
void append_string(std::string& out, std::string_view text);

}  // namespace kaowu::json
