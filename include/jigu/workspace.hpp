// The workspace file (TOML): which layers make up the analysis and their key fields.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "jigu/layer_reader.hpp"

namespace jigu {

/// One layer of a workspace. `source` is resolved against the workspace file's folder.
struct LayerRef {
  std::string role;    ///< "districts", "zoning", "parcels", ...
  std::string source;  ///< absolute or workspace-relative path, resolved on load
  std::string layer;
  std::string id_field;
  std::string name_field;
  std::string code_field;
  std::string official_area_field;  ///< districts: the official area in m²
  std::string encoding;             ///< override, when the data needs one
  std::string crs;                  ///< source CRS override, when the data needs one

  /// Read options for this layer on top of `base` (working CRS, policies).
  ReadOptions read_options(const ReadOptions& base) const;
};

struct Workspace {
  std::filesystem::path path;  ///< the file it was loaded from
  std::string name;
  std::string crs = "EPSG:5186";  ///< the working CRS
  std::string rules;              ///< path of the rules file, resolved; empty when none
  std::map<std::string, LayerRef> layers;

  /// The layer with this role; throws UsageError naming the workspace when it has none.
  const LayerRef& layer(const std::string& role) const;
};

/// Loads a workspace file. Throws InputError with file, line and column on a syntax error, or
/// naming the key on a missing or mistyped entry.
Workspace load_workspace(const std::filesystem::path& path);

/// The shipped Seoul workspace for a binary in `exe_dir`: `<exe_dir>/../share/jigu/geodata/
/// seoul/jigu.toml` (the same in the build tree and after installation).
std::filesystem::path default_workspace_path(const std::filesystem::path& exe_dir);

}  // namespace jigu
