#include "core/regions.hpp"

#include "core/input.hpp"

namespace kaowu::regions {

namespace detail {
extern const char kList[];
}

namespace {

std::vector<Node> parse_list() {
  std::vector<Node> roots;
  std::string_view rest(detail::kList);
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (line.empty()) continue;
    std::size_t depth = 0;
    while (depth < line.size() && line[depth] == ' ') ++depth;
    std::vector<Node>* level = &roots;
    for (std::size_t i = 0; i < depth && !level->empty(); ++i) level = &level->back().children;
    level->push_back({std::string(line.substr(depth)), {}});
  }
  return roots;
}

//! The text without the separators people put between the names.
std::string compact(std::string_view text) {
  static const std::vector<std::string_view> separators = {"/",  "／", "\\", " ", "\t", "　",
                                                           "、", "，", ",",  "-", "—",  "·"};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool skipped = false;
    for (auto sep : separators) {
      if (text.substr(i, sep.size()) == sep) {
        i += sep.size();
        skipped = true;
        break;
      }
    }
    if (!skipped) out += text[i++];
  }
  return out;
}

bool match(std::string_view text, const std::vector<Node>& nodes, Depth depth,
           std::vector<std::string>& out) {
  for (const auto& n : nodes) {
    if (text.substr(0, n.name.size()) != n.name) continue;
    const std::string_view rest = text.substr(n.name.size());
    out.push_back(n.name);
    if (rest.empty() && (n.children.empty() || depth == Depth::any)) return true;
    if (!rest.empty() && match(rest, n.children, depth, out)) return true;
    // A municipality written once: 北京市朝阳区 is 北京市北京市朝阳区.
    if (!rest.empty() && n.children.size() == 1 && n.children.front().name == n.name) {
      out.push_back(n.name);
      if (match(rest, n.children.front().children, depth, out)) return true;
      out.pop_back();
    }
    out.pop_back();
  }
  return false;
}

nlohmann::json node_json(const Node& n) {
  nlohmann::json j = {{"value", n.name}, {"label", n.name}};
  if (!n.children.empty()) {
    auto& children = j["children"] = nlohmann::json::array();
    for (const auto& c : n.children) children.push_back(node_json(c));
  }
  return j;
}

}  // namespace

const std::vector<Node>& tree() {
  static const std::vector<Node> roots = parse_list();
  return roots;
}

std::vector<std::string> path(std::string_view text, Depth depth) {
  std::vector<std::string> out;
  const std::string compacted = compact(text);
  if (compacted.empty() || !match(compacted, tree(), depth, out)) return {};
  return out;
}

std::optional<std::string> canonical(std::string_view text, Depth depth) {
  const auto names = path(text, depth);
  if (names.empty()) return std::nullopt;
  std::string out;
  for (const auto& n : names) out += n;
  return out;
}

Result<std::string> check(const std::string& text, const std::string& label,
                          const std::string& field, bool required, Depth depth) {
  const std::string trimmed = input::trim(text);
  if (trimmed.empty()) {
    if (!required) return std::string();
    return err::invalid("请选择" + label + "（省/市/区）", {{"field", field}});
  }
  if (auto stored = canonical(trimmed, depth)) return *stored;
  std::string shown = input::valid_utf8(trimmed) ? trimmed : input::repair_utf8(trimmed);
  if (input::utf8_length(shown) > 30) {
    std::string cut;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < shown.size() && chars < 30; ++chars) {
      std::size_t len = 1;
      const auto c = static_cast<unsigned char>(shown[i]);
      if (c >= 0xF0)
        len = 4;
      else if (c >= 0xE0)
        len = 3;
      else if (c >= 0xC0)
        len = 2;
      cut += shown.substr(i, len);
      i += len;
    }
    shown = cut + "…";
  }
  const std::string how =
      depth == Depth::district
          ? label + "须为 省/市/区 格式，如 浙江省/杭州市/西湖区（直辖市如 北京市/北京市/朝阳区）"
          : label + "须为 省/市/区 格式（可只写到省或市），如 浙江省/杭州市/西湖区";
  return err::invalid(how + "；「" + shown + "」不在全国省市区列表中", {{"field", field}});
}

const nlohmann::json& cascader_json() {
  static const nlohmann::json list = [] {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& p : tree()) j.push_back(node_json(p));
    return j;
  }();
  return list;
}

}  // namespace kaowu::regions
