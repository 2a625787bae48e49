#include "office/csv_reader.hpp"

#include <iconv.h>

#include "office_fixtures.hpp"

namespace kaowu::office {
namespace {

using testing::cells_of;
using testing::TempDir;
using Grid = std::vector<std::vector<std::string>>;

std::string to_gb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* o = out.data();
  std::size_t out_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &o, &out_left), static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

const std::string kCsv =
    "姓名,身份证号,备注\r\n"
    "张三,370682199409063549,\"住址：北京市,朝阳区\"\r\n"
    "\"李\"\"四\"\"\",11010519491231002X,\"第一行\n第二行\"\r\n"
    ",,\r\n"
    "  王五  ,,\r\n";
const Grid kExpected = {{"姓名", "身份证号", "备注"},
                        {"张三", "370682199409063549", "住址：北京市,朝阳区"},
                        {"李\"四\"", "11010519491231002X", "第一行\n第二行"},
                        {"王五"}};

TEST(CsvReader, Utf8WithAndWithoutBom) {
  TempDir dir;
  auto plain = dir.file("plain.csv");
  testing::write_file(plain, kCsv);
  EXPECT_EQ(cells_of(plain), kExpected);
  auto bom = dir.file("bom.csv");
  testing::write_file(bom, "\xEF\xBB\xBF" + kCsv);
  EXPECT_EQ(cells_of(bom), kExpected);
  auto rows = read_rows(bom, "");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows.value()[3].number, 5u);  // the blank record still counts
}

TEST(CsvReader, Gb18030IsDetected) {
  TempDir dir;
  auto path = dir.file("gbk.csv");
  testing::write_file(path, to_gb18030(kCsv));
  EXPECT_EQ(cells_of(path), kExpected);
}

TEST(CsvReader, LongFilesCrossChunkBoundaries) {
  TempDir dir;
  std::string text;
  Grid expected;
  for (int i = 0; i < 5000; ++i) {
    auto id = std::to_string(100000 + i);
    text += "考生" + id + ",\"多行\n备注" + id + "\",中文字符测试\n";
    expected.push_back({"考生" + id, "多行\n备注" + id, "中文字符测试"});
  }
  auto utf8 = dir.file("long-utf8.csv");
  testing::write_file(utf8, text);
  EXPECT_EQ(cells_of(utf8), expected);
  auto gb = dir.file("long-gb.csv");
  testing::write_file(gb, to_gb18030(text));
  EXPECT_EQ(cells_of(gb), expected);
  // Valid UTF-8 until the very end: one GB18030 character decides the encoding.
  auto late = dir.file("late.csv");
  const std::string x(30000, 'x');  // three cells of 30,000: each under a cell's 32,767 characters
  testing::write_file(late, "a,b\n" + x + "," + x + "," + x + "," + to_gb18030("考") + "\n");
  auto cells = cells_of(late);
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_EQ(cells[1][3], "考");
}

TEST(CsvReader, RowLimit) {
  TempDir dir;
  auto path = dir.file("rows.csv");
  std::string text;
  for (int i = 0; i < 50; ++i) text += "a,b\n";
  testing::write_file(path, text);
  ReadOptions options;
  options.max_rows = 49;
  auto error = testing::read_error(path, options);
  EXPECT_EQ(error.kind, ErrorKind::too_large);
  options.max_rows = 50;
  EXPECT_EQ(cells_of(path, "", options).size(), 50u);
}

}  // namespace
}  // namespace kaowu::office
