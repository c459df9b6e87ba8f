#include "cli/common_options.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string_view>

#include "io/encoding.hpp"
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

std::string one_line(const std::string& message) {
  std::string out;
  out.reserve(message.size());
  for (const unsigned char c : message) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      char code[8];
      std::snprintf(code, sizeof code, "\\x%02X", c);
      out += code;
    } else {
      out += static_cast<char>(c);
    }
  }
  constexpr std::size_t kMax = 1000, kHead = 600, kTail = 300;
  if (out.size() <= kMax) return out;
  const std::string_view head = io::utf8_head(out, kHead);
  const std::string_view tail = io::utf8_tail(out, kTail);
  return std::string(head) + "[... " + std::to_string(out.size() - head.size() - tail.size()) +
         " bytes left out ...]" + std::string(tail);
}

namespace {

// A path and, for a shapefile, the other files that belong to it.
std::vector<std::filesystem::path> with_parts(const std::string& path) {
  std::filesystem::path p(path);
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext != ".shp") return {p};
  std::vector<std::filesystem::path> parts;
  for (const char* e : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
    parts.push_back(std::filesystem::path(p).replace_extension(e));
  }
  return parts;
}

}  // namespace

std::vector<std::string> workspace_inputs(const Workspace& workspace) {
  std::vector<std::string> inputs = {workspace.path.string()};
  if (!workspace.rules.empty()) inputs.push_back(workspace.rules);
  for (const auto& [role, ref] : workspace.layers) inputs.push_back(ref.source);
  return inputs;
}

void refuse_input_as_output(const std::string& output, const std::vector<std::string>& inputs) {
  for (const auto& out : with_parts(output)) {
    for (const auto& input : inputs) {
      for (const auto& in : with_parts(input)) {
        std::error_code ec;
        if (std::filesystem::equivalent(out, in, ec) && !ec) {
          throw UsageError("'" + output + "': is an input ('" + in.string() +
                           "'); jigu never writes over its inputs, even with --overwrite");
        }
      }
    }
  }
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
      err << one_line("jigu: warning: " + key.first + ": " + std::to_string(list.size()) + " x " +
                      key.second + " (first: feature " + first.feature_id + ": " + first.message +
                      ")")
          << "\n";
      if (global.verbose) {
        for (std::size_t i = 1; i < list.size(); ++i) {
          err << one_line("jigu: warning: " + key.first + " feature " + list[i]->feature_id + ": " +
                          list[i]->message)
              << "\n";
        }
      }
    }
  }
  return global.strict ? static_cast<int>(ExitCode::ProblemsFound) : 0;
}

}  // namespace jigu::cli
