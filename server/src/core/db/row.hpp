#pragma once

#include <soci/soci.h>

#include <cstdint>
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
  //! Columns of a statement, by name in select order (shared by every row it gives).
  using Names = std::vector<std::string>;

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
  std::size_t sqlite_index(std::string_view name) const;
  std::size_t soci_index(std::string_view name) const;

  const soci::row* soci_ = nullptr;
  void* stmt_ = nullptr;
  const Names* names_ = nullptr;
};

}  // namespace kaowu::db
