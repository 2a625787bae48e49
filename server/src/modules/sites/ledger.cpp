#include "modules/sites/ledger.hpp"

#include "modules/sites/repository.hpp"

namespace kaowu::sites::ledger {

std::vector<Site> find_many(soci::session& sql, const std::vector<std::int64_t>& ids) {
  return repository::find_many(sql, ids);
}

}  // namespace kaowu::sites::ledger
