#include "office/zip_archive.hpp"

#include "office_fixtures.hpp"

namespace kaowu::office {
namespace {

using testing::read_error;
using testing::sheet_xml;
using testing::TempDir;
using testing::workbook_parts;
using testing::write_zip;

TEST(ZipArchive, RefusesABombByItsCentralDirectory) {
  TempDir dir;
  auto path = dir.file("bomb.xlsx");
  auto parts = workbook_parts(sheet_xml(std::string(30 << 20, ' ')));
  write_zip(path, parts);
  auto error = read_error(path);
  EXPECT_EQ(error.kind, ErrorKind::too_large);
  EXPECT_EQ(error.message, kTooLargeFile);
}

TEST(ZipArchive, CountsBytesWhileInflating) {
  TempDir dir;
  auto path = dir.file("liar.zip");
  write_zip(path, {{"data.xml", std::string(3 << 20, 'a')}});
  // Make both headers claim the part inflates to 100 bytes.
  auto bytes = testing::read_file(path);
  auto patch = [&](std::size_t at) {
    bytes[at] = 100;
    bytes[at + 1] = bytes[at + 2] = bytes[at + 3] = 0;
  };
  ASSERT_EQ(bytes.compare(0, 4, "PK\x03\x04"), 0);
  patch(22);
  auto central = bytes.find("PK\x01\x02");
  ASSERT_NE(central, std::string::npos);
  patch(central + 24);
  testing::write_file(path, bytes);

  ZipLimits limits;
  auto zip = ZipArchive::open(path, limits);
  ASSERT_TRUE(zip.ok()) << zip.error().message;
  auto data = zip.value()->read_all("data.xml");
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.error().kind, ErrorKind::too_large);
}

TEST(ZipArchive, TotalSizeLimit) {
  TempDir dir;
  auto path = dir.file("many.zip");
  write_zip(path, {{"a", std::string(1000, 'x')}, {"b", std::string(1000, 'y')}});
  ZipLimits limits;
  limits.max_total_bytes = 1500;
  auto zip = ZipArchive::open(path, limits);
  ASSERT_FALSE(zip.ok());
  EXPECT_EQ(zip.error().kind, ErrorKind::too_large);
}

TEST(ZipArchive, DamagedFilesAreRefusedClearly) {
  TempDir dir;
  auto good = dir.file("good.xlsx");
  write_zip(good, workbook_parts(sheet_xml("<row><c><v>1</v></c></row>")));
  auto bytes = testing::read_file(good);

  auto truncated = dir.file("truncated.xlsx");
  testing::write_file(truncated, bytes.substr(0, bytes.size() / 2));
  auto error = read_error(truncated);
  EXPECT_EQ(error.kind, ErrorKind::invalid_input);
  EXPECT_EQ(error.message, "文件已损坏或不是有效的 Excel 文件");

  auto not_zip = dir.file("not-zip.xlsx");
  testing::write_file(not_zip, "<html><body>考生名单</body></html>");
  EXPECT_EQ(read_error(not_zip).message, "文件已损坏或不是有效的 Excel 文件");

  auto empty = dir.file("empty.xls");
  testing::write_file(empty, "");
  EXPECT_EQ(read_error(empty).message, "文件已损坏或不是有效的 Excel 文件");

  auto ole = dir.file("garbage.xls");
  testing::write_file(ole,
                      std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0'));
  EXPECT_EQ(read_error(ole).message, "文件已损坏或不是有效的 Excel 文件");

  auto no_workbook = dir.file("no-workbook.xlsx");
  write_zip(no_workbook, {{"hello.txt", "hi"}});
  EXPECT_EQ(read_error(no_workbook).message, "文件已损坏或不是有效的 Excel 文件");

  auto bad_xml = dir.file("bad-xml.xlsx");
  write_zip(bad_xml, workbook_parts("<worksheet><sheetData><row>"));
  EXPECT_EQ(read_error(bad_xml).message, "文件已损坏或不是有效的 Excel 文件");
}

}  // namespace
}  // namespace kaowu::office
