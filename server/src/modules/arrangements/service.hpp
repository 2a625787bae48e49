#pragma once

// 排考管理 (seed 5.2.8, rules SCH-1..3): the organisation arranges a plan (all of it, one subject
// or one site) as a job; colleges follow the state of each subject (考核站点编排), the rooms
// (考场编排) and each candidate's seat (排考明细); students see their own exams.

#include <soci/soci.h>

#include <nlohmann/json.hpp>

#include "core/audit.hpp"
#include "core/auth/scope.hpp"
#include "core/jobs/job_queue.hpp"
#include "exchange/exports.hpp"
#include "modules/arrangements/model.hpp"

namespace kaowu::arrangements::service {

//! The job type of an arrangement run.
inline constexpr const char* kJobType = "arrangement";

//! 开始排考: body {planId, subjectId?, siteId?}. Refused outside the plan's 排考 window, for
//! another organisation's plan, and while a run of the plan is still going (SCH-2: never two at
//! once). Answers {run, job}.
Result<nlohmann::json> start(soci::session& sql, jobs::JobQueue& jobs, const audit::Actor& actor,
                             const nlohmann::json& body, Timestamp now);
//! The job: reads the plan's registrations, rooms, sites and certified invigilators, runs the
//! engine keeping every earlier placement, and writes the new placements, 准考证号, room-slots,
//! invigilators and the run's outcome in one transaction.
Status run_job(jobs::JobContext& job);
//! Checks the stored arrangement of a plan against every rule the engine keeps
//! (schedule::validate): seats and capacity, room types, time clashes, one site per candidate,
//! staffing. Answers the broken rules in Chinese; empty when the stored result is sound.
Result<std::vector<std::string>> check_stored(soci::session& sql, std::int64_t plan_id);
//! The runs of a plan, newest first, and one run with what it could not place (with reasons).
Result<nlohmann::json> runs(soci::session& sql, const Scope& scope, std::int64_t plan_id);
Result<nlohmann::json> run_detail(soci::session& sql, const Scope& scope, std::int64_t run_id);
//! 清空排考 of one subject or one site: body {planId, subjectId | siteId}. Refused once any of
//! the affected exams has started or while a run is going.
Result<nlohmann::json> clear(soci::session& sql, const audit::Actor& actor,
                             const nlohmann::json& body, Timestamp now);

//! Manual adjustments before the subject's exam starts, each checked against SCH-2.
//! move: body {roomId, seatNo}; swap: body {otherId}; unplace; invigilators: body {ids}.
Result<nlohmann::json> move(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                            const nlohmann::json& body, Timestamp now);
Result<nlohmann::json> swap(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                            const nlohmann::json& body, Timestamp now);
Result<nlohmann::json> unplace(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                               Timestamp now);
Result<nlohmann::json> set_invigilators(soci::session& sql, const audit::Actor& actor,
                                        std::int64_t room_slot_id, const nlohmann::json& body,
                                        Timestamp now);

//! 考核站点编排: one row per plan subject the caller may see, with SCH-1's state.
nlohmann::json subjects(soci::session& sql, const Scope& scope, const SubjectFilter& f, int page,
                        int page_size, Timestamp now);
exporting::ExportSpec subjects_export(soci::session& sql, const Scope& scope,
                                      const SubjectFilter& f, const std::vector<std::int64_t>& ids,
                                      Timestamp now);
//! 考点编排明细 of one plan subject: per site, its rooms, seats and candidates.
Result<nlohmann::json> subject_sites(soci::session& sql, const Scope& scope, std::int64_t plan_id,
                                     std::int64_t subject_id);

//! 考场编排: the room-slots holding candidates the caller may see.
nlohmann::json room_slots(soci::session& sql, const Scope& scope, const RoomSlotFilter& f, int page,
                          int page_size);
exporting::ExportSpec room_slots_export(soci::session& sql, const Scope& scope,
                                        const RoomSlotFilter& f,
                                        const std::vector<std::int64_t>& ids);
//! One room-slot: the room, its invigilators and patrols, and its candidates in seat order (a
//! college sees the other colleges' candidates of a shared room by name and seat only).
Result<nlohmann::json> room_slot(soci::session& sql, const Scope& scope, std::int64_t id);

//! 排考明细: one row per arranged candidate-subject the caller may see.
nlohmann::json details(soci::session& sql, const Scope& scope, const DetailFilter& f, int page,
                       int page_size);
exporting::ExportSpec details_export(soci::session& sql, const Scope& scope, const DetailFilter& f,
                                     const std::vector<std::int64_t>& ids);

//! 我的考试: a student's registrations with their state, and once arranged the room, seat, time
//! and 准考证号.
Result<nlohmann::json> my_exams(soci::session& sql, const Scope& scope, Timestamp now);

//! The JSON schemas of the answers above, for the OpenAPI document.
nlohmann::json subject_row_schema();
nlohmann::json room_slot_row_schema();
nlohmann::json detail_row_schema();
nlohmann::json run_schema();
//! One arrangement as the manual moves answer it; one room-slot with its seats.
nlohmann::json arrangement_schema();
nlohmann::json room_slot_detail_schema();
nlohmann::json subject_sites_schema();
//! The figures of a run (its job's result and the run's summary).
nlohmann::json run_summary_schema();

}  // namespace kaowu::arrangements::service
