#include "cli/sheet.hpp"
#include "office_fixtures.hpp"

namespace kaowu::office {
namespace {

TEST(SheetCat, PrintsEscapedTsv) {
  testing::TempDir dir;
  auto path = dir.file("cat.csv");
  testing::write_file(path, "姓名,备注\n张三,\"a\tb\nc\\d\"\n李四,\n");
  ::testing::internal::CaptureStdout();
  int rc = cli::sheet_cat(path, "");
  auto out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(out, "姓名\t备注\n张三\ta\\tb\\nc\\\\d\n李四\n");
}

TEST(SheetCat, ErrorsGoToStderrInChinese) {
  testing::TempDir dir;
  auto path = dir.file("坏.xlsx");
  testing::write_file(path, "PK\x03\x04garbage");
  ::testing::internal::CaptureStderr();
  int rc = cli::sheet_cat(path, "");
  auto err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(rc, 1);
  EXPECT_NE(err.find("文件已损坏或不是有效的 Excel 文件"), std::string::npos) << err;
}

}  // namespace
}  // namespace kaowu::office
