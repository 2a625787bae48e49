#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/auth/scope.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"

namespace kaowu::files {

struct FileInfo {
  std::int64_t id = 0;
  std::string name;
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;
  std::optional<std::int64_t> org_id;
  std::optional<std::int64_t> account_id;
  std::string purpose;
  Timestamp created_at = 0;
};

struct NewFile {
  std::string name;
  std::string content_type;
  std::string purpose;  //!< e.g. "audit_export", "import_failures"
  std::optional<std::int64_t> org_id;
  std::optional<std::int64_t> account_id;
};

//! Stores a file in the database (so every instance can serve it); returns its id.
std::int64_t save(soci::session& sql, const NewFile& file, const std::string& data, Timestamp now);
//! Stores the file at `path`, read a chunk at a time (memory does not grow with the file).
Result<std::int64_t> save_from(soci::session& sql, const NewFile& file, const std::string& path,
                               Timestamp now);
//! Metadata of a file the caller may read: its own organisation's, or any for admins.
Result<FileInfo> info(soci::session& sql, const Scope& scope, std::int64_t id);
//! The bytes of a file (after `info` has checked access).
Result<std::string> read(soci::session& sql, std::int64_t id);
//! Writes the bytes of a file to `path`, a chunk at a time.
Status read_to(soci::session& sql, std::int64_t id, const std::string& path);
//! Deletes a file and its bytes (nothing may still refer to it).
void remove(soci::session& sql, std::int64_t id);

}  // namespace kaowu::files
