#include "modules/certificates/repository.hpp"

#include <map>

#include "core/db/database.hpp"
#include "core/db/query.hpp"

namespace kaowu::certificates::repository {

namespace {
const char* kColumns =
    "SELECT c.id, c.org_id, o.name AS org_name, c.code, c.name, c.description, c.pass_condition, "
    "c.pass_total, c.enabled, c.version, c.created_at, c.updated_at";
const char* kFrom = "FROM certificates c JOIN organizations o ON o.id = c.org_id";

Certificate header(const db::Row& row) {
  Certificate c;
  c.id = db::get_i64(row, "id");
  c.org_id = db::get_i64(row, "org_id");
  c.org_name = db::get_str(row, "org_name");
  c.code = db::get_str(row, "code");
  c.name = db::get_str(row, "name");
  c.description = db::get_str(row, "description");
  c.pass_condition = db::get_str(row, "pass_condition");
  if (auto t = db::get_opt_i64(row, "pass_total")) c.pass_total = static_cast<int>(*t);
  c.enabled = db::get_bool(row, "enabled");
  c.version = static_cast<int>(db::get_i64(row, "version"));
  c.created_at = db::get_i64(row, "created_at");
  c.updated_at = db::get_i64(row, "updated_at");
  return c;
}

void load_children(soci::session& sql, std::vector<Certificate>& certs, bool majors) {
  if (certs.empty()) return;
  std::map<std::int64_t, Certificate*> by_id;
  std::vector<std::int64_t> id_vec;
  for (auto& c : certs) {
    by_id[c.id] = &c;
    id_vec.push_back(c.id);
  }
  const std::string ids = db::id_list(id_vec);
  std::map<std::int64_t, Level*> levels;
  {
    db::Query q("FROM certificate_levels l");
    q.where("l.certificate_id IN (" + ids + ")");
    std::vector<std::pair<std::int64_t, Level>> rows;
    q.each(sql,
           "SELECT l.id, l.certificate_id, l.level, l.code, l.fee_fen, l.pass_condition, "
           "l.pass_total",
           "", [&](const db::Row& row) {
             Level l;
             l.id = db::get_i64(row, "id");
             l.pass_condition = db::get_str(row, "pass_condition");
             if (auto t = db::get_opt_i64(row, "pass_total")) l.pass_total = static_cast<int>(*t);
             l.level = db::get_str(row, "level");
             l.code = db::get_str(row, "code");
             l.fee_fen = db::get_i64(row, "fee_fen");
             rows.emplace_back(db::get_i64(row, "certificate_id"), std::move(l));
           });
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return level_rank(a.second.level) < level_rank(b.second.level);
    });
    for (auto& [cert_id, l] : rows) by_id[cert_id]->levels.push_back(std::move(l));
    for (auto& c : certs) {
      for (auto& l : c.levels) levels[l.id] = &l;
    }
  }
  if (!levels.empty()) {
    std::vector<std::int64_t> level_vec;
    for (auto& [id, _] : levels) level_vec.push_back(id);
    const std::string level_ids = db::id_list(level_vec);
    db::Query q("FROM certificate_subjects s");
    q.where("s.level_id IN (" + level_ids + ")");
    q.each(sql,
           "SELECT s.id, s.level_id, s.code, s.name, s.mode, s.duration_minutes, s.full_mark, "
           "s.pass_mark, s.fee_fen",
           "ORDER BY s.sort, s.id", [&](const db::Row& row) {
             Subject s;
             s.id = db::get_i64(row, "id");
             s.code = db::get_str(row, "code");
             s.name = db::get_str(row, "name");
             s.mode = db::get_str(row, "mode");
             s.duration_minutes = static_cast<int>(db::get_i64(row, "duration_minutes"));
             s.full_mark = static_cast<int>(db::get_i64(row, "full_mark"));
             s.pass_mark = static_cast<int>(db::get_i64(row, "pass_mark"));
             s.fee_fen = db::get_i64(row, "fee_fen");
             levels[db::get_i64(row, "level_id")]->subjects.push_back(std::move(s));
           });
  }
  db::Query q("FROM certificate_majors m");
  q.where("m.certificate_id IN (" + ids + ")");
  q.each(sql, "SELECT m.certificate_id, m.name, m.code", "ORDER BY m.id", [&](const db::Row& row) {
    Certificate* c = by_id[db::get_i64(row, "certificate_id")];
    if (majors) {
      c->majors.push_back({db::get_str(row, "name"), db::get_str(row, "code")});
    } else {
      c->majors.push_back({});
    }
  });
}

void insert_subject(soci::session& sql, std::int64_t level_id, const Subject& s, int sort) {
  long long level = level_id, fee = s.fee_fen;
  std::string code = s.code, name = s.name, mode = s.mode;
  int duration = s.duration_minutes, full = s.full_mark, pass = s.pass_mark, order = sort;
  sql << "INSERT INTO certificate_subjects(level_id, code, name, mode, duration_minutes, "
         "full_mark, "
         "pass_mark, fee_fen, sort) VALUES(:l, :c, :n, :m, :d, :f, :p, :fee, :s)",
      soci::use(level), soci::use(code), soci::use(name), soci::use(mode), soci::use(duration),
      soci::use(full), soci::use(pass), soci::use(fee), soci::use(order);
}

bool level_code_taken(soci::session& sql, const std::string& code) {
  db::Query q("FROM certificate_levels l");
  q.where("l.code = " + q.param(code));
  return q.count(sql) > 0;
}

// A level saved without a code gets 9 and seven digits of its id, as migration 019 gave the
// levels made before; when a level already holds that code, the next free one.
void generate_level_code(soci::session& sql, std::int64_t level_id) {
  long long candidate = 90000000 + level_id;
  for (;; ++candidate) {
    if (candidate > 99999999) candidate = 10000000;
    if (!level_code_taken(sql, std::to_string(candidate))) break;
  }
  std::string code = std::to_string(candidate);
  long long id = level_id;
  sql << "UPDATE certificate_levels SET code = :k WHERE id = :id", soci::use(code), soci::use(id);
}

void set_level_condition(soci::session& sql, std::int64_t level_id, const Level& l) {
  long long id = level_id, total = l.pass_total.value_or(0);
  std::string condition = l.pass_condition.empty() ? "all_subjects" : l.pass_condition;
  soci::indicator total_ind = l.pass_total ? soci::i_ok : soci::i_null;
  sql << "UPDATE certificate_levels SET pass_condition = :c, pass_total = :t WHERE id = :id",
      soci::use(condition), soci::use(total, total_ind), soci::use(id);
}

std::int64_t insert_level(soci::session& sql, std::int64_t cert_id, const Level& l) {
  long long cert = cert_id, fee = l.fee_fen, id = 0;
  std::string level = l.level, code = l.code;
  soci::indicator code_ind = code.empty() ? soci::i_null : soci::i_ok;
  sql << "INSERT INTO certificate_levels(certificate_id, level, code, fee_fen) "
         "VALUES(:c, :l, :k, :f) RETURNING id",
      soci::use(cert), soci::use(level), soci::use(code, code_ind), soci::use(fee), soci::into(id);
  if (l.code.empty()) generate_level_code(sql, id);
  set_level_condition(sql, id, l);
  return id;
}

void replace_majors(soci::session& sql, std::int64_t cert_id, const std::vector<Major>& majors) {
  long long cert = cert_id;
  sql << "DELETE FROM certificate_majors WHERE certificate_id = :c", soci::use(cert);
  for (const auto& m : majors) {
    std::string name = m.name, code = m.code;
    sql << "INSERT INTO certificate_majors(certificate_id, name, code) VALUES(:c, :n, :k)",
        soci::use(cert), soci::use(name), soci::use(code);
  }
}
}  // namespace

std::optional<Certificate> find(soci::session& sql, std::int64_t id) {
  db::Query q(kFrom);
  q.where("c.id = " + q.param(static_cast<long long>(id)));
  std::vector<Certificate> out;
  q.each(sql, kColumns, "", [&](const db::Row& row) { out.push_back(header(row)); });
  if (out.empty()) return std::nullopt;
  load_children(sql, out, true);
  return out.front();
}

std::vector<Certificate> list(soci::session& sql, const Filter& filter, int page, int page_size,
                              long long& total) {
  db::Query q(kFrom, "FROM certificates c");
  if (!filter.keyword.empty()) {
    const std::string p = q.param(db::like_pattern(filter.keyword));
    q.where("c.name LIKE " + p + " ESCAPE '\\' OR c.code LIKE " + p + " ESCAPE '\\'");
  }
  if (filter.org_id) q.where("c.org_id = " + q.param(static_cast<long long>(*filter.org_id)));
  if (filter.enabled)
    q.where("c.enabled = " + q.param(static_cast<long long>(*filter.enabled ? 1 : 0)));
  total = q.count_cached(sql);
  std::vector<Certificate> out;
  q.each(sql, kColumns, "ORDER BY c.code" + db::page_clause(page, page_size),
         [&](const db::Row& row) { out.push_back(header(row)); });
  load_children(sql, out, false);
  return out;
}

std::optional<std::int64_t> id_by_code(soci::session& sql, const std::string& code) {
  db::Query q("FROM certificates c");
  q.where("c.code = " + q.param(code));
  std::optional<std::int64_t> id;
  q.each(sql, "SELECT c.id", "", [&](const db::Row& row) { id = db::get_i64(row, "id"); });
  return id;
}

std::optional<std::string> subject_code_in_use(soci::session& sql, const Certificate& c) {
  for (const auto& l : c.levels) {
    for (const auto& s : l.subjects) {
      db::Query q("FROM certificate_subjects s JOIN certificate_levels l ON l.id = s.level_id");
      q.where("s.code = " + q.param(s.code));
      q.where("l.certificate_id <> " + q.param(static_cast<long long>(c.id)));
      if (q.count(sql) > 0) return s.code;
    }
  }
  return std::nullopt;
}

std::optional<std::string> level_code_in_use(soci::session& sql, const Certificate& c) {
  for (const auto& l : c.levels) {
    if (l.code.empty()) continue;
    db::Query q("FROM certificate_levels l");
    q.where("l.code = " + q.param(l.code));
    q.where("(l.certificate_id <> " + q.param(static_cast<long long>(c.id)) + " OR l.level <> " +
            q.param(l.level) + ")");
    if (q.count(sql) > 0) return l.code;
  }
  return std::nullopt;
}

std::int64_t insert(soci::session& sql, const Certificate& c) {
  long long org = c.org_id, created = c.created_at, id = 0;
  std::string code = c.code, name = c.name, description = c.description,
              condition = c.pass_condition;
  int total = c.pass_total.value_or(0);
  soci::indicator total_ind = c.pass_total ? soci::i_ok : soci::i_null;
  int enabled = c.enabled ? 1 : 0;
  sql << "INSERT INTO certificates(org_id, code, name, description, pass_condition, pass_total, "
         "enabled, "
         "version, created_at, updated_at) VALUES(:o, :c, :n, :d, :pc, :pt, :e, 1, :ca, :ua) "
         "RETURNING id",
      soci::use(org), soci::use(code), soci::use(name), soci::use(description),
      soci::use(condition), soci::use(total, total_ind), soci::use(enabled), soci::use(created),
      soci::use(created), soci::into(id);
  for (const auto& l : c.levels) {
    const auto level_id = insert_level(sql, id, l);
    int sort = 0;
    for (const auto& s : l.subjects) insert_subject(sql, level_id, s, sort++);
  }
  replace_majors(sql, id, c.majors);
  return id;
}

bool update(soci::session& sql, const Certificate& c, int expected_version) {
  {
    long long id = c.id, updated = c.updated_at;
    std::string code = c.code, name = c.name, description = c.description,
                condition = c.pass_condition;
    int total = c.pass_total.value_or(0), expected = expected_version;
    soci::indicator total_ind = c.pass_total ? soci::i_ok : soci::i_null;
    soci::statement st =
        (sql.prepare << "UPDATE certificates SET code = :c, name = :n, description = :d, "
                        "pass_condition = :pc, "
                        "pass_total = :pt, version = version + 1, updated_at = :u WHERE id = :id "
                        "AND version = :v",
         soci::use(code), soci::use(name), soci::use(description), soci::use(condition),
         soci::use(total, total_ind), soci::use(updated), soci::use(id), soci::use(expected));
    st.execute(true);
    if (st.get_affected_rows() != 1) return false;
  }
  auto existing = find(sql, c.id);
  std::map<std::string, const Level*> old_levels;
  std::map<std::string, std::int64_t> old_subjects;  // code → id
  for (const auto& l : existing->levels) {
    old_levels[l.level] = &l;
    for (const auto& s : l.subjects) old_subjects[s.code] = s.id;
  }
  std::map<std::string, bool> kept_subject;
  for (const auto& l : c.levels) {
    std::int64_t level_id = 0;
    if (auto it = old_levels.find(l.level); it != old_levels.end()) {
      level_id = it->second->id;
      long long id = level_id, fee = l.fee_fen;
      sql << "UPDATE certificate_levels SET fee_fen = :f WHERE id = :id", soci::use(fee),
          soci::use(id);
      set_level_condition(sql, level_id, l);
      if (!l.code.empty()) {
        std::string code = l.code;
        sql << "UPDATE certificate_levels SET code = :k WHERE id = :id", soci::use(code),
            soci::use(id);
      }
      old_levels.erase(it);
    } else {
      level_id = insert_level(sql, c.id, l);
    }
    int sort = 0;
    for (const auto& s : l.subjects) {
      if (auto it = old_subjects.find(s.code); it != old_subjects.end()) {
        long long id = it->second, level = level_id, fee = s.fee_fen;
        std::string name = s.name, mode = s.mode;
        int duration = s.duration_minutes, full = s.full_mark, pass = s.pass_mark, order = sort;
        sql << "UPDATE certificate_subjects SET level_id = :l, name = :n, mode = :m, "
               "duration_minutes = :d, "
               "full_mark = :f, pass_mark = :p, fee_fen = :fee, sort = :s WHERE id = :id",
            soci::use(level), soci::use(name), soci::use(mode), soci::use(duration),
            soci::use(full), soci::use(pass), soci::use(fee), soci::use(order), soci::use(id);
        kept_subject[s.code] = true;
      } else {
        insert_subject(sql, level_id, s, sort);
      }
      ++sort;
    }
  }
  for (const auto& [code, id] : old_subjects) {
    if (kept_subject.count(code)) continue;
    long long sid = id;
    sql << "DELETE FROM certificate_subjects WHERE id = :id", soci::use(sid);
  }
  for (const auto& [name, level] : old_levels) {
    long long lid = level->id;
    sql << "DELETE FROM certificate_levels WHERE id = :id", soci::use(lid);
  }
  replace_majors(sql, c.id, c.majors);
  return true;
}

std::optional<std::int64_t> certificate_of_level(soci::session& sql, std::int64_t level_id) {
  db::Query q("FROM certificate_levels l");
  q.where("l.id = " + q.param(static_cast<long long>(level_id)));
  std::optional<std::int64_t> id;
  q.each(sql, "SELECT l.certificate_id", "",
         [&](const db::Row& row) { id = db::get_i64(row, "certificate_id"); });
  return id;
}

void upsert_major(soci::session& sql, std::int64_t certificate_id, const std::string& name,
                  const std::string& code) {
  long long cert = certificate_id;
  std::string n = name, c = code;
  int existing = 0;
  sql << "SELECT COUNT(*) FROM certificate_majors WHERE certificate_id = :c AND name = :n",
      soci::use(cert), soci::use(n), soci::into(existing);
  if (existing) {
    if (!c.empty()) {
      sql << "UPDATE certificate_majors SET code = :k WHERE certificate_id = :c AND name = :n",
          soci::use(c), soci::use(cert), soci::use(n);
    }
    return;
  }
  sql << "INSERT INTO certificate_majors(certificate_id, name, code) VALUES(:c, :n, :k)",
      soci::use(cert), soci::use(n), soci::use(c);
}

void set_enabled(soci::session& sql, std::int64_t id, bool enabled, Timestamp now) {
  long long cert = id, at = now;
  int e = enabled ? 1 : 0;
  sql << "UPDATE certificates SET enabled = :e, version = version + 1, updated_at = :u WHERE id = "
         ":id",
      soci::use(e), soci::use(at), soci::use(cert);
}

}  // namespace kaowu::certificates::repository
