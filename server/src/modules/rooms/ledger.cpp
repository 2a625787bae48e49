#include "modules/rooms/ledger.hpp"

#include "modules/rooms/repository.hpp"

namespace kaowu::rooms::ledger {

bool lock_for_arrangement(soci::session& sql, std::int64_t room_id) {
  return repository::lock(sql, room_id);
}

}  // namespace kaowu::rooms::ledger
