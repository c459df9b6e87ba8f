// Reading a vector layer of any format GDAL/OGR reads into features in one working CRS:
// text decoded to UTF-8, coordinates reprojected with PROJ, geometries validated by GEOS.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "jigu/feature_set.hpp"

namespace jigu {

/// What to do with an invalid geometry.
enum class InvalidPolicy { Fail, Skip, Repair };

/// Parses "fail", "skip" or "repair"; throws UsageError otherwise.
InvalidPolicy parse_invalid_policy(const std::string& text);

/// How to open and convert a layer. Plain data; `validate()` checks it without I/O.
struct ReadOptions {
  std::string layer;     ///< layer name; empty = the dataset's only (or first) layer
  std::string id_field;  ///< key fields; empty = not used (id falls back to the fid)
  std::string name_field;
  std::string code_field;
  std::string encoding;    ///< override the text encoding, e.g. "CP949"; empty = detect
  std::string source_crs;  ///< override (or supply) the layer's CRS, e.g. "EPSG:5174"
  std::string working_crs = "EPSG:5186";  ///< a projected CRS in metres
  InvalidPolicy invalid = InvalidPolicy::Repair;
  bool allow_ballpark = false;  ///< accept a transformation without a datum shift
  bool load_geometry = true;    ///< false: attributes only (faster `info` of huge layers)
  bool require_crs = true;      ///< false: a layer without a CRS is read as is, unprojected

  /// Throws UsageError when the options cannot work together.
  void validate() const;
};

/// Streams the features of one layer. Construction opens the dataset, decides the encoding
/// and the coordinate operation; `next()` yields features one at a time, so memory stays
/// bounded however large the layer is. Move-only; not shareable between threads.
///
/// Throws InputError (unreadable or malformed data, undecodable text), CrsError (no CRS,
/// unknown CRS, ballpark transformation refused) or GeometryError (--invalid=fail).
class LayerReader {
 public:
  LayerReader(const std::string& source, const ReadOptions& options);
  ~LayerReader();
  LayerReader(LayerReader&&) noexcept;
  LayerReader& operator=(LayerReader&&) noexcept;
  LayerReader(const LayerReader&) = delete;
  LayerReader& operator=(const LayerReader&) = delete;

  const LayerInfo& info() const;

  /// Reads the next feature into `feature`; false at the end of the layer. Features whose
  /// geometry is skipped under the invalid policy are not returned (they are counted).
  bool next(Feature& feature);

  const GeometryCounts& counts() const;
  const std::vector<Problem>& problems() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// Reads a whole layer into memory (for small layers: districts, zoning, tests).
FeatureSet read_layer(const std::string& source, const ReadOptions& options);

}  // namespace jigu
