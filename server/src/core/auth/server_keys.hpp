#pragma once

// Secrets this installation keeps in its database (table server_keys), shared by every instance:
// the keys that sign what the platform prints (admission-ticket and certificate QR codes).

#include <soci/soci.h>

#include <string>

#include "core/clock.hpp"

namespace kaowu::server_keys {

//! The key named `name`, made (random) on first use; two instances asking at once get one key.
std::string get(soci::session& sql, const std::string& name, Timestamp now);

}  // namespace kaowu::server_keys
