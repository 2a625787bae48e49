#include "core/temp_files.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "core/auth/password.hpp"

namespace kaowu::temp_files {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view kPrefix = "kaowu-";
// Files with this process's id but older than this are an earlier run's (ids are reused).
const fs::file_time_type kStarted = fs::file_time_type::clock::now();

// The process id a temporary file's name carries, or 0 for a name of another shape.
pid_t owner_of(const std::string& name) {
  if (name.rfind(kPrefix, 0) != 0) return 0;
  const auto rest = name.substr(kPrefix.size());
  const auto dash = rest.find('-');
  if (dash == std::string::npos || dash == 0 || dash > 10) return 0;
  const auto digits = rest.substr(0, dash);
  if (digits.find_first_not_of("0123456789") != std::string::npos) return 0;
  return static_cast<pid_t>(std::atol(digits.c_str()));
}
}  // namespace

fs::path make(const std::string& dir, const std::string& what, const std::string& ext) {
  return fs::path(dir) / (std::string(kPrefix) + std::to_string(getpid()) + "-" + what + "-" +
                          crypto::random_token().substr(0, 16) + ext);
}

int sweep_dead(const std::string& dir) {
  int removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    const pid_t pid = owner_of(name);
    if (pid <= 0) continue;
    bool gone = false;
    if (pid == getpid()) {
      std::error_code tec;
      const auto written = fs::last_write_time(it->path(), tec);
      gone = !tec && written < kStarted;
    } else {
      gone = kill(pid, 0) != 0 && errno == ESRCH;
    }
    if (!gone) continue;
    std::error_code rm;
    if (fs::remove(it->path(), rm)) ++removed;
  }
  return removed;
}

Scoped::~Scoped() {
  if (path.empty()) return;
  std::error_code ec;
  fs::remove(path, ec);
}

}  // namespace kaowu::temp_files
