// The pieces of a site that fall in each indexed polygon: the kernel shared by locate, overlay
// and classify. Prepared-geometry containment is the fast path; exact GEOS intersection is only
// computed for polygons that cross the site's boundary.
#pragma once

#include <cstddef>
#include <vector>

#include "analysis/polygon_index.hpp"
#include "jigu/feature_set.hpp"

namespace jigu::analysis {

struct Part {
  std::size_t index = 0;  ///< into the indexed feature set
  double area_m2 = 0.0;   ///< of the site inside that polygon
};

/// A polygonal site prepared once for all the layers it is overlaid with.
struct PreparedSite {
  handles::GeosGeom geometry;
  Box box;
  double area_m2 = 0.0;
};

PreparedSite prepare_site(const Geometry& site);

/// The parts of `site` in each polygon of `index` with a positive area, ascending by index. With
/// `partition` (zoning: polygons do not overlap), a polygon that covers the whole site ends the
/// search. `scratch` is reused between calls.
std::vector<Part> site_parts(const PolygonIndex& index, const PreparedSite& site, bool partition,
                             std::vector<std::size_t>& scratch);

/// Indexes of the polygons whose closure contains `p` (a point on a shared boundary belongs to
/// every polygon it touches), ascending.
std::vector<std::size_t> covering(const PolygonIndex& index, const Point& p,
                                  std::vector<std::size_t>& scratch);

/// Zone codes that only stand in where no specific zone is drawn (zoning-facts.md §2.1 and §7.2):
/// UQA000, UQA01x, UQA500, UQA999 and the unsubdivided parents UQA100/110/120/200/300/400.
bool is_generic_zone(const std::string& code);

/// Zoning with generic polygons cut back where a specific polygon overlaps them, so that the
/// specific zone wins (PRODUCT.md); other features are kept as they are.
FeatureSet flatten_generic_zones(FeatureSet zoning);

}  // namespace jigu::analysis
