#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kaowu::office {

//! How a number format shows a serial number: as is, or as a date, a time or both.
enum class NumberKind { number, date, time, datetime };

//! The kind of a built-in number format id (14-22, 27-36, 45-47, 50-58 are dates or times).
NumberKind builtin_format_kind(int num_fmt_id);
//! The kind of a custom format code: y/m/d/h/s outside quotes and brackets make it a date or time.
NumberKind format_code_kind(std::string_view code);

//! A number as Excel shows it in General: at most 15 significant digits, never an exponent.
std::string format_number(double value);
//! A number read from a file: plain integer digit strings come back unchanged, others as above.
std::string format_number_text(std::string_view text);
//! A date serial as YYYY-MM-DD, YYYY-MM-DD HH:MM or HH:MM; nullopt outside Excel's range.
std::optional<std::string> format_serial(double serial, NumberKind kind, bool date1904);

//! Strips ASCII whitespace, U+00A0 and the ideographic space U+3000 from both ends.
std::string trim(std::string_view text);
//! Full-width digits, letters, punctuation and spaces to their ASCII forms (１２３ → 123).
std::string to_halfwidth(std::string_view text);
//! True when `text` is well-formed UTF-8.
bool is_utf8(std::string_view text);

//! Longest text a cell may hold: Excel's 32,767 characters. The readers refuse longer cells, so
//! that whatever an import takes in, its failure file (an .xlsx) can give back.
inline constexpr std::size_t kMaxCellChars = 32767;
//! Whether `text` (UTF-8) is at most kMaxCellChars characters.
bool cell_fits(std::string_view text);
//! `text` cut to kMaxCellChars characters, ending in 「…（已截断）」 when it was cut.
std::string fit_cell(std::string_view text);

}  // namespace kaowu::office
