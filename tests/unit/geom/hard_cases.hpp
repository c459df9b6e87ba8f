// Seeded generators of hard geometric cases for the tests that hold jigu's own geometry
// decisions (the point grid, the validity certificate, the map clip) against GEOS: placements at
// Seoul and near zero, nudges by units in the last place and by metres, simple random rings, GEOS
// verdicts, and failure messages that name the case.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <limits>
#include <numbers>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "geom/edge_index.hpp"
#include "handles/geometry_convert.hpp"
#include "handles/geos_context.hpp"
#include "jigu/geometry.hpp"

namespace jigu::geom::hard_cases {

/// Where a case is placed and how big its shapes are. Near zero doubles are finest and
/// coordinates change sign; at Seoul (EPSG:5186) one unit in the last place is about 1e-10 m.
struct Place {
  const char* name;
  Point origin;
  double size_m;  ///< a typical shape's width
};

inline constexpr Place kSeoul{"seoul", {201234.5, 551234.25}, 40.0};
inline constexpr Place kZero{"zero", {0.0, 0.0}, 1.0};
inline constexpr Place kTiny{"tiny", {0.0, 0.0}, 1e-6};
inline constexpr Place kFar{"far", {9e8, -9e8}, 100.0};  ///< near jigu's largest coordinate

/// For gtest's messages: a place by its name.
inline void PrintTo(const Place& place, std::ostream* out) {
  *out << place.name;
}

/// For parameterised tests: the case name is the place's.
inline std::string place_name(const testing::TestParamInfo<Place>& info) {
  return info.param.name;
}

/// A seeded source of the random choices a generator makes.
class Random {
 public:
  explicit Random(std::uint64_t seed) : m_engine(seed) {}
  double uniform(double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(m_engine);
  }
  /// An integer in [0, n).
  std::size_t below(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_engine);
  }
  bool chance(double p) { return uniform(0.0, 1.0) < p; }
  double sign() { return chance(0.5) ? 1.0 : -1.0; }
  template <class T>
  const T& pick(const std::vector<T>& from) {
    return from[below(from.size())];
  }

 private:
  std::mt19937_64 m_engine;
};

/// `v` moved by `ulps` representable doubles (negative: down).
inline double stepped(double v, int ulps) {
  const double to =
      ulps < 0 ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  for (int k = 0; k < std::abs(ulps); ++k) v = std::nextafter(v, to);
  return v;
}

inline Point stepped(const Point& p, int dx_ulps, int dy_ulps) {
  return {stepped(p.x, dx_ulps), stepped(p.y, dy_ulps)};
}

/// The point at `t` along a -> b, then `offset` to the left of the line (negative: right),
/// computed in doubles: with offset 0 it lies on the segment or within rounding of it.
inline Point along(const Point& a, const Point& b, double t, double offset = 0.0) {
  const double dx = b.x - a.x;
  const double dy = b.y - a.y;
  Point p{a.x + t * dx, a.y + t * dy};
  if (offset != 0.0) {
    const double length = std::hypot(dx, dy);
    p.x -= offset * dy / length;
    p.y += offset * dx / length;
  }
  return p;
}

/// How far off an edge a near point is put: on it (as rounding places it), a nanometre and a
/// micrometre to either side.
inline const std::vector<double> kOffsets_m = {0.0, 1e-9, -1e-9, 1e-6, -1e-6};

/// A clockwise (jigu's outer orientation) axis-aligned rectangle.
inline Ring rectangle(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}};
}

/// A closed clockwise ring of `n` vertices around `centre`, each at its own angle and at a
/// distance in [inner, 1] × `radius`: star-shaped, so simple.
inline Ring star(Random& random, const Point& centre, double radius, std::size_t n,
                 double inner = 0.4) {
  // Each vertex in its own share of the turn, so that no two are half a turn or more apart and
  // the centre stays inside.
  const double share = 2.0 * std::numbers::pi / static_cast<double>(n);
  Ring r;
  for (std::size_t k = n; k-- > 0;) {
    const double a = share * (static_cast<double>(k) + random.uniform(0.0, 0.45));
    const double d = radius * random.uniform(inner, 1.0);
    r.push_back({centre.x + d * std::cos(a), centre.y + d * std::sin(a)});
  }
  r.push_back(r.front());
  return r;
}

inline Ring reversed(Ring r) {
  std::reverse(r.begin(), r.end());
  return r;
}

inline Geometry polygons(MultiPolygon parts) {
  Geometry g;
  g.kind = GeometryKind::Polygons;
  g.polygons = std::move(parts);
  return g;
}

inline Geometry polygon(Ring outer, std::vector<Ring> holes = {}) {
  return polygons({Polygon{std::move(outer), std::move(holes)}});
}

inline handles::GeosGeom geos_of(const Geometry& g) {
  return handles::to_geos(handles::geos(), g);
}

/// GEOS's verdict on `g` (GEOSisValid); a GEOS error is a test failure.
inline bool geos_valid(const GEOSGeometry* g) {
  const char v = GEOSisValid_r(handles::geos().get(), g);
  EXPECT_NE(v, 2) << handles::geos().last_error();
  return v == 1;
}

inline double geos_area(const GEOSGeometry* g) {
  double a = 0.0;
  EXPECT_EQ(GEOSArea_r(handles::geos().get(), g, &a), 1) << handles::geos().last_error();
  return a;
}

/// The length of a geometry's boundary (of a polygon's rings).
inline double geos_length(const GEOSGeometry* g) {
  double l = 0.0;
  EXPECT_EQ(GEOSLength_r(handles::geos().get(), g, &l), 1) << handles::geos().last_error();
  return l;
}

/// Where GEOS puts `p` against a prepared polygonal geometry: Contains is the interior, Covers
/// adds the boundary.
inline Where geos_where(const GEOSPreparedGeometry* prepared, const Point& p) {
  const auto& ctx = handles::geos();
  const handles::GeosGeom point =
      ctx.own(GEOSGeom_createPointFromXY_r(ctx.get(), p.x, p.y), "point");
  if (GEOSPreparedContains_r(ctx.get(), prepared, point.get()) == 1) return Where::Inside;
  if (GEOSPreparedCovers_r(ctx.get(), prepared, point.get()) == 1) return Where::Boundary;
  return Where::Outside;
}

inline const char* where_name(Where w) {
  switch (w) {
    case Where::Outside:
      return "outside";
    case Where::Inside:
      return "inside";
    case Where::Boundary:
      return "boundary";
    case Where::Unsure:
      break;
  }
  return "unsure";
}

/// Numbers and coordinates with every digit a double holds, for failure messages.
inline std::string text(double v) {
  std::ostringstream s;
  s << std::setprecision(17) << v;
  return s.str();
}

inline std::string text(const Point& p) {
  std::ostringstream s;
  s << std::setprecision(17) << '(' << p.x << ' ' << p.y << ')';
  return s.str();
}

inline std::string text(const Ring& r) {
  std::ostringstream s;
  s << std::setprecision(17) << '(';
  for (std::size_t i = 0; i < r.size(); ++i) s << (i ? ", " : "") << r[i].x << ' ' << r[i].y;
  s << ')';
  return s.str();
}

/// WKT with every digit, so that a failing case can be pasted into GEOS's tools.
inline std::string text(const Geometry& g) {
  std::string s = "MULTIPOLYGON (";
  for (std::size_t k = 0; k < g.polygons.size(); ++k) {
    s += k ? ", (" : "(";
    s += text(g.polygons[k].outer);
    for (const Ring& h : g.polygons[k].holes) s += ", " + text(h);
    s += ')';
  }
  return s + ')';
}

/// A test's disagreements with GEOS: the first few shown in full, all counted, and one failure
/// at the end that says how many of how many cases.
class Mismatches {
 public:
  explicit Mismatches(std::string what) : m_what(std::move(what)) {}
  Mismatches(const Mismatches&) = delete;
  Mismatches& operator=(const Mismatches&) = delete;
  ~Mismatches() {
    EXPECT_EQ(m_count, 0u) << m_count << " of " << m_cases << " " << m_what
                           << " disagree with GEOS";
  }
  void checked() { ++m_cases; }
  void add(const std::string& message) {
    if (m_count++ < kShown) ADD_FAILURE() << message;
  }
  std::size_t cases() const { return m_cases; }

 private:
  static constexpr std::size_t kShown = 12;
  std::string m_what;
  std::size_t m_count = 0;
  std::size_t m_cases = 0;
};

}  // namespace jigu::geom::hard_cases
