#pragma once

#include "office/sheet_reader.hpp"

namespace kaowu::office {

//! A reader for .xlsx workbooks that streams the chosen sheet.
Result<std::unique_ptr<SheetReader>> open_xlsx_reader(const std::string& path,
                                                      const ReadOptions& options);

}  // namespace kaowu::office
