// Runs every pair of valid polygonal A and B geometries of GEOS's XML test suite
// (tests/xmltester/tests in the GEOS sources, given as a folder) through jigu's parcel × zone
// kernel, taking A as the parcel and B as a zone and as a district, and compares each area with
// GEOS's intersection. A tool for finding failures while working on the kernel, not a test: the
// suite is not shipped here. Prints one line a disagreement and a summary.
//
//   jigu_overlap_vs_geos_xml DIR
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "analysis/site_parts.hpp"
#include "geom/validity.hpp"
#include "handles/geometry_convert.hpp"
#include "jigu/area.hpp"

namespace {

using namespace jigu;

// A geometry of the suite: WKT, or hex WKB.
handles::GeosGeom read(const handles::GeosContext& ctx, std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  const auto last = text.find_last_not_of(" \t\r\n");
  text = first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
  if (!text.empty() && std::isxdigit(static_cast<unsigned char>(text[0])) &&
      text.find('(') == std::string::npos) {
    GEOSWKBReader* r = GEOSWKBReader_create_r(ctx.get());
    GEOSGeometry* g = GEOSWKBReader_readHEX_r(
        ctx.get(), r, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    GEOSWKBReader_destroy_r(ctx.get(), r);
    return handles::GeosGeom(g, handles::GeosGeomDeleter{ctx.get()});
  }
  GEOSWKTReader* r = GEOSWKTReader_create_r(ctx.get());
  GEOSGeometry* g = GEOSWKTReader_read_r(ctx.get(), r, text.c_str());
  GEOSWKTReader_destroy_r(ctx.get(), r);
  return handles::GeosGeom(g, handles::GeosGeomDeleter{ctx.get()});
}

bool usable(const handles::GeosContext& ctx, const GEOSGeometry* g) {
  if (!g || GEOSisValid_r(ctx.get(), g) != 1 || GEOSisEmpty_r(ctx.get(), g) == 1) return false;
  const int type = GEOSGeomTypeId_r(ctx.get(), g);
  double area = 0.0;
  GEOSArea_r(ctx.get(), g, &area);
  return (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) && area > 0.0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: jigu_overlap_vs_geos_xml DIR (GEOS's tests/xmltester/tests)\n";
    return 2;
  }
  const auto& ctx = handles::geos();
  int pairs = 0, agree = 0, fallback = 0;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(argv[1])) {
    if (e.path().extension() == ".xml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    const std::string xml = text.str();
    int n = 0;
    // Each case's <a> and the <b> after it (std::regex recurses too deep for these files).
    for (std::size_t at = xml.find("<a>"); at != std::string::npos; at = xml.find("<a>", at), ++n) {
      const std::size_t a_end = xml.find("</a>", at);
      const std::size_t b = xml.find("<b>", a_end);
      const std::size_t b_end = xml.find("</b>", b);
      const std::size_t next_a = xml.find("<a>", at + 3);
      if (a_end == std::string::npos || b == std::string::npos || b_end == std::string::npos ||
          (next_a != std::string::npos && b > next_a)) {
        at += 3;
        continue;
      }
      const handles::GeosGeom ga = read(ctx, xml.substr(at + 3, a_end - at - 3));
      const handles::GeosGeom gb = read(ctx, xml.substr(b + 3, b_end - b - 3));
      at = b_end;
      if (!usable(ctx, ga.get()) || !usable(ctx, gb.get())) continue;
      ++pairs;
      Geometry a = handles::from_geos(ctx, ga.get());
      FeatureSet zones;
      zones.features.emplace_back();
      zones.features[0].geometry = handles::from_geos(ctx, gb.get());
      geom::normalize_orientation(a);
      geom::normalize_orientation(zones.features[0].geometry);
      const handles::GeosGeom piece =
          ctx.own(GEOSIntersection_r(ctx.get(), ga.get(), gb.get()), "intersection");
      double expected = 0.0;
      GEOSArea_r(ctx.get(), piece.get(), &expected);

      const geom::PolygonIndex index(zones);
      analysis::SiteScratch scratch;
      const analysis::PreparedSite site(a, scratch);
      const double tolerance = 1e-9 * site.area_m2();
      bool ok = true;
      for (bool partition : {true, false}) {
        double mine = 0.0;
        for (const auto& p : analysis::site_parts(index, site, partition, scratch))
          mine += p.area_m2;
        if (std::abs(mine - expected) > tolerance) {
          ok = false;
          std::cout << file.lexically_relative(argv[1]).string() << " pair " << n
                    << (partition ? " zone" : " district") << ": jigu " << mine << ", GEOS "
                    << expected << ", A " << site.area_m2() << "\n";
        }
      }
      agree += ok;
      if (site.own_kernel()) {
        geom::OverlapScratch overlap;
        fallback += !geom::region_overlap(site.edges(), site.area_m2(), index.edges(0),
                                          index.area(0), overlap)
                         .decided;
      } else {
        ++fallback;
      }
    }
  }
  std::cout << pairs << " pairs of valid polygons, " << agree << " agree with GEOS, " << fallback
            << " left to GEOS by jigu's kernel\n";
  return agree == pairs ? 0 : 1;
}
