#include "core/files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "../support/test_db.hpp"
#include "core/auth/password.hpp"

namespace kaowu {
namespace {

class FilesTest : public testing::SessionDbTest {
 protected:
  void SetUp() override {
    if (!open(1631923200)) return;
    scope_.role = Role::admin;
    scope_.account_id = 1;
  }
  // Every byte value, in a pseudo-random order, over several blocks and a partial last one.
  static std::string bytes(std::size_t n) {
    std::mt19937 rng(7);
    std::string out(n, '\0');
    for (auto& c : out) c = static_cast<char>(rng() & 0xff);
    return out;
  }
  long long stored_bytes(std::int64_t id) {
    long long file = id, total = -1, blocks = -1;
    sql() << "SELECT COALESCE(SUM(LENGTH(bytes)), 0), COUNT(*) FROM file_blocks WHERE file_id = :f",
        soci::use(file), soci::into(total), soci::into(blocks);
    return total;
  }
  Scope scope_;
};

TEST_P(FilesTest, BytesAreStoredAsBytesAndComeBackTheSame) {
  const std::string data = bytes(2 * 1024 * 1024 + 12345);
  const auto id =
      files::save(sql(), {"考生.xlsx", "application/octet-stream", "test"}, data, clock_.now());
  // Bytes, not base64 text (which would be a third larger).
  EXPECT_EQ(stored_bytes(id), static_cast<long long>(data.size()));
  long long blocks = 0, file = id;
  sql() << "SELECT COUNT(*) FROM file_blocks WHERE file_id = :f", soci::use(file),
      soci::into(blocks);
  EXPECT_EQ(blocks, 3);
  auto read = files::read(sql(), id);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_TRUE(read.value() == data);
  auto info = files::info(sql(), scope_, id);
  ASSERT_TRUE(info);
  EXPECT_EQ(info.value().size, static_cast<std::int64_t>(data.size()));
  EXPECT_EQ(info.value().sha256, crypto::sha256_hex(data));

  const auto path = std::filesystem::temp_directory_path() /
                    ("kaowu-files-test-" + crypto::random_token().substr(0, 8));
  ASSERT_TRUE(files::read_to(sql(), id, path.string()));
  std::ifstream in(path, std::ios::binary);
  std::stringstream back;
  back << in.rdbuf();
  std::filesystem::remove(path);
  EXPECT_TRUE(back.str() == data);
}

TEST_P(FilesTest, AFileSavedFromDiskAndAnEmptyOne) {
  const std::string data = bytes(1024 * 1024);  // exactly one block
  const auto path = std::filesystem::temp_directory_path() /
                    ("kaowu-files-test-" + crypto::random_token().substr(0, 8));
  {
    std::ofstream out(path, std::ios::binary);
    out << data;
  }
  auto saved =
      files::save_from(sql(), {"a.pdf", "application/pdf", "test"}, path.string(), clock_.now());
  std::filesystem::remove(path);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(stored_bytes(saved.value()), static_cast<long long>(data.size()));
  EXPECT_TRUE(files::read(sql(), saved.value()).value() == data);
  EXPECT_EQ(files::info(sql(), scope_, saved.value()).value().sha256, crypto::sha256_hex(data));

  const auto empty = files::save(sql(), {"空.csv", "text/csv", "test"}, "", clock_.now());
  auto read = files::read(sql(), empty);
  ASSERT_TRUE(read);
  EXPECT_EQ(read.value(), "");
}

TEST_P(FilesTest, AFileStoredBeforeBytesAsBase64ChunksIsStillReadAndRemoved) {
  long long id = 0;
  sql() << "INSERT INTO files(name, content_type, size, sha256, purpose, created_at) "
           "VALUES('周报.pdf', 'application/pdf', 11, '', 'weekly_report', 0) RETURNING id",
      soci::into(id);
  std::string first = crypto::base64_encode("hello "), second = crypto::base64_encode("world");
  sql() << "INSERT INTO file_chunks(file_id, seq, data) VALUES(:f, 0, :d)", soci::use(id),
      soci::use(first);
  sql() << "INSERT INTO file_chunks(file_id, seq, data) VALUES(:f, 1, :d)", soci::use(id),
      soci::use(second);
  auto read = files::read(sql(), id);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read.value(), "hello world");
  files::remove(sql(), id);
  long long left = -1;
  sql() << "SELECT COUNT(*) FROM file_chunks WHERE file_id = :f", soci::use(id), soci::into(left);
  EXPECT_EQ(left, 0);
}

TEST_P(FilesTest, RemovingAFileRemovesItsBlocks) {
  const auto id = files::save(sql(), {"x.bin", "application/octet-stream", "test"}, bytes(1500000),
                              clock_.now());
  files::remove(sql(), id);
  EXPECT_EQ(stored_bytes(id), 0);
  EXPECT_FALSE(files::info(sql(), scope_, id));
}

INSTANTIATE_TEST_SUITE_P(Engines, FilesTest, ::testing::ValuesIn(kaowu::testing::engines()));

}  // namespace
}  // namespace kaowu
