#include "modules/weekly_reports/repository.hpp"

#include "core/db/database.hpp"
#include "core/db/query.hpp"

namespace kaowu::weekly_reports::repository {

namespace {
const char* kColumns =
    "SELECT r.id, r.college_id, c.name AS college_name, c.college_type, c.province_id, "
    "p.name AS province_name, r.cadence, r.period_start, r.period_end, r.period_label, r.progress, "
    "r.difficulties, r.suggestions, r.status, r.submitted_at, r.version, r.created_at, "
    "r.updated_at";
const char* kFrom =
    "FROM weekly_reports r JOIN organizations c ON c.id = r.college_id "
    "LEFT JOIN organizations p ON p.id = c.province_id";
const char* kCountFrom = "FROM weekly_reports r JOIN organizations c ON c.id = r.college_id";

Report from_row(const db::Row& row) {
  Report r;
  r.id = db::get_i64(row, "id");
  r.college_id = db::get_i64(row, "college_id");
  r.college_name = db::get_str(row, "college_name");
  r.college_type = db::get_str(row, "college_type");
  r.province_id = db::get_opt_i64(row, "province_id");
  r.province_name = db::get_str(row, "province_name");
  r.period.cadence = parse_cadence(db::get_str(row, "cadence")).value_or(Cadence::weekly);
  r.period.start = db::get_i64(row, "period_start");
  r.period.end = db::get_i64(row, "period_end");
  r.period.label = db::get_str(row, "period_label");
  r.progress = db::get_str(row, "progress");
  r.difficulties = db::get_str(row, "difficulties");
  r.suggestions = db::get_str(row, "suggestions");
  r.state = parse_state(db::get_str(row, "status")).value_or(State::draft);
  r.submitted_at = db::get_opt_i64(row, "submitted_at");
  r.version = static_cast<int>(db::get_i64(row, "version"));
  r.created_at = db::get_i64(row, "created_at");
  r.updated_at = db::get_i64(row, "updated_at");
  return r;
}

void scope(db::Query& q, const Visibility& v) {
  if (v.college_id) q.where("r.college_id = " + q.param(static_cast<long long>(*v.college_id)));
  if (v.province_id) q.where("c.province_id = " + q.param(static_cast<long long>(*v.province_id)));
}

void filter(db::Query& q, const Filter& f) {
  if (!f.state.empty()) q.where("r.status = " + q.param(f.state));
  if (f.period_start)
    q.where("r.period_start = " + q.param(static_cast<long long>(*f.period_start)));
  if (f.from) q.where("r.period_end > " + q.param(static_cast<long long>(*f.from)));
  if (f.to) q.where("r.period_start < " + q.param(static_cast<long long>(*f.to)));
  if (f.college_id) q.where("r.college_id = " + q.param(static_cast<long long>(*f.college_id)));
  if (!f.college_name.empty())
    q.where("c.name LIKE " + q.param(db::like_pattern(f.college_name)) + " ESCAPE '\\'");
}

std::optional<Report> one(soci::session& sql, db::Query& q) {
  std::optional<Report> out;
  q.each(sql, kColumns, "", [&](const db::Row& row) { out = from_row(row); });
  return out;
}

College college_from_row(const db::Row& row) {
  College c;
  c.id = db::get_i64(row, "id");
  c.name = db::get_str(row, "name");
  c.college_type = db::get_str(row, "college_type");
  c.province_id = db::get_opt_i64(row, "province_id");
  c.province_name = db::get_str(row, "province_name");
  return c;
}
}  // namespace

std::optional<College> college(soci::session& sql, std::int64_t college_id) {
  db::Query q("FROM organizations c LEFT JOIN organizations p ON p.id = c.province_id");
  q.where("c.id = " + q.param(static_cast<long long>(college_id)));
  q.where("c.type = 'college'");
  std::optional<College> out;
  q.each(sql, "SELECT c.id, c.name, c.college_type, c.province_id, p.name AS province_name", "",
         [&](const db::Row& row) { out = college_from_row(row); });
  return out;
}

std::vector<College> colleges_of(soci::session& sql, std::int64_t province_id) {
  db::Query q("FROM organizations c LEFT JOIN organizations p ON p.id = c.province_id");
  q.where("c.province_id = " + q.param(static_cast<long long>(province_id)));
  q.where("c.type = 'college'");
  q.where("c.enabled = 1");
  std::vector<College> out;
  q.each(sql, "SELECT c.id, c.name, c.college_type, c.province_id, p.name AS province_name",
         "ORDER BY c.name, c.id",
         [&](const db::Row& row) { out.push_back(college_from_row(row)); });
  return out;
}

std::vector<CadenceChange> schedule(soci::session& sql, std::int64_t province_id) {
  db::Query q("FROM weekly_report_cadences k");
  q.where("k.province_id = " + q.param(static_cast<long long>(province_id)));
  std::vector<CadenceChange> out;
  q.each(sql, "SELECT k.cadence, k.effective_from", "ORDER BY k.effective_from",
         [&](const db::Row& row) {
           out.push_back({parse_cadence(db::get_str(row, "cadence")).value_or(Cadence::weekly),
                          db::get_i64(row, "effective_from")});
         });
  return out;
}

void set_cadence(soci::session& sql, std::int64_t province_id, const CadenceChange& change,
                 std::int64_t account_id, Timestamp now) {
  long long province = province_id, from = change.from, account = account_id, at = now;
  std::string cadence = cadence_code(change.cadence);
  sql << "DELETE FROM weekly_report_cadences WHERE province_id = :p AND effective_from >= :f",
      soci::use(province), soci::use(from);
  sql << "INSERT INTO weekly_report_cadences(province_id, cadence, effective_from, account_id, "
         "created_at) "
         "VALUES(:p, :c, :f, :a, :n)",
      soci::use(province), soci::use(cadence), soci::use(from), soci::use(account), soci::use(at);
}

std::optional<Report> find(soci::session& sql, std::int64_t id) {
  db::Query q(kFrom);
  q.where("r.id = " + q.param(static_cast<long long>(id)));
  return one(sql, q);
}

std::optional<Report> find_by_period(soci::session& sql, std::int64_t college_id,
                                     Timestamp period_start) {
  db::Query q(kFrom);
  q.where("r.college_id = " + q.param(static_cast<long long>(college_id)));
  q.where("r.period_start = " + q.param(static_cast<long long>(period_start)));
  return one(sql, q);
}

std::vector<Report> list(soci::session& sql, const Visibility& v, const Filter& f, int page,
                         int page_size, long long* total) {
  db::Query q(kFrom, kCountFrom);
  scope(q, v);
  filter(q, f);
  if (total) *total = q.count_cached(sql);
  std::vector<Report> out;
  q.each(sql, kColumns,
         "ORDER BY r.period_start DESC, c.name, r.id" + db::page_clause(page, page_size),
         [&](const db::Row& row) { out.push_back(from_row(row)); });
  return out;
}

std::map<std::string, long long> counts(soci::session& sql, const Visibility& v, Filter f) {
  f.state.clear();
  db::Query q(kCountFrom);
  scope(q, v);
  filter(q, f);
  std::map<std::string, long long> out;
  q.each(sql, "SELECT r.status, COUNT(*) AS n", "GROUP BY r.status",
         [&](const db::Row& row) { out[db::get_str(row, "status")] = db::get_i64(row, "n"); });
  return out;
}

std::map<std::int64_t, Report> of_period(soci::session& sql, std::int64_t province_id,
                                         Timestamp period_start) {
  db::Query q(kFrom);
  q.where("c.province_id = " + q.param(static_cast<long long>(province_id)));
  q.where("r.period_start = " + q.param(static_cast<long long>(period_start)));
  std::map<std::int64_t, Report> out;
  q.each(sql, kColumns, "", [&](const db::Row& row) {
    Report r = from_row(row);
    out.emplace(r.college_id, std::move(r));
  });
  return out;
}

std::map<Timestamp, std::map<std::string, long long>> tally(soci::session& sql,
                                                            std::int64_t province_id,
                                                            Timestamp from, Timestamp to) {
  db::Query q(kCountFrom);
  q.where("c.province_id = " + q.param(static_cast<long long>(province_id)));
  q.where("c.enabled = 1");
  q.where("r.period_start >= " + q.param(static_cast<long long>(from)));
  q.where("r.period_start < " + q.param(static_cast<long long>(to)));
  std::map<Timestamp, std::map<std::string, long long>> out;
  q.each(sql, "SELECT r.period_start, r.status, COUNT(*) AS n", "GROUP BY r.period_start, r.status",
         [&](const db::Row& row) {
           out[db::get_i64(row, "period_start")][db::get_str(row, "status")] =
               db::get_i64(row, "n");
         });
  return out;
}

std::int64_t insert(soci::session& sql, const Report& r, std::int64_t account_id) {
  long long college = r.college_id, start = r.period.start, end = r.period.end,
            created = r.created_at, account = account_id, id = 0;
  long long submitted = r.submitted_at.value_or(0);
  soci::indicator submitted_ind = r.submitted_at ? soci::i_ok : soci::i_null;
  std::string cadence = cadence_code(r.period.cadence), label = r.period.label,
              progress = r.progress, difficulties = r.difficulties, suggestions = r.suggestions,
              status = state_code(r.state);
  sql << "INSERT INTO weekly_reports(college_id, cadence, period_start, period_end, period_label, "
         "progress, "
         "difficulties, suggestions, status, submitted_at, version, created_by, created_at, "
         "updated_at) "
         "VALUES(:c, :k, :s, :e, :l, :p, :d, :g, :st, :sa, 1, :a, :ca, :ua) RETURNING id",
      soci::use(college), soci::use(cadence), soci::use(start), soci::use(end), soci::use(label),
      soci::use(progress), soci::use(difficulties), soci::use(suggestions), soci::use(status),
      soci::use(submitted, submitted_ind), soci::use(account), soci::use(created),
      soci::use(created), soci::into(id);
  return id;
}

bool update(soci::session& sql, const Report& r, int expected_version) {
  long long id = r.id, updated = r.updated_at;
  long long submitted = r.submitted_at.value_or(0);
  soci::indicator submitted_ind = r.submitted_at ? soci::i_ok : soci::i_null;
  int expected = expected_version;
  std::string progress = r.progress, difficulties = r.difficulties, suggestions = r.suggestions,
              status = state_code(r.state);
  soci::statement st =
      (sql.prepare << "UPDATE weekly_reports SET progress = :p, difficulties = :d, suggestions = "
                      ":g, status = :st, "
                      "submitted_at = :sa, version = version + 1, updated_at = :u WHERE id = :id "
                      "AND version = :v",
       soci::use(progress), soci::use(difficulties), soci::use(suggestions), soci::use(status),
       soci::use(submitted, submitted_ind), soci::use(updated), soci::use(id), soci::use(expected));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void remove(soci::session& sql, std::int64_t id) {
  long long rid = id;
  sql << "DELETE FROM weekly_report_reviews WHERE report_id = :id", soci::use(rid);
  sql << "DELETE FROM weekly_report_files WHERE report_id = :id", soci::use(rid);
  sql << "DELETE FROM weekly_reports WHERE id = :id", soci::use(rid);
}

bool lock(soci::session& sql, std::int64_t id) {
  long long rid = id;
  soci::statement st =
      (sql.prepare << "UPDATE weekly_reports SET version = version WHERE id = :id", soci::use(rid));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Attachment> attachments(soci::session& sql, std::int64_t report_id) {
  db::Query q("FROM weekly_report_files w JOIN files f ON f.id = w.file_id");
  q.where("w.report_id = " + q.param(static_cast<long long>(report_id)));
  std::vector<Attachment> out;
  q.each(sql, "SELECT w.file_id, w.kind, f.name, f.content_type, f.size",
         "ORDER BY w.kind DESC, w.seq", [&](const db::Row& row) {
           Attachment a;
           a.file_id = db::get_i64(row, "file_id");
           a.kind = parse_kind(db::get_str(row, "kind")).value_or(Kind::other);
           a.name = db::get_str(row, "name");
           a.content_type = db::get_str(row, "content_type");
           a.size = db::get_i64(row, "size");
           out.push_back(std::move(a));
         });
  return out;
}

void set_attachments(soci::session& sql, std::int64_t report_id,
                     const std::vector<Attachment>& files) {
  long long rid = report_id;
  sql << "DELETE FROM weekly_report_files WHERE report_id = :id", soci::use(rid);
  int seq = 0;
  for (const auto& a : files) {
    long long file = a.file_id;
    std::string kind = kind_code(a.kind);
    ++seq;
    sql << "INSERT INTO weekly_report_files(report_id, file_id, kind, seq) VALUES(:r, :f, :k, :s)",
        soci::use(rid), soci::use(file), soci::use(kind), soci::use(seq);
  }
}

std::vector<std::int64_t> stale_uploads(soci::session& sql, std::int64_t college_id,
                                        Timestamp before) {
  db::Query q("FROM files f");
  q.where("f.purpose = 'weekly_report'");
  q.where("f.org_id = " + q.param(static_cast<long long>(college_id)));
  q.where("f.created_at < " + q.param(static_cast<long long>(before)));
  q.where("NOT EXISTS (SELECT 1 FROM weekly_report_files w WHERE w.file_id = f.id)");
  std::vector<std::int64_t> out;
  q.each(sql, "SELECT f.id", "ORDER BY f.id",
         [&](const db::Row& row) { out.push_back(db::get_i64(row, "id")); });
  return out;
}

std::optional<std::int64_t> report_of_file(soci::session& sql, std::int64_t file_id) {
  db::Query q("FROM weekly_report_files w");
  q.where("w.file_id = " + q.param(static_cast<long long>(file_id)));
  std::optional<std::int64_t> out;
  q.each(sql, "SELECT w.report_id", "",
         [&](const db::Row& row) { out = db::get_i64(row, "report_id"); });
  return out;
}

std::vector<Review> reviews(soci::session& sql, std::int64_t report_id) {
  db::Query q("FROM weekly_report_reviews v");
  q.where("v.report_id = " + q.param(static_cast<long long>(report_id)));
  std::vector<Review> out;
  q.each(sql, "SELECT v.id, v.result, v.opinion, v.reviewer_name, v.province_name, v.reviewed_at",
         "ORDER BY v.id", [&](const db::Row& row) {
           Review r;
           r.id = db::get_i64(row, "id");
           r.approved = db::get_str(row, "result") == "approved";
           r.opinion = db::get_str(row, "opinion");
           r.reviewer_name = db::get_str(row, "reviewer_name");
           r.province_name = db::get_str(row, "province_name");
           r.reviewed_at = db::get_i64(row, "reviewed_at");
           out.push_back(std::move(r));
         });
  return out;
}

void add_review(soci::session& sql, std::int64_t report_id, const Review& r,
                std::int64_t reviewer_id) {
  long long rid = report_id, reviewer = reviewer_id, at = r.reviewed_at;
  std::string result = r.approved ? "approved" : "returned", opinion = r.opinion,
              name = r.reviewer_name, province = r.province_name;
  sql << "INSERT INTO weekly_report_reviews(report_id, result, opinion, reviewer_id, "
         "reviewer_name, province_name, "
         "reviewed_at) VALUES(:r, :res, :o, :a, :n, :p, :t)",
      soci::use(rid), soci::use(result), soci::use(opinion), soci::use(reviewer), soci::use(name),
      soci::use(province), soci::use(at);
}

}  // namespace kaowu::weekly_reports::repository
