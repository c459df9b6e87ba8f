// A packed Boost.Geometry R-tree over the polygons of a feature set, with each polygon's edges
// indexed for jigu's own kernels and a GEOS geometry and prepared geometry for what those leave
// undecided, each built when first asked for. Build one per thread: neither the lazily built edge
// indexes nor GEOS prepared geometries are safe to share between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "geom/boost_geometry_adapt.hpp"
#include "geom/cell_grid.hpp"
#include "geom/edge_index.hpp"
#include "handles/geos_context.hpp"
#include "jigu/feature_set.hpp"

namespace jigu::geom {

class PolygonIndex {
 public:
  /// When GEOS's copies of the polygons are made. An index used from other threads in turn
  /// (the Locator's) makes them at once, so that they belong to the thread that outlives them;
  /// classify's per-thread indexes make each on first use, which for points is hardly ever.
  enum class GeosCopies { Now, OnFirstUse };

  /// Indexes the polygonal features of `set` (others are ignored); `set` must outlive the index.
  /// With `grid` (a grid over the same set, shared between threads), points are looked up in
  /// the grid instead of the R-tree.
  explicit PolygonIndex(const FeatureSet& set, const SharedCellGrid* grid = nullptr,
                        GeosCopies copies = GeosCopies::Now);
  PolygonIndex(const PolygonIndex&) = delete;
  PolygonIndex& operator=(const PolygonIndex&) = delete;

  /// Indexes (into the feature set) of the features whose envelope intersects `box`, ascending.
  void query(const Box& box, std::vector<std::size_t>& out) const;

  const Feature& feature(std::size_t i) const { return m_set.features[i]; }
  /// Feature i's code, from a table of the layer's distinct codes. A point's answer needs only
  /// the code, and the table stays in cache where a random feature's record would not.
  const std::string& code(std::size_t i) const { return m_codes[m_code_of[i]]; }
  /// Polygon i as GEOS geometry and prepared geometry, made on first use (null if not polygonal).
  const GEOSGeometry* geos(std::size_t i) const;
  const GEOSPreparedGeometry* prepared(std::size_t i) const;
  double area(std::size_t i) const { return m_area[i]; }
  /// Polygon i's edges, indexed on first use.
  const EdgeIndex& edges(std::size_t i) const;
  /// Where `p` lies against polygon i.
  Where locate(std::size_t i, const Point& p) const;
  bool empty() const { return m_tree.empty(); }
  /// The grid for point lookups, built on first use; null when there is none or it is unusable.
  const CellGrid* point_grid() const { return m_grid ? m_grid->get() : nullptr; }

 private:
  using BgBox = boost::geometry::model::box<Point>;
  using Entry = std::pair<BgBox, std::size_t>;
  const FeatureSet& m_set;
  const SharedCellGrid* m_grid;
  mutable std::vector<handles::GeosGeom> m_geos;
  mutable std::vector<handles::GeosPrepared> m_prepared;
  std::vector<double> m_area;
  std::vector<std::string> m_codes;      ///< distinct, in order of first use
  std::vector<std::uint32_t> m_code_of;  ///< each feature's, into m_codes
  std::vector<std::size_t> m_vertices;   ///< of each polygon, all rings
  mutable std::vector<std::unique_ptr<EdgeIndex>> m_edges;
  boost::geometry::index::rtree<Entry, boost::geometry::index::rstar<16>> m_tree;
};

}  // namespace jigu::geom
