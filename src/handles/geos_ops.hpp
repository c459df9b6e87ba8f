// The GEOS operations the floors above use, on the calling thread's context: each returns an
// owned result or a plain value and throws GeometryError with GEOS's message when GEOS fails.
// geom/ and analysis/ call these, never GEOS itself.
#pragma once

#include <optional>
#include <string>

#include "handles/geos_context.hpp"
#include "jigu/geometry.hpp"

namespace jigu::handles {

GeosGeom geos_intersection(const GEOSGeometry* a, const GEOSGeometry* b);
GeosGeom geos_union(const GEOSGeometry* a, const GEOSGeometry* b);
GeosGeom geos_difference(const GEOSGeometry* a, const GEOSGeometry* b);
double geos_area(const GEOSGeometry* g);

/// The box as a GEOS polygon.
GeosGeom geos_rectangle(const Box& box);

/// A prepared copy of `g` (which must outlive it).
GeosPrepared geos_prepare(const GEOSGeometry* g);
bool geos_covers(const GEOSPreparedGeometry* a, const GEOSGeometry* b);
bool geos_covers(const GEOSPreparedGeometry* a, const Point& p);
bool geos_intersects(const GEOSPreparedGeometry* a, const GEOSGeometry* b);

/// GEOS's orientation of q against p1 -> p2 (-1, 0, 1), or 2 when GEOS reports none.
int geos_orientation_index(const Point& p1, const Point& p2, const Point& q);

/// GEOS's validity verdict: its reason and location when invalid; `checked` is false when GEOS
/// could not decide (the reason then says why).
struct GeosValidity {
  bool valid = true;
  bool checked = true;
  std::string reason;
  std::optional<Point> location;
};
GeosValidity geos_validity(const Geometry& geometry);

/// GEOS's MakeValid, the "structure" method with collapsed parts dropped.
Geometry geos_make_valid(const Geometry& geometry);

}  // namespace jigu::handles
