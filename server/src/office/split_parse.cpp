#include "office/split_parse.hpp"

#include <algorithm>
#include <cstring>

namespace kaowu::office {

namespace {

// Blocks after the first are read as UTF-8 (they have no declaration of their own), so a part
// declaring another encoding is parsed in one piece.
bool declares_other_encoding(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  if (head.substr(0, 5) != "<?xml") return false;
  auto end = head.find("?>");
  auto declaration = head.substr(0, end);
  auto at = declaration.find("encoding");
  if (at == std::string_view::npos) return false;
  auto quote = declaration.find_first_of("\"'", at);
  if (quote == std::string_view::npos) return true;
  auto close = declaration.find(declaration[quote], quote + 1);
  if (close == std::string_view::npos) return true;
  std::string value(declaration.substr(quote + 1, close - quote - 1));
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return value != "utf-8" && value != "utf8";
}

}  // namespace

SplitParse::SplitParse(std::unique_ptr<ZipArchive> zip, std::unique_ptr<ZipEntryStream> stream,
                       HandlerFactory make, SplitOptions options)
    : zip_(std::move(zip)),
      stream_(std::move(stream)),
      make_(std::move(make)),
      options_(std::move(options)),
      ahead_(std::max(1u, options_.threads) + 2) {
  try {
    threads_.emplace_back([this] { read_loop(); });
    for (unsigned i = 0; i < std::max(1u, options_.threads); ++i) {
      threads_.emplace_back([this] { parse_loop(); });
    }
  } catch (const std::system_error&) {
    // No threads to be had: the consumer is told to parse in one piece.
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    jobs_ready_.notify_all();
    room_.notify_all();
    for (auto& t : threads_) t.join();
    threads_.clear();
    slots_.clear();
    slots_.push_back(Slot{Kind::fallback, nullptr, std::nullopt});
  }
}

SplitParse::~SplitParse() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  jobs_ready_.notify_all();
  room_.notify_all();
  slot_ready_.notify_all();
  for (auto& t : threads_) t.join();
}

Result<SplitParse::Next> SplitParse::next(std::unique_ptr<XmlHandler>& handler) {
  if (held_error_) {
    auto error = std::move(*held_error_);
    held_error_.reset();
    finished_ = true;
    return error;
  }
  if (finished_) return Next::end;
  Slot slot;
  {
    std::unique_lock lock(mutex_);
    slot_ready_.wait(lock, [&] { return !slots_.empty() && slots_.front().kind != Kind::pending; });
    slot = std::move(slots_.front());
    slots_.pop_front();
    ++consumed_;
  }
  room_.notify_one();
  switch (slot.kind) {
    case Kind::block:
      handler = std::move(slot.handler);
      held_error_ = std::move(slot.error);
      return Next::block;
    case Kind::end:
      finished_ = true;
      return Next::end;
    case Kind::fallback:
      finished_ = true;
      return Next::fallback;
    default:
      finished_ = true;
      return slot.error ? *slot.error : err::internal();
  }
}

std::optional<std::size_t> SplitParse::add_slot() {
  std::unique_lock lock(mutex_);
  room_.wait(lock, [&] { return stop_ || slots_.size() < ahead_; });
  if (stop_) return std::nullopt;
  slots_.emplace_back();
  return consumed_ + slots_.size() - 1;
}

void SplitParse::settle(std::size_t slot, Kind kind, std::unique_ptr<XmlHandler> handler,
                        std::optional<Error> error) {
  {
    std::lock_guard lock(mutex_);
    // Slots are consumed only once settled, so this one is still there.
    auto& s = slots_[slot - consumed_];
    s.kind = kind;
    s.handler = std::move(handler);
    s.error = std::move(error);
  }
  slot_ready_.notify_all();
}

void SplitParse::dispatch(std::string bytes, bool first, bool last) {
  auto slot = add_slot();
  if (!slot) return;
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(Job{*slot, std::move(bytes), first, last});
  }
  jobs_ready_.notify_one();
}

bool SplitParse::cut_at(const std::string& text, std::size_t lt) const {
  // "<row" or "<x:row", then a space, '/' or '>'.
  std::size_t i = lt + 1;
  std::size_t name = i;
  while (i < text.size() && xml_name_char(text[i])) ++i;
  if (i < text.size() && text[i] == ':') {
    name = ++i;
    while (i < text.size() && xml_name_char(text[i])) ++i;
  }
  if (i >= text.size()) return false;  // the tag goes on past what has been read
  const char after = text[i];
  if (after != ' ' && after != '\t' && after != '\n' && after != '\r' && after != '/' &&
      after != '>') {
    return false;
  }
  return std::string_view(text).substr(name, i - name) == options_.element;
}

std::size_t SplitParse::first_cut(const std::string& text) const {
  for (auto lt = text.find('<'); lt != std::string::npos; lt = text.find('<', lt + 1)) {
    if (cut_at(text, lt)) return lt;
  }
  return std::string::npos;
}

std::size_t SplitParse::last_cut(const std::string& text) const {
  for (auto lt = text.rfind('<'); lt != std::string::npos && lt > 0; lt = text.rfind('<', lt - 1)) {
    if (cut_at(text, lt)) return lt;
  }
  return std::string::npos;
}

void SplitParse::read_loop() {
  const std::size_t chunk = std::clamp<std::size_t>(options_.block_bytes, 16, 1u << 18);
  std::string text;
  bool head_done = false;
  auto give_up = [&](Kind kind, std::optional<Error> error = std::nullopt) {
    if (auto slot = add_slot()) settle(*slot, kind, nullptr, std::move(error));
  };
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stop_) break;
    }
    const auto size = text.size();
    text.resize(size + chunk);
    auto n = stream_->read(text.data() + size, chunk);
    if (!n) {
      give_up(Kind::error, std::move(n).error());
      break;
    }
    text.resize(size + n.value());
    const bool eof = n.value() == 0;

    if (!head_done) {
      auto cut = first_cut(text);
      if (cut == std::string::npos) {
        if (eof) {  // no element to cut at: the part is parsed as one block
          dispatch(std::move(text), true, true);
          if (auto slot = add_slot()) settle(*slot, Kind::end);
          break;
        }
        if (text.size() > options_.max_block_bytes) {
          give_up(Kind::fallback);
          break;
        }
        continue;
      }
      if (declares_other_encoding(text)) {
        give_up(Kind::fallback);
        break;
      }
      auto slot = add_slot();
      if (!slot) break;
      auto handler = make_();
      XmlParser parser(*handler, true);
      auto status = parser.feed(text.data(), cut, false);
      const auto& open = parser.open_elements();
      if (status && (open.empty() || local_name(open.back().c_str()) != options_.parent)) {
        settle(*slot, Kind::fallback);
        break;
      }
      if (status) {
        for (const auto& name : open) primer_ += "<" + name + ">";
        for (auto it = open.rbegin(); it != open.rend(); ++it) closer_ += "</" + *it + ">";
        status = parser.feed(closer_.data(), closer_.size(), true);
      }
      if (!status) {
        if (parser.malformed()) {
          settle(*slot, Kind::fallback);
        } else {
          settle(*slot, Kind::error, nullptr, status.error());
        }
        break;
      }
      settle(*slot, Kind::block, std::move(handler));
      text.erase(0, cut);
      head_done = true;
    }

    bool too_long = false;
    while (!eof && text.size() >= options_.block_bytes) {
      auto cut = last_cut(text);
      if (cut == std::string::npos) {
        too_long = text.size() > options_.max_block_bytes;
        break;
      }
      std::string rest = text.substr(cut);
      text.resize(cut);
      dispatch(std::move(text), false, false);
      text = std::move(rest);
    }
    if (too_long) {  // a tail or a row too long to hold: parse in one piece
      give_up(Kind::fallback);
      break;
    }
    if (eof) {
      dispatch(std::move(text), false, true);
      if (auto slot = add_slot()) settle(*slot, Kind::end);
      break;
    }
  }
  {
    std::lock_guard lock(mutex_);
    reading_done_ = true;
  }
  jobs_ready_.notify_all();
}

void SplitParse::parse_loop() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      jobs_ready_.wait(lock, [&] { return stop_ || reading_done_ || !jobs_.empty(); });
      if (stop_) return;
      if (jobs_.empty()) return;  // reading done and nothing left
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    parse(job);
  }
}

void SplitParse::parse(Job& job) {
  auto handler = make_();
  XmlParser parser(*handler);
  Status status;
  if (!job.first) status = parser.feed(primer_.data(), primer_.size(), false);
  if (status) status = parser.feed(job.bytes.data(), job.bytes.size(), job.last);
  if (status && !job.last) status = parser.feed(closer_.data(), closer_.size(), true);
  std::string().swap(job.bytes);
  if (status) return settle(job.slot, Kind::block, std::move(handler));
  if (parser.malformed()) return settle(job.slot, Kind::fallback);
  settle(job.slot, Kind::block, std::move(handler), status.error());
}

}  // namespace kaowu::office
