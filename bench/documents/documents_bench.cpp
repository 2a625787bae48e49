// Exam-day documents benchmark (bench/documents/run.sh).
//   kaowu_documents_bench tickets DIR N   N admission tickets as one PDF (write_tickets_pdf), then
//       the same pages drawn by a bare pango/cairo loop on one PDF surface (one pango context,
//       a new layout per text, the same texts, lines and QR squares at the same places).
//   kaowu_documents_bench zip DIR N       the same N tickets as a zip of one PDF per candidate.
//   kaowu_documents_bench sheet DIR N KIND ours|bare SIZE  考场门贴 (KIND door_posters), 考场桌贴
//       (desk_stickers) or 考场签到表 (sign_in_sheets) of N candidates in rooms of SIZE (one sheet
//       per room), or a bare libxlsxwriter loop writing the same cells to the same sheets (no
//       formats but a border on the sign-in sheet's empty boxes, which are not written at all
//       without one; no page setup).
// Each line printed is "name wall_s cpu_s [pages]"; run.sh prints the ratios.
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <time.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "modules/arrangements/documents.hpp"
#include "office/pdf_document.hpp"

using namespace kaowu;
using namespace kaowu::arrangements::documents;

namespace {

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct Timer {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  double cpu = cpu_now();
  void print(const char* name, long pages = 0) const {
    double w = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
    std::printf("%s %.3f %.3f %ld\n", name, w, cpu_now() - cpu, pages);
    std::fflush(stdout);
  }
};

const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
const char* kGiven[] = {"小六", "晓明", "海燕", "建国", "丽", "伟", "静", "思远", "子涵", "一"};
const std::string kNotice =
    "1. 考生须携带准考证和有效身份证件，提前 30 分钟到达考点，凭证入场，对号入座。\n"
    "2. 考试开始 15 分钟后不得入场，考试开始 30 分钟内不得交卷离场。\n"
    "3. 除规定的文具外，不得携带书籍、资料、通讯工具及其他电子设备进入考场。\n"
    "4. 考生应遵守考场纪律，服从监考人员管理，对违纪、作弊者按有关规定处理。\n"
    "5. 实操考试须按照操作规程作业，注意人身和设备安全。";

std::vector<Ticket> make_tickets(int n) {
  std::vector<Ticket> tickets;
  tickets.reserve(n);
  Timestamp day = 1631923200;  // 2021-09-18 08:00 China time
  for (int i = 0; i < n; ++i) {
    Ticket t;
    t.plan_name = "2021年9月智能新能源汽车职业技能等级证书考试";
    t.name = std::string(kSurnames[i % 10]) + kGiven[(i / 10) % 10];
    t.gender = i % 2 ? "女" : "男";
    char id[32];
    std::snprintf(id, sizeof id, "370682199%01d%02d%02d%04d", i % 10, 1 + i % 12, 1 + i % 28,
                  i % 10000);
    t.id_number = id;
    t.student_no = "3706822021163" + std::to_string(1000000000000LL + i);
    char ticket_no[32];
    std::snprintf(ticket_no, sizeof ticket_no, "20210916002611000000%05d", i);
    t.ticket_no = ticket_no;
    t.college = "北方工业大学";
    t.site = "北方工业大学智能新能源汽车职业技能等级证书(初级)考核站点";
    t.site_address = "北京市石景山区晋元庄路5号";
    t.certificate = "智能新能源汽车职业技能等级证书";
    int room = i / 30;
    t.rows.push_back({t.certificate, "笔试科目", "笔试", day, day + 3600,
                      "笔试考场" + std::to_string(101 + room), 1 + i % 30});
    t.rows.push_back({t.certificate, "实操科目", "实操", day + 7200, day + 10800,
                      "实操考场" + std::to_string(201 + room), 1 + i % 30});
    t.notice = kNotice;
    t.verify_url = "https://kaowu.example.cn/verify/" + std::string(ticket_no) +
                   ".Zk9xQ2t1bW9kZWwtc2lnbmF0dXJl";
    tickets.push_back(std::move(t));
  }
  return tickets;
}

// ---- the bare pango/cairo loop -----------------------------------------------------------------

struct Bare {
  cairo_t* cr;
  PangoContext* context;
  PangoFontDescription* fonts[2][40] = {};

  PangoFontDescription* font(double size, bool bold) {
    auto& slot = fonts[bold][static_cast<int>(size * 2) % 40];
    if (!slot) {
      slot = pango_font_description_from_string("Noto Sans CJK SC");
      pango_font_description_set_absolute_size(slot, size * PANGO_SCALE);
      pango_font_description_set_weight(slot, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    }
    return slot;
  }
  double text(double x, double y, double width, const std::string& s, double size, bool bold,
              bool center = false, bool draw = true) {
    PangoLayout* layout = pango_layout_new(context);
    pango_layout_set_font_description(layout, font(size, bold));
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    if (center) pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
    pango_layout_set_text(layout, s.c_str(), static_cast<int>(s.size()));
    if (draw) {
      cairo_move_to(cr, x, y);
      pango_cairo_show_layout(cr, layout);
    }
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    g_object_unref(layout);
    return static_cast<double>(h) / PANGO_SCALE;
  }
  void line(double x1, double y1, double x2, double y2, double weight = 0.5) {
    cairo_set_line_width(cr, weight);
    cairo_move_to(cr, x1, y1);
    cairo_line_to(cr, x2, y2);
    cairo_stroke(cr);
  }
};

// The page of write_tickets_pdf, drawn directly (see TicketPainter in documents.cpp).
void bare_page(Bare& b, const Ticket& t) {
  const double m = 42, w = 595.28 - 84;
  double y = m;
  y += b.text(m, y, w, "准考证", 24, false, true) + 2;
  y += b.text(m, y, w, t.plan_name, 13, false, true) + 8;
  b.line(m, y, m + w, y, 1);
  y += 12;
  const double side = 96, right = m + w - side, top = y;
  cairo_set_line_width(b.cr, 0.5);
  cairo_rectangle(b.cr, right, top, side, 128);
  cairo_stroke(b.cr);
  b.text(right, top + 56, side, "照片", 12, false, true);
  double qr_top = top + 138;
  QRcode* code = QRcode_encodeString8bit(t.verify_url.c_str(), 0, QR_ECLEVEL_M);
  int n = code->width;
  double module = side / (n + 8);
  cairo_surface_t* image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, n, n);
  cairo_surface_flush(image);
  unsigned char* data = cairo_image_surface_get_data(image);
  int stride = cairo_image_surface_get_stride(image);
  for (int r = 0; r < n; ++r) {
    auto* row = reinterpret_cast<std::uint32_t*>(data + r * stride);
    for (int c = 0; c < n; ++c) row[c] = (code->data[r * n + c] & 1) ? 0x000000 : 0xFFFFFF;
  }
  cairo_surface_mark_dirty(image);
  cairo_save(b.cr);
  cairo_translate(b.cr, right + 4 * module, qr_top + 4 * module);
  cairo_scale(b.cr, module, module);
  cairo_set_source_surface(b.cr, image, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(b.cr), CAIRO_FILTER_NEAREST);
  cairo_rectangle(b.cr, 0, 0, n, n);
  cairo_fill(b.cr);
  cairo_restore(b.cr);
  cairo_surface_destroy(image);
  QRcode_free(code);
  b.text(right, qr_top + side, side, "扫码核验准考证", 8, false, true);
  double right_bottom = qr_top + side + 14;
  const double fw = right - m - 16, lw = 66, half = fw / 2;
  auto field = [&](double x, double y0, double width, const char* caption, const std::string& v) {
    return std::max(b.text(x, y0, lw, caption, 11, false),
                    b.text(x + lw, y0, width - lw, v, 11, false));
  };
  y += std::max(field(m, y, half, "学生姓名：", t.name),
                field(m + half, y, half, "性别：", t.gender)) +
       7;
  y += field(m, y, fw, "身份证号：", mask_ticket_id_number(t.id_number)) + 7;
  y += field(m, y, fw, "考生编号：", t.student_no) + 7;
  y += field(m, y, fw, "准考证号：", t.ticket_no) + 7;
  y += field(m, y, fw, "所属院校：", t.college) + 7;
  y += field(m, y, fw, "考核站点：", t.site) + 7;
  y += field(m, y, fw, "考点地址：", t.site_address) + 7;
  y = std::max(y, right_bottom) + 8;
  const double widths[6] = {w - 388, 76, 52, 122, 96, 42};
  auto row = [&](const std::vector<std::string>& cells, bool bold) {
    double h = 0;
    for (int i = 0; i < 6; ++i)
      h = std::max(h, b.text(0, 0, widths[i] - 8, cells[i], 9.5, bold, false, false));
    h = std::max(h, 9.5 * 1.2) + 8;
    double x = m;
    b.line(x, y, x, y + h);
    for (int i = 0; i < 6; ++i) {
      b.text(x + 4, y + 4, widths[i] - 8, cells[i], 9.5, bold);
      x += widths[i];
      b.line(x, y, x, y + h);
    }
    b.line(m, y, x, y);
    b.line(m, y + h, x, y + h);
    y += h;
  };
  row({"考试证书", "考试科目", "考试方式", "考试时间", "考场名称", "座位号"}, false);
  for (const auto& r : t.rows) {
    row({r.certificate, r.subject, r.mode, ticket_slot_text(r.start, r.end), r.room,
         std::to_string(r.seat_no)},
        false);
  }
  y += 16;
  y += b.text(m, y, w, "考试须知", 13, false) + 6;
  std::size_t start = 0;
  while (start <= t.notice.size()) {
    std::size_t end = t.notice.find('\n', start);
    if (end == std::string::npos) end = t.notice.size();
    y += b.text(m, y, w, t.notice.substr(start, end - start), 10, false) + 3;
    start = end + 1;
  }
}

int bare_tickets(const std::string& path, const std::vector<Ticket>& tickets) {
  cairo_surface_t* surface = cairo_pdf_surface_create(path.c_str(), 595.28, 841.89);
  Bare b{cairo_create(surface), nullptr};
  b.context = pango_cairo_create_context(b.cr);
  for (std::size_t i = 0; i < tickets.size(); ++i) {
    if (i) cairo_show_page(b.cr);
    bare_page(b, tickets[i]);
  }
  g_object_unref(b.context);
  cairo_destroy(b.cr);
  cairo_surface_finish(surface);
  int status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  return status;
}

// ---- sheets ------------------------------------------------------------------------------------

std::vector<RoomSheet> make_rooms(int candidates, int size) {
  std::vector<RoomSheet> rooms;
  Timestamp day = 1631923200;
  for (int i = 0; i < candidates; i += size) {
    RoomSheet r;
    int n = static_cast<int>(rooms.size());
    r.plan_name = "2021年9月智能新能源汽车职业技能等级证书考试";
    r.certificate = "智能新能源汽车职业技能等级证书";
    r.level = "初级";
    r.subject = n % 2 ? "实操科目" : "笔试科目";
    r.mode = n % 2 ? "实操" : "笔试";
    r.start = day + (n % 8) * 7200;
    r.end = r.start + 3600;
    r.room = "笔试实操考场" + std::to_string(101 + n / 8);
    r.site = "北方工业大学智能新能源汽车职业技能等级证书(初级)考核站点";
    r.site_address = "北京市石景山区晋元庄路5号";
    r.site_college = "北方工业大学";
    r.invigilators = {"李红", "王明"};
    r.patrols = {"张丽"};
    for (int s = 0; s < size && i + s < candidates; ++s) {
      int k = i + s;
      char ticket_no[32];
      std::snprintf(ticket_no, sizeof ticket_no, "20210916002611000000%05d", k % 100000);
      r.seats.push_back({s + 1, std::string(kSurnames[k % 10]) + kGiven[(k / 10) % 10],
                         "3706822021163" + std::to_string(1000000000000LL + k), ticket_no,
                         "37068219970908" + std::to_string(1000 + k % 9000), "北方工业大学"});
    }
    rooms.push_back(std::move(r));
  }
  return rooms;
}

int bare_sheets(const std::string& path, const std::vector<RoomSheet>& rooms, char kind) {
  lxw_workbook_options options = {};
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  lxw_format* ruled = workbook_add_format(wb);
  format_set_border(ruled, LXW_BORDER_THIN);
  auto names = sheet_names(rooms);
  for (std::size_t i = 0; i < rooms.size(); ++i) {
    const auto& r = rooms[i];
    lxw_worksheet* ws = workbook_add_worksheet(wb, names[i].c_str());
    if (kind == 'd') {
      worksheet_write_string(ws, 0, 0, "考试科目", nullptr);
      worksheet_write_string(ws, 0, 1, r.subject.c_str(), nullptr);
      worksheet_write_string(ws, 0, 2, "考试时间", nullptr);
      worksheet_write_string(ws, 0, 3, slot_text(r.start, r.end).c_str(), nullptr);
      worksheet_write_string(ws, 1, 0, "考试证书", nullptr);
      worksheet_write_string(ws, 1, 1, r.certificate.c_str(), nullptr);
      worksheet_write_string(ws, 1, 2, "考场名称", nullptr);
      worksheet_write_string(ws, 1, 3, r.room.c_str(), nullptr);
      for (int c = 0; c < 4; c += 2) {
        worksheet_write_string(ws, 2, c, "座位号", nullptr);
        worksheet_write_string(ws, 2, c + 1, "考生姓名", nullptr);
      }
      for (std::size_t s = 0; s < r.seats.size(); ++s) {
        int row = 3 + static_cast<int>(s / 2), col = static_cast<int>(s % 2) * 2;
        worksheet_write_number(ws, row, col, r.seats[s].seat_no, nullptr);
        worksheet_write_string(ws, row, col + 1, r.seats[s].name.c_str(), nullptr);
      }
    } else if (kind == 'k') {
      std::string certificate = r.certificate + "(" + r.level + ")";
      const char* labels[7] = {"考生姓名", "考生编号", "准考证号", "身份证号",
                               "考试科目", "考试证书", "座位号"};
      for (std::size_t s = 0; s < r.seats.size(); ++s) {
        const auto& c = r.seats[s];
        int top = static_cast<int>(s / 2) * 8, col = static_cast<int>(s % 2) * 2;
        const std::string* values[6] = {&c.name,      &c.student_no, &c.ticket_no,
                                        &c.id_number, &r.subject,    &certificate};
        for (int k = 0; k < 7; ++k) {
          worksheet_write_string(ws, top + k, col, labels[k], nullptr);
          if (k < 6) {
            worksheet_write_string(ws, top + k, col + 1, values[k]->c_str(), nullptr);
          } else {
            worksheet_write_number(ws, top + k, col + 1, c.seat_no, nullptr);
          }
        }
      }
    } else {
      worksheet_write_string(ws, 0, 0, "考场签到表", nullptr);
      std::string inv = r.invigilators[0] + "、" + r.invigilators[1];
      const std::string pairs[4][4] = {{"考核站点", r.site, "所属院校", r.site_college},
                                       {"考试证书", r.certificate, "证书等级", r.level},
                                       {"监考老师", inv, "巡考老师", r.patrols[0]},
                                       {"实考人数", "", "缺考人数", ""}};
      for (int k = 0; k < 4; ++k) {
        for (int c = 0; c < 4; ++c) {
          if (!pairs[k][c].empty())
            worksheet_write_string(ws, 1 + k, c, pairs[k][c].c_str(), nullptr);
        }
      }
      const char* header[5] = {"准考证号", "所属院校", "座位号", "到场时间", "考生签名"};
      for (int c = 0; c < 5; ++c) worksheet_write_string(ws, 5, c, header[c], nullptr);
      for (std::size_t s = 0; s < r.seats.size(); ++s) {
        int row = 6 + static_cast<int>(s);
        worksheet_write_string(ws, row, 0, r.seats[s].ticket_no.c_str(), nullptr);
        worksheet_write_string(ws, row, 1, r.seats[s].college.c_str(), nullptr);
        worksheet_write_number(ws, row, 2, r.seats[s].seat_no, nullptr);
        // The empty 到场时间 and 考生签名 boxes are cells of the form too; libxlsxwriter writes a
        // blank cell only when it has a format.
        worksheet_write_blank(ws, row, 3, ruled);
        worksheet_write_blank(ws, row, 4, ruled);
      }
    }
  }
  return workbook_close(wb);
}

int check(const Status& status) {
  if (!status) {
    std::fprintf(stderr, "%s\n", status.error().message.c_str());
    std::exit(1);
  }
  return 0;
}

long pdf_pages(const std::string& path) {
  std::string command = "pdfinfo '" + path + "' 2>/dev/null | sed -n 's/^Pages: *//p'";
  FILE* pipe = popen(command.c_str(), "r");
  long pages = 0;
  if (pipe) {
    if (std::fscanf(pipe, "%ld", &pages) != 1) pages = 0;
    pclose(pipe);
  }
  return pages;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: kaowu_documents_bench tickets|pdf|zip DIR N\n"
                 "       kaowu_documents_bench sheet DIR N KIND ours|bare SIZE\n");
    return 2;
  }
  std::string mode = argv[1], dir = argv[2];
  int n = std::atoi(argv[3]);
  office::init_fonts();
  if (mode == "tickets") {
    auto tickets = make_tickets(n);
    // One page drawn before timing, so both sides start with the font files loaded.
    check(write_tickets_pdf(dir + "/warm.pdf", {tickets[0]}));
    for (int round = 0; round < 2; ++round) {
      Timer ours;
      check(write_tickets_pdf(dir + "/tickets.pdf", tickets));
      ours.print("tickets_pdf", pdf_pages(dir + "/tickets.pdf"));
      Timer bare;
      if (bare_tickets(dir + "/bare.pdf", tickets) != 0) return 1;
      bare.print("bare_pdf", pdf_pages(dir + "/bare.pdf"));
    }
  } else if (mode == "pdf") {  // write_tickets_pdf alone, for profiling
    auto tickets = make_tickets(n);
    Timer ours;
    check(write_tickets_pdf(dir + "/tickets.pdf", tickets));
    ours.print("tickets_pdf", n);
  } else if (mode == "zip") {
    auto tickets = make_tickets(n);
    check(write_tickets_pdf(dir + "/warm.pdf", {tickets[0]}));
    Timer ours;
    check(write_tickets_zip(dir + "/tickets.zip", tickets));
    ours.print("tickets_zip", n);
  } else if (mode == "sheet" && argc > 6) {
    // One document, ours or the bare loop, in a process of its own: the heap the first writer
    // grew would otherwise make the second one look cheaper.
    std::string kind = argv[4], variant = argv[5];
    int size = std::atoi(argv[6]);
    auto rooms = make_rooms(n, size);
    auto write = kind == "door_posters"    ? write_door_posters
                 : kind == "desk_stickers" ? write_desk_stickers
                                           : write_sign_in_sheets;
    char bare_kind = kind == "door_posters" ? 'd' : kind == "desk_stickers" ? 'k' : 's';
    Timer timer;
    if (variant == "bare") {
      if (bare_sheets(dir + "/bare.xlsx", rooms, bare_kind) != 0) return 1;
      timer.print(("bare_" + kind).c_str(), static_cast<long>(rooms.size()));
    } else {
      check(write(dir + "/" + kind + ".xlsx", rooms, {}));
      timer.print(kind.c_str(), static_cast<long>(rooms.size()));
    }
  } else {
    std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
    return 2;
  }
  return 0;
}
