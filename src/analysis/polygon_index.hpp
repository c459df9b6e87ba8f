// A packed Boost.Geometry R-tree over the polygons of a feature set, with each polygon also held
// as a GEOS geometry and a prepared geometry for fast predicates. Build one per thread: GEOS
// prepared geometries are not safe to share between threads.
#pragma once

#include <cstddef>
#include <vector>

#include "analysis/boost_geometry_adapt.hpp"
#include "handles/geos_context.hpp"
#include "jigu/feature_set.hpp"

namespace jigu::analysis {

class PolygonIndex {
 public:
  /// Indexes the polygonal features of `set` (others are ignored); `set` must outlive the index.
  explicit PolygonIndex(const FeatureSet& set);
  PolygonIndex(const PolygonIndex&) = delete;
  PolygonIndex& operator=(const PolygonIndex&) = delete;

  /// Indexes (into the feature set) of the features whose envelope intersects `box`, ascending.
  void query(const Box& box, std::vector<std::size_t>& out) const;

  const Feature& feature(std::size_t i) const { return m_set.features[i]; }
  const GEOSGeometry* geos(std::size_t i) const { return m_geos[i].get(); }
  const GEOSPreparedGeometry* prepared(std::size_t i) const { return m_prepared[i].get(); }
  double area(std::size_t i) const { return m_area[i]; }
  bool empty() const { return m_tree.empty(); }

 private:
  using BgBox = boost::geometry::model::box<Point>;
  using Entry = std::pair<BgBox, std::size_t>;
  const FeatureSet& m_set;
  std::vector<handles::GeosGeom> m_geos;
  std::vector<handles::GeosPrepared> m_prepared;
  std::vector<double> m_area;
  boost::geometry::index::rtree<Entry, boost::geometry::index::rstar<16>> m_tree;
};

}  // namespace jigu::analysis
