#pragma once

#include <memory>
#include <string>

#include "core/error.hpp"

struct zip;

namespace kaowu::office {

//! Writes a .zip archive (e.g. a batch of admission tickets). Entries are compressed when
//! close() runs; file entries are read from disk then, so they must still exist.
class ZipWriter {
 public:
  ~ZipWriter();
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  //! Starts an archive at `path`, replacing any file there.
  static Result<std::unique_ptr<ZipWriter>> create(const std::string& path);
  //! Adds an entry with these bytes; `name` is UTF-8 and may contain folders ("准考证/张三.pdf").
  Status add_bytes(const std::string& name, std::string bytes);
  //! Adds an entry with the contents of the file at `source`; `compress` false stores it as it
  //! is (for files that are compressed already, such as PDFs, where deflating again only costs).
  Status add_file(const std::string& name, const std::string& source, bool compress = true);
  //! Writes the archive.
  Status close();

 private:
  explicit ZipWriter(zip* archive) : zip_(archive) {}
  Status check_name(const std::string& name) const;
  zip* zip_;
};

}  // namespace kaowu::office
