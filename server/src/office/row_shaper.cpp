#include "office/row_shaper.hpp"

#include "office/cell_value.hpp"

namespace kaowu::office {

namespace {
// Most cells have nothing to trim; this avoids a copy for them.
bool needs_trim(const std::string& s) {
  auto first = static_cast<unsigned char>(s.front());
  auto last = static_cast<unsigned char>(s.back());
  return first <= ' ' || first == 0xC2 || first == 0xE3 || last <= ' ' || last == 0xA0 ||
         last == 0x80;
}
}  // namespace

Result<bool> RowShaper::shape(Row& row) {
  bool blank = true;
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    auto& cell = row.cells[i];
    if (cell.empty()) continue;
    if (needs_trim(cell)) cell = trim(cell);
    if (options_.halfwidth_all || options_.halfwidth_columns.count(i))
      cell = trim(to_halfwidth(cell));
    if (!cell.empty()) blank = false;
  }
  while (!row.cells.empty() && row.cells.back().empty()) row.cells.pop_back();
  if (blank && options_.skip_blank_rows) return false;
  if (++delivered_ > options_.max_rows) {
    return err::make(
        ErrorKind::too_large,
        "数据行数超过上限 " + std::to_string(options_.max_rows) + " 行，请拆分后再上传",
        "too_many_rows");
  }
  return true;
}

Status RowShaper::check_column(std::size_t column) const {
  if (column > options_.max_columns) {
    return err::make(ErrorKind::too_large,
                     "列数超过上限 " + std::to_string(options_.max_columns) + " 列",
                     "too_many_columns");
  }
  return {};
}

Error cell_too_long(std::size_t row) {
  return err::invalid("第 " + std::to_string(row) + " 行有单元格内容过长（超过 32767 个字符）");
}

}  // namespace kaowu::office
