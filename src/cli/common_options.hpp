// Flags several commands share (layer reading, CRS, encoding, invalid geometries) and the
// helpers that turn them into library options and print problems.
#pragma once

#include <CLI/CLI.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "jigu/feature_set.hpp"
#include "jigu/layer_reader.hpp"
#include "jigu/workspace.hpp"

namespace jigu::cli {

/// How to read an input layer given on the command line.
struct LayerFlags {
  std::string layer;
  std::string source_crs;
  std::string encoding;
  std::string invalid = "repair";
  bool allow_ballpark = false;
};

void add_layer_flags(CLI::App& app, LayerFlags& flags);

/// The workspace named by --workspace, or the shipped one. Throws InputError/UsageError.
Workspace load_workspace(const GlobalOptions& global);

/// The working CRS: the workspace's when one is named or shipped, else EPSG:5186.
std::string working_crs(const GlobalOptions& global);

/// Read options from the flags, in the workspace's working CRS.
ReadOptions read_options(const LayerFlags& flags, const std::string& working_crs);

/// A diagnostic as one short line, whatever the input it quotes holds: control characters
/// (line breaks, escape sequences) written as \n, \r, \t or \xNN, and a message longer than
/// 1000 bytes cut to its head and tail around a note of how much was left out.
std::string one_line(const std::string& message);

/// The files a workspace reads: the workspace file, its rules file and its layers' sources.
std::vector<std::string> workspace_inputs(const Workspace& workspace);

/// Throws UsageError when `output` (or a part of it, such as a shapefile's .dbf) is one of the
/// files of `inputs` (a shapefile input counts with its parts): an input is never overwritten,
/// even with --overwrite.
void refuse_input_as_output(const std::string& output, const std::vector<std::string>& inputs);

/// Prints one warning line per problem kind (with the first few feature ids) to `err` unless
/// quiet; returns the exit code the problems call for (3 with --strict, else 0).
int report_problems(const GlobalOptions& global, std::ostream& err,
                    const std::vector<Problem>& problems);

}  // namespace jigu::cli
