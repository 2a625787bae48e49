#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "core/error.hpp"

struct zip;
struct zip_file;

namespace kaowu::office {

//! Limits that keep a hostile archive from exhausting memory or time.
struct ZipLimits {
  std::uint64_t max_entry_bytes = 1ull << 30;  //!< uncompressed size of any one part
  std::uint64_t max_total_bytes = 2ull << 30;  //!< uncompressed size of all parts together
  double max_ratio = 200;                      //!< uncompressed / compressed, per part
  std::uint64_t ratio_floor = 1u << 20;        //!< parts smaller than this skip the ratio check
};

class ZipArchive;

//! One part being inflated; counts bytes so a lying central directory cannot exceed the limits.
class ZipEntryStream {
 public:
  ~ZipEntryStream();
  ZipEntryStream(const ZipEntryStream&) = delete;
  ZipEntryStream& operator=(const ZipEntryStream&) = delete;
  //! Reads up to `size` bytes; 0 at the end of the part.
  Result<std::size_t> read(char* buffer, std::size_t size);
  //! How much of the part was read, 0 to 1 by its declared size; any thread may ask.
  double fraction() const;

 private:
  friend class ZipArchive;
  ZipEntryStream(ZipArchive& archive, zip_file* file, std::string name, std::uint64_t declared,
                 std::uint64_t compressed);
  ZipArchive& archive_;
  zip_file* file_;
  std::string name_;
  std::uint64_t declared_;
  std::uint64_t compressed_;
  std::uint64_t read_ = 0;
  std::atomic<std::uint64_t> delivered_{0};  //!< read_, for fraction() on another thread
};

//! A read-only zip archive whose central directory was checked against ZipLimits on open.
class ZipArchive {
 public:
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  //! Opens `path`; a damaged archive or one over the limits is an error.
  static Result<std::unique_ptr<ZipArchive>> open(const std::string& path, const ZipLimits& limits);
  //! True when the archive has a part with this name (case-insensitive).
  bool contains(const std::string& name) const;
  //! The inflated size the archive declares for a part (0 when there is no such part).
  std::uint64_t size_of(const std::string& name) const;
  //! Streams one part.
  Result<std::unique_ptr<ZipEntryStream>> stream(const std::string& name);
  //! Reads a whole (small) part into memory.
  Result<std::string> read_all(const std::string& name);

 private:
  friend class ZipEntryStream;
  ZipArchive(zip* archive, ZipLimits limits) : zip_(archive), limits_(limits) {}
  zip* zip_;
  ZipLimits limits_;
  std::uint64_t inflated_ = 0;
};

//! The message for files that are not readable spreadsheets.
inline constexpr const char* kDamagedFile = "文件已损坏或不是有效的 Excel 文件";
//! The message for archives over the size or ratio limits.
inline constexpr const char* kTooLargeFile = "文件解压后过大，可能是恶意文件，已拒绝处理";

}  // namespace kaowu::office
