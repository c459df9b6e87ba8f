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

/// Runs `jigu` with `args` (no shell interpretation of the arguments).
RunResult run_jigu(const std::vector<std::string>& args);

}  // namespace jigu::test
