// The `jigu` command: parse, run one subcommand, and turn errors into exit codes. The only
// place that catches.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/command.hpp"
#include "cli/common_options.hpp"
#include "jigu/error.hpp"

namespace {

std::filesystem::path executable_dir(const char* argv0) {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) exe = std::filesystem::absolute(argv0, ec);
  return exe.parent_path();
}

}  // namespace

int main(int argc, char** argv) {
  using jigu::ExitCode;
  jigu::cli::GlobalOptions global;
  global.exe_dir = executable_dir(argv[0]);
  auto commands = jigu::cli::make_commands();
  auto app = jigu::cli::make_app(global, commands);
  try {
    app->parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app->exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app->exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app->exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << jigu::cli::one_line(std::string("jigu: ") + e.what() + "; see jigu --help")
              << '\n';
    return static_cast<int>(ExitCode::Usage);
  }
  jigu::cli::Command* selected = nullptr;
  for (auto& command : commands) {
    if (app->got_subcommand(command->name())) selected = command.get();
  }
  const std::string prefix = "jigu " + (selected ? selected->name() : std::string()) + ": ";
  try {
    return selected->run(global, {std::cout, std::cerr});
  } catch (const jigu::UsageError& e) {
    std::cerr << jigu::cli::one_line(prefix + e.what()) << '\n';
    return static_cast<int>(ExitCode::Usage);
  } catch (const jigu::Error& e) {
    std::cerr << jigu::cli::one_line(prefix + e.what()) << '\n';
    return static_cast<int>(ExitCode::Failure);
  } catch (const std::exception& e) {
    std::cerr << jigu::cli::one_line(prefix + "internal error: " + e.what() + "; please report it")
              << '\n';
    return static_cast<int>(ExitCode::Failure);
  }
}
