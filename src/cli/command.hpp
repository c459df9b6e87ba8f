// The shape every `jigu` subcommand has, and the options shared by all of them.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace jigu::cli {

/// Options of the `jigu` command itself, valid before or after the subcommand.
struct GlobalOptions {
  std::string workspace;  ///< empty = the shipped Seoul workspace
  std::string format = "table";
  bool quiet = false;
  bool verbose = false;
  bool strict = false;
  std::filesystem::path exe_dir;  ///< where the running binary is, to find shipped data
};

/// Where a command writes: results to `out`, diagnostics to `err`.
struct Streams {
  std::ostream& out;
  std::ostream& err;
};

class Command {
 public:
  virtual ~Command() = default;
  virtual std::string name() const = 0;
  virtual std::string summary() const = 0;
  /// Binds the command's flags to its options; no I/O.
  virtual void add_options(CLI::App& app) = 0;
  /// Runs with the parsed options; returns the process exit code. Throws jigu::Error.
  virtual int run(const GlobalOptions& global, Streams streams) = 0;
};

/// Every command, in the order `--help` lists them (commands.cpp is the single list).
std::vector<std::unique_ptr<Command>> make_commands();

/// Builds the whole command line: global flags plus one subcommand per command. The returned
/// app refers to `global` and `commands`, which must outlive it.
std::unique_ptr<CLI::App> make_app(GlobalOptions& global,
                                   std::vector<std::unique_ptr<Command>>& commands);

}  // namespace jigu::cli
