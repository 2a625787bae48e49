// SCH-3: the exam-day documents of a room (门贴, 桌贴, 签到表) read back cell by cell with the
// project's own reader, and the 准考证 read back with pdftotext, pdftoppm and zbarimg.
#include "modules/arrangements/documents.hpp"

#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <regex>

#include "../../office/office_fixtures.hpp"
#include "office/sheet_reader.hpp"
#include "office/zip_archive.hpp"

namespace kaowu::arrangements::documents {
namespace {

using office::testing::TempDir;
using Grid = std::vector<std::vector<std::string>>;

// 2021-09-18 08:00 China time.
constexpr Timestamp kMorning = 1631923200;
constexpr Timestamp kEvening = kMorning + 12 * 3600 + 49 * 60;  // 20:49

bool have(const char* tool) {
  return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
}

std::string run_output(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr) << command;
  if (!pipe) return out;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0) << command;
  return out;
}

std::string shell_quoted(const std::string& path) {
  return "'" + path + "'";
}

Seat seat(int no, const std::string& name) {
  char ticket[48];
  std::snprintf(ticket, sizeof ticket, "20210916002611000000700%02d", no);
  return {no,
          name,
          "670682202110318438860512" + std::to_string(10 + no),
          ticket,
          "67068219960908093" + std::to_string(no % 10),
          "北方工业大学"};
}

RoomSheet room(const std::string& name, Timestamp start, int candidates) {
  RoomSheet r;
  r.plan_name = "2021年9月智能新能源汽车考试";
  r.certificate = "智能新能源汽车职业技能等级证书";
  r.level = "初级";
  r.subject = "实操科目";
  r.mode = "实操";
  r.start = start;
  r.end = start + 3600;
  r.room = name;
  r.site = "北方工业大学智能新能源汽车职业技能等级证书(初级)考核站点";
  r.site_address = "不知名街道120号";
  r.site_college = "北方工业大学";
  r.invigilators = {"李红", "王明"};
  r.patrols = {"张丽"};
  const char* names[] = {"王小六", "王小三", "王小二", "王小八", "李小九", "赵小十"};
  for (int i = 0; i < candidates; ++i) r.seats.push_back(seat(i + 1, names[i % 6]));
  return r;
}

Grid cells_of(const std::string& path, const std::string& sheet, bool keep_blank = false) {
  office::ReadOptions options;
  options.skip_blank_rows = !keep_blank;
  auto rows = office::read_rows(path, sheet, options);
  EXPECT_TRUE(rows.ok()) << (rows.ok() ? "" : rows.error().message);
  Grid grid;
  if (!rows.ok()) return grid;
  for (const auto& row : rows.value()) {
    if (keep_blank) {
      while (grid.size() + 1 < row.number) grid.push_back({});
    }
    grid.push_back(row.cells);
  }
  return grid;
}

std::vector<std::string> sheets_of(const std::string& path) {
  auto reader = office::open_sheet_reader(path);
  EXPECT_TRUE(reader.ok());
  std::vector<std::string> names;
  if (!reader.ok()) return names;
  for (const auto& info : reader.value()->list_sheets()) names.push_back(info.name);
  return names;
}

std::string part_of(const std::string& path, const std::string& part) {
  auto zip = office::ZipArchive::open(path, {});
  EXPECT_TRUE(zip.ok());
  if (!zip.ok()) return {};
  auto text = zip.value()->read_all(part);
  EXPECT_TRUE(text.ok()) << part;
  return text.ok() ? text.value() : std::string();
}

std::size_t utf16_length(const std::string& s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

// ---- 考场门贴 ----------------------------------------------------------------------------------

TEST(ArrangementDocuments, SCH3_DoorPosterHasTwoCandidatesPerRowInSeatOrder) {
  TempDir dir;
  auto path = dir.file("考场门贴.xlsx");
  ASSERT_TRUE(write_door_posters(path, {room("笔试实操考场101", kMorning, 5)}).ok());
  auto sheets = sheets_of(path);
  ASSERT_EQ(sheets.size(), 1u);
  Grid expected = {
      {"考试科目", "实操科目", "考试时间", "2021-09-18 08:00-09:00"},
      {"考试证书", "智能新能源汽车职业技能等级证书", "考场名称", "笔试实操考场101"},
      {"座位号", "考生姓名", "座位号", "考生姓名"},
      {"1", "王小六", "2", "王小三"},
      {"3", "王小二", "4", "王小八"},
      {"5", "李小九"},
  };
  EXPECT_EQ(cells_of(path, sheets[0]), expected);
}

TEST(ArrangementDocuments, SCH3_DoorPosterOfARoomWithNobodyKeepsItsHeadings) {
  TempDir dir;
  auto path = dir.file("门贴.xlsx");
  ASSERT_TRUE(write_door_posters(path, {room("机房A", kEvening, 0)}).ok());
  Grid expected = {
      {"考试科目", "实操科目", "考试时间", "2021-09-18 20:49-21:49"},
      {"考试证书", "智能新能源汽车职业技能等级证书", "考场名称", "机房A"},
      {"座位号", "考生姓名", "座位号", "考生姓名"},
  };
  EXPECT_EQ(cells_of(path, sheets_of(path).at(0)), expected);
}

TEST(ArrangementDocuments, SCH3_EveryRoomAndSlotGetsItsOwnSheetWithAValidUniqueName) {
  TempDir dir;
  auto path = dir.file("门贴.xlsx");
  std::string long_name = "北方工业大学第一教学楼三层东侧智能新能源汽车实操考场一百零一号";  // 31+
  std::vector<RoomSheet> rooms = {
      room("笔试实操考场101", kMorning, 2),
      room("笔试实操考场101", kEvening, 3),
      room(long_name, kMorning, 1),
      room(long_name + "乙", kMorning, 1),  // the same first 20 characters as the one above
      room("机房[1]:A*?/\\B", kMorning, 1),
  };
  ASSERT_TRUE(write_door_posters(path, rooms).ok());
  auto sheets = sheets_of(path);
  ASSERT_EQ(sheets.size(), rooms.size());
  EXPECT_EQ(sheets, sheet_names(rooms));
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    const auto& name = sheets[i];
    EXPECT_LE(utf16_length(name), 31u) << name;
    EXPECT_EQ(name.find_first_of("[]:*?/\\"), std::string::npos) << name;
    for (std::size_t j = 0; j < i; ++j) EXPECT_NE(name, sheets[j]);
    // Each sheet holds its own room and slot.
    auto grid = cells_of(path, name);
    ASSERT_GE(grid.size(), 3u);
    EXPECT_EQ(grid[0][3], slot_text(rooms[i].start, rooms[i].end)) << name;
    EXPECT_EQ(grid[1][3], rooms[i].room) << name;
    EXPECT_EQ(grid.size(), 3 + (rooms[i].seats.size() + 1) / 2) << name;
  }
  EXPECT_EQ(sheets[0], "笔试实操考场101 09-18 0800");
  EXPECT_EQ(sheets[1], "笔试实操考场101 09-18 2049");
}

TEST(ArrangementDocuments, SCH3_DocumentsOfNoRoomAreRefusedWithAMessage) {
  TempDir dir;
  auto path = dir.file("空.xlsx");
  for (auto write : {write_door_posters, write_desk_stickers, write_sign_in_sheets}) {
    auto status = write(path, {}, {});
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().kind, ErrorKind::invalid_input);
    EXPECT_NE(status.error().message.find("没有已排考的考场"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(path));
  }
  auto status = write_tickets_pdf(dir.file("空.pdf"), {});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("没有可导出的准考证"), std::string::npos);
}

// ---- 考场桌贴 ----------------------------------------------------------------------------------

TEST(ArrangementDocuments, SCH3_DeskStickersAreCardsTwoPerRowWithABlankRowBetween) {
  TempDir dir;
  auto path = dir.file("考场桌贴.xlsx");
  auto r = room("笔试实操考场101", kMorning, 3);
  ASSERT_TRUE(write_desk_stickers(path, {r}).ok());
  auto grid = cells_of(path, sheets_of(path).at(0), true);
  const std::string certificate = "智能新能源汽车职业技能等级证书(初级)";
  Grid expected = {
      {"考生姓名", "王小六", "考生姓名", "王小三"},
      {"考生编号", r.seats[0].student_no, "考生编号", r.seats[1].student_no},
      {"准考证号", r.seats[0].ticket_no, "准考证号", r.seats[1].ticket_no},
      {"身份证号", r.seats[0].id_number, "身份证号", r.seats[1].id_number},
      {"考试科目", "实操科目", "考试科目", "实操科目"},
      {"考试证书", certificate, "考试证书", certificate},
      {"座位号", "1", "座位号", "2"},
      {},
      {"考生姓名", "王小二"},
      {"考生编号", r.seats[2].student_no},
      {"准考证号", r.seats[2].ticket_no},
      {"身份证号", r.seats[2].id_number},
      {"考试科目", "实操科目"},
      {"考试证书", certificate},
      {"座位号", "3"},
  };
  while (!grid.empty() && grid.back().empty()) grid.pop_back();
  EXPECT_EQ(grid, expected);
}

TEST(ArrangementDocuments, SCH3_DeskStickerPageBreaksNeverCutACard) {
  TempDir dir;
  auto path = dir.file("桌贴.xlsx");
  auto r = room("笔试实操考场101", kMorning, 45);  // 23 rows of cards
  ASSERT_TRUE(write_desk_stickers(path, {r}).ok());
  std::string xml = part_of(path, "xl/worksheets/sheet1.xml");
  ASSERT_FALSE(xml.empty());
  // Excel ignores manual breaks on a sheet set to fit to pages.
  EXPECT_EQ(xml.find("fitToPage"), std::string::npos);

  std::smatch m;
  // libxlsxwriter leaves the scale out at 100 %.
  double scale = 1;
  if (std::regex_search(xml, m, std::regex(R"re(<pageSetup[^>]*scale="(\d+)")re"))) {
    scale = std::stod(m[1]) / 100;
  }
  ASSERT_TRUE(std::regex_search(xml, m, std::regex(R"re(<pageMargins[^>]*top="([\d.]+)")re")));
  double top = std::stod(m[1]);
  ASSERT_TRUE(std::regex_search(xml, m, std::regex(R"re(<pageMargins[^>]*bottom="([\d.]+)")re")));
  double bottom = std::stod(m[1]);
  EXPECT_NE(xml.find("paperSize=\"9\""), std::string::npos);  // A4
  double printable = 841.89 - (top + bottom) * 72;

  // Row heights: the sheet's default, or the row's own.
  ASSERT_TRUE(std::regex_search(
      xml, m, std::regex(R"re(<sheetFormatPr[^>]*defaultRowHeight="([\d.]+)")re")));
  double default_height = std::stod(m[1]);
  std::map<int, double> heights;
  std::regex row_re(R"re(<row r="(\d+)"([^>]*)>)re");
  std::regex ht_re(R"re(ht="([\d.]+)")re");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), row_re); it != std::sregex_iterator();
       ++it) {
    std::string attributes = (*it)[2];
    std::smatch ht;
    heights[std::stoi((*it)[1])] =
        std::regex_search(attributes, ht, ht_re) ? std::stod(ht[1]) : default_height;
  }
  std::vector<int> breaks;
  std::regex brk_re(R"re(<brk id="(\d+)")re");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), brk_re); it != std::sregex_iterator();
       ++it) {
    breaks.push_back(std::stoi((*it)[1]));
  }
  ASSERT_FALSE(breaks.empty());
  int last_row = heights.rbegin()->first;
  EXPECT_EQ(last_row, 23 * 8 - 1 + 1);  // the blank row after the last card is there too
  breaks.push_back(last_row);
  int from = 1;
  for (int brk : breaks) {
    // A break follows the blank row below a row of cards: never inside a card.
    if (brk != last_row) {
      EXPECT_EQ(brk % 8, 0) << "break after row " << brk;
    }
    // And the rows up to it fit on one printed page, so Excel adds no break of its own.
    double page = 0;
    for (int row = from; row <= brk; ++row) {
      ASSERT_TRUE(heights.count(row)) << "row " << row << " has no height";
      page += heights[row] * scale;
    }
    EXPECT_LE(page, printable) << "rows " << from << "-" << brk;
    from = brk + 1;
  }
  // The two cards fit the page width at that scale: columns A-D, widths in characters.
  std::regex col_re(R"re(<col min="(\d+)" max="(\d+)" width="([\d.]+)")re");
  double width = 0;
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), col_re); it != std::sregex_iterator();
       ++it) {
    int count = std::stoi((*it)[2]) - std::stoi((*it)[1]) + 1;
    width += count * static_cast<int>(std::stod((*it)[3]) * 7 + 5) * 0.75;
  }
  ASSERT_TRUE(std::regex_search(xml, m, std::regex(R"re(<pageMargins left="([\d.]+)")re")));
  EXPECT_LE(width * scale, 595.28 - 2 * std::stod(m[1]) * 72);
}

// ---- 考场签到表 --------------------------------------------------------------------------------

TEST(ArrangementDocuments, SCH3_SignInSheetNamesTheRoomsPeopleAndHasARowPerCandidate) {
  TempDir dir;
  auto path = dir.file("考场签到表.xlsx");
  auto r = room("笔试实操考场101", kMorning, 4);
  ASSERT_TRUE(write_sign_in_sheets(path, {r, room("机房B", kEvening, 0)}).ok());
  auto sheets = sheets_of(path);
  ASSERT_EQ(sheets.size(), 2u);
  Grid expected = {
      {"考场签到表"},
      {"考核站点", r.site, "所属院校", "北方工业大学"},
      {"考试证书", "智能新能源汽车职业技能等级证书", "证书等级", "初级"},
      {"监考老师", "李红、王明", "巡考老师", "张丽"},
      {"实考人数", "", "缺考人数"},
      {"准考证号", "所属院校", "座位号", "到场时间", "考生签名"},
      {"2021091600261100000070001", "北方工业大学", "1"},
      {"2021091600261100000070002", "北方工业大学", "2"},
      {"2021091600261100000070003", "北方工业大学", "3"},
      {"2021091600261100000070004", "北方工业大学", "4"},
  };
  EXPECT_EQ(cells_of(path, sheets[0]), expected);
  EXPECT_EQ(cells_of(path, sheets[1]).size(), 6u);  // an empty room: the particulars and header
  // Printable: the column header repeats on every page; the rows are ruled.
  std::string workbook = part_of(path, "xl/workbook.xml");
  EXPECT_NE(workbook.find("_xlnm.Print_Titles"), std::string::npos);
  EXPECT_NE(workbook.find("$6:$6"), std::string::npos);
  std::string styles = part_of(path, "xl/styles.xml");
  EXPECT_NE(styles.find("<left style=\"thin\">"), std::string::npos);
}

// ---- 准考证 ------------------------------------------------------------------------------------

Ticket ticket(const std::string& name, const std::string& ticket_no) {
  Ticket t;
  t.plan_name = "2021年9月智能新能源汽车考试";
  t.name = name;
  t.gender = "男";
  t.id_number = "370682199709086532";
  t.student_no = "37068220211631844006551248";
  t.ticket_no = ticket_no;
  t.college = "北方工业大学";
  t.site = "北方工业大学智能新能源汽车职业技能等级证书(初级)考核站点";
  t.site_address = "不知名街道120号";
  t.certificate = "智能新能源汽车职业技能等级证书";
  // Given out of time order: the ticket prints them in time order.
  t.rows = {{t.certificate, "实操科目", "实操", kEvening, kEvening + 3600, "笔试实操考场101", 4},
            {t.certificate, "笔试科目", "笔试", kMorning, kMorning + 3600, "笔试实操考场102", 1}};
  t.notice = "1. 考生须携带准考证和身份证提前30分钟入场。\n2. 严禁携带手机等通讯工具进入考场。";
  t.verify_url = "https://kaowu.example.cn/verify/" + ticket_no + ".c2lnbmF0dXJl";
  return t;
}

int pages_of(const std::string& path) {
  auto info = run_output("pdfinfo " + shell_quoted(path));
  auto at = info.find("Pages:");
  return at == std::string::npos ? 0 : std::atoi(info.c_str() + at + 6);
}

std::string squeeze(std::string text) {
  text.erase(std::remove_if(text.begin(), text.end(), [](char c) { return c == ' '; }), text.end());
  return text;
}

TEST(ArrangementDocuments, SCH3_TicketShowsTheFieldsTheMaskedIdTheSubjectsInTimeOrderAndTheNotice) {
  if (!have("pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  TempDir dir;
  auto path = dir.file("准考证.pdf");
  ASSERT_TRUE(write_tickets_pdf(path, {ticket("王小八", "2021091600261100000070012"),
                                       ticket("王小二", "2021091600261100000070011")})
                  .ok());
  EXPECT_EQ(pages_of(path), 2);  // one page a ticket
  auto text = run_output("pdftotext -layout -f 1 -l 1 " + shell_quoted(path) + " -");
  auto flat = squeeze(text);
  for (const char* expected : {"准考证",
                               "2021年9月智能新能源汽车考试",
                               "学生姓名：王小八",
                               "性别：男",
                               "身份证号：370*****6532",
                               "考生编号：37068220211631844006551248",
                               "准考证号：2021091600261100000070012",
                               "所属院校：北方工业大学",
                               "考核站点：北方工业大学智能新能源汽车职业技能等级证书(初级)考核站点",
                               "考点地址：不知名街道120号",
                               "考试证书",
                               "考试科目",
                               "考试方式",
                               "考试时间",
                               "考场名称",
                               "座位号",
                               "照片",
                               "考试须知",
                               "1.考生须携带准考证和身份证提前30分钟入场。",
                               "2.严禁携带手机等通讯工具进入考场。"}) {
    EXPECT_NE(flat.find(squeeze(expected)), std::string::npos) << expected << "\n" << text;
  }
  EXPECT_EQ(text.find("370682199709086532"), std::string::npos) << "the full 身份证号 is printed";
  EXPECT_EQ(text.find("王小二"), std::string::npos) << "the second ticket is on page 1";
  // The subjects in time order, each with its time, room and seat.
  auto morning = flat.find("笔试科目笔试2021-09-1808:00~09:00笔试实操考场1021");
  auto evening = flat.find("实操科目实操2021-09-1820:49~21:49笔试实操考场1014");
  ASSERT_NE(morning, std::string::npos) << text;
  ASSERT_NE(evening, std::string::npos) << text;
  EXPECT_LT(morning, evening);
  auto second = run_output("pdftotext -f 2 -l 2 " + shell_quoted(path) + " -");
  EXPECT_NE(second.find("王小二"), std::string::npos);
}

TEST(ArrangementDocuments, SCH3_TicketQrCodeDecodesToItsVerificationUrl) {
  if (!have("pdftoppm")) GTEST_SKIP() << "pdftoppm (poppler-utils) is not installed";
  if (!have("zbarimg")) GTEST_SKIP() << "zbarimg (zbar-tools) is not installed";
  TempDir dir;
  auto path = dir.file("准考证.pdf");
  auto first = ticket("王小八", "2021091600261100000070012");
  auto second = ticket("王小二", "2021091600261100000070011");
  ASSERT_TRUE(write_tickets_pdf(path, {first, second}).ok());
  run_output("pdftoppm -r 150 -png " + shell_quoted(path) + " " + shell_quoted(dir.file("page")));
  EXPECT_EQ(run_output("zbarimg --raw -q " + shell_quoted(dir.file("page-1.png")) + " 2>/dev/null"),
            first.verify_url + "\n");
  EXPECT_EQ(run_output("zbarimg --raw -q " + shell_quoted(dir.file("page-2.png")) + " 2>/dev/null"),
            second.verify_url + "\n");
}

TEST(ArrangementDocuments, SCH3_ALongNoticeContinuesOnTheNextPageAndTheNextTicketStartsAfresh) {
  if (!have("pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  TempDir dir;
  auto path = dir.file("准考证.pdf");
  auto first = ticket("王小八", "2021091600261100000070012");
  first.notice.clear();
  for (int i = 1; i <= 60; ++i) {
    first.notice += std::to_string(i) + ". 考生应自觉遵守考场规则第" + std::to_string(i) +
                    "条，服从监考人员的安排与管理。\n";
  }
  first.notice += "最后一条须知";
  ASSERT_TRUE(write_tickets_pdf(path, {first, ticket("王小二", "2021091600261100000070011")}).ok());
  // The first ticket runs over pages 1..n-1, its notice ending on page n-1; the second ticket
  // has page n to itself.
  int pages = pages_of(path);
  ASSERT_GE(pages, 3);
  auto page = [&](int n) {
    return run_output("pdftotext -f " + std::to_string(n) + " -l " + std::to_string(n) + " " +
                      shell_quoted(path) + " -");
  };
  auto before_last = page(pages - 1);
  EXPECT_NE(before_last.find("最后一条须知"), std::string::npos) << before_last;
  for (int n = 1; n < pages; ++n) EXPECT_EQ(page(n).find("王小二"), std::string::npos) << n;
  auto last = page(pages);
  EXPECT_NE(last.find("王小二"), std::string::npos) << last;
  EXPECT_EQ(last.find("规则第"), std::string::npos) << last;
  // Every paragraph is printed once, none lost at the page break.
  auto all = squeeze(run_output("pdftotext " + shell_quoted(path) + " -"));
  for (int i = 1; i <= 60; ++i) {
    EXPECT_NE(all.find("规则第" + std::to_string(i) + "条"), std::string::npos) << i;
  }
}

TEST(ArrangementDocuments, SCH3_TicketZipHoldsOnePdfPerCandidateNamedSafely) {
  if (!have("pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  TempDir dir;
  auto path = dir.file("准考证.zip");
  auto odd = ticket("王/小\\三\n", "2021091600261100000070010");
  std::vector<Ticket> tickets = {ticket("王小八", "2021091600261100000070012"), odd,
                                 ticket("王小八", "2021091600261100000070012")};
  std::vector<std::size_t> seen;
  ASSERT_TRUE(
      write_tickets_zip(path, tickets, [&](std::size_t done) { seen.push_back(done); }).ok());
  EXPECT_EQ(seen, (std::vector<std::size_t>{1, 2, 3}));
  // The PDFs drawn on the way are gone.
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1u);

  int code = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &code);
  ASSERT_NE(z, nullptr);
  std::vector<std::string> names;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i)
    names.push_back(zip_get_name(z, i, 0));
  zip_close(z);
  std::vector<std::string> expected = {
      "王小八(2021091600261100000070012)-智能新能源汽车职业技能等级证书准考证.pdf",
      "王_小_三_(2021091600261100000070010)-智能新能源汽车职业技能等级证书准考证.pdf",
      "王小八(2021091600261100000070012)-智能新能源汽车职业技能等级证书准考证(2).pdf"};
  EXPECT_EQ(names, expected);
  EXPECT_EQ(ticket_file_name(odd), expected[1]);

  auto archive = office::ZipArchive::open(path, {});
  ASSERT_TRUE(archive.ok());
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto bytes = archive.value()->read_all(names[i]);
    ASSERT_TRUE(bytes.ok()) << names[i];
    EXPECT_EQ(bytes.value().rfind("%PDF", 0), 0u) << names[i];
    auto file = dir.file("t" + std::to_string(i) + ".pdf");
    office::testing::write_file(file, bytes.value());
    auto text = squeeze(run_output("pdftotext -layout " + shell_quoted(file) + " -"));
    EXPECT_NE(text.find(squeeze("准考证号：" + tickets[i].ticket_no)), std::string::npos);
    EXPECT_NE(text.find("370*****6532"), std::string::npos);
  }
}

TEST(ArrangementDocuments, SCH3_AVerificationUrlTooLongForAQrCodeIsRefusedAndNoFileIsLeft) {
  TempDir dir;
  auto bad = ticket("王小八", "2021091600261100000070012");
  bad.verify_url = "https://kaowu.example.cn/verify/" + std::string(5000, 'a');
  std::vector<Ticket> tickets = {ticket("王小二", "2021091600261100000070011"), bad};
  auto pdf = dir.file("准考证.pdf");
  auto status = write_tickets_pdf(pdf, tickets);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(status.error().message,
            "准考证核验链接过长，无法生成二维码：王小八（2021091600261100000070012）");
  EXPECT_FALSE(std::filesystem::exists(pdf));
  auto zip = dir.file("准考证.zip");
  status = write_tickets_zip(zip, tickets);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("核验链接过长"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(zip));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));  // the PDFs drawn on the way are gone too
}

TEST(ArrangementDocuments, SCH3_BrokenTextIsShownWithAReplacementCharacterNotLost) {
  if (!have("pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  TempDir dir;
  auto r = room(
      "机房\x01"
      "A",
      kMorning, 1);
  r.seats[0].name = "王\xFF小六";
  auto path = dir.file("门贴.xlsx");
  ASSERT_TRUE(write_door_posters(path, {r}).ok());
  auto grid = cells_of(path, sheets_of(path).at(0));
  ASSERT_EQ(grid.size(), 4u);
  EXPECT_EQ(grid[1][3], "机房\uFFFDA");
  EXPECT_EQ(grid[3][1], "王\uFFFD小六");
  auto t = ticket("王\xC3小八", "2021091600261100000070012");
  t.notice = "须知\x02第一条";
  auto pdf = dir.file("准考证.pdf");
  ASSERT_TRUE(write_tickets_pdf(pdf, {t}).ok());
  auto text = run_output("pdftotext " + shell_quoted(pdf) + " -");
  EXPECT_NE(text.find("王\uFFFD小八"), std::string::npos) << text;
  EXPECT_NE(text.find("须知\uFFFD第一条"), std::string::npos) << text;
}

TEST(ArrangementDocuments, SCH3_IdNumbersAreMaskedAsTheSeedShows) {
  EXPECT_EQ(mask_ticket_id_number("370682199709086532"), "370*****6532");
  EXPECT_EQ(mask_ticket_id_number("11010519491231002X"), "110*****002X");
  EXPECT_EQ(mask_ticket_id_number("A12345"), "A*****5");
  EXPECT_EQ(mask_ticket_id_number(""), "");
}

}  // namespace
}  // namespace kaowu::arrangements::documents
