#include "analysis/site_parts.hpp"

#include <algorithm>
#include <regex>

#include "analysis/orientation.hpp"
#include "analysis/validity.hpp"
#include "handles/geometry_convert.hpp"
#include "jigu/area.hpp"

namespace jigu::analysis {

PreparedSite prepare_site(const Geometry& site) {
  PreparedSite p;
  p.geometry = handles::to_geos(handles::geos(), site);
  p.box = envelope(site);
  p.area_m2 = planar_area(site);
  return p;
}

std::vector<Part> site_parts(const PolygonIndex& index, const PreparedSite& site, bool partition,
                             std::vector<std::size_t>& scratch) {
  const auto& ctx = handles::geos();
  std::vector<Part> parts;
  index.query(site.box, scratch);
  for (std::size_t i : scratch) {
    if (ctx.check_predicate(GEOSPreparedCovers_r(ctx.get(), index.prepared(i), site.geometry.get()),
                            "covers")) {
      parts.push_back({i, site.area_m2});
      if (partition) {
        // In a partition no other polygon can hold any of the site's area.
        parts.erase(parts.begin(), parts.end() - 1);
        return parts;
      }
      continue;
    }
    if (!ctx.check_predicate(
            GEOSPreparedIntersects_r(ctx.get(), index.prepared(i), site.geometry.get()),
            "intersects")) {
      continue;
    }
    handles::GeosGeom piece =
        ctx.own(GEOSIntersection_r(ctx.get(), index.geos(i), site.geometry.get()), "intersection");
    double area = 0.0;
    GEOSArea_r(ctx.get(), piece.get(), &area);
    if (area > 0.0) parts.push_back({i, area});
  }
  return parts;
}

namespace {

enum class Location { Outside, Covered, Unsure };

// Whether the closure of a polygonal geometry contains `p`: GEOS's ray-crossing count
// (RayCrossingCounter, as its prepared point-in-area locator runs it over every ring), without
// building GEOS objects. Unsure when an orientation is too close to call in doubles.
Location locate(const Geometry& g, const Point& p) {
  int crossings = 0;
  for (const auto& poly : g.polygons) {
    for (std::size_t r = 0; r <= poly.holes.size(); ++r) {
      const Ring& ring = r == 0 ? poly.outer : poly.holes[r - 1];
      for (std::size_t i = 1; i < ring.size(); ++i) {
        const Point& p1 = ring[i - 1];
        const Point& p2 = ring[i];
        if (p1.x < p.x && p2.x < p.x) continue;  // wholly left of the point
        if (p == p2) return Location::Covered;   // on a vertex
        if (p1.y == p.y && p2.y == p.y) {        // horizontal, at the point's height
          if (p.x >= std::min(p1.x, p2.x) && p.x <= std::max(p1.x, p2.x)) {
            return Location::Covered;
          }
          continue;
        }
        // Upward edges include their start and exclude their end, downward ones the opposite.
        if ((p1.y > p.y && p2.y <= p.y) || (p2.y > p.y && p1.y <= p.y)) {
          int orient = orientation_filter(p1, p2, p);
          if (orient == kOrientationUnsure) return Location::Unsure;
          if (orient == 0) return Location::Covered;  // on the edge
          if (p2.y < p1.y) orient = -orient;
          if (orient > 0) ++crossings;
        }
      }
    }
  }
  return crossings % 2 == 1 ? Location::Covered : Location::Outside;
}

}  // namespace

std::vector<std::size_t> covering(const PolygonIndex& index, const Point& p,
                                  std::vector<std::size_t>& scratch) {
  std::vector<std::size_t> out;
  index.query(Box{p, p}, scratch);
  for (std::size_t i : scratch) {
    switch (locate(index.feature(i).geometry, p)) {
      case Location::Covered:
        out.push_back(i);
        break;
      case Location::Outside:
        break;
      case Location::Unsure: {
        // A point within rounding of an edge: GEOS decides with extended precision.
        const auto& ctx = handles::geos();
        handles::GeosGeom point =
            ctx.own(GEOSGeom_createPointFromXY_r(ctx.get(), p.x, p.y), "point");
        if (ctx.check_predicate(GEOSPreparedCovers_r(ctx.get(), index.prepared(i), point.get()),
                                "covers")) {
          out.push_back(i);
        }
        break;
      }
    }
  }
  return out;
}

bool is_generic_zone(const std::string& code) {
  static const std::regex generic("UQA(000|01.|100|110|120|200|300|400|500|999)");
  return std::regex_match(code, generic);
}

FeatureSet flatten_generic_zones(FeatureSet zoning) {
  const std::size_t n = zoning.features.size();
  std::vector<bool> generic(n);
  for (std::size_t i = 0; i < n; ++i) generic[i] = is_generic_zone(zoning.features[i].code);
  if (std::find(generic.begin(), generic.end(), true) == generic.end()) return zoning;
  const auto& ctx = handles::geos();
  std::vector<Geometry> cut(n);
  {
    PolygonIndex index(zoning);
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < n; ++i) {
      const Geometry& g = zoning.features[i].geometry;
      if (!generic[i] || g.kind != GeometryKind::Polygons) continue;
      index.query(envelope(g), candidates);
      handles::GeosGeom rest = handles::to_geos(ctx, g);
      for (std::size_t j : candidates) {
        if (generic[j]) continue;
        rest = ctx.own(GEOSDifference_r(ctx.get(), rest.get(), index.geos(j)), "difference");
      }
      cut[i] = handles::from_geos(ctx, rest.get());
      normalize_orientation(cut[i]);
    }
  }
  std::vector<Feature> kept;
  for (std::size_t i = 0; i < n; ++i) {
    Feature& f = zoning.features[i];
    if (generic[i] && f.geometry.kind == GeometryKind::Polygons) {
      if (cut[i].empty()) continue;  // wholly overridden by specific zones
      f.geometry = std::move(cut[i]);
    }
    kept.push_back(std::move(f));
  }
  zoning.features = std::move(kept);
  return zoning;
}

}  // namespace jigu::analysis
