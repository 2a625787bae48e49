#include "modules/rooms/ledger.hpp"

#include "modules/rooms/repository.hpp"

namespace kaowu::rooms::ledger {

bool lock_for_arrangement(soci::session& sql, std::int64_t room_id) {
  return repository::lock(sql, room_id);
}

std::vector<Room> of_plan(soci::session& sql, std::int64_t plan_id) {
  Filter f;
  f.plan_id = plan_id;
  return repository::list(sql, {}, f, {}, {}, 1, 1 << 30, nullptr);
}

}  // namespace kaowu::rooms::ledger
