#pragma once

#include "modules/app.hpp"

namespace kaowu::cli {

//! Parses the command line (and KAOWU_* variables and the config file) and runs a subcommand.
int run(int argc, char** argv);

int serve(const Config& config, bool migrate);
int migrate(const Config& config);
//! Loads the demo data; with `if_empty`, only into a database without organisations; with
//! `minimal`, only the organisations and accounts (tests bring their own certificates and plans).
int demo(const Config& config, bool if_empty, bool minimal);
struct UserOptions {
  std::string action;  //!< create | reset-password | list
  std::string username;
  std::string password;
  std::string display_name;
  std::string role = "admin";
  std::string org;  //!< organisation id or name; admins default to the platform
  bool must_change = false;
};
int user(const Config& config, const UserOptions& options);
struct ArrangeOptions {
  std::string input;  //!< JSON problem; stdin when empty
  std::string
      output;  //!< where the result goes (stdout when empty); with `check`, the result to check
  bool check = false;
  std::int64_t plan = 0;  //!< with `check`: the stored arrangement of this plan in the database
};
//! Arranges an exam batch from JSON (exit 2 on malformed input), or with `check` validates a
//! result against its input and prints the violations (exit 1 when any).
int arrange(const ArrangeOptions& options);
//! Checks the stored arrangement of a plan in the configured database (exit 1 when a rule is
//! broken, 2 when the plan does not exist).
int arrange_check_plan(const Config& config, std::int64_t plan_id);

//! Copies the SQLite database of `config` into `output` while it may be serving (exit 1 on an
//! error); for PostgreSQL prints the pg_dump and pg_restore commands (exit 2).
int backup(const Config& config, const std::string& output, bool force);
//! Restores a backup into the SQLite database of `config`, refusing one with tables unless
//! `force`; for PostgreSQL prints the pg_restore command (exit 2).
int restore(const Config& config, const std::string& input, bool force);

//! Sets up logging: application messages to stderr, the access log as JSON lines to stdout.
void setup_logging(const Config& config);

}  // namespace kaowu::cli
