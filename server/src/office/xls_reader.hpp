#pragma once

#include "office/sheet_reader.hpp"

namespace kaowu::office {

//! A reader for Excel 97-2003 .xls workbooks.
Result<std::unique_ptr<SheetReader>> open_xls_reader(const std::string& path,
                                                     const ReadOptions& options);

}  // namespace kaowu::office
