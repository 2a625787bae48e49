#include "core/auth/server_keys.hpp"

#include "core/auth/password.hpp"

namespace kaowu::server_keys {

std::string get(soci::session& sql, const std::string& name, Timestamp now) {
  std::string n = name, value;
  soci::indicator ind = soci::i_null;
  sql << "SELECT value FROM server_keys WHERE name = :n", soci::use(n), soci::into(value, ind);
  if (ind == soci::i_ok && !value.empty()) return value;
  std::string fresh = crypto::random_token();
  long long at = now;
  sql << "INSERT INTO server_keys(name, value, created_at) VALUES(:n, :v, :t) ON CONFLICT (name) "
         "DO NOTHING",
      soci::use(n), soci::use(fresh), soci::use(at);
  sql << "SELECT value FROM server_keys WHERE name = :n", soci::use(n), soci::into(value, ind);
  return value;
}

}  // namespace kaowu::server_keys
