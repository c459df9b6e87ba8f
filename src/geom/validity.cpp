#include "geom/validity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "geom/boost_geometry_adapt.hpp"
#include "geom/orientation.hpp"
#include "handles/geos_ops.hpp"

namespace jigu::geom {

namespace {

bool ring_is_closed(const Ring& r) {
  return !r.empty() && r.front() == r.back();
}

// A ring GEOS can build: closed, with at least four points.
bool ring_is_well_formed(const Ring& r) {
  return r.size() >= 4 && ring_is_closed(r);
}

double signed_ring_area(const Ring& r) {
  return boost::geometry::area(r);
}

}  // namespace

namespace detail {

// No two non-adjacent edges touch, and no two adjacent edges are collinear (which also rules out
// repeated points and spikes). Such a ring is a polygon GEOS calls valid, so GEOS need not build
// and node it; anything this cannot certify goes to GEOS, which also gives the reason.
bool certified_simple(const Ring& r) {
  const std::size_t m = r.size() - 1;  // edges; r.front() == r.back()
  // The pairwise test is quadratic: worth it for parcel-sized rings only. A long ring (a
  // million-vertex boundary) goes to GEOS, whose noding is O(n log n).
  constexpr std::size_t kMaxEdges = 64;
  if (m > kMaxEdges) return false;
  for (std::size_t i = 0; i < m; ++i) {
    const Point& prev = r[i == 0 ? m - 1 : i - 1];
    const int turn = orientation_filter(prev, r[i], r[i + 1]);
    if (turn == 0 || turn == kOrientationUnsure) return false;
  }
  // Touching boxes are not disjoint: they go to the orientation tests.
  auto boxes_apart = [](const Point& a, const Point& b, const Point& c, const Point& d) {
    return std::max(a.x, b.x) < std::min(c.x, d.x) || std::max(c.x, d.x) < std::min(a.x, b.x) ||
           std::max(a.y, b.y) < std::min(c.y, d.y) || std::max(c.y, d.y) < std::min(a.y, b.y);
  };
  // Both ends of c-d strictly on one side of the line through a-b.
  auto one_side = [](const Point& a, const Point& b, const Point& c, const Point& d) {
    const int oc = orientation_filter(a, b, c);
    const int od = orientation_filter(a, b, d);
    return oc != 0 && oc != kOrientationUnsure && oc == od;
  };
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = i + 2; j < m; ++j) {
      if (i == 0 && j == m - 1) continue;  // adjacent through the closing point
      const Point &a = r[i], &b = r[i + 1], &c = r[j], &d = r[j + 1];
      if (!boxes_apart(a, b, c, d) && !one_side(a, b, c, d) && !one_side(c, d, a, b)) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace detail

namespace {

Ring closed(Ring r) {
  if (!r.empty() && !ring_is_closed(r)) r.push_back(r.front());
  return r;
}

}  // namespace

bool has_finite_coordinates(const Geometry& geometry) {
  auto finite = [](const Point& p) { return std::isfinite(p.x) && std::isfinite(p.y); };
  if (!std::all_of(geometry.points.begin(), geometry.points.end(), finite)) return false;
  for (const auto& poly : geometry.polygons) {
    if (!std::all_of(poly.outer.begin(), poly.outer.end(), finite)) return false;
    for (const auto& h : poly.holes) {
      if (!std::all_of(h.begin(), h.end(), finite)) return false;
    }
  }
  return true;
}

std::optional<std::string> coordinate_problem(const Geometry& geometry) {
  if (!has_finite_coordinates(geometry)) return "non-finite coordinate (NaN or infinity)";
  const Point* far = nullptr;
  auto check = [&far](const std::vector<Point>& points) {
    for (const auto& p : points) {
      if (far == nullptr && (std::abs(p.x) > kMaxCoordinate || std::abs(p.y) > kMaxCoordinate)) {
        far = &p;
      }
    }
  };
  check(geometry.points);
  for (const auto& poly : geometry.polygons) {
    check(poly.outer);
    for (const auto& h : poly.holes) check(h);
  }
  if (far == nullptr) return std::nullopt;
  char text[128];
  std::snprintf(text, sizeof text, "coordinate (%g %g) is beyond ±1e9, no place on Earth", far->x,
                far->y);
  return std::string(text);
}

Validity check_validity(const Geometry& geometry) {
  Validity v;
  if (!has_finite_coordinates(geometry)) {
    v.valid = false;
    v.reason = "non-finite coordinate (NaN or infinity)";
    return v;
  }
  if (geometry.kind != GeometryKind::Polygons) return v;
  for (const auto& poly : geometry.polygons) {
    const Ring* bad = nullptr;
    if (!ring_is_well_formed(poly.outer)) bad = &poly.outer;
    for (const auto& h : poly.holes) {
      if (bad == nullptr && !ring_is_well_formed(h)) bad = &h;
    }
    if (bad != nullptr) {
      v.valid = false;
      v.reason = ring_is_closed(*bad) ? "ring has fewer than 4 points" : "ring is not closed";
      if (!bad->empty()) v.location = bad->front();
      return v;
    }
  }
  if (geometry.polygons.size() == 1 && geometry.polygons.front().holes.empty() &&
      detail::certified_simple(geometry.polygons.front().outer)) {
    return v;  // what GEOS would say, without building GEOS objects (most parcels)
  }
  const handles::GeosValidity g = handles::geos_validity(geometry);
  if (g.valid) return v;
  v.valid = false;
  v.reason = g.checked ? g.reason : "GEOS cannot check validity: " + g.reason;
  v.location = g.location;
  return v;
}

Geometry repair(const Geometry& geometry) {
  // Close unclosed rings and drop rings too short to bound an area before GEOS sees them.
  Geometry input;
  input.kind = geometry.kind;
  input.points = geometry.points;
  for (const auto& poly : geometry.polygons) {
    Polygon p;
    p.outer = closed(poly.outer);
    if (!ring_is_well_formed(p.outer)) continue;
    for (const auto& h : poly.holes) {
      Ring ring = closed(h);
      if (ring_is_well_formed(ring)) p.holes.push_back(std::move(ring));
    }
    input.polygons.push_back(std::move(p));
  }
  if (input.kind == GeometryKind::Polygons && input.polygons.empty()) return Geometry{};
  Geometry out = handles::geos_make_valid(input);
  if (geometry.kind == GeometryKind::Polygons && out.kind != GeometryKind::Polygons) {
    return Geometry{};
  }
  return out;
}

void normalize_orientation(Geometry& geometry) {
  for (auto& poly : geometry.polygons) {
    // Boost.Geometry's clockwise rings have positive area.
    if (signed_ring_area(poly.outer) < 0) std::reverse(poly.outer.begin(), poly.outer.end());
    for (auto& h : poly.holes) {
      if (signed_ring_area(h) > 0) std::reverse(h.begin(), h.end());
    }
  }
}

}  // namespace jigu::geom
