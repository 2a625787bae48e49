#include "modules/arrangements/service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "../../support/builder.hpp"
#include "../../support/test_db.hpp"
#include "modules/arrangements/model.hpp"
#include "modules/rooms/service.hpp"

namespace kaowu::arrangements {
namespace {

Timestamp at(const char* text) {
  return *cst::parse(text);
}

TEST(ArrangementModel, SCH1_StateAtTheSecondBeforeAndAfterEachWindowEdge) {
  const Timestamp start = at("2021-09-05 00:00:00"), end = at("2021-09-15 18:00:00");
  EXPECT_EQ(subject_state(start, end, 3, 0, start - 1), SubjectState::not_started);
  EXPECT_EQ(subject_state(start, end, 3, 0, start), SubjectState::unarranged);
  EXPECT_EQ(subject_state(start, end, 3, 1, start + 1), SubjectState::arranging);
  EXPECT_EQ(subject_state(start, end, 3, 3, end - 1), SubjectState::arranged);
  EXPECT_EQ(subject_state(start, end, 3, 3, end), SubjectState::ended);
  EXPECT_EQ(subject_state(start, end, 3, 0, end + 1), SubjectState::ended);
  EXPECT_EQ(subject_state(start, end, 0, 0, start), SubjectState::unarranged)
      << "nobody registered yet: nothing arranged";
  EXPECT_STREQ(state_name(SubjectState::arranged), "已排完");
}

TEST(ArrangementModel, TicketNumberHasTheSeedsTwentyFiveDigitLayout) {
  // 2021-09-16, site 26, 初级, plan 7, sequence 9 → the seed's sample 2021091600261100000070009
  // has the same date, site and plan fields (its level digits read 11).
  const std::string prefix = ticket_prefix(at("2021-09-16 08:00:00"), 26, "初级", 7);
  EXPECT_EQ(prefix, "2021091600260100007");
  const std::string no = ticket_number(prefix, 9);
  EXPECT_EQ(no, "2021091600260100007000009");
  EXPECT_EQ(no.size(), 25u);
  EXPECT_EQ(ticket_sequence(no), 9);
  EXPECT_EQ(ticket_prefix(at("2021-09-16 08:00:00"), 123456, "高级", 1234567),
            "2021091634560334567")
      << "site and plan numbers keep their last digits";
}

//! A plan with one room and three registered students; the job queue is not started, so a run
//! stays queued and holds the plan.
class ArrangementServiceTest : public testing::JobDbTest {
 protected:
  void SetUp() override {
    if (!open(at("2021-08-20 09:00:00"))) return;
    testing::Builder make(sql(), clock_.now());
    org_ = make.org();
    make.account(org_, "zhonglian");
    college_ = make.college();
    const auto cert = make.certificate(org_);
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
  }

  Scope org_, college_;
  std::int64_t plan_id_ = 0;
};

TEST_P(ArrangementServiceTest, SCH2_TwoRunsOfOnePlanStartedAtOnceOneIsRefused) {
  if (IsSkipped()) return;
  std::atomic<int> ready{0};
  Result<nlohmann::json> results[2] = {err::internal(), err::internal()};
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      db::Lease lease(*database_);
      audit::Actor actor{&org_, "", "127.0.0.1", ""};
      ++ready;
      while (ready.load() < 2) std::this_thread::yield();
      try {
        results[i] = service::start(*lease, *queue_, actor, {{"planId", plan_id_}}, clock_.now());
      } catch (const std::exception& e) {
        ADD_FAILURE() << "start threw: " << e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  const int started = (results[0] ? 1 : 0) + (results[1] ? 1 : 0);
  ASSERT_EQ(started, 1) << (results[0] ? "" : results[0].error().message) << " / "
                        << (results[1] ? "" : results[1].error().message);
  const auto& refused = results[0] ? results[1] : results[0];
  EXPECT_EQ(refused.error().kind, ErrorKind::conflict);
  EXPECT_EQ(refused.error().message, "该考试计划正在排考，请等本次排考完成后再试");
  int running = 0;
  sql() << "SELECT COUNT(*) FROM arrangement_runs WHERE state = 'running'", soci::into(running);
  EXPECT_EQ(running, 1);

  // While the first is queued a third start is refused as well; once its job is gone (cancelled
  // here, a dead worker in life) the plan is free again.
  audit::Actor actor{&org_, "", "127.0.0.1", ""};
  auto third = service::start(sql(), *queue_, actor, {{"planId", plan_id_}}, clock_.now());
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().message, "该考试计划正在排考，请等本次排考完成后再试");
  const auto& first = results[0] ? results[0] : results[1];
  const std::int64_t job = first.value()["job"]["id"];
  ASSERT_TRUE(queue_->cancel(sql(), org_, job, actor));
  auto again = service::start(sql(), *queue_, actor, {{"planId", plan_id_}}, clock_.now());
  ASSERT_TRUE(again) << again.error().message;
  auto runs = service::runs(sql(), org_, plan_id_);
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->at("items").size(), 2u);
  EXPECT_EQ(runs->at("items")[1]["stateName"], "失败") << "the cancelled run is shown as failed";
}

TEST_P(ArrangementServiceTest, SCH2_ARunPlacesEveryoneAndWritesTicketsOncePerCandidate) {
  if (IsSkipped()) return;
  audit::Actor actor{&org_, "", "127.0.0.1", ""};
  auto started = service::start(sql(), *queue_, actor, {{"planId", plan_id_}}, clock_.now());
  ASSERT_TRUE(started) << started.error().message;
  const std::int64_t job = started.value()["job"]["id"];
  queue_->register_type(service::kJobType, "排考", service::run_job);
  auto claimed = queue_->claim(sql());
  ASSERT_TRUE(claimed);
  queue_->run(*claimed);
  EXPECT_EQ(this->job(job)["state"], "succeeded") << this->job(job).dump();
  int arranged = 0, tickets = 0, slots = 0;
  sql() << "SELECT COUNT(*) FROM arrangements", soci::into(arranged);
  sql() << "SELECT COUNT(*) FROM tickets", soci::into(tickets);
  sql() << "SELECT COUNT(*) FROM room_slots", soci::into(slots);
  EXPECT_EQ(arranged, 3);
  EXPECT_EQ(tickets, 3);
  EXPECT_EQ(slots, 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, ArrangementServiceTest,
                         ::testing::ValuesIn(kaowu::testing::engines()));

}  // namespace
}  // namespace kaowu::arrangements
