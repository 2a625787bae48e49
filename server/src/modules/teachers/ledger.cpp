#include "modules/teachers/ledger.hpp"

#include "modules/teachers/repository.hpp"

namespace kaowu::teachers::ledger {

std::optional<Person> of_account(soci::session& sql, std::int64_t account_id) {
  auto t = repository::find_by_account(sql, account_id);
  if (!t) return std::nullopt;
  return Person{t->id, t->college_id, t->name, t->id_number, t->phone, t->enabled};
}

}  // namespace kaowu::teachers::ledger
