#include "modules/arrangements/documents.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>

#include "office/cell_value.hpp"
#include "office/pdf_document.hpp"
#include "office/qr_code.hpp"
#include "office/zip_writer.hpp"

namespace kaowu::arrangements::documents {

namespace {

// ---- text --------------------------------------------------------------------------------------

// One character of UTF-8 text: its bytes, or nothing when the bytes there are not valid UTF-8.
struct Char {
  std::string_view bytes;
  char32_t code = 0;
  bool valid = false;
};

Char next_char(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xE  ? 3
                  : (c >> 3) == 0x1E ? 4
                                     : 0;
  if (n == 0 || i + n > s.size()) return {s.substr(i, 1), c, false};
  char32_t code = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
  for (std::size_t k = 1; k < n; ++k) {
    auto b = static_cast<unsigned char>(s[i + k]);
    if ((b >> 6) != 0x2) return {s.substr(i, 1), c, false};
    code = (code << 6) | (b & 0x3F);
  }
  return {s.substr(i, n), code, true};
}

// Keeps at most `limit` characters of `text`, a character outside the Basic Multilingual Plane
// counting two (Excel counts UTF-16 units); `unsafe` characters and invalid bytes become '_'.
template <class Unsafe>
std::string clean(std::string_view text, std::size_t limit, Unsafe unsafe) {
  std::string out;
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size();) {
    Char ch = next_char(text, i);
    i += ch.bytes.size();
    std::size_t width = ch.code > 0xFFFF ? 2 : 1;
    if (units + width > limit) break;
    units += width;
    if (!ch.valid || unsafe(ch.code)) {
      out.push_back('_');
    } else {
      out.append(ch.bytes);
    }
  }
  return out;
}

bool control(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x2028 || c == 0x2029;
}

// Text as it can be shown: bytes that are not UTF-8 and control characters other than tab and
// line breaks (which XML 1.0 cannot hold and pango refuses) become U+FFFD.
bool showable(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      ++i;
      continue;
    }
    Char ch = next_char(text, i);
    if (!ch.valid || (ch.code < 0x20 && ch.code != '\t' && ch.code != '\n' && ch.code != '\r') ||
        ch.code == 0x7F) {
      return false;
    }
    i += ch.bytes.size();
  }
  return true;
}

std::string showable_copy(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    Char ch = next_char(text, i);
    i += ch.bytes.size();
    bool bad = !ch.valid ||
               (ch.code < 0x20 && ch.code != '\t' && ch.code != '\n' && ch.code != '\r') ||
               ch.code == 0x7F;
    out.append(bad ? std::string_view("\xEF\xBF\xBD") : ch.bytes);
  }
  return out;
}

//! `text` itself when it can be shown as it is, else a repaired copy kept in `scratch`.
const std::string& showable(const std::string& text, std::string& scratch) {
  if (showable(std::string_view(text))) return text;
  scratch = showable_copy(text);
  return scratch;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    if (name.empty()) continue;
    if (!out.empty()) out += "、";
    out += name;
  }
  return out;
}

std::string lower_ascii(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// ---- workbooks ---------------------------------------------------------------------------------

Error write_failed(lxw_error code) {
  const char* reason = code == LXW_ERROR_CREATING_TMPFILE || code == LXW_ERROR_CREATING_XLSX_FILE
                           ? "无法写入临时文件（磁盘空间不足或没有权限）"
                           : "写入出错";
  return err::make(ErrorKind::internal, std::string("生成 Excel 文件失败：") + reason,
                   "xlsx_write_failed", {{"library", lxw_strerror(code)}});
}

// A workbook held in memory until close(): a plan's documents have a sheet per room and slot
// (thousands), and the constant-memory mode keeps one open temporary file and its buffers per
// sheet: for the door posters of 3,334 rooms it took 2.5 to 8 times as long and 5 times the
// memory (bench/documents).
class Book {
 public:
  ~Book() {
    if (workbook_) lxw_workbook_free(workbook_);
  }
  Status open(const std::string& path) {
    path_ = path;
    lxw_workbook_options options = {};
    workbook_ = workbook_new_opt(path.c_str(), &options);
    if (!workbook_) return err::internal("无法创建 Excel 文件");
    return {};
  }
  lxw_format* format() { return workbook_add_format(workbook_); }
  Result<lxw_worksheet*> sheet(const std::string& name) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook_, name.c_str());
    if (!sheet) return err::internal("无法创建工作表：" + name);
    worksheet_set_paper(sheet, 9);  // A4
    return sheet;
  }
  Status close() {
    auto rc = workbook_close(workbook_);
    workbook_ = nullptr;
    if (rc != LXW_NO_ERROR) {
      std::error_code ignored;
      std::filesystem::remove(path_, ignored);  // no half-written file is left
      return write_failed(rc);
    }
    return {};
  }

 private:
  std::string path_;
  lxw_workbook* workbook_ = nullptr;
};

// Writes text as text (never as a formula), cut with a marker when longer than a cell holds.
Status put(lxw_worksheet* sheet, int row, int col, const std::string& given, lxw_format* format) {
  std::string scratch;
  const std::string& text = showable(given, scratch);
  lxw_error rc;
  if (text.empty()) {
    rc = worksheet_write_blank(sheet, row, col, format);
  } else if (office::cell_fits(text)) {
    rc = worksheet_write_string(sheet, row, col, text.c_str(), format);
  } else {
    rc = worksheet_write_string(sheet, row, col, office::fit_cell(text).c_str(), format);
  }
  if (rc != LXW_NO_ERROR) return write_failed(rc);
  return {};
}

Status put(lxw_worksheet* sheet, int row, int col, int number, lxw_format* format) {
  auto rc = worksheet_write_number(sheet, row, col, number, format);
  if (rc != LXW_NO_ERROR) return write_failed(rc);
  return {};
}

lxw_format* ruled(Book& book, bool bold = false, bool wrap = true, double size = 11) {
  lxw_format* f = book.format();
  format_set_border(f, LXW_BORDER_THIN);
  format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
  format_set_font_size(f, size);
  if (bold) format_set_bold(f);
  if (wrap) format_set_text_wrap(f);
  return f;
}

lxw_format* centered(lxw_format* f) {
  format_set_align(f, LXW_ALIGN_CENTER);
  return f;
}

Status no_rooms(const char* what) {
  return err::invalid(std::string("没有已排考的考场，无法生成") + what + "，请先完成排考");
}

// A page header (&-codes escaped) naming the room and slot, cut to Excel's 255 characters.
std::string page_header(const RoomSheet& room) {
  std::string text = room.room + "  " + room.subject + "  " + slot_text(room.start, room.end);
  std::string escaped;
  for (char c : text) {
    escaped += c;
    if (c == '&') escaped += '&';
  }
  return "&C" + clean(escaped, 240, control);
}

}  // namespace

std::string slot_text(Timestamp start, Timestamp end) {
  bool same_day = cst::format_date(start) == cst::format_date(end);
  return cst::format_minute(start) + "-" +
         (same_day ? cst::format_with(end, "%H:%M") : cst::format_minute(end));
}

std::string ticket_slot_text(Timestamp start, Timestamp end) {
  bool same_day = cst::format_date(start) == cst::format_date(end);
  return cst::format_minute(start) + "~" +
         (same_day ? cst::format_with(end, "%H:%M") : cst::format_minute(end));
}

std::vector<std::string> sheet_names(const std::vector<RoomSheet>& rooms) {
  constexpr std::size_t kMax = 31;
  auto unsafe = [](char32_t c) {
    return control(c) || c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' ||
           c == '\\';
  };
  std::vector<std::string> names;
  std::set<std::string> taken;
  for (const auto& room : rooms) {
    std::string slot = " " + cst::format_with(room.start, "%m-%d %H%M");
    std::string base =
        clean(room.room.empty() ? std::string("考场") : room.room, kMax - slot.size(), unsafe);
    // Excel refuses a name that starts or ends with an apostrophe.
    if (!base.empty() && base.front() == '\'') base.front() = '_';
    std::string name = base + slot;
    for (int n = 2; taken.count(lower_ascii(name)); ++n) {
      std::string suffix = "(" + std::to_string(n) + ")";
      name = clean(base, kMax - slot.size() - suffix.size(), unsafe) + slot + suffix;
    }
    taken.insert(lower_ascii(name));
    names.push_back(name);
  }
  return names;
}

std::string mask_ticket_id_number(const std::string& id_number) {
  std::vector<std::string_view> chars;
  for (std::size_t i = 0; i < id_number.size();) {
    Char ch = next_char(id_number, i);
    chars.push_back(ch.bytes);
    i += ch.bytes.size();
  }
  if (chars.empty()) return {};
  std::size_t head = chars.size() >= 13 ? 3 : 1;
  std::size_t tail = chars.size() >= 13 ? 4 : 1;
  if (chars.size() <= 2) return "*****";
  std::string out;
  for (std::size_t i = 0; i < head; ++i) out += chars[i];
  out += "*****";
  for (std::size_t i = chars.size() - tail; i < chars.size(); ++i) out += chars[i];
  return out;
}

std::string ticket_file_name(const Ticket& ticket) {
  auto unsafe = [](char32_t c) {
    return control(c) || c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' ||
           c == '<' || c == '>' || c == '|';
  };
  const std::string& certificate = !ticket.certificate.empty() ? ticket.certificate
                                   : ticket.rows.empty()       ? std::string()
                                                               : ticket.rows.front().certificate;
  std::string name = clean(ticket.name, 30, unsafe);
  if (!name.empty() && name.front() == '.') name.front() = '_';
  return name + "(" + clean(ticket.ticket_no, 40, unsafe) + ")-" + clean(certificate, 40, unsafe) +
         "准考证.pdf";
}

// ---- 考场门贴 ----------------------------------------------------------------------------------

Status write_door_posters(const std::string& path, const std::vector<RoomSheet>& rooms,
                          const Progress& progress) {
  if (rooms.empty()) return no_rooms("考场门贴");
  Book book;
  TRY(book.open(path));
  lxw_format* label = centered(ruled(book, true, true, 14));
  lxw_format* value = ruled(book, false, true, 14);
  lxw_format* cell = centered(ruled(book, false, true, 14));
  auto names = sheet_names(rooms);
  for (std::size_t i = 0; i < rooms.size(); ++i) {
    const auto& room = rooms[i];
    lxw_worksheet* sheet = TRY(book.sheet(names[i]));
    worksheet_set_column(sheet, 0, 0, 12, nullptr);
    worksheet_set_column(sheet, 1, 1, 34, nullptr);
    worksheet_set_column(sheet, 2, 2, 12, nullptr);
    worksheet_set_column(sheet, 3, 3, 34, nullptr);
    TRY(put(sheet, 0, 0, "考试科目", label));
    TRY(put(sheet, 0, 1, room.subject, value));
    TRY(put(sheet, 0, 2, "考试时间", label));
    TRY(put(sheet, 0, 3, slot_text(room.start, room.end), value));
    TRY(put(sheet, 1, 0, "考试证书", label));
    TRY(put(sheet, 1, 1, room.certificate, value));
    TRY(put(sheet, 1, 2, "考场名称", label));
    TRY(put(sheet, 1, 3, room.room, value));
    for (int c = 0; c < 4; c += 2) {
      TRY(put(sheet, 2, c, "座位号", label));
      TRY(put(sheet, 2, c + 1, "考生姓名", label));
    }
    for (std::size_t s = 0; s < room.seats.size(); ++s) {
      int row = 3 + static_cast<int>(s / 2);
      int col = static_cast<int>(s % 2) * 2;
      TRY(put(sheet, row, col, room.seats[s].seat_no, cell));
      TRY(put(sheet, row, col + 1, room.seats[s].name, cell));
    }
    if (room.seats.size() % 2) {
      int row = 3 + static_cast<int>(room.seats.size() / 2);
      TRY(put(sheet, row, 2, "", cell));
      TRY(put(sheet, row, 3, "", cell));
    }
    worksheet_repeat_rows(sheet, 0, 2);
    worksheet_fit_to_pages(sheet, 1, 0);
    worksheet_center_horizontally(sheet);
    if (progress) progress(i + 1);
  }
  return book.close();
}

// ---- 考场桌贴 ----------------------------------------------------------------------------------

namespace {
// A card: seven ruled rows, then a blank row before the next row of cards.
constexpr int kCardRows = 7;
constexpr int kCardStride = kCardRows + 1;
constexpr double kRowHeight = 15;          // points, Excel's standard row
constexpr double kCertificateHeight = 36;  // two lines: certificates with their level are long
constexpr double kGapHeight = 14;
constexpr double kCardStrideHeight = (kCardRows - 1) * kRowHeight + kCertificateHeight + kGapHeight;
constexpr double kLabelWidth = 9;  // Excel column widths (characters)
constexpr double kValueWidth = 28;
// A4 portrait in points, with the margins set below (inches).
constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kSideMargin = 0.5;
constexpr double kTopMargin = 0.6;

// An Excel column `width` characters wide in points, with the default font (7 pixels a character,
// 5 of padding, 96 pixels an inch).
double column_points(double width) {
  return static_cast<int>(width * 7 + 5) * 0.75;
}
}  // namespace

Status write_desk_stickers(const std::string& path, const std::vector<RoomSheet>& rooms,
                           const Progress& progress) {
  if (rooms.empty()) return no_rooms("考场桌贴");
  Book book;
  TRY(book.open(path));
  lxw_format* label = centered(ruled(book, true));
  lxw_format* value = ruled(book);
  lxw_format* seat = ruled(book);
  format_set_align(seat, LXW_ALIGN_LEFT);
  // Excel ignores manual page breaks when a sheet is set to "fit to" pages, so the sheet is
  // printed at a fixed scale that fits the two cards to the page width, and a page break is set
  // after as many rows of cards as a page holds at that scale: no card is ever cut.
  double sheet_width = 2 * (column_points(kLabelWidth) + column_points(kValueWidth));
  double printable_width = (kPageWidth - 2 * kSideMargin * 72) * 0.8;
  int scale = std::clamp(static_cast<int>(printable_width / sheet_width * 100), 10, 100);
  // A fifth of the page's height and width is left spare: LibreOffice takes the page header out
  // of the body and measures columns with its own fonts, and must not add breaks of its own.
  double printable_height = (kPageHeight - 2 * kTopMargin * 72) * 0.8;
  int cards_per_page =
      std::max(1, static_cast<int>(printable_height / (kCardStrideHeight * scale / 100.0)));
  static const char* const kLabels[kCardRows] = {"考生姓名", "考生编号", "准考证号", "身份证号",
                                                 "考试科目", "考试证书", "座位号"};
  auto names = sheet_names(rooms);
  for (std::size_t i = 0; i < rooms.size(); ++i) {
    const auto& room = rooms[i];
    lxw_worksheet* sheet = TRY(book.sheet(names[i]));
    worksheet_set_column(sheet, 0, 0, kLabelWidth, nullptr);
    worksheet_set_column(sheet, 1, 1, kValueWidth, nullptr);
    worksheet_set_column(sheet, 2, 2, kLabelWidth, nullptr);
    worksheet_set_column(sheet, 3, 3, kValueWidth, nullptr);
    std::string certificate =
        room.level.empty() ? room.certificate : room.certificate + "(" + room.level + ")";
    std::size_t card_rows = (room.seats.size() + 1) / 2;
    for (std::size_t s = 0; s < room.seats.size(); ++s) {
      const auto& candidate = room.seats[s];
      int top = static_cast<int>(s / 2) * kCardStride;
      int col = static_cast<int>(s % 2) * 2;
      const std::string* values[kCardRows] = {&candidate.name,      &candidate.student_no,
                                              &candidate.ticket_no, &candidate.id_number,
                                              &room.subject,        &certificate};
      for (int r = 0; r < kCardRows; ++r) {
        TRY(put(sheet, top + r, col, kLabels[r], label));
        if (r == kCardRows - 1) {
          TRY(put(sheet, top + r, col + 1, candidate.seat_no, seat));
        } else {
          TRY(put(sheet, top + r, col + 1, *values[r], value));
        }
      }
    }
    // Rows keep Excel's standard height (libxlsxwriter would write a custom default into every
    // row); only the certificate row and the gap differ.
    for (std::size_t c = 0; c < card_rows; ++c) {
      int top = static_cast<int>(c) * kCardStride;
      worksheet_set_row(sheet, top + 5, kCertificateHeight, nullptr);
      worksheet_set_row(sheet, top + kCardRows, kGapHeight, nullptr);
    }
    std::vector<lxw_row_t> breaks;
    for (std::size_t c = cards_per_page; c < card_rows && breaks.size() < 1023;
         c += cards_per_page) {
      breaks.push_back(static_cast<lxw_row_t>(c * kCardStride));
    }
    if (!breaks.empty()) {
      breaks.push_back(0);
      worksheet_set_h_pagebreaks(sheet, breaks.data());
    }
    worksheet_set_margins(sheet, kSideMargin, kSideMargin, kTopMargin, kTopMargin);
    worksheet_set_print_scale(sheet, static_cast<std::uint16_t>(scale));
    worksheet_center_horizontally(sheet);
    worksheet_set_header(sheet, page_header(room).c_str());
    if (progress) progress(i + 1);
  }
  return book.close();
}

// ---- 考场签到表 --------------------------------------------------------------------------------

namespace {
std::size_t present_of(const RoomSheet& room) {
  return static_cast<std::size_t>(std::count_if(
      room.seats.begin(), room.seats.end(), [](const Seat& s) { return !s.arrived_at.empty(); }));
}
}  // namespace

Status write_sign_in_sheets(const std::string& path, const std::vector<RoomSheet>& rooms,
                            const Progress& progress) {
  if (rooms.empty()) return no_rooms("考场签到表");
  Book book;
  TRY(book.open(path));
  lxw_format* title = book.format();
  format_set_bold(title);
  format_set_font_size(title, 18);
  format_set_align(title, LXW_ALIGN_CENTER);
  format_set_align(title, LXW_ALIGN_VERTICAL_CENTER);
  lxw_format* label = centered(ruled(book, true));
  lxw_format* value = ruled(book);
  lxw_format* text = ruled(book);
  format_set_num_format(text, "@");
  lxw_format* seat = centered(ruled(book));
  // The boxes to sign in are in a larger type, so that spreadsheet programs give their rows room
  // to write; a fixed row height on every row would cost a tenth of the writing time.
  lxw_format* sign = ruled(book, false, true, 16);
  auto names = sheet_names(rooms);
  for (std::size_t i = 0; i < rooms.size(); ++i) {
    const auto& room = rooms[i];
    lxw_worksheet* sheet = TRY(book.sheet(names[i]));
    worksheet_set_column(sheet, 0, 0, 28, nullptr);
    worksheet_set_column(sheet, 1, 1, 28, nullptr);
    worksheet_set_column(sheet, 2, 2, 10, nullptr);
    worksheet_set_column(sheet, 3, 3, 16, nullptr);
    worksheet_set_column(sheet, 4, 4, 16, nullptr);
    worksheet_set_row(sheet, 0, 32, nullptr);
    auto rc = worksheet_merge_range(sheet, 0, 0, 0, 4, "考场签到表", title);
    if (rc != LXW_NO_ERROR) return write_failed(rc);
    const std::string pairs[4][4] = {
        {"考核站点", room.site, "所属院校", room.site_college},
        {"考试证书", room.certificate, "证书等级", room.level},
        {"监考老师", join(room.invigilators), "巡考老师", join(room.patrols)},
        {"实考人数", room.checked_in ? std::to_string(present_of(room)) : "", "缺考人数",
         room.checked_in ? std::to_string(room.seats.size() - present_of(room)) : ""},
    };
    for (int r = 0; r < 4; ++r) {
      worksheet_set_row(sheet, 1 + r, 24, nullptr);
      TRY(put(sheet, 1 + r, 0, pairs[r][0], label));
      TRY(put(sheet, 1 + r, 1, pairs[r][1], value));
      TRY(put(sheet, 1 + r, 2, pairs[r][2], label));
      // The second value spans D:E; the text goes to D, where a reader finds it.
      rc = worksheet_merge_range(sheet, 1 + r, 3, 1 + r, 4, "", value);
      if (rc != LXW_NO_ERROR) return write_failed(rc);
      TRY(put(sheet, 1 + r, 3, pairs[r][3], value));
    }
    static const char* const kHeader[5] = {"准考证号", "所属院校", "座位号", "到场时间",
                                           "考生签名"};
    for (int c = 0; c < 5; ++c) TRY(put(sheet, 5, c, kHeader[c], label));
    for (std::size_t s = 0; s < room.seats.size(); ++s) {
      const auto& candidate = room.seats[s];
      int row = 6 + static_cast<int>(s);
      TRY(put(sheet, row, 0, candidate.ticket_no, text));
      TRY(put(sheet, row, 1, candidate.college, value));
      TRY(put(sheet, row, 2, candidate.seat_no, seat));
      TRY(put(sheet, row, 3, candidate.arrived_at, sign));
      TRY(put(sheet, row, 4, "", sign));
    }
    worksheet_repeat_rows(sheet, 5, 5);
    worksheet_fit_to_pages(sheet, 1, 0);
    worksheet_center_horizontally(sheet);
    worksheet_set_header(sheet, page_header(room).c_str());
    if (progress) progress(i + 1);
  }
  return book.close();
}

// ---- 准考证 ------------------------------------------------------------------------------------

namespace {

using office::encode_qr;

Error too_long_url(const Ticket& ticket) {
  return err::invalid("准考证核验链接过长，无法生成二维码：" + ticket.name + "（" +
                      ticket.ticket_no + "）");
}

// Splits text into paragraphs at line breaks ("\r\n" too); empty paragraphs keep their space.
std::vector<std::string> paragraphs(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r') continue;
    if (c == '\n') {
      out.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty() || out.empty()) out.push_back(std::move(current));
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

// Draws one ticket, starting at the top of the current page; continues on new pages when the
// table or the notice is longer than the page. What every ticket of a plan repeats (the heading,
// the photo slot, the labels, the notice) is recorded once as a stamp and placed on each page.
class TicketPainter {
 public:
  explicit TicketPainter(office::PdfDocument& pdf)
      : pdf_(pdf), m_(pdf.margin()), w_(pdf.width() - 2 * pdf.margin()) {}

  //! Draws `ticket` with `qr`, the QR code of its verification URL (encode_qr).
  void paint(const Ticket& ticket, const office::ModuleGrid& qr) {
    auto texts = [](auto& t) {
      std::vector<decltype(&t.name)> all = {&t.plan_name,    &t.name,      &t.gender,  &t.id_number,
                                            &t.student_no,   &t.ticket_no, &t.college, &t.site,
                                            &t.site_address, &t.notice};
      for (auto& row : t.rows) {
        all.insert(all.end(), {&row.certificate, &row.subject, &row.mode, &row.room});
      }
      return all;
    };
    bool clean = true;
    for (const auto* text : texts(ticket)) clean = clean && showable(std::string_view(*text));
    if (clean) return draw(ticket, qr);
    Ticket repaired = ticket;
    for (auto* text : texts(repaired)) *text = showable_copy(*text);
    draw(repaired, qr);
  }

 private:
  void draw(const Ticket& ticket, const office::ModuleGrid& qr) {
    const Header& header = header_for(ticket.plan_name);
    pdf_.stamp(header.stamp, 0, 0);
    double y = header.fields_top;

    if (qr.size > 0) {
      // Four light modules of quiet zone around the code, inside the square.
      double module = kSide / (qr.size + 8);
      pdf_.modules(right() + 4 * module, header.qr_top + 4 * module, module * qr.size, qr);
    }

    // The fields; their labels come from a stamp when every value takes one line.
    const std::string values[kFieldCount] = {
        ticket.name,       ticket.gender,      mask_ticket_id_number(ticket.id_number),
        ticket.student_no, ticket.ticket_no,   ticket.college,
        ticket.site,       ticket.site_address};
    const Labels& labels = labels_stamp();
    bool one_line = true;
    for (int i = 0; i < kFieldCount && one_line; ++i) {
      one_line = pdf_.measure(value_width(i), values[i], kValue) <= labels.line;
    }
    if (one_line) pdf_.stamp(labels.stamp, 0, y);
    for (int i = 0; i < kFieldCount; ++i) {
      double h = pdf_.text(value_x(i), y, value_width(i), values[i], kValue);
      if (!one_line) h = std::max(h, pdf_.text(label_x(i), y, kLabelWidth, kLabels[i], kLabel));
      if (i == 0) {  // 性别 shares the first row
        double h2 = pdf_.text(value_x(1), y, value_width(1), values[1], kValue);
        if (!one_line) h2 = std::max(h2, pdf_.text(label_x(1), y, kLabelWidth, kLabels[1], kLabel));
        h = std::max({h, h2, labels.line});
        ++i;
      }
      y += std::max(h, labels.line) + kFieldGap;
    }
    y = std::max(y, header.right_bottom) + 8;

    // The arranged subjects in time order.
    std::vector<const TicketRow*> ordered;
    for (const auto& row : ticket.rows) ordered.push_back(&row);
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const TicketRow* a, const TicketRow* b) { return a->start < b->start; });
    std::vector<std::vector<std::string>> cells;
    for (const auto* row : ordered) {
      cells.push_back({row->certificate, row->subject, row->mode,
                       ticket_slot_text(row->start, row->end), row->room,
                       std::to_string(row->seat_no)});
    }
    y = table(y, cells) + 16;

    // 考试须知: one stamp when it fits below the table, else paragraph by paragraph over as
    // many pages as it needs. A plan without one prints no heading either.
    if (ticket.notice.find_first_not_of(" \t\r\n") == std::string::npos) return;
    const double bottom = pdf_.height() - m_;
    const Notice& notice = notice_for(ticket.notice);
    if (y + notice.height <= bottom) {
      pdf_.stamp(notice.stamp, 0, y);
      return;
    }
    if (y + pdf_.measure(w_, "考试须知", kHeading) + 24 > bottom) {
      pdf_.new_page();
      y = m_;
    }
    y += pdf_.text(m_, y, w_, "考试须知", kHeading) + 6;
    for (const auto& paragraph : paragraphs(ticket.notice)) {
      y = flow(paragraph, m_, y, w_, bottom, kBody) + 3;
    }
  }

 private:
  static constexpr double kSide = 96;  // photo slot and QR code width
  static constexpr double kPhotoHeight = 128;
  static constexpr double kLabelWidth = 66;
  static constexpr double kFieldGap = 7;
  static constexpr int kFieldCount = 8;
  static constexpr const char* kLabels[kFieldCount] = {"学生姓名：", "性别：",     "身份证号：",
                                                       "考生编号：", "准考证号：", "所属院校：",
                                                       "考核站点：", "考点地址："};
  // One weight only: every PDF of the zip embeds a subset of each font it uses, and subsetting
  // the CJK font costs more than drawing the whole page.
  static constexpr office::TextStyle kLabel{.size = 11};
  static constexpr office::TextStyle kValue{.size = 11};
  static constexpr office::TextStyle kHeading{.size = 13};
  static constexpr office::TextStyle kBody{.size = 10};
  static constexpr office::TextStyle kCell{.size = 9.5};
  static constexpr double kPad = 4;
  // 考试证书 | 考试科目 | 考试方式 | 考试时间 | 考场名称 | 座位号, across the 511-point text width.
  static constexpr double kColumns[6] = {123.28, 76, 52, 122, 96, 42};
  inline static const std::vector<std::string> kHeader = {"考试证书", "考试科目", "考试方式",
                                                          "考试时间", "考场名称", "座位号"};

  struct Header {
    int stamp = -1;
    double fields_top = 0;
    double qr_top = 0;
    double right_bottom = 0;
  };
  struct Labels {
    int stamp = -1;
    double line = 0;  // height of one line of a field
  };
  struct Notice {
    int stamp = -1;
    double height = 0;
  };

  // The subjects' table: the header and each row but its seat number are stamps (the rows of
  // one room and slot are the same for all its candidates); a row that does not fit starts a
  // new page with the header again. Returns the y below the table.
  double table(double y, const std::vector<std::vector<std::string>>& rows) {
    const double bottom = pdf_.height() - m_;
    const Stamped& header = row_stamp(kHeader, true);
    if (y + header.height > bottom) {
      pdf_.new_page();
      y = m_;
    }
    pdf_.stamp(header.stamp, 0, y - 1);
    y += header.height;
    for (const auto& row : rows) {
      const Stamped& stamped = row_stamp(row, false);
      if (y + stamped.height > bottom && y > m_ + header.height) {
        pdf_.new_page();
        y = m_;
        pdf_.stamp(header.stamp, 0, y - 1);
        y += header.height;
      }
      pdf_.stamp(stamped.stamp, 0, y - 1);
      const double seat_x = m_ + w_ - kColumns[5];
      pdf_.text(seat_x + kPad, y + kPad, kColumns[5] - 2 * kPad, row[5], kCell);
      y += stamped.height;
    }
    return y;
  }

  struct Stamped {
    int stamp = -1;
    double height = 0;
  };

  // A row of the table as a stamp: its rules and its cells, but for a data row the seat number
  // (the last cell), which differs from candidate to candidate.
  const Stamped& row_stamp(const std::vector<std::string>& cells, bool header) {
    std::string key(header ? "h" : "r");
    for (std::size_t i = 0; i + (header ? 0 : 1) < cells.size(); ++i) {
      key += '\0';
      key += cells[i];
    }
    auto it = rows_.find(key);
    if (it != rows_.end()) return it->second;
    double h = kCell.size * 1.2;
    double x = m_;
    for (std::size_t i = 0; i < 6; ++i) {
      h = std::max(h, pdf_.measure(kColumns[i] - 2 * kPad, cells[i], kCell));
    }
    h += 2 * kPad;
    // One point of room above and below, so the rules are not cut at the stamp's edges.
    pdf_.begin_stamp(pdf_.width(), h + 2);
    for (std::size_t i = 0; i < 6; ++i) {
      if (header || i < 5) pdf_.text(x + kPad, 1 + kPad, kColumns[i] - 2 * kPad, cells[i], kCell);
      x += kColumns[i];
    }
    pdf_.rules(m_, 1, h, std::vector<double>(kColumns, kColumns + 6));
    Stamped stamped{pdf_.end_stamp(), h};
    if (rows_.size() >= 4096) rows_.clear();
    return rows_.emplace(key, stamped).first->second;
  }

  double right() const { return m_ + w_ - kSide; }
  double fields_width() const { return right() - m_ - 16; }
  // Field 0 (学生姓名) and 1 (性别) share the first row, half of it each.
  double label_x(int i) const { return i == 1 ? m_ + fields_width() / 2 : m_; }
  double value_x(int i) const { return label_x(i) + kLabelWidth; }
  double value_width(int i) const {
    return (i <= 1 ? fields_width() / 2 : fields_width()) - kLabelWidth;
  }

  const Header& header_for(const std::string& plan_name) {
    auto it = headers_.find(plan_name);
    if (it != headers_.end()) return it->second;
    Header header;
    double height = m_ + 40 + pdf_.measure(w_, plan_name, {.size = 13}) + kPhotoHeight + kSide + 60;
    pdf_.begin_stamp(pdf_.width(), height);
    double y = m_;
    y += pdf_.text(m_, y, w_, "准考证", {.size = 24, .align = office::Align::center});
    y += 2;
    y += pdf_.text(m_, y, w_, plan_name, {.size = 13, .align = office::Align::center});
    y += 8;
    pdf_.line(m_, y, m_ + w_, y, 1);
    y += 12;
    header.fields_top = y;
    pdf_.rectangle(right(), y, kSide, kPhotoHeight);
    pdf_.text(right(), y + 56, kSide, "照片", {.size = 12, .align = office::Align::center});
    header.qr_top = y + kPhotoHeight + 10;
    pdf_.text(right(), header.qr_top + kSide, kSide, "扫码核验准考证",
              {.size = 8, .align = office::Align::center});
    header.right_bottom = header.qr_top + kSide + 14;
    header.stamp = pdf_.end_stamp();
    if (headers_.size() >= 64) headers_.clear();
    return headers_.emplace(plan_name, header).first->second;
  }

  const Labels& labels_stamp() {
    if (labels_.stamp >= 0) return labels_;
    double line = 0;
    for (const char* label : kLabels)
      line = std::max(line, pdf_.measure(kLabelWidth, label, kLabel));
    line = std::max(line, pdf_.measure(200, "国", kValue));
    pdf_.begin_stamp(pdf_.width(), (kFieldCount - 1) * (line + kFieldGap));
    double y = 0;
    for (int i = 0; i < kFieldCount; ++i) {
      pdf_.text(label_x(i), y, kLabelWidth, kLabels[i], kLabel);
      if (i != 0) y += line + kFieldGap;
    }
    labels_ = {pdf_.end_stamp(), line};
    return labels_;
  }

  const Notice& notice_for(const std::string& text) {
    auto it = notices_.find(text);
    if (it != notices_.end()) return it->second;
    double height = pdf_.measure(w_, "考试须知", kHeading) + 6;
    auto parts = paragraphs(text);
    for (const auto& paragraph : parts) {
      height += (paragraph.empty() ? kBody.size : pdf_.measure(w_, paragraph, kBody)) + 3;
    }
    Notice notice{-1, height};
    // A notice longer than a page is drawn paragraph by paragraph instead.
    if (height <= pdf_.height() - 2 * m_) {
      pdf_.begin_stamp(pdf_.width(), height);
      double y = pdf_.text(m_, 0, w_, "考试须知", kHeading) + 6;
      for (const auto& paragraph : parts) {
        y += (paragraph.empty() ? kBody.size : pdf_.text(m_, y, w_, paragraph, kBody)) + 3;
      }
      notice.stamp = pdf_.end_stamp();
    } else {
      notice.height = pdf_.height() * 2;  // never fits: flow it
    }
    if (notices_.size() >= 64) notices_.clear();
    return notices_.emplace(text, notice).first->second;
  }

  // Draws a paragraph from `y`, starting new pages as it needs; returns the y below it.
  double flow(const std::string& paragraph, double x, double y, double width, double bottom,
              const office::TextStyle& style) {
    std::string_view rest = paragraph;
    if (rest.empty()) return y + style.size;
    while (!rest.empty()) {
      std::string text(rest);
      double h = pdf_.measure(width, text, style);
      if (y + h <= bottom) return y + pdf_.text(x, y, width, text, style);
      // The longest head of the rest that fits above the bottom; at least one character, on a
      // new page when not even that fits here.
      std::vector<std::size_t> ends;
      for (std::size_t i = 0; i < rest.size();) {
        i += next_char(rest, i).bytes.size();
        ends.push_back(i);
      }
      std::size_t lo = 0, hi = ends.size();
      while (lo < hi) {
        std::size_t mid = (lo + hi + 1) / 2;
        std::string head(rest.substr(0, ends[mid - 1]));
        if (y + pdf_.measure(width, head, style) <= bottom) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      if (lo == 0) {
        if (y <= pdf_.margin()) lo = 1;  // a character taller than a page: draw it anyway
      }
      if (lo > 0) {
        pdf_.text(x, y, width, std::string(rest.substr(0, ends[lo - 1])), style);
        rest.remove_prefix(ends[lo - 1]);
      }
      pdf_.new_page();
      y = pdf_.margin();
    }
    return y;
  }

  office::PdfDocument& pdf_;
  const double m_;
  const double w_;
  std::map<std::string, Header> headers_;
  Labels labels_;
  std::map<std::string, Notice> notices_;
  std::unordered_map<std::string, Stamped> rows_;
};

}  // namespace

Status write_tickets_pdf(const std::string& path, const std::vector<Ticket>& tickets,
                         const Progress& progress) {
  if (tickets.empty()) return err::invalid("没有可导出的准考证，请先完成排考");
  auto pdf = TRY(office::PdfDocument::create(path));
  TicketPainter painter(*pdf);
  // The QR codes are encoded on a second thread, a batch ahead of the pages that show them.
  constexpr std::size_t kBatch = 128;
  auto encode = [&tickets](std::size_t from) {
    std::vector<office::ModuleGrid> grids;
    for (std::size_t i = from; i < std::min(from + kBatch, tickets.size()); ++i) {
      grids.push_back(encode_qr(tickets[i].verify_url));
    }
    return grids;
  };
  auto ahead = std::async(std::launch::async, encode, 0);
  for (std::size_t from = 0; from < tickets.size(); from += kBatch) {
    auto grids = ahead.get();
    if (from + kBatch < tickets.size())
      ahead = std::async(std::launch::async, encode, from + kBatch);
    for (std::size_t i = from; i < from + grids.size(); ++i) {
      if (grids[i - from].size == 0 && !tickets[i].verify_url.empty()) {
        (void)pdf->close();
        std::error_code ignored;
        std::filesystem::remove(path, ignored);  // no half-written file is left
        return too_long_url(tickets[i]);
      }
      if (i) pdf->new_page();
      painter.paint(tickets[i], grids[i - from]);
      if (progress) progress(i + 1);
    }
  }
  auto closed = pdf->close();
  if (!closed) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
  return closed;
}

Status write_tickets_zip(const std::string& path, const std::vector<Ticket>& tickets,
                         const Progress& progress) {
  if (tickets.empty()) return err::invalid("没有可导出的准考证，请先完成排考");
  office::init_fonts();  // once, before the threads that draw
  namespace fs = std::filesystem;
  std::random_device random;
  fs::path parts = fs::path(path).string() + ".parts-" + std::to_string(random());
  std::error_code ec;
  fs::create_directories(parts, ec);
  if (ec) return err::internal("无法创建临时文件夹");
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    }
  } cleanup{parts};

  // The PDFs are drawn on one thread per core (at most 4), each its own document: the font
  // subsets every file embeds cost far more than the drawing. They go into the zip in order,
  // stored as they are (a PDF's streams are compressed already).
  const std::size_t n = tickets.size();
  std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
  threads = std::min(threads, n);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::condition_variable ready;
  std::vector<char> done(n, 0);
  std::optional<Error> failure;
  auto file_of = [&parts](std::size_t i) {
    return (parts / (std::to_string(i) + ".pdf")).string();
  };
  auto work = [&] {
    for (std::size_t i; !stop && (i = next++) < n;) {
      Status status;
      try {
        auto pdf = office::PdfDocument::create(file_of(i));
        auto qr = encode_qr(tickets[i].verify_url);
        if (qr.size == 0 && !tickets[i].verify_url.empty()) {
          status = too_long_url(tickets[i]);
        } else if (pdf) {
          TicketPainter(*pdf.value()).paint(tickets[i], qr);
          status = pdf.value()->close();
        } else {
          status = std::move(pdf).error();
        }
      } catch (const std::exception&) {
        status = err::internal("生成准考证失败");
      }
      std::lock_guard lock(mutex);
      if (!status && !failure) failure = status.error();
      done[i] = 1;
      ready.notify_all();
    }
  };
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < threads; ++t) workers.emplace_back(work);
  struct Join {
    std::vector<std::thread>& workers;
    std::atomic<bool>& stop;
    ~Join() {
      stop = true;
      for (auto& worker : workers) worker.join();
    }
  } join{workers, stop};

  auto zip = TRY(office::ZipWriter::create(path));
  std::set<std::string> used;
  for (std::size_t i = 0; i < n; ++i) {
    {
      std::unique_lock lock(mutex);
      ready.wait(lock, [&] { return done[i] || failure; });
      if (failure) return *failure;
    }
    std::string name = ticket_file_name(tickets[i]);
    std::string stem = name.substr(0, name.size() - 4);  // without ".pdf"
    for (int k = 2; used.count(lower_ascii(name)); ++k) {
      name = stem + "(" + std::to_string(k) + ").pdf";
    }
    used.insert(lower_ascii(name));
    TRY(zip->add_file(name, file_of(i), false));
    if (progress) progress(i + 1);
  }
  return zip->close();
}

}  // namespace kaowu::arrangements::documents
