#include "core/db/query.hpp"

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
// Prepared SQLite statements kept per connection and SQL text: a list page runs the same few
// queries again and again, and compiling them cost SQLite more than running them. An entry owns
// the values its statement is bound to, so a new run copies the new values in and executes.
// Each connection is used by one thread at a time; `busy` covers a query run from inside the
// callback of the same query. PostgreSQL keeps the plain path.
struct CachedStatement {
  soci::session* session = nullptr;
  std::unique_ptr<soci::statement> st;
  soci::row row;
  std::deque<std::pair<std::string, std::string>> strings;
  std::deque<std::pair<std::string, long long>> ints;
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
                 const std::function<void(const soci::row&)>& fn) const {
  const std::string text = select + " " + from_ + where_clause() + " " + tail;
  auto plain = [&] {
    soci::row row;
    soci::statement st(sql);
    bind(st);
    st.exchange(soci::into(row));
    st.alloc();
    st.prepare(text);
    st.define_and_bind();
    if (!st.execute(true)) return;
    do {
      fn(row);
    } while (st.fetch());
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
  // The same text may bind the same names as text or as numbers: both are part of the key.
  std::string key = std::to_string(reinterpret_cast<std::uintptr_t>(pooled));
  key += '\x1f';
  key += text;
  for (const auto& [name, value] : strings_) key += "\x1fs" + name;
  for (const auto& [name, value] : ints_) key += "\x1fi" + name;

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
  if (fresh) {
    entry->strings = strings_;
    entry->ints = ints_;
    entry->st = std::make_unique<soci::statement>(*pooled);
    for (auto& [name, value] : entry->strings) entry->st->exchange(soci::use(value, name));
    for (auto& [name, value] : entry->ints) entry->st->exchange(soci::use(value, name));
    entry->st->exchange(soci::into(entry->row));
    entry->st->alloc();
    entry->st->prepare(text);
    entry->st->define_and_bind();
  } else {
    for (std::size_t i = 0; i < strings_.size(); ++i) entry->strings[i].second = strings_[i].second;
    for (std::size_t i = 0; i < ints_.size(); ++i) entry->ints[i].second = ints_[i].second;
  }
  if (entry->st->execute(true)) {
    do {
      fn(entry->row);
    } while (entry->st->fetch());
  }
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
