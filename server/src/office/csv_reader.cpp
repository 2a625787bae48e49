#include "office/csv_reader.hpp"

#include <iconv.h>

#include <cerrno>
#include <deque>
#include <filesystem>
#include <fstream>

#include "office/cell_value.hpp"
#include "office/row_shaper.hpp"

namespace kaowu::office {

namespace {

constexpr std::size_t kChunk = 1 << 16;

Error unreadable() {
  return err::make(ErrorKind::invalid_input, "无法读取文件", "unreadable_file");
}

// Length of the UTF-8 prefix of `s` that ends on a character boundary (at most 3 bytes held back).
std::size_t complete_prefix(std::string_view s) {
  std::size_t n = s.size();
  for (std::size_t back = 1; back <= 3 && back <= n; ++back) {
    auto c = static_cast<unsigned char>(s[n - back]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte: look further back
    std::size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

Result<bool> file_is_utf8(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return unreadable();
  std::string carry;
  std::string buffer(kChunk, '\0');
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0) break;
    carry.append(buffer.data(), got);
    std::size_t cut = complete_prefix(carry);
    if (!is_utf8(std::string_view(carry).substr(0, cut))) return false;
    carry.erase(0, cut);
  }
  return carry.empty() || is_utf8(carry);
}

class CsvReader : public SheetReader {
 public:
  CsvReader(const ReadOptions& options, std::string path)
      : options_(options), shaper_(options_), path_(std::move(path)) {
    sheets_.push_back({std::filesystem::path(path_).stem().string(), false});
  }
  ~CsvReader() override {
    if (iconv_ != reinterpret_cast<iconv_t>(-1)) iconv_close(iconv_);
  }

  Status load() {
    std::error_code ec;
    auto size = std::filesystem::file_size(path_, ec);
    if (ec) return unreadable();
    if (size > options_.max_csv_bytes) {
      return err::make(ErrorKind::too_large, "文件过大，请拆分后再上传", "file_too_large");
    }
    utf8_ = TRY(file_is_utf8(path_));
    size_ = size;
    return {};
  }

  const std::vector<SheetInfo>& list_sheets() const override { return sheets_; }

  double progress() const override {
    return size_ == 0 ? 1.0 : static_cast<double>(consumed_) / static_cast<double>(size_);
  }

  Status select(const std::string& sheet) override {
    if (!sheet.empty() && sheet != "1" && sheet != sheets_[0].name) {
      return err::invalid("找不到工作表“" + sheet + "”");
    }
    in_ = std::ifstream(path_, std::ios::binary);
    if (!in_) return unreadable();
    if (iconv_ != reinterpret_cast<iconv_t>(-1)) iconv_close(iconv_);
    iconv_ = reinterpret_cast<iconv_t>(-1);
    if (!utf8_) {
      iconv_ = iconv_open("UTF-8", "GB18030");
      if (iconv_ == reinterpret_cast<iconv_t>(-1)) return err::internal("不支持 GB18030 编码转换");
    }
    pending_.clear();
    shaper_.reset();
    raw_carry_.clear();
    field_.clear();
    row_ = Row{};
    record_ = 0;
    state_ = State::field_start;
    first_chunk_ = true;
    eof_ = false;
    consumed_ = 0;
    selected_ = true;
    return {};
  }

  Result<bool> next(Row& row) override {
    if (!selected_) TRY(select(""));
    while (pending_.empty() && !eof_) TRY(pump());
    if (pending_.empty()) return false;
    row = std::move(pending_.front());
    pending_.pop_front();
    return true;
  }

 private:
  enum class State { field_start, unquoted, quoted, quote_in_quoted, after_cr };

  Status pump() {
    std::string buffer(kChunk, '\0');
    in_.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    auto got = static_cast<std::size_t>(in_.gcount());
    consumed_ += got;
    if (got == 0) {
      eof_ = true;
      if (!raw_carry_.empty())
        return err::invalid("文件编码无法识别，请另存为 UTF-8 或 GB18030 编码的 CSV");
      if ((state_ != State::field_start && state_ != State::after_cr) || !row_.cells.empty()) {
        TRY(end_field());
        TRY(end_record());
      }
      return {};
    }
    buffer.resize(got);
    std::string text = TRY(decode(std::move(buffer)));
    std::string_view view(text);
    if (first_chunk_) {
      first_chunk_ = false;
      if (view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);
    }
    for (char c : view) TRY(consume(c));
    return {};
  }

  Result<std::string> decode(std::string bytes) {
    if (utf8_) return bytes;
    raw_carry_ += bytes;
    std::string out(raw_carry_.size() * 2 + 16, '\0');
    char* in_ptr = raw_carry_.data();
    std::size_t in_left = raw_carry_.size();
    char* out_ptr = out.data();
    std::size_t out_left = out.size();
    if (iconv(iconv_, &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<std::size_t>(-1) &&
        errno != EINVAL) {
      return err::invalid("文件编码无法识别，请另存为 UTF-8 或 GB18030 编码的 CSV");
    }
    out.resize(out.size() - out_left);
    raw_carry_.erase(0, raw_carry_.size() - in_left);
    return out;
  }

  Status consume(char c) {
    switch (state_) {
      case State::after_cr:
        state_ = State::field_start;
        if (c == '\n') return {};
        [[fallthrough]];
      case State::field_start:
        if (c == '"') {
          state_ = State::quoted;
          return {};
        }
        state_ = State::unquoted;
        [[fallthrough]];
      case State::unquoted:
        if (c == ',') return end_field();
        if (c == '\n' || c == '\r') {
          TRY(end_field());
          TRY(end_record());
          state_ = c == '\r' ? State::after_cr : State::field_start;
          return {};
        }
        return append(c);
      case State::quoted:
        if (c == '"') {
          state_ = State::quote_in_quoted;
          return {};
        }
        return append(c);
      case State::quote_in_quoted:
        if (c == '"') {
          state_ = State::quoted;
          return append('"');
        }
        state_ = State::unquoted;  // closing quote; anything up to the comma is kept as is
        return consume(c);
    }
    return {};
  }

  // A field right of the kept columns is read past without being kept.
  bool kept() const { return !options_.keep_columns || column_ < options_.keep_columns; }

  Status append(char c) {
    if (!kept()) return {};
    field_ += c;
    if (field_.size() > kMaxCellBytes) return cell_too_long(record_ + 1);
    return {};
  }

  Status end_field() {
    ++column_;
    TRY(shaper_.check_column(column_));
    if (!cell_fits(field_)) return cell_too_long(record_ + 1);
    if (!options_.keep_columns || column_ <= options_.keep_columns) {
      row_.cells.push_back(std::move(field_));
    }
    field_.clear();
    if (state_ != State::after_cr) state_ = State::field_start;
    return {};
  }

  Status end_record() {
    column_ = 0;
    row_.number = ++record_;
    if (TRY(shaper_.shape(row_))) pending_.push_back(std::move(row_));
    row_ = Row{};
    return {};
  }

  ReadOptions options_;
  RowShaper shaper_;
  std::string path_;
  std::vector<SheetInfo> sheets_;
  bool utf8_ = true;
  std::uint64_t size_ = 0;      // bytes of the file
  std::uint64_t consumed_ = 0;  // bytes read from it so far
  bool selected_ = false;
  std::ifstream in_;
  iconv_t iconv_ = reinterpret_cast<iconv_t>(-1);
  std::string raw_carry_;
  std::string field_;
  std::size_t column_ = 0;  // fields ended in the current record
  Row row_;
  std::size_t record_ = 0;
  State state_ = State::field_start;
  bool first_chunk_ = true;
  bool eof_ = false;
  std::deque<Row> pending_;
};

}  // namespace

Result<std::unique_ptr<SheetReader>> open_csv_reader(const std::string& path,
                                                     const ReadOptions& options) {
  auto reader = std::make_unique<CsvReader>(options, path);
  TRY(reader->load());
  return std::unique_ptr<SheetReader>(std::move(reader));
}

}  // namespace kaowu::office
