// GeoPackage geometry blobs (GeoPackage 1.3, clause 2.1.3: "GP", version, flags, srs_id,
// envelope, then ISO WKB) to and from jigu's geometry, without OGR objects in between.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "handles/geometry_convert.hpp"
#include "jigu/geometry.hpp"

namespace jigu::handles {

/// Appends to `out` the blob of a non-empty `geometry`, in this machine's byte order, which the
/// flags and the WKB record. One point is a Point, several a MultiPoint; one polygon is a
/// Polygon, several a MultiPolygon, as GDAL writes them; rings go as they are. A single point
/// has no envelope (it is its own), the others an x/y one. Returns the envelope.
Box append_gpkg_blob(const Geometry& geometry, std::int32_t srs_id, std::string& out);

/// Reads a blob into `out` as from_ogr reads the same geometry from GDAL: points and polygons
/// (of a collection too), in x/y. Plain 2-D points and polygons are read here; anything else
/// (Z or M, curves, collections, the other byte order) through GDAL's WKB reader. A blob that
/// is not one is Unsupported. `type_name` is set when Unsupported: what the blob held.
OgrConversion read_gpkg_blob(const unsigned char* data, std::size_t size, Geometry& out,
                             std::string& type_name);

}  // namespace jigu::handles
