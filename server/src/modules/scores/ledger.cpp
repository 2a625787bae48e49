#include "modules/scores/ledger.hpp"

#include "modules/scores/repository.hpp"

namespace kaowu::scores::ledger {

void lock_plan(soci::session& sql, std::int64_t plan_id, Timestamp now) {
  repository::hold_plan(sql, plan_id);
  long long plan = plan_id, at = now;
  sql << "INSERT INTO score_locks(plan_id, locked_at) VALUES(:p, :t) ON CONFLICT (plan_id) DO "
         "NOTHING",
      soci::use(plan), soci::use(at);
}

std::vector<Score> of_plan(soci::session& sql, std::int64_t plan_id) {
  std::vector<Score> out;
  for (const auto& s : repository::of_plan(sql, plan_id)) {
    out.push_back({s.registration_id, s.tenths, s.absent});
  }
  return out;
}

std::vector<SubjectScore> of_candidate(soci::session& sql, std::int64_t plan_id,
                                       std::int64_t student_id, std::int64_t level_id,
                                       Timestamp now) {
  Scope all;
  all.role = Role::admin;
  Filter f;
  f.plan_id = plan_id;
  auto q = repository::query(all, f, {}, now);
  q.where("r.student_id = " + q.param(static_cast<long long>(student_id)));
  q.where("r.level_id = " + q.param(static_cast<long long>(level_id)));
  std::vector<SubjectScore> out;
  q.each(sql, repository::kSelect, "ORDER BY su.code, r.id", [&](const db::Row& row) {
    const Row r = repository::row_of(row);
    SubjectScore s;
    s.registration_id = r.id;
    s.subject_code = r.subject_code;
    s.subject_name = r.subject_name;
    s.mode = r.mode;
    s.full_mark = r.full_mark;
    s.pass_mark = r.pass_mark;
    s.entered = r.score_id.has_value();
    s.absent = r.absent;
    s.tenths = r.absent ? std::nullopt : r.tenths;
    s.published = published(r.windows, now);
    out.push_back(std::move(s));
  });
  return out;
}

}  // namespace kaowu::scores::ledger
