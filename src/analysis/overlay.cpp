#include "jigu/overlay.hpp"

namespace jigu {

std::vector<OverlayRow> overlay(const Locator& locator) {
  std::vector<OverlayRow> rows;
  for (const auto& d : locator.districts().features) {
    if (d.geometry.kind != GeometryKind::Polygons) continue;
    const LocateResult r =
        locator.locate(Site{Site::Kind::Geometry, "district " + d.id, "", d.geometry});
    for (const auto& z : r.zones) {
      rows.push_back(OverlayRow{d.id, d.name, r.site_area_m2, z.code, z.name, z.area_m2, z.share});
    }
  }
  return rows;
}

}  // namespace jigu
