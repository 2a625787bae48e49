#pragma once

#include <string>

namespace kaowu::cli {

//! Prints the rows of a sheet as TSV, exactly as the importer sees them (tab, newline and
//! backslash escaped as \t \n \\). `sheet` is a name or 1-based position; empty means the first
//! visible sheet. `threads` parse a large .xlsx part (0: one per core, at most 4). Errors go to
//! stderr in Chinese; returns the exit status.
int sheet_cat(const std::string& file, const std::string& sheet, unsigned threads = 0);

}  // namespace kaowu::cli
