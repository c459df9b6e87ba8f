#include "geom/polygon_index.hpp"

#include <boost/iterator/function_output_iterator.hpp>

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "handles/geometry_convert.hpp"
#include "handles/geos_ops.hpp"
#include "jigu/geometry.hpp"

namespace jigu::geom {

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
PolygonIndex::PolygonIndex(const FeatureSet& set, const SharedCellGrid* grid, GeosCopies copies)
    : m_set(set), m_grid(grid), m_tree(entries(set)) {
  const std::size_t n = set.features.size();
  m_geos.resize(n);
  m_prepared.resize(n);
  m_area.assign(n, 0.0);
  m_edges.resize(n);
  m_vertices.assign(n, 0);
  std::unordered_map<std::string_view, std::uint32_t> code_index;
  m_codes.reserve(64);
  m_code_of.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& code = set.features[i].code;
    const auto [it, added] =
        code_index.try_emplace(code, static_cast<std::uint32_t>(code_index.size()));
    if (added) m_codes.push_back(code);
    m_code_of[i] = it->second;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const Geometry& g = set.features[i].geometry;
    if (g.kind != GeometryKind::Polygons) continue;
    m_area[i] = planar_area(g);
    for (const auto& poly : g.polygons) {
      m_vertices[i] += poly.outer.size();
      for (const auto& h : poly.holes) m_vertices[i] += h.size();
    }
    if (copies == GeosCopies::Now) prepared(i);
  }
}

// GEOS's copies on first use: points placed through the grid rarely need them, and making them
// for every polygon of a million-parcel layer, in every thread, was most of the 2.4 GB that
// classifying points with their parcels took.
const GEOSGeometry* PolygonIndex::geos(std::size_t i) const {
  const Geometry& g = m_set.features[i].geometry;
  if (!m_geos[i] && g.kind == GeometryKind::Polygons) {
    m_geos[i] = handles::to_geos(handles::geos(), g);
  }
  return m_geos[i].get();
}

const GEOSPreparedGeometry* PolygonIndex::prepared(std::size_t i) const {
  if (!m_prepared[i] && geos(i) != nullptr) {
    m_prepared[i] = handles::geos_prepare(m_geos[i].get());
  }
  return m_prepared[i].get();
}

const EdgeIndex& PolygonIndex::edges(std::size_t i) const {
  if (!m_edges[i]) m_edges[i] = std::make_unique<EdgeIndex>(m_set.features[i].geometry);
  return *m_edges[i];
}

Where PolygonIndex::locate(std::size_t i, const Point& p) const {
  // A polygon of up to a few hundred edges is counted edge by edge where it is: the edge indexes
  // of a million parcels, or of every zone a million points fall in, would cost more memory
  // (about 3 KB per 64-edge polygon, per thread) than they save time.
  constexpr std::size_t kIndexedFrom = 256;
  if (!m_edges[i] && m_vertices[i] < kIndexedFrom) {
    return locate_in_rings(m_set.features[i].geometry, p);
  }
  return edges(i).locate(p);
}

void PolygonIndex::query(const Box& box, std::vector<std::size_t>& out) const {
  out.clear();
  const BgBox query_box(box.min, box.max);
  // The callback form: the query iterators allocate their traversal stack on every query, a
  // tenth of classifying a million points.
  m_tree.query(
      boost::geometry::index::intersects(query_box),
      boost::make_function_output_iterator([&out](const Entry& e) { out.push_back(e.second); }));
  std::sort(out.begin(), out.end());
}

}  // namespace jigu::geom
