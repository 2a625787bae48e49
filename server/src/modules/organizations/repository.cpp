#include "modules/organizations/repository.hpp"

#include <algorithm>
#include <functional>

#include "core/db/database.hpp"
#include "core/db/query.hpp"

namespace kaowu::organizations::repository {

namespace {
const char* kColumns =
    "SELECT o.id, o.type, o.name, o.college_type, o.province_id, "
    "(SELECT p.name FROM organizations p WHERE p.id = o.province_id) AS province_name, "
    "o.region, o.contact_name, o.contact_phone, o.bank_account_name, o.bank_name, o.bank_account, "
    "o.enabled, o.version, o.created_at, o.updated_at";
// The province's name is looked up for the rows returned only, not for those a page skips.
const char* kFrom = "FROM organizations o";

// The row's text stays in the statement: valid while the row is read.
OrganizationView view_row(const db::Row& row) {
  OrganizationView o;
  o.id = db::get_i64(row, "id");
  o.type = db::get_view(row, "type");
  o.name = db::get_view(row, "name");
  o.college_type = db::get_opt_view(row, "college_type");
  o.province_id = db::get_opt_i64(row, "province_id");
  o.province_name = db::get_view(row, "province_name");
  o.region = db::get_view(row, "region");
  o.contact_name = db::get_view(row, "contact_name");
  o.contact_phone = db::get_view(row, "contact_phone");
  o.bank_account_name = db::get_view(row, "bank_account_name");
  o.bank_name = db::get_view(row, "bank_name");
  o.bank_account = db::get_view(row, "bank_account");
  o.enabled = db::get_bool(row, "enabled");
  o.version = static_cast<int>(db::get_i64(row, "version"));
  o.created_at = db::get_i64(row, "created_at");
  o.updated_at = db::get_i64(row, "updated_at");
  return o;
}

Organization from_row(const db::Row& row) {
  return with_text<std::string>(view_row(row));
}

void restrict_to(db::Query& q, const Scope& scope) {
  if (scope.is_admin()) return;
  const long long own = scope.org_id;
  if (scope.role == Role::province) {
    const std::string p = q.param(own);
    q.where("o.id = " + p + " OR (o.type = 'college' AND o.province_id = " + q.param(own) + ")");
  } else {
    q.where("o.id = " + q.param(own));
  }
}
}  // namespace

std::optional<Organization> find(soci::session& sql, const Scope& scope, std::int64_t id) {
  db::Query q(kFrom);
  q.where("o.id = " + q.param(static_cast<long long>(id)));
  restrict_to(q, scope);
  std::optional<Organization> out;
  q.each(sql, kColumns, "", [&](const db::Row& row) { out = from_row(row); });
  return out;
}

std::optional<Organization> find_any(soci::session& sql, std::int64_t id) {
  db::Query q(kFrom);
  q.where("o.id = " + q.param(static_cast<long long>(id)));
  std::optional<Organization> out;
  q.each(sql, kColumns, "", [&](const db::Row& row) { out = from_row(row); });
  return out;
}

std::optional<Organization> find_by_name(soci::session& sql, const std::string& type,
                                         const std::string& name) {
  db::Query q(kFrom);
  q.where("o.type = " + q.param(type));
  q.where("o.name = " + q.param(name));
  std::optional<Organization> out;
  q.each(sql, kColumns, "", [&](const db::Row& row) { out = from_row(row); });
  return out;
}

void each(soci::session& sql, const Scope& scope, const Filter& filter, int page, int page_size,
          long long& total, const std::function<void(const OrganizationView&)>& fn) {
  db::Query q(kFrom);
  restrict_to(q, scope);
  if (!filter.type.empty()) q.where("o.type = " + q.param(filter.type));
  if (!filter.keyword.empty()) {
    q.where("o.name LIKE " + q.param(db::like_pattern(filter.keyword)) + " ESCAPE '\\'");
  }
  if (filter.province_id)
    q.where("o.province_id = " + q.param(static_cast<long long>(*filter.province_id)));
  if (filter.enabled)
    q.where("o.enabled = " + q.param(static_cast<long long>(*filter.enabled ? 1 : 0)));
  total = q.count_cached(sql);
  q.each(sql, kColumns, "ORDER BY o.id" + db::page_clause(page, page_size),
         [&](const db::Row& row) { fn(view_row(row)); });
}

std::vector<Organization> list(soci::session& sql, const Scope& scope, const Filter& filter,
                               int page, int page_size, long long& total) {
  std::vector<Organization> out;
  each(sql, scope, filter, page, page_size, total,
       [&](const OrganizationView& o) { out.push_back(with_text<std::string>(o)); });
  return out;
}

std::int64_t insert(soci::session& sql, const Organization& o) {
  std::string type = o.type, name = o.name, region = o.region, contact = o.contact_name,
              phone = o.contact_phone, holder = o.bank_account_name, bank = o.bank_name,
              account = o.bank_account;
  std::string college_type = o.college_type.value_or("");
  soci::indicator ct_ind = o.college_type ? soci::i_ok : soci::i_null;
  long long province = o.province_id.value_or(0);
  soci::indicator p_ind = o.province_id ? soci::i_ok : soci::i_null;
  int enabled = o.enabled ? 1 : 0;
  long long created = o.created_at, updated = o.updated_at, id = 0;
  sql << "INSERT INTO organizations(type, name, college_type, province_id, region, contact_name, "
         "contact_phone, bank_account_name, bank_name, bank_account, enabled, version, created_at, "
         "updated_at) "
         "VALUES(:t, :n, :ct, :p, :r, :cn, :cp, :bh, :bn, :ba, :e, 1, :c, :u) RETURNING id",
      soci::use(type), soci::use(name), soci::use(college_type, ct_ind), soci::use(province, p_ind),
      soci::use(region), soci::use(contact), soci::use(phone), soci::use(holder), soci::use(bank),
      soci::use(account), soci::use(enabled), soci::use(created), soci::use(updated),
      soci::into(id);
  return id;
}

bool update(soci::session& sql, const Organization& o, int expected_version) {
  std::string name = o.name, region = o.region, contact = o.contact_name, phone = o.contact_phone,
              holder = o.bank_account_name, bank = o.bank_name, account = o.bank_account;
  std::string college_type = o.college_type.value_or("");
  soci::indicator ct_ind = o.college_type ? soci::i_ok : soci::i_null;
  long long province = o.province_id.value_or(0);
  soci::indicator p_ind = o.province_id ? soci::i_ok : soci::i_null;
  int enabled = o.enabled ? 1 : 0, expected = expected_version;
  long long updated = o.updated_at, id = o.id;
  soci::statement st =
      (sql.prepare
           << "UPDATE organizations SET name = :n, college_type = :ct, province_id = :p, "
              "region = :r, contact_name = :cn, contact_phone = :cp, bank_account_name = :bh, "
              "bank_name = :bn, bank_account = :ba, enabled = :e, "
              "version = version + 1, updated_at = :u WHERE id = :id AND version = :v",
       soci::use(name), soci::use(college_type, ct_ind), soci::use(province, p_ind),
       soci::use(region), soci::use(contact), soci::use(phone), soci::use(holder), soci::use(bank),
       soci::use(account), soci::use(enabled), soci::use(updated), soci::use(id),
       soci::use(expected));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace kaowu::organizations::repository
