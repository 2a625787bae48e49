#include "office/xlsx_writer.hpp"

#include "office/mask.hpp"
#include "office/zip_archive.hpp"
#include "office_fixtures.hpp"

namespace kaowu::office {
namespace {

using testing::cells_of;
using Grid = std::vector<std::vector<std::string>>;

std::string part_of(const std::string& path, const std::string& part) {
  auto zip = ZipArchive::open(path, {});
  EXPECT_TRUE(zip.ok());
  if (!zip.ok()) return {};
  auto text = zip.value()->read_all(part);
  EXPECT_TRUE(text.ok()) << part;
  return text.ok() ? text.value() : std::string();
}

const std::vector<Column> kColumns = {
    {.name = "姓名"},
    {.name = "身份证号", .type = ColumnType::text},
    {.name = "手机号", .type = ColumnType::text},
    {.name = "成绩", .type = ColumnType::number},
    {.name = "备注"},
};

TEST(XlsxWriter, RowsReadBackExactly) {
  testing::TempDir dir;
  auto path = dir.file("导出.xlsx");
  auto writer = XlsxWriter::create(path);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer.value()->add_sheet("考生", kColumns).ok());
  Grid rows = {
      {"张三", "370682199409063549", "18312340551", "88.5", "=HYPERLINK(\"http://x\",\"点我\")"},
      {"李四", "000123", "", "95", "+1"},
      {"王五", "11010519491231002X", "13800000000", "缺考", "-2"},
      {"赵六", "", "", "", "@SUM(A1)"},
  };
  for (const auto& row : rows) ASSERT_TRUE(writer.value()->add_row(row).ok());
  ASSERT_TRUE(writer.value()->close().ok());

  Grid expected = {{"姓名", "身份证号", "手机号", "成绩", "备注"}};
  expected.insert(expected.end(), rows.begin(), rows.end());
  expected[4].resize(1);
  expected[4].push_back("");
  expected[4].push_back("");
  expected[4].push_back("");
  expected[4].push_back("@SUM(A1)");
  EXPECT_EQ(cells_of(path), expected);

  auto sheet = part_of(path, "xl/worksheets/sheet1.xml");
  EXPECT_EQ(sheet.find("<f>"), std::string::npos) << "no cell may become a formula";
  EXPECT_NE(sheet.find("state=\"frozen\""), std::string::npos);
  EXPECT_NE(sheet.find("<cols>"), std::string::npos);
  EXPECT_NE(sheet.find("<v>88.5</v>"), std::string::npos) << "numbers stay numbers";
  auto styles = part_of(path, "xl/styles.xml");
  EXPECT_TRUE(styles.find("numFmtId=\"49\"") != std::string::npos ||
              styles.find("formatCode=\"@\"") != std::string::npos)
      << "ID columns use the text format";
  EXPECT_NE(styles.find("<b/>"), std::string::npos) << "bold header";
}

TEST(XlsxWriter, MaskedExportStreamsManyRows) {
  testing::TempDir dir;
  auto path = dir.file("masked.xlsx");
  auto writer = XlsxWriter::create(path);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer.value()->add_sheet("考生", kColumns).ok());
  for (int i = 0; i < 20000; ++i) {
    ASSERT_TRUE(writer.value()
                    ->add_row({"考生" + std::to_string(i), mask_id_number("370682199409063549"),
                               mask_phone("18312340551"), std::to_string(i)})
                    .ok());
  }
  ASSERT_TRUE(writer.value()->close().ok());
  auto cells = cells_of(path);
  ASSERT_EQ(cells.size(), 20001u);
  EXPECT_EQ(cells[20000],
            (std::vector<std::string>{"考生19999", "370682*****063549", "183****0551", "19999"}));
}

TEST(XlsxWriter, AbandonedWriterLeavesNoFile) {
  testing::TempDir dir;
  auto path = dir.file("abandoned.xlsx");
  {
    auto writer = XlsxWriter::create(path);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE(writer.value()->add_sheet("考生", kColumns).ok());
    ASSERT_TRUE(writer.value()->add_row({"张三"}).ok());
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(XlsxWriter, BadSheetNamesAreRefused) {
  testing::TempDir dir;
  auto writer = XlsxWriter::create(dir.file("bad.xlsx"));
  ASSERT_TRUE(writer.ok());
  auto status = writer.value()->add_sheet("考生[2024]", kColumns);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::invalid_input);
}

}  // namespace
}  // namespace kaowu::office
