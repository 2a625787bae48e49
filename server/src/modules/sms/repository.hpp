#pragma once

#include <soci/soci.h>

#include <map>
#include <optional>
#include <vector>

#include "modules/sms/model.hpp"

namespace kaowu::sms::repository {

std::int64_t insert(soci::session& sql, const Message& m, std::int64_t next_attempt_ms);
std::optional<Message> find(soci::session& sql, std::int64_t id);
//! Messages of a college (or all), newest first.
std::vector<Message> list(soci::session& sql, std::optional<std::int64_t> college_id,
                          const Filter& f, int page, int page_size, long long* total);
//! Messages to `phone`, and of `college_id`, created at or after `since`.
long long count_to_phone(soci::session& sql, const std::string& phone, Timestamp since);
long long count_of_college(soci::session& sql, std::int64_t college_id, Timestamp since);
//! The newest message about each subject of `ids` with template `template_code`.
std::map<std::int64_t, Message> latest(soci::session& sql, const std::string& subject_type,
                                       const std::vector<std::int64_t>& ids,
                                       const std::string& template_code);

//! Up to `limit` messages due for a try at `now_ms` (queued ones, and sending ones whose sender
//! has not answered for `stale_ms`), oldest first.
std::vector<std::int64_t> due(soci::session& sql, std::int64_t now_ms, std::int64_t stale_ms,
                              int limit);
//! Takes a due message for `worker`; false when another sender took it first.
bool claim(soci::session& sql, std::int64_t id, const std::string& worker, std::int64_t now_ms,
           std::int64_t stale_ms);
//! Records one try's outcome and, in the same statement, what is kept of the message: its
//! parameters and text (its secrets masked once delivered: sms::delivered).
void finish(soci::session& sql, std::int64_t id, State state, int attempts,
            std::int64_t next_attempt_ms, const std::string& provider, const std::string& answer,
            std::optional<Timestamp> sent_at, Timestamp now, const Message& kept);

}  // namespace kaowu::sms::repository
