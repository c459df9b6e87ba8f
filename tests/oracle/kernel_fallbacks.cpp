// Counts, over a layer of parcels, the parcel × zone (and parcel × district) pairs that jigu's
// own kernel decides and those it leaves to GEOS, walking the candidates as site_parts does:
// in the R-tree's order, a partition's search ending at a polygon that covers the parcel, and a
// partition's parts redone by GEOS alone when they add up to more than the parcel. A tool for
// measuring the kernel's fallback share on large fabrics (issue 14), not a test.
//
//   jigu_kernel_fallbacks ZONING PARCELS [DISTRICTS]   (GeoPackages or any layer jigu reads)
#include <cstdio>
#include <iostream>

#include "analysis/site_parts.hpp"
#include "jigu/layer_reader.hpp"

namespace {

using namespace jigu;

// The pairs one pass of site_parts looks at, and how many of them go to GEOS.
struct Pass {
  long long pairs = 0;
  long long to_geos = 0;
  bool sums_up = true;  // false: the parts of a partition exceed the site, so GEOS redoes them
};

Pass walk(const analysis::PolygonIndex& index, const analysis::PreparedSite& site, bool partition,
          bool own, analysis::SiteScratch& scratch) {
  Pass pass;
  double total = 0.0;
  for (std::size_t i : scratch.candidates) {
    ++pass.pairs;
    analysis::RegionOverlap r;
    if (own) {
      r = analysis::region_overlap(site.edges(), site.area_m2(), index.edges(i), index.area(i),
                                   scratch.overlap);
    }
    if (!r.decided) {
      // GEOS's answer matters only where it ends the search or adds to the partition's sum.
      ++pass.to_geos;
      const auto& ctx = handles::geos();
      r.covers = ctx.check_predicate(
          GEOSPreparedCovers_r(ctx.get(), index.prepared(i), site.geos()), "covers");
      if (partition && !r.covers) {
        handles::GeosGeom piece =
            ctx.own(GEOSIntersection_r(ctx.get(), index.geos(i), site.geos()), "intersection");
        GEOSArea_r(ctx.get(), piece.get(), &r.area);
      }
    }
    if (partition && r.covers) return pass;
    total += r.area;
  }
  pass.sums_up = !partition || total <= site.area_m2() * (1 + 1e-9);
  return pass;
}

struct Tally {
  const char* layer;
  long long pairs = 0, to_geos = 0, parcels_to_geos = 0, redone = 0, not_own = 0;

  void add(const analysis::PolygonIndex& index, const analysis::PreparedSite& site, bool partition,
           analysis::SiteScratch& scratch) {
    index.query(site.box(), scratch.candidates);
    Pass pass = walk(index, site, partition, site.own_kernel(), scratch);
    if (!pass.sums_up) {
      ++redone;
      pass = walk(index, site, partition, false, scratch);
    }
    not_own += !site.own_kernel();
    pairs += pass.pairs;
    to_geos += pass.to_geos;
    parcels_to_geos += pass.to_geos > 0;
  }

  void print(long long parcels) const {
    const auto pct = [](long long n, long long of) { return of ? 100.0 * n / of : 0.0; };
    std::printf(
        "%s: %lld parcel x polygon pairs looked at, %lld (%.3f %%) left to GEOS; %lld parcels "
        "(%.3f %%) with at least one pair left to GEOS (%lld redone wholly by GEOS, %lld not "
        "in jigu's ring orientation)\n",
        layer, pairs, to_geos, pct(to_geos, pairs), parcels_to_geos, pct(parcels_to_geos, parcels),
        redone, not_own);
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::cerr << "usage: jigu_kernel_fallbacks ZONING PARCELS [DISTRICTS]\n";
    return 2;
  }
  try {
    const ReadOptions options;
    const FeatureSet zoning = read_layer(argv[1], options);
    const FeatureSet districts = argc == 4 ? read_layer(argv[3], options) : FeatureSet{};
    const analysis::PolygonIndex zone_index(zoning, nullptr,
                                            analysis::PolygonIndex::GeosCopies::OnFirstUse);
    const analysis::PolygonIndex district_index(districts, nullptr,
                                                analysis::PolygonIndex::GeosCopies::OnFirstUse);
    LayerReader parcels(argv[2], options);
    analysis::SiteScratch scratch;
    Tally zones{"zoning"}, dists{"districts"};
    long long n = 0;
    for (Feature f; parcels.next(f);) {
      if (f.geometry.kind != GeometryKind::Polygons) continue;
      const analysis::PreparedSite site(f.geometry, scratch);
      if (site.area_m2() <= 0.0) continue;  // classify asks nothing of it either
      ++n;
      zones.add(zone_index, site, true, scratch);
      if (!districts.features.empty()) dists.add(district_index, site, false, scratch);
    }
    std::printf("%lld parcels against %zu zones", n, zoning.features.size());
    if (!districts.features.empty()) std::printf(" and %zu districts", districts.features.size());
    std::printf("\n");
    zones.print(n);
    if (!districts.features.empty()) dists.print(n);
  } catch (const std::exception& e) {
    std::cerr << "jigu_kernel_fallbacks: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
