// A seeded generator of the cases where parcel and zone boundaries coincide or nearly do: a
// zoning partition with digitised (wobbly) edges, and parcels cut along its edges, sharing its
// vertices, with vertices on its edges, running collinear with it, as slivers beside it, as
// parts touching at a point, with holes touching their outer ring; every parcel's vertices then
// moved by a chosen jitter, as a second survey would place them.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "geom/validity.hpp"
#include "jigu/feature_set.hpp"

namespace jigu::analysis::testing {

/// The kinds of parcel the generator makes.
enum class CaseKind {
  SharedEdges,    ///< a run of a zone's boundary closed by one or two vertices to one side
  Straddling,     ///< a star-shaped parcel around a vertex of the zoning
  VertexOnEdge,   ///< a star-shaped parcel with one vertex exactly on a zone edge
  Collinear,      ///< an edge that runs along a zone edge, then on past its end
  Sliver,         ///< a strip a few millimetres to centimetres wide along a zone boundary
  TouchingParts,  ///< two triangles touching at a vertex of the zoning
  HoleTouching,   ///< a square around a zoning vertex with a hole touching its outer ring
  WholeZone,      ///< the zone itself
};
inline constexpr int kCaseKinds = 8;

inline const char* case_kind_name(CaseKind k) {
  static constexpr std::array<const char*, kCaseKinds> names = {
      "shared-edges", "straddling",     "vertex-on-edge", "collinear",
      "sliver",       "touching-parts", "hole-touching",  "whole-zone"};
  return names[static_cast<int>(k)];
}

/// The jitter each parcel vertex may move by, in metres, along each axis.
inline constexpr std::array<double, 5> kJitters = {0.0, 1e-9, 1e-6, 1e-3, 1e-2};

struct BoundaryCase {
  CaseKind kind;
  double jitter;
  Geometry parcel;
};

/// Generates a zoning partition and parcels on it. Coordinates are multiples of 1/64 m from the
/// origin before jitter, so that midpoints of zone edges and collinear extensions are exact.
class SharedBoundaryCases {
 public:
  SharedBoundaryCases(std::uint64_t seed, Point origin) : m_rng(seed), m_origin(origin) {
    build_zoning();
  }

  const FeatureSet& zoning() const { return m_zoning; }

  /// The next parcel of the given kind and jitter; may be invalid (jitter can fold a sliver):
  /// the caller checks.
  BoundaryCase next(CaseKind kind, double jitter) {
    BoundaryCase c{kind, jitter, {}};
    c.parcel.kind = GeometryKind::Polygons;
    switch (kind) {
      case CaseKind::SharedEdges:
        c.parcel.polygons.push_back({shared_edges(), {}});
        break;
      case CaseKind::Straddling:
        c.parcel.polygons.push_back({star(random_vertex(), uniform(1.0, 6.0)), {}});
        break;
      case CaseKind::VertexOnEdge:
        c.parcel.polygons.push_back({vertex_on_edge(), {}});
        break;
      case CaseKind::Collinear:
        c.parcel.polygons.push_back({collinear(), {}});
        break;
      case CaseKind::Sliver:
        c.parcel.polygons.push_back({sliver(jitter), {}});
        break;
      case CaseKind::TouchingParts: {
        const Point v = random_vertex();
        const double r = uniform(1.0, 4.0);
        const double a = uniform(0.0, 2 * kPi);
        c.parcel.polygons.push_back({triangle(v, r, a), {}});
        c.parcel.polygons.push_back({triangle(v, r, a + kPi), {}});
        break;
      }
      case CaseKind::HoleTouching: {
        const Point v = random_vertex();
        const double h = quantise(uniform(1.0, 4.0));
        Ring outer{{v.x - h, v.y - h},
                   {v.x - h, v.y + h},
                   {v.x + h, v.y + h},
                   {v.x + h, v.y - h},
                   {v.x - h, v.y - h}};
        // The hole's first vertex is the outer ring's first corner.
        Ring hole{outer[0], {v.x + h / 2, v.y - h / 4}, {v.x - h / 4, v.y + h / 2}, outer[0]};
        c.parcel.polygons.push_back({outer, {hole}});
        break;
      }
      case CaseKind::WholeZone:
        c.parcel = m_zoning.features[pick(m_zoning.features.size())].geometry;
        break;
    }
    if (jitter > 0.0) {
      m_moved.clear();
      for (Polygon& p : c.parcel.polygons) {
        move(p.outer, jitter);
        for (Ring& h : p.holes) move(h, jitter);
      }
    }
    geom::normalize_orientation(c.parcel);
    return c;
  }

 private:
  static constexpr double kPi = 3.14159265358979323846;
  static constexpr int kCells = 3;
  static constexpr double kCell = 20.0;

  double uniform(double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(m_rng);
  }
  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_rng);
  }
  double quantise(double v) const { return std::round(v * 64.0) / 64.0; }
  Point at(double x, double y) const {
    return {m_origin.x + quantise(x), m_origin.y + quantise(y)};
  }

  // The digitised edge between two lattice points: straight on the outer square, else with
  // vertices wobbling up to 0.8 m off the line.
  std::vector<Point> polyline(const Point& p, const Point& q, bool straight) {
    std::vector<Point> line{p};
    const int k = straight ? 0 : static_cast<int>(pick(7)) + 2;
    const double nx = -(q.y - p.y) / kCell;
    const double ny = (q.x - p.x) / kCell;
    for (int m = 1; m <= k; ++m) {
      const double t = static_cast<double>(m) / (k + 1);
      const double w = uniform(-0.8, 0.8);
      line.push_back(at(p.x - m_origin.x + t * (q.x - p.x) + w * nx,
                        p.y - m_origin.y + t * (q.y - p.y) + w * ny));
    }
    line.push_back(q);
    return line;
  }

  void build_zoning() {
    std::array<std::array<Point, kCells + 1>, kCells + 1> lattice;
    for (int i = 0; i <= kCells; ++i) {
      for (int j = 0; j <= kCells; ++j) {
        const bool border_x = i == 0 || i == kCells;
        const bool border_y = j == 0 || j == kCells;
        lattice[i][j] = at(i * kCell + (border_x ? 0.0 : uniform(-4, 4)),
                           j * kCell + (border_y ? 0.0 : uniform(-4, 4)));
      }
    }
    // Each lattice edge digitised once, so that neighbours share it vertex for vertex.
    std::array<std::array<std::vector<Point>, kCells + 1>, kCells + 1> across, up;
    for (int i = 0; i <= kCells; ++i) {
      for (int j = 0; j <= kCells; ++j) {
        if (i < kCells)
          across[i][j] = polyline(lattice[i][j], lattice[i + 1][j], j == 0 || j == kCells);
        if (j < kCells)
          up[i][j] = polyline(lattice[i][j], lattice[i][j + 1], i == 0 || i == kCells);
      }
    }
    const auto append = [](Ring& r, const std::vector<Point>& line, bool reversed) {
      if (reversed) {
        for (auto it = line.rbegin() + 1; it != line.rend(); ++it) r.push_back(*it);
      } else {
        for (auto it = line.begin() + 1; it != line.end(); ++it) r.push_back(*it);
      }
    };
    for (int i = 0; i < kCells; ++i) {
      for (int j = 0; j < kCells; ++j) {
        Ring r{lattice[i][j]};
        append(r, across[i][j], false);
        append(r, up[i + 1][j], false);
        append(r, across[i][j + 1], true);
        append(r, up[i][j], true);
        add_zone({{r, {}}});
      }
    }
    // The centre zone gets an island zone (a hole), and the first zone a hole touching its
    // outer ring at its corner, filled by a zone of its own: the partition stays whole.
    Geometry& centre = m_zoning.features[kCells + 1].geometry;
    const Point c = at(1.5 * kCell, 1.5 * kCell);
    Ring island{{c.x - 3, c.y - 2},
                {c.x - 2, c.y + 3},
                {c.x + 3, c.y + 2},
                {c.x + 2, c.y - 3},
                {c.x - 3, c.y - 2}};
    centre.polygons[0].holes.push_back(island);
    geom::normalize_orientation(centre);
    add_zone({{island, {}}});
    Geometry& first = m_zoning.features[0].geometry;
    const Point o = first.polygons[0].outer[0];
    Ring notch{o, {o.x + 6, o.y + 2}, {o.x + 2, o.y + 6}, o};
    first.polygons[0].holes.push_back(notch);
    geom::normalize_orientation(first);
    add_zone({{notch, {}}});
  }

  void add_zone(MultiPolygon polygons) {
    Feature f;
    f.fid = static_cast<std::int64_t>(m_zoning.features.size());
    f.id = std::to_string(f.fid);
    f.code = "UQA" + std::to_string(100 + f.fid);
    f.geometry.kind = GeometryKind::Polygons;
    f.geometry.polygons = std::move(polygons);
    geom::normalize_orientation(f.geometry);
    m_zoning.features.push_back(std::move(f));
  }

  const Ring& random_ring() {
    const Geometry& g = m_zoning.features[pick(m_zoning.features.size())].geometry;
    return g.polygons[0].outer;
  }
  Point random_vertex() {
    const Ring& r = random_ring();
    return r[pick(r.size() - 1)];
  }

  // The unit normal of p -> q.
  static Point normal(const Point& p, const Point& q) {
    const double dx = q.x - p.x, dy = q.y - p.y, len = std::hypot(dx, dy);
    return {-dy / len, dx / len};
  }

  Ring shared_edges() {
    const Ring& r = random_ring();
    const std::size_t n = r.size() - 1;
    const std::size_t first = pick(n);
    const std::size_t count = 2 + pick(4);
    Ring out;
    for (std::size_t k = 0; k < count; ++k) out.push_back(r[(first + k) % n]);
    // Copies: the pushes below may move the ring's storage.
    const Point p = out.front();
    const Point q = out.back();
    const Point nrm = normal(p, q);
    const double side = pick(2) ? 1.0 : -1.0;
    const double d = side * uniform(1.5, 5.0);
    // One or two closing vertices beyond the run's chord.
    if (pick(2)) {
      out.push_back(at(q.x - m_origin.x + d * nrm.x, q.y - m_origin.y + d * nrm.y));
      out.push_back(at(p.x - m_origin.x + d * nrm.x, p.y - m_origin.y + d * nrm.y));
    } else {
      out.push_back(at(0.5 * (p.x + q.x) - m_origin.x + d * nrm.x,
                       0.5 * (p.y + q.y) - m_origin.y + d * nrm.y));
    }
    out.push_back(out.front());
    return out;
  }

  Ring star(const Point& centre, double radius) {
    const int n = 5 + static_cast<int>(pick(8));
    std::vector<double> angles(n);
    for (double& a : angles) a = uniform(0, 2 * kPi);
    std::sort(angles.begin(), angles.end());
    Ring out;
    for (double a : angles) {
      const double r = radius * uniform(0.4, 1.0);
      out.push_back(
          at(centre.x - m_origin.x + r * std::cos(a), centre.y - m_origin.y + r * std::sin(a)));
    }
    out.push_back(out.front());
    return out;
  }

  // The exact midpoint of an edge of a zone ring, and that edge.
  std::pair<Point, std::pair<Point, Point>> edge_midpoint() {
    const Ring& r = random_ring();
    const std::size_t i = pick(r.size() - 1);
    const Point p = r[i], q = r[i + 1];
    return {{0.5 * (p.x + q.x), 0.5 * (p.y + q.y)}, {p, q}};
  }

  Ring vertex_on_edge() {
    const auto [m, edge] = edge_midpoint();
    const Point nrm = normal(edge.first, edge.second);
    const double side = pick(2) ? 1.0 : -1.0;
    const double radius = uniform(1.0, 4.0);
    // A star around a centre off the edge, its vertex nearest the edge replaced by the midpoint.
    const Point centre{m.x + side * 0.6 * radius * nrm.x, m.y + side * 0.6 * radius * nrm.y};
    Ring out = star(centre, radius);
    std::size_t nearest = 0;
    for (std::size_t k = 0; k + 1 < out.size(); ++k) {
      if (std::hypot(out[k].x - m.x, out[k].y - m.y) <
          std::hypot(out[nearest].x - m.x, out[nearest].y - m.y)) {
        nearest = k;
      }
    }
    out[nearest] = m;
    out.back() = out.front();
    return out;
  }

  Ring collinear() {
    const auto [m, edge] = edge_midpoint();
    const Point& q = edge.second;
    const Point beyond{q.x + (q.x - m.x), q.y + (q.y - m.y)};  // exact: multiples of 1/128
    const Point nrm = normal(m, q);
    const double d = (pick(2) ? 1.0 : -1.0) * uniform(1.0, 4.0);
    const Point apex = at(0.5 * (m.x + beyond.x) - m_origin.x + d * nrm.x,
                          0.5 * (m.y + beyond.y) - m_origin.y + d * nrm.y);
    return {m, beyond, apex, m};
  }

  // Wider than the jitter, which would otherwise fold most of them.
  Ring sliver(double jitter) {
    const Ring& r = random_ring();
    const std::size_t n = r.size() - 1;
    const std::size_t first = pick(n);
    const std::size_t count = 2 + pick(4);
    static constexpr std::array<double, 4> widths = {1e-3, 5e-3, 1e-2, 5e-2};
    const double w = std::max(widths[pick(widths.size())], 3 * jitter) * (pick(2) ? 1.0 : -1.0);
    Ring out;
    for (std::size_t k = 0; k < count; ++k) out.push_back(r[(first + k) % n]);
    // Back along the run, each vertex moved by w along the run's chord normal.
    const Point nrm = normal(out.front(), out.back());
    for (std::size_t k = count; k-- > 0;) {
      const Point& v = r[(first + k) % n];
      out.push_back({v.x + w * nrm.x, v.y + w * nrm.y});
    }
    out.push_back(out.front());
    return out;
  }

  Ring triangle(const Point& v, double r, double a) {
    return {
        v, at(v.x - m_origin.x + r * std::cos(a - 0.5), v.y - m_origin.y + r * std::sin(a - 0.5)),
        at(v.x - m_origin.x + r * std::cos(a + 0.5), v.y - m_origin.y + r * std::sin(a + 0.5)), v};
  }

  // Moves each vertex by up to `jitter` on each axis; a point that two rings or parts share
  // moves once, so that they still touch where they touched.
  void move(Ring& r, double jitter) {
    std::uniform_real_distribution<double> d(-jitter, jitter);
    for (std::size_t k = 0; k + 1 < r.size(); ++k) {
      auto [it, fresh] = m_moved.try_emplace({r[k].x, r[k].y});
      if (fresh) it->second = {r[k].x + d(m_rng), r[k].y + d(m_rng)};
      r[k] = it->second;
    }
    r.back() = r.front();
  }

  std::mt19937_64 m_rng;
  Point m_origin;
  std::map<std::pair<double, double>, Point> m_moved;
  FeatureSet m_zoning;
};

}  // namespace jigu::analysis::testing
