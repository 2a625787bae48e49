#include "core/input.hpp"

#include <cstdio>

namespace kaowu::input {

namespace {
// Decodes the sequence at `i`; returns its length, or 0 when it is ill-formed.
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  std::size_t n = 0;
  char32_t min = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, cp = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, cp = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

std::string code_point(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

bool bidi_control(char32_t cp) {
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}
}  // namespace

bool valid_utf8(std::string_view text) {
  char32_t cp = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = decode(text, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string repair_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char32_t cp = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = decode(text, i, cp);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string forbidden_character(std::string_view text, Lines lines) {
  char32_t cp = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = decode(text, i, cp);
    if (n == 0) return "无效的 UTF-8 字节";
    i += n;
    const bool line_break = cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029;
    if (line_break || cp == '\t') {
      if (lines == Lines::multi) continue;
      if (line_break) return "换行";
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return "控制字符 " + code_point(cp);
    if (bidi_control(cp)) return "文字方向控制符 " + code_point(cp);
  }
  return {};
}

Status check_characters(std::string_view text, const std::string& label, Lines lines) {
  const std::string found = forbidden_character(text, lines);
  if (found.empty()) return {};
  if (found == "换行") return err::invalid(label + "不能换行，请写成一行");
  return err::invalid(label + "含有不允许的" + found + "，请删除后重试");
}

std::string trim(const std::string& text) {
  std::size_t b = 0, e = text.size();
  auto space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (b < e && space(text[b])) ++b;
  while (e > b && space(text[e - 1])) --e;
  // Full-width spaces (U+3000) at either end.
  std::string out = text.substr(b, e - b);
  const std::string ideographic = "\xE3\x80\x80";
  while (out.rfind(ideographic, 0) == 0) out.erase(0, 3);
  while (out.size() >= 3 && out.compare(out.size() - 3, 3, ideographic) == 0)
    out.resize(out.size() - 3);
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
                         bool required, std::size_t max_chars, Lines lines) {
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
  if (required && value.empty())
    return err::invalid(std::string("请填写") + label, {{"field", key}});
  if (Status st = check_characters(value, label, lines); !st) {
    Error e = st.error();
    e.details = {{"field", key}};
    return e;
  }
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

Result<std::optional<bool>> boolean(const nlohmann::json& body, const char* key,
                                    const char* label) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<bool>();
  if (it->is_boolean()) return std::optional<bool>(it->get<bool>());
  if (it->is_number_integer()) return std::optional<bool>(it->get<long long>() != 0);
  return err::invalid(std::string(label) + "格式不正确", {{"field", key}});
}

Error version_missing() {
  return err::invalid("请带上删除前看到的版本号（version），以免删掉他人刚修改过的内容",
                      {{"field", "version"}});
}

Result<std::vector<Named>> batch_delete_items(const nlohmann::json& body, const std::string& noun,
                                              std::size_t max) {
  auto it = body.find("items");
  if (it == body.end() || !it->is_array() || it->empty()) {
    return err::invalid("请勾选要删除的" + noun, {{"field", "items"}});
  }
  if (it->size() > max) {
    return err::invalid("一次最多删除 " + std::to_string(max) + " 条，当前选择了 " +
                            std::to_string(it->size()) + " 条，请分批删除",
                        {{"field", "items"}});
  }
  std::vector<Named> out;
  for (const auto& item : *it) {
    if (!item.is_object() || !item.contains("id") || !item["id"].is_number_integer()) {
      return err::invalid(noun + "编号格式不正确", {{"field", "items"}});
    }
    if (!item.contains("version") || !item["version"].is_number_integer()) return version_missing();
    out.push_back({item["id"].get<std::int64_t>(), item["version"].get<std::int64_t>()});
  }
  return out;
}

bool is_mobile(const std::string& text) {
  return text.size() == 11 && text[0] == '1' &&
         text.find_first_not_of("0123456789") == std::string::npos;
}

std::string Query::raw(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

std::string Query::text(const std::string& name) const {
  return trim(raw(name));
}

std::optional<std::int64_t> Query::integer(const std::string& name) const {
  const std::string v = raw(name);
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(v);
}

std::optional<bool> Query::flag(const std::string& name) const {
  const std::string v = raw(name);
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  return std::nullopt;
}

Result<std::optional<std::int64_t>> Query::id(const std::string& name,
                                              const std::string& label) const {
  const std::string v = text(name);
  if (v.empty()) return std::optional<std::int64_t>{};
  if (v.find_first_not_of("0123456789") != std::string::npos || v.size() > 18) {
    return err::invalid(label + "参数格式不正确", {{"field", name}});
  }
  return std::optional<std::int64_t>{std::stoll(v)};
}

}  // namespace kaowu::input
