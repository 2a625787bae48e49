#include "office/xlsx_template.hpp"

#include "office/zip_archive.hpp"
#include "office_fixtures.hpp"

namespace kaowu::office {
namespace {

using testing::cells_of;
using Grid = std::vector<std::vector<std::string>>;

TEST(XlsxTemplate, HeaderExampleGuideAndDropdowns) {
  testing::TempDir dir;
  auto path = dir.file("考生导入模板.xlsx");
  std::vector<Column> columns = {
      {.name = "姓名", .required = true, .example = "张三"},
      {.name = "身份证号",
       .type = ColumnType::text,
       .required = true,
       .note = "18 位居民身份证号",
       .example = "370682199409063549"},
      {.name = "性别", .options = {"男", "女"}, .example = "男"},
      {.name = "专业",
       .required = true,
       .options = {"计算机应用技术", "大数据技术", "软件技术"},
       .example = "软件技术"},
  };
  auto status = write_import_template(path, "考生信息", columns);
  ASSERT_TRUE(status.ok()) << status.error().message;

  EXPECT_EQ(cells_of(path), (Grid{{"*姓名", "*身份证号", "性别", "*专业"},
                                  {"张三", "370682199409063549", "男", "软件技术"}}));
  auto guide = cells_of(path, kGuideSheet);
  ASSERT_GE(guide.size(), 5u);
  EXPECT_EQ(guide[0], (std::vector<std::string>{"列名", "是否必填", "说明", "可选值"}));
  EXPECT_EQ(guide[2], (std::vector<std::string>{"身份证号", "必填", "18 位居民身份证号"}));
  EXPECT_EQ(guide[4],
            (std::vector<std::string>{"专业", "必填", "", "计算机应用技术、大数据技术、软件技术"}));
  EXPECT_EQ(cells_of(path, kOptionsSheet),
            (Grid{{"男", "计算机应用技术"}, {"女", "大数据技术"}, {"", "软件技术"}}));

  // The header of the data sheet is what the importer checks against.
  auto header = cells_of(path)[0];
  EXPECT_TRUE(locate_columns(header, {"姓名", "身份证号", "专业"}).ok());

  auto zip = ZipArchive::open(path, {});
  ASSERT_TRUE(zip.ok());
  auto workbook = zip.value()->read_all("xl/workbook.xml");
  ASSERT_TRUE(workbook.ok());
  EXPECT_NE(workbook.value().find("name=\"选项\" sheetId=\"3\" state=\"hidden\""),
            std::string::npos)
      << workbook.value();
  auto sheet = zip.value()->read_all("xl/worksheets/sheet1.xml");
  ASSERT_TRUE(sheet.ok());
  const auto& xml = sheet.value();
  EXPECT_NE(xml.find("<dataValidation type=\"list\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("sqref=\"C2:C10000\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<formula1>'选项'!$A$1:$A$2</formula1>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<formula1>'选项'!$B$1:$B$3</formula1>"), std::string::npos) << xml;
  auto styles = zip.value()->read_all("xl/styles.xml");
  ASSERT_TRUE(styles.ok());
  EXPECT_NE(styles.value().find("FFFF0000"), std::string::npos) << "required headers are red";
}

TEST(XlsxTemplate, ColumnLetters) {
  EXPECT_EQ(column_letters(0), "A");
  EXPECT_EQ(column_letters(25), "Z");
  EXPECT_EQ(column_letters(26), "AA");
  EXPECT_EQ(column_letters(16383), "XFD");
}

}  // namespace
}  // namespace kaowu::office
