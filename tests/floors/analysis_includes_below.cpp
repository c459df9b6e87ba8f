// Must compile: analysis (floor 5) including headers of the floors below it, both a floor's own
// header and public ones. The control for the floors.*_refused tests: it fails when the floors'
// include directories are broken rather than enforced.
#include "geom/region_overlap.hpp"
#include "handles/geos_context.hpp"
#include "jigu/geometry.hpp"
#include "jigu/site.hpp"

int jigu_floor_probe_below() {
  return static_cast<int>(jigu::geom::RegionOverlap{}.decided);
}
