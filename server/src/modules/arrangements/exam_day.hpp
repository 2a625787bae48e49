#pragma once

// The exam-day documents of 考场编排 (seed 5.2.8.2, SCH-3) from the stored arrangement: 考场门贴,
// 考场桌贴, 考场签到表 of one room-slot or of every room-slot of a site or plan (a job), 准考证 as
// a zip of one PDF per candidate and as one PDF for printing, the student's own ticket, and the
// public check of a ticket's QR code.

#include <soci/soci.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/auth/scope.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/http/message.hpp"
#include "core/jobs/job_queue.hpp"

namespace kaowu::arrangements::exam_day {

//! Which document: door 门贴, desk 桌贴, sign 签到表, tickets 准考证 (a zip of PDFs), tickets_pdf
//! (one PDF of every ticket).
enum class Kind { door, desk, sign, tickets, tickets_pdf };
std::optional<Kind> parse_kind(const std::string& code);
const char* kind_name(Kind kind);

//! One room-slot's document, answered as a download. A college's desk stickers and tickets hold
//! its own candidates only; the door poster and the sign-in sheet print every candidate of the
//! room, as the seed's layouts do.
Result<http::Response> room_slot_document(soci::session& sql, const Scope& scope,
                                          std::int64_t room_slot_id, Kind kind,
                                          const std::string& base_url, Timestamp now,
                                          const std::string& temp_dir);

//! The job type that writes a document for every room-slot of a plan, or of one site of it.
inline constexpr const char* kJobType = "arrangement_documents";
//! Queues it: body {planId, siteId?, kind}. Answers the job.
Result<nlohmann::json> start_job(soci::session& sql, jobs::JobQueue& jobs, const Scope& scope,
                                 const nlohmann::json& body, const std::string& base_url,
                                 Timestamp now);
Status run_job(jobs::JobContext& job, const std::string& temp_dir);

//! The signed-in student's own 准考证 of a plan, as a PDF.
Result<http::Response> own_ticket(soci::session& sql, const Scope& scope, std::int64_t plan_id,
                                  const std::string& base_url, Timestamp now,
                                  const std::string& temp_dir);

//! The public check behind a ticket's QR code: valid, or forged, changed since it was printed,
//! or outdated; with the masked name, the plan and the subjects' rooms and seats when genuine.
nlohmann::json verify(soci::session& sql, const std::string& token, Timestamp now);
nlohmann::json verify_schema();

//! Where the QR code of a ticket points, for a request that came to `host` (the Host header).
std::string base_url_of(const http::Request& req);

}  // namespace kaowu::arrangements::exam_day
