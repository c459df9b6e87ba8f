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

  /// One feature's fields made ready for this writer's output. Made by prepare() on any thread,
  /// written once by write(Row&, ...) of the same writer and freed on any thread; it must not
  /// outlive that writer.
  class Row {
   public:
    Row() noexcept;
    ~Row();
    Row(Row&&) noexcept;
    Row& operator=(Row&&) noexcept;

   private:
    friend class FeatureWriter;
    struct Free {
      void operator()(void* feature) const noexcept;
    };
    std::unique_ptr<void, Free> m_feature;
    const void* m_writer = nullptr;  // the writer that made it
    bool m_written = false;
  };

  /// Builds the row for one feature's `values` (parallel to the fields). Safe to call from
  /// several threads at once, also while another thread is in write(): it reads only what the
  /// constructor set up.
  Row prepare(const std::vector<AttributeValue>& values) const;

  /// Converts `geometry` (may be null) into the row and writes it; only this part must be
  /// serial. The geometry is converted here on purpose: converted on another thread earlier, its
  /// many small OGR objects are out of this thread's cache when the driver reads them, and that
  /// costs more than converting (1M classified parcels to GeoPackage: 18 % more CPU). The row
  /// stays the caller's (to free wherever it likes) and is spent: writing it twice, or a row of
  /// another writer, throws UsageError. Throws BackendError when the driver fails.
  void write(Row& row, const Geometry* geometry);

  /// Writes one feature (prepare() and write() in one); `values` parallel to the fields.
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
