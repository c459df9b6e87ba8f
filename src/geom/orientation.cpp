#include "geom/orientation.hpp"

#include "handles/geos_ops.hpp"

namespace jigu::geom {

int geos_orientation(const Point& p1, const Point& p2, const Point& q) {
  const int o = handles::geos_orientation_index(p1, p2, q);
  return o >= -1 && o <= 1 ? o : kOrientationUnsure;
}

}  // namespace jigu::geom
