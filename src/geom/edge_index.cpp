#include "geom/edge_index.hpp"

#include <algorithm>
#include <cmath>

namespace jigu::geom {

Where locate_in_rings(const Geometry& g, const Point& p) {
  int crossings = 0;
  for (const auto& poly : g.polygons) {
    for (std::size_t r = 0; r <= poly.holes.size(); ++r) {
      const Ring& ring = r == 0 ? poly.outer : poly.holes[r - 1];
      for (std::size_t i = 1; i < ring.size(); ++i) {
        const Where w = ray_step(ring[i - 1], ring[i], p, crossings);
        if (w != Where::Outside) return w;
      }
    }
  }
  return crossings % 2 == 1 ? Where::Inside : Where::Outside;
}

void EdgeIndex::assign(const Geometry& g) {
  m_edges.clear();
  m_ring_of.clear();
  m_rings.clear();
  m_box = empty_box();
  auto add_ring = [&](const Ring& ring) {
    RingSpan span;
    span.first = size();
    span.box = empty_box();
    for (std::size_t i = 1; i < ring.size(); ++i) {
      if (ring[i - 1] == ring[i]) continue;
      m_edges.push_back(Edge{ring[i - 1], ring[i]});
      m_ring_of.push_back(static_cast<std::uint32_t>(m_rings.size()));
      expand(span.box, Box{ring[i], ring[i]});
      expand(span.box, Box{ring[i - 1], ring[i - 1]});
    }
    span.count = size() - span.first;
    if (span.count == 0) return;
    expand(m_box, span.box);
    m_rings.push_back(span);
  };
  if (g.kind == GeometryKind::Polygons) {
    for (const auto& poly : g.polygons) {
      add_ring(poly.outer);
      for (const auto& h : poly.holes) add_ring(h);
    }
  }
  // About four edges per band; a band for every edge of a long thin ring would cost more to
  // fill than it saves.
  const double height = m_box.max.y - m_box.min.y;
  m_bands = std::clamp<std::uint32_t>(size() / 4, 1, 1u << 16);
  if (!(height > 0.0) || !std::isfinite(height)) m_bands = 1;
  m_band_scale = m_bands > 1 ? m_bands / height : 0.0;
  // Counting sort into the bands: count, sum to each band's end, then fill each band from its
  // end (edges taken last to first, so that each band lists them in order), which leaves
  // m_band_start[k] at band k's start.
  m_band_start.assign(m_bands + 1, 0);
  for (const Edge& e : m_edges) {
    const std::uint32_t lo = band(std::min(e.a.y, e.b.y));
    const std::uint32_t hi = band(std::max(e.a.y, e.b.y));
    for (std::uint32_t k = lo; k <= hi; ++k) ++m_band_start[k];
  }
  for (std::uint32_t k = 1; k <= m_bands; ++k) m_band_start[k] += m_band_start[k - 1];
  m_band_edges.resize(m_band_start[m_bands]);
  for (std::uint32_t e = size(); e-- > 0;) {
    const Edge& s = m_edges[e];
    const std::uint32_t lo = band(std::min(s.a.y, s.b.y));
    const std::uint32_t hi = band(std::max(s.a.y, s.b.y));
    for (std::uint32_t k = lo; k <= hi; ++k) m_band_edges[--m_band_start[k]] = e;
  }
}

Where EdgeIndex::locate(const Point& p) const {
  if (m_edges.empty() || p.x < m_box.min.x || p.x > m_box.max.x || p.y < m_box.min.y ||
      p.y > m_box.max.y) {
    return Where::Outside;
  }
  // Every edge the ray from p can cross, or p can lie on, reaches p's height, so it is listed in
  // p's band.
  const std::uint32_t k = band(p.y);
  int crossings = 0;
  for (std::uint32_t n = m_band_start[k]; n < m_band_start[k + 1]; ++n) {
    const Edge& s = m_edges[m_band_edges[n]];
    const Where w = ray_step(s.a, s.b, p, crossings);
    if (w != Where::Outside) return w;
  }
  return crossings % 2 == 1 ? Where::Inside : Where::Outside;
}

double EdgeIndex::ring_integral(std::uint32_t r, const Point& origin) const {
  const RingSpan& span = m_rings[r];
  double sum = 0.0;
  for (std::uint32_t e = span.first; e < span.first + span.count; ++e) {
    sum += segment_integral(m_edges[e].a, m_edges[e].b, origin);
  }
  return sum;
}

}  // namespace jigu::geom
