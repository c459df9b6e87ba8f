#include "analysis/site_answer.hpp"

#include <algorithm>

#include "analysis/site_parts.hpp"
#include "jigu/error.hpp"

namespace jigu::analysis {

namespace {

void sort_hits(SiteAnswer& a) {
  std::sort(a.districts.begin(), a.districts.end(), [](const DistrictHit& x, const DistrictHit& y) {
    return x.share != y.share ? x.share > y.share : x.id < y.id;
  });
  // stable_sort asks for a buffer even for one element: an allocation for every point.
  if (a.zones.size() < 2) return;
  std::stable_sort(a.zones.begin(), a.zones.end(), [](const ZoneHit& x, const ZoneHit& y) {
    if (x.code.empty() != y.code.empty()) return y.code.empty();  // "(no zoning)" last
    return x.area_m2 != y.area_m2 ? x.area_m2 > y.area_m2 : x.code < y.code;
  });
}

ZoneHit no_zoning(double area, double share) {
  return ZoneHit{"", "(no zoning)", area, share};
}

}  // namespace

SiteAnswer answer_area(const SiteIndexes& idx, const Geometry& geometry, double inside_share,
                       SiteScratch& scratch) {
  SiteAnswer a;
  const PreparedSite site(geometry, scratch);
  a.area_m2 = site.area_m2();
  if (a.area_m2 <= 0.0) return a;
  const auto parts = site_parts(idx.zoning, site, true, scratch);
  a.crossed = parts.size() != 1 || parts.front().area_m2 != site.area_m2();
  double covered = 0.0;
  for (const auto& part : parts) {
    const Feature& z = idx.zoning.feature(part.index);
    auto it = std::find_if(a.zones.begin(), a.zones.end(),
                           [&](const ZoneHit& h) { return h.code == z.code; });
    if (it == a.zones.end()) it = a.zones.insert(a.zones.end(), ZoneHit{z.code, z.name, 0.0, 0.0});
    it->area_m2 += part.area_m2;
    covered += part.area_m2;
  }
  for (auto& z : a.zones) z.share = z.area_m2 / site.area_m2();
  const double uncovered = site.area_m2() - covered;
  if (uncovered > 1e-9 * site.area_m2()) {
    a.zones.push_back(no_zoning(uncovered, uncovered / site.area_m2()));
  } else if (uncovered < -1e-6 * site.area_m2()) {
    a.notes.push_back("zoning polygons overlap under this site; zone shares add up to more than 1");
  }
  for (const auto& part : site_parts(idx.districts, site, false, scratch)) {
    const Feature& d = idx.districts.feature(part.index);
    const double share = std::min(1.0, part.area_m2 / site.area_m2());
    a.districts.push_back(DistrictHit{d.id, d.name, part.area_m2, share,
                                      share >= inside_share ? "inside" : "partly inside"});
  }
  sort_hits(a);
  return a;
}

SiteAnswer answer_point(const SiteIndexes& idx, const Point& p, SiteScratch& scratch,
                        HitNames names) {
  // Without names, a hit reads no feature record of the zoning: only the cached code table.
  const auto name = [names](const geom::PolygonIndex& index, std::size_t i) {
    return names == HitNames::With ? index.feature(i).name : std::string();
  };
  SiteAnswer a;
  // Each covering() reuses the scratch's list: each is done with before the next.
  const auto& zones = covering(idx.zoning, p, scratch);
  if (zones.empty()) {
    a.zones.push_back(no_zoning(0.0, 1.0));
  } else {
    const std::size_t z = zones.front();
    a.zones.push_back(ZoneHit{idx.zoning.code(z), name(idx.zoning, z), 0.0, 1.0});
    if (zones.size() > 1) {
      std::string others;
      for (std::size_t k = 1; k < zones.size(); ++k) {
        others += (k > 1 ? ", " : "") + idx.zoning.code(zones[k]);
      }
      a.notes.push_back("the point lies on a zone boundary; it also touches " + others +
                        "; the zone listed is the first in the zoning layer's order");
    }
  }
  for (std::size_t i : covering(idx.districts, p, scratch)) {
    a.districts.push_back(
        DistrictHit{idx.districts.feature(i).id, name(idx.districts, i), 0.0, 1.0, "inside"});
  }
  const auto& under = covering(idx.parcels, p, scratch);
  if (!under.empty()) {
    a.parcel = idx.parcels.feature(under.front()).id;
    if (under.size() > 1) {
      a.notes.push_back(
          "the point lies on a parcel boundary; the parcel given is the first in "
          "the parcel layer's order");
    }
  }
  sort_hits(a);
  return a;
}

}  // namespace jigu::analysis
