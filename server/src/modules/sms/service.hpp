#pragma once

// The one way the platform sends SMS: a module queues a message in its own transaction
// (queue()); the sender (sender.hpp) delivers it through the configured provider.

#include <soci/soci.h>

#include <map>

#include "core/auth/scope.hpp"
#include "core/error.hpp"
#include "modules/sms/model.hpp"

namespace kaowu::sms::service {

//! Against mistakes and abuse: messages an hour to one number, and caused by one college.
struct Limits {
  int per_number_hour = 5;
  int per_college_hour = 2000;
};
//! Set once at start-up from the configuration.
void set_limits(Limits limits);

struct Outgoing {
  std::optional<std::int64_t> college_id;  //!< whose action sends it
  std::string phone;
  std::string template_code;
  std::vector<std::string> params;
  std::string subject_type;  //!< what it is about, e.g. teacher
  std::optional<std::int64_t> subject_id;
};

//! Queues a message in the caller's transaction; a 429 naming the limit when the number or the
//! college has had its share this hour.
Result<std::int64_t> queue(soci::session& sql, const Outgoing& out, Timestamp now);

//! 短信记录: a college sees the messages it caused, the administrator all with their text.
nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size);
//! The newest message of `template_code` about each subject of `ids`.
std::map<std::int64_t, Message> latest_about(soci::session& sql, const std::string& subject_type,
                                             const std::vector<std::int64_t>& ids,
                                             const std::string& template_code);

}  // namespace kaowu::sms::service
