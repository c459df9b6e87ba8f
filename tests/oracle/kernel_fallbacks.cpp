// Counts, over a layer of parcels, the parcel × zone (and parcel × district) pairs that jigu's
// own kernel decides and those it leaves to GEOS, from site_parts's own counters (a partition's
// parts redone by GEOS count their pairs twice, as they are asked twice). A tool for measuring
// the kernel's fallback share on large fabrics (issue 14), not a test.
//
//   jigu_kernel_fallbacks ZONING PARCELS [DISTRICTS]   (GeoPackages or any layer jigu reads)
#include <cstdio>
#include <iostream>

#include "analysis/site_parts.hpp"
#include "jigu/layer_reader.hpp"

namespace {

using namespace jigu;

struct Tally {
  const char* layer;
  analysis::SiteCounts counts;
  long long parcels_to_geos = 0, not_own = 0;

  // site_parts as classify calls it, its counters read before and after.
  void add(const geom::PolygonIndex& index, const analysis::PreparedSite& site, bool partition,
           analysis::SiteScratch& scratch) {
    scratch.counts = {};
    analysis::site_parts(index, site, partition, scratch);
    counts.pairs += scratch.counts.pairs;
    counts.to_geos += scratch.counts.to_geos;
    counts.redone += scratch.counts.redone;
    parcels_to_geos += scratch.counts.to_geos > 0;
    not_own += !site.own_kernel();
  }

  void print(long long parcels) const {
    const auto pct = [](long long n, long long of) { return of ? 100.0 * n / of : 0.0; };
    std::printf(
        "%s: %lld parcel x polygon pairs looked at, %lld (%.3f %%) left to GEOS; %lld parcels "
        "(%.3f %%) with at least one pair left to GEOS (%lld redone wholly by GEOS, %lld not "
        "in jigu's ring orientation)\n",
        layer, counts.pairs, counts.to_geos, pct(counts.to_geos, counts.pairs), parcels_to_geos,
        pct(parcels_to_geos, parcels), counts.redone, not_own);
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
    const geom::PolygonIndex zone_index(zoning, nullptr,
                                        geom::PolygonIndex::GeosCopies::OnFirstUse);
    const geom::PolygonIndex district_index(districts, nullptr,
                                            geom::PolygonIndex::GeosCopies::OnFirstUse);
    LayerReader parcels(argv[2], options);
    analysis::SiteScratch scratch;
    Tally zones{"zoning", {}}, dists{"districts", {}};
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
