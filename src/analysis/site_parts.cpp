#include "analysis/site_parts.hpp"

#include <algorithm>
#include <cmath>
#include <regex>

#include "geom/validity.hpp"
#include "handles/geometry_convert.hpp"
#include "handles/geos_ops.hpp"
#include "jigu/area.hpp"

namespace jigu::analysis {

PreparedSite::PreparedSite(const Geometry& site, SiteScratch& scratch)
    : m_site(site), m_scratch(scratch), m_box(envelope(site)), m_area(planar_area(site)) {
  scratch.site_edges.assign(site);
  // region_overlap relies on jigu's ring orientation; a site that breaks it goes to GEOS.
  double integral = 0.0;
  for (std::uint32_t r = 0; r < edges().rings().size(); ++r) {
    integral += edges().ring_integral(r, m_box.min);
  }
  m_own_kernel = m_area > 0.0 && std::abs(-integral - m_area) <= 1e-9 * m_area;
}

const GEOSGeometry* PreparedSite::geos() const {
  if (!m_geos) m_geos = handles::to_geos(handles::geos(), m_site);
  return m_geos.get();
}

namespace {

// What GEOS says of the site in polygon i, for the cases jigu's own kernel leaves undecided.
geom::RegionOverlap geos_overlap(const geom::PolygonIndex& index, std::size_t i,
                                 const PreparedSite& site) {
  geom::RegionOverlap r;
  r.decided = true;
  if (handles::geos_covers(index.prepared(i), site.geos())) {
    r.covers = true;
    r.area = site.area_m2();
    return r;
  }
  if (!handles::geos_intersects(index.prepared(i), site.geos())) return r;
  r.area = handles::geos_area(handles::geos_intersection(index.geos(i), site.geos()).get());
  return r;
}

// The parts from jigu's own kernel where it decides (`own`) and GEOS elsewhere. False when the
// parts of a partition add up to more than the site, which no true answer does.
bool collect_parts(const geom::PolygonIndex& index, const PreparedSite& site, bool partition,
                   bool own, SiteScratch& scratch, std::vector<Part>& parts) {
  parts.clear();
  double total = 0.0;
  for (std::size_t i : scratch.candidates) {
    ++scratch.counts.pairs;
    geom::RegionOverlap r;
    if (own) {
      r = geom::region_overlap(site.edges(), site.area_m2(), index.edges(i), index.area(i),
                               scratch.overlap);
    }
    if (!r.decided) {
      ++scratch.counts.to_geos;
      r = geos_overlap(index, i, site);
    }
    if (r.covers) {
      parts.push_back({i, site.area_m2()});
      if (partition) {
        // In a partition no other polygon can hold any of the site's area.
        parts.erase(parts.begin(), parts.end() - 1);
        return true;
      }
      continue;
    }
    if (r.area > 0.0) parts.push_back({i, r.area});
    total += r.area;
  }
  return !partition || total <= site.area_m2() * (1 + 1e-9);
}

}  // namespace

std::vector<Part> site_parts(const geom::PolygonIndex& index, const PreparedSite& site,
                             bool partition, SiteScratch& scratch) {
  std::vector<Part> parts;
  index.query(site.box(), scratch.candidates);
  if (!collect_parts(index, site, partition, site.own_kernel(), scratch, parts)) {
    ++scratch.counts.redone;
    collect_parts(index, site, partition, false, scratch, parts);  // GEOS decides them all
  }
  return parts;
}

const std::vector<std::size_t>& covering(const geom::PolygonIndex& index, const Point& p,
                                         SiteScratch& scratch) {
  std::vector<std::size_t>& out = scratch.covering;
  out.clear();
  const auto decide = [&](std::size_t i) {
    switch (index.locate(i, p)) {
      case geom::Where::Inside:
      case geom::Where::Boundary:
        out.push_back(i);
        break;
      case geom::Where::Outside:
        break;
      case geom::Where::Unsure: {
        // A point within rounding of an edge: GEOS decides with extended precision.
        if (handles::geos_covers(index.prepared(i), p)) out.push_back(i);
        break;
      }
    }
  };
  if (const geom::CellGrid* grid = index.point_grid()) {
    grid->visit(p, [&](std::size_t i, bool whole) {
      if (whole) {
        out.push_back(i);
      } else {
        decide(i);
      }
    });
    return out;
  }
  index.query(Box{p, p}, scratch.candidates);
  for (std::size_t i : scratch.candidates) decide(i);
  return out;
}

bool is_generic_zone(const std::string& code) {
  static const std::regex generic("UQA(000|01.|100|110|120|200|300|400|500|999)");
  return std::regex_match(code, generic);
}

bool has_generic_zones(const FeatureSet& zoning) {
  return std::any_of(zoning.features.begin(), zoning.features.end(),
                     [](const Feature& f) { return is_generic_zone(f.code); });
}

FeatureSet flatten_generic_zones(FeatureSet zoning) {
  const std::size_t n = zoning.features.size();
  std::vector<bool> generic(n);
  for (std::size_t i = 0; i < n; ++i) generic[i] = is_generic_zone(zoning.features[i].code);
  if (std::find(generic.begin(), generic.end(), true) == generic.end()) return zoning;
  const auto& ctx = handles::geos();
  std::vector<Geometry> cut(n);
  {
    geom::PolygonIndex index(zoning);
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < n; ++i) {
      const Geometry& g = zoning.features[i].geometry;
      if (!generic[i] || g.kind != GeometryKind::Polygons) continue;
      index.query(envelope(g), candidates);
      handles::GeosGeom rest = handles::to_geos(ctx, g);
      for (std::size_t j : candidates) {
        if (generic[j]) continue;
        rest = handles::geos_difference(rest.get(), index.geos(j));
      }
      cut[i] = handles::from_geos(ctx, rest.get());
      geom::normalize_orientation(cut[i]);
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
