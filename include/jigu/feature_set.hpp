// Features as read from a layer: attributes decoded to UTF-8, geometry in the working CRS,
// and the data problems met on the way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "jigu/geometry.hpp"

namespace jigu {

/// One attribute value; strings are always valid UTF-8.
using AttributeValue = std::variant<std::monostate, std::int64_t, double, std::string>;

enum class FieldType { Integer, Real, String, Date, Other };

struct Field {
  std::string name;
  FieldType type = FieldType::String;
};

const char* to_string(FieldType type);

/// A feature: `fid` is the source's feature id; `id`, `name` and `code` are the values of the
/// key fields the workspace names (`id` falls back to the fid when no id field is set).
struct Feature {
  std::int64_t fid = 0;
  std::string id;
  std::string name;
  std::string code;
  std::vector<AttributeValue> attributes;  ///< parallel to FeatureSet/LayerInfo::fields
  Geometry geometry;
};

/// An expected defect in the data, reported rather than thrown.
struct Problem {
  std::string layer;              ///< the source (and layer) it was found in
  std::string feature_id;         ///< the feature's id, or empty for layer-level problems
  std::string code;               ///< e.g. "invalid-geometry-repaired", "empty-geometry"
  std::string message;            ///< what is wrong, with the GEOS reason when there is one
  std::optional<Point> location;  ///< where, in the source CRS, when known
};

/// Counts of what happened to geometries while reading.
struct GeometryCounts {
  std::int64_t read = 0;      ///< features read
  std::int64_t valid = 0;     ///< valid as read
  std::int64_t repaired = 0;  ///< invalid and repaired with GEOS MakeValid
  std::int64_t skipped = 0;   ///< dropped (invalid with --invalid=skip, or unsupported type)
  std::int64_t empty = 0;     ///< null or empty geometry (kept, with an empty geometry)
};

/// Where the text encoding of a layer came from.
enum class EncodingOrigin { Override, Cpg, Ldid, Detected, Format };

struct EncodingInfo {
  std::string name;  ///< the encoding the text is decoded from, e.g. "CP949" or "UTF-8"
  EncodingOrigin origin = EncodingOrigin::Format;
  std::string note;  ///< how it was decided, e.g. ".cpg says EUC-KR; decoded as its superset CP949"
};

const char* to_string(EncodingOrigin origin);

/// How a layer's coordinates reach the working CRS.
struct CrsInfo {
  std::string source_name;         ///< the layer's CRS name, e.g. "Korea 2000 / Central Belt 2010"
  std::string source_id;           ///< "EPSG:5186" when identified, else empty
  bool source_overridden = false;  ///< the user named the source CRS (--s-crs)
  std::string working;             ///< the working CRS as given, e.g. "EPSG:5186"
  std::string working_name;        ///< its name
  std::string operation;           ///< the coordinate operation PROJ chose, or "none"
  std::string operation_id;        ///< its authority code when it has one
  double accuracy_m = -1.0;        ///< its stated accuracy in metres, -1 when unknown
  bool ballpark = false;           ///< true when it ignores a datum change (~360 m off in Seoul)
};

/// A description of an opened layer.
struct LayerInfo {
  std::string source;  ///< the dataset path as given
  std::string layer;   ///< the layer name
  std::string driver;  ///< GDAL driver short name
  std::string geometry_type;
  std::int64_t feature_count = -1;  ///< as the driver reports it; -1 when unknown
  std::vector<Field> fields;
  EncodingInfo encoding;
  CrsInfo crs;
};

/// All features of one layer, in the working CRS, in source order.
struct FeatureSet {
  LayerInfo info;
  std::vector<Feature> features;
  GeometryCounts counts;
  std::vector<Problem> problems;
  Box extent;  ///< of all geometries, in the working CRS

  /// Index of a field by name, or -1.
  int field_index(const std::string& name) const;
};

}  // namespace jigu
