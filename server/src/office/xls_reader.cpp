#include "office/xls_reader.hpp"

#include <freexl.h>

#include "office/cell_value.hpp"
#include "office/row_shaper.hpp"

namespace kaowu::office {

namespace {

Error damaged() {
  return err::make(ErrorKind::invalid_input, kDamagedFile, "damaged_file");
}

class XlsReader : public SheetReader {
 public:
  explicit XlsReader(const ReadOptions& options) : options_(options), shaper_(options_) {}
  ~XlsReader() override {
    if (handle_) freexl_close(handle_);
  }

  Status load(const std::string& path) {
    int rc = freexl_open(path.c_str(), &handle_);
    if (rc != FREEXL_OK) return damaged();
    unsigned int password = 0;
    if (freexl_get_info(handle_, FREEXL_BIFF_PASSWORD, &password) == FREEXL_OK &&
        password == FREEXL_BIFF_OBFUSCATED) {
      return err::make(ErrorKind::invalid_input, "文件已加密，请取消密码保护后再上传",
                       "encrypted_file");
    }
    unsigned int count = 0;
    if (freexl_get_info(handle_, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK) return damaged();
    for (unsigned int i = 0; i < count && i < 65535; ++i) {
      const char* name = nullptr;
      if (freexl_get_worksheet_name(handle_, static_cast<unsigned short>(i), &name) != FREEXL_OK) {
        return damaged();
      }
      sheets_.push_back({name ? name : "", false});
    }
    if (sheets_.empty()) return err::invalid("工作簿中没有工作表");
    return {};
  }

  const std::vector<SheetInfo>& list_sheets() const override { return sheets_; }

  Status select(const std::string& sheet) override {
    std::size_t index = sheets_.size();
    if (sheet.empty()) index = 0;
    for (std::size_t i = 0; i < sheets_.size() && index == sheets_.size(); ++i) {
      if (sheets_[i].name == sheet) index = i;
    }
    if (index == sheets_.size() && !sheet.empty() && sheet.size() < 6 &&
        sheet.find_first_not_of("0123456789") == std::string::npos) {
      auto position = static_cast<std::size_t>(std::stoul(sheet));
      if (position >= 1 && position <= sheets_.size()) index = position - 1;
    }
    if (index == sheets_.size()) return err::invalid("找不到工作表“" + sheet + "”");
    if (freexl_select_active_worksheet(handle_, static_cast<unsigned short>(index)) != FREEXL_OK ||
        freexl_worksheet_dimensions(handle_, &rows_, &columns_) != FREEXL_OK) {
      return damaged();
    }
    TRY(shaper_.check_column(columns_));
    row_ = 0;
    shaper_.reset();
    selected_ = true;
    return {};
  }

  Result<bool> next(Row& row) override {
    if (!selected_) TRY(select(""));
    while (row_ < rows_) {
      row.number = row_ + 1;
      const unsigned short kept = options_.keep_columns && options_.keep_columns < columns_
                                      ? static_cast<unsigned short>(options_.keep_columns)
                                      : columns_;
      row.cells.assign(kept, std::string());
      for (unsigned short c = 0; c < kept; ++c) {
        FreeXL_CellValue cell;
        if (freexl_get_cell_value(handle_, row_, c, &cell) != FREEXL_OK) return damaged();
        row.cells[c] = text_of(cell);
      }
      ++row_;
      if (TRY(shaper_.shape(row))) return true;
    }
    return false;
  }

 private:
  std::string text_of(const FreeXL_CellValue& cell) const {
    switch (cell.type) {
      case FREEXL_CELL_INT:
        return std::to_string(cell.value.int_value);
      case FREEXL_CELL_DOUBLE:
        return format_number(cell.value.double_value);
      case FREEXL_CELL_TEXT:
      case FREEXL_CELL_SST_TEXT:
        return cell.value.text_value ? cell.value.text_value : "";
      case FREEXL_CELL_DATE:
        return cell.value.text_value ? std::string(cell.value.text_value).substr(0, 10) : "";
      case FREEXL_CELL_DATETIME: {
        std::string text = cell.value.text_value ? cell.value.text_value : "";
        if (text.size() >= 16 && text.compare(10, 6, " 00:00") == 0 &&
            (text.size() == 16 || text.compare(16, 3, ":00") == 0)) {
          return text.substr(0, 10);
        }
        return text.substr(0, 16);
      }
      case FREEXL_CELL_TIME:
        return cell.value.text_value ? std::string(cell.value.text_value).substr(0, 5) : "";
      default:
        return {};
    }
  }

  ReadOptions options_;
  RowShaper shaper_;
  const void* handle_ = nullptr;
  bool selected_ = false;
  std::vector<SheetInfo> sheets_;
  unsigned int rows_ = 0;
  unsigned short columns_ = 0;
  unsigned int row_ = 0;
};

}  // namespace

Result<std::unique_ptr<SheetReader>> open_xls_reader(const std::string& path,
                                                     const ReadOptions& options) {
  auto reader = std::make_unique<XlsReader>(options);
  TRY(reader->load(path));
  return std::unique_ptr<SheetReader>(std::move(reader));
}

}  // namespace kaowu::office
