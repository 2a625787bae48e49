#include "modules/sites/repository.hpp"

#include <map>

#include "core/db/database.hpp"
#include "core/db/query.hpp"

namespace kaowu::sites::repository {

namespace {
const char* kColumns =
    "SELECT s.id, s.college_id, c.name AS college_name, s.org_id, o.name AS org_name, "
    "s.certificate_id, "
    "t.name AS certificate_name, s.name, s.region, s.address, s.status, s.return_reason, "
    "s.version, "
    "s.created_at, s.updated_at, s.reviewed_at";
const char* kFrom =
    "FROM sites s JOIN organizations c ON c.id = s.college_id JOIN organizations o ON o.id = "
    "s.org_id "
    "JOIN certificates t ON t.id = s.certificate_id";

Site from_row(const db::Row& row) {
  Site s;
  s.id = db::get_i64(row, "id");
  s.college_id = db::get_i64(row, "college_id");
  s.college_name = db::get_str(row, "college_name");
  s.org_id = db::get_i64(row, "org_id");
  s.org_name = db::get_str(row, "org_name");
  s.certificate_id = db::get_i64(row, "certificate_id");
  s.certificate_name = db::get_str(row, "certificate_name");
  s.name = db::get_str(row, "name");
  s.region = db::get_str(row, "region");
  s.address = db::get_str(row, "address");
  s.status = db::get_str(row, "status");
  s.return_reason = db::get_str(row, "return_reason");
  s.version = static_cast<int>(db::get_i64(row, "version"));
  s.created_at = db::get_i64(row, "created_at");
  s.updated_at = db::get_i64(row, "updated_at");
  s.reviewed_at = db::get_opt_i64(row, "reviewed_at");
  return s;
}

void load_served(soci::session& sql, std::vector<Site>& sites) {
  if (sites.empty()) return;
  std::map<std::int64_t, Site*> by_id;
  std::vector<std::int64_t> id_vec;
  for (auto& s : sites) {
    by_id[s.id] = &s;
    id_vec.push_back(s.id);
  }
  const std::string ids = db::id_list(id_vec);
  db::Query q("FROM site_colleges sc JOIN organizations c ON c.id = sc.college_id");
  q.where("sc.site_id IN (" + ids + ")");
  q.each(sql, "SELECT sc.site_id, sc.college_id, c.name", "ORDER BY c.name",
         [&](const db::Row& row) {
           by_id[db::get_i64(row, "site_id")]->served_colleges.push_back(
               {db::get_i64(row, "college_id"), db::get_str(row, "name")});
         });
}
}  // namespace

std::optional<Site> find(soci::session& sql, std::int64_t id) {
  db::Query q(kFrom);
  q.where("s.id = " + q.param(static_cast<long long>(id)));
  std::vector<Site> out;
  q.each(sql, kColumns, "", [&](const db::Row& row) { out.push_back(from_row(row)); });
  if (out.empty()) return std::nullopt;
  load_served(sql, out);
  return out.front();
}

std::vector<Site> find_many(soci::session& sql, const std::vector<std::int64_t>& ids) {
  std::vector<Site> out;
  if (ids.empty()) return out;
  db::Query q(kFrom);
  q.where("s.id IN (" + db::id_list(ids) + ")");
  q.each(sql, kColumns, "ORDER BY s.id", [&](const db::Row& row) { out.push_back(from_row(row)); });
  load_served(sql, out);
  return out;
}

std::optional<std::int64_t> id_by_name(soci::session& sql, const std::string& name) {
  db::Query q("FROM sites s");
  q.where("s.name = " + q.param(name));
  std::optional<std::int64_t> id;
  q.each(sql, "SELECT s.id", "", [&](const db::Row& row) { id = db::get_i64(row, "id"); });
  return id;
}

std::vector<Site> list(soci::session& sql, const Visibility& v, const Filter& filter, int page,
                       int page_size, long long& total) {
  db::Query q(kFrom, "FROM sites s");
  if (v.org_id) q.where("s.org_id = " + q.param(static_cast<long long>(*v.org_id)));
  if (v.college_ids) {
    const std::string ids = db::id_list(*v.college_ids);
    q.where("s.college_id IN (" + ids +
            ") OR EXISTS (SELECT 1 FROM site_colleges sc WHERE sc.site_id = s.id AND "
            "sc.college_id IN (" +
            ids + "))");
  }
  if (!filter.keyword.empty())
    q.where("s.name LIKE " + q.param(db::like_pattern(filter.keyword)) + " ESCAPE '\\'");
  if (!filter.status.empty()) q.where("s.status = " + q.param(filter.status));
  if (filter.certificate_id)
    q.where("s.certificate_id = " + q.param(static_cast<long long>(*filter.certificate_id)));
  total = q.count_cached(sql);
  std::vector<Site> out;
  q.each(sql, kColumns, "ORDER BY s.id DESC" + db::page_clause(page, page_size),
         [&](const db::Row& row) { out.push_back(from_row(row)); });
  load_served(sql, out);
  return out;
}

std::int64_t insert(soci::session& sql, const Site& s) {
  long long college = s.college_id, org = s.org_id, cert = s.certificate_id, created = s.created_at,
            id = 0;
  std::string name = s.name, region = s.region, address = s.address, status = s.status;
  sql << "INSERT INTO sites(college_id, org_id, certificate_id, name, region, address, status, "
         "version, created_at, "
         "updated_at) VALUES(:c, :o, :t, :n, :r, :a, :s, 1, :ca, :ua) RETURNING id",
      soci::use(college), soci::use(org), soci::use(cert), soci::use(name), soci::use(region),
      soci::use(address), soci::use(status), soci::use(created), soci::use(created), soci::into(id);
  return id;
}

bool update(soci::session& sql, const Site& s, int expected_version) {
  long long id = s.id, updated = s.updated_at, reviewed = s.reviewed_at.value_or(0);
  soci::indicator reviewed_ind = s.reviewed_at ? soci::i_ok : soci::i_null;
  std::string name = s.name, region = s.region, address = s.address, status = s.status,
              reason = s.return_reason;
  int expected = expected_version;
  soci::statement st =
      (sql.prepare << "UPDATE sites SET name = :n, region = :r, address = :a, status = :s, "
                      "return_reason = :rr, "
                      "reviewed_at = :ra, version = version + 1, updated_at = :u WHERE id = :id "
                      "AND version = :v",
       soci::use(name), soci::use(region), soci::use(address), soci::use(status), soci::use(reason),
       soci::use(reviewed, reviewed_ind), soci::use(updated), soci::use(id), soci::use(expected));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void set_served(soci::session& sql, std::int64_t id, const std::vector<std::int64_t>& college_ids) {
  long long site = id;
  sql << "DELETE FROM site_colleges WHERE site_id = :s", soci::use(site);
  for (auto college : college_ids) {
    long long c = college;
    sql << "INSERT INTO site_colleges(site_id, college_id) VALUES(:s, :c)", soci::use(site),
        soci::use(c);
  }
}

}  // namespace kaowu::sites::repository
