#pragma once

// Test data for the service tests, one line each: an organisation, a college, a certificate, a
// published plan, an approved site, a student, registrations. Every call goes through the module's
// own service (or repository, where the service asks for a signed-in account), so the records are
// the ones the product would make, ledgers included. A failure stops the test where it happened.

#include <gtest/gtest.h>

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/audit.hpp"
#include "core/auth/scope.hpp"
#include "core/clock.hpp"
#include "modules/certificates/service.hpp"
#include "modules/organizations/repository.hpp"
#include "modules/plans/repository.hpp"
#include "modules/plans/service.hpp"
#include "modules/registrations/service.hpp"
#include "modules/sites/service.hpp"
#include "modules/students/repository.hpp"

namespace kaowu::testing {

//! A subject of a test certificate: its code, name and exam mode.
struct SubjectSpec {
  std::string code;
  std::string name;
  std::string mode = "机考";
};

//! A certificate as the tests use it: its id, its first level and that level's subjects.
struct CertificateRef {
  std::int64_t id = 0;
  std::int64_t level_id = 0;
  std::vector<std::int64_t> subject_ids;
};

class Builder {
 public:
  //! Records are made at `now` (business time).
  Builder(soci::session& sql, Timestamp now) : sql_(sql), now_(now) {}

  //! A training-and-evaluation organisation and a scope acting for it.
  Scope org(const std::string& name = "中联集团教育科技有限公司") {
    return organisation("org", Role::org, name);
  }
  //! A pilot college (本科院校) under `province`, if given, and a scope acting for it.
  Scope college(const std::string& name = "北京科技大学", const Scope* province = nullptr) {
    return organisation("college", Role::college, name,
                        province ? std::optional(province->org_id) : std::nullopt);
  }
  //! A provincial education department and a scope acting for it.
  Scope province(const std::string& name = "北京教育委员会") {
    return organisation("province", Role::province, name);
  }

  //! Gives the scope a signed-in account `username` of its role (the display name is the
  //! organisation's with 老师), for records that name who made them.
  void account(Scope& scope, const std::string& username) {
    long long org = scope.org_id, at = now_, id = 0;
    std::string user = username, display = scope.org_name + "老师", role = role_code(scope.role);
    sql_ << "INSERT INTO accounts(username, display_name, role, org_id, password_hash, created_at, "
            "updated_at) "
            "VALUES(:u, :d, :r, :o, 'x', :c, :c2) RETURNING id",
        soci::use(user), soci::use(display), soci::use(role), soci::use(org), soci::use(at),
        soci::use(at), soci::into(id);
    scope.account_id = id;
    scope.username = username;
    scope.display_name = display;
  }

  //! Who acts, for the audit trail; the actor stays valid as long as the builder.
  const audit::Actor& actor(const Scope& scope) {
    scopes_.push_back(scope);
    actors_.push_back(audit::Actor{&scopes_.back(), "", "127.0.0.1", ""});
    return actors_.back();
  }

  //! A certificate of `org` with one level (初级, fee 240) of `subjects` and its majors.
  CertificateRef certificate(
      const Scope& org,
      std::vector<SubjectSpec> subjects = {{"50000002202", "网店运营推广(实操)", "机考+实操"}},
      const std::string& code = "50000002",
      const std::string& name = "网店运营推广职业技能等级证书",
      std::vector<std::string> majors = {"电子商务"}) {
    nlohmann::json subject_list = nlohmann::json::array();
    for (const auto& s : subjects) {
      subject_list.push_back({{"code", s.code},
                              {"name", s.name},
                              {"mode", s.mode},
                              {"durationMinutes", 60},
                              {"fullMark", 100},
                              {"passMark", 60}});
    }
    auto cert = certificates::service::create(
        sql_, actor(org),
        {{"code", code},
         {"name", name},
         {"levels", {{{"level", "初级"}, {"fee", "240"}, {"subjects", subject_list}}}},
         {"majors", majors}},
        now_);
    EXPECT_TRUE(cert) << cert.error().message;
    if (!cert) return {};
    CertificateRef ref{cert->id, cert->levels.front().id, {}};
    for (const auto& s : cert->levels.front().subjects) ref.subject_ids.push_back(s.id);
    return ref;
  }

  //! A published 按证书报考 plan of `org` for the certificate's level, open to `colleges`:
  //! registration 2021-09-01 to 09-10, arranging 09-05 to 09-15, the subjects one after the other
  //! from 2021-09-18 08:00 (an hour each, half an hour apart).
  std::int64_t plan(const Scope& org, const CertificateRef& cert,
                    const std::vector<Scope>& colleges,
                    const std::string& name = "2021年9月第一批网店考试") {
    nlohmann::json subjects = nlohmann::json::array();
    int minutes = 8 * 60;
    for (auto id : cert.subject_ids) {
      subjects.push_back(
          {{"subjectId", id}, {"start", clock_text(minutes)}, {"end", clock_text(minutes + 60)}});
      minutes += 90;
    }
    nlohmann::json college_ids = nlohmann::json::array();
    for (const auto& c : colleges) college_ids.push_back(c.org_id);
    auto plan = plans::service::create(sql_, actor(org),
                                       {{"name", name},
                                        {"mode", "certificate"},
                                        {"windows",
                                         {{"registrationStart", "2021-09-01 00:00"},
                                          {"registrationEnd", "2021-09-10 18:00"},
                                          {"arrangingStart", "2021-09-05 00:00"},
                                          {"arrangingEnd", "2021-09-15 18:00"},
                                          {"scoreStart", "2021-09-19 00:00"},
                                          {"scoreEnd", "2021-09-25 18:00"},
                                          {"publicityStart", "2021-09-26 00:00"},
                                          {"publicityEnd", "2021-10-05 18:00"}}},
                                        {"levelIds", {cert.level_id}},
                                        {"subjects", subjects},
                                        {"collegeIds", college_ids}},
                                       now_);
    EXPECT_TRUE(plan) << plan.error().message;
    if (!plan) return 0;
    plans::repository::set_status(sql_, plan->id, "published", now_);
    return plan->id;
  }

  //! The college's 考核站点 for the certificate, applied for and approved by `org`.
  std::int64_t site(const Scope& college, const Scope& org, const CertificateRef& cert,
                    const std::string& region = "北京市北京市海淀区") {
    auto site = sites::service::apply(
        sql_, actor(college),
        {{"certificateId", cert.id}, {"region", region}, {"address", "学院路30号"}}, now_);
    EXPECT_TRUE(site) << site.error().message;
    if (!site) return 0;
    auto approved =
        sites::service::approve(sql_, actor(org), site->id, nlohmann::json::object(), now_);
    EXPECT_TRUE(approved) << approved.error().message;
    return site->id;
  }

  //! A 院校考生 of the college; the 考生编号 is the id number's first 14 digits.
  std::int64_t student(const Scope& college, const std::string& id_number,
                       const std::string& name = "王小二", const std::string& major = "电子商务") {
    students::Student s;
    s.college_id = college.org_id;
    s.student_no = id_number.substr(0, 14);
    s.name = name;
    s.gender = (id_number.size() == 18 && (id_number[16] - '0') % 2 == 1) ? "男" : "女";
    s.id_number = id_number;
    s.birth_date = id_number.size() == 18 ? id_number.substr(6, 4) + "-" + id_number.substr(10, 2) +
                                                "-" + id_number.substr(12, 2)
                                          : "";
    s.type = "院校考生";
    s.major = major;
    s.created_at = s.updated_at = now_;
    return students::repository::insert(sql_, s);
  }

  //! The student registered by the college for the plan's level: one registration per subject.
  std::vector<registrations::Registration> registrations(const Scope& college, std::int64_t plan_id,
                                                         std::int64_t student_id,
                                                         std::int64_t level_id) {
    auto added = registrations::service::add(
        sql_, actor(college),
        {{"planId", plan_id}, {"studentId", student_id}, {"levelId", level_id}}, now_);
    EXPECT_TRUE(added) << added.error().message;
    return added ? added.value() : std::vector<registrations::Registration>{};
  }

 private:
  // The scope as a session would give it: a province is its own province.
  Scope organisation(const std::string& type, Role role, const std::string& name,
                     std::optional<std::int64_t> province = std::nullopt) {
    organizations::Organization o;
    o.type = type;
    o.name = name;
    o.province_id = province;
    if (type == "college") o.college_type = "本科院校";
    o.created_at = o.updated_at = now_;
    Scope s;
    s.role = role;
    s.org_id = organizations::repository::insert(sql_, o);
    s.org_name = name;
    s.org_type = type;
    s.province_id = role == Role::province ? std::optional(s.org_id) : province;
    s.username = "test";
    s.display_name = name + "老师";
    return s;
  }

  static std::string clock_text(int minutes) {
    char text[32];
    std::snprintf(text, sizeof text, "2021-09-18 %02d:%02d", minutes / 60, minutes % 60);
    return text;
  }

  soci::session& sql_;
  Timestamp now_;
  std::deque<Scope> scopes_;
  std::deque<audit::Actor> actors_;
};

}  // namespace kaowu::testing
