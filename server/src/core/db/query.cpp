#include "core/db/query.hpp"

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

void Query::each(soci::session& sql, const std::string& select, const std::string& tail,
                 const std::function<void(const soci::row&)>& fn) const {
  soci::row row;
  soci::statement st(sql);
  bind(st);
  st.exchange(soci::into(row));
  st.alloc();
  st.prepare(select + " " + from_ + where_clause() + " " + tail);
  st.define_and_bind();
  if (!st.execute(true)) return;
  do {
    fn(row);
  } while (st.fetch());
}

}  // namespace kaowu::db
