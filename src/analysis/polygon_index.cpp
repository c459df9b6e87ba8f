#include "analysis/polygon_index.hpp"

#include <algorithm>

#include "handles/geometry_convert.hpp"
#include "jigu/area.hpp"

namespace jigu::analysis {

namespace {

std::vector<std::pair<boost::geometry::model::box<Point>, std::size_t>> entries(
    const FeatureSet& set) {
  std::vector<std::pair<boost::geometry::model::box<Point>, std::size_t>> out;
  for (std::size_t i = 0; i < set.features.size(); ++i) {
    const Geometry& g = set.features[i].geometry;
    if (g.kind != GeometryKind::Polygons) continue;
    const Box b = envelope(g);
    out.emplace_back(boost::geometry::model::box<Point>(b.min, b.max), i);
  }
  return out;
}

}  // namespace

// The packing constructor (bulk load) builds a better tree than one-by-one insertion.
PolygonIndex::PolygonIndex(const FeatureSet& set) : m_set(set), m_tree(entries(set)) {
  const auto& ctx = handles::geos();
  const std::size_t n = set.features.size();
  m_geos.resize(n);
  m_area.assign(n, 0.0);
  m_prepared.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Geometry& g = set.features[i].geometry;
    if (g.kind == GeometryKind::Polygons) {
      m_geos[i] = handles::to_geos(ctx, g);
      m_area[i] = planar_area(g);
      m_prepared.emplace_back(GEOSPrepare_r(ctx.get(), m_geos[i].get()),
                              handles::GeosPreparedDeleter{ctx.get()});
    } else {
      m_prepared.emplace_back(nullptr, handles::GeosPreparedDeleter{ctx.get()});
    }
  }
}

void PolygonIndex::query(const Box& box, std::vector<std::size_t>& out) const {
  out.clear();
  const BgBox query_box(box.min, box.max);
  for (auto it = m_tree.qbegin(boost::geometry::index::intersects(query_box)); it != m_tree.qend();
       ++it) {
    out.push_back(it->second);
  }
  std::sort(out.begin(), out.end());
}

}  // namespace jigu::analysis
