#include "jigu/geometry.hpp"

#include <algorithm>
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

}  // namespace jigu
