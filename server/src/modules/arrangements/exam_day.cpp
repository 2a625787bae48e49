#include "modules/arrangements/exam_day.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/auth/password.hpp"
#include "core/auth/server_keys.hpp"
#include "core/db/database.hpp"
#include "core/db/query.hpp"
#include "core/files.hpp"
#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "modules/arrangements/documents.hpp"
#include "modules/arrangements/model.hpp"
#include "modules/arrangements/repository.hpp"
#include "modules/arrangements/service.hpp"
#include "modules/checkins/ledger.hpp"
#include "modules/students/ledger.hpp"
#include "office/mask.hpp"

namespace kaowu::arrangements::exam_day {

namespace fs = std::filesystem;

namespace {

struct KindInfo {
  Kind kind;
  const char* code;
  const char* name;
};
constexpr KindInfo kKinds[] = {{Kind::door, "door", "考场门贴"},
                               {Kind::desk, "desk", "考场桌贴"},
                               {Kind::sign, "sign", "考场签到表"},
                               {Kind::tickets, "tickets", "准考证"},
                               {Kind::tickets_pdf, "tickets_pdf", "准考证（合并打印）"}};

const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// A temporary file that is removed however the writer ends.
struct TempFile {
  fs::path path;
  TempFile(const std::string& dir, const std::string& ext) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    path = fs::path(dir) / ("exam-day-" + crypto::random_token().substr(0, 16) + ext);
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove(path, ec);
  }
  std::string read() const {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream data;
    data << in.rdbuf();
    return data.str();
  }
};

// ------------------------------------------------------------------ what the documents print

// The room-slots' sheets; `own_college` keeps only that college's candidates (desk stickers).
std::vector<documents::RoomSheet> load_sheets(soci::session& sql,
                                              const std::vector<std::int64_t>& room_slot_ids,
                                              std::optional<std::int64_t> own_college) {
  std::vector<documents::RoomSheet> out;
  if (room_slot_ids.empty()) return out;
  std::map<std::int64_t, std::size_t> index;
  const std::string ids = db::id_list(room_slot_ids);
  soci::rowset<soci::row> heads =
      (sql.prepare << "SELECT rs.id, p.name AS plan_name, c.name AS certificate, ro.name AS room, "
                      "s.name AS site, s.region, s.address, sc.name AS site_college, "
                      "rs.slot_start, rs.slot_end FROM room_slots rs JOIN rooms ro ON ro.id = "
                      "rs.room_id JOIN plans p ON p.id = rs.plan_id JOIN sites s ON s.id = "
                      "rs.site_id JOIN organizations sc ON sc.id = s.college_id JOIN certificates "
                      "c ON c.id = ro.certificate_id WHERE rs.id IN (" +
                          ids + ") ORDER BY rs.slot_start, s.name, ro.name, rs.id");
  for (const auto& row : heads) {
    documents::RoomSheet r;
    r.plan_name = db::get_str(row, "plan_name");
    r.certificate = db::get_str(row, "certificate");
    r.room = db::get_str(row, "room");
    r.site = db::get_str(row, "site");
    r.site_address = db::get_str(row, "region") + db::get_str(row, "address");
    r.site_college = db::get_str(row, "site_college");
    r.start = db::get_i64(row, "slot_start");
    r.end = db::get_i64(row, "slot_end");
    index[db::get_i64(row, "id")] = out.size();
    out.push_back(std::move(r));
  }
  std::map<std::size_t, std::set<std::string>> subjects, modes, levels;
  soci::rowset<soci::row> seats =
      (sql.prepare << "SELECT rs.id AS room_slot_id, a.seat_no, a.ticket_no, st.name, "
                      "st.student_no, st.id_number, r.college_id, col.name AS college, su.name AS "
                      "subject, su.mode, l.level FROM room_slots rs JOIN arrangements a ON "
                      "a.room_id = rs.room_id AND a.slot_start = rs.slot_start JOIN registrations "
                      "r ON r.id = a.registration_id JOIN students st ON st.id = r.student_id JOIN "
                      "organizations col ON col.id = r.college_id JOIN certificate_subjects su ON "
                      "su.id = r.subject_id JOIN certificate_levels l ON l.id = r.level_id WHERE "
                      "rs.id IN (" +
                          ids + ") ORDER BY rs.id, a.seat_no");
  for (const auto& row : seats) {
    const std::size_t i = index[db::get_i64(row, "room_slot_id")];
    subjects[i].insert(db::get_str(row, "subject"));
    modes[i].insert(db::get_str(row, "mode"));
    levels[i].insert(db::get_str(row, "level"));
    if (own_college && db::get_i64(row, "college_id") != *own_college) continue;
    out[i].seats.push_back({static_cast<int>(db::get_i64(row, "seat_no")), db::get_str(row, "name"),
                            db::get_str(row, "student_no"), db::get_str(row, "ticket_no"),
                            db::get_str(row, "id_number"), db::get_str(row, "college")});
  }
  // 到场时间 from exam-day check-in.
  soci::rowset<soci::row> room_ids =
      (sql.prepare << "SELECT rs.id, rs.room_id FROM room_slots rs WHERE rs.id IN (" + ids + ")");
  for (const auto& row : room_ids) {
    const std::size_t i = index[db::get_i64(row, "id")];
    const auto arrived = checkins::ledger::arrivals(sql, db::get_i64(row, "room_id"), out[i].start);
    out[i].checked_in = !arrived.empty();
    for (auto& seat : out[i].seats) {
      if (auto it = arrived.find(seat.ticket_no); it != arrived.end())
        seat.arrived_at = cst::format_with(it->second, "%H:%M");
    }
  }
  auto joined = [](const std::set<std::string>& parts) {
    std::string text;
    for (const auto& p : parts) text += (text.empty() ? "" : "、") + p;
    return text;
  };
  for (const auto& [i, names] : subjects) {
    out[i].subject = joined(names);
    out[i].mode = joined(modes[i]);
    out[i].level = joined(levels[i]);
  }
  soci::rowset<soci::row> people =
      (sql.prepare << "SELECT rs.id AS room_slot_id, i.role, v.name FROM room_slots rs JOIN "
                      "invigilation i ON (i.room_slot_id = rs.id OR (i.room_slot_id IS NULL AND "
                      "i.site_id = rs.site_id AND i.slot_start = rs.slot_start AND i.plan_id = "
                      "rs.plan_id)) JOIN invigilators v ON v.id = i.invigilator_id WHERE rs.id IN "
                      "(" +
                          ids + ") ORDER BY v.teacher_no");
  for (const auto& row : people) {
    auto& sheet = out[index[db::get_i64(row, "room_slot_id")]];
    (db::get_str(row, "role") == "patrol" ? sheet.patrols : sheet.invigilators)
        .push_back(db::get_str(row, "name"));
  }
  return out;
}

// The order-independent fingerprint of a candidate's arranged subjects: a ticket printed before
// a room or seat changed no longer matches it.
std::string fingerprint(const std::vector<documents::TicketRow>& rows) {
  std::vector<std::string> parts;
  for (const auto& r : rows) {
    parts.push_back(r.subject + "|" + std::to_string(r.start) + "|" + r.room + "|" +
                    std::to_string(r.seat_no));
  }
  std::sort(parts.begin(), parts.end());
  std::string all;
  for (const auto& p : parts) all += p + "\n";
  return crypto::sha256_hex(all).substr(0, 10);
}

std::string signature(soci::session& sql, const std::string& ticket_no, const std::string& print,
                      Timestamp now) {
  const std::string key = server_keys::get(sql, "ticket_qr", now);
  return crypto::hmac_sha256_hex(key, ticket_no + "|" + print).substr(0, 20);
}

std::string url_of(soci::session& sql, const std::string& base_url, const documents::Ticket& t,
                   Timestamp now) {
  const std::string print = fingerprint(t.rows);
  return base_url + "/verify?t=" + t.ticket_no + "-" + print + "-" +
         signature(sql, t.ticket_no, print, now);
}

struct TicketFilter {
  std::int64_t plan_id = 0;
  std::optional<std::int64_t> college_id;  //!< only this college's candidates
  std::optional<std::int64_t> site_id;
  std::optional<std::int64_t> room_slot_id;  //!< candidates of this room-slot
  std::optional<std::int64_t> student_id;
  std::optional<std::string> ticket_no;
};

// Every ticket the filter selects, each with all arranged subjects of its candidate in the plan.
std::vector<documents::Ticket> load_tickets(soci::session& sql, const TicketFilter& f,
                                            const std::string& base_url, Timestamp now) {
  db::Query q(
      "FROM arrangements a JOIN registrations r ON r.id = a.registration_id JOIN students st ON "
      "st.id = r.student_id JOIN organizations col ON col.id = r.college_id JOIN plans p ON p.id "
      "= a.plan_id JOIN certificates c ON c.id = r.certificate_id JOIN certificate_subjects su ON "
      "su.id = r.subject_id JOIN rooms ro ON ro.id = a.room_id JOIN sites s ON s.id = a.site_id");
  q.where("a.plan_id = " + q.param(static_cast<long long>(f.plan_id)));
  if (f.college_id) q.where("r.college_id = " + q.param(static_cast<long long>(*f.college_id)));
  if (f.site_id) q.where("a.site_id = " + q.param(static_cast<long long>(*f.site_id)));
  if (f.student_id) q.where("r.student_id = " + q.param(static_cast<long long>(*f.student_id)));
  if (f.ticket_no) q.where("a.ticket_no = " + q.param(*f.ticket_no));
  if (f.room_slot_id) {
    q.where(
        "r.student_id IN (SELECT r2.student_id FROM room_slots rs JOIN arrangements a2 ON "
        "a2.room_id = rs.room_id AND a2.slot_start = rs.slot_start JOIN registrations r2 ON r2.id "
        "= a2.registration_id WHERE rs.id = " +
        q.param(static_cast<long long>(*f.room_slot_id)) + ")");
  }
  std::vector<documents::Ticket> out;
  std::map<std::int64_t, std::size_t> by_student;
  q.each(sql,
         "SELECT r.student_id, st.name, st.gender, st.id_number, st.student_no, col.name AS "
         "college, p.name AS plan_name, p.exam_notice, c.name AS certificate, su.name AS subject, "
         "su.mode, a.slot_start, a.slot_end, ro.name AS room, a.seat_no, a.ticket_no, s.name AS "
         "site, s.region, s.address",
         "ORDER BY st.student_no, a.slot_start", [&](const db::Row& row) {
           const std::int64_t student = db::get_i64(row, "student_id");
           auto [it, fresh] = by_student.emplace(student, out.size());
           if (fresh) {
             documents::Ticket t;
             t.plan_name = db::get_str(row, "plan_name");
             t.name = db::get_str(row, "name");
             t.gender = db::get_str(row, "gender");
             t.id_number = db::get_str(row, "id_number");
             t.student_no = db::get_str(row, "student_no");
             t.ticket_no = db::get_str(row, "ticket_no");
             t.college = db::get_str(row, "college");
             t.site = db::get_str(row, "site");
             t.site_address = db::get_str(row, "region") + db::get_str(row, "address");
             t.certificate = db::get_str(row, "certificate");
             t.notice = db::get_str(row, "exam_notice");
             out.push_back(std::move(t));
           }
           out[it->second].rows.push_back({db::get_str(row, "certificate"),
                                           db::get_str(row, "subject"), db::get_str(row, "mode"),
                                           db::get_i64(row, "slot_start"),
                                           db::get_i64(row, "slot_end"), db::get_str(row, "room"),
                                           static_cast<int>(db::get_i64(row, "seat_no"))});
         });
  for (auto& t : out) t.verify_url = url_of(sql, base_url, t, now);
  return out;
}

// Writes one kind of document into `path`.
Status write(Kind kind, const std::string& path, const std::vector<documents::RoomSheet>& sheets,
             const std::vector<documents::Ticket>& tickets, const documents::Progress& progress) {
  switch (kind) {
    case Kind::door:
      return documents::write_door_posters(path, sheets, progress);
    case Kind::desk:
      return documents::write_desk_stickers(path, sheets, progress);
    case Kind::sign:
      return documents::write_sign_in_sheets(path, sheets, progress);
    case Kind::tickets:
      return documents::write_tickets_zip(path, tickets, progress);
    case Kind::tickets_pdf:
      return documents::write_tickets_pdf(path, tickets, progress);
  }
  return err::invalid("未知的文件类型");
}

const char* extension(Kind kind) {
  return kind == Kind::tickets ? ".zip" : kind == Kind::tickets_pdf ? ".pdf" : ".xlsx";
}
const char* content_type(Kind kind) {
  return kind == Kind::tickets       ? "application/zip"
         : kind == Kind::tickets_pdf ? "application/pdf"
                                     : kXlsx;
}

// The name of a masked person: the family name and one asterisk per other character.
}  // namespace

std::optional<Kind> parse_kind(const std::string& code) {
  for (const auto& k : kKinds)
    if (code == k.code) return k.kind;
  return std::nullopt;
}

const char* kind_name(Kind kind) {
  for (const auto& k : kKinds)
    if (k.kind == kind) return k.name;
  return "";
}

std::string base_url_of(const http::Request& req) {
  const std::string& host = req.header("host");
  const std::string& proto = req.header("x-forwarded-proto");
  return (proto == "https" ? "https://" : "http://") + (host.empty() ? "127.0.0.1" : host);
}

Result<http::Response> room_slot_document(soci::session& sql, const Scope& scope,
                                          std::int64_t room_slot_id, Kind kind,
                                          const std::string& base_url, Timestamp now,
                                          const std::string& temp_dir) {
  // The caller must see the room-slot (its own candidates sit there, or it is its room or plan).
  const auto seen = TRY(service::room_slot(sql, scope, room_slot_id));
  const std::optional<std::int64_t> own =
      scope.role == Role::college ? std::optional(scope.org_id) : std::nullopt;
  std::vector<documents::RoomSheet> sheets;
  std::vector<documents::Ticket> tickets;
  if (kind == Kind::tickets || kind == Kind::tickets_pdf) {
    TicketFilter f;
    f.plan_id = seen["planId"].get<std::int64_t>();
    f.room_slot_id = room_slot_id;
    f.college_id = own;
    tickets = load_tickets(sql, f, base_url, now);
    if (tickets.empty()) return err::not_found("该考场没有本院校的考生，无准考证可导出");
  } else {
    sheets = load_sheets(sql, {room_slot_id}, kind == Kind::desk ? own : std::nullopt);
  }
  TempFile file(temp_dir, extension(kind));
  TRY(write(kind, file.path.string(), sheets, tickets, {}));
  const std::string room = seen["roomName"].get<std::string>();
  const Timestamp start = cst::parse(seen["slotStart"].get<std::string>()).value_or(0);
  const std::string when = cst::format_with(start, "%m%d%H%M");
  return http::Response::download(
      std::string(kind_name(kind)) + "_" + room + "_" + when + extension(kind), content_type(kind),
      file.read());
}

Result<nlohmann::json> start_job(soci::session& sql, jobs::JobQueue& jobs, const Scope& scope,
                                 const nlohmann::json& body, const std::string& base_url,
                                 Timestamp now) {
  const auto plan_id = TRY(input::integer(body, "planId", "考试计划", true));
  const auto site_id = TRY(input::integer(body, "siteId", "考核站点", false));
  const std::string code = TRY(input::text(body, "kind", "文件类型", true, 20));
  const auto kind = parse_kind(code);
  if (!kind)
    return err::invalid(
        "文件类型须为 door 考场门贴、desk 考场桌贴、sign 考场签到表、tickets "
        "准考证（每人一个 PDF 的压缩包）或 tickets_pdf 准考证（合并打印）");
  // The caller must see room-slots of the plan (and site).
  RoomSlotFilter f;
  f.plan_id = *plan_id;
  f.site_id = site_id;
  const auto seen = service::room_slots(sql, scope, f, 1, 1);
  if (seen["total"].get<long long>() == 0)
    return err::not_found("该考试计划（考核站点）还没有可打印的考场编排");
  nlohmann::json params = {{"planId", *plan_id},
                           {"kind", code},
                           {"baseUrl", base_url},
                           {"role", role_code(scope.role)},
                           {"orgId", scope.org_id}};
  if (site_id) params["siteId"] = *site_id;
  std::int64_t id = 0;
  TRY(db::write_tx(sql, [&]() -> Status {
    id = jobs.enqueue(sql, scope, kJobType, params, now);
    return {};
  }));
  jobs.notify();
  return jobs.get(sql, scope, id);
}

Status run_job(jobs::JobContext& job, const std::string& temp_dir) {
  auto& sql = job.sql();
  const auto& params = job.params();
  Scope scope;
  scope.role = parse_role(params.value("role", "")).value_or(Role::student);
  scope.org_id = params.value("orgId", std::int64_t{0});
  const auto kind = parse_kind(params.value("kind", "")).value_or(Kind::door);
  const std::int64_t plan_id = params.value("planId", std::int64_t{0});
  std::optional<std::int64_t> site_id;
  if (params.contains("siteId")) site_id = params["siteId"].get<std::int64_t>();
  const Timestamp now = job.clock().now();
  const std::optional<std::int64_t> own =
      scope.role == Role::college ? std::optional(scope.org_id) : std::nullopt;
  job.progress(5, "读取考场编排");
  RoomSlotFilter f;
  f.plan_id = plan_id;
  f.site_id = site_id;
  std::vector<std::int64_t> ids;
  std::string plan_name;
  for (int page = 1;; ++page) {
    const auto batch = service::room_slots(sql, scope, f, page, 1000);
    for (const auto& r : batch["items"]) {
      ids.push_back(r["id"].get<std::int64_t>());
      plan_name = r["planName"].get<std::string>();
    }
    if (batch["items"].size() < 1000) break;
  }
  if (ids.empty()) return err::not_found("该考试计划（考核站点）还没有可打印的考场编排");
  std::vector<documents::RoomSheet> sheets;
  std::vector<documents::Ticket> tickets;
  std::size_t total = 0;
  if (kind == Kind::tickets || kind == Kind::tickets_pdf) {
    TicketFilter tf;
    tf.plan_id = plan_id;
    tf.site_id = site_id;
    tf.college_id = own;
    tickets = load_tickets(sql, tf, params.value("baseUrl", ""), now);
    if (tickets.empty()) return err::not_found("没有可导出的准考证");
    total = tickets.size();
  } else {
    // Slices keep each query's id list short on a plan of thousands of rooms.
    for (std::size_t i = 0; i < ids.size(); i += 500) {
      std::vector<std::int64_t> part(
          ids.begin() + static_cast<std::ptrdiff_t>(i),
          ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + 500)));
      auto more = load_sheets(sql, part, kind == Kind::desk ? own : std::nullopt);
      for (auto& s : more) sheets.push_back(std::move(s));
    }
    total = sheets.size();
  }
  job.progress(20, "正在生成" + std::string(kind_name(kind)));
  TempFile file(temp_dir, extension(kind));
  TRY(write(kind, file.path.string(), sheets, tickets, [&](std::size_t done) {
    job.progress(20 + static_cast<int>(75 * done / std::max<std::size_t>(1, total)),
                 "已生成 " + std::to_string(done) + " / " + std::to_string(total));
  }));
  if (job.cancelled()) return err::make(ErrorKind::conflict, "任务已取消", "cancelled");
  const std::string name = std::string(kind_name(kind)) + "_" + plan_name + "_" +
                           cst::format_with(now, "%Y%m%d%H%M") + extension(kind);
  const auto file_id = TRY(files::save_from(
      sql, {name, content_type(kind), "arrangement_documents", job.org_id(), job.account_id()},
      file.path.string(), now));
  job.set_result_file(file_id);
  job.set_result({{"rows", static_cast<long long>(total)}});
  return {};
}

Result<http::Response> own_ticket(soci::session& sql, const Scope& scope, std::int64_t plan_id,
                                  const std::string& base_url, Timestamp now,
                                  const std::string& temp_dir) {
  if (scope.role != Role::student) return err::forbidden("只有考生可以下载自己的准考证");
  // A student account's user name is the 考生编号 of a student of its college.
  const auto student = students::ledger::find_by_no(sql, scope.org_id, scope.username);
  if (!student) return err::not_found("没有找到你的考生信息");
  TicketFilter f;
  f.plan_id = plan_id;
  f.student_id = student->id;
  const auto tickets = load_tickets(sql, f, base_url, now);
  if (tickets.empty()) return err::not_found("该考试计划尚未为你排考，暂无准考证");
  TempFile file(temp_dir, ".pdf");
  TRY(documents::write_tickets_pdf(file.path.string(), tickets));
  return http::Response::download(documents::ticket_file_name(tickets.front()), "application/pdf",
                                  file.read());
}

nlohmann::json verify(soci::session& sql, const std::string& token, Timestamp now) {
  auto refuse = [](const char* status, const std::string& message) {
    return nlohmann::json{{"valid", false}, {"status", status}, {"message", message}};
  };
  // 准考证号-fingerprint-signature
  const auto first = token.find('-');
  const auto second = first == std::string::npos ? first : token.find('-', first + 1);
  if (second == std::string::npos) return refuse("forged", "二维码内容不是本平台签发的准考证");
  const std::string ticket_no = token.substr(0, first);
  const std::string print = token.substr(first + 1, second - first - 1);
  const std::string sig = token.substr(second + 1);
  if (ticket_no.size() != 25 || sig != signature(sql, ticket_no, print, now))
    return refuse("forged", "二维码内容不是本平台签发的准考证");
  long long plan = 0;
  soci::indicator ind = soci::i_null;
  std::string no = ticket_no;
  sql << "SELECT plan_id FROM tickets WHERE ticket_no = :t", soci::use(no), soci::into(plan, ind);
  if (ind != soci::i_ok) return refuse("forged", "准考证号不存在");
  TicketFilter f;
  f.plan_id = plan;
  f.ticket_no = ticket_no;
  const auto tickets = load_tickets(sql, f, "", now);
  if (tickets.empty()) return refuse("changed", "该准考证的排考已被取消，请联系所属院校");
  const auto& t = tickets.front();
  Timestamp last = 0;
  for (const auto& r : t.rows) last = std::max(last, r.end);
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : t.rows) {
    rows.push_back({{"subject", r.subject},
                    {"mode", r.mode},
                    {"time", documents::ticket_slot_text(r.start, r.end)},
                    {"room", r.room},
                    {"seatNo", r.seat_no}});
  }
  nlohmann::json out = {{"ticketNo", t.ticket_no},
                        {"name", office::mask_name(t.name)},
                        {"planName", t.plan_name},
                        {"site", t.site},
                        {"rows", rows}};
  if (fingerprint(t.rows) != print) {
    out["valid"] = false;
    out["status"] = "changed";
    out["message"] = "该准考证打印后考场或座位已调整，请以最新下载的准考证为准";
  } else if (now >= last) {
    out["valid"] = false;
    out["status"] = "expired";
    out["message"] = "考试已结束，该准考证已失效";
  } else {
    out["valid"] = true;
    out["status"] = "valid";
    out["message"] = "准考证有效";
  }
  return out;
}

nlohmann::json verify_schema() {
  namespace s = http::schema;
  return s::object({{"valid", s::boolean()},
                    {"status", s::enumeration({"valid", "forged", "changed", "expired"})},
                    {"message", s::string()},
                    {"ticketNo", s::string()},
                    {"name", s::string()},
                    {"planName", s::string()},
                    {"site", s::string()},
                    {"rows", s::array(s::object({{"subject", s::string()},
                                                 {"mode", s::string()},
                                                 {"time", s::string()},
                                                 {"room", s::string()},
                                                 {"seatNo", s::integer()}}))}},
                   {"ticketNo", "name", "planName", "site", "rows"});
}

}  // namespace kaowu::arrangements::exam_day
