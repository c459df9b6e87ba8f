// Uses jigu's public API only: the planar and geodesic area of a parcel, and the zones it lies
// in. Prints "area <planar> <geodesic>" and one "zone <code> <share>" line per zone.
#include <cstdio>

#include "jigu/area.hpp"
#include "jigu/locate.hpp"

namespace {

// A rectangle in EPSG:5186 near Seoul City Hall (x ~ 198,000 m, y ~ 552,000 m).
jigu::Geometry rectangle(double x0, double y0, double x1, double y1) {
  jigu::Geometry g;
  g.kind = jigu::GeometryKind::Polygons;
  g.polygons.push_back({{{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}}, {}});
  return g;
}

jigu::Feature feature(const std::string& id, const std::string& code, jigu::Geometry g) {
  jigu::Feature f;
  f.id = id;
  f.code = code;
  f.geometry = std::move(g);
  return f;
}

}  // namespace

int main() {
  const double x = 198000.0, y = 552000.0;
  jigu::FeatureSet districts, zoning, parcels;
  districts.features.push_back(feature("D1", "", rectangle(x, y, x + 400, y + 400)));
  // Two zones meeting at x + 200; the parcel straddles that line, 30 m on the left, 10 m on
  // the right.
  zoning.features.push_back(feature("Z1", "UQA122", rectangle(x, y, x + 200, y + 400)));
  zoning.features.push_back(feature("Z2", "UQA210", rectangle(x + 200, y, x + 400, y + 400)));
  const jigu::Geometry parcel = rectangle(x + 170, y + 100, x + 210, y + 150);
  parcels.features.push_back(feature("1114010100100010000", "", parcel));

  const jigu::GeodesicArea geodesic("EPSG:5186");
  std::printf("area %.6f %.3f\n", jigu::planar_area(parcel), geodesic(parcel));

  const jigu::Locator locator(std::move(districts), std::move(zoning), std::move(parcels));
  const jigu::LocateResult r = locator.locate(locator.parcel_site("1114010100100010000"));
  for (const auto& z : r.zones) std::printf("zone %s %.6f\n", z.code.c_str(), z.share);
  return 0;
}
