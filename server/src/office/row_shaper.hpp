#pragma once

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
  //! Starts counting again for another sheet.
  void reset() { delivered_ = 0; }

 private:
  const ReadOptions& options_;
  std::size_t delivered_ = 0;
};

//! Longest text a cell may hold, in bytes (Excel's 32,767 characters, UTF-8 encoded).
inline constexpr std::size_t kMaxCellBytes = 32767 * 4;
//! The error for a cell longer than kMaxCellBytes.
Error cell_too_long(std::size_t row);

}  // namespace kaowu::office
