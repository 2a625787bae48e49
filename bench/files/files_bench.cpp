// Stored files (core/files): writing a file into the database and reading it back, against a plain
// copy of the same bytes from file to file, measured in the same run. Also the format before
// migration 018 (base64 text chunks), written and read the way core/files did, for comparison.
//   files_bench DATABASE SIZE_MB WORK_DIR    (DATABASE: a SQLite path or a postgresql:// URL)
#include <fmt/format.h>
#include <sodium.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "core/auth/password.hpp"
#include "core/clock.hpp"
#include "core/db/database.hpp"
#include "core/db/migrations.hpp"
#include "core/files.hpp"

using namespace kaowu;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kChunk = 1024 * 1024;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The best of three runs of `fn`, in seconds.
template <class F>
double best_of_3(F&& fn) {
  double best = 1e9;
  for (int i = 0; i < 3; ++i) {
    const auto start = std::chrono::steady_clock::now();
    fn();
    best = std::min(best, seconds_since(start));
  }
  return best;
}

void plain_copy(const fs::path& from, const fs::path& to) {
  std::ifstream in(from, std::ios::binary);
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  std::string chunk(kChunk, '\0');
  while (in.read(chunk.data(), chunk.size()) || in.gcount() > 0) {
    out.write(chunk.data(), in.gcount());
  }
}

bool same_bytes(const fs::path& a, const fs::path& b) {
  if (fs::file_size(a) != fs::file_size(b)) return false;
  std::ifstream x(a, std::ios::binary), y(b, std::ios::binary);
  std::string p(kChunk, '\0'), q(kChunk, '\0');
  while (x.read(p.data(), p.size()) || x.gcount() > 0) {
    y.read(q.data(), q.size());
    if (x.gcount() != y.gcount() || p.compare(0, x.gcount(), q, 0, y.gcount()) != 0) return false;
  }
  return true;
}

// Base64 text chunks in file_chunks, as files were stored before migration 018.
long long write_base64(soci::session& sql, const fs::path& from) {
  long long id = 0;
  sql << "INSERT INTO files(name, content_type, size, sha256, purpose, created_at) "
         "VALUES('bench', 'application/octet-stream', 0, '', 'bench', 0) RETURNING id",
      soci::into(id);
  std::ifstream in(from, std::ios::binary);
  std::string chunk(kChunk, '\0');
  for (int seq = 0; in.read(chunk.data(), chunk.size()) || in.gcount() > 0; ++seq) {
    std::string encoded = crypto::base64_encode(chunk.substr(0, in.gcount()));
    sql << "INSERT INTO file_chunks(file_id, seq, data) VALUES(:f, :s, :d)", soci::use(id),
        soci::use(seq), soci::use(encoded);
  }
  return id;
}

void read_base64(soci::session& sql, long long id, const fs::path& to) {
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  std::vector<int> seqs;
  {
    soci::rowset<int> rows =
        (sql.prepare << "SELECT seq FROM file_chunks WHERE file_id = :f ORDER BY seq",
         soci::use(id));
    for (int seq : rows) seqs.push_back(seq);
  }
  for (int seq : seqs) {
    std::string encoded;
    sql << "SELECT data FROM file_chunks WHERE file_id = :f AND seq = :s", soci::use(id),
        soci::use(seq), soci::into(encoded);
    const auto bytes = crypto::base64_decode(encoded);
    out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: files_bench DATABASE SIZE_MB WORK_DIR\n";
    return 2;
  }
  crypto::init();
  const std::string url = argv[1];
  const std::size_t size = std::stoul(argv[2]) * 1024 * 1024;
  const fs::path work = argv[3];
  const fs::path source = work / "source.bin", copy = work / "copy.bin", back = work / "back.bin";
  {
    std::mt19937_64 rng(42);
    std::ofstream out(source, std::ios::binary);
    std::string chunk(kChunk, '\0');
    for (std::size_t done = 0; done < size; done += kChunk) {
      for (std::size_t i = 0; i + 8 <= chunk.size(); i += 8) {
        const std::uint64_t v = rng();
        std::memcpy(chunk.data() + i, &v, 8);
      }
      out.write(chunk.data(), static_cast<std::streamsize>(std::min(kChunk, size - done)));
    }
  }
  auto opened = db::Database::open(url, 2);
  if (!opened) {
    std::cerr << opened.error().message << "\n";
    return 1;
  }
  auto& database = *opened.value();
  SystemClock clock;
  if (auto m = db::migrate(database, clock); !m) {
    std::cerr << m.error().message << "\n";
    return 1;
  }
  db::Lease lease(database);
  soci::session& sql = *lease;

  const double copy_s = best_of_3([&] { plain_copy(source, copy); });
  std::int64_t id = 0;
  const double write_s = best_of_3([&] {
    (void)db::write_tx(sql, [&]() -> Status {
      id = files::save_from(sql, {"bench.bin", "application/octet-stream", "bench"},
                            source.string(), clock.now())
               .value();
      return {};
    });
  });
  const double read_s = best_of_3([&] { (void)files::read_to(sql, id, back.string()); });
  const bool read_ok = same_bytes(source, back);
  long long stored = 0;
  {
    long long file = id;
    sql << "SELECT COALESCE(SUM(LENGTH(bytes)), 0) FROM file_blocks WHERE file_id = :f",
        soci::use(file), soci::into(stored);
  }
  long long old_id = 0;
  const double old_write_s = best_of_3([&] {
    (void)db::write_tx(sql, [&]() -> Status {
      old_id = write_base64(sql, source);
      return {};
    });
  });
  const double old_read_s = best_of_3([&] { read_base64(sql, old_id, back); });
  long long old_stored = 0;
  sql << "SELECT COALESCE(SUM(LENGTH(data)), 0) FROM file_chunks WHERE file_id = :f",
      soci::use(old_id), soci::into(old_stored);

  const double mb = static_cast<double>(size) / (1024.0 * 1024.0);
  std::cout << fmt::format("engine {}, {:.0f} MB of random bytes, best of 3 runs each\n",
                           database.dialect() == db::Dialect::postgresql ? "PostgreSQL" : "SQLite",
                           mb);
  std::cout << fmt::format("  plain file copy (reference)  {:7.2f} s  {:7.0f} MB/s\n", copy_s,
                           mb / copy_s);
  std::cout << fmt::format(
      "  files::save_from (bytes)     {:7.2f} s  {:7.0f} MB/s  {:5.2f}x the copy  stored {:.0f} "
      "MB\n",
      write_s, mb / write_s, write_s / copy_s, stored / 1048576.0);
  std::cout << fmt::format(
      "  files::read_to   (bytes)     {:7.2f} s  {:7.0f} MB/s  {:5.2f}x the copy  {}\n", read_s,
      mb / read_s, read_s / copy_s, read_ok ? "same bytes" : "DIFFERENT BYTES");
  std::cout << fmt::format(
      "  before 018: base64 write     {:7.2f} s  {:7.0f} MB/s  {:5.2f}x the copy  stored {:.0f} "
      "MB\n",
      old_write_s, mb / old_write_s, old_write_s / copy_s, old_stored / 1048576.0);
  std::cout << fmt::format(
      "  before 018: base64 read      {:7.2f} s  {:7.0f} MB/s  {:5.2f}x the copy\n", old_read_s,
      mb / old_read_s, old_read_s / copy_s);
  std::cout << fmt::format("  bytes against base64: write {:.2f}x, read {:.2f}x the time\n",
                           write_s / old_write_s, read_s / old_read_s);
  return read_ok ? 0 : 1;
}
