#include "modules/plans/ledger.hpp"

#include "core/db/database.hpp"
#include "core/db/query.hpp"

namespace kaowu::plans::ledger {

std::vector<std::int64_t> publicity_ended(soci::session& sql, Timestamp now) {
  db::Query q("FROM plans p");
  q.where("p.status = 'published'");
  q.where("p.publicity_end <= " + q.param(static_cast<long long>(now)));
  std::vector<std::int64_t> out;
  q.each(sql, "SELECT p.id", "ORDER BY p.id",
         [&](const db::Row& row) { out.push_back(db::get_i64(row, "id")); });
  return out;
}

}  // namespace kaowu::plans::ledger
