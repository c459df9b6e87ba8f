// A site to analyse: a parcel, a point, or a polygon given as WKT or GeoJSON, in the working CRS.
#pragma once

#include <string>

#include "jigu/geometry.hpp"

namespace jigu {

/// A site to locate, already in the working CRS.
struct Site {
  enum class Kind { Parcel, Point, Geometry };
  Kind kind = Kind::Geometry;
  std::string label;   ///< e.g. "parcel 1144012000103950000", "point 126.922,37.552 (EPSG:4326)"
  std::string parcel;  ///< the parcel's id (PNU) when kind is Parcel
  Geometry geometry;
};

/// A site from "X,Y" in `crs` (default lon,lat in EPSG:4326), reprojected to `working_crs`.
/// Throws InputError for malformed numbers, CrsError for a CRS that cannot be used. Errors
/// begin with `name`, how the caller's user gave the input (a CLI flag, an HTTP key).
Site point_site(const std::string& xy, const std::string& crs, const std::string& working_crs,
                const std::string& name = "point");

/// A site from WKT, or from GeoJSON (a geometry or a Feature), in `crs`, reprojected to
/// `working_crs`. An invalid polygon is an InputError with GEOS's reason (repairing a site
/// would change the question). Errors begin with `name`, as for point_site.
Site wkt_site(const std::string& wkt, const std::string& crs, const std::string& working_crs,
              const std::string& name = "WKT");
Site geojson_site(const std::string& json, const std::string& crs, const std::string& working_crs,
                  const std::string& name = "GeoJSON");

}  // namespace jigu
