#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/db/row.hpp"

namespace kaowu::db {

//! Builds a filtered list query with bound parameters, shared by count and page.
//!   Query q("FROM organizations o");
//!   q.where("o.type = " + q.param(type));
//!   q.count(sql); q.each(sql, "SELECT o.*", "ORDER BY o.id LIMIT 20", fn);
class Query {
 public:
  explicit Query(std::string from) : from_(std::move(from)) {}
  //! `count_from` leaves out joins that only add display columns, so COUNT(*) stays cheap.
  Query(std::string from, std::string count_from)
      : from_(std::move(from)), count_from_(std::move(count_from)) {}

  //! Registers a bound value; returns its placeholder (":p0", ...).
  std::string param(std::string value);
  std::string param(long long value);
  //! Adds a condition joined with AND.
  Query& where(const std::string& condition);

  //! The number of matching rows.
  long long count(soci::session& sql) const;
  //! The same, kept for up to a second per connection and query, for list pages (query.cpp).
  long long count_cached(soci::session& sql) const;
  //! Runs `select + from + where + tail` and calls `fn` for each row.
  void each(soci::session& sql, const std::string& select, const std::string& tail,
            const std::function<void(const Row&)>& fn) const;
  //! The WHERE clause ("" when no condition).
  std::string where_clause() const;

 private:
  void bind(soci::statement& st) const;

  std::string from_;
  std::string count_from_;
  std::vector<std::string> conditions_;
  std::deque<std::pair<std::string, std::string>> strings_;
  std::deque<std::pair<std::string, long long>> ints_;
  int next_ = 0;
};

//! Lets Query::each keep prepared statements for a pooled SQLite connection (`sql` is the pool's
//! own session, which outlives every lease of it); forget_statements before it closes.
void keep_statements(soci::session& pooled);
void forget_statements(soci::session& pooled);

//! " LIMIT n OFFSET m" for a 1-based page.
std::string page_clause(int page, int page_size);

//! "1,2,3" for an IN (...) list of ids; "0" (matching nothing) when empty.
std::string id_list(const std::vector<std::int64_t>& ids);

//! An IN (...) list of text keys ('2021...', '1101...X'): keys of ASCII letters and digits only
//! are written as literals, anything else is bound through `q`. Hundreds of named parameters cost
//! SQLite a quadratic name lookup; literals do not. "NULL" (matching nothing) when empty.
std::string key_list(Query& q, const std::vector<std::string>& keys);

}  // namespace kaowu::db
