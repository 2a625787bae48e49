#include "modules/students/ledger.hpp"

#include "modules/students/repository.hpp"

namespace kaowu::students::ledger {

std::map<std::int64_t, Student> find_many(soci::session& sql,
                                          const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, Student> out;
  // In slices, so that a plan of 100k candidates never builds one huge IN list.
  constexpr std::size_t kSlice = 5000;
  for (std::size_t i = 0; i < ids.size(); i += kSlice) {
    std::vector<std::int64_t> part(
        ids.begin() + static_cast<std::ptrdiff_t>(i),
        ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + kSlice)));
    for (auto& s : repository::find_many(sql, part)) out.emplace(s.id, std::move(s));
  }
  return out;
}

std::optional<Student> find(soci::session& sql, std::int64_t id) {
  return repository::find(sql, id);
}

std::vector<Student> find_by_numbers(soci::session& sql,
                                     const std::vector<std::string>& student_nos,
                                     const std::vector<std::string>& id_numbers) {
  return repository::find_by_numbers(sql, student_nos, id_numbers);
}

std::optional<Student> find_by_no(soci::session& sql, std::int64_t college_id,
                                  const std::string& student_no) {
  auto id = repository::id_by_student_no(sql, student_no);
  if (!id) return std::nullopt;
  auto s = repository::find(sql, *id);
  if (!s || s->college_id != college_id) return std::nullopt;
  return s;
}

}  // namespace kaowu::students::ledger
