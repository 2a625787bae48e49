#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "core/http/message.hpp"

namespace kaowu::http {

//! Serves the built web UI: hashed assets cached for a year, index.html never cached, the SPA
//! fallback for client routes, and gzip for text when the client accepts it.
class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);
  Response serve(const Request& request);
  const std::filesystem::path& root() const { return root_; }

 private:
  struct Entry {
    std::string content;
    std::string gzipped;  //!< empty when not worth compressing
    std::string content_type;
    std::string etag;
    std::filesystem::file_time_type mtime;
  };
  std::shared_ptr<const Entry> load(const std::filesystem::path& file);

  std::filesystem::path root_;
  std::shared_mutex mutex_;
  std::map<std::string, std::shared_ptr<const Entry>> cache_;
};

//! gzip-compresses `data` (zlib, level 6).
std::string gzip(const std::string& data);
std::string content_type_for(const std::filesystem::path& file);

}  // namespace kaowu::http
