// The answer for one site against indexed zoning, districts and parcels: shared by locate
// (one site at a time) and classify (millions, in parallel).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/site_parts.hpp"
#include "jigu/locate.hpp"

namespace jigu::analysis {

/// The indexes one thread works with; `parcels` may index an empty set.
struct SiteIndexes {
  const geom::PolygonIndex& zoning;
  const geom::PolygonIndex& districts;
  const geom::PolygonIndex& parcels;
};

struct SiteAnswer {
  double area_m2 = 0.0;
  std::vector<ZoneHit> zones;          ///< largest area first, then code; "" (no zoning) last
  std::vector<DistrictHit> districts;  ///< largest share first, then id
  std::optional<std::string> parcel;   ///< points: the parcel under it
  std::vector<std::string> notes;
  bool crossed = false;  ///< a polygon site needed exact intersections
};

/// A polygonal site: zone parts (generic zones already flattened; zoning taken as a partition),
/// the part no zoning covers, and district shares; a district is "inside" when its share is at
/// least `inside_share`.
SiteAnswer answer_area(const SiteIndexes& idx, const Geometry& site, double inside_share,
                       SiteScratch& scratch);

/// Whether a point's zone and district hits carry their Hangul names. Classify writes codes
/// and ids only: copying a name into each of a million answers was 3-5 % of its CPU.
enum class HitNames { With, Without };

/// A point: the zone, districts and parcel whose closure contains it; on a shared boundary the
/// first polygon in layer order is taken and a note names the others.
SiteAnswer answer_point(const SiteIndexes& idx, const Point& p, SiteScratch& scratch,
                        HitNames names = HitNames::With);

}  // namespace jigu::analysis
