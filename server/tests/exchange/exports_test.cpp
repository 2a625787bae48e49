#include "exchange/exports.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../support/test_db.hpp"
#include "core/auth/password.hpp"
#include "core/files.hpp"
#include "office/sheet_reader.hpp"

namespace kaowu::exporting {
namespace {

constexpr Timestamp kStart = 1631923200;  // 2021-09-18 08:00 CST

//! Two colleges; a "demo" export lists the organisations whose name matches the `name` query
//! (or the ticked ids), as its caller's scope allows; the export job runs on this queue.
class ExportTest : public testing::JobDbTest {
 protected:
  void SetUp() override {
    if (!open(kStart)) return;
    mine_ = testing::add_college(sql(), "示范职业技术学院", "shifan", kStart);
    theirs_ = testing::add_college(sql(), "另一所职业学院", "lingyi", kStart);
    mine_.province_id = theirs_.province_id = 7;
    registry_.add("demo", [this](soci::session& sql, const Request& request) -> Result<ExportSpec> {
      seen_scope_ = request.scope;
      const std::string name = request.query.raw("name");
      if (name == "坏") return err::invalid("查询条件不正确", {{"field", "name"}});
      const auto ids = request.ids;
      const long long rows = request.query.integer("rows").value_or(0);
      // At row `cancelAt` someone asks to cancel the running job; at row `peekAt` the test reads
      // what the job API shows.
      const long long cancel_at = request.query.integer("cancelAt").value_or(0);
      const long long peek_at = request.query.integer("peekAt").value_or(0);
      return ExportSpec{
          .title = "演示数据",
          .entity = "organization",
          .columns = {{.name = "序号"}, {.name = "机构", .width = 30}},
          .rows = [this, &sql, rows, ids, cancel_at, peek_at](const RowSink& sink) -> Status {
            std::string first;
            sql << "SELECT name FROM organizations ORDER BY id", soci::into(first);
            if (!ids.empty()) {
              for (auto id : ids) TRY(sink({std::to_string(id), first}));
              return {};
            }
            for (long long i = 1; i <= rows; ++i) {
              if (i == cancel_at)
                sql << "UPDATE jobs SET cancel_requested = 1 WHERE state = 'running'";
              if (i == peek_at) {
                std::string message;
                int progress = 0;
                sql << "SELECT message, progress FROM jobs WHERE state = 'running'",
                    soci::into(message), soci::into(progress);
                peeked_ = {message, progress};
              }
              TRY(sink({std::to_string(i), first}));
            }
            return {};
          },
          .count = ids.empty() ? rows : static_cast<long long>(ids.size())};
    });
    register_job(*queue_, registry_, temp_.string());
  }

  std::vector<office::Row> rows_of(const std::string& bytes) {
    const auto path = temp_ / "read.xlsx";
    {
      std::ofstream out(path, std::ios::binary);
      out << bytes;
    }
    auto rows = office::read_rows(path.string(), "");
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? rows.value() : std::vector<office::Row>{};
  }

  //! Queues the demo export as `mine_` and runs it on this thread.
  std::int64_t run_export(const std::map<std::string, std::string>& query,
                          const std::vector<std::int64_t>& ids = {}) {
    const auto id = queue_->enqueue(
        sql(), mine_, "export",
        {{"type", "demo"}, {"params", request(query, ids, kStart - 3600).to_json()}}, clock_.now());
    EXPECT_EQ(queue_->claim(sql()), id);
    queue_->run(id);
    return id;
  }

  //! What `mine_` asks with `query` (its `ids` taken out) and the ticked `ids`.
  Request request(std::map<std::string, std::string> query, const std::vector<std::int64_t>& ids,
                  Timestamp now) {
    auto r = request_of(mine_, query, now);
    EXPECT_TRUE(r) << r.error().message;
    r.value().ids = ids;
    return r.value();
  }

  Registry registry_;
  Scope mine_, theirs_, seen_scope_;
  std::pair<std::string, int> peeked_;
};

TEST_P(ExportTest, AnExportedFileIsRemovedAfterItsRetentionAndTheJobSaysSo) {
  register_job(*queue_, registry_, temp_.string(), 24 * 3600);
  const auto id = run_export({{"rows", "3"}});
  const auto file = job(id)["resultFileId"].get<std::int64_t>();
  clock_.set(kStart + 23 * 3600);
  queue_->sweep(sql());
  EXPECT_EQ(job(id)["resultFileId"], file) << "kept for a day";
  clock_.set(kStart + 24 * 3600 + 1);
  queue_->sweep(sql());
  const auto expired = job(id);
  EXPECT_TRUE(expired["resultFileId"].is_null()) << expired.dump();
  EXPECT_EQ(expired["message"], kExpiredMessage);
  EXPECT_EQ(expired["state"], "succeeded");
  long long files = -1, chunks = -1, f = file;
  sql() << "SELECT COUNT(*) FROM files WHERE id = :f", soci::use(f), soci::into(files);
  sql() << "SELECT COUNT(*) FROM file_blocks WHERE file_id = :f", soci::use(f), soci::into(chunks);
  EXPECT_EQ(files + chunks, 0) << "the personal data is gone, not only hidden";
}

TEST_P(ExportTest, AJobRebuildsTheCallersScopeQueryAndTickedIds) {
  const auto asked =
      request_of(mine_, {{"name", "示范"}, {"ids", "4,9"}, {"planId", "12"}}, kStart);
  ASSERT_TRUE(asked) << asked.error().message;
  const auto params = asked->to_json();
  EXPECT_FALSE(params["query"].contains("ids")) << "the ticked ids travel apart from the filter";
  const Request request = Request::from_json(params);
  EXPECT_EQ(request.scope.account_id, mine_.account_id);
  EXPECT_EQ(request.scope.role, Role::college);
  EXPECT_EQ(request.scope.org_id, mine_.org_id);
  EXPECT_EQ(request.scope.org_name, "示范职业技术学院");
  EXPECT_EQ(request.scope.username, "shifan");
  EXPECT_EQ(request.scope.province_id, std::optional<std::int64_t>{7});
  EXPECT_FALSE(request.scope.is_admin());
  EXPECT_EQ(request.query.text("name"), "示范");
  EXPECT_EQ(request.query.integer("planId"), std::optional<std::int64_t>{12});
  EXPECT_EQ(request.ids, (std::vector<std::int64_t>{4, 9}));
  EXPECT_EQ(request.now, kStart);

  // Whatever the stored parameters say, a role it cannot read is the least privileged one.
  auto forged = params;
  forged["scope"]["role"] = "root";
  EXPECT_EQ(Request::from_json(forged).scope.role, Role::student);

  const auto bad = request_of(mine_, {{"ids", "4,x"}}, kStart);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "勾选的记录编号不正确");
}

TEST_P(ExportTest, RegistryBuildsARegisteredTypeAndRefusesAnUnknownOne) {
  auto spec = registry_.spec(sql(), "demo", request({{"rows", "3"}}, {}, kStart));
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(spec->title, "演示数据");
  EXPECT_EQ(spec->count, 3);
  auto bytes = write(spec.value(), temp_.string());
  ASSERT_TRUE(bytes) << bytes.error().message;
  const auto rows = rows_of(bytes.value());
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].cells, (std::vector<std::string>{"序号", "机构"}));
  EXPECT_EQ(rows[3].cells, (std::vector<std::string>{"3", "示范职业技术学院"}));

  auto unknown = registry_.spec(sql(), "nothing", request({}, {}, kStart));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "未知的导出类型：nothing");
  EXPECT_EQ(file_name("考生信息", kStart), "考生信息_20210918080000.xlsx");
}

TEST_P(ExportTest, TheJobWritesEveryRowWithProgressAndKeepsTheFileForItsOwner) {
  const auto id = run_export({{"rows", "1234"}});
  const auto done = job(id);
  EXPECT_EQ(done["state"], "succeeded") << done.dump();
  EXPECT_EQ(done["type"], "export");
  EXPECT_EQ(done["typeName"], "导出");
  EXPECT_EQ(done["progress"], 100);
  EXPECT_EQ(done["message"], "已完成");
  EXPECT_EQ(done["result"], (nlohmann::json{{"rows", 1234}}));
  // Named after the time of the request, not of the run.
  EXPECT_EQ(done["resultFileName"], "演示数据_20210918070000.xlsx");
  EXPECT_EQ(seen_scope_.org_id, mine_.org_id) << "the factory sees the caller's scope";

  const std::int64_t file_id = done["resultFileId"].get<std::int64_t>();
  auto info = files::info(sql(), mine_, file_id);
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->purpose, "export");
  EXPECT_EQ(info->account_id, mine_.account_id);
  EXPECT_EQ(info->content_type,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_FALSE(files::info(sql(), theirs_, file_id)) << "another college cannot read the file";
  EXPECT_FALSE(queue_->get(sql(), theirs_, id)) << "nor see the job";

  auto bytes = files::read(sql(), file_id);
  ASSERT_TRUE(bytes);
  const auto rows = rows_of(bytes.value());
  ASSERT_EQ(rows.size(), 1235u);
  EXPECT_EQ(rows[1234].cells, (std::vector<std::string>{"1234", "示范职业技术学院"}));
}

TEST_P(ExportTest, TheJobExportsOnlyTheTickedIds) {
  const auto done = job(run_export({{"rows", "50"}}, {31, 7, 12}));
  ASSERT_EQ(done["state"], "succeeded") << done.dump();
  EXPECT_EQ(done["result"], (nlohmann::json{{"rows", 3}}));
  const auto rows = rows_of(files::read(sql(), done["resultFileId"].get<std::int64_t>()).value());
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1].cells[0], "31");
  EXPECT_EQ(rows[3].cells[0], "12");
}

TEST_P(ExportTest, ARunningJobShowsItsTotalAndStopsWhenCancelled) {
  const auto done = job(run_export({{"rows", "5000"}, {"peekAt", "20"}, {"cancelAt", "50"}}));
  EXPECT_EQ(peeked_.first, "正在导出演示数据：共 5000 条");
  EXPECT_EQ(peeked_.second, 0);
  EXPECT_EQ(done["state"], "cancelled") << done.dump();
  EXPECT_TRUE(done["resultFileId"].is_null()) << "a cancelled export keeps no file";
  long long files = -1;
  sql() << "SELECT COUNT(*) FROM files WHERE purpose = 'export'", soci::into(files);
  EXPECT_EQ(files, 0);
}

TEST_P(ExportTest, AFactoryRefusalFailsTheJobWithItsMessage) {
  const auto done = job(run_export({{"name", "坏"}}));
  EXPECT_EQ(done["state"], "failed");
  EXPECT_EQ(done["error"], "查询条件不正确");
  EXPECT_TRUE(done["resultFileId"].is_null());
}

INSTANTIATE_TEST_SUITE_P(Engines, ExportTest, ::testing::ValuesIn(kaowu::testing::engines()));

}  // namespace
}  // namespace kaowu::exporting
