#include "modules/students/repository.hpp"

#include "core/db/bulk.hpp"
#include "core/db/database.hpp"
#include "core/db/query.hpp"

namespace kaowu::students::repository {

namespace {
const char* kColumns =
    "SELECT s.id, s.college_id, c.name AS college_name, s.student_no, s.name, s.gender, "
    "s.id_number, s.birth_date, "
    "s.type, s.major, s.class_name, s.phone, s.version, s.created_at, s.updated_at";
const char* kFrom = "FROM students s JOIN organizations c ON c.id = s.college_id";

Student from_row(const db::Row& row) {
  Student s;
  s.id = db::get_i64(row, "id");
  s.college_id = db::get_i64(row, "college_id");
  s.college_name = db::get_str(row, "college_name");
  s.student_no = db::get_str(row, "student_no");
  s.name = db::get_str(row, "name");
  s.gender = db::get_str(row, "gender");
  s.id_number = db::get_str(row, "id_number");
  s.birth_date = db::get_str(row, "birth_date");
  s.type = db::get_str(row, "type");
  s.major = db::get_str(row, "major");
  s.class_name = db::get_str(row, "class_name");
  s.phone = db::get_str(row, "phone");
  s.version = static_cast<int>(db::get_i64(row, "version"));
  s.created_at = db::get_i64(row, "created_at");
  s.updated_at = db::get_i64(row, "updated_at");
  return s;
}

std::optional<Student> one(soci::session& sql, db::Query& q) {
  std::optional<Student> out;
  q.each(sql, kColumns, "", [&](const db::Row& row) { out = from_row(row); });
  return out;
}
}  // namespace

std::optional<Student> find(soci::session& sql, std::int64_t id) {
  db::Query q(kFrom);
  q.where("s.id = " + q.param(static_cast<long long>(id)));
  return one(sql, q);
}

std::vector<Student> find_many(soci::session& sql, const std::vector<std::int64_t>& ids) {
  std::vector<Student> out;
  if (ids.empty()) return out;
  db::Query q(kFrom);
  q.where("s.id IN (" + db::id_list(ids) + ")");
  q.each(sql, kColumns, "ORDER BY s.id", [&](const db::Row& row) { out.push_back(from_row(row)); });
  return out;
}

std::optional<Student> find_by_id_number(soci::session& sql, const std::string& id_number) {
  db::Query q(kFrom);
  q.where("s.id_number = " + q.param(id_number));
  return one(sql, q);
}

std::optional<std::int64_t> id_by_student_no(soci::session& sql, const std::string& student_no) {
  db::Query q("FROM students s");
  q.where("s.student_no = " + q.param(student_no));
  std::optional<std::int64_t> id;
  q.each(sql, "SELECT s.id", "", [&](const db::Row& row) { id = db::get_i64(row, "id"); });
  return id;
}

std::vector<Student> list(soci::session& sql, std::optional<std::int64_t> college_id,
                          const Filter& f, const std::vector<std::int64_t>& ids, int page,
                          int page_size, long long* total) {
  db::Query q(kFrom, "FROM students s");
  if (college_id) q.where("s.college_id = " + q.param(static_cast<long long>(*college_id)));
  if (!ids.empty()) q.where("s.id IN (" + db::id_list(ids) + ")");
  if (!f.name.empty()) q.where("s.name LIKE " + q.param(db::like_pattern(f.name)) + " ESCAPE '\\'");
  if (!f.student_no.empty())
    q.where("s.student_no LIKE " + q.param(db::like_pattern(f.student_no)) + " ESCAPE '\\'");
  if (!f.id_number.empty()) q.where("s.id_number = " + q.param(f.id_number));
  if (!f.major.empty())
    q.where("s.major LIKE " + q.param(db::like_pattern(f.major)) + " ESCAPE '\\'");
  if (!f.class_name.empty())
    q.where("s.class_name LIKE " + q.param(db::like_pattern(f.class_name)) + " ESCAPE '\\'");
  if (!f.type.empty()) q.where("s.type = " + q.param(f.type));
  if (f.college_id) q.where("s.college_id = " + q.param(static_cast<long long>(*f.college_id)));
  if (total) *total = q.count_cached(sql);
  std::vector<Student> out;
  q.each(sql, kColumns, "ORDER BY s.id" + db::page_clause(page, page_size),
         [&](const db::Row& row) { out.push_back(from_row(row)); });
  return out;
}

std::vector<Student> find_by_numbers(soci::session& sql,
                                     const std::vector<std::string>& student_nos,
                                     const std::vector<std::string>& id_numbers) {
  std::vector<Student> out;
  if (student_nos.empty() && id_numbers.empty()) return out;
  db::Query q(kFrom);
  std::string any;
  if (!student_nos.empty()) any = "s.student_no IN (" + db::key_list(q, student_nos) + ")";
  if (!id_numbers.empty()) {
    any += (any.empty() ? "" : " OR ") + std::string("s.id_number IN (") +
           db::key_list(q, id_numbers) + ")";
  }
  q.where("(" + any + ")");
  q.each(sql, kColumns, "", [&](const db::Row& row) { out.push_back(from_row(row)); });
  return out;
}

std::int64_t insert(soci::session& sql, const Student& s) {
  long long college = s.college_id, created = s.created_at, id = 0;
  std::string no = s.student_no, name = s.name, gender = s.gender, idn = s.id_number,
              birth = s.birth_date, type = s.type, major = s.major, cls = s.class_name,
              phone = s.phone;
  sql << "INSERT INTO students(college_id, student_no, name, gender, id_number, birth_date, type, "
         "major, class_name, "
         "phone, version, created_at, updated_at) VALUES(:c, :no, :n, :g, :i, :b, :t, :m, :cl, :p, "
         "1, :ca, :ua) "
         "RETURNING id",
      soci::use(college), soci::use(no), soci::use(name), soci::use(gender), soci::use(idn),
      soci::use(birth), soci::use(type), soci::use(major), soci::use(cls), soci::use(phone),
      soci::use(created), soci::use(created), soci::into(id);
  return id;
}

void insert_many(soci::session& sql, const std::vector<Student>& students) {
  db::BulkInsert rows(
      sql, "students",
      {"college_id", "student_no", "name", "gender", "id_number", "birth_date", "type", "major",
       "class_name", "phone", "version", "created_at", "updated_at"});
  for (const auto& s : students) {
    rows.add(s.college_id)
        .add(s.student_no)
        .add(s.name)
        .add(s.gender)
        .add(s.id_number)
        .add(s.birth_date)
        .add(s.type)
        .add(s.major)
        .add(s.class_name)
        .add(s.phone)
        .add(std::int64_t{1})
        .add(s.created_at)
        .add(s.created_at)
        .end_row();
  }
  rows.finish();
}

namespace {
std::set<std::string> existing(soci::session& sql, const char* column,
                               const std::vector<std::string>& values) {
  std::set<std::string> out;
  if (values.empty()) return out;
  db::Query q("FROM students");
  q.where(std::string(column) + " IN (" + db::key_list(q, values) + ")");
  q.each(sql, std::string("SELECT ") + column, "",
         [&](const db::Row& row) { out.insert(db::get_str(row, column)); });
  return out;
}
}  // namespace

std::set<std::string> existing_student_nos(soci::session& sql,
                                           const std::vector<std::string>& student_nos) {
  return existing(sql, "student_no", student_nos);
}

bool update(soci::session& sql, const Student& s, int expected_version) {
  long long id = s.id, updated = s.updated_at;
  int expected = expected_version;
  std::string no = s.student_no, name = s.name, gender = s.gender, idn = s.id_number,
              birth = s.birth_date, type = s.type, major = s.major, cls = s.class_name,
              phone = s.phone;
  soci::statement st = (sql.prepare << "UPDATE students SET student_no = :no, name = :n, gender = "
                                       ":g, id_number = :i, birth_date = :b, "
                                       "type = :t, major = :m, class_name = :cl, phone = :p, "
                                       "version = version + 1, updated_at = :u "
                                       "WHERE id = :id AND version = :v",
                        soci::use(no), soci::use(name), soci::use(gender), soci::use(idn),
                        soci::use(birth), soci::use(type), soci::use(major), soci::use(cls),
                        soci::use(phone), soci::use(updated), soci::use(id), soci::use(expected));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void remove(soci::session& sql, std::int64_t id) {
  long long sid = id;
  sql << "DELETE FROM students WHERE id = :id", soci::use(sid);
}

long long next_student_sequence(soci::session& sql, std::int64_t college_id, Timestamp now) {
  // The layout of model.hpp's generated_student_no: characters 7-16 are the year and the college.
  char key[16];
  std::snprintf(key, sizeof key, "%s%06lld", cst::format_with(now, "%Y").c_str(),
                static_cast<long long>(college_id % 1000000));
  std::string year_college = key, max;
  long long college = college_id;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MAX(substr(student_no, 17, 9)) FROM students WHERE college_id = :c AND "
         "length(student_no) = 25 "
         "AND substr(student_no, 7, 10) = :k",
      soci::use(college), soci::use(year_college), soci::into(max, ind);
  if (ind != soci::i_ok || max.size() != 9 ||
      max.find_first_not_of("0123456789") != std::string::npos)
    return 1;
  return std::stoll(max) + 1;
}

}  // namespace kaowu::students::repository
