#include "geom/orientation.hpp"

#include "handles/geos_context.hpp"

namespace jigu::geom {

int geos_orientation(const Point& p1, const Point& p2, const Point& q) {
  const int o = GEOSOrientationIndex_r(handles::geos().get(), p1.x, p1.y, p2.x, p2.y, q.x, q.y);
  return o >= -1 && o <= 1 ? o : kOrientationUnsure;
}

}  // namespace jigu::geom
