#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

//! Provinces, cities and districts (GB/T 2260, from the element-china-area-data package the web's
//! pickers showed; regenerate with scripts/regions.mjs). A region is stored as one text, the names
//! of its path joined: 北京市北京市朝阳区, 湖北省武汉市洪山区, 湖北省仙桃市 (a county-level city a
//! province governs directly hangs under the province). Municipalities repeat their name at the
//! city level.
namespace kaowu::regions {

struct Node {
  std::string name;
  std::vector<Node> children;  //!< empty for a district
};

//! The whole list, parsed on first use.
const std::vector<Node>& tree();

//! How far a region must go down the list.
enum class Depth {
  district,  //!< to a district (or a directly governed county-level city): 考场地址, 考点地区
  any,       //!< a province, a city or a district: an organisation's 所在地区
};

//! The stored form of `text`, or nullopt when the list has no such path. Besides the stored form
//! it reads the names separated by /, spaces, 、, commas or dashes (浙江省/杭州市/西湖区) and a
//! municipality written once (北京市朝阳区).
std::optional<std::string> canonical(std::string_view text, Depth depth = Depth::district);

//! The path of a stored region (its names), empty when the list does not have it.
std::vector<std::string> path(std::string_view text, Depth depth = Depth::district);

//! Reads a region for a write: empty is an error when `required` (请选择…), text the list does not
//! have is a 400 that says how to write it, both with details.field = `field`.
Result<std::string> check(const std::string& text, const std::string& label,
                          const std::string& field, bool required = true,
                          Depth depth = Depth::district);

//! The list as the web's cascaders take it: [{value, label, children?}], names as values.
const nlohmann::json& cascader_json();

}  // namespace kaowu::regions
