#include "handles/geometry_convert.hpp"

#include <utility>
#include <vector>

#include "jigu/error.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>

namespace jigu::handles {

namespace {

Ring ring_from_ogr(OGRGeometryH ring) {
  const int n = OGR_G_GetPointCount(ring);
  Ring out(static_cast<std::size_t>(n));
  if (n > 0) {
    OGR_G_GetPoints(ring, &out[0].x, sizeof(Point), &out[0].y, sizeof(Point), nullptr, 0);
  }
  return out;
}

void polygon_from_ogr(OGRGeometryH polygon, MultiPolygon& out) {
  const int rings = OGR_G_GetGeometryCount(polygon);
  if (rings == 0) return;
  Polygon p;
  p.outer = ring_from_ogr(OGR_G_GetGeometryRef(polygon, 0));
  for (int i = 1; i < rings; ++i)
    p.holes.push_back(ring_from_ogr(OGR_G_GetGeometryRef(polygon, i)));
  out.push_back(std::move(p));
}

// Collects polygons and points of `g` into `out`; returns false on anything else.
bool collect(OGRGeometryH g, Geometry& out) {
  switch (wkbFlatten(OGR_G_GetGeometryType(g))) {
    case wkbPolygon:
      polygon_from_ogr(g, out.polygons);
      return true;
    case wkbPoint:
      if (!OGR_G_IsEmpty(g)) out.points.push_back({OGR_G_GetX(g, 0), OGR_G_GetY(g, 0)});
      return true;
    case wkbMultiPolygon:
    case wkbMultiPoint:
    case wkbGeometryCollection: {
      const int n = OGR_G_GetGeometryCount(g);
      for (int i = 0; i < n; ++i) {
        if (!collect(OGR_G_GetGeometryRef(g, i), out)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

GeosGeom ring_to_geos(const GeosContext& ctx, const Ring& ring) {
  GEOSCoordSequence* seq =
      GEOSCoordSeq_copyFromBuffer_r(ctx.get(), reinterpret_cast<const double*>(ring.data()),
                                    static_cast<unsigned int>(ring.size()), 0, 0);
  if (seq == nullptr) throw GeometryError("geos: cannot build a ring: " + ctx.last_error());
  return ctx.own(GEOSGeom_createLinearRing_r(ctx.get(), seq), "cannot build a ring");
}

Ring ring_from_geos(const GeosContext& ctx, const GEOSGeometry* ring) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx.get(), ring);
  unsigned int n = 0;
  if (seq == nullptr || !GEOSCoordSeq_getSize_r(ctx.get(), seq, &n)) {
    throw GeometryError("geos: cannot read a ring: " + ctx.last_error());
  }
  Ring out(n);
  if (n > 0 && !GEOSCoordSeq_copyToBuffer_r(ctx.get(), seq, &out[0].x, 0, 0)) {
    throw GeometryError("geos: cannot read a ring: " + ctx.last_error());
  }
  return out;
}

void collect_geos(const GeosContext& ctx, const GEOSGeometry* g, Geometry& out) {
  switch (GEOSGeomTypeId_r(ctx.get(), g)) {
    case GEOS_POLYGON: {
      if (GEOSisEmpty_r(ctx.get(), g)) return;
      Polygon p;
      p.outer = ring_from_geos(ctx, GEOSGetExteriorRing_r(ctx.get(), g));
      const int holes = GEOSGetNumInteriorRings_r(ctx.get(), g);
      for (int i = 0; i < holes; ++i) {
        p.holes.push_back(ring_from_geos(ctx, GEOSGetInteriorRingN_r(ctx.get(), g, i)));
      }
      out.polygons.push_back(std::move(p));
      return;
    }
    case GEOS_POINT: {
      if (GEOSisEmpty_r(ctx.get(), g)) return;
      Point p;
      GEOSGeomGetX_r(ctx.get(), g, &p.x);
      GEOSGeomGetY_r(ctx.get(), g, &p.y);
      out.points.push_back(p);
      return;
    }
    case GEOS_MULTIPOLYGON:
    case GEOS_MULTIPOINT:
    case GEOS_GEOMETRYCOLLECTION: {
      const int n = GEOSGetNumGeometries_r(ctx.get(), g);
      for (int i = 0; i < n; ++i) collect_geos(ctx, GEOSGetGeometryN_r(ctx.get(), g, i), out);
      return;
    }
    default:
      return;  // lines and rings: not area-bearing, dropped by design
  }
}

}  // namespace

OgrConversion from_ogr(OGRGeometryH geometry, Geometry& out) {
  out = Geometry{};
  if (geometry == nullptr || OGR_G_IsEmpty(geometry)) return OgrConversion::Empty;
  OgrGeometry linear;
  if (OGR_G_HasCurveGeometry(geometry, TRUE)) {
    linear.reset(OGR_G_GetLinearGeometry(geometry, 0, nullptr));
    geometry = static_cast<OGRGeometryH>(linear.get());
  }
  if (!collect(geometry, out)) {
    out = Geometry{};
    return OgrConversion::Unsupported;
  }
  return settle_kind(out);
}

OgrConversion settle_kind(Geometry& out) {
  if (!out.polygons.empty() && !out.points.empty()) {
    out = Geometry{};
    return OgrConversion::Unsupported;
  }
  if (!out.polygons.empty()) {
    out.kind = GeometryKind::Polygons;
  } else if (!out.points.empty()) {
    out.kind = GeometryKind::Points;
  } else {
    return OgrConversion::Empty;
  }
  return OgrConversion::Ok;
}

namespace {

OGRGeometryH ring_to_ogr(const Ring& ring) {
  OGRGeometryH r = OGR_G_CreateGeometry(wkbLinearRing);
  OGR_G_SetPoints(r, static_cast<int>(ring.size()), &ring[0].x, sizeof(Point), &ring[0].y,
                  sizeof(Point), nullptr, 0);
  return r;
}

OGRGeometryH polygon_to_ogr(const Polygon& polygon) {
  OGRGeometryH p = OGR_G_CreateGeometry(wkbPolygon);
  OGR_G_AddGeometryDirectly(p, ring_to_ogr(polygon.outer));
  for (const auto& h : polygon.holes) OGR_G_AddGeometryDirectly(p, ring_to_ogr(h));
  return p;
}

void check_conversion(OgrConversion status, const std::string& what) {
  if (status == OgrConversion::Unsupported) {
    throw InputError(what + ": only points and polygons are supported");
  }
  if (status == OgrConversion::Empty) throw InputError(what + ": the geometry is empty");
}

}  // namespace

OgrGeometry to_ogr(const Geometry& geometry) {
  if (geometry.kind == GeometryKind::Points) {
    if (geometry.points.size() == 1) {
      OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
      OGR_G_SetPoint_2D(p, 0, geometry.points[0].x, geometry.points[0].y);
      return OgrGeometry(p);
    }
    OGRGeometryH mp = OGR_G_CreateGeometry(wkbMultiPoint);
    for (const auto& pt : geometry.points) {
      OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
      OGR_G_SetPoint_2D(p, 0, pt.x, pt.y);
      OGR_G_AddGeometryDirectly(mp, p);
    }
    return OgrGeometry(mp);
  }
  if (geometry.polygons.size() == 1) return OgrGeometry(polygon_to_ogr(geometry.polygons[0]));
  OGRGeometryH mp = OGR_G_CreateGeometry(wkbMultiPolygon);
  for (const auto& p : geometry.polygons) OGR_G_AddGeometryDirectly(mp, polygon_to_ogr(p));
  return OgrGeometry(mp);
}

void from_wkt(const std::string& wkt, const std::string& what, Geometry& out) {
  CplMessageCollector messages;
  OGRGeometryH g = nullptr;
  char* cursor = const_cast<char*>(wkt.c_str());
  if (OGR_G_CreateFromWkt(&cursor, nullptr, &g) != OGRERR_NONE || g == nullptr) {
    throw InputError(what + ": not valid WKT" +
                     (messages.message().empty() ? "" : ": " + messages.message()));
  }
  OgrGeometry owned(g);
  check_conversion(from_ogr(g, out), what);
}

void from_geojson(const std::string& json, const std::string& what, Geometry& out) {
  CplMessageCollector messages;
  OGRGeometryH g = OGR_G_CreateGeometryFromJson(json.c_str());
  if (g == nullptr) {
    throw InputError(what + ": not a GeoJSON geometry" +
                     (messages.message().empty() ? "" : ": " + messages.message()));
  }
  OgrGeometry owned(g);
  check_conversion(from_ogr(g, out), what);
}

GeosGeom to_geos(const GeosContext& ctx, const Polygon& polygon) {
  GeosGeom shell = ring_to_geos(ctx, polygon.outer);
  std::vector<GeosGeom> holes;
  std::vector<GEOSGeometry*> raw;
  holes.reserve(polygon.holes.size());
  for (const auto& h : polygon.holes) {
    holes.push_back(ring_to_geos(ctx, h));
    raw.push_back(holes.back().get());
  }
  GEOSGeometry* made = GEOSGeom_createPolygon_r(ctx.get(), shell.get(), raw.data(),
                                                static_cast<unsigned int>(raw.size()));
  if (made != nullptr) {
    // The polygon now owns the rings.
    (void)shell.release();
    for (auto& h : holes) (void)h.release();
  }
  return ctx.own(made, "cannot build a polygon");
}

GeosGeom to_geos(const GeosContext& ctx, const Geometry& geometry) {
  std::vector<GeosGeom> parts;
  int type = GEOS_MULTIPOLYGON;
  if (geometry.kind == GeometryKind::Polygons) {
    if (geometry.polygons.size() == 1) return to_geos(ctx, geometry.polygons.front());
    for (const auto& p : geometry.polygons) parts.push_back(to_geos(ctx, p));
  } else if (geometry.kind == GeometryKind::Points) {
    type = GEOS_MULTIPOINT;
    for (const auto& p : geometry.points) {
      parts.push_back(
          ctx.own(GEOSGeom_createPointFromXY_r(ctx.get(), p.x, p.y), "cannot build a point"));
    }
    if (parts.size() == 1) return std::move(parts.front());
  } else {
    return ctx.own(GEOSGeom_createEmptyPolygon_r(ctx.get()), "cannot build an empty polygon");
  }
  std::vector<GEOSGeometry*> raw;
  for (auto& p : parts) raw.push_back(p.get());
  GEOSGeometry* made = GEOSGeom_createCollection_r(ctx.get(), type, raw.data(),
                                                   static_cast<unsigned int>(raw.size()));
  if (made != nullptr) {
    for (auto& p : parts) (void)p.release();
  }
  return ctx.own(made, "cannot build a collection");
}

Geometry from_geos(const GeosContext& ctx, const GEOSGeometry* geometry) {
  Geometry out;
  collect_geos(ctx, geometry, out);
  if (!out.polygons.empty()) {
    out.points.clear();
    out.kind = GeometryKind::Polygons;
  } else if (!out.points.empty()) {
    out.kind = GeometryKind::Points;
  }
  return out;
}

}  // namespace jigu::handles
