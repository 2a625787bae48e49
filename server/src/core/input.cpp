#include "core/input.hpp"

namespace kaowu::input {

std::string trim(const std::string& text) {
  std::size_t b = 0, e = text.size();
  auto space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (b < e && space(text[b])) ++b;
  while (e > b && space(text[e - 1])) --e;
  // Full-width spaces (U+3000) at either end.
  std::string out = text.substr(b, e - b);
  const std::string ideographic = "\xE3\x80\x80";
  while (out.rfind(ideographic, 0) == 0) out.erase(0, 3);
  while (out.size() >= 3 && out.compare(out.size() - 3, 3, ideographic) == 0) out.resize(out.size() - 3);
  return out;
}

std::size_t utf8_length(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

Result<std::string> text(const nlohmann::json& body, const char* key, const char* label,
                         bool required, std::size_t max_chars) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) return err::invalid(std::string("请填写") + label, {{"field", key}});
    return std::string();
  }
  std::string value;
  if (it->is_string()) {
    value = trim(it->get<std::string>());
  } else if (it->is_number_integer()) {
    value = std::to_string(it->get<long long>());
  } else {
    return err::invalid(std::string(label) + "格式不正确", {{"field", key}});
  }
  if (required && value.empty()) return err::invalid(std::string("请填写") + label, {{"field", key}});
  if (utf8_length(value) > max_chars) {
    return err::invalid(std::string(label) + "不能超过 " + std::to_string(max_chars) + " 个字",
                        {{"field", key}});
  }
  return value;
}

Result<std::optional<std::int64_t>> integer(const nlohmann::json& body, const char* key,
                                            const char* label, bool required) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null() || (it->is_string() && it->get<std::string>().empty())) {
    if (required) return err::invalid(std::string("请选择") + label, {{"field", key}});
    return std::optional<std::int64_t>();
  }
  if (it->is_number_integer()) return std::optional<std::int64_t>(it->get<std::int64_t>());
  if (it->is_string()) {
    const std::string s = it->get<std::string>();
    if (!s.empty() && s.size() < 19 && s.find_first_not_of("0123456789") == std::string::npos) {
      return std::optional<std::int64_t>(std::stoll(s));
    }
  }
  return err::invalid(std::string(label) + "格式不正确", {{"field", key}});
}

Result<std::optional<bool>> boolean(const nlohmann::json& body, const char* key, const char* label) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<bool>();
  if (it->is_boolean()) return std::optional<bool>(it->get<bool>());
  if (it->is_number_integer()) return std::optional<bool>(it->get<long long>() != 0);
  return err::invalid(std::string(label) + "格式不正确", {{"field", key}});
}

bool is_mobile(const std::string& text) {
  return text.size() == 11 && text[0] == '1' &&
         text.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace kaowu::input
