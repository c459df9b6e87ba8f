// Plain geometry types of jigu's public API: points and polygons in one planar CRS.
// No GDAL/GEOS/PROJ types appear here; conversions live in src/handles/.
#pragma once

#include <vector>

namespace jigu {

/// A position; x is easting (or longitude), y is northing (or latitude).
struct Point {
  double x = 0.0;
  double y = 0.0;
  friend bool operator==(const Point&, const Point&) = default;
};

/// A closed ring: the last point repeats the first.
using Ring = std::vector<Point>;

/// A polygon as jigu keeps it after reading: outer ring clockwise, holes counter-clockwise
/// (the shapefile and Boost.Geometry default), valid in the OGC sense.
struct Polygon {
  Ring outer;
  std::vector<Ring> holes;
};

using MultiPolygon = std::vector<Polygon>;

/// An axis-aligned box.
struct Box {
  Point min;
  Point max;
};

/// What a feature's geometry holds. Lines are not analysed by jigu.
enum class GeometryKind { Empty, Points, Polygons };

/// A feature's geometry: either a set of points or a set of polygons, never both.
struct Geometry {
  GeometryKind kind = GeometryKind::Empty;
  std::vector<Point> points;
  MultiPolygon polygons;

  bool empty() const { return kind == GeometryKind::Empty; }
  /// Makes it empty, keeping the vectors' memory for the next geometry put in it.
  void clear() {
    kind = GeometryKind::Empty;
    points.clear();
    polygons.clear();
  }
};

/// The bounding box of a geometry; an inverted box (min > max) when it is empty.
Box envelope(const Geometry& geometry);

/// Grows `box` to include `other`.
void expand(Box& box, const Box& other);

/// A box that contains nothing; `expand` it to accumulate extents.
Box empty_box();

/// Planar area in square units of the geometry's CRS (m² in the working CRS): each polygon's
/// shoelace area, holes subtracted, whatever the rings' orientation. Points and empty geometries
/// have area 0.
double planar_area(const Geometry& geometry);
double planar_area(const Polygon& polygon);

}  // namespace jigu
