#include "modules/teachers/repository.hpp"

#include "core/db/database.hpp"
#include "core/db/query.hpp"

namespace kaowu::teachers::repository {

namespace {
const char* kColumns =
    "SELECT t.id, t.college_id, c.name AS college_name, t.account_id, t.name, t.id_number, "
    "t.gender, t.department, t.phone, t.education, t.title, t.position, t.email, t.research, "
    "t.achievements, t.address, t.enabled, t.version, t.created_at, t.updated_at";
const char* kFrom = "FROM teachers t JOIN organizations c ON c.id = t.college_id";

Teacher from_row(const db::Row& row) {
  Teacher t;
  t.id = db::get_i64(row, "id");
  t.college_id = db::get_i64(row, "college_id");
  t.college_name = db::get_str(row, "college_name");
  t.account_id = db::get_opt_i64(row, "account_id");
  t.name = db::get_str(row, "name");
  t.id_number = db::get_str(row, "id_number");
  t.gender = db::get_str(row, "gender");
  t.department = db::get_str(row, "department");
  t.phone = db::get_str(row, "phone");
  t.education = db::get_str(row, "education");
  t.title = db::get_str(row, "title");
  t.position = db::get_str(row, "position");
  t.email = db::get_str(row, "email");
  t.research = db::get_str(row, "research");
  t.achievements = db::get_str(row, "achievements");
  t.address = db::get_str(row, "address");
  t.enabled = db::get_bool(row, "enabled");
  t.version = static_cast<int>(db::get_i64(row, "version"));
  t.created_at = db::get_i64(row, "created_at");
  t.updated_at = db::get_i64(row, "updated_at");
  return t;
}

std::optional<Teacher> one(soci::session& sql, db::Query& q) {
  std::optional<Teacher> out;
  q.each(sql, kColumns, "", [&](const db::Row& row) { out = from_row(row); });
  return out;
}
}  // namespace

std::optional<Teacher> find(soci::session& sql, std::int64_t id) {
  db::Query q(kFrom);
  q.where("t.id = " + q.param(static_cast<long long>(id)));
  return one(sql, q);
}

std::optional<Teacher> find_by_account(soci::session& sql, std::int64_t account_id) {
  db::Query q(kFrom);
  q.where("t.account_id = " + q.param(static_cast<long long>(account_id)));
  return one(sql, q);
}

std::optional<Teacher> find_by_phone(soci::session& sql, const std::string& phone) {
  db::Query q(kFrom);
  q.where("t.phone = " + q.param(phone));
  return one(sql, q);
}

std::optional<Teacher> find_by_id_number(soci::session& sql, std::int64_t college_id,
                                         const std::string& id_number) {
  db::Query q(kFrom);
  q.where("t.college_id = " + q.param(static_cast<long long>(college_id)));
  q.where("t.id_number = " + q.param(id_number));
  return one(sql, q);
}

std::vector<Teacher> list(soci::session& sql, std::optional<std::int64_t> college_id,
                          const Filter& f, const StateFilter& state,
                          const std::vector<std::int64_t>& ids, int page, int page_size,
                          long long* total) {
  db::Query q(kFrom, "FROM teachers t");
  if (!ids.empty()) q.where("t.id IN (" + db::id_list(ids) + ")");
  if (college_id) q.where("t.college_id = " + q.param(static_cast<long long>(*college_id)));
  if (f.college_id) q.where("t.college_id = " + q.param(static_cast<long long>(*f.college_id)));
  auto like = [&](const char* column, const std::string& value) {
    if (!value.empty())
      q.where(std::string(column) + " LIKE " + q.param(db::like_pattern(value)) + " ESCAPE '\\'");
  };
  like("t.name", f.name);
  like("t.phone", f.phone);
  like("t.department", f.department);
  like("t.title", f.title);
  if (state.state == AccountState::disabled) {
    q.where("t.enabled = 0");
  } else if (state.state) {
    q.where("t.enabled = 1");
    const std::string active = "t.account_id IN (" + db::id_list(state.activated_accounts) + ")";
    q.where(*state.state == AccountState::active ? active : "NOT (" + active + ")");
  }
  if (total) *total = q.count(sql);
  std::vector<Teacher> out;
  q.each(sql, kColumns, "ORDER BY t.id DESC" + db::page_clause(page, page_size),
         [&](const db::Row& row) { out.push_back(from_row(row)); });
  return out;
}

std::int64_t insert(soci::session& sql, const Teacher& t) {
  long long id = 0, college = t.college_id, created = t.created_at;
  std::string name = t.name, id_number = t.id_number, gender = t.gender, department = t.department,
              phone = t.phone, education = t.education, title = t.title, position = t.position,
              email = t.email, research = t.research, achievements = t.achievements,
              address = t.address;
  sql << "INSERT INTO teachers(college_id, name, id_number, gender, department, phone, education, "
         "title, position, email, research, achievements, address, enabled, version, created_at, "
         "updated_at) VALUES(:c, :n, :i, :g, :d, :p, :e, :t, :po, :em, :r, :a, :ad, 1, 1, :ca, "
         ":ua) RETURNING id",
      soci::use(college), soci::use(name), soci::use(id_number), soci::use(gender),
      soci::use(department), soci::use(phone), soci::use(education), soci::use(title),
      soci::use(position), soci::use(email), soci::use(research), soci::use(achievements),
      soci::use(address), soci::use(created), soci::use(created), soci::into(id);
  return id;
}

void set_account(soci::session& sql, std::int64_t id, std::int64_t account_id) {
  long long teacher = id, account = account_id;
  sql << "UPDATE teachers SET account_id = :a WHERE id = :id", soci::use(account),
      soci::use(teacher);
}

bool update(soci::session& sql, const Teacher& t, int expected_version) {
  long long id = t.id, updated = t.updated_at;
  int expected = expected_version, enabled = t.enabled ? 1 : 0;
  std::string name = t.name, id_number = t.id_number, gender = t.gender, department = t.department,
              phone = t.phone, education = t.education, title = t.title, position = t.position,
              email = t.email, research = t.research, achievements = t.achievements,
              address = t.address;
  soci::statement st =
      (sql.prepare
           << "UPDATE teachers SET name = :n, id_number = :i, gender = :g, department = :d, "
              "phone = :p, education = :e, title = :t, position = :po, email = :em, "
              "research = :r, achievements = :a, address = :ad, enabled = :en, "
              "version = version + 1, updated_at = :u WHERE id = :id AND version = :v",
       soci::use(name), soci::use(id_number), soci::use(gender), soci::use(department),
       soci::use(phone), soci::use(education), soci::use(title), soci::use(position),
       soci::use(email), soci::use(research), soci::use(achievements), soci::use(address),
       soci::use(enabled), soci::use(updated), soci::use(id), soci::use(expected));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace kaowu::teachers::repository
