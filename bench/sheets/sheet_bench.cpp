// Sheet benchmark: writes an export of N rows with XlsxWriter, reads it back with SheetReader, and
// measures in the same run two floors for reading: inflating the sheet XML alone, and inflating
// plus expat parsing with no handler. Prints rows/s, peak memory and the ratio read / parse-only.
#include <sys/resource.h>

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
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: sheet_bench FILE.xlsx [rows]\n");
    return 2;
  }
  std::string path = argv[1];
  long rows = argc > 2 ? std::atol(argv[2]) : 200000;
  std::vector<Column> columns = {{.name = "考生编号", .type = ColumnType::text},
                                 {.name = "姓名"},
                                 {.name = "身份证号", .type = ColumnType::text},
                                 {.name = "手机号", .type = ColumnType::text},
                                 {.name = "院校"},
                                 {.name = "专业"},
                                 {.name = "成绩", .type = ColumnType::number},
                                 {.name = "报名日期"}};

  auto start = std::chrono::steady_clock::now();
  {
    auto writer = XlsxWriter::create(path);
    if (!writer) return fail(writer.error());
    if (auto s = writer.value()->add_sheet("考生", columns); !s) return fail(s.error());
    std::vector<std::string> row(columns.size());
    for (long i = 0; i < rows; ++i) {
      row[0] = "2024" + std::to_string(10000000 + i);
      row[1] = "考生" + std::to_string(i);
      row[2] = "3706821994" + std::to_string(10000000 + i);
      row[3] = "183" + std::to_string(10000000 + i);
      row[4] = "北京市第" + std::to_string(i % 50) + "职业技术学院";
      row[5] = "大数据技术与应用";
      row[6] = std::to_string(i % 100) + ".5";
      row[7] = "2024-03-05";
      if (auto s = writer.value()->add_row(row); !s) return fail(s.error());
    }
    if (auto s = writer.value()->close(); !s) return fail(s.error());
  }
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
