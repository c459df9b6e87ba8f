// Fuzz target: site input of `locate`/`check` (--point X,Y, --wkt, --geojson) with its --crs.
// Byte 0 picks the form (point, WKT, GeoJSON) and the CRS (EPSG:4326, EPSG:5186, EPSG:5174, or
// the first line of the input); the rest is the text. Every input either gives a site in the
// working CRS with finite coordinates, or an InputError/CrsError.
#include <cmath>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "jigu/locate.hpp"

namespace {

void check_site(const jigu::Site& site) {
  auto finite = [](const jigu::Point& p) { return std::isfinite(p.x) && std::isfinite(p.y); };
  if (site.geometry.empty()) jigu::fuzz::fail("an empty site geometry");
  for (const auto& p : site.geometry.points) {
    if (!finite(p)) jigu::fuzz::fail("a site point that is not finite");
  }
  for (const auto& poly : site.geometry.polygons) {
    if (poly.outer.size() < 4) jigu::fuzz::fail("a site ring with fewer than 4 points");
    for (const auto& p : poly.outer) {
      if (!finite(p)) jigu::fuzz::fail("a site vertex that is not finite");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned mode = data[0] % 3;
  const unsigned crs_choice = (data[0] >> 2) % 4;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string crs;
  switch (crs_choice) {
    case 0:
      crs = "EPSG:4326";
      break;
    case 1:
      crs = "EPSG:5186";
      break;
    case 2:
      crs = "EPSG:5174";
      break;
    default: {
      const auto newline = text.find('\n');
      if (newline == std::string::npos) return 0;
      crs = text.substr(0, newline);
      text.erase(0, newline + 1);
    }
  }
  jigu::fuzz::expect_clean([&] {
    switch (mode) {
      case 0:
        check_site(jigu::point_site(text, crs, "EPSG:5186"));
        break;
      case 1:
        check_site(jigu::wkt_site(text, crs, "EPSG:5186"));
        break;
      default:
        check_site(jigu::geojson_site(text, crs, "EPSG:5186"));
        break;
    }
  });
  return 0;
}
