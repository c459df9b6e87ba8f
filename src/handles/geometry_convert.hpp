// Conversions between jigu's geometry structs and OGR / GEOS geometries; the one file that
// knows all three representations.
#pragma once

#include <string>

#include "handles/gdal_handles.hpp"
#include "handles/geos_context.hpp"
#include "jigu/geometry.hpp"

namespace jigu::handles {

/// What an OGR geometry became.
enum class OgrConversion { Ok, Empty, Unsupported };

/// Converts an OGR geometry (curves are linearised; collections keep their polygons or points)
/// into `out`. Lines and mixed collections are Unsupported.
OgrConversion from_ogr(OGRGeometryH geometry, Geometry& out);

/// Sets `out.kind` from the points and polygons collected into it: Unsupported (and `out`
/// cleared) when it holds both, Empty when neither, else Ok.
OgrConversion settle_kind(Geometry& out);

/// An OGR geometry for `geometry`: (Multi)Polygon or (Multi)Point; an empty polygon when empty.
OgrGeometry to_ogr(const Geometry& geometry);

/// Parses WKT or a GeoJSON geometry object into `out` (in the text's own coordinates). Throws
/// InputError naming `what` with GDAL's reason; Unsupported types are an InputError too.
void from_wkt(const std::string& wkt, const std::string& what, Geometry& out);
void from_geojson(const std::string& json, const std::string& what, Geometry& out);

/// A GEOS (Multi)Polygon or (Multi)Point for `geometry`, in the given context.
GeosGeom to_geos(const GeosContext& ctx, const Geometry& geometry);
GeosGeom to_geos(const GeosContext& ctx, const Polygon& polygon);

/// The polygonal (or, for point input, punctual) part of a GEOS geometry; lower-dimension parts
/// are dropped. Rings are not reoriented here.
Geometry from_geos(const GeosContext& ctx, const GEOSGeometry* geometry);

}  // namespace jigu::handles
