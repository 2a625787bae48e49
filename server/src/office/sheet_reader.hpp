#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "office/zip_archive.hpp"

namespace kaowu::office {

//! One row as the user sees it in Excel: trimmed display strings, empty strings for blank cells.
struct Row {
  std::size_t number = 0;          //!< 1-based row number in the sheet, for messages ("第 5 行")
  std::vector<std::string> cells;  //!< column A first; trailing blank cells are dropped
};

//! A worksheet in workbook order.
struct SheetInfo {
  std::string name;
  bool hidden = false;  //!< hidden or very hidden in Excel
};

//! What a reader accepts; the defaults are Excel's own sheet limits.
struct ReadOptions {
  std::size_t max_rows = 1048576;   //!< rows delivered, header included (blank rows skipped)
  std::size_t max_columns = 16384;  //!< highest column number a cell may have
  //! Cells right of this column are passed over without being kept (0: keep every column). An
  //! import keeps its template's columns and a margin; a cell in column XFD then costs nothing.
  std::size_t keep_columns = 0;
  //! Non-empty cells delivered, at most (0: no limit).
  std::uint64_t max_cells = 0;
  //! Bytes of text delivered, at most, a shared string counted each time a cell uses it (0: no
  //! limit): a small workbook whose cells all point to one long string expands to gigabytes.
  std::uint64_t max_text_bytes = 0;
  ZipLimits zip;                             //!< limits for .xlsx archives
  std::uint64_t max_csv_bytes = 1ull << 30;  //!< size limit for .csv files
  bool skip_blank_rows = true;               //!< rows whose cells are all empty are not delivered
  bool halfwidth_all = false;                //!< full-width characters to ASCII in every column
  std::set<std::size_t> halfwidth_columns;   //!< 0-based columns to convert to ASCII
  //! Threads parsing one large .xlsx part; 0: one per core (at most 4), 1: this thread only.
  unsigned threads = 0;
  //! .xlsx parts smaller than this (inflated) are parsed on this thread only.
  std::uint64_t split_min_bytes = 4u << 20;
  //! Bytes per block when a part is parsed on several threads.
  std::size_t split_block_bytes = 1u << 18;
};

//! Reads the rows of one sheet of a workbook (.xlsx, .xls or .csv), one row at a time.
//! Damage, limits and DTDs found part-way are reported by next() after earlier rows were
//! delivered: treat any error as "the whole file is refused" (import in one transaction, or use
//! read_rows, which returns all rows or nothing). Position counts hidden sheets too.
class SheetReader {
 public:
  virtual ~SheetReader() = default;
  //! The worksheets in workbook order (a .csv file has one).
  virtual const std::vector<SheetInfo>& list_sheets() const = 0;
  //! Chooses the sheet: by name, else by 1-based position when `sheet` is a number;
  //! empty means the first visible sheet. Reading starts at its first row.
  virtual Status select(const std::string& sheet) = 0;
  //! Fills `row` with the next row; false at the end of the sheet.
  virtual Result<bool> next(Row& row) = 0;
  //! How much of the chosen sheet was read so far, 0 to 1 (a little ahead of the rows delivered
  //! when parsing runs ahead); negative when the format cannot tell.
  virtual double progress() const { return -1; }
};

//! Opens a workbook, recognising the format by its content (and .csv by name or content).
Result<std::unique_ptr<SheetReader>> open_sheet_reader(const std::string& path,
                                                       const ReadOptions& options = {});
//! Calls `fn` for each row of the chosen sheet; stops at the first error of either side.
Status for_each_row(const std::string& path, const std::string& sheet,
                    const std::function<Status(const Row&)>& fn, const ReadOptions& options = {});
//! All rows of the chosen sheet, or an error and nothing.
Result<std::vector<Row>> read_rows(const std::string& path, const std::string& sheet,
                                   const ReadOptions& options = {});

//! Header names from `required` that `header` lacks ("*身份证号" matches "身份证号").
std::vector<std::string> missing_columns(const std::vector<std::string>& header,
                                         const std::vector<std::string>& required);
//! The 0-based column of each name in `required`, or "模板不正确：缺少列 身份证号、专业".
Result<std::vector<std::size_t>> locate_columns(const std::vector<std::string>& header,
                                                const std::vector<std::string>& required);

}  // namespace kaowu::office
