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

// Where the last column was found: rows are read column after column in select order, so the
// next one is usually right after it.
thread_local std::size_t hint = 0;
}  // namespace

std::size_t Row::sqlite_index(std::string_view name) const {
  const std::size_t n = names_->size();
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = (hint + k) % n;
    if ((*names_)[i] == name) {
      hint = i + 1;
      return i;
    }
  }
  no_column(name);
}

std::size_t Row::soci_index(std::string_view name) const {
  const std::size_t n = soci_->size();
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = (hint + k) % n;
    if (soci_->get_properties(i).get_name() == name) {
      hint = i + 1;
      return i;
    }
  }
  no_column(name);
}

std::optional<std::int64_t> Row::opt_i64(std::string_view name) const {
  if (stmt_) {
    const int i = static_cast<int>(sqlite_index(name));
    auto* st = statement(stmt_);
    switch (sqlite_api::sqlite3_column_type(st, i)) {
      case SQLITE_NULL:
        return std::nullopt;
      case SQLITE_INTEGER:
        return sqlite_api::sqlite3_column_int64(st, i);
      case SQLITE_FLOAT:
        return static_cast<std::int64_t>(sqlite_api::sqlite3_column_double(st, i));
      default: {
        const auto* text = reinterpret_cast<const char*>(sqlite_api::sqlite3_column_text(st, i));
        if (!text || !*text) return std::nullopt;
        return std::stoll(text);
      }
    }
  }
  const std::size_t i = soci_index(name);
  if (soci_->get_indicator(i) == soci::i_null) return std::nullopt;
  switch (soci_->get_properties(i).get_data_type()) {
    case soci::dt_integer:
      return soci_->get<int>(i);
    case soci::dt_long_long:
      return soci_->get<long long>(i);
    case soci::dt_unsigned_long_long:
      return static_cast<std::int64_t>(soci_->get<unsigned long long>(i));
    case soci::dt_double:
      return static_cast<std::int64_t>(soci_->get<double>(i));
    case soci::dt_string: {
      const std::string s = soci_->get<std::string>(i);
      if (s.empty()) return std::nullopt;
      return std::stoll(s);
    }
    default:
      throw std::runtime_error("column is not a number: " + std::string(name));
  }
}

std::optional<std::string> Row::opt_str(std::string_view name) const {
  if (stmt_) {
    const int i = static_cast<int>(sqlite_index(name));
    auto* st = statement(stmt_);
    switch (sqlite_api::sqlite3_column_type(st, i)) {
      case SQLITE_NULL:
        return std::nullopt;
      case SQLITE_INTEGER:
        return std::to_string(sqlite_api::sqlite3_column_int64(st, i));
      case SQLITE_FLOAT:
        return std::to_string(sqlite_api::sqlite3_column_double(st, i));
      default: {
        const auto* text = reinterpret_cast<const char*>(sqlite_api::sqlite3_column_text(st, i));
        const int bytes = sqlite_api::sqlite3_column_bytes(st, i);
        return std::string(text ? text : "", static_cast<std::size_t>(bytes));
      }
    }
  }
  const std::size_t i = soci_index(name);
  if (soci_->get_indicator(i) == soci::i_null) return std::nullopt;
  switch (soci_->get_properties(i).get_data_type()) {
    case soci::dt_string:
      return soci_->get<std::string>(i);
    case soci::dt_integer:
      return std::to_string(soci_->get<int>(i));
    case soci::dt_long_long:
      return std::to_string(soci_->get<long long>(i));
    case soci::dt_unsigned_long_long:
      return std::to_string(soci_->get<unsigned long long>(i));
    case soci::dt_double:
      return std::to_string(soci_->get<double>(i));
    default:
      throw std::runtime_error("column is not text: " + std::string(name));
  }
}

std::optional<double> Row::opt_double(std::string_view name) const {
  if (stmt_) {
    const int i = static_cast<int>(sqlite_index(name));
    auto* st = statement(stmt_);
    switch (sqlite_api::sqlite3_column_type(st, i)) {
      case SQLITE_NULL:
        return std::nullopt;
      case SQLITE_INTEGER:
      case SQLITE_FLOAT:
        return sqlite_api::sqlite3_column_double(st, i);
      default: {
        const auto* text = reinterpret_cast<const char*>(sqlite_api::sqlite3_column_text(st, i));
        return std::stod(text ? text : "");
      }
    }
  }
  const std::size_t i = soci_index(name);
  if (soci_->get_indicator(i) == soci::i_null) return std::nullopt;
  switch (soci_->get_properties(i).get_data_type()) {
    case soci::dt_double:
      return soci_->get<double>(i);
    case soci::dt_integer:
      return soci_->get<int>(i);
    case soci::dt_long_long:
      return static_cast<double>(soci_->get<long long>(i));
    case soci::dt_string:
      return std::stod(soci_->get<std::string>(i));
    default:
      return std::nullopt;
  }
}

}  // namespace kaowu::db
