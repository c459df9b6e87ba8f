// Writing a vector layer with GDAL: to a temporary file beside the target, renamed over it only
// when complete, so a failed or killed run never leaves a half-written output.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "handles/checked_files.hpp"
#include "handles/gdal_handles.hpp"
#include "handles/gpkg_rows.hpp"
#include "jigu/feature_set.hpp"
#include "jigu/feature_writer.hpp"

namespace jigu::handles {

/// The lower-case extension of a path, with its dot (".gpkg").
std::string lower_extension(const std::string& path);

class OgrWriter {
 public:
  /// Creates the temporary dataset and its layer with `fields`. Throws UsageError when `path`
  /// exists and overwrite is off, InputError when the folder is not writable.
  OgrWriter(std::string path, const std::string& layer_name, const std::vector<Field>& fields,
            const WriteOptions& options);
  ~OgrWriter();  ///< without commit(): removes the temporary files
  OgrWriter(const OgrWriter&) = delete;
  OgrWriter& operator=(const OgrWriter&) = delete;

  /// Writes one feature: `values` parallel to the fields, `geometry` may be null. Throws
  /// BackendError on failure.
  void write(const std::vector<AttributeValue>& values, const Geometry* geometry);

  /// Closes the dataset and renames it over the target path. Throws BackendError (e.g. disk
  /// full) after removing the temporary files.
  void commit(const std::function<void(const std::string&)>& check = {});

 private:
  OgrFeature make_feature(const std::vector<AttributeValue>& values) const;
  void insert(OGRFeatureH feature, const Geometry* geometry);
  void create(GDALDriverH driver, const std::string& layer_name, const std::vector<Field>& fields,
              const WriteOptions& options);
  void create_spatial_index();
  void abandon() noexcept;  ///< closes what is open and removes the temporary files
  void discard() noexcept;
  std::string said(const CplMessageCollector& messages) const;
  std::string m_path;
  std::string m_temp_path;
  std::string m_gdal_path;                  ///< m_temp_path as GDAL is given it
  std::unique_ptr<CheckedFiles> m_checked;  ///< for drivers that ignore failed writes; else null
  GdalDataset m_dataset;                    ///< closed before m_checked goes
  std::unique_ptr<GpkgRows> m_rows;         ///< a GeoPackage's rows (m_dataset is then closed)
  std::string m_table;                      ///< the GeoPackage's table, as GDAL named it
  bool m_spatial_index = false;             ///< whether commit() builds the GeoPackage's R-tree
  OGRLayerH m_layer = nullptr;
  OGRFeatureDefnH m_defn = nullptr;
  bool m_has_geometry = false;  ///< whether the layer has a geometry field
  std::vector<Field> m_fields;
  std::int64_t m_written = 0;  ///< features written, checked against the finished file
  bool m_read_back = true;     ///< whether commit() counts the features of the finished file
  bool m_committed = false;
};

}  // namespace jigu::handles
