#pragma once

// The exam-day documents of an arrangement (SCH-3, seed 5.2.8.2): 考场门贴, 考场桌贴 and
// 考场签到表 as workbooks with one sheet per room and slot, and the 准考证 as one PDF for printing
// or as a zip of one PDF per candidate. Plain values in, files out: no database, no HTTP; the
// service gathers the rows and the jobs call these.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace kaowu::arrangements::documents {

//! One seat of a room during one slot.
struct Seat {
  int seat_no = 0;
  std::string name;        //!< 考生姓名
  std::string student_no;  //!< 考生编号
  std::string ticket_no;   //!< 准考证号
  std::string id_number;   //!< 身份证号, printed in full on the desk sticker only
  std::string college;     //!< the candidate's 所属院校
  std::string arrived_at;  //!< 到场时间 from exam-day check-in ("" when not checked in)
};

//! One room during one slot, with its seats in seat order.
struct RoomSheet {
  std::string plan_name;
  std::string certificate;  //!< 考试证书, e.g. 智能新能源汽车职业技能等级证书
  std::string level;        //!< 证书等级: 初级, 中级 or 高级
  std::string subject;      //!< 考试科目
  std::string mode;         //!< 考试方式
  Timestamp start = 0;
  Timestamp end = 0;
  std::string room;  //!< 考场名称
  std::string site;  //!< 考核站点
  std::string site_address;
  std::string site_college;               //!< the site's 所属院校
  std::vector<std::string> invigilators;  //!< 监考老师
  std::vector<std::string> patrols;       //!< 巡考老师
  std::vector<Seat> seats;                //!< in seat order
  //! Check-in was used in the room-slot: the sign-in sheet prints 实考人数 and 缺考人数.
  bool checked_in = false;
};

//! One arranged subject on an admission ticket.
struct TicketRow {
  std::string certificate;  //!< 考试证书
  std::string subject;      //!< 考试科目
  std::string mode;         //!< 考试方式
  Timestamp start = 0;
  Timestamp end = 0;
  std::string room;  //!< 考场名称
  int seat_no = 0;
};

//! The 准考证 of one candidate in one plan.
struct Ticket {
  std::string plan_name;
  std::string name;          //!< 学生姓名
  std::string gender;        //!< 性别
  std::string id_number;     //!< 身份证号 in full; the ticket prints it masked (370*****6532)
  std::string student_no;    //!< 考生编号
  std::string ticket_no;     //!< 准考证号
  std::string college;       //!< 所属院校
  std::string site;          //!< 考核站点
  std::string site_address;  //!< 考点地址
  //! 证书名 in the file name of the ticket; empty: the certificate of the first row.
  std::string certificate;
  std::vector<TicketRow> rows;  //!< printed in time order
  std::string notice;           //!< the plan's 考试须知, any length
  std::string verify_url;       //!< encoded in the QR code
};

//! Called after each sheet or ticket with the number done so far (for a job's progress).
using Progress = std::function<void(std::size_t done)>;

//! "2021-09-18 08:00-09:00" (China time), as the workbooks print a slot.
std::string slot_text(Timestamp start, Timestamp end);
//! "2021-09-18 08:00~09:00" (China time), as the tickets print a slot.
std::string ticket_slot_text(Timestamp start, Timestamp end);
//! The sheet names of `rooms` in order: room name and slot ("笔试实操考场101 09-18 0800"), cut to
//! Excel's 31 characters, without the characters Excel refuses, unique in the workbook.
std::vector<std::string> sheet_names(const std::vector<RoomSheet>& rooms);
//! 身份证号 as a ticket prints it: first 3 and last 4 characters (370*****6532).
std::string mask_ticket_id_number(const std::string& id_number);
//! The name of a ticket's file in the zip: 姓名(准考证号)-证书名准考证.pdf, with / \, control
//! characters and those Windows refuses (: * ? " < > |) replaced by _, so the name is one safe
//! file name.
std::string ticket_file_name(const Ticket& ticket);

// The workbooks are built in memory and written by the call (a plan's thousands of sheets would
// each keep a temporary file open otherwise): about 1, 3 and 1.5 KB per candidate for the door
// posters, desk stickers and sign-in sheets. Bad input is an invalid_input error with a Chinese
// message; on any error no file is left at `path`.

//! 考场门贴: one sheet per room and slot (the seed's layout: 考试科目/考试时间, 考试证书/考场名称,
//! then 座位号 | 考生姓名 twice, two candidates per row in seat order).
Status write_door_posters(const std::string& path, const std::vector<RoomSheet>& rooms,
                          const Progress& progress = {});
//! 考场桌贴: one sheet per room and slot, cards two per row with a blank row between card rows;
//! printed at a scale that fits the page width, with a page break between card rows so no card
//! is ever cut.
Status write_desk_stickers(const std::string& path, const std::vector<RoomSheet>& rooms,
                           const Progress& progress = {});
//! 考场签到表: one sheet per room and slot, the room's particulars, then one row per candidate;
//! ruled, the column header repeated on every printed page.
Status write_sign_in_sheets(const std::string& path, const std::vector<RoomSheet>& rooms,
                            const Progress& progress = {});

//! All tickets in one PDF, each starting on a new page (a ticket takes a second page only when
//! its table or notice is too long for one).
Status write_tickets_pdf(const std::string& path, const std::vector<Ticket>& tickets,
                         const Progress& progress = {});
//! A zip of one PDF per ticket, named by ticket_file_name (a repeated name gets "(2)"). The
//! PDFs are drawn on one thread per core (at most 4) into a folder beside `path`, stored in the
//! zip as they are and removed when it is done; `progress` is called on the calling thread.
Status write_tickets_zip(const std::string& path, const std::vector<Ticket>& tickets,
                         const Progress& progress = {});

}  // namespace kaowu::arrangements::documents
