#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace kaowu::input {

//! Whether a text may span lines: names, codes and addresses are one line; descriptions, notes
//! and reasons may hold line breaks and tabs.
enum class Lines { single, multi };

//! Reads a trimmed string field. A missing or empty required field names the label in the error,
//! and so does a control character, a bidi override or (in a one-line field) a line break.
Result<std::string> text(const nlohmann::json& body, const char* key, const char* label,
                         bool required, std::size_t max_chars = 100, Lines lines = Lines::single);
//! Reads an optional integer field (number or digit string).
Result<std::optional<std::int64_t>> integer(const nlohmann::json& body, const char* key,
                                            const char* label, bool required);
//! Reads an optional boolean field.
Result<std::optional<bool>> boolean(const nlohmann::json& body, const char* key, const char* label);
//! True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
//! U+10FFFF).
bool valid_utf8(std::string_view text);
//! `text` with every ill-formed UTF-8 sequence replaced by U+FFFD.
std::string repair_utf8(std::string_view text);
//! The first character of well-formed UTF-8 `text` that no user text may hold, described for a
//! message ("控制字符 U+001B", "文字方向控制符 U+202E", "换行"); empty when there is none.
//! Control characters (C0, DEL, C1) and the bidi embeddings, overrides, isolates and marks are
//! refused everywhere; line breaks and tabs only in one-line text.
std::string forbidden_character(std::string_view text, Lines lines);
//! 400 naming `label` when forbidden_character() finds one.
Status check_characters(std::string_view text, const std::string& label,
                        Lines lines = Lines::single);
//! A record a delete names: its id and the version the user was shown (409 when it changed since).
struct Named {
  std::int64_t id = 0;
  std::int64_t version = 0;
};
//! 400: a delete must carry the version it was shown.
Error version_missing();
//! The {"items":[{"id":1,"version":3}, ...]} of a batch delete, at most `max` of them; 400 naming
//! what is wrong. `noun` is what the records are called (考场, 报考记录).
Result<std::vector<Named>> batch_delete_items(const nlohmann::json& body, const std::string& noun,
                                              std::size_t max);

//! Number of Unicode code points in UTF-8 text.
std::size_t utf8_length(const std::string& text);
std::string trim(const std::string& text);
//! 11-digit mainland mobile number.
bool is_mobile(const std::string& text);

//! Query parameters by name: a request's, or the copy an export job keeps of them. A module's
//! model turns one into its list filter, so the list route and the export job read it alike.
class Query {
 public:
  Query() = default;
  explicit Query(std::map<std::string, std::string> values) : values_(std::move(values)) {}

  const std::map<std::string, std::string>& values() const { return values_; }
  //! The value as sent, or `fallback` when absent.
  std::string raw(const std::string& name, const std::string& fallback = {}) const;
  //! The value trimmed of surrounding blanks.
  std::string text(const std::string& name) const;
  //! A non-negative integer; absent or anything else is no value.
  std::optional<std::int64_t> integer(const std::string& name) const;
  //! true/1 or false/0; absent or anything else is no value.
  std::optional<bool> flag(const std::string& name) const;
  //! A record id filter: absent or blank is none; anything but digits is a 400 naming `label`.
  Result<std::optional<std::int64_t>> id(const std::string& name, const std::string& label) const;

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace kaowu::input
