#pragma once

#include "core/error.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace kaowu::input {

//! Reads a trimmed string field. A missing or empty required field names the label in the error.
Result<std::string> text(const nlohmann::json& body, const char* key, const char* label,
                         bool required, std::size_t max_chars = 100);
//! Reads an optional integer field (number or digit string).
Result<std::optional<std::int64_t>> integer(const nlohmann::json& body, const char* key,
                                            const char* label, bool required);
//! Reads an optional boolean field.
Result<std::optional<bool>> boolean(const nlohmann::json& body, const char* key, const char* label);
//! Number of Unicode code points in UTF-8 text.
std::size_t utf8_length(const std::string& text);
std::string trim(const std::string& text);
//! 11-digit mainland mobile number.
bool is_mobile(const std::string& text);

}  // namespace kaowu::input
