// Writing features to any vector format GDAL writes, safely: to a temporary file beside the
// target, renamed over it only when complete, so a failed or killed run never leaves a
// half-written output and an existing file is replaced only when asked.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "jigu/feature_set.hpp"

namespace jigu {

struct WriteOptions {
  std::string driver;                      ///< GDAL short name, e.g. "GPKG", "GeoJSON"
  std::string crs;                         ///< the CRS of the coordinates written
  std::vector<std::string> layer_options;  ///< GDAL layer creation options, e.g. "RFC7946=YES"
  bool overwrite = false;
  bool with_geometry = true;
};

/// The GDAL driver for an output path by its extension (.gpkg, .shp, .geojson/.json, .csv,
/// .fgb), or "" when unknown.
std::string driver_for_path(const std::string& path);

class FeatureWriter {
 public:
  /// Creates the temporary output. Throws UsageError when `path` exists and overwrite is off,
  /// InputError when its folder is not writable, CrsError for an unknown CRS.
  FeatureWriter(const std::string& path, const std::string& layer_name,
                const std::vector<Field>& fields, const WriteOptions& options);
  ~FeatureWriter();  ///< without commit(): the temporary files are removed
  FeatureWriter(FeatureWriter&&) noexcept;
  FeatureWriter& operator=(FeatureWriter&&) noexcept;

  /// Writes one feature; `values` parallel to the fields, `geometry` may be null.
  /// Throws BackendError.
  void write(const std::vector<AttributeValue>& values, const Geometry* geometry);

  /// Finishes and renames into place. `check`, when given, is called with the path of the
  /// finished temporary file first and may throw to refuse it. Throws BackendError (e.g. a full
  /// disk), leaving no partial output.
  void commit(const std::function<void(const std::string&)>& check = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace jigu
