// The single list of jigu's commands and the command line built from it.
#include <fmt/format.h>

#include "cli/command.hpp"
#include "jigu/version.hpp"

namespace jigu::cli {

std::unique_ptr<Command> make_info_command();
std::unique_ptr<Command> make_area_command();
std::unique_ptr<Command> make_overlay_command();
std::unique_ptr<Command> make_locate_command();
std::unique_ptr<Command> make_classify_command();
std::unique_ptr<Command> make_export_command();
std::unique_ptr<Command> make_report_command();
std::unique_ptr<Command> make_rules_command();
std::unique_ptr<Command> make_check_command();
std::unique_ptr<Command> make_serve_command();

std::vector<std::unique_ptr<Command>> make_commands() {
  std::vector<std::unique_ptr<Command>> commands;
  commands.push_back(make_info_command());
  commands.push_back(make_area_command());
  commands.push_back(make_overlay_command());
  commands.push_back(make_locate_command());
  commands.push_back(make_classify_command());
  commands.push_back(make_export_command());
  commands.push_back(make_report_command());
  commands.push_back(make_rules_command());
  commands.push_back(make_check_command());
  commands.push_back(make_serve_command());
  return commands;
}

namespace {

std::string version_text() {
  const Versions v = versions();
  return fmt::format("jigu {}\nGDAL {}\nGEOS {}\nPROJ {} (EPSG database {})", v.jigu, v.gdal,
                     v.geos, v.proj, v.epsg);
}

}  // namespace

std::unique_ptr<CLI::App> make_app(GlobalOptions& global,
                                   std::vector<std::unique_ptr<Command>>& commands) {
  auto app = std::make_unique<CLI::App>(
      "jigu: zoning and land-use analysis for Seoul's special industrial districts", "jigu");
  app->set_version_flag("--version", version_text, "Print jigu's version and its libraries'");
  app->add_option("-w,--workspace", global.workspace,
                  "Workspace file (TOML); default: the shipped Seoul workspace");
  app->add_option("-f,--format", global.format, "Output format")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  app->add_flag("-q,--quiet", global.quiet, "No warnings or progress on stderr");
  app->add_flag("-v,--verbose", global.verbose, "List every data problem, not a summary");
  app->add_flag("--strict", global.strict, "Exit with code 3 when data problems were reported");
  app->require_subcommand(1);
  app->fallthrough();  // global flags may follow the subcommand
  for (auto& command : commands) {
    CLI::App* sub = app->add_subcommand(command->name(), command->summary());
    command->add_options(*sub);
  }
  return app;
}

}  // namespace jigu::cli
