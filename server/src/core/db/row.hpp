#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kaowu::db {

//! One result row, read by column name through the get_* functions of database.hpp. It is a SOCI
//! row, or on SQLite the statement itself: Query::each reads a list page's columns straight from
//! SQLite, without SOCI copying every value into a row of its own first.
class Row {
 public:
  //! Columns of a statement, by name in select order (shared by every row it gives), and where
  //! the next look-up starts: rows are read column after column in select order, so the column
  //! asked for is usually the one after the last. A statement is read by one thread at a time.
  struct Names {
    std::vector<std::string> list;
    mutable std::size_t next = 0;
  };

  Row(const soci::row& row) : soci_(&row) {}  // NOLINT: any SOCI row reads as one
  Row(void* sqlite_statement, const Names& names) : stmt_(sqlite_statement), names_(&names) {}

  //! The column called `name` (throws when the result has none: a programming error), empty
  //! when NULL, converted whatever type the engine stored it as.
  std::optional<std::int64_t> opt_i64(std::string_view name) const;
  std::optional<std::string> opt_str(std::string_view name) const;
  std::optional<double> opt_double(std::string_view name) const;
  //! The column as text, or `fallback` when NULL (get_str); on SQLite, stored text is built
  //! straight from the statement.
  std::string str(std::string_view name, const std::string& fallback) const;
  //! The column as an integer, or `fallback` when NULL.
  std::int64_t i64(std::string_view name, std::int64_t fallback) const;
  //! The column's text without copying it, empty when NULL: valid until the next row is read
  //! (on SQLite it is the statement's own text; a number is converted as opt_str does).
  std::optional<std::string_view> opt_view(std::string_view name) const;

 private:
  //! A column's value as stored: NULL, an integer, a real, text, or a type read as none of these.
  struct Cell {
    enum class Kind { null, integer, real, text, other };
    Kind kind = Kind::null;
    std::int64_t integer = 0;
    double real = 0;
    std::string text;
  };
  Cell cell(std::string_view name) const;
  //! The column called `name`: the one after the last, checked in line, else a search.
  std::size_t sqlite_index(std::string_view name) const {
    const std::size_t i = names_->next;
    if (i < names_->list.size() && same_name(names_->list[i], name)) {
      names_->next = i + 1;
      return i;
    }
    return sqlite_search(name);
  }
  std::size_t sqlite_search(std::string_view name) const;
  //! Whether a column's name is `name`: names are short, so eight bytes at a time in line rather
  //! than a call to memcmp for each column read.
  static bool same_name(const std::string& column, std::string_view name) {
    std::size_t n = name.size();
    if (column.size() != n) return false;
    const char* p = column.data();
    const char* q = name.data();
    for (; n >= 8; n -= 8, p += 8, q += 8) {
      std::uint64_t a, b;
      std::memcpy(&a, p, 8);
      std::memcpy(&b, q, 8);
      if (a != b) return false;
    }
    for (; n > 0; --n) {
      if (*p++ != *q++) return false;
    }
    return true;
  }
  std::size_t soci_index(std::string_view name) const;

  const soci::row* soci_ = nullptr;
  void* stmt_ = nullptr;
  const Names* names_ = nullptr;
  //! Text that opt_view converted or took from a SOCI row, by column, for the current row: one
  //! string per column of the result, never reallocated while views point into it.
  mutable std::vector<std::string> held_;
};

}  // namespace kaowu::db
