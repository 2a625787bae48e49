#include "office/mask.hpp"

#include <vector>

namespace kaowu::office {

namespace {
// Splits UTF-8 text into characters, so a stray non-ASCII character is never cut in half.
std::vector<std::string_view> characters(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (i + n > s.size()) n = s.size() - i;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string keep(const std::vector<std::string_view>& chars, std::size_t head,
                 std::string_view stars, std::size_t tail) {
  std::string out;
  for (std::size_t i = 0; i < head; ++i) out += chars[i];
  out += stars;
  for (std::size_t i = chars.size() - tail; i < chars.size(); ++i) out += chars[i];
  return out;
}
}  // namespace

std::string mask_id_number(std::string_view id) {
  auto chars = characters(id);
  if (chars.empty()) return {};
  if (chars.size() >= 13) return keep(chars, 6, "*****", 6);
  if (chars.size() <= 2) return "*****";
  return keep(chars, 1, "*****", 1);
}

std::string mask_phone(std::string_view phone) {
  auto chars = characters(phone);
  if (chars.empty()) return {};
  if (chars.size() >= 8) return keep(chars, 3, "****", 4);
  if (chars.size() <= 2) return "****";
  return keep(chars, 0, "****", 2);
}

std::string mask_name(std::string_view name) {
  const auto chars = characters(name);
  std::string out;
  for (std::size_t i = 0; i < chars.size(); ++i) out += i == 0 ? std::string(chars[i]) : "*";
  return out;
}

}  // namespace kaowu::office
