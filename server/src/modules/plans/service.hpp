#pragma once

#include <soci/soci.h>

#include "core/audit.hpp"
#include "core/error.hpp"
#include "modules/plans/model.hpp"

namespace kaowu::plans::service {

//! Organisations see their own plans (drafts too); colleges the published plans they take part
//! in; provinces those of their colleges; admins all.
nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size, Timestamp now);
Result<Plan> get(soci::session& sql, const Scope& scope, std::int64_t id);

// For other modules (rooms, registrations, payments): plans with certificate and subject names,
// without a caller's scope — the calling module decides who may see what.
//! The plan with names filled, whatever its status.
std::optional<Plan> find(soci::session& sql, std::int64_t id);
//! The published plans that list the college among their participants, newest first.
std::vector<Plan> of_college(soci::session& sql, std::int64_t college_id);

Result<Plan> create(soci::session& sql, const audit::Actor& actor, const nlohmann::json& body,
                    Timestamp now);
//! Drafts change freely. Published plans: levels and subjects only before registration opens;
//! a window or exam slot that has started stays as it is, one that has not may only move later.
Result<Plan> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                    const nlohmann::json& body, Timestamp now);
Result<Plan> publish(soci::session& sql, const audit::Actor& actor, std::int64_t id, Timestamp now);
Result<Plan> cancel(soci::session& sql, const audit::Actor& actor, std::int64_t id, Timestamp now);
//! A new draft with the same content, named 「…（副本）」.
Result<Plan> copy(soci::session& sql, const audit::Actor& actor, std::int64_t id, Timestamp now);

}  // namespace kaowu::plans::service
