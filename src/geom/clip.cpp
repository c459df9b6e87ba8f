#include "geom/clip.hpp"

#include "geom/validity.hpp"
#include "handles/geometry_convert.hpp"
#include "handles/geos_ops.hpp"

namespace jigu::geom {

Geometry clip_to_box(const Geometry& geometry, const Box& box) {
  if (geometry.kind != GeometryKind::Polygons) return {};
  const Box e = envelope(geometry);
  if (e.min.x >= box.min.x && e.min.y >= box.min.y && e.max.x <= box.max.x &&
      e.max.y <= box.max.y) {
    return geometry;  // wholly inside: nothing to cut
  }
  if (e.max.x < box.min.x || e.min.x > box.max.x || e.max.y < box.min.y || e.min.y > box.max.y) {
    return {};
  }
  // GEOS's overlay, not its ClipByRect: that one is not robust where the boundary runs along the
  // box's sides (with a hole's vertices on a side, areas came out up to two thirds off) and may
  // return invalid rings.
  const auto& ctx = handles::geos();
  const handles::GeosGeom g = handles::to_geos(ctx, geometry);
  const handles::GeosGeom rect = handles::geos_rectangle(box);
  const handles::GeosGeom clipped = handles::geos_intersection(g.get(), rect.get());
  Geometry out = handles::from_geos(ctx, clipped.get());
  if (out.kind != GeometryKind::Polygons) return {};  // touching the box at points only
  normalize_orientation(out);
  return out;
}

}  // namespace jigu::geom
