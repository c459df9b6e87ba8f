// Parcel × zone areas where boundaries coincide or nearly do (tests/unit/analysis/
// shared_boundary_cases.hpp makes the cases), compared part by part with GEOS's intersection
// areas: through site_parts as classify, locate, check and report call it, over the zoning as a
// partition and as overlapping districts, at Seoul coordinates and near zero.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <sstream>

#include "analysis/site_parts.hpp"
#include "handles/geometry_convert.hpp"
#include "shared_boundary_cases.hpp"

namespace jigu::analysis {
namespace {

using testing::BoundaryCase;
using testing::CaseKind;
using testing::kCaseKinds;
using testing::kJitters;
using testing::SharedBoundaryCases;

struct Tally {
  int compared = 0;
  int wrong = 0;  ///< parcels with a part that differs from GEOS's
  int invalid = 0;
  int fallback = 0;  ///< pairs jigu's own kernel left to GEOS
  int pairs = 0;
};

// GEOS's area of parcel ∩ zone i.
double geos_area(const geom::PolygonIndex& index, std::size_t i, const GEOSGeometry* parcel) {
  const auto& ctx = handles::geos();
  const handles::GeosGeom piece =
      ctx.own(GEOSIntersection_r(ctx.get(), index.geos(i), parcel), "intersection");
  double area = 0.0;
  GEOSArea_r(ctx.get(), piece.get(), &area);
  return area;
}

std::string describe(const BoundaryCase& c, std::uint64_t seed, int n) {
  std::ostringstream jitter;
  jitter << c.jitter;
  return std::string(testing::case_kind_name(c.kind)) + " jitter " + jitter.str() + " seed " +
         std::to_string(seed) + " case " + std::to_string(n);
}

// The area that moving the site's boundary by one unit in the last place of its coordinates
// makes: what no computation from those coordinates, GEOS's included, can pin down. It matters
// only for slivers (at Seoul's coordinates, about 1.2e-10 m times the perimeter).
double coordinate_rounding(const PreparedSite& site) {
  const Box& box = site.box();
  const double scale = std::max(
      {std::abs(box.min.x), std::abs(box.max.x), std::abs(box.min.y), std::abs(box.max.y)});
  double perimeter = 0.0;
  for (const Polygon& p : site.geometry().polygons) {
    for (std::size_t r = 0; r <= p.holes.size(); ++r) {
      const Ring& ring = r == 0 ? p.outer : p.holes[r - 1];
      for (std::size_t k = 1; k < ring.size(); ++k) {
        perimeter += std::hypot(ring[k].x - ring[k - 1].x, ring[k].y - ring[k - 1].y);
      }
    }
  }
  return (std::nextafter(scale, 2 * scale + 1) - scale) * perimeter;
}

// Compares the site's parts with GEOS's; returns how many zones differ, reporting the first few.
int compare_parts(const geom::PolygonIndex& index, const PreparedSite& site, bool partition,
                  SiteScratch& scratch, const std::string& what, int& reported) {
  const std::vector<Part> parts = site_parts(index, site, partition, scratch);
  std::vector<std::size_t> candidates;
  index.query(site.box(), candidates);
  const double tolerance = std::max(1e-9 * site.area_m2(), coordinate_rounding(site));
  int wrong = 0;
  for (std::size_t i : candidates) {
    double mine = 0.0;
    for (const Part& p : parts) {
      if (p.index == i) mine = p.area_m2;
    }
    const double expected = geos_area(index, i, site.geos());
    if (std::abs(mine - expected) <= tolerance) continue;
    ++wrong;
    if (++reported <= 10) {
      ADD_FAILURE() << what << (partition ? " (partition)" : " (districts)") << ": zone " << i
                    << " part " << mine << " m², GEOS " << expected << " m², parcel "
                    << site.area_m2() << " m²";
    }
  }
  return wrong;
}

void run_fabric(std::uint64_t seed, Point origin, int per_kind,
                std::map<std::pair<int, double>, Tally>& tallies, int& reported) {
  SharedBoundaryCases cases(seed, origin);
  const auto& ctx = handles::geos();
  for (const Feature& z : cases.zoning().features) {
    ASSERT_TRUE(geom::check_validity(z.geometry).valid) << "zone " << z.id << " seed " << seed;
  }
  const geom::PolygonIndex index(cases.zoning());
  SiteScratch scratch;
  geom::OverlapScratch overlap;
  std::vector<std::size_t> candidates;
  for (int kind = 0; kind < kCaseKinds; ++kind) {
    for (double jitter : kJitters) {
      Tally& t = tallies[{kind, jitter}];
      for (int n = 0; n < per_kind; ++n) {
        const BoundaryCase c = cases.next(static_cast<CaseKind>(kind), jitter);
        const handles::GeosGeom g = handles::to_geos(ctx, c.parcel);
        if (GEOSisValid_r(ctx.get(), g.get()) != 1) {
          ++t.invalid;
          continue;
        }
        const PreparedSite site(c.parcel, scratch);
        const std::string what = describe(c, seed, n);
        const int wrong = compare_parts(index, site, true, scratch, what, reported) +
                          compare_parts(index, site, false, scratch, what, reported);
        t.wrong += wrong > 0;
        index.query(site.box(), candidates);
        for (std::size_t i : candidates) {
          ++t.pairs;
          t.fallback += !geom::region_overlap(site.edges(), site.area_m2(), index.edges(i),
                                              index.area(i), overlap)
                             .decided;
        }
        ++t.compared;
      }
    }
  }
}

TEST(SharedBoundaries, PartsEqualGeosAlongZoneEdges) {
  std::map<std::pair<int, double>, Tally> tallies;
  int reported = 0;
  constexpr int kFabrics = 12;
  for (std::uint64_t seed = 1; seed <= kFabrics; ++seed) {
    // Seoul coordinates in EPSG:5186 (multiples of 1/64 m), and coordinates near zero.
    const Point origin = seed % 2 ? Point{201234.5 + 64.0 * seed, 551234.25} : Point{0.0, 0.0};
    run_fabric(seed, origin, 12, tallies, reported);
    if (HasFatalFailure()) return;
  }
  int compared = 0;
  int wrong = 0;
  for (const auto& [key, t] : tallies) {
    std::cout << testing::case_kind_name(static_cast<CaseKind>(key.first)) << " jitter "
              << key.second << ": " << t.compared << " parcels compared, " << t.wrong << " wrong, "
              << t.invalid << " invalid after jitter, " << t.fallback << " of " << t.pairs
              << " parcel-zone pairs to GEOS\n";
    compared += t.compared;
    wrong += t.wrong;
    // Every kind at every jitter must have been compared, or the test proves little.
    EXPECT_GT(t.compared, kFabrics * 12 / 2)
        << testing::case_kind_name(static_cast<CaseKind>(key.first)) << " jitter " << key.second;
  }
  std::cout << compared << " parcels compared with GEOS, " << wrong << " wrong\n";
  EXPECT_EQ(wrong, 0);
}

}  // namespace
}  // namespace jigu::analysis
