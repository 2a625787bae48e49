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
  if (options_.keep_columns && row.cells.size() > options_.keep_columns) {
    row.cells.resize(options_.keep_columns);
  }
  bool blank = true;
  std::uint64_t cells = 0, bytes = 0;
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    auto& cell = row.cells[i];
    if (cell.empty()) continue;
    if (needs_trim(cell)) cell = trim(cell);
    if (options_.halfwidth_all || options_.halfwidth_columns.count(i))
      cell = trim(to_halfwidth(cell));
    if (!cell.empty()) {
      blank = false;
      ++cells;
      bytes += cell.size();
    }
  }
  while (!row.cells.empty() && row.cells.back().empty()) row.cells.pop_back();
  if (blank && options_.skip_blank_rows) return false;
  cells_ += cells;
  bytes_ += bytes;
  if (options_.max_cells && cells_ > options_.max_cells) {
    return err::make(ErrorKind::too_large,
                     "单元格数量超过上限 " + std::to_string(options_.max_cells) +
                         " 个，请删除无关内容或拆分后再上传",
                     "too_many_cells");
  }
  if (options_.max_text_bytes && bytes_ > options_.max_text_bytes) {
    return text_too_large(options_.max_text_bytes);
  }
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
  return err::invalid((row ? "第 " + std::to_string(row) + " 行有" : std::string("文件中有")) +
                      "单元格内容过长（超过 " + std::to_string(kMaxCellChars) +
                      " 个字符），请删减后再上传");
}

Error text_too_large(std::uint64_t limit) {
  return err::make(
      ErrorKind::too_large,
      "文件展开后超过 " + std::to_string(limit >> 20) + " MB，请删除无关内容或拆分后再上传",
      "expanded_too_large", {{"limitBytes", limit}});
}

}  // namespace kaowu::office
