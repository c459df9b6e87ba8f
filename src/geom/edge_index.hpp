// The edges of a polygonal geometry's rings, bucketed into horizontal bands, for the two queries
// jigu's own planar kernels need: the edges near a box, and where a point lies (GEOS's
// ray-crossing count, every side test decided as GEOS decides it).
#pragma once

#include <cstdint>
#include <vector>

#include "geom/orientation.hpp"
#include "jigu/geometry.hpp"

namespace jigu::geom {

/// Where a point lies against a polygonal region (its closure: the boundary is not inside).
enum class Where { Outside, Inside, Boundary, Unsure };

/// One step of the ray-crossing count of point `p` against the edge p1 -> p2 (a ray from p
/// towards +x), as GEOS's RayCrossingCounter takes it: Boundary (p on the edge) and Unsure (GEOS
/// failed to decide a side) end the count; Outside means "go on", after adding the
/// edge's crossing, if any, to `crossings`. Unsure also where the orientation underflows (see
/// `orientation_underflows`): GEOS's own point location decides there. Upward edges include their
/// start and exclude their end, downward ones the opposite, so a vertex on the ray counts once.
inline Where ray_step(const Point& p1, const Point& p2, const Point& p, int& crossings) {
  // Wholly above or below the point: none of the cases below (most edges, so tested first).
  if ((p1.y < p.y && p2.y < p.y) || (p1.y > p.y && p2.y > p.y)) return Where::Outside;
  if (p1.x < p.x && p2.x < p.x) return Where::Outside;  // wholly left of the point
  if (p == p2) return Where::Boundary;                  // on a vertex
  if (p1.y == p.y && p2.y == p.y) {                     // horizontal, at the point's height
    const bool between = p.x >= (p1.x < p2.x ? p1.x : p2.x) && p.x <= (p1.x < p2.x ? p2.x : p1.x);
    return between ? Where::Boundary : Where::Outside;
  }
  if ((p1.y > p.y && p2.y <= p.y) || (p2.y > p.y && p1.y <= p.y)) {
    if (orientation_underflows(p1, p2, p)) return Where::Unsure;
    int orient = orientation(p1, p2, p);
    if (orient == kOrientationUnsure) return Where::Unsure;
    if (orient == 0) return Where::Boundary;  // on the edge
    if (p2.y < p1.y) orient = -orient;
    if (orient > 0) ++crossings;
  }
  return Where::Outside;  // "no verdict from this edge": the caller goes on counting
}

/// The ray-crossing verdict for `p` over the rings of a polygonal geometry, edge by edge.
Where locate_in_rings(const Geometry& g, const Point& p);

class EdgeIndex {
 public:
  struct Edge {
    Point a;
    Point b;
  };
  struct RingSpan {
    std::uint32_t first = 0;  ///< index of the ring's first edge
    std::uint32_t count = 0;
    Box box;
  };

  EdgeIndex() = default;
  explicit EdgeIndex(const Geometry& g) { assign(g); }

  /// Indexes the rings of `g` (polygons only), reusing this index's memory. Zero-length edges
  /// (repeated points) are left out: they bound nothing.
  void assign(const Geometry& g);

  const Box& box() const { return m_box; }
  std::uint32_t size() const { return static_cast<std::uint32_t>(m_edges.size()); }
  const Edge& edge(std::uint32_t i) const { return m_edges[i]; }
  std::uint32_t ring_of(std::uint32_t edge) const { return m_ring_of[edge]; }
  const std::vector<RingSpan>& rings() const { return m_rings; }

  /// Calls `f(edge)` once for each edge whose box intersects `box`.
  template <class F>
  void near(const Box& box, F&& f) const {
    if (m_edges.empty() || box.max.y < m_box.min.y || box.min.y > m_box.max.y ||
        box.max.x < m_box.min.x || box.min.x > m_box.max.x) {
      return;
    }
    const std::uint32_t first = band(box.min.y);
    const std::uint32_t last = band(box.max.y);
    for (std::uint32_t k = first; k <= last; ++k) {
      for (std::uint32_t n = m_band_start[k]; n < m_band_start[k + 1]; ++n) {
        const std::uint32_t e = m_band_edges[n];
        const Edge& s = m_edges[e];
        const double lo_y = s.a.y < s.b.y ? s.a.y : s.b.y;
        // Each edge once: in the first band both it and the query reach.
        if (k != first && band(lo_y) != k) continue;
        const double hi_y = s.a.y < s.b.y ? s.b.y : s.a.y;
        const double lo_x = s.a.x < s.b.x ? s.a.x : s.b.x;
        const double hi_x = s.a.x < s.b.x ? s.b.x : s.a.x;
        if (hi_y < box.min.y || lo_y > box.max.y || hi_x < box.min.x || lo_x > box.max.x) continue;
        f(e);
      }
    }
  }

  /// Where `p` lies against the indexed region.
  Where locate(const Point& p) const;

  /// ∮ x dy along the indexed ring `r`, with coordinates taken relative to `origin`: minus the
  /// ring's area for a clockwise ring.
  double ring_integral(std::uint32_t r, const Point& origin) const;

 private:
  std::uint32_t band(double y) const {
    const double k = (y - m_box.min.y) * m_band_scale;
    if (!(k > 0.0)) return 0;
    return k >= static_cast<double>(m_bands - 1) ? m_bands - 1 : static_cast<std::uint32_t>(k);
  }

  std::vector<Edge> m_edges;
  std::vector<std::uint32_t> m_ring_of;
  std::vector<RingSpan> m_rings;
  Box m_box = empty_box();
  std::uint32_t m_bands = 1;
  double m_band_scale = 0.0;
  std::vector<std::uint32_t> m_band_start;  ///< m_bands + 1 offsets into m_band_edges
  std::vector<std::uint32_t> m_band_edges;
};

/// ∫ x dy along the segment p -> q, coordinates relative to `o`.
inline double segment_integral(const Point& p, const Point& q, const Point& o) {
  return 0.5 * ((p.x - o.x) + (q.x - o.x)) * (q.y - p.y);
}

}  // namespace jigu::geom
