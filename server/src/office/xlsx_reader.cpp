#include "office/xlsx_reader.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <thread>

#include "office/cell_value.hpp"
#include "office/row_shaper.hpp"
#include "office/split_parse.hpp"
#include "office/xml_pump.hpp"

namespace kaowu::office {

namespace {

Error damaged() {
  return err::make(ErrorKind::invalid_input, kDamagedFile, "damaged_file");
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string directory_of(const std::string& part) {
  auto pos = part.rfind('/');
  return pos == std::string::npos ? std::string() : part.substr(0, pos + 1);
}

// A relationship target relative to `base` (a directory inside the package), or absolute.
std::string resolve_target(const std::string& base, std::string target) {
  for (auto& c : target) {
    if (c == '\\') c = '/';
  }
  std::string joined = !target.empty() && target[0] == '/' ? target.substr(1) : base + target;
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= joined.size()) {
    auto end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    auto piece = joined.substr(start, end - start);
    if (piece == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!piece.empty() && piece != ".") {
      parts.push_back(piece);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

// A merged range, 1-based and inclusive.
struct MergedRange {
  std::size_t first_row, first_column, last_row, last_column;
};

constexpr std::size_t kMaxMergedRanges = 1000000;
constexpr std::size_t kMaxSheetRows = 1048576;

bool parse_reference(std::string_view ref, std::size_t& row, std::size_t& column) {
  std::size_t i = 0;
  column = 0;
  row = 0;
  while (i < ref.size() && ref[i] == '$') ++i;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
    column = column * 26 + static_cast<std::size_t>((ref[i] | 0x20) - 'a' + 1);
    if (column > (1u << 24)) return false;
    ++i;
  }
  while (i < ref.size() && ref[i] == '$') ++i;
  while (i < ref.size() && ref[i] >= '0' && ref[i] <= '9') {
    row = row * 10 + static_cast<std::size_t>(ref[i] - '0');
    if (row > (1u << 24)) return false;
    ++i;
  }
  return i == ref.size() && row > 0 && column > 0;
}

// The <mergeCell ref="A1:C3"> tags of a sheet part. They follow <sheetData>, so they are found by
// scanning the inflated bytes before the rows are parsed; '<' is always markup in XML, so cell
// text cannot fake a tag.
Result<std::vector<MergedRange>> scan_merged_ranges(ZipArchive& zip, const std::string& part) {
  std::vector<MergedRange> ranges;
  auto stream = TRY(zip.stream(part));
  std::string buffer;
  std::string chunk(1 << 16, '\0');
  constexpr std::string_view kTag = "mergeCell";
  for (;;) {
    std::size_t n = TRY(stream->read(chunk.data(), chunk.size()));
    if (n == 0) break;
    buffer.append(chunk.data(), n);
    std::size_t from = 0;
    std::size_t incomplete = std::string::npos;
    for (auto m = buffer.find(kTag); m != std::string::npos; m = buffer.find(kTag, from)) {
      auto after = m + kTag.size();
      if (after >= buffer.size()) {
        incomplete = m;
        break;
      }
      std::size_t j = m;
      while (j > 0 && xml_name_char(buffer[j - 1])) --j;
      if (j > 0 && buffer[j - 1] == ':') {
        --j;
        while (j > 0 && xml_name_char(buffer[j - 1])) --j;
      }
      bool tag = j > 0 && buffer[j - 1] == '<' &&
                 (buffer[after] == ' ' || buffer[after] == '\t' || buffer[after] == '\n' ||
                  buffer[after] == '\r');
      if (!tag) {
        from = after;
        continue;
      }
      auto close = buffer.find('>', after);
      if (close == std::string::npos) {
        if (buffer.size() - m < 4096) incomplete = m;
        from = after;
        break;
      }
      std::string_view attrs(buffer.data() + after, close - after);
      auto ref = attrs.find("ref=");
      if (ref != std::string_view::npos && ref + 5 < attrs.size()) {
        char quote = attrs[ref + 4];
        auto end = attrs.find(quote, ref + 5);
        if (end != std::string_view::npos) {
          auto value = attrs.substr(ref + 5, end - ref - 5);
          auto colon = value.find(':');
          MergedRange range{};
          if (colon != std::string_view::npos &&
              parse_reference(value.substr(0, colon), range.first_row, range.first_column) &&
              parse_reference(value.substr(colon + 1), range.last_row, range.last_column) &&
              range.first_row <= range.last_row && range.first_column <= range.last_column) {
            if (ranges.size() >= kMaxMergedRanges) {
              return err::make(ErrorKind::too_large, "合并单元格过多，请取消合并后再上传",
                               "too_many_merges");
            }
            ranges.push_back(range);
          }
        }
      }
      from = close + 1;
    }
    std::size_t keep = std::max(from, buffer.size() > 64 ? buffer.size() - 64 : 0);
    if (incomplete != std::string::npos) {
      keep = std::min(keep, std::max(from, incomplete >= 64 ? incomplete - 64 : 0));
    }
    buffer.erase(0, keep);
  }
  std::sort(ranges.begin(), ranges.end(),
            [](const MergedRange& a, const MergedRange& b) { return a.first_row < b.first_row; });
  return ranges;
}

// Relationship id -> (type, resolved target).
struct Relationship {
  std::string type;
  std::string target;
};

class RelsHandler : public XmlHandler {
 public:
  explicit RelsHandler(std::string base) : base_(std::move(base)) {}
  void start(std::string_view name, const char** attrs) override {
    if (name != "Relationship") return;
    const char* id = xml_attribute(attrs, "Id");
    const char* type = xml_attribute(attrs, "Type");
    const char* target = xml_attribute(attrs, "Target");
    const char* mode = xml_attribute(attrs, "TargetMode");
    if (!id || !type || !target || (mode && std::strcmp(mode, "External") == 0)) return;
    rels[id] = {type, resolve_target(base_, target)};
  }
  void end(std::string_view) override {}
  std::map<std::string, Relationship> rels;

 private:
  std::string base_;
};

struct SheetEntry {
  SheetInfo info;
  std::string rel_id;
  std::string part;
};

class WorkbookHandler : public XmlHandler {
 public:
  void start(std::string_view name, const char** attrs) override {
    if (name == "workbookPr") {
      const char* v = xml_attribute(attrs, "date1904");
      date1904 = v && (std::strcmp(v, "1") == 0 || std::strcmp(v, "true") == 0);
    } else if (name == "sheet") {
      SheetEntry entry;
      const char* n = xml_attribute(attrs, "name");
      const char* state = xml_attribute(attrs, "state");
      const char* id = xml_attribute(attrs, "id");
      entry.info.name = n ? n : "";
      entry.info.hidden = state && std::strcmp(state, "visible") != 0;
      entry.rel_id = id ? id : "";
      sheets.push_back(std::move(entry));
    }
  }
  void end(std::string_view) override {}
  bool date1904 = false;
  std::vector<SheetEntry> sheets;
};

class StylesHandler : public XmlHandler {
 public:
  void start(std::string_view name, const char** attrs) override {
    if (name == "numFmt") {
      const char* id = xml_attribute(attrs, "numFmtId");
      const char* code = xml_attribute(attrs, "formatCode");
      if (id && code) formats[std::atoi(id)] = format_code_kind(code);
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      const char* id = xml_attribute(attrs, "numFmtId");
      int fmt = id ? std::atoi(id) : 0;
      auto it = formats.find(fmt);
      kinds.push_back(it != formats.end() ? it->second : builtin_format_kind(fmt));
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }
  std::map<int, NumberKind> formats;
  std::vector<NumberKind> kinds;

 private:
  bool in_cell_xfs_ = false;
};

// The shared strings, back to back in one buffer: a workbook with hundreds of thousands of
// distinct strings costs their bytes plus four per string, not a std::string each.
class StringPool {
 public:
  //! False when the pool would pass 4 GiB (offsets are 32-bit).
  bool add(std::string_view s) {
    if (data_.size() + s.size() > 0xFFFFFFFFu) return false;
    data_.append(s);
    ends_.push_back(static_cast<std::uint32_t>(data_.size()));
    return true;
  }
  //! Appends the strings of `other` after these; false past 4 GiB.
  bool append(const StringPool& other) {
    if (data_.size() + other.data_.size() > 0xFFFFFFFFu) return false;
    const auto base = static_cast<std::uint32_t>(data_.size());
    data_.append(other.data_);
    ends_.reserve(ends_.size() + other.ends_.size());
    for (auto end : other.ends_) ends_.push_back(base + end);
    return true;
  }
  //! Room for `bytes` of text in `count` strings, so the pool grows without copying itself.
  void reserve(std::size_t bytes, std::size_t count) {
    data_.reserve(bytes);
    ends_.reserve(count);
  }
  void clear() {
    data_.clear();
    ends_.clear();
  }
  std::size_t size() const { return ends_.size(); }
  std::string_view operator[](std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(data_).substr(begin, ends_[i] - begin);
  }

 private:
  std::string data_;
  std::vector<std::uint32_t> ends_;
};

Error too_large() {
  return err::make(ErrorKind::too_large, kTooLargeFile, "too_large");
}

// Collects <t> text of each <si>, rich-text runs joined and phonetic (<rPh>) runs left out.
class SharedStringsHandler : public XmlHandler {
 public:
  //! Adds to `target`, or to a pool of its own.
  explicit SharedStringsHandler(StringPool* target = nullptr) : target_(target ? target : &own_) {}
  void start(std::string_view name, const char**) override {
    if (is_name(name, "si")) {
      current_.clear();
    } else if (is_name(name, "rPh")) {
      ++phonetic_;
    } else if (is_name(name, "t")) {
      in_t_ = phonetic_ == 0;
    }
  }
  void end(std::string_view name) override {
    if (is_name(name, "si")) {
      auto text = decode_ooxml_escapes(std::move(current_));
      if (!cell_fits(text)) {
        parser->fail(cell_too_long());
      } else if (!target_->add(text)) {
        parser->fail(too_large());
      }
      current_.clear();
    } else if (is_name(name, "rPh")) {
      --phonetic_;
    } else if (is_name(name, "t")) {
      in_t_ = false;
    }
  }
  void text(std::string_view s) override {
    if (!in_t_) return;
    current_.append(s);
    if (current_.size() > kMaxCellBytes) parser->fail(cell_too_long());
  }
  const StringPool& strings() const { return *target_; }

 private:
  StringPool own_;
  StringPool* target_;
  std::string current_;
  int phonetic_ = 0;
  bool in_t_ = false;
};

// A cell that shows a shared string: its text is copied in only when the row is delivered, so
// that rows parsed ahead hold the size of their XML, however often they repeat a long string.
struct SharedRef {
  std::uint32_t column;  // 0-based
  std::uint32_t index;
};

// A row as parsed, before it is numbered and shaped in document order (parts of a sheet are
// parsed on several threads).
struct ParsedRow {
  enum class Problem : std::uint8_t { none, long_cell, bad_number };
  Row row;  //!< number 0 when the row has no r attribute
  Problem problem = Problem::none;
  std::uint32_t refs_begin = 0, refs_end = 0;  //!< its shared-string cells in the collector's refs
};

// Parses <row> elements into ParsedRows. Stops at the first problem, after adding the row that
// has it; the reader reports it once the rows before it are delivered.
class RowCollector : public XmlHandler {
 public:
  RowCollector(const StringPool& strings, const std::vector<NumberKind>& kinds, bool date1904,
               const RowShaper& shaper)
      : strings_(strings), kinds_(kinds), date1904_(date1904), shaper_(shaper) {}

  std::vector<ParsedRow> rows;
  std::vector<SharedRef> refs;  //!< the shared-string cells of `rows`, row after row

  //! Drops the rows delivered so far.
  void clear() {
    rows.clear();
    refs.clear();
  }

  //! Copies the shared strings into the row's cells.
  void resolve(ParsedRow& parsed) const {
    for (auto i = parsed.refs_begin; i < parsed.refs_end; ++i) {
      parsed.row.cells[refs[i].column] = std::string(strings_[refs[i].index]);
    }
  }

  void start(std::string_view name, const char** attrs) override {
    if (stopped_) return;
    if (in_cell_) {
      if (is_name(name, "v")) {
        in_v_ = true;
      } else if (is_name(name, "is")) {
        in_is_ = true;
      } else if (is_name(name, "rPh")) {
        ++phonetic_;
      } else if (is_name(name, "t") && in_is_ && phonetic_ == 0) {
        in_t_ = true;
      }
    } else if (is_name(name, "c")) {
      if (in_row_) start_cell(attrs);
    } else if (is_name(name, "row")) {
      start_row(attrs);
    }
  }

  void end(std::string_view name) override {
    if (stopped_) return;
    if (is_name(name, "c")) {
      if (in_cell_) end_cell();
    } else if (is_name(name, "v")) {
      in_v_ = false;
    } else if (is_name(name, "row")) {
      if (in_row_) {
        in_row_ = false;
        row_.refs_end = static_cast<std::uint32_t>(refs.size());
        rows.push_back(std::move(row_));
        row_ = ParsedRow{};
      }
    } else if (is_name(name, "t")) {
      in_t_ = false;
    } else if (is_name(name, "is")) {
      in_is_ = false;
    } else if (is_name(name, "rPh")) {
      --phonetic_;
    }
  }

  void text(std::string_view s) override {
    std::string* target = in_v_ ? &value_ : in_t_ ? &inline_ : nullptr;
    if (!target || stopped_ || skip_cell_) return;
    target->append(s);
    if (target->size() > kMaxCellBytes) stop(ParsedRow::Problem::long_cell);
  }

 private:
  void start_row(const char** attrs) {
    row_.row.number = 0;
    row_.row.cells.clear();
    row_.refs_begin = row_.refs_end = static_cast<std::uint32_t>(refs.size());
    column_ = 0;
    in_row_ = true;
    const char* r = xml_attribute(attrs, "r");
    if (!r) return;
    // Rows are numbered 1..1048576 (and ascending: checked in document order).
    std::size_t number = 0;
    const char* p = r;
    for (; *p >= '0' && *p <= '9' && number <= kMaxSheetRows; ++p) {
      number = number * 10 + static_cast<std::size_t>(*p - '0');
    }
    if (p == r || *p != '\0' || number == 0 || number > kMaxSheetRows) {
      return stop(ParsedRow::Problem::bad_number);
    }
    row_.row.number = number;
  }

  void start_cell(const char** attrs) {
    // One pass over the attributes (r, t and s, any prefix): this runs for every cell.
    const char* r = nullptr;
    const char* t = nullptr;
    const char* s = nullptr;
    for (auto a = attrs; *a; a += 2) {
      const auto local = local_name(*a);
      if (local.size() != 1) continue;
      if (local[0] == 'r')
        r = a[1];
      else if (local[0] == 't')
        t = a[1];
      else if (local[0] == 's')
        s = a[1];
    }
    std::size_t column = r ? column_of(r) : 0;
    column_ = column ? column : column_ + 1;
    type_ = cell_type(t);
    style_ = 0;
    if (s) {
      for (const char* p = s; *p >= '0' && *p <= '9' && style_ < (1u << 24); ++p) {
        style_ = style_ * 10 + static_cast<std::size_t>(*p - '0');
      }
    }
    value_.clear();
    inline_.clear();
    in_cell_ = true;
    if (auto status = shaper_.check_column(column_); !status) {
      stopped_ = true;
      parser->fail(status.error());
    }
    const auto keep = shaper_.options().keep_columns;
    skip_cell_ = keep && column_ > keep;
  }

  void end_cell() {
    in_cell_ = false;
    in_v_ = in_is_ = in_t_ = false;
    if (skip_cell_) return;
    auto& cells = row_.row.cells;
    if (type_ == Type::shared) {
      std::size_t index = 0;
      const char* p = value_.c_str();
      for (; *p >= '0' && *p <= '9' && index < strings_.size(); ++p) {
        index = index * 10 + static_cast<std::size_t>(*p - '0');
      }
      if (value_.empty() || *p != '\0' || index >= strings_.size() || strings_[index].empty())
        return;
      if (cells.size() < column_) cells.resize(column_);
      refs.push_back({static_cast<std::uint32_t>(column_ - 1), static_cast<std::uint32_t>(index)});
      return;
    }
    auto value = display_value();
    if (!value.empty()) {
      if (!cell_fits(value)) return stop(ParsedRow::Problem::long_cell);
      if (cells.size() < column_) cells.resize(column_);
      cells[column_ - 1] = std::move(value);
    }
  }

  // Adds the row so far with `problem` and stops the parse.
  void stop(ParsedRow::Problem problem) {
    stopped_ = true;
    row_.problem = problem;
    row_.refs_end = static_cast<std::uint32_t>(refs.size());
    rows.push_back(std::move(row_));
    parser->fail(err::make(ErrorKind::invalid_input, kDamagedFile, "damaged_file"));
  }

  enum class Type : std::uint8_t {
    number,
    shared,
    inline_string,
    formula_string,
    error,
    boolean,
    date
  };
  static Type cell_type(const char* t) {
    if (!t) return Type::number;
    std::string_view v(t);
    if (v == "s") return Type::shared;
    if (v == "inlineStr") return Type::inline_string;
    if (v == "str") return Type::formula_string;
    if (v == "e") return Type::error;
    if (v == "b") return Type::boolean;
    if (v == "d") return Type::date;
    return Type::number;
  }

  static std::size_t column_of(const char* ref) {
    std::size_t column = 0;
    for (const char* p = ref; *p; ++p) {
      char c = *p;
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (c < 'A' || c > 'Z') break;
      column = column * 26 + static_cast<std::size_t>(c - 'A' + 1);
      if (column > (1u << 24)) break;
    }
    return column;
  }

  std::string display_value() {
    switch (type_) {
      case Type::inline_string:
        return decode_ooxml_escapes(std::move(inline_));
      case Type::shared:
        return {};  // end_cell() keeps a reference instead
      case Type::formula_string:
        return decode_ooxml_escapes(std::move(value_));
      case Type::error:
        return std::move(value_);
      case Type::boolean:
        return trim(value_) == "1" ? "TRUE" : "FALSE";
      case Type::date:
        return iso_date(value_);
      case Type::number:
        break;
    }
    auto text = trim(value_);
    if (text.empty()) return {};
    NumberKind kind = style_ < kinds_.size() ? kinds_[style_] : NumberKind::number;
    if (kind != NumberKind::number) {
      char* end = nullptr;
      double serial = std::strtod(text.c_str(), &end);
      if (*end == '\0') {
        if (auto date = format_serial(serial, kind, date1904_)) return *date;
      }
    }
    return format_number_text(text);
  }

  // ISO 8601 cells (t="d") as YYYY-MM-DD or YYYY-MM-DD HH:MM.
  static std::string iso_date(const std::string& v) {
    auto text = trim(v);
    if (text.size() >= 16 && text[10] == 'T') {
      auto time = text.substr(11, 5);
      return time == "00:00" ? text.substr(0, 10) : text.substr(0, 10) + " " + time;
    }
    return text.substr(0, 10);
  }

  const StringPool& strings_;
  const std::vector<NumberKind>& kinds_;
  bool date1904_;
  const RowShaper& shaper_;

  ParsedRow row_;
  std::size_t column_ = 0;
  Type type_ = Type::number;
  std::size_t style_ = 0;
  std::string value_;
  std::string inline_;
  int phonetic_ = 0;
  bool in_row_ = false, in_cell_ = false, in_v_ = false, in_is_ = false, in_t_ = false;
  bool stopped_ = false;
  bool skip_cell_ = false;  // right of the kept columns
};

// Numbers rows in document order, checks their order, keeps only the top-left value of merged
// ranges.
class RowFinisher {
 public:
  explicit RowFinisher(std::vector<MergedRange> merges) : merges_(std::move(merges)) {}

  //! Gives `parsed` its number; an error for a bad number or an over-long cell.
  Status finish(ParsedRow& parsed) {
    auto& row = parsed.row;
    if (parsed.problem == ParsedRow::Problem::bad_number ||
        (row.number != 0 && row.number <= last_row_)) {
      return err::make(ErrorKind::invalid_input,
                       std::string(kDamagedFile) + "（第 " + std::to_string(last_row_ + 1) +
                           " 行之后的行号不正确）",
                       "damaged_file");
    }
    if (row.number == 0) row.number = last_row_ + 1;
    last_row_ = row.number;
    if (parsed.problem == ParsedRow::Problem::long_cell) return cell_too_long(row.number);
    if (!merges_.empty()) clear_covered_cells(row);
    return {};
  }

  //! Starts again from the first row.
  void restart() {
    last_row_ = 0;
    next_merge_ = 0;
    merge_row_ = 0;
    active_.clear();
  }

 private:
  // Only the top-left cell of a merged range keeps its value, as Excel shows it.
  void clear_covered_cells(Row& row) {
    std::size_t r = row.number;
    if (r < merge_row_) {  // rows out of order: start over
      next_merge_ = 0;
      active_.clear();
    }
    merge_row_ = r;
    while (next_merge_ < merges_.size() && merges_[next_merge_].first_row <= r) {
      active_.push_back(next_merge_++);
    }
    std::erase_if(active_, [&](std::size_t i) { return merges_[i].last_row < r; });
    for (auto i : active_) {
      const auto& m = merges_[i];
      for (std::size_t c = m.first_column; c <= m.last_column && c <= row.cells.size(); ++c) {
        if (r != m.first_row || c != m.first_column) row.cells[c - 1].clear();
      }
    }
  }

  std::vector<MergedRange> merges_;
  std::vector<std::size_t> active_;
  std::size_t next_merge_ = 0;
  std::size_t merge_row_ = 0;
  std::size_t last_row_ = 0;
};

unsigned parse_threads(const ReadOptions& options) {
  if (options.threads) return options.threads;
  return std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
}

class XlsxReader : public SheetReader {
 public:
  XlsxReader(std::string path, std::unique_ptr<ZipArchive> zip, const ReadOptions& options)
      : path_(std::move(path)), zip_(std::move(zip)), options_(options), shaper_(options_) {}

  Status load() {
    std::string workbook = "xl/workbook.xml";
    if (zip_->contains("_rels/.rels")) {
      RelsHandler root("");
      TRY(parse("_rels/.rels", root));
      for (const auto& [id, rel] : root.rels) {
        if (ends_with(rel.type, "/officeDocument") && zip_->contains(rel.target)) {
          workbook = rel.target;
        }
      }
    }
    if (!zip_->contains(workbook)) return damaged();
    auto base = directory_of(workbook);
    WorkbookHandler book;
    TRY(parse(workbook, book));
    date1904_ = book.date1904;

    RelsHandler rels(base);
    auto rels_part = base + "_rels/" + workbook.substr(base.size()) + ".rels";
    if (zip_->contains(rels_part)) TRY(parse(rels_part, rels));
    std::string styles, shared;
    for (const auto& [id, rel] : rels.rels) {
      if (ends_with(rel.type, "/styles")) styles = rel.target;
      if (ends_with(rel.type, "/sharedStrings")) shared = rel.target;
    }
    if (styles.empty() && zip_->contains(base + "styles.xml")) styles = base + "styles.xml";
    if (shared.empty() && zip_->contains(base + "sharedStrings.xml")) {
      shared = base + "sharedStrings.xml";
    }
    for (auto& entry : book.sheets) {
      auto it = rels.rels.find(entry.rel_id);
      if (it == rels.rels.end()) continue;  // a chart sheet or a dangling entry
      if (!ends_with(it->second.type, "/worksheet")) continue;
      entry.part = find_part(it->second.target, base);
      if (entry.part.empty()) return damaged();
      sheets_.push_back(entry.info);
      parts_.push_back(entry.part);
    }
    if (sheets_.empty()) return err::invalid("工作簿中没有工作表");
    if (!styles.empty() && zip_->contains(styles)) {
      StylesHandler handler;
      TRY(parse(styles, handler));
      kinds_ = std::move(handler.kinds);
    }
    if (!shared.empty() && zip_->contains(shared)) TRY(load_shared_strings(shared));
    return {};
  }

  const std::vector<SheetInfo>& list_sheets() const override { return sheets_; }

  double progress() const override { return part_stream_ ? part_stream_->fraction() : -1; }

  Status select(const std::string& sheet) override {
    std::size_t index = sheets_.size();
    if (sheet.empty()) {
      for (std::size_t i = 0; i < sheets_.size() && index == sheets_.size(); ++i) {
        if (!sheets_[i].hidden) index = i;
      }
      if (index == sheets_.size()) index = 0;
    } else {
      for (std::size_t i = 0; i < sheets_.size(); ++i) {
        if (sheets_[i].name == sheet) {
          index = i;
          break;
        }
      }
      if (index == sheets_.size() && sheet.find_first_not_of("0123456789") == std::string::npos &&
          sheet.size() < 6) {
        auto position = static_cast<std::size_t>(std::stoul(sheet));
        if (position >= 1 && position <= sheets_.size()) index = position - 1;
      }
      if (index == sheets_.size()) return err::invalid("找不到工作表“" + sheet + "”");
    }
    split_.reset();
    pump_.reset();
    part_stream_ = nullptr;
    block_.reset();
    sequential_.reset();
    source_ = nullptr;
    cursor_ = 0;
    held_error_.reset();
    sequential_done_ = false;
    delivered_ = skip_ = 0;
    shaper_.reset();
    part_ = parts_[index];
    started_ = false;
    TRY(start_parse());
    // The merged ranges follow the rows in the part; found first, while the first blocks parse.
    auto merges = scan_merged_ranges(*zip_, part_);
    if (!merges) {
      split_.reset();
      return std::move(merges).error();
    }
    finisher_ = std::make_unique<RowFinisher>(std::move(merges).value());
    started_ = true;
    return {};
  }

  Result<bool> next(Row& row) override {
    if (!started_) TRY(select(""));
    for (;;) {
      if (source_ && cursor_ < source_->rows.size()) {
        auto& parsed = source_->rows[cursor_++];
        source_->resolve(parsed);
        TRY(finisher_->finish(parsed));
        if (!TRY(shaper_.shape(parsed.row))) continue;
        if (skip_ > 0) {  // delivered before the part was parsed again in one piece
          --skip_;
          continue;
        }
        row = std::move(parsed.row);
        ++delivered_;
        return true;
      }
      if (held_error_) {
        auto error = std::move(*held_error_);
        held_error_.reset();
        return error;
      }
      if (!TRY(refill())) return false;
    }
  }

 private:
  Status start_parse() {
    if (auto split = split_options("row", "sheetData", part_)) {
      // The blocks are read through an archive of their own: libzip is not shared across
      // threads. If it cannot be opened, the sequential path reports why.
      if (auto zip = ZipArchive::open(path_, options_.zip)) {
        if (auto stream = zip.value()->stream(part_)) {
          part_stream_ = stream.value().get();
          split_ = std::make_unique<SplitParse>(
              std::move(zip).value(), std::move(stream).value(),
              [this] {
                return std::make_unique<RowCollector>(strings_, kinds_, date1904_, shaper_);
              },
              *split);
          return {};
        }
      }
    }
    return start_sequential();
  }

  // Splitting pays off on large parts only, and needs a second core.
  std::optional<SplitOptions> split_options(const char* element, const char* parent,
                                            const std::string& part) const {
    const unsigned threads = parse_threads(options_);
    if (threads < 2 || zip_->size_of(part) < options_.split_min_bytes) return std::nullopt;
    SplitOptions split;
    split.element = element;
    split.parent = parent;
    split.threads = threads;
    split.block_bytes = std::max<std::size_t>(options_.split_block_bytes, 1);
    return split;
  }

  Status start_sequential() {
    sequential_ = std::make_unique<RowCollector>(strings_, kinds_, date1904_, shaper_);
    auto stream = TRY(zip_->stream(part_));
    part_stream_ = stream.get();
    pump_ = std::make_unique<XmlPump>(std::move(stream), *sequential_);
    source_ = sequential_.get();
    cursor_ = 0;
    sequential_done_ = false;
    return {};
  }

  // More parsed rows in source_; false at the end of the sheet.
  Result<bool> refill() {
    if (split_) {
      std::unique_ptr<XmlHandler> handler;
      switch (TRY(split_->next(handler))) {
        case SplitParse::Next::block:
          block_.reset(static_cast<RowCollector*>(handler.release()));
          source_ = block_.get();
          cursor_ = 0;
          return true;
        case SplitParse::Next::end:
          return false;
        case SplitParse::Next::fallback:
          // Parse the whole part again in one piece, passing over the rows already delivered.
          split_.reset();
          block_.reset();
          finisher_->restart();
          shaper_.reset();
          skip_ = delivered_;
          TRY(start_sequential());
          return true;
      }
    }
    source_->clear();
    cursor_ = 0;
    if (sequential_done_) return false;
    auto more = pump_->pump();
    if (!more) {
      held_error_ = std::move(more).error();  // after the rows parsed before it
    } else {
      sequential_done_ = !more.value();
    }
    return true;
  }

  Status load_shared_strings(const std::string& part) {
    // The inflated size bounds the text (and "<si><t/></si>" the count): reserved address space
    // costs no memory until used, and the pool never holds two copies while growing.
    const auto size = std::min<std::uint64_t>(zip_->size_of(part), 256u << 20);
    strings_.reserve(static_cast<std::size_t>(size), static_cast<std::size_t>(size / 13));
    if (auto split = split_options("si", "sst", part)) {
      auto zip = TRY(ZipArchive::open(path_, options_.zip));
      auto stream = TRY(zip->stream(part));
      SplitParse parse(
          std::move(zip), std::move(stream),
          [] { return std::make_unique<SharedStringsHandler>(); }, *split);
      for (;;) {
        std::unique_ptr<XmlHandler> handler;
        auto next = TRY(parse.next(handler));
        if (next == SplitParse::Next::end) return {};
        if (next == SplitParse::Next::fallback) break;
        if (!strings_.append(static_cast<SharedStringsHandler&>(*handler).strings())) {
          return too_large();
        }
      }
      strings_.clear();
    }
    SharedStringsHandler handler(&strings_);
    return parse(part, handler);
  }

  Status parse(const std::string& part, XmlHandler& handler) {
    auto stream = TRY(zip_->stream(part));
    XmlPump pump(std::move(stream), handler);
    return pump.run();
  }

  // Some writers put package-absolute paths without the leading slash; accept both.
  std::string find_part(const std::string& resolved, const std::string& base) const {
    if (zip_->contains(resolved)) return resolved;
    if (resolved.rfind(base, 0) == 0) {
      auto stripped = resolved.substr(base.size());
      if (zip_->contains(stripped)) return stripped;
    }
    return {};
  }

  std::string path_;
  std::unique_ptr<ZipArchive> zip_;
  ReadOptions options_;
  RowShaper shaper_;
  bool date1904_ = false;
  std::vector<SheetInfo> sheets_;
  std::vector<std::string> parts_;
  std::vector<NumberKind> kinds_;
  StringPool strings_;

  // The chosen sheet: rows come from blocks parsed on other threads (split_), or from one
  // parser on this thread (pump_ into sequential_).
  std::string part_;
  bool started_ = false;
  std::unique_ptr<RowFinisher> finisher_;
  std::unique_ptr<SplitParse> split_;
  const ZipEntryStream* part_stream_ = nullptr;  // the sheet part, owned by split_ or pump_
  std::unique_ptr<RowCollector> block_;
  std::unique_ptr<RowCollector> sequential_;
  std::unique_ptr<XmlPump> pump_;
  bool sequential_done_ = false;
  RowCollector* source_ = nullptr;
  std::size_t cursor_ = 0;
  std::optional<Error> held_error_;
  std::size_t delivered_ = 0;
  std::size_t skip_ = 0;
};

}  // namespace

Result<std::unique_ptr<SheetReader>> open_xlsx_reader(const std::string& path,
                                                      const ReadOptions& options) {
  auto zip = TRY(ZipArchive::open(path, options.zip));
  auto reader = std::make_unique<XlsxReader>(path, std::move(zip), options);
  TRY(reader->load());
  return std::unique_ptr<SheetReader>(std::move(reader));
}

}  // namespace kaowu::office
