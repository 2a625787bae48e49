#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "office/column.hpp"

typedef struct lxw_workbook lxw_workbook;
typedef struct lxw_worksheet lxw_worksheet;
typedef struct lxw_format lxw_format;

namespace kaowu::office {

//! Writes .xlsx files row by row in constant memory: rows go to disk as they are added, so
//! each sheet must be written top to bottom. Text is always written as text, never as a
//! formula, so a value such as "=HYPERLINK(...)" stays inert.
class XlsxWriter {
 public:
  ~XlsxWriter();
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  //! Starts a workbook at `path`; the file is written by close(), never by the destructor.
  static Result<std::unique_ptr<XlsxWriter>> create(const std::string& path);
  //! Starts a sheet with a bold, frozen header row (required columns marked * in red when
  //! `mark_required`); later rows go to this sheet.
  Status add_sheet(const std::string& name, const std::vector<Column>& columns,
                   bool mark_required = false);
  //! Starts a sheet without a header, hidden from users when `hidden` (lists for dropdowns).
  Status add_plain_sheet(const std::string& name, bool hidden);
  //! Appends a row to the current sheet; cell i takes column i's type.
  Status add_row(const std::vector<std::string>& cells);
  //! Restricts the current sheet's `column` (0-based), data rows 2..last_row, to the values in
  //! `range` (e.g. "'选项'!$A$1:$A$3") through a dropdown.
  Status add_dropdown(std::size_t column, const std::string& range, std::size_t last_row = 10000);
  //! Writes the file.
  Status close();

 private:
  XlsxWriter() = default;
  lxw_workbook* workbook_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  lxw_format* header_ = nullptr;
  lxw_format* required_header_ = nullptr;
  lxw_format* text_ = nullptr;
  std::vector<Column> columns_;
  std::size_t next_row_ = 0;
  bool closed_ = false;
};

//! Display width of `text` in Excel columns: CJK characters count two.
double display_width(const std::string& text);

}  // namespace kaowu::office
