#include "handles/geos_ops.hpp"

#include "handles/geometry_convert.hpp"

namespace jigu::handles {

GeosGeom geos_intersection(const GEOSGeometry* a, const GEOSGeometry* b) {
  const auto& ctx = geos();
  return ctx.own(GEOSIntersection_r(ctx.get(), a, b), "intersection");
}

GeosGeom geos_union(const GEOSGeometry* a, const GEOSGeometry* b) {
  const auto& ctx = geos();
  return ctx.own(GEOSUnion_r(ctx.get(), a, b), "union");
}

GeosGeom geos_difference(const GEOSGeometry* a, const GEOSGeometry* b) {
  const auto& ctx = geos();
  return ctx.own(GEOSDifference_r(ctx.get(), a, b), "difference");
}

double geos_area(const GEOSGeometry* g) {
  double area = 0.0;
  GEOSArea_r(geos().get(), g, &area);
  return area;
}

GeosGeom geos_rectangle(const Box& box) {
  const auto& ctx = geos();
  return ctx.own(GEOSGeom_createRectangle_r(ctx.get(), box.min.x, box.min.y, box.max.x, box.max.y),
                 "box");
}

GeosPrepared geos_prepare(const GEOSGeometry* g) {
  const auto& ctx = geos();
  return GeosPrepared(GEOSPrepare_r(ctx.get(), g), GeosPreparedDeleter{ctx.get()});
}

bool geos_covers(const GEOSPreparedGeometry* a, const GEOSGeometry* b) {
  const auto& ctx = geos();
  return ctx.check_predicate(GEOSPreparedCovers_r(ctx.get(), a, b), "covers");
}

bool geos_covers(const GEOSPreparedGeometry* a, const Point& p) {
  const auto& ctx = geos();
  const GeosGeom point = ctx.own(GEOSGeom_createPointFromXY_r(ctx.get(), p.x, p.y), "point");
  return ctx.check_predicate(GEOSPreparedCovers_r(ctx.get(), a, point.get()), "covers");
}

bool geos_intersects(const GEOSPreparedGeometry* a, const GEOSGeometry* b) {
  const auto& ctx = geos();
  return ctx.check_predicate(GEOSPreparedIntersects_r(ctx.get(), a, b), "intersects");
}

int geos_orientation_index(const Point& p1, const Point& p2, const Point& q) {
  return GEOSOrientationIndex_r(geos().get(), p1.x, p1.y, p2.x, p2.y, q.x, q.y);
}

GeosValidity geos_validity(const Geometry& geometry) {
  const auto& ctx = geos();
  const GeosGeom g = to_geos(ctx, geometry);
  char* reason = nullptr;
  GEOSGeometry* where = nullptr;
  const char result = GEOSisValidDetail_r(ctx.get(), g.get(), 0, &reason, &where);
  GeosValidity v;
  if (result == 1) return v;
  v.valid = false;
  if (result == 2) {
    v.checked = false;
    v.reason = ctx.last_error();
    return v;
  }
  if (reason != nullptr) {
    v.reason = reason;
    GEOSFree_r(ctx.get(), reason);
  }
  if (where != nullptr) {
    const GeosGeom owned = ctx.own(where, "validity location");
    Point p;
    if (GEOSGeomGetX_r(ctx.get(), owned.get(), &p.x) &&
        GEOSGeomGetY_r(ctx.get(), owned.get(), &p.y)) {
      v.location = p;
    }
  }
  return v;
}

Geometry geos_make_valid(const Geometry& geometry) {
  const auto& ctx = geos();
  const GeosGeom g = to_geos(ctx, geometry);
  const GeosMakeValidParams params(GEOSMakeValidParams_create_r(ctx.get()),
                                   GeosMakeValidParamsDeleter{ctx.get()});
  GEOSMakeValidParams_setMethod_r(ctx.get(), params.get(), GEOS_MAKE_VALID_STRUCTURE);
  GEOSMakeValidParams_setKeepCollapsed_r(ctx.get(), params.get(), 0);
  const GeosGeom owned =
      ctx.own(GEOSMakeValidWithParams_r(ctx.get(), g.get(), params.get()), "make valid");
  return from_geos(ctx, owned.get());
}

}  // namespace jigu::handles
