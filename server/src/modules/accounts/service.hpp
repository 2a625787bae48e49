#pragma once

#include <soci/soci.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "core/audit.hpp"
#include "core/auth/sessions.hpp"
#include "core/error.hpp"
#include "modules/accounts/model.hpp"

namespace kaowu::accounts::service {

struct SignedIn {
  Account account;
  sessions::NewSession session;
};

//! Checks the password, throttled as sign_in_guard.hpp says (`per_minute` failures per address).
//! A wrong password and an unknown user name get the same answer.
Result<SignedIn> login(soci::session& sql, const std::string& username, const std::string& password,
                       const audit::Actor& actor, const std::string& user_agent, int per_minute,
                       Timestamp now);
void logout(soci::session& sql, const audit::Actor& actor, Timestamp now);
//! {account, permissions, sessionExpiresAt} for the caller.
Result<nlohmann::json> me(soci::session& sql, const Scope& scope, Timestamp now);
//! Old and new password; revokes every session and starts a fresh one.
Result<SignedIn> change_password(soci::session& sql, const audit::Actor& actor,
                                 const std::string& old_password, const std::string& new_password,
                                 const std::string& user_agent, Timestamp now);

struct NewAccount {
  std::string username;
  std::string display_name;
  std::string role;
  std::int64_t org_id = 0;
  std::string phone;
  std::string password;  //!< generated when empty
  bool must_change_password = true;
};
struct Created {
  Account account;
  std::string password;  //!< shown once
};
//! Creates an account; the role must fit the organisation's type. Audited.
Result<Created> create(soci::session& sql, const audit::Actor& actor, const NewAccount& input,
                       Timestamp now);
Result<NewAccount> parse_new_account(const nlohmann::json& body);

nlohmann::json list(soci::session& sql, const Filter& filter, int page, int page_size,
                    Timestamp now);
Result<Account> get(soci::session& sql, std::int64_t id);
//! The id of the account with this user name.
std::optional<std::int64_t> find_id(soci::session& sql, const std::string& username);
//! Name, phone, enabled. Disabling ends the account's sessions.
Result<Account> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                       const nlohmann::json& body, Timestamp now);
//! A new random password the user must change at first sign-in; ends the account's sessions.
Result<std::string> reset_password(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                                   const std::string& password, Timestamp now);
//! Lifts every sign-in wait of the account's user name (all addresses). Audited.
Result<Account> unlock(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                       Timestamp now);
//! The addresses with failed sign-ins to the account in the last day, newest first.
Result<nlohmann::json> sign_in_failures(soci::session& sql, std::int64_t id, Timestamp now);

// Student accounts (login = 考生编号), kept in step with the roster by the students module. A
// student account starts without a password, so nobody can sign in with it until the college
// issues an initial password, which must be changed at first sign-in. Nothing is hashed while a
// roster is imported: a password costs an argon2 hash (19 MiB, t=2) and is made only on issue.

//! Creates or updates the account of a student of `college_id` in the caller's transaction:
//! `old_no` (empty for a new student) is the 考生编号 the account had, `student_no` the one it
//! gets. A 考生编号 that is another account's user name is refused.
Status sync_student(soci::session& sql, std::int64_t college_id, const std::string& old_no,
                    const std::string& student_no, const std::string& name,
                    const std::string& phone, Timestamp now);
//! For imports: the 考生编号 among `student_nos` that are some account's user name already.
std::set<std::string> taken_student_logins(soci::session& sql,
                                           const std::vector<std::string>& student_nos);
struct StudentLogin {
  std::string student_no, name, phone;
};
//! For imports: password-less accounts for new students of `college_id` whose 考生编号 no account
//! has (checked with taken_student_logins); one prepared statement for all.
void create_student_logins(soci::session& sql, std::int64_t college_id,
                           const std::vector<StudentLogin>& students, Timestamp now);
//! The roster entry is gone: an account that never signed in is deleted; one that did is disabled,
//! its sessions ended and its user name freed (its history stays in the audit log).
void remove_student(soci::session& sql, std::int64_t college_id, const std::string& student_no,
                    Timestamp now);
//! A new initial password for a student's account (created first when missing), to be changed at
//! first sign-in; ends the account's sessions. Audited. Returns the account and the password.
Result<Created> issue_student_password(soci::session& sql, const audit::Actor& actor,
                                       std::int64_t college_id, const std::string& student_no,
                                       const std::string& name, const std::string& phone,
                                       Timestamp now);
//! The state of each student's account, by 考生编号: "none" (no account), "no_password" (initial
//! password not issued), "must_change" (issued, not yet changed), "active" or "disabled".
//! `students` holds (college id, 考生编号) pairs.
std::map<std::string, std::string> student_account_states(
    soci::session& sql, const std::vector<std::pair<std::int64_t, std::string>>& students);

// Teacher accounts (1+X 师资培训门户, seed 7.1): the user name is the teacher's phone number, kept
// in step with the teachers module, which sends the initial password by SMS (TCH-1).

//! Whether `username` is some account's user name (a teacher's phone must not be one already).
bool username_taken(soci::session& sql, const std::string& username);
//! Creates a teacher's account for `college_id` with a random initial password that must be
//! changed at first sign-in, in the caller's transaction. A phone that is a user name already is
//! refused. Returns the account and the password (to be sent, never stored).
Result<Created> create_teacher(soci::session& sql, std::int64_t college_id,
                               const std::string& phone, const std::string& name, Timestamp now);
//! A new initial password for a teacher's account: the old one stops working, sessions end, and
//! it must be changed at the next sign-in.
Result<std::string> reissue_teacher_password(soci::session& sql, std::int64_t account_id,
                                             Timestamp now);
//! The account follows the teacher's phone (its user name) and name; a phone that is another
//! account's user name is refused.
Status rename_teacher(soci::session& sql, std::int64_t account_id, const std::string& phone,
                      const std::string& name, Timestamp now);
//! Enables or disables a teacher's account; disabling ends its sessions.
void set_teacher_enabled(soci::session& sql, std::int64_t account_id, bool enabled, Timestamp now);
struct TeacherLogin {
  bool activated = false;  //!< signed in and changed the initial password
  std::optional<Timestamp> activated_at;
};
//! The activation of each account of `account_ids`.
std::map<std::int64_t, TeacherLogin> teacher_logins(soci::session& sql,
                                                    const std::vector<std::int64_t>& account_ids);
//! The ids of the teacher accounts (of `college_id`, or all) whose initial password was changed.
std::vector<std::int64_t> activated_teacher_accounts(soci::session& sql,
                                                     std::optional<std::int64_t> college_id);

}  // namespace kaowu::accounts::service
