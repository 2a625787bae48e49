#pragma once

#include "office/sheet_reader.hpp"

namespace kaowu::office {

//! A reader for .csv files in UTF-8 (with or without BOM) or GB18030, detected from the bytes.
Result<std::unique_ptr<SheetReader>> open_csv_reader(const std::string& path,
                                                     const ReadOptions& options);

}  // namespace kaowu::office
