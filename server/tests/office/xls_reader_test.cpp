#include "office/xls_reader.hpp"

#include "office_fixtures.hpp"

namespace kaowu::office {
namespace {

using testing::cells_of;
using Grid = std::vector<std::vector<std::string>>;

// Files saved by LibreOffice from the sample workbook, converted once for the suite.
class LibreOfficeFiles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    source_ = dir_->file("source/考生名单.xlsx");
    std::filesystem::create_directories(dir_->path() / "source");
    testing::write_sample_workbook(source_);
    auto profile = dir_->file("profile");
    testing::libreoffice_convert(source_, "xls", dir_->file("xls"), profile);
    testing::libreoffice_convert(source_, "xlsx", dir_->file("xlsx"), profile);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static testing::TempDir* dir_;
  static std::string source_;
};
testing::TempDir* LibreOfficeFiles::dir_ = nullptr;
std::string LibreOfficeFiles::source_;

TEST_F(LibreOfficeFiles, XlsMatchesTheWorkbook) {
  auto path = dir_->file("xls/考生名单.xls");
  ASSERT_TRUE(std::filesystem::exists(path)) << "LibreOffice did not write " << path;
  // FreeXL does not read BOOLERR and FORMULA records: in .xls files booleans and formula
  // results come back empty.
  auto expected = testing::sample_cells();
  expected[2].resize(4);
  EXPECT_EQ(cells_of(path), expected);
  auto reader = open_sheet_reader(path);
  ASSERT_TRUE(reader.ok());
  ASSERT_EQ(reader.value()->list_sheets().size(), 2u);
  EXPECT_EQ(reader.value()->list_sheets()[1].name, "隐藏");
  EXPECT_EQ(cells_of(path, "隐藏"), Grid{{"x"}});
}

TEST_F(LibreOfficeFiles, XlsxMatchesTheWorkbook) {
  auto path = dir_->file("xlsx/考生名单.xlsx");
  ASSERT_TRUE(std::filesystem::exists(path)) << "LibreOffice did not write " << path;
  EXPECT_EQ(cells_of(path), testing::sample_cells());
  auto reader = open_sheet_reader(path);
  ASSERT_TRUE(reader.ok());
  ASSERT_EQ(reader.value()->list_sheets().size(), 2u);
  EXPECT_TRUE(reader.value()->list_sheets()[1].hidden);
}

}  // namespace
}  // namespace kaowu::office
