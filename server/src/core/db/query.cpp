#include "core/db/query.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <unordered_map>

#include "core/db/database.hpp"

namespace kaowu::db {

namespace {
std::string next_name(int& next) {
  std::string name = "p";
  name += std::to_string(next++);
  return name;
}
}  // namespace

std::string Query::param(std::string value) {
  std::string name = next_name(next_);
  strings_.emplace_back(name, std::move(value));
  return ":" + name;
}

std::string Query::param(long long value) {
  std::string name = next_name(next_);
  ints_.emplace_back(name, value);
  return ":" + name;
}

Query& Query::where(const std::string& condition) {
  conditions_.push_back(condition);
  return *this;
}

std::string Query::where_clause() const {
  std::string out;
  for (const auto& c : conditions_) out += (out.empty() ? " WHERE (" : " AND (") + c + ")";
  return out;
}

void Query::bind(soci::statement& st) const {
  // SOCI binds by name and keeps references: the deques keep the values' addresses stable.
  for (auto& [name, value] : const_cast<std::deque<std::pair<std::string, std::string>>&>(strings_))
    st.exchange(soci::use(value, name));
  for (auto& [name, value] : const_cast<std::deque<std::pair<std::string, long long>>&>(ints_))
    st.exchange(soci::use(value, name));
}

namespace {
// Totals of list pages, kept for a second: counting a large table on every page turn dominates
// the cost of a list request. Any write committed by this instance drops them at once; other
// instances' writes show within the second.
struct CountCache {
  struct Entry {
    long long total;
    std::int64_t at_ms;
    std::uint64_t generation;
  };
  std::mutex mutex;
  std::unordered_map<std::string, Entry> entries;
};
CountCache& count_cache() {
  static CountCache cache;
  return cache;
}
constexpr std::int64_t kCountTtlMs = 1000;

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

long long Query::count_cached(soci::session& sql) const {
  std::string key = std::to_string(reinterpret_cast<std::uintptr_t>(sql.get_backend())) + '\x1f' +
                    (count_from_.empty() ? from_ : count_from_) + where_clause();
  for (const auto& [name, value] : strings_) key += '\x1f' + name + '=' + value;
  for (const auto& [name, value] : ints_) key += '\x1f' + name + '=' + std::to_string(value);
  const std::uint64_t generation = write_generation();
  const std::int64_t now = steady_ms();
  auto& cache = count_cache();
  {
    std::lock_guard lock(cache.mutex);
    auto it = cache.entries.find(key);
    if (it != cache.entries.end() && it->second.generation == generation &&
        now - it->second.at_ms < kCountTtlMs) {
      return it->second.total;
    }
  }
  const long long total = count(sql);
  std::lock_guard lock(cache.mutex);
  if (cache.entries.size() > 10000) cache.entries.clear();
  cache.entries[key] = {total, now, generation};
  return total;
}

long long Query::count(soci::session& sql) const {
  long long total = 0;
  soci::statement st(sql);
  bind(st);
  st.exchange(soci::into(total));
  st.alloc();
  st.prepare("SELECT COUNT(*) " + (count_from_.empty() ? from_ : count_from_) + where_clause());
  st.define_and_bind();
  st.execute(true);
  return total;
}

namespace {
using sqlite_api::sqlite3_stmt;

// A prepared SQLite statement with its column names; finalized with it.
struct Prepared {
  sqlite3_stmt* stmt = nullptr;
  Row::Names names;
  Prepared() = default;
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;
  ~Prepared() {
    if (stmt) sqlite_api::sqlite3_finalize(stmt);
  }
};

sqlite_api::sqlite3* sqlite_handle(soci::session& sql) {
  return static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
}

[[noreturn]] void sqlite_failed(sqlite_api::sqlite3* db, const std::string& text) {
  // As SOCI words it, so that callers recognise constraint and busy errors the same way.
  throw soci::soci_error(std::string(sqlite_api::sqlite3_errmsg(db)) + " while executing \"" +
                         text.substr(0, 200) + "\"");
}

void prepare(sqlite_api::sqlite3* db, const std::string& text, Prepared& out) {
  if (sqlite_api::sqlite3_prepare_v2(db, text.c_str(), static_cast<int>(text.size()), &out.stmt,
                                     nullptr) != SQLITE_OK) {
    sqlite_failed(db, text);
  }
  const int n = sqlite_api::sqlite3_column_count(out.stmt);
  out.names.list.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    out.names.list.emplace_back(sqlite_api::sqlite3_column_name(out.stmt, i));
}

// Prepared SQLite statements kept per connection and SQL text: a list page runs the same few
// queries again and again, and compiling them cost SQLite more than running them. Each connection
// is used by one thread at a time; `busy` covers a query run from inside the callback of the same
// query. PostgreSQL keeps SOCI's path.
struct CachedStatement {
  soci::session* session = nullptr;
  Prepared prepared;
  bool busy = false;
};

struct StatementCache {
  std::mutex mutex;
  std::unordered_map<std::string, std::unique_ptr<CachedStatement>> entries;
  //! The pool's own sessions by backend: a lease (`soci::session sql(pool)`) is a short-lived
  //! proxy, so cached statements are made on the pooled session behind it.
  std::unordered_map<const void*, soci::session*> pooled;
};

StatementCache& statement_cache() {
  static StatementCache cache;
  return cache;
}

constexpr std::size_t kMaxCachedStatements = 4096;
constexpr std::size_t kMaxCachedText = 2048;

// Releases an entry after a run; a run that threw leaves the statement in doubt, so it goes.
struct EntryLease {
  CachedStatement* entry;
  const std::string* key;
  bool ok = false;
  ~EntryLease() {
    auto& cache = statement_cache();
    std::lock_guard lock(cache.mutex);
    if (ok) {
      entry->busy = false;
    } else {
      cache.entries.erase(*key);
    }
  }
};

// Binds the query's values to a prepared statement by their names, runs it and hands each row on.
void run(sqlite_api::sqlite3* db, const std::string& text, const Prepared& p,
         const std::deque<std::pair<std::string, std::string>>& strings,
         const std::deque<std::pair<std::string, long long>>& ints,
         const std::function<void(const Row&)>& fn) {
  sqlite3_stmt* st = p.stmt;
  struct Reset {
    sqlite3_stmt* st;
    ~Reset() {
      sqlite_api::sqlite3_reset(st);
      sqlite_api::sqlite3_clear_bindings(st);
    }
  } reset{st};
  std::string placeholder;
  auto at = [&](const std::string& name) {
    placeholder = ":" + name;
    const int i = sqlite_api::sqlite3_bind_parameter_index(st, placeholder.c_str());
    if (i == 0) throw soci::soci_error("parameter not in statement: " + placeholder);
    return i;
  };
  for (const auto& [name, value] : strings) {
    if (sqlite_api::sqlite3_bind_text64(st, at(name), value.data(), value.size(), SQLITE_STATIC,
                                        SQLITE_UTF8) != SQLITE_OK)
      sqlite_failed(db, text);
  }
  for (const auto& [name, value] : ints) {
    if (sqlite_api::sqlite3_bind_int64(st, at(name), value) != SQLITE_OK) sqlite_failed(db, text);
  }
  const Row row(st, p.names);
  for (;;) {
    const int rc = sqlite_api::sqlite3_step(st);
    if (rc == SQLITE_DONE) return;
    if (rc != SQLITE_ROW) sqlite_failed(db, text);
    fn(row);
  }
}
}  // namespace

void keep_statements(soci::session& pooled) {
  auto& cache = statement_cache();
  std::lock_guard lock(cache.mutex);
  cache.pooled[pooled.get_backend()] = &pooled;
}

void forget_statements(soci::session& pooled) {
  auto& cache = statement_cache();
  std::lock_guard lock(cache.mutex);
  cache.pooled.erase(pooled.get_backend());
  for (auto it = cache.entries.begin(); it != cache.entries.end();) {
    if (it->second->session == &pooled) {
      it = cache.entries.erase(it);
    } else {
      ++it;
    }
  }
}

void Query::each(soci::session& sql, const std::string& select, const std::string& tail,
                 const std::function<void(const Row&)>& fn) const {
  const std::string text = select + " " + from_ + where_clause() + " " + tail;
  if (dialect_of(sql) == Dialect::postgresql) {
    soci::row row;
    soci::statement st(sql);
    bind(st);
    st.exchange(soci::into(row));
    st.alloc();
    st.prepare(text);
    st.define_and_bind();
    if (!st.execute(true)) return;
    do {
      fn(Row(row));
    } while (st.fetch());
    return;
  }
  auto* db = sqlite_handle(sql);
  auto plain = [&] {
    Prepared p;
    prepare(db, text, p);
    run(db, text, p, strings_, ints_, fn);
  };
  soci::session* pooled = nullptr;
  {
    auto& cache = statement_cache();
    std::lock_guard lock(cache.mutex);
    if (auto it = cache.pooled.find(sql.get_backend()); it != cache.pooled.end())
      pooled = it->second;
  }
  // Long texts are IN lists that differ every time (a batch of keys): kept, they would only fill
  // the cache with statements that never run again.
  if (!pooled || text.size() > kMaxCachedText) return plain();
  std::string key = std::to_string(reinterpret_cast<std::uintptr_t>(pooled));
  key += '\x1f';
  key += text;

  auto& cache = statement_cache();
  CachedStatement* entry = nullptr;
  bool fresh = false;
  {
    std::lock_guard lock(cache.mutex);
    auto it = cache.entries.find(key);
    if (it != cache.entries.end() && it->second->busy) {
      entry = nullptr;  // run from inside its own callback: no cache for this one
    } else if (it != cache.entries.end()) {
      entry = it->second.get();
      entry->busy = true;
    } else {
      if (cache.entries.size() >= kMaxCachedStatements) {
        for (auto e = cache.entries.begin(); e != cache.entries.end();) {
          e = e->second->busy ? std::next(e) : cache.entries.erase(e);
        }
      }
      auto made = std::make_unique<CachedStatement>();
      made->session = pooled;
      made->busy = true;
      entry = made.get();
      cache.entries.emplace(key, std::move(made));
      fresh = true;
    }
  }
  if (!entry) return plain();
  EntryLease lease{entry, &key};
  if (fresh) prepare(db, text, entry->prepared);
  run(db, text, entry->prepared, strings_, ints_, fn);
  lease.ok = true;
}

std::string page_clause(int page, int page_size) {
  return " LIMIT " + std::to_string(page_size) + " OFFSET " +
         std::to_string(static_cast<long long>(page - 1) * page_size);
}

std::string id_list(const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return "0";
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
  return out;
}

std::string key_list(Query& q, const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) {
    const bool plain = !k.empty() && std::all_of(k.begin(), k.end(), [](char c) {
      return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    });
    out += out.empty() ? "" : ", ";
    out += plain ? "'" + k + "'" : q.param(k);
  }
  return out.empty() ? "NULL" : out;
}

}  // namespace kaowu::db
