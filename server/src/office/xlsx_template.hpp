#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "office/column.hpp"

namespace kaowu::office {

//! Name of the hidden sheet that holds dropdown values.
inline constexpr const char* kOptionsSheet = "选项";
//! Name of the sheet that explains each column.
inline constexpr const char* kGuideSheet = "填写说明";

//! Writes an import template: sheet `sheet` with a marked header (required columns "*" and
//! red), one example row and dropdowns for columns with options; a 填写说明 sheet; and a hidden
//! 选项 sheet the dropdowns point at.
Status write_import_template(const std::string& path, const std::string& sheet,
                             const std::vector<Column>& columns);

//! Excel column letters for a 0-based column (0 → A, 26 → AA).
std::string column_letters(std::size_t column);

}  // namespace kaowu::office
