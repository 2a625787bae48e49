#include "core/files.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sodium.h>

#include <fstream>
#include <functional>
#include <stdexcept>

#include "core/auth/password.hpp"
#include "core/db/database.hpp"

namespace kaowu::files {

namespace {
constexpr std::size_t kChunk = 1024 * 1024;

// The file's row; its size and digest may be filled in once its chunks are written.
long long insert_file(soci::session& sql, const NewFile& file, long long size,
                      const std::string& digest, Timestamp now) {
  std::string name = file.name, type = file.content_type, purpose = file.purpose, sha = digest;
  long long at = now, org = file.org_id.value_or(0), account = file.account_id.value_or(0), id = 0;
  soci::indicator org_ind = file.org_id ? soci::i_ok : soci::i_null;
  soci::indicator account_ind = file.account_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO files(name, content_type, size, sha256, org_id, account_id, purpose, "
         "created_at) "
         "VALUES(:n, :t, :s, :h, :o, :a, :p, :c) RETURNING id",
      soci::use(name), soci::use(type), soci::use(size), soci::use(sha), soci::use(org, org_ind),
      soci::use(account, account_ind), soci::use(purpose), soci::use(at), soci::into(id);
  return id;
}

// Blocks go in and out as bytes through each engine's own API (SOCI binds text only, and its blob
// is a PostgreSQL large object): sqlite3_bind_blob, and libpq's binary parameters and results for
// BYTEA. Both run on the session's connection, inside its transaction; a failure throws, as SOCI
// would, so that the transaction rolls back.

sqlite_api::sqlite3* sqlite_handle(soci::session& sql) {
  return static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
}

PGconn* pg_handle(soci::session& sql) {
  return static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
}

struct PgResult {
  PGresult* r;
  ~PgResult() { PQclear(r); }
};

void insert_chunk(soci::session& sql, long long id, int seq, std::string_view bytes) {
  if (db::dialect_of(sql) == db::Dialect::postgresql) {
    const std::string file = std::to_string(id), number = std::to_string(seq);
    const char* values[3] = {file.c_str(), number.c_str(), bytes.data()};
    const int lengths[3] = {0, 0, static_cast<int>(bytes.size())};
    const int formats[3] = {0, 0, 1};
    PgResult res{PQexecParams(pg_handle(sql),
                              "INSERT INTO file_blocks(file_id, seq, bytes) "
                              "VALUES($1::bigint, $2::integer, $3::bytea)",
                              3, nullptr, values, lengths, formats, 0)};
    if (PQresultStatus(res.r) != PGRES_COMMAND_OK) {
      throw std::runtime_error(std::string("file block not written: ") +
                               PQerrorMessage(pg_handle(sql)));
    }
    return;
  }
  auto* db = sqlite_handle(sql);
  sqlite_api::sqlite3_stmt* stmt = nullptr;
  if (sqlite_api::sqlite3_prepare_v2(db,
                                     "INSERT INTO file_blocks(file_id, seq, bytes) VALUES(?, ?, ?)",
                                     -1, &stmt, nullptr) != SQLITE_OK) {
    throw std::runtime_error(std::string("file block not written: ") +
                             sqlite_api::sqlite3_errmsg(db));
  }
  sqlite_api::sqlite3_bind_int64(stmt, 1, id);
  sqlite_api::sqlite3_bind_int(stmt, 2, seq);
  sqlite_api::sqlite3_bind_blob64(stmt, 3, bytes.data(), bytes.size(), SQLITE_STATIC);
  const int rc = sqlite_api::sqlite3_step(stmt);
  sqlite_api::sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) {
    throw std::runtime_error(std::string("file block not written: ") +
                             sqlite_api::sqlite3_errmsg(db));
  }
}

// Hands each block of a file to `take`, in order, one at a time (memory holds one block). Files
// stored before blocks were bytes are read from their base64 chunks.
Status each_block(soci::session& sql, long long id,
                  const std::function<void(std::string_view)>& take) {
  bool any = false;
  if (db::dialect_of(sql) == db::Dialect::postgresql) {
    std::vector<int> seqs;
    {
      soci::rowset<int> rows =
          (sql.prepare << "SELECT seq FROM file_blocks WHERE file_id = :f ORDER BY seq",
           soci::use(id));
      for (int seq : rows) seqs.push_back(seq);
    }
    const std::string file = std::to_string(id);
    for (int seq : seqs) {
      const std::string number = std::to_string(seq);
      const char* values[2] = {file.c_str(), number.c_str()};
      PgResult res{PQexecParams(pg_handle(sql),
                                "SELECT bytes FROM file_blocks WHERE file_id = $1::bigint AND "
                                "seq = $2::integer",
                                2, nullptr, values, nullptr, nullptr, 1)};
      if (PQresultStatus(res.r) != PGRES_TUPLES_OK || PQntuples(res.r) != 1) {
        throw std::runtime_error(std::string("file block not read: ") +
                                 PQerrorMessage(pg_handle(sql)));
      }
      take(std::string_view(PQgetvalue(res.r, 0, 0),
                            static_cast<std::size_t>(PQgetlength(res.r, 0, 0))));
      any = true;
    }
  } else {
    auto* db = sqlite_handle(sql);
    sqlite_api::sqlite3_stmt* stmt = nullptr;
    if (sqlite_api::sqlite3_prepare_v2(
            db, "SELECT bytes FROM file_blocks WHERE file_id = ? ORDER BY seq", -1, &stmt,
            nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("file blocks not read: ") +
                               sqlite_api::sqlite3_errmsg(db));
    }
    struct Finalize {
      sqlite_api::sqlite3_stmt* s;
      ~Finalize() { sqlite_api::sqlite3_finalize(s); }
    } finalize{stmt};
    sqlite_api::sqlite3_bind_int64(stmt, 1, id);
    int rc;
    while ((rc = sqlite_api::sqlite3_step(stmt)) == SQLITE_ROW) {
      const void* data = sqlite_api::sqlite3_column_blob(stmt, 0);
      const int size = sqlite_api::sqlite3_column_bytes(stmt, 0);
      take(std::string_view(static_cast<const char*>(data), static_cast<std::size_t>(size)));
      any = true;
    }
    if (rc != SQLITE_DONE) {
      throw std::runtime_error(std::string("file blocks not read: ") +
                               sqlite_api::sqlite3_errmsg(db));
    }
  }
  if (any) return {};
  // One chunk at a time: a rowset would keep the whole result on PostgreSQL.
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
    auto bytes = crypto::base64_decode(encoded);
    if (!bytes) return bytes.error();
    take(bytes.value());
  }
  return {};
}
}  // namespace

std::int64_t save(soci::session& sql, const NewFile& file, const std::string& data, Timestamp now) {
  const long long id =
      insert_file(sql, file, static_cast<long long>(data.size()), crypto::sha256_hex(data), now);
  int seq = 0;
  for (std::size_t pos = 0; pos < data.size() || seq == 0; pos += kChunk, ++seq) {
    insert_chunk(sql, id, seq, std::string_view(data).substr(pos, kChunk));
    if (pos + kChunk >= data.size()) break;
  }
  return id;
}

Result<std::int64_t> save_from(soci::session& sql, const NewFile& file, const std::string& path,
                               Timestamp now) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return err::internal("文件读取失败，请稍后重试");
  const long long id = insert_file(sql, file, 0, "", now);
  long long size = 0;
  std::string sha;
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::string chunk(kChunk, '\0');
  for (int seq = 0;; ++seq) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0 && seq > 0) break;
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(chunk.data()), got);
    size += static_cast<long long>(got);
    insert_chunk(sql, id, seq, std::string_view(chunk).substr(0, got));
    if (got < chunk.size()) break;
  }
  if (in.bad()) return err::internal("文件读取失败，请稍后重试");
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  sha.assign(hex, crypto_hash_sha256_BYTES * 2);
  long long file_id = id;
  sql << "UPDATE files SET size = :s, sha256 = :h WHERE id = :id", soci::use(size), soci::use(sha),
      soci::use(file_id);
  return static_cast<std::int64_t>(id);
}

Result<FileInfo> info(soci::session& sql, const Scope& scope, std::int64_t id) {
  long long file_id = id;
  soci::row row;
  sql << "SELECT id, name, content_type, size, sha256, org_id, account_id, purpose, created_at "
         "FROM files WHERE id = :id",
      soci::use(file_id), soci::into(row);
  if (!sql.got_data()) return err::not_found("文件不存在或无权访问");
  FileInfo f;
  f.id = db::get_i64(row, "id");
  f.name = db::get_str(row, "name");
  f.content_type = db::get_str(row, "content_type");
  f.size = db::get_i64(row, "size");
  f.sha256 = db::get_str(row, "sha256");
  f.org_id = db::get_opt_i64(row, "org_id");
  f.account_id = db::get_opt_i64(row, "account_id");
  f.purpose = db::get_str(row, "purpose");
  f.created_at = db::get_i64(row, "created_at");
  if (!scope.is_admin() && f.org_id != scope.org_id) return err::not_found("文件不存在或无权访问");
  // Personal accounts of a college (students, teachers) only see their own files.
  if ((scope.role == Role::student || scope.role == Role::teacher) &&
      f.account_id != scope.account_id) {
    return err::not_found("文件不存在或无权访问");
  }
  return f;
}

Result<std::string> read(soci::session& sql, std::int64_t id) {
  std::string out;
  TRY(each_block(sql, id, [&](std::string_view block) { out.append(block); }));
  return out;
}

Status read_to(soci::session& sql, std::int64_t id, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return err::internal("临时文件创建失败，请稍后重试");
  TRY(each_block(sql, id, [&](std::string_view block) {
    out.write(block.data(), static_cast<std::streamsize>(block.size()));
  }));
  out.close();
  if (!out) return err::internal("临时文件写入失败，请稍后重试");
  return {};
}

void remove(soci::session& sql, std::int64_t id) {
  long long file_id = id;
  sql << "DELETE FROM file_blocks WHERE file_id = :id", soci::use(file_id);
  sql << "DELETE FROM file_chunks WHERE file_id = :id", soci::use(file_id);
  sql << "DELETE FROM files WHERE id = :id", soci::use(file_id);
}

}  // namespace kaowu::files
