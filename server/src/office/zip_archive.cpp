#include "office/zip_archive.hpp"

#include <zip.h>

namespace kaowu::office {

namespace {
Error damaged() {
  return err::make(ErrorKind::invalid_input, kDamagedFile, "damaged_file");
}
Error too_large() {
  return err::make(ErrorKind::too_large, kTooLargeFile, "zip_bomb");
}

bool over_ratio(const ZipLimits& limits, std::uint64_t size, std::uint64_t compressed) {
  if (size < limits.ratio_floor) return false;
  return static_cast<double>(size) >
         limits.max_ratio * static_cast<double>(compressed ? compressed : 1);
}
}  // namespace

ZipEntryStream::ZipEntryStream(ZipArchive& archive, zip_file* file, std::string name,
                               std::uint64_t declared, std::uint64_t compressed)
    : archive_(archive),
      file_(file),
      name_(std::move(name)),
      declared_(declared),
      compressed_(compressed) {}

ZipEntryStream::~ZipEntryStream() {
  zip_fclose(file_);
}

Result<std::size_t> ZipEntryStream::read(char* buffer, std::size_t size) {
  zip_int64_t n = zip_fread(file_, buffer, size);
  if (n < 0) return damaged();
  read_ += static_cast<std::uint64_t>(n);
  delivered_.store(read_, std::memory_order_relaxed);
  archive_.inflated_ += static_cast<std::uint64_t>(n);
  const auto& limits = archive_.limits_;
  if (read_ > declared_ || read_ > limits.max_entry_bytes ||
      archive_.inflated_ > limits.max_total_bytes || over_ratio(limits, read_, compressed_)) {
    return too_large();
  }
  return static_cast<std::size_t>(n);
}

double ZipEntryStream::fraction() const {
  if (declared_ == 0) return 1;
  const auto read = delivered_.load(std::memory_order_relaxed);
  return read >= declared_ ? 1.0 : static_cast<double>(read) / static_cast<double>(declared_);
}

ZipArchive::~ZipArchive() {
  zip_discard(zip_);
}

Result<std::unique_ptr<ZipArchive>> ZipArchive::open(const std::string& path,
                                                     const ZipLimits& limits) {
  int code = 0;
  zip* archive = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (!archive) {
    if (code == ZIP_ER_OPEN || code == ZIP_ER_NOENT) {
      return err::make(ErrorKind::invalid_input, "无法打开文件", "unreadable_file");
    }
    return damaged();
  }
  std::unique_ptr<ZipArchive> result(new ZipArchive(archive, limits));
  zip_int64_t count = zip_get_num_entries(archive, 0);
  if (count < 0 || count > 100000) return damaged();
  std::uint64_t total = 0;
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st) != 0) return damaged();
    if (!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE)) return damaged();
    total += st.size;
    if (st.size > limits.max_entry_bytes || total > limits.max_total_bytes ||
        over_ratio(limits, st.size, st.comp_size)) {
      return too_large();
    }
  }
  return result;
}

bool ZipArchive::contains(const std::string& name) const {
  return zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE) >= 0;
}

std::uint64_t ZipArchive::size_of(const std::string& name) const {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(zip_, name.c_str(), ZIP_FL_NOCASE, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    return 0;
  return st.size;
}

Result<std::unique_ptr<ZipEntryStream>> ZipArchive::stream(const std::string& name) {
  zip_int64_t index = zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE);
  if (index < 0) return damaged();
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip_, static_cast<zip_uint64_t>(index), 0, &st) != 0) return damaged();
  zip_file* file = zip_fopen_index(zip_, static_cast<zip_uint64_t>(index), 0);
  if (!file) {
    int code = zip_error_code_zip(zip_get_error(zip_));
    if (code == ZIP_ER_ENCRNOTSUPP || code == ZIP_ER_NOPASSWD) {
      return err::make(ErrorKind::invalid_input, "文件已加密，请取消密码保护后再上传",
                       "encrypted_file");
    }
    return damaged();
  }
  return std::unique_ptr<ZipEntryStream>(
      new ZipEntryStream(*this, file, name, st.size, st.comp_size));
}

Result<std::string> ZipArchive::read_all(const std::string& name) {
  auto stream = TRY(this->stream(name));
  std::string out;
  char buffer[65536];
  for (;;) {
    std::size_t n = TRY(stream->read(buffer, sizeof buffer));
    if (n == 0) break;
    out.append(buffer, n);
  }
  return out;
}

}  // namespace kaowu::office
