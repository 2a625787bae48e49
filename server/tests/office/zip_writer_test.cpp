#include "office/zip_writer.hpp"

#include "office/zip_archive.hpp"
#include "office_fixtures.hpp"

namespace kaowu::office {
namespace {

TEST(ZipWriter, EntriesReadBack) {
  testing::TempDir dir;
  auto source = dir.file("source.txt");
  testing::write_file(source, "考场安排");
  auto path = dir.file("准考证.zip");
  auto writer = ZipWriter::create(path);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer.value()->add_bytes("准考证/张三.txt", std::string(10000, 'x')).ok());
  ASSERT_TRUE(writer.value()->add_file("说明.txt", source).ok());
  ASSERT_TRUE(writer.value()->add_bytes("empty.txt", "").ok());
  ASSERT_TRUE(writer.value()->close().ok());

  auto zip = ZipArchive::open(path, {});
  ASSERT_TRUE(zip.ok());
  EXPECT_EQ(zip.value()->read_all("准考证/张三.txt").value(), std::string(10000, 'x'));
  EXPECT_EQ(zip.value()->read_all("说明.txt").value(), "考场安排");
  EXPECT_EQ(zip.value()->read_all("empty.txt").value(), "");
}

TEST(ZipWriter, NamesThatEscapeAreRefused) {
  testing::TempDir dir;
  auto writer = ZipWriter::create(dir.file("bad.zip"));
  ASSERT_TRUE(writer.ok());
  EXPECT_FALSE(writer.value()->add_bytes("../etc/passwd", "x").ok());
  EXPECT_FALSE(writer.value()->add_bytes("/abs.txt", "x").ok());
  EXPECT_FALSE(writer.value()->add_bytes("a/../../b", "x").ok());
  EXPECT_TRUE(writer.value()->add_bytes("a..b.txt", "x").ok());
}

}  // namespace
}  // namespace kaowu::office
