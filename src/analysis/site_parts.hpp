// The pieces of a site that fall in each indexed polygon: the kernel shared by locate, overlay
// and classify. jigu's own boundary overlap (geom/region_overlap.hpp) answers containment
// and areas; GEOS (prepared predicates, exact intersection) answers only what doubles cannot
// decide.
#pragma once

#include <cstddef>
#include <vector>

#include "geom/edge_index.hpp"
#include "geom/polygon_index.hpp"
#include "geom/region_overlap.hpp"
#include "jigu/feature_set.hpp"

namespace jigu::analysis {

struct Part {
  std::size_t index = 0;  ///< into the indexed feature set
  double area_m2 = 0.0;   ///< of the site inside that polygon
};

/// What `site_parts` did, summed over the sites a scratch served: how far jigu's own kernel
/// carries a fabric (tests/oracle/kernel_fallbacks.cpp reads it).
struct SiteCounts {
  long long pairs = 0;    ///< site x polygon pairs looked at
  long long to_geos = 0;  ///< of them, decided by GEOS
  long long redone = 0;   ///< sites whose partition parts GEOS redid wholly
};

/// Memory reused from one site to the next, one per thread.
struct SiteScratch {
  std::vector<std::size_t> candidates;
  std::vector<std::size_t> covering;
  geom::EdgeIndex site_edges;
  geom::OverlapScratch overlap;
  SiteCounts counts;
};

/// A polygonal site prepared once for all the layers it is overlaid with. Its edges live in the
/// scratch it was prepared with; its GEOS geometry is made only if GEOS is asked.
class PreparedSite {
 public:
  PreparedSite(const Geometry& site, SiteScratch& scratch);
  const Geometry& geometry() const { return m_site; }
  const Box& box() const { return m_box; }
  double area_m2() const { return m_area; }
  const geom::EdgeIndex& edges() const { return m_scratch.site_edges; }
  /// The rings run as region_overlap expects (clockwise outer rings).
  bool own_kernel() const { return m_own_kernel; }
  const GEOSGeometry* geos() const;

 private:
  const Geometry& m_site;
  SiteScratch& m_scratch;
  Box m_box;
  double m_area = 0.0;
  bool m_own_kernel = false;
  mutable handles::GeosGeom m_geos;
};

/// The parts of `site` in each polygon of `index` with a positive area, ascending by index. With
/// `partition` (zoning: polygons do not overlap), a polygon that covers the whole site ends the
/// search.
std::vector<Part> site_parts(const geom::PolygonIndex& index, const PreparedSite& site,
                             bool partition, SiteScratch& scratch);

/// Indexes of the polygons whose closure contains `p` (a point on a shared boundary belongs to
/// every polygon it touches), ascending; the list is the scratch's, valid until the next call.
const std::vector<std::size_t>& covering(const geom::PolygonIndex& index, const Point& p,
                                         SiteScratch& scratch);

/// Zone codes that only stand in where no specific zone is drawn (zoning-facts.md §2.1 and §7.2):
/// UQA000, UQA01x, UQA500, UQA999 and the unsubdivided parents UQA100/110/120/200/300/400.
bool is_generic_zone(const std::string& code);

/// Whether any feature of `zoning` has a generic code.
bool has_generic_zones(const FeatureSet& zoning);

/// Zoning with generic polygons cut back where a specific polygon overlaps them, so that the
/// specific zone wins (PRODUCT.md); other features are kept as they are.
FeatureSet flatten_generic_zones(FeatureSet zoning);

}  // namespace jigu::analysis
