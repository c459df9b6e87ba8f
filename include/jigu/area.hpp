// Areas of polygons: planar in the working CRS and geodesic on its ellipsoid, side by side.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jigu/feature_set.hpp"
#include "jigu/geometry.hpp"

namespace jigu {

/// How areas were computed, said beside every figure jigu prints.
struct AreaMethod {
  std::string planar;    ///< e.g. "planar in EPSG:5186 (Korea 2000 / Central Belt 2010)"
  std::string geodesic;  ///< e.g. "geodesic on GRS 1980 (PROJ geod_polygonarea)"
};

/// Computes geodesic areas of geometries given in a projected working CRS, by mapping each
/// vertex back to longitude/latitude on the CRS's own ellipsoid and using PROJ's geodesic
/// routines (geod_polygonarea, after Karney 2013). Edges are taken as geodesics.
/// Not shareable between threads (it holds a PROJ operation); make one per thread.
class GeodesicArea {
 public:
  /// Throws CrsError when `working_crs` is unknown or not a projected CRS.
  explicit GeodesicArea(const std::string& working_crs);
  ~GeodesicArea();
  GeodesicArea(GeodesicArea&&) noexcept;
  GeodesicArea& operator=(GeodesicArea&&) noexcept;

  /// Area in m² on the ellipsoid.
  double operator()(const Geometry& geometry) const;
  double operator()(const Polygon& polygon) const;

  /// The ellipsoid's name, e.g. "GRS 1980".
  const std::string& ellipsoid_name() const;

  /// How planar and geodesic areas in this working CRS are computed, in words.
  AreaMethod method() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// Options of `measure_areas`.
struct AreaOptions {
  std::string by_field;             ///< sum areas by this field's value; empty = per feature
  std::string official_area_field;  ///< per feature: a field holding the official area in m²

  /// Throws UsageError when both are set (official areas are per feature).
  void validate() const;
};

/// One row of an area table: a feature, or a group of features sharing a field value.
struct AreaRow {
  std::string key;   ///< the feature id, or the group's field value
  std::string name;  ///< the feature name (empty for groups)
  std::int64_t count = 1;
  double planar_m2 = 0.0;
  double geodesic_m2 = 0.0;
  std::optional<double> official_m2;  ///< when an official-area field is set and filled
};

struct AreaSummary {
  AreaMethod method;
  std::string planar_key;     ///< column key naming the method, e.g. "planar_m2_epsg5186"
  std::string geodesic_key;   ///< e.g. "geodesic_m2_grs1980"
  std::vector<AreaRow> rows;  ///< per feature in source order, or groups sorted by key
};

/// Planar and geodesic areas of the polygon features of `features` (in their working CRS).
/// Throws UsageError for an unknown field, CrsError when the working CRS is not projected.
AreaSummary measure_areas(const FeatureSet& features, const AreaOptions& options);

}  // namespace jigu
