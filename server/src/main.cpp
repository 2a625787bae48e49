#include "cli/commands.hpp"

int main(int argc, char** argv) {
  return kaowu::cli::run(argc, argv);
}
