#pragma once

// The teachers module's read-only answer about the teacher behind an account, for the modules
// that act for a signed-in teacher (exam-day check-in).

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

namespace kaowu::teachers::ledger {

struct Person {
  std::int64_t id = 0;
  std::int64_t college_id = 0;
  std::string name;
  std::string id_number;
  std::string phone;
  bool enabled = true;
};

//! The teacher whose account is `account_id`.
std::optional<Person> of_account(soci::session& sql, std::int64_t account_id);

}  // namespace kaowu::teachers::ledger
