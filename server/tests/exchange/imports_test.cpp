#include "exchange/imports.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../support/test_db.hpp"
#include "core/auth/password.hpp"
#include "core/files.hpp"
#include "core/input.hpp"
#include "office/sheet_reader.hpp"
#include "office/xlsx_writer.hpp"

namespace kaowu::imports {
namespace {

constexpr Timestamp kStart = 1631923200;  // 2021-09-18 08:00 CST

//! A "demo" import of 编号/姓名 rows that refuses the name "坏"; its jobs run on this queue.
class ImportTest : public testing::JobDbTest {
 protected:
  void SetUp() override {
    if (!open(kStart)) return;
    scope_ = testing::add_college(sql(), "示范职业技术学院", "shifan", kStart);
    registry_.add("demo", [this](soci::session&, const nlohmann::json& params) -> Result<Spec> {
      spec_now_ = params.value("now", Timestamp{0});
      Spec spec;
      spec.type = "demo";
      spec.title = "演示";
      spec.entity = "organization";
      spec.columns = {{.name = "编号", .required = true}, {.name = "姓名", .required = true}};
      spec.apply = [this](soci::session&, const std::vector<std::string>& cells) -> Status {
        if (cells[1] == "坏") return err::invalid("姓名不正确");
        applied_.push_back(cells[0]);
        return {};
      };
      return spec;
    });
    register_job(*queue_, registry_, temp_.string());
  }

  std::string workbook(const std::vector<std::vector<std::string>>& rows) {
    const auto path =
        (temp_ / ("upload-" + crypto::random_token().substr(0, 8) + ".xlsx")).string();
    auto writer = office::XlsxWriter::create(path);
    EXPECT_TRUE(writer);
    EXPECT_TRUE(
        writer.value()->add_sheet("演示", {{.name = rows[0][0]}, {.name = rows[0][1]}}, false));
    for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_TRUE(writer.value()->add_row(rows[i]));
    EXPECT_TRUE(writer.value()->close());
    return path;
  }

  //! Queues `path` as an upload and runs the job here; returns the job and its upload's file id.
  std::pair<std::int64_t, std::int64_t> run_import(const std::string& path) {
    auto id = enqueue(sql(), *queue_, scope_, "demo", nlohmann::json::object(), path, "名单.xlsx",
                      kStart);
    EXPECT_TRUE(id) << id.error().message;
    std::string params;
    long long job = id.value();
    sql() << "SELECT params FROM jobs WHERE id = :id", soci::use(job), soci::into(params);
    const std::int64_t upload = nlohmann::json::parse(params).value("fileId", std::int64_t{0});
    EXPECT_EQ(stored(upload), 1) << "the upload is kept until the job runs";
    EXPECT_EQ(queue_->claim(sql()), id.value());
    queue_->run(id.value());
    return {id.value(), upload};
  }

  //! 1 when the file and its bytes are stored, 0 when neither is.
  long long stored(std::int64_t id) {
    long long file_id = id, files = -1, chunks = -1;
    sql() << "SELECT COUNT(*) FROM files WHERE id = :f", soci::use(file_id), soci::into(files);
    sql() << "SELECT COUNT(*) FROM file_blocks WHERE file_id = :f", soci::use(file_id),
        soci::into(chunks);
    return files == 1 && chunks > 0 ? 1 : files == 0 && chunks == 0 ? 0 : -1;
  }

  Registry registry_;
  Scope scope_;
  Timestamp spec_now_ = 0;  //!< "now" as the spec was given it
  std::vector<std::string> applied_;
};

TEST_P(ImportTest, TheUploadIsDeletedOnceItsImportHasRunTheFailuresStay) {
  const auto [id, upload] =
      run_import(workbook({{"编号", "姓名"}, {"1", "张三"}, {"2", "坏"}, {"3", "李四"}}));
  const auto done = job(id);
  ASSERT_EQ(done["state"], "succeeded") << done.dump();
  EXPECT_EQ(done["result"]["succeeded"], 2);
  EXPECT_EQ(done["result"]["failed"], 1);
  EXPECT_EQ(applied_, (std::vector<std::string>{"1", "3"}));
  EXPECT_EQ(stored(upload), 0) << "the uploaded names and ids are not kept";
  EXPECT_EQ(stored(done["resultFileId"].get<std::int64_t>()), 1) << "the failure file stays";
}

TEST_P(ImportTest, TheAuditEntryIsFiledUnderTheSpecsRecordTypeAndASpecWithoutOneIsRefused) {
  const auto [id, upload] = run_import(workbook({{"编号", "姓名"}, {"1", "张三"}}));
  ASSERT_EQ(job(id)["state"], "succeeded") << job(id).dump();
  std::string entity;
  sql() << "SELECT entity FROM audit_log WHERE action = 'import'", soci::into(entity);
  EXPECT_EQ(entity, "organization") << "the 对象类型 filter of the audit page finds it";

  registry_.add("unnamed", [](soci::session&, const nlohmann::json&) -> Result<Spec> {
    Spec spec;
    spec.type = "unnamed";
    spec.title = "演示";
    spec.columns = {{.name = "编号"}};
    spec.apply = [](soci::session&, const std::vector<std::string>&) -> Status { return {}; };
    return spec;
  });
  const auto unnamed = registry_.spec(sql(), "unnamed", nlohmann::json::object());
  ASSERT_FALSE(unnamed);
  EXPECT_EQ(unnamed.error().kind, ErrorKind::internal);
}

TEST_P(ImportTest, TheSpecChecksItsRulesAtTheTimeTheRowsAreWrittenNotAtTheUpload) {
  const auto path = workbook({{"编号", "姓名"}, {"1", "张三"}});
  auto id = enqueue(sql(), *queue_, scope_, "demo", {{"now", kStart}}, path, "名单.xlsx", kStart);
  ASSERT_TRUE(id) << id.error().message;
  // The job waits in the queue for an hour (a window may close meanwhile).
  clock_.set(kStart + 3600);
  ASSERT_EQ(queue_->claim(sql()), id.value());
  queue_->run(id.value());
  EXPECT_EQ(spec_now_, kStart + 3600);
  EXPECT_EQ(applied_, std::vector<std::string>{"1"});
}

TEST_P(ImportTest, ARefusedUploadIsDeletedToo) {
  const auto [id, upload] = run_import(workbook({{"编号", "电话"}, {"1", "123"}}));
  const auto done = job(id);
  EXPECT_EQ(done["state"], "failed") << done.dump();
  EXPECT_EQ(done["error"], "模板不正确：缺少列 姓名");
  EXPECT_TRUE(applied_.empty());
  EXPECT_EQ(stored(upload), 0);
}

TEST_P(ImportTest, ControlCharactersAndBidiOverridesAreRefusedInEveryCell) {
  const std::string reversed = "王\u202E二";  // shows as 王二 reversed around it
  const auto [id, upload] =
      run_import(workbook({{"编号", "姓名"}, {"1", "张三"}, {"2", reversed}, {"3", "李\x1b四"}}));
  const auto done = job(id);
  ASSERT_EQ(done["state"], "succeeded") << done.dump();
  EXPECT_EQ(done["result"]["failed"], 2);
  EXPECT_EQ(applied_, (std::vector<std::string>{"1"})) << "the spec never sees the refused rows";
  const auto bytes = files::read(sql(), done["resultFileId"].get<std::int64_t>());
  ASSERT_TRUE(bytes);
  const auto path = (temp_ / "failures.xlsx").string();
  std::ofstream(path, std::ios::binary) << bytes.value();
  const auto rows = office::read_rows(path, "");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ(rows->at(1).cells.back(),
            "第 3 行：" + input::check_characters(reversed, "姓名").error().message);
  EXPECT_EQ(rows->at(2).cells.back(),
            "第 4 行：" + input::check_characters("李\x1b四", "姓名").error().message);
}

TEST_P(ImportTest, AHeaderWithoutDataRowsSaysWhichRowIsTheHeader) {
  const auto [id, upload] = run_import(workbook({{"编号", "姓名"}}));
  const auto done = job(id);
  EXPECT_EQ(done["state"], "failed") << done.dump();
  EXPECT_EQ(done["error"], "文件中没有数据行（第 1 行是表头），请在表头下逐行填写后再上传");
  EXPECT_EQ(stored(upload), 0);
}

TEST_P(ImportTest, AFileOverTheRowLimitIsRefusedBeforeAnyRowIsWritten) {
  register_job(*queue_, registry_, temp_.string(), Limits{.max_rows = 3});
  const auto [id, upload] =
      run_import(workbook({{"编号", "姓名"}, {"1", "甲"}, {"2", "乙"}, {"3", "丙"}, {"4", "丁"}}));
  const auto done = job(id);
  EXPECT_EQ(done["state"], "failed") << done.dump();
  EXPECT_EQ(done["error"], "数据行数超过上限 3 行（不含表头），请拆分成几个文件分别导入");
  EXPECT_TRUE(applied_.empty()) << "nothing is applied when the file is refused";
  long long records = -1;
  sql() << "SELECT COUNT(*) FROM import_records", soci::into(records);
  EXPECT_EQ(records, 0);
}

TEST_P(ImportTest, ACancelledImportLeavesNothingWritten) {
  // Rows written to a table of their own, two at a time; the first batch asks to cancel.
  sql() << "CREATE TABLE import_probe (v TEXT NOT NULL)";
  registry_.add("probe", [](soci::session&, const nlohmann::json&) -> Result<Spec> {
    Spec spec;
    spec.type = "probe";
    spec.title = "演示";
    spec.entity = "organization";
    spec.columns = {{.name = "编号", .required = true}, {.name = "姓名", .required = true}};
    spec.apply = [](soci::session& sql, const std::vector<std::string>& cells) -> Status {
      std::string v = cells[0];
      sql << "INSERT INTO import_probe(v) VALUES(:v)", soci::use(v);
      if (v == "1") sql << "UPDATE jobs SET cancel_requested = 1 WHERE state = 'running'";
      return {};
    };
    return spec;
  });
  register_job(*queue_, registry_, temp_.string(), Limits{.batch_rows = 2});
  const auto path =
      workbook({{"编号", "姓名"}, {"1", "甲"}, {"2", "乙"}, {"3", "丙"}, {"4", "丁"}});
  auto id =
      enqueue(sql(), *queue_, scope_, "probe", nlohmann::json::object(), path, "名单.xlsx", kStart);
  ASSERT_TRUE(id);
  ASSERT_EQ(queue_->claim(sql()), id.value());
  queue_->run(id.value());
  const auto done = job(id.value());
  EXPECT_EQ(done["state"], "cancelled") << done.dump();
  long long written = -1, records = -1;
  sql() << "SELECT COUNT(*) FROM import_probe", soci::into(written);
  sql() << "SELECT COUNT(*) FROM import_records", soci::into(records);
  EXPECT_EQ(written, 0) << "the rows of the first batch went with the rest";
  EXPECT_EQ(records, 0);
}

TEST_P(ImportTest, UploadsLeftByAKilledInstanceAreSwept) {
  const auto path = workbook({{"编号", "姓名"}, {"1", "张三"}});
  auto orphan =
      enqueue(sql(), *queue_, scope_, "demo", nlohmann::json::object(), path, "名单.xlsx", kStart);
  auto waiting =
      enqueue(sql(), *queue_, scope_, "demo", nlohmann::json::object(), path, "名单.xlsx", kStart);
  ASSERT_TRUE(orphan && waiting);
  auto upload_of = [&](std::int64_t job_id) {
    std::string params;
    long long j = job_id;
    sql() << "SELECT params FROM jobs WHERE id = :id", soci::use(j), soci::into(params);
    return nlohmann::json::parse(params).value("fileId", std::int64_t{0});
  };
  // The first was running on an instance that died: marked failed without its upload removed.
  long long dead = orphan.value();
  sql() << "UPDATE jobs SET state = 'failed' WHERE id = :id", soci::use(dead);
  queue_->sweep(sql());
  EXPECT_EQ(stored(upload_of(orphan.value())), 0);
  EXPECT_EQ(stored(upload_of(waiting.value())), 1) << "a queued import keeps its upload";
}

INSTANTIATE_TEST_SUITE_P(Engines, ImportTest, ::testing::ValuesIn(kaowu::testing::engines()));

}  // namespace
}  // namespace kaowu::imports
