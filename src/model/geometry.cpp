#include "jigu/geometry.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace jigu {

Box empty_box() {
  constexpr double inf = std::numeric_limits<double>::infinity();
  return Box{{inf, inf}, {-inf, -inf}};
}

void expand(Box& box, const Box& other) {
  box.min.x = std::min(box.min.x, other.min.x);
  box.min.y = std::min(box.min.y, other.min.y);
  box.max.x = std::max(box.max.x, other.max.x);
  box.max.y = std::max(box.max.y, other.max.y);
}

Box envelope(const Geometry& geometry) {
  Box box = empty_box();
  auto add = [&box](const Point& p) { expand(box, Box{p, p}); };
  std::for_each(geometry.points.begin(), geometry.points.end(), add);
  for (const auto& poly : geometry.polygons) {
    // Holes lie inside the outer ring, so the outer ring bounds the polygon.
    std::for_each(poly.outer.begin(), poly.outer.end(), add);
  }
  return box;
}

namespace {

// |area| of each ring, so the result does not depend on ring orientation. The shoelace sum runs
// on coordinates relative to the ring's first vertex, as GEOS's does: at Seoul's coordinates
// (x ~ 2e5, y ~ 5e5 m) raw products would lose the few digits a thin sliver's area is made of.
double ring_area(const Ring& ring) {
  if (ring.size() < 4) return 0.0;
  const Point o = ring.front();
  double sum = 0.0;
  for (std::size_t i = 1; i + 1 < ring.size(); ++i) {
    sum += (ring[i].x - o.x) * (ring[i + 1].y - ring[i - 1].y);
  }
  return 0.5 * std::abs(sum);
}

}  // namespace

double planar_area(const Polygon& polygon) {
  double area = ring_area(polygon.outer);
  for (const auto& h : polygon.holes) area -= ring_area(h);
  return area;
}

double planar_area(const Geometry& geometry) {
  double area = 0.0;
  for (const auto& p : geometry.polygons) area += planar_area(p);
  return area;
}

}  // namespace jigu
