#pragma once

#include "core/app.hpp"

namespace kaowu::cli {

//! Parses the command line (and KAOWU_* variables and the config file) and runs a subcommand.
int run(int argc, char** argv);

int serve(const Config& config, bool migrate);
int migrate(const Config& config);
//! Loads the demo data; with `if_empty`, only into a database without organisations.
int demo(const Config& config, bool if_empty);
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

//! Sets up logging: application messages to stderr, the access log as JSON lines to stdout.
void setup_logging(const Config& config);

}  // namespace kaowu::cli
