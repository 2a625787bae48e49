#include "office/row_shaper.hpp"

#include "office_fixtures.hpp"

// What an import may ask of the readers: cells far to the right cost nothing, shared strings are
// counted each time a cell uses them, and cells are never longer than a failure file can hold.
namespace kaowu::office {
namespace {

std::string shared_strings(const std::vector<std::string>& strings) {
  std::string xml = std::string("<?xml version=\"1.0\"?><sst xmlns=\"") + testing::kMainNs + "\">";
  for (const auto& s : strings) xml += "<si><t>" + s + "</t></si>";
  return xml + "</sst>";
}

TEST(ReadLimits, CellsRightOfTheKeptColumnsAreNotKept) {
  testing::TempDir dir;
  auto path = dir.file("xfd.xlsx");
  std::string rows;
  for (int r = 1; r <= 50; ++r) {
    const auto n = std::to_string(r);
    rows += "<row r=\"" + n + "\"><c r=\"A" + n + "\"><v>" + n + "</v></c><c r=\"B" + n +
            "\" t=\"s\"><v>0</v></c><c r=\"XFD" + n + "\" t=\"s\"><v>0</v></c></row>";
  }
  testing::write_zip(path,
                     testing::workbook_parts(testing::sheet_xml(rows), shared_strings({"王小二"})));
  ReadOptions options;
  options.keep_columns = 3;
  const auto cells = testing::cells_of(path, "", options);
  ASSERT_EQ(cells.size(), 50u);
  EXPECT_EQ(cells[0], (std::vector<std::string>{"1", "王小二"}));
  EXPECT_EQ(cells[49], (std::vector<std::string>{"50", "王小二"}));
  // Without the option the far cell is there, as Excel shows it.
  const auto all = testing::cells_of(path);
  ASSERT_EQ(all[0].size(), 16384u);
  EXPECT_EQ(all[0].back(), "王小二");
}

TEST(ReadLimits, SharedStringsCountEachTimeTheyAreUsed) {
  testing::TempDir dir;
  auto path = dir.file("sst.xlsx");
  const std::string long_text(4000, 'x');
  std::string rows;
  for (int r = 1; r <= 600; ++r) {
    rows += "<row r=\"" + std::to_string(r) + "\"><c t=\"s\"><v>0</v></c></row>";
  }
  testing::write_zip(
      path, testing::workbook_parts(testing::sheet_xml(rows), shared_strings({long_text})));
  ReadOptions options;
  options.max_text_bytes = 1u << 20;  // 600 cells x 4000 bytes = 2.4 MB once expanded
  const auto error = testing::read_error(path, options);
  EXPECT_EQ(error.kind, ErrorKind::too_large);
  EXPECT_EQ(error.message, "文件展开后超过 1 MB，请删除无关内容或拆分后再上传");
  options.max_text_bytes = 4u << 20;
  EXPECT_EQ(testing::cells_of(path, "", options).size(), 600u);
}

TEST(ReadLimits, CellCountIsCapped) {
  testing::TempDir dir;
  auto path = dir.file("cells.csv");
  std::string csv;
  for (int r = 0; r < 100; ++r) csv += "a,b,c\n";
  testing::write_file(path, csv);
  ReadOptions options;
  options.max_cells = 250;
  const auto error = testing::read_error(path, options);
  EXPECT_EQ(error.code, "too_many_cells");
  EXPECT_EQ(error.message, "单元格数量超过上限 250 个，请删除无关内容或拆分后再上传");
}

TEST(ReadLimits, CsvFieldsRightOfTheKeptColumnsAreDropped) {
  testing::TempDir dir;
  auto path = dir.file("wide.csv");
  std::string wide(16000, ',');
  testing::write_file(path, "姓名,性别" + wide + "x\n张三,男" + wide + "y\n");
  ReadOptions options;
  options.keep_columns = 2;
  EXPECT_EQ(testing::cells_of(path, "", options),
            (std::vector<std::vector<std::string>>{{"姓名", "性别"}, {"张三", "男"}}));
}

TEST(ReadLimits, ACellLongerThanAnXlsxCellIsRefusedWithItsRow) {
  testing::TempDir dir;
  auto path = dir.file("long.csv");
  // 40,000 ASCII characters: 40,000 bytes, over Excel's 32,767 characters.
  testing::write_file(path, "编号,姓名\n1,张三\n2," + std::string(40000, 'x') + "\n");
  const auto error = testing::read_error(path);
  EXPECT_EQ(error.message, "第 3 行有单元格内容过长（超过 32767 个字符），请删减后再上传");
  // 32,767 Chinese characters (98,301 bytes) fit.
  std::string chinese;
  for (int i = 0; i < 32767; ++i) chinese += "字";
  testing::write_file(path, "编号,姓名\n1," + chinese + "\n");
  EXPECT_EQ(testing::cells_of(path).size(), 2u);

  auto xlsx = dir.file("long.xlsx");
  testing::write_zip(
      xlsx,
      testing::workbook_parts(testing::sheet_xml("<row r=\"1\"><c t=\"inlineStr\"><is><t>" +
                                                 std::string(32768, 'y') + "</t></is></c></row>")));
  EXPECT_EQ(testing::read_error(xlsx).message,
            "第 1 行有单元格内容过长（超过 32767 个字符），请删减后再上传");
}

TEST(CellText, FitCellCutsWithAMarkerAtExcelsLimit) {
  const std::string ok(32767, 'a');
  EXPECT_EQ(fit_cell(ok), ok);
  std::string chinese;
  for (int i = 0; i < 40000; ++i) chinese += "字";
  const auto cut = fit_cell(chinese);
  EXPECT_TRUE(cell_fits(cut));
  EXPECT_FALSE(cell_fits(chinese));
  EXPECT_TRUE(cut.ends_with("…（已截断）"));
  std::size_t chars = 0;
  for (unsigned char c : cut) chars += (c & 0xC0) != 0x80;
  EXPECT_EQ(chars, 32767u);
}

}  // namespace
}  // namespace kaowu::office
