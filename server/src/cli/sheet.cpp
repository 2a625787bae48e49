#include "cli/sheet.hpp"

#include <cstdio>

#include "office/sheet_reader.hpp"

namespace kaowu::cli {

namespace {
void append_escaped(std::string& out, const std::string& cell) {
  for (char c : cell) {
    switch (c) {
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        out += c;
    }
  }
}
}  // namespace

int sheet_cat(const std::string& file, const std::string& sheet, unsigned threads) {
  office::ReadOptions options;
  options.threads = threads;
  std::string line;
  auto status = office::for_each_row(
      file, sheet,
      [&](const office::Row& row) -> Status {
        line.clear();
        for (std::size_t i = 0; i < row.cells.size(); ++i) {
          if (i) line += '\t';
          append_escaped(line, row.cells[i]);
        }
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), stdout);
        return {};
      },
      options);
  std::fflush(stdout);
  if (!status) {
    std::fprintf(stderr, "%s：%s\n", file.c_str(), status.error().message.c_str());
    return 1;
  }
  return 0;
}

}  // namespace kaowu::cli
