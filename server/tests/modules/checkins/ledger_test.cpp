// checkins::ledger, which score entry reads to default 缺考: after a slot, the candidates of a
// room-slot where check-in was used and who never checked in; a room-slot without any check-in
// (paper sheet) says nothing; and the times the 签到表 prints.
#include "modules/checkins/ledger.hpp"

#include <gtest/gtest.h>

#include "../../support/builder.hpp"
#include "../../support/test_db.hpp"
#include "modules/arrangements/ledger.hpp"
#include "modules/arrangements/service.hpp"
#include "modules/checkins/repository.hpp"
#include "modules/rooms/service.hpp"

namespace kaowu::checkins {
namespace {

Timestamp at(const char* text) {
  return *cst::parse(text);
}

class CheckinLedgerTest : public testing::JobDbTest {
 protected:
  void SetUp() override {
    if (!open(at("2021-08-20 09:00:00"))) return;
    testing::Builder make(sql(), clock_.now());
    org_ = make.org();
    college_ = make.college();
    const auto cert = make.certificate(org_, {{"50000002201", "网店运营推广(理论)", "机考+实操"},
                                              {"50000002202", "网店运营推广(实操)", "机考+实操"}});
    plan_id_ = make.plan(org_, cert, {college_});
    const auto site = make.site(college_, org_, cert);
    ASSERT_FALSE(HasFailure());
    auto room = rooms::service::create(sql(), make.actor(college_),
                                       {{"planId", plan_id_},
                                        {"siteId", site},
                                        {"certificateId", cert.id},
                                        {"name", "一号机房"},
                                        {"types", {"机考+实操"}},
                                        {"seats", 30},
                                        {"region", "北京市北京市海淀区"},
                                        {"address", "教学楼"}},
                                       clock_.now());
    ASSERT_TRUE(room) << room.error().message;
    clock_.set(at("2021-09-02 10:00:00"));
    testing::Builder later(sql(), clock_.now());
    for (const char* id : {"110101199003070011", "110101199104080038", "110101199205090054"})
      later.registrations(college_, plan_id_, later.student(college_, id), cert.level_id);
    ASSERT_FALSE(HasFailure());
    clock_.set(at("2021-09-06 10:00:00"));
    audit::Actor actor{&org_, "", "127.0.0.1", ""};
    auto started =
        arrangements::service::start(sql(), *queue_, actor, {{"planId", plan_id_}}, clock_.now());
    ASSERT_TRUE(started) << started.error().message;
    queue_->register_type(arrangements::service::kJobType, "排考", arrangements::service::run_job);
    auto claimed = queue_->claim(sql());
    ASSERT_TRUE(claimed);
    queue_->run(*claimed);
  }

  // Every placement of the plan, by slot then seat.
  std::vector<arrangements::ledger::Seated> placements(Timestamp when) {
    return arrangements::ledger::ended_in_plan(sql(), plan_id_, when);
  }

  void check_in(const arrangements::ledger::Seated& s, Timestamp when) {
    repository::Checkin c;
    c.arrangement_id = s.arrangement_id;
    c.registration_id = s.registration_id;
    c.room_id = s.room_id;
    c.slot_start = s.start;
    c.ticket_no = s.ticket_no;
    c.method = "typed";
    c.invigilator_id = 1;
    c.account_id = 1;
    c.checked_in_at = when;
    repository::insert(sql(), c);
  }

  Scope org_, college_;
  std::int64_t plan_id_ = 0;
};

TEST_P(CheckinLedgerTest, AbsentAreThoseNotCheckedInWhereCheckInWasUsedOnceTheSlotEnded) {
  if (IsSkipped() || HasFatalFailure()) return;
  const auto all = placements(at("2030-01-01 00:00:00"));
  ASSERT_GE(all.size(), 6u) << "three candidates, two subjects each";
  const Timestamp first_start = all.front().start, first_end = all.front().end;
  std::vector<arrangements::ledger::Seated> first_slot;
  for (const auto& s : all)
    if (s.start == first_start) first_slot.push_back(s);
  ASSERT_EQ(first_slot.size(), 3u);
  check_in(first_slot[0], first_start - 600);
  check_in(first_slot[1], first_start - 300);

  // While the slot runs nobody is absent yet.
  EXPECT_TRUE(ledger::absent_of(sql(), plan_id_, first_end - 1).empty());
  // Once it ended, the third candidate of that room-slot is; the later slot, where nobody was
  // checked in, says nothing even after it ended.
  EXPECT_EQ(ledger::absent_of(sql(), plan_id_, first_end),
            std::set<std::int64_t>{first_slot[2].registration_id});
  EXPECT_EQ(ledger::absent_of(sql(), plan_id_, at("2030-01-01 00:00:00")),
            std::set<std::int64_t>{first_slot[2].registration_id});

  const auto arrived = ledger::arrivals(sql(), first_slot[0].room_id, first_start);
  EXPECT_EQ(arrived,
            (std::map<std::string, Timestamp>{{first_slot[0].ticket_no, first_start - 600},
                                              {first_slot[1].ticket_no, first_start - 300}}));
}

INSTANTIATE_TEST_SUITE_P(Engines, CheckinLedgerTest, ::testing::ValuesIn(testing::engines()));

}  // namespace
}  // namespace kaowu::checkins
