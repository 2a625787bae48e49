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
