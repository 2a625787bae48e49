#include "core/db/row.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

#include <stdexcept>
#include <string>

namespace kaowu::db {

namespace {
using sqlite_api::sqlite3_stmt;

sqlite3_stmt* statement(void* p) {
  return static_cast<sqlite3_stmt*>(p);
}

[[noreturn]] void no_column(std::string_view name) {
  throw std::runtime_error("column not in result: " + std::string(name));
}

// Where the last column of a SOCI row was found: rows are read column after column in select
// order, so the next one is usually right after it.
thread_local std::size_t hint = 0;
}  // namespace

std::size_t Row::sqlite_search(std::string_view name) const {
  const auto& list = names_->list;
  const std::size_t n = list.size();
  std::size_t i = names_->next < n ? names_->next : 0;
  for (std::size_t k = 0; k < n; ++k) {
    if (same_name(list[i], name)) {
      names_->next = i + 1;
      return i;
    }
    if (++i == n) i = 0;
  }
  no_column(name);
}

std::size_t Row::soci_index(std::string_view name) const {
  const std::size_t n = soci_->size();
  std::size_t i = hint < n ? hint : 0;
  for (std::size_t k = 0; k < n; ++k) {
    if (same_name(soci_->get_properties(i).get_name(), name)) {
      hint = i + 1;
      return i;
    }
    if (++i == n) i = 0;
  }
  no_column(name);
}

Row::Cell Row::cell(std::string_view name) const {
  Cell c;
  if (stmt_) {
    const int i = static_cast<int>(sqlite_index(name));
    // One call into the statement per column, then the value's own accessors. The value is
    // "unprotected" in SQLite's terms: safe here, where connections are opened in multi-thread
    // mode and a statement is read by the one thread that runs it (database.cpp).
    sqlite_api::sqlite3_value* value = sqlite_api::sqlite3_column_value(statement(stmt_), i);
    switch (sqlite_api::sqlite3_value_type(value)) {
      case SQLITE_NULL:
        break;
      case SQLITE_INTEGER:
        c.kind = Cell::Kind::integer;
        c.integer = sqlite_api::sqlite3_value_int64(value);
        break;
      case SQLITE_FLOAT:
        c.kind = Cell::Kind::real;
        c.real = sqlite_api::sqlite3_value_double(value);
        break;
      default: {
        const auto* text = reinterpret_cast<const char*>(sqlite_api::sqlite3_value_text(value));
        const int bytes = sqlite_api::sqlite3_value_bytes(value);
        c.kind = Cell::Kind::text;
        c.text.assign(text ? text : "", static_cast<std::size_t>(bytes));
      }
    }
    return c;
  }
  const std::size_t i = soci_index(name);
  if (soci_->get_indicator(i) == soci::i_null) return c;
  switch (soci_->get_properties(i).get_data_type()) {
    case soci::dt_integer:
      c.kind = Cell::Kind::integer;
      c.integer = soci_->get<int>(i);
      break;
    case soci::dt_long_long:
      c.kind = Cell::Kind::integer;
      c.integer = soci_->get<long long>(i);
      break;
    case soci::dt_unsigned_long_long:
      c.kind = Cell::Kind::integer;
      c.integer = static_cast<std::int64_t>(soci_->get<unsigned long long>(i));
      break;
    case soci::dt_double:
      c.kind = Cell::Kind::real;
      c.real = soci_->get<double>(i);
      break;
    case soci::dt_string:
      c.kind = Cell::Kind::text;
      c.text = soci_->get<std::string>(i);
      break;
    default:
      c.kind = Cell::Kind::other;
  }
  return c;
}

std::optional<std::int64_t> Row::opt_i64(std::string_view name) const {
  Cell c = cell(name);
  switch (c.kind) {
    case Cell::Kind::null:
      return std::nullopt;
    case Cell::Kind::integer:
      return c.integer;
    case Cell::Kind::real:
      return static_cast<std::int64_t>(c.real);
    case Cell::Kind::text:
      if (c.text.empty()) return std::nullopt;
      return std::stoll(c.text);
    default:
      throw std::runtime_error("column is not a number: " + std::string(name));
  }
}

std::optional<std::string> Row::opt_str(std::string_view name) const {
  Cell c = cell(name);
  switch (c.kind) {
    case Cell::Kind::null:
      return std::nullopt;
    case Cell::Kind::integer:
      return std::to_string(c.integer);
    case Cell::Kind::real:
      return std::to_string(c.real);
    case Cell::Kind::text:
      return std::move(c.text);
    default:
      throw std::runtime_error("column is not text: " + std::string(name));
  }
}

std::string Row::str(std::string_view name, const std::string& fallback) const {
  // NULL and text stored as text, the common cases on SQLite, are answered straight from the
  // statement (a second look-up of the column would start past it and go round every column);
  // every other kind converts as opt_str does.
  if (stmt_) {
    sqlite_api::sqlite3_value* value =
        sqlite_api::sqlite3_column_value(statement(stmt_), static_cast<int>(sqlite_index(name)));
    const int type = sqlite_api::sqlite3_value_type(value);
    if (type == SQLITE_NULL) return fallback;
    if (type == SQLITE_TEXT) {
      const auto* text = reinterpret_cast<const char*>(sqlite_api::sqlite3_value_text(value));
      if (text) {
        return std::string(text, static_cast<std::size_t>(sqlite_api::sqlite3_value_bytes(value)));
      }
    }
  }
  auto v = opt_str(name);
  return v ? std::move(*v) : fallback;
}

std::int64_t Row::i64(std::string_view name, std::int64_t fallback) const {
  // NULL and an integer stored as one straight from the statement; every other kind as opt_i64
  // does.
  if (stmt_) {
    sqlite_api::sqlite3_value* value =
        sqlite_api::sqlite3_column_value(statement(stmt_), static_cast<int>(sqlite_index(name)));
    const int type = sqlite_api::sqlite3_value_type(value);
    if (type == SQLITE_NULL) return fallback;
    if (type == SQLITE_INTEGER) return sqlite_api::sqlite3_value_int64(value);
  }
  return opt_i64(name).value_or(fallback);
}

std::optional<std::string_view> Row::opt_view(std::string_view name) const {
  if (stmt_) {
    const std::size_t i = sqlite_index(name);
    sqlite_api::sqlite3_value* value =
        sqlite_api::sqlite3_column_value(statement(stmt_), static_cast<int>(i));
    const int type = sqlite_api::sqlite3_value_type(value);
    if (type == SQLITE_NULL) return std::nullopt;
    if (type == SQLITE_TEXT) {
      const auto* text = reinterpret_cast<const char*>(sqlite_api::sqlite3_value_text(value));
      if (text) {
        return std::string_view(text,
                                static_cast<std::size_t>(sqlite_api::sqlite3_value_bytes(value)));
      }
    }
  }
  auto text = opt_str(name);
  if (!text) return std::nullopt;
  // The column opt_str found (its look-up leaves the position after it), kept for this row.
  const std::size_t i = (stmt_ ? names_->next : hint) - 1;
  // One string per column, made once: growing the vector would move the strings that earlier
  // views of this row point into.
  if (held_.empty()) held_.resize(stmt_ ? names_->list.size() : soci_->size());
  held_[i] = std::move(*text);
  return std::string_view(held_[i]);
}

std::optional<double> Row::opt_double(std::string_view name) const {
  Cell c = cell(name);
  switch (c.kind) {
    case Cell::Kind::integer:
      return static_cast<double>(c.integer);
    case Cell::Kind::real:
      return c.real;
    case Cell::Kind::text:
      return std::stod(c.text);
    default:
      return std::nullopt;
  }
}

}  // namespace kaowu::db
