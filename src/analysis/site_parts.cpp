#include "analysis/site_parts.hpp"

#include <algorithm>
#include <regex>

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

std::vector<std::size_t> covering(const PolygonIndex& index, const Point& p,
                                  std::vector<std::size_t>& scratch) {
  const auto& ctx = handles::geos();
  std::vector<std::size_t> out;
  index.query(Box{p, p}, scratch);
  if (scratch.empty()) return out;
  handles::GeosGeom point = ctx.own(GEOSGeom_createPointFromXY_r(ctx.get(), p.x, p.y), "point");
  for (std::size_t i : scratch) {
    if (ctx.check_predicate(GEOSPreparedCovers_r(ctx.get(), index.prepared(i), point.get()),
                            "covers")) {
      out.push_back(i);
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
