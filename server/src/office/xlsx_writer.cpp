#include "office/xlsx_writer.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "office/cell_value.hpp"

namespace kaowu::office {

namespace {
Error write_failed(lxw_error code) {
  const char* reason = code == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED ? "单元格内容超过 32767 个字符"
                       : code == LXW_ERROR_CREATING_TMPFILE || code == LXW_ERROR_CREATING_XLSX_FILE
                           ? "无法写入临时文件（磁盘空间不足或没有权限）"
                           : "写入出错";
  return err::make(ErrorKind::internal, std::string("生成 Excel 文件失败：") + reason,
                   "xlsx_write_failed", {{"library", lxw_strerror(code)}});
}

constexpr std::size_t kMaxRows = 1048576;
constexpr std::size_t kMaxColumns = 16384;
}  // namespace

double display_width(const std::string& text) {
  double width = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    width += n >= 3 ? 2 : 1;
    i += n;
  }
  return width;
}

XlsxWriter::~XlsxWriter() {
  // An abandoned workbook is freed without being written, so no half-finished file appears.
  if (workbook_ && !closed_) lxw_workbook_free(workbook_);
}

Result<std::unique_ptr<XlsxWriter>> XlsxWriter::create(const std::string& path) {
  std::unique_ptr<XlsxWriter> writer(new XlsxWriter());
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  writer->workbook_ = workbook_new_opt(path.c_str(), &options);
  if (!writer->workbook_) return err::internal("无法创建 Excel 文件");
  writer->header_ = workbook_add_format(writer->workbook_);
  format_set_bold(writer->header_);
  format_set_bg_color(writer->header_, 0xD9E1F2);
  format_set_border(writer->header_, LXW_BORDER_THIN);
  format_set_num_format(writer->header_, "@");
  writer->required_header_ = workbook_add_format(writer->workbook_);
  format_set_bold(writer->required_header_);
  format_set_bg_color(writer->required_header_, 0xD9E1F2);
  format_set_border(writer->required_header_, LXW_BORDER_THIN);
  format_set_font_color(writer->required_header_, LXW_COLOR_RED);
  format_set_num_format(writer->required_header_, "@");
  writer->text_ = workbook_add_format(writer->workbook_);
  format_set_num_format(writer->text_, "@");
  return writer;
}

Status XlsxWriter::add_sheet(const std::string& name, const std::vector<Column>& columns,
                             bool mark_required) {
  if (columns.empty() || columns.size() > kMaxColumns) return err::invalid("导出列数不正确");
  if (workbook_validate_sheet_name(workbook_, name.c_str()) != LXW_NO_ERROR) {
    return err::invalid("工作表名称不合法：" + name);
  }
  sheet_ = workbook_add_worksheet(workbook_, name.c_str());
  if (!sheet_) return err::internal("无法创建工作表");
  columns_ = columns;
  next_row_ = 0;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto& column = columns[i];
    double width = column.width;
    if (width <= 0) {
      width = std::max(display_width(column.name) + 4, 10.0);
      if (column.type == ColumnType::text) width = std::max(width, 22.0);
      for (const auto& option : column.options) width = std::max(width, display_width(option) + 4);
      width = std::min(width, 60.0);
    }
    auto col = static_cast<lxw_col_t>(i);
    worksheet_set_column(sheet_, col, col, width,
                         column.type == ColumnType::text ? text_ : nullptr);
  }
  worksheet_freeze_panes(sheet_, 1, 0);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    bool marked = mark_required && columns[i].required;
    auto text = marked ? "*" + columns[i].name : columns[i].name;
    auto rc = worksheet_write_string(sheet_, 0, static_cast<lxw_col_t>(i), text.c_str(),
                                     marked ? required_header_ : header_);
    if (rc != LXW_NO_ERROR) return write_failed(rc);
  }
  next_row_ = 1;
  return {};
}

Status XlsxWriter::add_plain_sheet(const std::string& name, bool hidden) {
  if (workbook_validate_sheet_name(workbook_, name.c_str()) != LXW_NO_ERROR) {
    return err::invalid("工作表名称不合法：" + name);
  }
  sheet_ = workbook_add_worksheet(workbook_, name.c_str());
  if (!sheet_) return err::internal("无法创建工作表");
  if (hidden) worksheet_hide(sheet_);
  columns_.clear();
  next_row_ = 0;
  return {};
}

Status XlsxWriter::add_row(const std::vector<std::string>& cells) {
  if (!sheet_) return err::internal("尚未创建工作表");
  if (next_row_ >= kMaxRows) return err::make(ErrorKind::too_large, "导出行数超过 Excel 上限");
  if (cells.size() > kMaxColumns) return err::invalid("导出列数不正确");
  auto row = static_cast<lxw_row_t>(next_row_);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    // Longer text than a cell holds is cut with a marker rather than failing the whole file.
    std::string cut;
    if (!cell_fits(cells[i])) cut = fit_cell(cells[i]);
    const auto& cell = cut.empty() ? cells[i] : cut;
    if (cell.empty()) continue;
    auto col = static_cast<lxw_col_t>(i);
    auto type = i < columns_.size() ? columns_[i].type : ColumnType::general;
    lxw_error rc;
    if (type == ColumnType::number) {
      double value = 0;
      auto res = std::from_chars(cell.data(), cell.data() + cell.size(), value);
      if (res.ec == std::errc() && res.ptr == cell.data() + cell.size() && std::isfinite(value)) {
        rc = worksheet_write_number(sheet_, row, col, value, nullptr);
      } else {
        rc = worksheet_write_string(sheet_, row, col, cell.c_str(), nullptr);
      }
    } else {
      rc = worksheet_write_string(sheet_, row, col, cell.c_str(),
                                  type == ColumnType::text ? text_ : nullptr);
    }
    if (rc != LXW_NO_ERROR) return write_failed(rc);
  }
  ++next_row_;
  return {};
}

Status XlsxWriter::add_dropdown(std::size_t column, const std::string& range,
                                std::size_t last_row) {
  if (!sheet_) return err::internal("尚未创建工作表");
  std::string formula = "=" + range;
  lxw_data_validation validation = {};
  validation.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
  validation.value_formula = formula.data();
  validation.ignore_blank = LXW_VALIDATION_ON;
  validation.show_error = LXW_VALIDATION_ON;
  std::string title = "输入有误";
  std::string message = "请从下拉列表中选择";
  validation.error_title = title.data();
  validation.error_message = message.data();
  auto col = static_cast<lxw_col_t>(column);
  auto rc = worksheet_data_validation_range(
      sheet_, 1, col, static_cast<lxw_row_t>(std::min(last_row, kMaxRows) - 1), col, &validation);
  if (rc != LXW_NO_ERROR) return write_failed(rc);
  return {};
}

Status XlsxWriter::close() {
  if (closed_) return {};
  closed_ = true;
  auto rc = workbook_close(workbook_);
  workbook_ = nullptr;
  if (rc != LXW_NO_ERROR) return write_failed(rc);
  return {};
}

}  // namespace kaowu::office
