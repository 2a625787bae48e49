#pragma once

// Shared by the fuzz targets: a scratch file per process (the readers take paths) and a read of
// every sheet with small limits, so one input stays fast.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "office/sheet_reader.hpp"

namespace kaowu::fuzz {

inline std::string scratch_path(const char* name) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::is_directory("/dev/shm", ec)
                                  ? std::filesystem::path("/dev/shm")
                                  : std::filesystem::temp_directory_path();
  return (dir / ("kaowu-fuzz-" + std::to_string(::getpid()) + "-" + name)).string();
}

inline void write_scratch(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (size && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
}

inline office::ReadOptions small_limits() {
  office::ReadOptions options;
  options.max_rows = 5000;
  options.max_columns = 256;
  options.zip.max_entry_bytes = 8u << 20;
  options.zip.max_total_bytes = 16u << 20;
  options.max_csv_bytes = 4u << 20;
  return options;
}

//! Reads every sheet the workbook lists (and "" and an out-of-range position); errors are fine,
//! crashes, leaks and undefined behaviour are not. Every delivered row must be well-formed.
inline void read_everything(const std::string& path, office::ReadOptions options) {
  for (int pass = 0; pass < 2; ++pass) {
    auto opened = office::open_sheet_reader(path, options);
    if (!opened.ok()) return;
    auto& reader = *opened.value();
    std::vector<std::string> choices{"", "99"};
    std::size_t position = 1;
    for (const auto& sheet : reader.list_sheets()) {
      choices.push_back(sheet.name);
      choices.push_back(std::to_string(position++));
    }
    for (const auto& choice : choices) {
      if (!reader.select(choice).ok()) continue;
      office::Row row;
      std::size_t last = 0;
      for (;;) {
        auto more = reader.next(row);
        if (!more.ok() || !more.value()) break;
        if (row.number <= last) std::abort();  // rows come in sheet order
        if (row.cells.size() > options.max_columns) std::abort();
        last = row.number;
      }
    }
    // The second pass converts full-width characters everywhere and keeps blank rows.
    options.halfwidth_all = true;
    options.skip_blank_rows = false;
  }
}

//! Reads the default sheet as an import does (exchange/imports.cpp): Excel's own column limit, only
//! the template's columns and a margin kept, the text counted once shared strings are expanded,
//! rows pulled one at a time and dropped. Run under -rss_limit_mb, an input that makes a small
//! file expand in memory is found as a crash.
inline void read_as_import(const std::string& path) {
  office::ReadOptions options;
  options.max_rows = 200001;
  options.max_cells = 5000000;
  options.max_text_bytes = 256u << 20;
  options.keep_columns = 10 + 64;
  options.threads = 2;
  options.zip.max_entry_bytes = 64u << 20;
  options.zip.max_total_bytes = 128u << 20;
  auto opened = office::open_sheet_reader(path, options);
  if (!opened.ok() || !opened.value()->select("").ok()) return;
  office::Row row;
  for (;;) {
    auto more = opened.value()->next(row);
    if (!more.ok() || !more.value()) break;
    if (row.cells.size() > options.keep_columns) std::abort();
  }
}

//! Reads the default sheet as usual and again parsed in blocks of about one row on two threads
//! (the way large parts are read); the rows, or the error, must be the same.
inline void compare_split(const std::string& path, office::ReadOptions options) {
  auto whole = office::read_rows(path, "", options);
  options.threads = 2;
  options.split_min_bytes = 0;
  options.split_block_bytes = 1;
  auto split = office::read_rows(path, "", options);
  if (whole.ok() != split.ok()) std::abort();
  if (!whole.ok()) {
    if (whole.error().message != split.error().message) std::abort();
    return;
  }
  if (whole.value().size() != split.value().size()) std::abort();
  for (std::size_t i = 0; i < whole.value().size(); ++i) {
    if (whole.value()[i].number != split.value()[i].number) std::abort();
    if (whole.value()[i].cells != split.value()[i].cells) std::abort();
  }
}

}  // namespace kaowu::fuzz
