// Sheet benchmark.
//   sheet_bench roundtrip FILE.xlsx [rows]  writes an export of N rows with XlsxWriter, reads it
//       back with SheetReader, and measures in the same run two floors for reading: inflating the
//       sheet XML alone, and inflating plus expat parsing with no handler. Prints rows/s, peak
//       memory and the ratio read / parse-only.
//   sheet_bench export FILE.xlsx rows       the export writer (XlsxWriter: header, column formats,
//       text/number typing) writing N rows; prints "seconds peak-RSS-MB".
//   sheet_bench plain FILE.xlsx rows        the same cells through a bare libxlsxwriter loop
//       (constant memory, the same text format on ID-like columns, no header styling, widths or
//       frozen pane); prints "seconds peak-RSS-MB".
#include <sys/resource.h>
#include <xlsxwriter.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "office/sheet_reader.hpp"
#include "office/xlsx_writer.hpp"
#include "office/xml_pump.hpp"
#include "office/zip_archive.hpp"

using namespace kaowu;
using namespace kaowu::office;

namespace {
double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

long peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

class NoHandler : public XmlHandler {
 public:
  void start(std::string_view, const char**) override {}
  void end(std::string_view) override {}
};

int fail(const Error& error) {
  std::fprintf(stderr, "%s\n", error.message.c_str());
  return 1;
}

const std::vector<Column> kColumns = {{.name = "考生编号", .type = ColumnType::text},
                                      {.name = "姓名"},
                                      {.name = "身份证号", .type = ColumnType::text},
                                      {.name = "手机号", .type = ColumnType::text},
                                      {.name = "院校"},
                                      {.name = "专业"},
                                      {.name = "成绩", .type = ColumnType::number},
                                      {.name = "报名日期"}};

// Row i of every writer: the same cells, built the same way.
void fill_row(long i, std::vector<std::string>& row) {
  row[0] = "2024" + std::to_string(10000000 + i);
  row[1] = "考生" + std::to_string(i);
  row[2] = "3706821994" + std::to_string(10000000 + i);
  row[3] = "183" + std::to_string(10000000 + i);
  row[4] = "北京市第" + std::to_string(i % 50) + "职业技术学院";
  row[5] = "大数据技术与应用";
  row[6] = std::to_string(i % 100) + ".5";
  row[7] = "2024-03-05";
}

Status write_export(const std::string& path, long rows) {
  auto writer = TRY(XlsxWriter::create(path));
  TRY(writer->add_sheet("考生", kColumns));
  std::vector<std::string> row(kColumns.size());
  for (long i = 0; i < rows; ++i) {
    fill_row(i, row);
    TRY(writer->add_row(row));
  }
  return writer->close();
}

int write_plain(const std::string& path, long rows) {
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
  if (!workbook) return 1;
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "考生");
  lxw_format* text = workbook_add_format(workbook);
  format_set_num_format(text, "@");
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), kColumns[c].name.c_str(), nullptr);
  }
  std::vector<std::string> row(kColumns.size());
  for (long i = 0; i < rows; ++i) {
    fill_row(i, row);
    auto r = static_cast<lxw_row_t>(i + 1);
    for (std::size_t c = 0; c < row.size(); ++c) {
      auto col = static_cast<lxw_col_t>(c);
      if (kColumns[c].type == ColumnType::number) {
        worksheet_write_number(sheet, r, col, std::strtod(row[c].c_str(), nullptr), nullptr);
      } else {
        worksheet_write_string(sheet, r, col, row[c].c_str(),
                               kColumns[c].type == ColumnType::text ? text : nullptr);
      }
    }
  }
  return workbook_close(workbook) == LXW_NO_ERROR ? 0 : 1;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: sheet_bench roundtrip|export|plain FILE.xlsx [rows]\n");
    return 2;
  }
  std::string mode = argv[1];
  std::string path = argv[2];
  long rows = argc > 3 ? std::atol(argv[3]) : 200000;
  auto start = std::chrono::steady_clock::now();
  if (mode == "export" || mode == "plain") {
    if (mode == "export") {
      if (auto s = write_export(path, rows); !s) return fail(s.error());
    } else if (write_plain(path, rows) != 0) {
      std::fprintf(stderr, "libxlsxwriter failed\n");
      return 1;
    }
    std::printf("%.3f %ld\n", seconds_since(start), peak_rss_mb());
    return 0;
  }
  if (mode != "roundtrip") {
    std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
    return 2;
  }
  if (auto s = write_export(path, rows); !s) return fail(s.error());
  double write_s = seconds_since(start);

  start = std::chrono::steady_clock::now();
  long read = 0;
  std::size_t cells = 0;
  auto status = for_each_row(path, "", [&](const Row& r) -> Status {
    ++read;
    cells += r.cells.size();
    return {};
  });
  if (!status) return fail(status.error());
  double read_s = seconds_since(start);

  start = std::chrono::steady_clock::now();
  std::size_t bytes = 0;
  {
    auto zip = ZipArchive::open(path, {});
    if (!zip) return fail(zip.error());
    auto stream = zip.value()->stream("xl/worksheets/sheet1.xml");
    if (!stream) return fail(stream.error());
    std::string buffer(1 << 16, '\0');
    for (;;) {
      auto n = stream.value()->read(buffer.data(), buffer.size());
      if (!n) return fail(n.error());
      if (n.value() == 0) break;
      bytes += n.value();
    }
  }
  double inflate_s = seconds_since(start);

  start = std::chrono::steady_clock::now();
  {
    auto zip = ZipArchive::open(path, {});
    if (!zip) return fail(zip.error());
    auto stream = zip.value()->stream("xl/worksheets/sheet1.xml");
    if (!stream) return fail(stream.error());
    NoHandler handler;
    XmlPump pump(std::move(stream.value()), handler);
    if (auto s = pump.run(); !s) return fail(s.error());
  }
  double parse_s = seconds_since(start);

  std::printf("rows %ld (+1 header), %zu cells, sheet XML %.1f MB\n", rows, cells, bytes / 1e6);
  std::printf("write  %8.0f rows/s  (%.2f s)\n", rows / write_s, write_s);
  std::printf("read   %8.0f rows/s  (%.2f s)\n", read / read_s, read_s);
  std::printf("inflate only          (%.2f s)\n", inflate_s);
  std::printf("inflate + expat only  (%.2f s)\n", parse_s);
  std::printf("ratio read/parse-only: %.2f   peak RSS %ld MB\n", read_s / parse_s, peak_rss_mb());
  return read == rows + 1 ? 0 : 1;
}
