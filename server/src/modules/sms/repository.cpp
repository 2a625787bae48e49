#include "modules/sms/repository.hpp"

#include "core/db/database.hpp"
#include "core/db/query.hpp"
#include "core/input.hpp"

namespace kaowu::sms::repository {

namespace {
const char* kColumns =
    "SELECT m.id, m.college_id, c.name AS college_name, m.phone, m.template, m.params, m.body, "
    "m.subject_type, m.subject_id, m.state, m.attempts, m.provider, m.answer, m.created_at, "
    "m.sent_at, m.updated_at";
const char* kFrom = "FROM sms_messages m LEFT JOIN organizations c ON c.id = m.college_id";

Message from_row(const db::Row& row) {
  Message m;
  m.id = db::get_i64(row, "id");
  m.college_id = db::get_opt_i64(row, "college_id");
  m.college_name = db::get_str(row, "college_name");
  m.phone = db::get_str(row, "phone");
  m.template_code = db::get_str(row, "template");
  const auto params = nlohmann::json::parse(db::get_str(row, "params", "[]"), nullptr, false);
  if (params.is_array())
    for (const auto& p : params)
      if (p.is_string()) m.params.push_back(p.get<std::string>());
  m.body = db::get_str(row, "body");
  m.subject_type = db::get_str(row, "subject_type");
  m.subject_id = db::get_opt_i64(row, "subject_id");
  m.state = parse_state(db::get_str(row, "state")).value_or(State::queued);
  m.attempts = static_cast<int>(db::get_i64(row, "attempts"));
  m.provider = db::get_str(row, "provider");
  m.answer = db::get_str(row, "answer");
  m.created_at = db::get_i64(row, "created_at");
  m.sent_at = db::get_opt_i64(row, "sent_at");
  m.updated_at = db::get_i64(row, "updated_at");
  return m;
}
}  // namespace

std::int64_t insert(soci::session& sql, const Message& m, std::int64_t next_attempt_ms) {
  long long id = 0, created = m.created_at, next = next_attempt_ms;
  std::string phone = m.phone, tmpl = m.template_code, params = nlohmann::json(m.params).dump(),
              body = m.body, subject_type = m.subject_type;
  soci::indicator college_ind = m.college_id ? soci::i_ok : soci::i_null,
                  subject_ind = m.subject_id ? soci::i_ok : soci::i_null;
  long long college = m.college_id.value_or(0), subject = m.subject_id.value_or(0);
  sql << "INSERT INTO sms_messages(college_id, phone, template, params, body, subject_type, "
         "subject_id, state, attempts, next_attempt_ms, created_at, updated_at) "
         "VALUES(:c, :p, :t, :pa, :b, :st, :si, 'queued', 0, :n, :ca, :ua) RETURNING id",
      soci::use(college, college_ind), soci::use(phone), soci::use(tmpl), soci::use(params),
      soci::use(body), soci::use(subject_type), soci::use(subject, subject_ind), soci::use(next),
      soci::use(created), soci::use(created), soci::into(id);
  return id;
}

std::optional<Message> find(soci::session& sql, std::int64_t id) {
  db::Query q(kFrom);
  q.where("m.id = " + q.param(static_cast<long long>(id)));
  std::optional<Message> out;
  q.each(sql, kColumns, "", [&](const db::Row& row) { out = from_row(row); });
  return out;
}

std::vector<Message> list(soci::session& sql, std::optional<std::int64_t> college_id,
                          const Filter& f, int page, int page_size, long long* total) {
  db::Query q(kFrom, "FROM sms_messages m");
  if (college_id) q.where("m.college_id = " + q.param(static_cast<long long>(*college_id)));
  if (f.college_id) q.where("m.college_id = " + q.param(static_cast<long long>(*f.college_id)));
  if (!f.phone.empty())
    q.where("m.phone LIKE " + q.param(db::like_pattern(f.phone)) + " ESCAPE '\\'");
  if (!f.template_code.empty()) q.where("m.template = " + q.param(f.template_code));
  if (f.state) q.where("m.state = " + q.param(std::string(state_code(*f.state))));
  if (total) *total = q.count(sql);
  std::vector<Message> out;
  q.each(sql, kColumns, "ORDER BY m.id DESC" + db::page_clause(page, page_size),
         [&](const db::Row& row) { out.push_back(from_row(row)); });
  return out;
}

long long count_to_phone(soci::session& sql, const std::string& phone, Timestamp since) {
  db::Query q("FROM sms_messages m");
  q.where("m.phone = " + q.param(phone));
  q.where("m.created_at >= " + q.param(static_cast<long long>(since)));
  return q.count(sql);
}

long long count_of_college(soci::session& sql, std::int64_t college_id, Timestamp since) {
  db::Query q("FROM sms_messages m");
  q.where("m.college_id = " + q.param(static_cast<long long>(college_id)));
  q.where("m.created_at >= " + q.param(static_cast<long long>(since)));
  return q.count(sql);
}

std::map<std::int64_t, Message> latest(soci::session& sql, const std::string& subject_type,
                                       const std::vector<std::int64_t>& ids,
                                       const std::string& template_code) {
  std::map<std::int64_t, Message> out;
  if (ids.empty()) return out;
  db::Query q(kFrom);
  q.where("m.subject_type = " + q.param(subject_type));
  q.where("m.subject_id IN (" + db::id_list(ids) + ")");
  q.where("m.template = " + q.param(template_code));
  q.each(sql, kColumns, "ORDER BY m.id", [&](const db::Row& row) {
    auto m = from_row(row);
    out[*m.subject_id] = std::move(m);
  });
  return out;
}

std::vector<std::int64_t> due(soci::session& sql, std::int64_t now_ms, std::int64_t stale_ms,
                              int limit) {
  db::Query q("FROM sms_messages m");
  const std::string now = q.param(static_cast<long long>(now_ms));
  q.where("((m.state = 'queued' AND m.next_attempt_ms <= " + now +
          ") OR (m.state = 'sending' AND m.claimed_ms < " +
          q.param(static_cast<long long>(now_ms - stale_ms)) + "))");
  std::vector<std::int64_t> out;
  q.each(sql, "SELECT m.id", "ORDER BY m.next_attempt_ms, m.id LIMIT " + std::to_string(limit),
         [&](const db::Row& row) { out.push_back(db::get_i64(row, "id")); });
  return out;
}

bool claim(soci::session& sql, std::int64_t id, const std::string& worker, std::int64_t now_ms,
           std::int64_t stale_ms) {
  long long at = now_ms, stale = now_ms - stale_ms, message = id;
  std::string who = worker;
  soci::statement st =
      (sql.prepare << "UPDATE sms_messages SET state = 'sending', claimed_by = :w, claimed_ms = :t "
                      "WHERE id = :id AND ((state = 'queued' AND next_attempt_ms <= :n) OR "
                      "(state = 'sending' AND claimed_ms < :s))",
       soci::use(who), soci::use(at), soci::use(message), soci::use(at), soci::use(stale));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void finish(soci::session& sql, std::int64_t id, State state, int attempts,
            std::int64_t next_attempt_ms, const std::string& provider, const std::string& answer,
            std::optional<Timestamp> sent_at, Timestamp now, const Message& kept) {
  long long message = id, next = next_attempt_ms, updated = now, sent = sent_at.value_or(0);
  int tries = attempts;
  std::string st = state_code(state), prov = provider,
              ans = input::repair_utf8(answer.substr(0, 500)),
              params = nlohmann::json(kept.params).dump(), body = kept.body;
  soci::indicator sent_ind = sent_at ? soci::i_ok : soci::i_null;
  sql << "UPDATE sms_messages SET state = :st, attempts = :a, next_attempt_ms = :n, "
         "provider = :p, answer = :an, sent_at = :sa, updated_at = :u, claimed_by = '', "
         "params = :pa, body = :b WHERE id = :id",
      soci::use(st), soci::use(tries), soci::use(next), soci::use(prov), soci::use(ans),
      soci::use(sent, sent_ind), soci::use(updated), soci::use(params), soci::use(body),
      soci::use(message);
}

}  // namespace kaowu::sms::repository
