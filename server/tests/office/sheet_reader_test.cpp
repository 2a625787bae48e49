#include "office/sheet_reader.hpp"

#include "office_fixtures.hpp"

namespace kaowu::office {
namespace {

TEST(SheetReader, MissingColumnsAreNamedInOrder) {
  std::vector<std::string> header = {"*姓名", "性别", " 手机号 "};
  EXPECT_EQ(missing_columns(header, {"姓名", "身份证号", "手机号", "专业"}),
            (std::vector<std::string>{"身份证号", "专业"}));
  auto located = locate_columns(header, {"姓名", "身份证号", "手机号", "专业"});
  ASSERT_FALSE(located.ok());
  EXPECT_EQ(located.error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(located.error().message, "模板不正确：缺少列 身份证号、专业");
  EXPECT_EQ(located.error().details["missing"], nlohmann::json::array({"身份证号", "专业"}));
  auto found = locate_columns(header, {"手机号", "姓名"});
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found.value(), (std::vector<std::size_t>{2, 0}));
}

TEST(SheetReader, PullsRowsOneAtATime) {
  testing::TempDir dir;
  auto path = dir.file("pull.xlsx");
  std::string rows;
  for (int i = 1; i <= 3000; ++i) {
    rows += "<row r=\"" + std::to_string(i) + "\"><c t=\"inlineStr\"><is><t>考生" +
            std::to_string(i) + "</t></is></c><c><v>" + std::to_string(i) + "</v></c></row>";
  }
  testing::write_zip(path, testing::workbook_parts(testing::sheet_xml(rows)));
  auto reader = open_sheet_reader(path);
  ASSERT_TRUE(reader.ok());
  Row row;
  std::size_t count = 0;
  while (true) {
    auto more = reader.value()->next(row);
    ASSERT_TRUE(more.ok());
    if (!more.value()) break;
    ++count;
    ASSERT_EQ(row.number, count);
    ASSERT_EQ(row.cells[1], std::to_string(count));
  }
  EXPECT_EQ(count, 3000u);
}

// An import shows how far it got without reading the file twice: the share of the sheet read,
// from 0 when chosen to 1 at its end, for .csv and .xlsx on one thread or several.
TEST(SheetReader, ProgressRunsFromNothingToTheWholeSheet) {
  testing::TempDir dir;
  std::string csv = "编号,姓名\n", rows;
  for (int i = 1; i <= 20000; ++i) {
    csv += std::to_string(i) + ",考生" + std::to_string(i) + "\n";
    rows += "<row r=\"" + std::to_string(i) + "\"><c t=\"inlineStr\"><is><t>考生" +
            std::to_string(i) + "</t></is></c></row>";
  }
  testing::write_file(dir.file("名单.csv"), csv);
  testing::write_zip(dir.file("名单.xlsx"), testing::workbook_parts(testing::sheet_xml(rows)));
  ReadOptions small_blocks = testing::split_options();
  for (const auto& [path, options] :
       std::vector<std::pair<std::string, ReadOptions>>{{dir.file("名单.csv"), {}},
                                                        {dir.file("名单.xlsx"), {}},
                                                        {dir.file("名单.xlsx"), small_blocks}}) {
    SCOPED_TRACE(path);
    auto reader = open_sheet_reader(path, options);
    ASSERT_TRUE(reader.ok());
    ASSERT_TRUE(reader.value()->select(""));
    EXPECT_LT(reader.value()->progress(), 0.5);
    EXPECT_GE(reader.value()->progress(), 0.0);
    Row row;
    double last = 0;
    bool moved = false;
    while (true) {
      auto more = reader.value()->next(row);
      ASSERT_TRUE(more.ok());
      if (!more.value()) break;
      const double now = reader.value()->progress();
      ASSERT_GE(now, last);
      moved = moved || (now > 0 && now < 1);
      last = now;
    }
    EXPECT_DOUBLE_EQ(reader.value()->progress(), 1.0);
    EXPECT_TRUE(moved) << "progress shown part-way, not only at the end";
  }
}

TEST(SheetReader, UnknownFormatsAreRefused) {
  testing::TempDir dir;
  auto path = dir.file("名单.docx.pdf");
  testing::write_file(path, "%PDF-1.4");
  auto error = testing::read_error(path);
  EXPECT_EQ(error.message, "不支持的文件格式，请上传 .xlsx、.xls 或 .csv 文件");
  EXPECT_EQ(testing::read_error(dir.file("不存在.xlsx")).message, "无法打开文件");
}

}  // namespace
}  // namespace kaowu::office
