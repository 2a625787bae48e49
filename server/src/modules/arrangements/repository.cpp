#include "modules/arrangements/repository.hpp"

#include "core/auth/password.hpp"
#include "core/db/database.hpp"
#include "core/db/query.hpp"

namespace kaowu::arrangements::repository {

std::map<std::int64_t, RoomUsage> room_usage(soci::session& sql,
                                             const std::vector<std::int64_t>& room_ids) {
  std::map<std::int64_t, RoomUsage> out;
  if (room_ids.empty()) return out;
  soci::rowset<soci::row> rows = sql.prepare
                                 << "SELECT room_id, COUNT(*) AS n, MAX(slot_end) AS last_end "
                                    "FROM arrangements WHERE room_id IN (" +
                                        db::id_list(room_ids) + ") GROUP BY room_id";
  for (const auto& row : rows) {
    out[db::get_i64(row, "room_id")] = {db::get_i64(row, "n"), db::get_i64(row, "last_end")};
  }
  return out;
}

std::map<std::int64_t, Arrangement> of_registrations(
    soci::session& sql, const std::vector<std::int64_t>& registration_ids) {
  std::map<std::int64_t, Arrangement> out;
  if (registration_ids.empty()) return out;
  soci::rowset<soci::row> rows = sql.prepare << "SELECT id, plan_id, registration_id, room_id, "
                                                "site_id, slot_start, slot_end, seat_no, ticket_no "
                                                "FROM arrangements WHERE registration_id IN (" +
                                                    db::id_list(registration_ids) + ")";
  for (const auto& row : rows) {
    Arrangement a;
    a.id = db::get_i64(row, "id");
    a.plan_id = db::get_i64(row, "plan_id");
    a.registration_id = db::get_i64(row, "registration_id");
    a.room_id = db::get_i64(row, "room_id");
    a.site_id = db::get_i64(row, "site_id");
    a.slot_start = db::get_i64(row, "slot_start");
    a.slot_end = db::get_i64(row, "slot_end");
    a.seat_no = static_cast<int>(db::get_i64(row, "seat_no"));
    a.ticket_no = db::get_str(row, "ticket_no");
    out[a.registration_id] = a;
  }
  return out;
}

namespace sql_filter {
std::string room_unarranged(const std::string& col) {
  return "NOT EXISTS (SELECT 1 FROM arrangements ar WHERE ar.room_id = " + col + ")";
}
std::string room_in_progress(const std::string& col, const std::string& now) {
  return "EXISTS (SELECT 1 FROM arrangements ar WHERE ar.room_id = " + col + " AND ar.slot_end > " +
         now + ")";
}
std::string room_finished(const std::string& col, const std::string& now) {
  return "(EXISTS (SELECT 1 FROM arrangements ar WHERE ar.room_id = " + col +
         ") AND NOT EXISTS (SELECT 1 FROM arrangements ar WHERE ar.room_id = " + col +
         " AND ar.slot_end > " + now + "))";
}
std::string registration_unarranged(const std::string& col) {
  return "NOT EXISTS (SELECT 1 FROM arrangements ar WHERE ar.registration_id = " + col + ")";
}
std::string registration_slot(const std::string& col, const std::string& which,
                              const std::string& now) {
  std::string cond;
  if (which == "before")
    cond = now + " < ar.slot_start";
  else if (which == "during")
    cond = "ar.slot_start <= " + now + " AND " + now + " < ar.slot_end";
  else
    cond = "ar.slot_end <= " + now;
  return "EXISTS (SELECT 1 FROM arrangements ar WHERE ar.registration_id = " + col + " AND " +
         cond + ")";
}
}  // namespace sql_filter

std::int64_t insert(soci::session& sql, const Arrangement& a, Timestamp now) {
  long long plan = a.plan_id, reg = a.registration_id, room = a.room_id, site = a.site_id,
            start = a.slot_start, end = a.slot_end, created = now, id = 0;
  int seat = a.seat_no;
  std::string ticket = a.ticket_no;
  sql << "INSERT INTO arrangements(plan_id, registration_id, room_id, site_id, slot_start, "
         "slot_end, seat_no, "
         "ticket_no, created_at) VALUES(:p, :r, :ro, :s, :st, :en, :seat, :t, :c) RETURNING id",
      soci::use(plan), soci::use(reg), soci::use(room), soci::use(site), soci::use(start),
      soci::use(end), soci::use(seat), soci::use(ticket), soci::use(created), soci::into(id);
  return id;
}

namespace {
const char* kArrangementColumns =
    "SELECT id, plan_id, registration_id, room_id, site_id, slot_start, slot_end, seat_no, "
    "ticket_no FROM arrangements ";

Arrangement arrangement_from(const db::Row& row) {
  Arrangement a;
  a.id = db::get_i64(row, "id");
  a.plan_id = db::get_i64(row, "plan_id");
  a.registration_id = db::get_i64(row, "registration_id");
  a.room_id = db::get_i64(row, "room_id");
  a.site_id = db::get_i64(row, "site_id");
  a.slot_start = db::get_i64(row, "slot_start");
  a.slot_end = db::get_i64(row, "slot_end");
  a.seat_no = static_cast<int>(db::get_i64(row, "seat_no"));
  a.ticket_no = db::get_str(row, "ticket_no");
  return a;
}

RoomSlot room_slot_from(const db::Row& row) {
  RoomSlot r;
  r.id = db::get_i64(row, "id");
  r.plan_id = db::get_i64(row, "plan_id");
  r.site_id = db::get_i64(row, "site_id");
  r.room_id = db::get_i64(row, "room_id");
  r.slot_start = db::get_i64(row, "slot_start");
  r.slot_end = db::get_i64(row, "slot_end");
  return r;
}

Run run_from(const db::Row& row) {
  Run r;
  r.id = db::get_i64(row, "id");
  r.plan_id = db::get_i64(row, "plan_id");
  r.scope = db::get_str(row, "scope");
  r.scope_id = db::get_opt_i64(row, "scope_id");
  r.scope_name = db::get_str(row, "scope_name");
  r.job_id = db::get_opt_i64(row, "job_id");
  r.state = db::get_str(row, "state");
  r.error = db::get_str(row, "error");
  r.summary = db::get_str(row, "summary", "{}");
  r.created_by = db::get_opt_i64(row, "created_by");
  r.created_at = db::get_i64(row, "created_at");
  r.finished_at = db::get_opt_i64(row, "finished_at");
  return r;
}
const char* kRunColumns =
    "SELECT id, plan_id, scope, scope_id, scope_name, job_id, state, error, summary, created_by, "
    "created_at, finished_at FROM arrangement_runs ";
}  // namespace

void insert_many(soci::session& sql, const std::vector<Arrangement>& rows, Timestamp now) {
  if (rows.empty()) return;
  std::vector<long long> plan, reg, room, site, start, end, created;
  std::vector<int> seat;
  std::vector<std::string> ticket;
  for (const auto& a : rows) {
    plan.push_back(a.plan_id);
    reg.push_back(a.registration_id);
    room.push_back(a.room_id);
    site.push_back(a.site_id);
    start.push_back(a.slot_start);
    end.push_back(a.slot_end);
    seat.push_back(a.seat_no);
    ticket.push_back(a.ticket_no);
    created.push_back(now);
  }
  sql << "INSERT INTO arrangements(plan_id, registration_id, room_id, site_id, slot_start, "
         "slot_end, seat_no, ticket_no, created_at) VALUES(:p, :r, :ro, :s, :st, :en, :seat, :t, "
         ":c)",
      soci::use(plan), soci::use(reg), soci::use(room), soci::use(site), soci::use(start),
      soci::use(end), soci::use(seat), soci::use(ticket), soci::use(created);
}

std::vector<Arrangement> of_plan(soci::session& sql, std::int64_t plan_id) {
  long long plan = plan_id;
  std::vector<Arrangement> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kArrangementColumns) + "WHERE plan_id = :p ORDER BY id",
       soci::use(plan));
  for (const auto& row : rows) out.push_back(arrangement_from(row));
  return out;
}

std::optional<Arrangement> find(soci::session& sql, std::int64_t id) {
  long long aid = id;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kArrangementColumns) + "WHERE id = :id", soci::use(aid));
  for (const auto& row : rows) return arrangement_from(row);
  return std::nullopt;
}

void move(soci::session& sql, std::int64_t id, std::int64_t room_id, std::int64_t site_id,
          int seat_no) {
  long long aid = id, room = room_id, site = site_id;
  int seat = seat_no;
  sql << "UPDATE arrangements SET room_id = :r, site_id = :s, seat_no = :n WHERE id = :id",
      soci::use(room), soci::use(site), soci::use(seat), soci::use(aid);
}

void remove(soci::session& sql, std::int64_t id) {
  long long aid = id;
  sql << "DELETE FROM arrangements WHERE id = :id", soci::use(aid);
}

std::map<std::int64_t, std::string> tickets_of_plan(soci::session& sql, std::int64_t plan_id) {
  long long plan = plan_id;
  std::map<std::int64_t, std::string> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT student_id, ticket_no FROM tickets WHERE plan_id = :p",
       soci::use(plan));
  for (const auto& row : rows) out[db::get_i64(row, "student_id")] = db::get_str(row, "ticket_no");
  return out;
}

long long last_sequence(soci::session& sql, const std::string& prefix) {
  std::string low = prefix + "000000", high = prefix + "999999", last;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MAX(ticket_no) FROM tickets WHERE ticket_no >= :a AND ticket_no <= :b",
      soci::use(low), soci::use(high), soci::into(last, ind);
  if (ind == soci::i_null || last.size() != 25) return 0;
  return std::stoll(last.substr(19));
}

void insert_tickets(soci::session& sql, std::int64_t plan_id,
                    const std::vector<std::pair<std::int64_t, std::string>>& tickets,
                    Timestamp now) {
  if (tickets.empty()) return;
  std::vector<long long> plan, student, created;
  std::vector<std::string> no;
  for (const auto& [s, t] : tickets) {
    plan.push_back(plan_id);
    student.push_back(s);
    no.push_back(t);
    created.push_back(now);
  }
  sql << "INSERT INTO tickets(plan_id, student_id, ticket_no, created_at) VALUES(:p, :s, :t, :c)",
      soci::use(plan), soci::use(student), soci::use(no), soci::use(created);
}

std::vector<RoomSlot> room_slots_of_plan(soci::session& sql, std::int64_t plan_id) {
  long long plan = plan_id;
  std::vector<RoomSlot> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, plan_id, site_id, room_id, slot_start, slot_end FROM room_slots "
                      "WHERE plan_id = :p ORDER BY slot_start, room_id",
       soci::use(plan));
  for (const auto& row : rows) out.push_back(room_slot_from(row));
  return out;
}

std::optional<RoomSlot> find_room_slot(soci::session& sql, std::int64_t id) {
  long long rid = id;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, plan_id, site_id, room_id, slot_start, slot_end FROM room_slots "
                      "WHERE id = :id",
       soci::use(rid));
  for (const auto& row : rows) return room_slot_from(row);
  return std::nullopt;
}

std::int64_t insert_room_slot(soci::session& sql, const RoomSlot& r, Timestamp now) {
  long long plan = r.plan_id, site = r.site_id, room = r.room_id, start = r.slot_start,
            end = r.slot_end, created = now, id = 0;
  sql << "INSERT INTO room_slots(plan_id, site_id, room_id, slot_start, slot_end, created_at) "
         "VALUES(:p, :s, :r, :st, :en, :c) RETURNING id",
      soci::use(plan), soci::use(site), soci::use(room), soci::use(start), soci::use(end),
      soci::use(created), soci::into(id);
  return id;
}

std::int64_t ensure_room_slot(soci::session& sql, const Arrangement& a, Timestamp now) {
  long long room = a.room_id, start = a.slot_start, id = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT id FROM room_slots WHERE room_id = :r AND slot_start = :s", soci::use(room),
      soci::use(start), soci::into(id, ind);
  if (ind == soci::i_ok) return id;
  RoomSlot r;
  r.plan_id = a.plan_id;
  r.site_id = a.site_id;
  r.room_id = a.room_id;
  r.slot_start = a.slot_start;
  r.slot_end = a.slot_end;
  return insert_room_slot(sql, r, now);
}

void remove_empty_room_slots(soci::session& sql, std::int64_t plan_id) {
  long long plan = plan_id;
  const std::string empty =
      "plan_id = :p AND NOT EXISTS (SELECT 1 FROM arrangements a WHERE a.room_id = "
      "room_slots.room_id AND a.slot_start = room_slots.slot_start)";
  sql << "DELETE FROM invigilation WHERE room_slot_id IN (SELECT id FROM room_slots WHERE " +
             empty + ")",
      soci::use(plan);
  sql << "DELETE FROM room_slots WHERE " + empty, soci::use(plan);
}

std::vector<Assignment> assignments_of_plan(soci::session& sql, std::int64_t plan_id) {
  long long plan = plan_id;
  std::vector<Assignment> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT plan_id, site_id, room_slot_id, slot_start, slot_end, "
                      "invigilator_id, role, own_college FROM invigilation WHERE plan_id = :p "
                      "ORDER BY slot_start, id",
       soci::use(plan));
  for (const auto& row : rows) {
    Assignment a;
    a.plan_id = db::get_i64(row, "plan_id");
    a.site_id = db::get_i64(row, "site_id");
    a.room_slot_id = db::get_opt_i64(row, "room_slot_id");
    a.slot_start = db::get_i64(row, "slot_start");
    a.slot_end = db::get_i64(row, "slot_end");
    a.invigilator_id = db::get_i64(row, "invigilator_id");
    a.role = db::get_str(row, "role");
    a.own_college = db::get_bool(row, "own_college");
    out.push_back(a);
  }
  return out;
}

void remove_future_assignments(soci::session& sql, std::int64_t plan_id, Timestamp now) {
  long long plan = plan_id, at = now;
  sql << "DELETE FROM invigilation WHERE plan_id = :p AND slot_start > :t", soci::use(plan),
      soci::use(at);
}

void insert_assignments(soci::session& sql, const std::vector<Assignment>& rows, Timestamp now) {
  if (rows.empty()) return;
  std::vector<long long> plan, site, room_slot, start, end, person, created;
  std::vector<soci::indicator> room_slot_ind;
  std::vector<std::string> role;
  std::vector<int> own;
  for (const auto& a : rows) {
    plan.push_back(a.plan_id);
    site.push_back(a.site_id);
    room_slot.push_back(a.room_slot_id.value_or(0));
    room_slot_ind.push_back(a.room_slot_id ? soci::i_ok : soci::i_null);
    start.push_back(a.slot_start);
    end.push_back(a.slot_end);
    person.push_back(a.invigilator_id);
    role.push_back(a.role);
    own.push_back(a.own_college ? 1 : 0);
    created.push_back(now);
  }
  sql << "INSERT INTO invigilation(plan_id, site_id, room_slot_id, slot_start, slot_end, "
         "invigilator_id, role, own_college, created_at) VALUES(:p, :s, :r, :st, :en, :i, :ro, "
         ":o, :c)",
      soci::use(plan), soci::use(site), soci::use(room_slot, room_slot_ind), soci::use(start),
      soci::use(end), soci::use(person), soci::use(role), soci::use(own), soci::use(created);
}

void set_room_invigilators(soci::session& sql, const RoomSlot& slot,
                           const std::vector<std::pair<std::int64_t, bool>>& people,
                           Timestamp now) {
  long long id = slot.id;
  sql << "DELETE FROM invigilation WHERE room_slot_id = :r", soci::use(id);
  std::vector<Assignment> rows;
  for (const auto& [person, own] : people) {
    Assignment a;
    a.plan_id = slot.plan_id;
    a.site_id = slot.site_id;
    a.room_slot_id = slot.id;
    a.slot_start = slot.slot_start;
    a.slot_end = slot.slot_end;
    a.invigilator_id = person;
    a.role = "room";
    a.own_college = own;
    rows.push_back(a);
  }
  insert_assignments(sql, rows, now);
}

std::map<std::int64_t, std::vector<std::pair<Timestamp, Timestamp>>> busy_elsewhere(
    soci::session& sql, const std::vector<std::int64_t>& person_ids, std::int64_t plan_id) {
  std::map<std::int64_t, std::vector<std::pair<Timestamp, Timestamp>>> out;
  if (person_ids.empty()) return out;
  long long plan = plan_id;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT invigilator_id, slot_start, slot_end FROM invigilation WHERE "
                      "plan_id <> :p AND invigilator_id IN (" +
                          db::id_list(person_ids) + ")",
       soci::use(plan));
  for (const auto& row : rows) {
    out[db::get_i64(row, "invigilator_id")].emplace_back(db::get_i64(row, "slot_start"),
                                                         db::get_i64(row, "slot_end"));
  }
  return out;
}

std::int64_t insert_run(soci::session& sql, const Run& r) {
  long long plan = r.plan_id, created = r.created_at, id = 0;
  long long scope_id = r.scope_id.value_or(0), by = r.created_by.value_or(0);
  soci::indicator scope_ind = r.scope_id ? soci::i_ok : soci::i_null;
  soci::indicator by_ind = r.created_by ? soci::i_ok : soci::i_null;
  std::string scope = r.scope, name = r.scope_name, state = r.state;
  sql << "INSERT INTO arrangement_runs(plan_id, scope, scope_id, scope_name, state, created_by, "
         "created_at) VALUES(:p, :s, :si, :sn, :st, :b, :c) RETURNING id",
      soci::use(plan), soci::use(scope), soci::use(scope_id, scope_ind), soci::use(name),
      soci::use(state), soci::use(by, by_ind), soci::use(created), soci::into(id);
  return id;
}

void set_run_job(soci::session& sql, std::int64_t run_id, std::int64_t job_id) {
  long long run = run_id, job = job_id;
  sql << "UPDATE arrangement_runs SET job_id = :j WHERE id = :id", soci::use(job), soci::use(run);
}

std::optional<Run> find_run(soci::session& sql, std::int64_t id) {
  long long rid = id;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kRunColumns) + "WHERE id = :id", soci::use(rid));
  for (const auto& row : rows) return run_from(row);
  return std::nullopt;
}

std::vector<Run> runs_of_plan(soci::session& sql, std::int64_t plan_id, int limit) {
  long long plan = plan_id;
  std::vector<Run> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kRunColumns) + "WHERE plan_id = :p ORDER BY id DESC LIMIT " +
                          std::to_string(limit),
       soci::use(plan));
  for (const auto& row : rows) out.push_back(run_from(row));
  return out;
}

std::optional<Run> running_of_plan(soci::session& sql, std::int64_t plan_id) {
  long long plan = plan_id;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kRunColumns) + "WHERE plan_id = :p AND state = 'running'",
       soci::use(plan));
  for (const auto& row : rows) return run_from(row);
  return std::nullopt;
}

bool finish_run(soci::session& sql, std::int64_t id, const std::string& state,
                const std::string& error, const std::string& summary, Timestamp now) {
  long long rid = id, at = now;
  std::string st = state, e = error, sum = summary;
  soci::statement stmt =
      (sql.prepare << "UPDATE arrangement_runs SET state = :s, error = :e, summary = :m, "
                      "finished_at = :t WHERE id = :id AND state = 'running'",
       soci::use(st), soci::use(e), soci::use(sum), soci::use(at), soci::use(rid));
  stmt.execute(true);
  return stmt.get_affected_rows() > 0;
}

void insert_unplaced(soci::session& sql, std::int64_t run_id,
                     const std::vector<std::pair<std::int64_t, std::string>>& rows) {
  if (rows.empty()) return;
  std::vector<long long> run, reg;
  std::vector<std::string> reason;
  for (const auto& [r, why] : rows) {
    run.push_back(run_id);
    reg.push_back(r);
    reason.push_back(why);
  }
  sql << "INSERT INTO arrangement_unplaced(run_id, registration_id, reason) VALUES(:r, :g, :w)",
      soci::use(run), soci::use(reg), soci::use(reason);
}

}  // namespace kaowu::arrangements::repository
