// Runs the built `jigu` binary as a user would, capturing exit code, stdout and stderr.
#pragma once

#include <string>
#include <vector>

namespace jigu::test {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `program` with `args` (no shell interpretation of the arguments).
RunResult run_program(const std::string& program, const std::vector<std::string>& args);

/// Runs the built `jigu` with `args`.
RunResult run_jigu(const std::vector<std::string>& args);

}  // namespace jigu::test
