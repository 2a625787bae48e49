#pragma once

#include "office/cell_value.hpp"
#include "office/sheet_reader.hpp"

namespace kaowu::office {

//! Turns raw cell strings into what the importer sees and enforces the row and column limits.
class RowShaper {
 public:
  explicit RowShaper(const ReadOptions& options) : options_(options) {}
  //! Trims, converts full-width columns and drops trailing blanks; false for a skipped blank row.
  Result<bool> shape(Row& row);
  //! An error when a 1-based column number is past the limit.
  Status check_column(std::size_t column) const;
  const ReadOptions& options() const { return options_; }
  //! Starts counting again for another sheet.
  void reset() {
    delivered_ = 0;
    cells_ = 0;
    bytes_ = 0;
  }

 private:
  const ReadOptions& options_;
  std::size_t delivered_ = 0;
  std::uint64_t cells_ = 0;
  std::uint64_t bytes_ = 0;
};

//! A bound on a cell's bytes while it is read (kMaxCellChars characters of up to 4 bytes).
inline constexpr std::size_t kMaxCellBytes = kMaxCellChars * 4;
//! The error for a cell longer than kMaxCellChars in `row`, or somewhere (a shared string) for 0.
Error cell_too_long(std::size_t row = 0);
//! The error for a workbook whose text is larger than `limit` bytes once expanded.
Error text_too_large(std::uint64_t limit);

}  // namespace kaowu::office
