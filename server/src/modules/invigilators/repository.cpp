#include "modules/invigilators/repository.hpp"

#include <map>

#include "core/db/database.hpp"
#include "core/db/query.hpp"

namespace kaowu::invigilators::repository {

namespace {
const char* kColumns =
    "SELECT i.id, i.teacher_no, i.kind, i.name, i.gender, i.id_number, i.phone, i.college_id, "
    "c.name AS college_name, i.region, i.version, i.created_at, i.updated_at";
const char* kFrom = "FROM invigilators i JOIN organizations c ON c.id = i.college_id";
const char* kCountFrom = "FROM invigilators i";

const char* kCertColumns =
    "SELECT a.id, a.invigilator_id, a.level_id, l.level, l.code AS level_code, l.certificate_id, "
    "t.code, "
    "t.name AS certificate_name, t.org_id, o.name AS org_name, a.state, a.reason, a.reviewed_by, "
    "a.reviewed_at";
const char* kCertFrom =
    "FROM invigilator_certificates a JOIN certificate_levels l ON l.id = a.level_id "
    "JOIN certificates t ON t.id = l.certificate_id JOIN organizations o ON o.id = t.org_id";

Invigilator from_row(const db::Row& row) {
  Invigilator p;
  p.id = db::get_i64(row, "id");
  p.teacher_no = db::get_str(row, "teacher_no");
  p.kind = db::get_str(row, "kind");
  p.name = db::get_str(row, "name");
  p.gender = db::get_str(row, "gender");
  p.id_number = db::get_str(row, "id_number");
  p.phone = db::get_str(row, "phone");
  p.college_id = db::get_i64(row, "college_id");
  p.college_name = db::get_str(row, "college_name");
  p.region = db::get_str(row, "region");
  p.version = static_cast<int>(db::get_i64(row, "version"));
  p.created_at = db::get_i64(row, "created_at");
  p.updated_at = db::get_i64(row, "updated_at");
  return p;
}

Certificate cert_from_row(const db::Row& row) {
  Certificate c;
  c.id = db::get_i64(row, "id");
  c.invigilator_id = db::get_i64(row, "invigilator_id");
  c.level_id = db::get_i64(row, "level_id");
  c.level = db::get_str(row, "level");
  c.level_code = db::get_str(row, "level_code");
  c.certificate_id = db::get_i64(row, "certificate_id");
  c.certificate_code = db::get_str(row, "code");
  c.certificate_name = db::get_str(row, "certificate_name");
  c.org_id = db::get_i64(row, "org_id");
  c.org_name = db::get_str(row, "org_name");
  c.state = parse_state(db::get_str(row, "state")).value_or(State::unsubmitted);
  c.reason = db::get_str(row, "reason");
  c.reviewed_by = db::get_str(row, "reviewed_by");
  c.reviewed_at = db::get_opt_i64(row, "reviewed_at");
  return c;
}

// Reads the certificates of `people` (narrowed to one organisation's when `org_id` is set).
void attach(soci::session& sql, std::vector<Invigilator>& people,
            std::optional<std::int64_t> org_id) {
  if (people.empty()) return;
  std::vector<std::int64_t> ids;
  for (const auto& p : people) ids.push_back(p.id);
  db::Query q(kCertFrom);
  q.where("a.invigilator_id IN (" + db::id_list(ids) + ")");
  if (org_id) {
    q.where("t.org_id = " + q.param(static_cast<long long>(*org_id)));
    q.where("a.state <> 'unsubmitted'");
  }
  std::map<std::int64_t, std::vector<Certificate>> by_person;
  q.each(sql, kCertColumns, "ORDER BY a.id", [&](const db::Row& row) {
    auto c = cert_from_row(row);
    by_person[c.invigilator_id].push_back(std::move(c));
  });
  for (auto& p : people) p.certificates = std::move(by_person[p.id]);
  db::Query u("FROM invigilator_unavailable u");
  u.where("u.invigilator_id IN (" + db::id_list(ids) + ")");
  std::map<std::int64_t, std::vector<Period>> periods;
  u.each(sql, "SELECT u.invigilator_id, u.start_at, u.end_at", "ORDER BY u.start_at, u.id",
         [&](const db::Row& row) {
           periods[db::get_i64(row, "invigilator_id")].push_back(
               {db::get_i64(row, "start_at"), db::get_i64(row, "end_at")});
         });
  for (auto& p : people) p.unavailable = std::move(periods[p.id]);
}

std::optional<std::int64_t> one_id(soci::session& sql, db::Query& q) {
  std::optional<std::int64_t> out;
  q.each(sql, "SELECT i.id", "", [&](const db::Row& row) { out = db::get_i64(row, "id"); });
  return out;
}
}  // namespace

std::optional<Invigilator> find(soci::session& sql, std::int64_t id) {
  db::Query q(kFrom);
  q.where("i.id = " + q.param(static_cast<long long>(id)));
  std::vector<Invigilator> out;
  q.each(sql, kColumns, "", [&](const db::Row& row) { out.push_back(from_row(row)); });
  if (out.empty()) return std::nullopt;
  attach(sql, out, std::nullopt);
  return out.front();
}

std::optional<std::int64_t> id_by_phone(soci::session& sql, std::int64_t college_id,
                                        const std::string& phone) {
  db::Query q("FROM invigilators i");
  q.where("i.college_id = " + q.param(static_cast<long long>(college_id)));
  q.where("i.phone = " + q.param(phone));
  return one_id(sql, q);
}

std::optional<std::int64_t> id_by_id_number(soci::session& sql, std::int64_t college_id,
                                            const std::string& id_number) {
  db::Query q("FROM invigilators i");
  q.where("i.college_id = " + q.param(static_cast<long long>(college_id)));
  q.where("i.id_number = " + q.param(id_number));
  return one_id(sql, q);
}

std::vector<Invigilator> list(soci::session& sql, const Visibility& v, const Filter& f,
                              const std::vector<std::int64_t>& ids, int page, int page_size,
                              long long* total) {
  db::Query q(kFrom, kCountFrom);
  if (!ids.empty()) q.where("i.id IN (" + db::id_list(ids) + ")");
  if (v.college_id) q.where("i.college_id = " + q.param(static_cast<long long>(*v.college_id)));
  if (f.college_id) q.where("i.college_id = " + q.param(static_cast<long long>(*f.college_id)));
  if (!f.name.empty()) q.where("i.name LIKE " + q.param(db::like_pattern(f.name)) + " ESCAPE '\\'");
  if (!f.teacher_no.empty())
    q.where("i.teacher_no LIKE " + q.param(db::like_pattern(f.teacher_no)) + " ESCAPE '\\'");
  if (!f.phone.empty())
    q.where("i.phone LIKE " + q.param(db::like_pattern(f.phone)) + " ESCAPE '\\'");
  // The certificate conditions all hold for one application: of the organisation (submitted),
  // of the certificate asked for, in the state asked for.
  std::string apply;
  if (v.org_id)
    apply += " AND t.org_id = " + q.param(static_cast<long long>(*v.org_id)) +
             " AND a.state <> 'unsubmitted'";
  if (f.certificate_id)
    apply += " AND l.certificate_id = " + q.param(static_cast<long long>(*f.certificate_id));
  if (f.state == "uncertified")
    apply += " AND a.state <> 'certified'";
  else if (!f.state.empty())
    apply += " AND a.state = " + q.param(f.state);
  if (!apply.empty()) {
    q.where(
        "EXISTS (SELECT 1 FROM invigilator_certificates a JOIN certificate_levels l ON l.id = "
        "a.level_id JOIN certificates t ON t.id = l.certificate_id WHERE a.invigilator_id = i.id" +
        apply + ")");
  }
  if (total) *total = q.count_cached(sql);
  std::vector<Invigilator> out;
  q.each(sql, kColumns, "ORDER BY i.id" + db::page_clause(page, page_size),
         [&](const db::Row& row) { out.push_back(from_row(row)); });
  attach(sql, out, v.org_id);
  return out;
}

std::optional<Level> level(soci::session& sql, std::int64_t level_id) {
  std::optional<Level> out;
  db::Query q("FROM certificate_levels l JOIN certificates t ON t.id = l.certificate_id");
  q.where("l.id = " + q.param(static_cast<long long>(level_id)));
  q.each(sql,
         "SELECT l.id, l.level, l.certificate_id, t.name AS certificate_name, t.org_id, t.enabled",
         "", [&](const db::Row& row) {
           out = Level{db::get_i64(row, "id"),
                       db::get_str(row, "level"),
                       db::get_i64(row, "certificate_id"),
                       db::get_str(row, "certificate_name"),
                       db::get_i64(row, "org_id"),
                       db::get_bool(row, "enabled")};
         });
  return out;
}

std::vector<Level> enabled_levels(soci::session& sql) {
  std::vector<Level> out;
  db::Query q("FROM certificate_levels l JOIN certificates t ON t.id = l.certificate_id");
  q.where("t.enabled = 1");
  q.each(sql,
         "SELECT l.id, l.level, l.certificate_id, t.name AS certificate_name, t.org_id, t.enabled",
         "ORDER BY t.name, l.id", [&](const db::Row& row) {
           out.push_back(Level{db::get_i64(row, "id"), db::get_str(row, "level"),
                               db::get_i64(row, "certificate_id"),
                               db::get_str(row, "certificate_name"), db::get_i64(row, "org_id"),
                               true});
         });
  return out;
}

std::int64_t insert(soci::session& sql, Invigilator& p) {
  long long college = p.college_id, created = p.created_at, id = 0;
  std::string kind = p.kind, name = p.name, gender = p.gender, id_number = p.id_number,
              phone = p.phone, region = p.region;
  sql << "INSERT INTO invigilators(kind, name, gender, id_number, phone, college_id, region, "
         "version, created_at, updated_at) VALUES(:k, :n, :g, :i, :p, :c, :r, 1, :ca, :ua) "
         "RETURNING id",
      soci::use(kind), soci::use(name), soci::use(gender), soci::use(id_number), soci::use(phone),
      soci::use(college), soci::use(region), soci::use(created), soci::use(created), soci::into(id);
  p.id = id;
  p.teacher_no = teacher_no(p.kind, id);
  std::string no = p.teacher_no;
  sql << "UPDATE invigilators SET teacher_no = :t WHERE id = :id", soci::use(no), soci::use(id);
  return id;
}

bool update(soci::session& sql, const Invigilator& p, int expected_version) {
  long long id = p.id, updated = p.updated_at;
  int expected = expected_version;
  std::string no = teacher_no(p.kind, p.id), kind = p.kind, name = p.name, gender = p.gender,
              id_number = p.id_number, phone = p.phone, region = p.region;
  soci::statement st =
      (sql.prepare << "UPDATE invigilators SET teacher_no = :t, kind = :k, name = :n, gender = :g, "
                      "id_number = :i, phone = :p, region = :r, version = version + 1, "
                      "updated_at = :u WHERE id = :id AND version = :v",
       soci::use(no), soci::use(kind), soci::use(name), soci::use(gender), soci::use(id_number),
       soci::use(phone), soci::use(region), soci::use(updated), soci::use(id), soci::use(expected));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void remove(soci::session& sql, std::int64_t id) {
  long long rid = id;
  sql << "DELETE FROM invigilator_certificates WHERE invigilator_id = :id", soci::use(rid);
  sql << "DELETE FROM invigilator_unavailable WHERE invigilator_id = :id", soci::use(rid);
  sql << "DELETE FROM invigilators WHERE id = :id", soci::use(rid);
}

bool lock(soci::session& sql, std::int64_t id) {
  long long rid = id;
  soci::statement st =
      (sql.prepare << "UPDATE invigilators SET version = version WHERE id = :id", soci::use(rid));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void set_unavailable(soci::session& sql, std::int64_t invigilator_id,
                     const std::vector<Period>& periods) {
  long long person = invigilator_id;
  sql << "DELETE FROM invigilator_unavailable WHERE invigilator_id = :id", soci::use(person);
  for (const auto& p : periods) {
    long long start = p.start, end = p.end;
    sql << "INSERT INTO invigilator_unavailable(invigilator_id, start_at, end_at) "
           "VALUES(:p, :s, :e)",
        soci::use(person), soci::use(start), soci::use(end);
  }
}

void add_certificate(soci::session& sql, std::int64_t invigilator_id, std::int64_t level_id,
                     Timestamp now) {
  long long person = invigilator_id, level = level_id, at = now;
  sql << "INSERT INTO invigilator_certificates(invigilator_id, level_id, state, created_at, "
         "updated_at) VALUES(:p, :l, 'unsubmitted', :c, :u)",
      soci::use(person), soci::use(level), soci::use(at), soci::use(at);
}

void remove_certificate(soci::session& sql, std::int64_t id) {
  long long rid = id;
  sql << "DELETE FROM invigilator_certificates WHERE id = :id", soci::use(rid);
}

void set_state(soci::session& sql, std::int64_t certificate_id, State state,
               const std::string& reason, const std::string& reviewer, bool reviewed,
               Timestamp now) {
  long long id = certificate_id, at = now;
  std::string code = state_code(state), why = reason, who = reviewer;
  if (reviewed) {
    sql << "UPDATE invigilator_certificates SET state = :s, reason = :r, reviewed_by = :w, "
           "reviewed_at = :a, updated_at = :u WHERE id = :id",
        soci::use(code), soci::use(why), soci::use(who), soci::use(at), soci::use(at),
        soci::use(id);
  } else {
    sql << "UPDATE invigilator_certificates SET state = :s, reason = :r, updated_at = :u "
           "WHERE id = :id",
        soci::use(code), soci::use(why), soci::use(at), soci::use(id);
  }
}

std::optional<std::int64_t> owner_of(soci::session& sql, std::int64_t certificate_id) {
  std::optional<std::int64_t> out;
  db::Query q("FROM invigilator_certificates a");
  q.where("a.id = " + q.param(static_cast<long long>(certificate_id)));
  q.each(sql, "SELECT a.invigilator_id", "",
         [&](const db::Row& row) { out = db::get_i64(row, "invigilator_id"); });
  return out;
}

}  // namespace kaowu::invigilators::repository
