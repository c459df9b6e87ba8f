// One OGR layer opened read-only, yielding raw features: attribute strings exactly as stored
// (undecoded), geometries converted to jigu's structs in the layer's own CRS.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "handles/gdal_handles.hpp"
#include "handles/geometry_convert.hpp"
#include "handles/gpkg_table.hpp"
#include "jigu/feature_set.hpp"

namespace jigu::handles {

struct RawFeature {
  std::int64_t fid = 0;
  std::vector<AttributeValue> values;  ///< strings hold the stored bytes, not yet decoded
  OgrConversion status = OgrConversion::Empty;
  Geometry geometry;          ///< in the layer's CRS
  std::string geometry_type;  ///< the OGR type name, for messages
  OgrGeometry stored;         ///< GeometryRead::Keep: the OGR geometry as read, unconverted
  /// GeometryRead::Keep from a GeoPackage read through SQLite (GpkgTable): the geometry blob as
  /// stored, unparsed (empty for none); `stored` is then null. See convert_stored.
  std::string blob;
};

/// What `OgrLayer::next` does with a feature's geometry.
enum class GeometryRead {
  Skip,     ///< attributes only
  Convert,  ///< into RawFeature::geometry (status, geometry_type)
  Keep,     ///< into RawFeature::stored, to be converted later (e.g. on another thread)
};

/// Converts a kept geometry (an OGR geometry, a GeoPackage blob, or neither) into `geometry`,
/// `status` and `geometry_type`.
void convert_stored(const OgrGeometry& stored, const std::string& blob, RawFeature& out);

class OgrLayer {
 public:
  /// Opens `source` and picks `layer_name` (or the only layer). Shapefile text is read raw so
  /// that jigu decides the encoding. Throws InputError or UsageError (several layers, no name).
  OgrLayer(const std::string& source, const std::string& layer_name);
  ~OgrLayer();
  OgrLayer(OgrLayer&&) noexcept;
  OgrLayer& operator=(OgrLayer&&) noexcept;

  const std::string& driver() const { return m_driver; }
  const std::string& name() const { return m_name; }
  const std::vector<Field>& fields() const { return m_fields; }
  std::string geometry_type() const;
  std::int64_t feature_count() const;
  bool is_shapefile() const { return m_driver == "ESRI Shapefile"; }

  /// The file among the dataset's files with this extension (e.g. "cpg"), or "".
  std::string file_with_extension(const char* ext) const;

  /// The layer's CRS as WKT2, or nothing when it has none.
  std::optional<std::string> crs_wkt() const;

  /// Reads the next feature; false at the end. Throws InputError naming the feature when GDAL
  /// reports a failure while reading it (e.g. a truncated .shp).
  bool next(RawFeature& out, bool with_geometry) {
    return next(out, with_geometry ? GeometryRead::Convert : GeometryRead::Skip);
  }
  bool next(RawFeature& out, GeometryRead geometry);
  void reset();

  /// From the next read on, only features whose text field `field` holds exactly `value`,
  /// found by the layer's own filter (SQL in a GeoPackage read through SQLite, an OGR
  /// attribute filter otherwise). False, and nothing filtered, when the field is not text or
  /// the value not plain ASCII (stored bytes may be in another encoding): the caller then
  /// compares the decoded values itself.
  bool filter_equal(std::size_t field, const std::string& value);

 private:
  std::string where() const { return "'" + m_source + "' layer '" + m_name + "'"; }
  void check_record_counts() const;
  bool next_gpkg(RawFeature& out, GeometryRead geometry);
  std::string m_source;
  GdalDataset m_dataset;
  OGRLayerH m_layer = nullptr;
  std::string m_driver;
  std::string m_name;
  std::vector<Field> m_fields;
  /// A GeoPackage table read through SQLite rather than OGR, when it can be (see the
  /// constructor); null otherwise.
  std::unique_ptr<GpkgTable> m_gpkg;
};

/// Up to `max_bytes` of a small file (e.g. a .cpg), through GDAL's virtual file system.
std::optional<std::string> read_file_head(const std::string& path, std::size_t max_bytes);

}  // namespace jigu::handles
