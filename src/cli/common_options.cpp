#include "cli/common_options.hpp"

#include <map>

#include "jigu/error.hpp"

namespace jigu::cli {

void add_layer_flags(CLI::App& app, LayerFlags& flags) {
  app.add_option("-l,--layer", flags.layer, "Layer name, when the source has several");
  app.add_option("--s-crs", flags.source_crs,
                 "CRS of the input, overriding (or supplying) its own, e.g. EPSG:5174");
  app.add_option("--encoding", flags.encoding,
                 "Text encoding of the input's attributes, e.g. CP949 (default: .cpg, DBF code "
                 "page byte, then detection)");
  app.add_option("--invalid", flags.invalid, "What to do with invalid geometries")
      ->check(CLI::IsMember({"fail", "skip", "repair"}))
      ->capture_default_str();
  app.add_flag("--allow-ballpark", flags.allow_ballpark,
               "Accept a CRS transformation without a datum shift (hundreds of metres off)");
}

namespace {

std::filesystem::path workspace_path(const GlobalOptions& global) {
  return global.workspace.empty() ? default_workspace_path(global.exe_dir)
                                  : std::filesystem::path(global.workspace);
}

}  // namespace

std::string working_crs(const GlobalOptions& global) {
  if (global.workspace.empty() && !std::filesystem::exists(workspace_path(global))) {
    return ReadOptions{}.working_crs;
  }
  return load_workspace(global).crs;
}

Workspace load_workspace(const GlobalOptions& global) {
  const std::filesystem::path path = workspace_path(global);
  if (!std::filesystem::exists(path)) {
    throw InputError("'" + path.string() + "': no such workspace file" +
                     (global.workspace.empty() ? "; the shipped geodata is missing beside the "
                                                 "binary, name one with --workspace"
                                               : ""));
  }
  return jigu::load_workspace(path);
}

ReadOptions read_options(const LayerFlags& flags, const std::string& working_crs) {
  ReadOptions o;
  o.layer = flags.layer;
  o.source_crs = flags.source_crs;
  o.encoding = flags.encoding;
  o.invalid = parse_invalid_policy(flags.invalid);
  o.allow_ballpark = flags.allow_ballpark;
  o.working_crs = working_crs;
  return o;
}

int report_problems(const GlobalOptions& global, std::ostream& err,
                    const std::vector<Problem>& problems) {
  if (problems.empty()) return 0;
  if (!global.quiet) {
    // One line per (layer, kind): the count, then the first problem in full.
    std::map<std::pair<std::string, std::string>, std::vector<const Problem*>> groups;
    for (const auto& p : problems) groups[{p.layer, p.code}].push_back(&p);
    for (const auto& [key, list] : groups) {
      const Problem& first = *list.front();
      err << "jigu: warning: " << key.first << ": " << list.size() << " x " << key.second
          << " (first: feature " << first.feature_id << ": " << first.message << ")\n";
      if (global.verbose) {
        for (std::size_t i = 1; i < list.size(); ++i) {
          err << "jigu: warning: " << key.first << " feature " << list[i]->feature_id << ": "
              << list[i]->message << "\n";
        }
      }
    }
  }
  return global.strict ? static_cast<int>(ExitCode::ProblemsFound) : 0;
}

}  // namespace jigu::cli
