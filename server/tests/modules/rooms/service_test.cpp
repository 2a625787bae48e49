#include "modules/rooms/service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "../../support/builder.hpp"
#include "../../support/test_db.hpp"
#include "modules/arrangements/repository.hpp"
#include "modules/plans/repository.hpp"
#include "modules/registrations/ledger.hpp"
#include "modules/rooms/ledger.hpp"

namespace kaowu::rooms {
namespace {

Timestamp at(const char* text) {
  return *cst::parse(text);
}

//! An organisation with a certificate and a published plan, a college with an approved site, and
//! rooms made through the service; arrangements are placed with the arrangement repository.
class RoomsServiceTest : public testing::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    sql_ = std::make_unique<soci::session>(database_->pool());
    auto& sql = *sql_;
    testing::Builder make(sql, at("2021-08-20 09:00:00"));
    org_ = make.org();
    college_ = make.college();
    const auto cert = make.certificate(org_);
    ASSERT_FALSE(HasFailure());
    cert_id_ = cert.id;
    level_id_ = cert.level_id;
    subject_id_ = cert.subject_ids[0];
    plan_id_ = make.plan(org_, cert, {college_});
    site_id_ = make.site(college_, org_, cert);
    ASSERT_FALSE(HasFailure());
  }

  void TearDown() override {
    sql_.reset();
    DbTest::TearDown();
  }

  audit::Actor actor(const Scope& s) { return audit::Actor{&s, "", "127.0.0.1", ""}; }

  Room add_room(const std::string& name, Timestamp now) {
    auto r = service::create(*sql_, actor(college_),
                             {{"planId", plan_id_},
                              {"siteId", site_id_},
                              {"certificateId", cert_id_},
                              {"name", name},
                              {"types", {"机考"}},
                              {"seats", 10},
                              {"region", "北京市北京市海淀区"},
                              {"address", "主楼"}},
                             now);
    EXPECT_TRUE(r) << r.error().message;
    return r ? r.value() : Room{};
  }

  //! Registers a candidate and places it in the room for the subject's slot.
  void arrange(const Room& room, std::int64_t student_id, int seat, Timestamp now) {
    registrations::ledger::Ref ref;
    ref.plan_id = plan_id_;
    ref.college_id = college_.org_id;
    ref.student_id = student_id;
    ref.certificate_id = cert_id_;
    ref.level_id = level_id_;
    ref.subject_id = subject_id_;
    ref.mode = "certificate";
    ref.id = registrations::ledger::insert(*sql_, ref, now);
    arrangements::repository::Arrangement a;
    a.plan_id = plan_id_;
    a.registration_id = ref.id;
    a.room_id = room.id;
    a.site_id = site_id_;
    a.slot_start = at("2021-09-18 08:00:00");
    a.slot_end = at("2021-09-18 09:00:00");
    a.seat_no = seat;
    a.ticket_no = "2021091800010100000010000" + std::to_string(seat);
    arrangements::repository::insert(*sql_, a, now);
  }

  std::int64_t add_student(const std::string& id_number) {
    return testing::Builder(*sql_, 1).student(college_, id_number);
  }

  std::vector<std::string> names_in(const std::string& state, Timestamp now) {
    Filter f;
    f.state = state;
    std::vector<std::string> out;
    const auto page = service::list(*sql_, college_, f, 1, 50, now);
    for (const auto& item : page["items"]) out.push_back(item["name"]);
    return out;
  }

  std::unique_ptr<soci::session> sql_;
  Scope org_, college_;
  std::int64_t cert_id_ = 0, level_id_ = 0, subject_id_ = 0, plan_id_ = 0, site_id_ = 0;
};

// 15.7: with a second certificate whose site is listed first, the example row still pairs the plan
// with its own certificate and a site for it, so the row with only 考场名称 changed imports.
TEST_P(RoomsServiceTest, Item15_7_TheTemplatesExampleRowImportsWithOnlyTheNameChanged) {
  testing::Builder make(*sql_, at("2021-08-20 09:00:00"));
  const auto java = make.certificate(org_, {{"50000009101", "JAVA应用开发(实操)", "机考"}},
                                     "50000009", "JAVA应用开发职业技能等级证书", {"软件技术"});
  make.site(college_, org_, java);
  ASSERT_FALSE(HasFailure());
  const Timestamp now = at("2021-09-06 10:00:00");
  const auto spec = service::room_import(*sql_, {{"orgId", college_.org_id},
                                                 {"now", now},
                                                 {"accountId", 0},
                                                 {"username", "test"},
                                                 {"displayName", ""}});
  ASSERT_TRUE(spec) << spec.error().message;
  ASSERT_GE(spec->columns[1].options.size(), 2u) << "both sites are offered";
  std::vector<std::string> row;
  for (const auto& c : spec->columns) row.push_back(c.example);
  EXPECT_EQ(row[8], "网店运营推广职业技能等级证书");
  row[3] = "示例考场甲";
  // As the import job does: the rows inside one transaction.
  const Status imported =
      db::write_tx(*sql_, [&]() -> Status { return imports::apply_one(*sql_, spec.value(), row); });
  EXPECT_TRUE(imported) << imported.error().message;
  EXPECT_EQ(names_in("", now), (std::vector<std::string>{"示例考场甲"}));
}

TEST_P(RoomsServiceTest, StateFollowsTheArrangementsAndTheLastExamEnd) {
  const Timestamp now = at("2021-09-06 10:00:00");
  const Room busy = add_room("中联考场", now);
  const Room idle = add_room("备用考场", now);
  arrange(busy, add_student("110101199003070011"), 1, now);
  arrange(busy, add_student("110101200001010029"), 2, now);
  const Timestamp end = at("2021-09-18 09:00:00");

  auto got = service::get(*sql_, college_, busy.id, end - 1);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->state, State::arranging);
  EXPECT_EQ(got->arranged, 2);
  EXPECT_EQ(names_in("arranging", end - 1), std::vector<std::string>{"中联考场"});
  EXPECT_EQ(names_in("unarranged", end - 1), std::vector<std::string>{"备用考场"});
  EXPECT_TRUE(names_in("finished", end - 1).empty());

  // After the plan's last exam every room is 已结束, the one nobody sat in too.
  EXPECT_EQ(service::get(*sql_, college_, busy.id, end)->state, State::finished);
  EXPECT_EQ(service::get(*sql_, college_, idle.id, end)->state, State::finished);
  EXPECT_EQ(names_in("finished", end + 1), (std::vector<std::string>{"中联考场", "备用考场"}));
  EXPECT_TRUE(names_in("arranging", end + 1).empty());
  EXPECT_TRUE(names_in("unarranged", end + 1).empty());

  // After the plan's publicity ends every room is 已结束, arranged or not.
  const Timestamp over = at("2021-10-06 00:00:00");
  EXPECT_EQ(service::get(*sql_, college_, idle.id, over)->state, State::finished);
  EXPECT_EQ(names_in("finished", over), (std::vector<std::string>{"中联考场", "备用考场"}));
  EXPECT_TRUE(names_in("unarranged", over).empty());
}

TEST_P(RoomsServiceTest, ARoomBeingArrangedOnlyTakesMoreSeatsAndCannotBeDeleted) {
  const Timestamp now = at("2021-09-06 10:00:00");
  const Room room = add_room("中联考场", now);
  arrange(room, add_student("110101199003070011"), 1, now);
  auto rename = service::update(*sql_, actor(college_), room.id,
                                {{"name", "新名字"}, {"version", room.version}}, now);
  ASSERT_FALSE(rename);
  EXPECT_EQ(rename.error().kind, ErrorKind::conflict);
  auto fewer = service::update(*sql_, actor(college_), room.id,
                               {{"seats", 9}, {"version", room.version}}, now);
  ASSERT_FALSE(fewer);
  EXPECT_EQ(fewer.error().kind, ErrorKind::conflict);
  auto more = service::update(*sql_, actor(college_), room.id,
                              {{"seats", 12}, {"version", room.version}}, now);
  ASSERT_TRUE(more) << more.error().message;
  EXPECT_EQ(more->seats, 12);
  auto stale = service::remove(*sql_, actor(college_), {room.id, room.version}, now);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().message, "考场「中联考场」已被他人修改，请刷新后再删除");
  auto removed = service::remove(*sql_, actor(college_), {room.id, more->version}, now);
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().message, "考场「中联考场」已有考生排考（排考中），不能删除");
  // The organisation sees the room; it cannot change it (not its college).
  EXPECT_TRUE(service::get(*sql_, org_, room.id, now));
  EXPECT_EQ(service::remove(*sql_, actor(org_), {room.id, more->version}, now).error().kind,
            ErrorKind::not_found);
}

// Review #2: while the arrangement writer holds the room (ledger::lock_for_arrangement) and has
// not committed, a change of the room waits, then sees the room 排考中.
TEST_P(RoomsServiceTest, ChangesWaitForAnArrangementBeingWrittenIntoTheRoom) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "SQLite serialises write transactions itself";
  using namespace std::chrono_literals;
  const Timestamp now = at("2021-09-06 10:00:00");
  EXPECT_FALSE(ledger::lock_for_arrangement(*sql_, 999999)) << "no such room";
  const Room deleted = add_room("删除考场", now);
  const Room shrunk = add_room("减座考场", now);
  int seat = 0;
  // Runs `change` on another session while this one has placed a candidate, uncommitted.
  auto race = [&](const Room& room, auto change) -> std::string {
    *sql_ << "BEGIN";
    EXPECT_TRUE(ledger::lock_for_arrangement(*sql_, room.id));
    const auto student = add_student(seat == 0 ? "110101199003070011" : "110101200001010029");
    arrange(room, student, ++seat, now);
    std::atomic<bool> done{false};
    std::string outcome;
    std::thread other([&] {
      try {
        soci::session s(database_->pool());
        outcome = change(s);
      } catch (const std::exception& e) {
        outcome = std::string("exception: ") + e.what();
      }
      done = true;
    });
    std::this_thread::sleep_for(300ms);
    EXPECT_FALSE(done.load()) << "the change did not wait for the room lock";
    *sql_ << "COMMIT";
    other.join();
    return outcome;
  };
  EXPECT_EQ(
      race(deleted,
           [&](soci::session& s) {
             auto st = service::remove(s, actor(college_), {deleted.id, deleted.version}, now);
             return st ? std::string("deleted") : st.error().message;
           }),
      "考场「删除考场」已有考生排考（排考中），不能删除");
  EXPECT_EQ(race(shrunk,
                 [&](soci::session& s) {
                   auto r = service::update(s, actor(college_), shrunk.id,
                                            {{"seats", 5}, {"version", shrunk.version}}, now);
                   return r ? std::string("updated") : r.error().message;
                 }),
            "考场「减座考场」已有考生排考（排考中），考位数只能增加，不能少于原来的 10 个");
}

INSTANTIATE_TEST_SUITE_P(Engines, RoomsServiceTest, ::testing::ValuesIn(kaowu::testing::engines()));

}  // namespace
}  // namespace kaowu::rooms
