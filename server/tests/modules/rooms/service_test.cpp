#include "modules/rooms/service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "../../support/test_db.hpp"
#include "modules/arrangements/repository.hpp"
#include "modules/certificates/service.hpp"
#include "modules/organizations/repository.hpp"
#include "modules/plans/repository.hpp"
#include "modules/plans/service.hpp"
#include "modules/registrations/ledger.hpp"
#include "modules/rooms/ledger.hpp"
#include "modules/sites/service.hpp"

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
    const Timestamp now = at("2021-08-20 09:00:00");
    org_ = scope(add_org("org", "中联集团教育科技有限公司"), Role::org, "中联集团教育科技有限公司");
    college_ = scope(add_org("college", "北京科技大学"), Role::college, "北京科技大学");
    auto cert = certificates::service::create(sql, actor(org_),
                                              {{"code", "50000002"},
                                               {"name", "网店运营推广职业技能等级证书"},
                                               {"levels",
                                                {{{"level", "初级"},
                                                  {"subjects",
                                                   {{{"code", "50000002202"},
                                                     {"name", "实操"},
                                                     {"mode", "机考+实操"},
                                                     {"durationMinutes", 60},
                                                     {"fullMark", 100},
                                                     {"passMark", 60}}}}}}}},
                                              now);
    ASSERT_TRUE(cert) << cert.error().message;
    cert_id_ = cert->id;
    level_id_ = cert->levels[0].id;
    subject_id_ = cert->levels[0].subjects[0].id;
    auto plan = plans::service::create(sql, actor(org_),
                                       {{"name", "2021年9月第一批网店考试"},
                                        {"mode", "certificate"},
                                        {"windows",
                                         {{"registrationStart", "2021-09-01 00:00"},
                                          {"registrationEnd", "2021-09-10 18:00"},
                                          {"arrangingStart", "2021-09-05 00:00"},
                                          {"arrangingEnd", "2021-09-15 18:00"},
                                          {"scoreStart", "2021-09-19 00:00"},
                                          {"scoreEnd", "2021-09-25 18:00"},
                                          {"publicityStart", "2021-09-26 00:00"},
                                          {"publicityEnd", "2021-10-05 18:00"}}},
                                        {"levelIds", {level_id_}},
                                        {"subjects",
                                         {{{"subjectId", subject_id_},
                                           {"start", "2021-09-18 08:00"},
                                           {"end", "2021-09-18 09:00"}}}},
                                        {"collegeIds", {college_.org_id}}},
                                       now);
    ASSERT_TRUE(plan) << plan.error().message;
    plans::repository::set_status(sql, plan->id, "published", now);
    plan_id_ = plan->id;
    auto site = sites::service::apply(
        sql, actor(college_),
        {{"certificateId", cert_id_}, {"region", "北京市北京市海淀区"}, {"address", "学院路30号"}}, now);
    ASSERT_TRUE(site) << site.error().message;
    ASSERT_TRUE(sites::service::approve(sql, actor(org_), site->id, nlohmann::json::object(), now));
    site_id_ = site->id;
  }
  void TearDown() override {
    sql_.reset();
    DbTest::TearDown();
  }

  std::int64_t add_org(const std::string& type, const std::string& name) {
    organizations::Organization o;
    o.type = type;
    o.name = name;
    o.created_at = o.updated_at = 1;
    return organizations::repository::insert(*sql_, o);
  }
  static Scope scope(std::int64_t id, Role role, const std::string& name) {
    Scope s;
    s.role = role;
    s.org_id = id;
    s.org_name = name;
    s.username = "test";
    return s;
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
    long long college = college_.org_id, id = 0;
    std::string no = id_number.substr(0, 14), idn = id_number;
    *sql_ << "INSERT INTO students(college_id, student_no, name, gender, id_number, birth_date, "
             "type, major, class_name, "
             "phone, version, created_at, updated_at) VALUES(:c, :no, '王小二', '男', :i, "
             "'1990-03-07', '院校考生', "
             "'电子商务', '', '', 1, 1, 1) RETURNING id",
        soci::use(college), soci::use(no), soci::use(idn), soci::into(id);
    return id;
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
  EXPECT_EQ(race(deleted,
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
