#include "modules/rooms/repository.hpp"

#include "core/db/database.hpp"
#include "core/db/query.hpp"
#include "modules/arrangements/repository.hpp"
#include "modules/plans/repository.hpp"

namespace kaowu::rooms::repository {

namespace {
const char* kColumns =
    "SELECT r.id, r.plan_id, p.name AS plan_name, r.site_id, s.name AS site_name, r.college_id, "
    "c.name AS college_name, "
    "r.certificate_id, t.name AS certificate_name, r.name, r.types, r.seats, r.region, r.address, "
    "r.version, "
    "r.created_at, r.updated_at";
const char* kFrom =
    "FROM rooms r JOIN plans p ON p.id = r.plan_id JOIN sites s ON s.id = r.site_id "
    "JOIN organizations c ON c.id = r.college_id JOIN certificates t ON t.id = r.certificate_id";
const char* kCountFrom = "FROM rooms r JOIN plans p ON p.id = r.plan_id";

Room from_row(const db::Row& row) {
  Room r;
  r.id = db::get_i64(row, "id");
  r.plan_id = db::get_i64(row, "plan_id");
  r.plan_name = db::get_str(row, "plan_name");
  r.site_id = db::get_i64(row, "site_id");
  r.site_name = db::get_str(row, "site_name");
  r.college_id = db::get_i64(row, "college_id");
  r.college_name = db::get_str(row, "college_name");
  r.certificate_id = db::get_i64(row, "certificate_id");
  r.certificate_name = db::get_str(row, "certificate_name");
  r.name = db::get_str(row, "name");
  auto types = parse_types(db::get_str(row, "types"));
  if (types) r.types = types.value();
  r.seats = static_cast<int>(db::get_i64(row, "seats"));
  r.region = db::get_str(row, "region");
  r.address = db::get_str(row, "address");
  r.version = static_cast<int>(db::get_i64(row, "version"));
  r.created_at = db::get_i64(row, "created_at");
  r.updated_at = db::get_i64(row, "updated_at");
  return r;
}

void scope(db::Query& q, const Visibility& v) {
  if (v.college_id) q.where("r.college_id = " + q.param(static_cast<long long>(*v.college_id)));
  if (v.org_id) q.where("p.org_id = " + q.param(static_cast<long long>(*v.org_id)));
}

std::optional<Room> one(soci::session& sql, db::Query& q) {
  std::optional<Room> out;
  q.each(sql, kColumns, "", [&](const db::Row& row) { out = from_row(row); });
  return out;
}
}  // namespace

std::optional<Room> find(soci::session& sql, std::int64_t id) {
  db::Query q(kFrom);
  q.where("r.id = " + q.param(static_cast<long long>(id)));
  return one(sql, q);
}

std::optional<Room> find_by_name(soci::session& sql, std::int64_t plan_id, std::int64_t site_id,
                                 const std::string& name) {
  db::Query q(kFrom);
  q.where("r.plan_id = " + q.param(static_cast<long long>(plan_id)));
  q.where("r.site_id = " + q.param(static_cast<long long>(site_id)));
  q.where("r.name = " + q.param(name));
  return one(sql, q);
}

std::set<std::int64_t> ended_plans(soci::session& sql, const std::vector<std::int64_t>& plan_ids,
                                   Timestamp now) {
  std::set<std::int64_t> out;
  if (plan_ids.empty()) return out;
  db::Query q("FROM plans p");
  q.where("p.id IN (" + db::id_list(plan_ids) + ")");
  q.where(plans::repository::sql_filter::exams_over("p", q.param(static_cast<long long>(now)),
                                                    q.param(static_cast<long long>(now))));
  q.each(sql, "SELECT p.id", "", [&](const db::Row& row) { out.insert(db::get_i64(row, "id")); });
  return out;
}

std::vector<Room> list(soci::session& sql, const Visibility& v, const Filter& f,
                       const StateContext& states, const std::vector<std::int64_t>& ids, int page,
                       int page_size, long long* total) {
  db::Query q(kFrom, kCountFrom);
  scope(q, v);
  if (!ids.empty()) q.where("r.id IN (" + db::id_list(ids) + ")");
  if (f.plan_id) q.where("r.plan_id = " + q.param(static_cast<long long>(*f.plan_id)));
  if (f.site_id) q.where("r.site_id = " + q.param(static_cast<long long>(*f.site_id)));
  if (!f.name.empty()) q.where("r.name LIKE " + q.param(db::like_pattern(f.name)) + " ESCAPE '\\'");
  // Types are stored as "笔试, 机考": match whole items so 笔试 does not find 笔试+实操.
  if (!f.type.empty()) {
    const std::string item =
        db::like_pattern(f.type);  // "%type%" with %, _ and the backslash escaped
    q.where("(', ' || r.types || ', ') LIKE " +
            q.param("%, " + item.substr(1, item.size() - 2) + ", %") + " ESCAPE '\\'");
  }
  if (auto state = parse_state(f.state)) {
    namespace filter = arrangements::repository::sql_filter;
    // Only conditions that compare with now get the bound time (an unused binding is an error).
    auto now = [&] { return q.param(static_cast<long long>(states.now)); };
    // The plan's exams are over: the same rule as service::exams_over.
    const std::string ended = plans::repository::sql_filter::exams_over("p", now(), now());
    switch (*state) {
      case State::unarranged:
        q.where("NOT " + ended + " AND " + filter::room_unarranged("r.id"));
        break;
      case State::arranging:
        q.where("NOT " + ended + " AND " + filter::room_in_progress("r.id", now()));
        break;
      case State::finished:
        q.where("(" + ended + " OR " + filter::room_finished("r.id", now()) + ")");
        break;
    }
  }
  if (total) *total = q.count_cached(sql);
  std::vector<Room> out;
  q.each(sql, kColumns, "ORDER BY r.id" + db::page_clause(page, page_size),
         [&](const db::Row& row) { out.push_back(from_row(row)); });
  return out;
}

std::int64_t insert(soci::session& sql, const Room& r) {
  long long plan = r.plan_id, site = r.site_id, college = r.college_id, cert = r.certificate_id,
            created = r.created_at, id = 0;
  int seats = r.seats;
  std::string name = r.name, types = join_types(r.types), region = r.region, address = r.address;
  sql << "INSERT INTO rooms(plan_id, site_id, college_id, certificate_id, name, types, seats, "
         "region, address, "
         "version, created_at, updated_at) VALUES(:p, :s, :c, :t, :n, :ty, :se, :re, :a, 1, :ca, "
         ":ua) RETURNING id",
      soci::use(plan), soci::use(site), soci::use(college), soci::use(cert), soci::use(name),
      soci::use(types), soci::use(seats), soci::use(region), soci::use(address), soci::use(created),
      soci::use(created), soci::into(id);
  return id;
}

bool update(soci::session& sql, const Room& r, int expected_version) {
  long long id = r.id, plan = r.plan_id, site = r.site_id, cert = r.certificate_id,
            updated = r.updated_at;
  int seats = r.seats, expected = expected_version;
  std::string name = r.name, types = join_types(r.types), region = r.region, address = r.address;
  soci::statement st =
      (sql.prepare
           << "UPDATE rooms SET plan_id = :p, site_id = :s, certificate_id = :t, name = :n, types "
              "= :ty, "
              "seats = :se, region = :re, address = :a, version = version + 1, updated_at = :u "
              "WHERE id = :id AND version = :v",
       soci::use(plan), soci::use(site), soci::use(cert), soci::use(name), soci::use(types),
       soci::use(seats), soci::use(region), soci::use(address), soci::use(updated), soci::use(id),
       soci::use(expected));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void remove(soci::session& sql, std::int64_t id) {
  long long rid = id;
  sql << "DELETE FROM rooms WHERE id = :id", soci::use(rid);
}

bool lock(soci::session& sql, std::int64_t id) {
  long long rid = id;
  soci::statement st =
      (sql.prepare << "UPDATE rooms SET version = version WHERE id = :id", soci::use(rid));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace kaowu::rooms::repository
