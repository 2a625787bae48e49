#pragma once

#include <filesystem>
#include <string>

namespace kaowu::temp_files {

//! A fresh path in `dir` for a temporary file of this process: `kaowu-<pid>-<what>-<random><ext>`.
//! The process id in the name lets a later start tell the files of a dead instance from those of
//! a live one sharing the directory.
std::filesystem::path make(const std::string& dir, const std::string& what,
                           const std::string& ext = "");

//! Removes the temporary files in `dir` whose process is gone (an instance that was killed, or an
//! earlier run under the same process id); files of live processes are left alone. Returns how
//! many went.
int sweep_dead(const std::string& dir);

//! Deletes its file when it goes out of scope, however the scope is left.
struct Scoped {
  std::filesystem::path path;
  Scoped() = default;
  explicit Scoped(std::filesystem::path p) : path(std::move(p)) {}
  Scoped(const Scoped&) = delete;
  Scoped& operator=(const Scoped&) = delete;
  ~Scoped();
};

}  // namespace kaowu::temp_files
