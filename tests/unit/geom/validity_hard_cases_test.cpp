// The one-ring validity certificate (detail::certified_simple) and check_validity held against
// GEOSisValid on generated rings: simple stars, and stars with a self-touch, a vertex on another
// edge, collinear overlapping edges, spikes, near touches (1e-9 m, 1e-10 m, a few ulps), repeated
// points, crossings, collinear vertices and flat triangles, at Seoul, near zero, at micrometre
// size, near jigu's largest coordinate, and where products underflow. The certificate must never
// call valid what GEOS calls invalid, and check_validity must always give GEOS's verdict.
#include <gtest/gtest.h>

#include "geom/validity.hpp"
#include "hard_cases.hpp"

namespace jigu::geom {
namespace {

using namespace hard_cases;

constexpr std::uint64_t kFirstSeed = 1400;
constexpr std::uint64_t kSeeds = 400;  // a place, each giving one ring of every kind
// Rings so small that the orientation's products are subnormal: no place on Earth, but where the
// filter's error bound no longer holds.
constexpr Place kUnderflow{"underflow", {0.0, 0.0}, 1e-155};

enum class Kind {
  Simple,
  SelfTouch,
  VertexOnEdge,
  CollinearOverlap,
  Spike,
  NearTouch,
  RepeatedPoint,
  Crossing,
  CollinearVertex,
  Flat,
  Count
};

const char* kind_name(Kind k) {
  static const char* const names[] = {
      "simple",     "self-touch",     "vertex on edge", "collinear overlap", "spike",
      "near touch", "repeated point", "crossing",       "collinear vertex",  "flat triangle"};
  return names[static_cast<int>(k)];
}

// The ring's vertices without the closing one, and the ring closed again.
std::vector<Point> open(const Ring& r) {
  return {r.begin(), r.end() - 1};
}
Ring closed(std::vector<Point> v) {
  v.push_back(v.front());
  return v;
}

// A distance that barely separates two features: a nanometre, a tenth of one, or a few ulps.
Point near(Random& random, const Point& p) {
  switch (random.below(3)) {
    case 0:
      return along(p, {p.x + 1, p.y + random.uniform(-1, 1)}, 0.0, random.sign() * 1e-9);
    case 1:
      return along(p, {p.x + random.uniform(-1, 1), p.y + 1}, 0.0, random.sign() * 1e-10);
    default:
      return stepped(p, static_cast<int>(random.below(7)) - 3,
                     static_cast<int>(random.below(7)) - 3);
  }
}

// Half the rings have their vertices on a lattice of a sixteenth of their size and their
// defects at eighths along edges, where doubles are exact: vertices exactly on edges, exactly
// collinear spikes and overlaps. The others are where rounding puts them.
Ring make_ring(Random& random, const Place& place, Kind kind) {
  const bool lattice = random.chance(0.5);
  const double step = std::exp2(std::floor(std::log2(place.size_m)) - 4);
  const auto on_lattice = [&](Point p) {
    if (!lattice) return p;
    return Point{place.origin.x + std::round((p.x - place.origin.x) / step) * step,
                 place.origin.y + std::round((p.y - place.origin.y) / step) * step};
  };
  const auto fraction = [&](double lo, double hi) {
    if (!lattice) return random.uniform(lo, hi);
    const double first = std::ceil(lo * 8), last = std::floor(hi * 8);
    return (first + static_cast<double>(random.below(static_cast<std::size_t>(last - first) + 1))) /
           8;
  };
  const Point centre = on_lattice({place.origin.x + random.uniform(-1, 1) * place.size_m,
                                   place.origin.y + random.uniform(-1, 1) * place.size_m});
  const double radius = place.size_m * random.uniform(0.2, 1.0);
  if (kind == Kind::Flat) {  // a triangle whose apex is on or barely off its base, or past it
    const Point a = centre;
    const Point b = on_lattice({centre.x + radius, centre.y + random.uniform(-1, 1) * radius});
    const double t =
        random.chance(0.2) ? random.pick(std::vector<double>{-0.25, 1.25}) : fraction(0.1, 0.9);
    return closed({a, lattice ? along(a, b, t) : near(random, along(a, b, t)), b});
  }
  std::vector<Point> v = open(star(random, centre, radius, 5 + random.below(36)));
  for (Point& p : v) p = on_lattice(p);
  const std::size_t n = v.size();
  const std::size_t i = random.below(n);
  // Another vertex at least two steps from i either way, and the edge j -> j + 1 apart from i.
  const std::size_t j = (i + 2 + random.below(n - 3)) % n;
  const auto at = [&](std::size_t k) { return v[k % n]; };
  switch (kind) {
    case Kind::Simple:
    case Kind::Flat:
    case Kind::Count:
      break;
    case Kind::SelfTouch:  // the ring passes through one of its own vertices
      if (random.chance(0.5)) {
        v[i] = v[j];
      } else {
        v.insert(v.begin() + static_cast<std::ptrdiff_t>(i) + 1, v[j]);
      }
      break;
    case Kind::VertexOnEdge:
      v[i] = along(v[j], at(j + 1), fraction(0.05, 0.95),
                   random.pick(std::vector<double>{0.0, 0.0, 1e-9, -1e-9, 1e-12}));
      break;
    case Kind::CollinearOverlap: {  // out along the edge i -> i+1, round a bump and back over it
      const Point a = v[i], b = at(i + 1);
      const double t1 = fraction(0.1, 0.45), t2 = fraction(0.55, 0.9);
      const std::vector<Point> detour = {along(a, b, t2),
                                         along(a, b, 0.5 * (t1 + t2), random.sign() * 0.2 * radius),
                                         along(a, b, t1)};
      v.insert(v.begin() + static_cast<std::ptrdiff_t>(i) + 1, detour.begin(), detour.end());
      break;
    }
    case Kind::Spike: {
      const Point a = v[i], b = at(i + 1);
      std::vector<Point> spike;
      switch (random.below(3)) {
        case 0:  // past b along a -> b, then back to b
          spike = {along(a, b, fraction(1.1, 1.5))};
          break;
        case 1:  // out to a point and back to a exactly
          spike = {on_lattice(along(a, b, fraction(0.2, 0.8), random.sign() * radius)), a};
          break;
        default:  // out and back to within a hair of a
          spike = {along(a, b, random.uniform(0.2, 0.8), random.sign() * radius), near(random, a)};
          break;
      }
      v.insert(v.begin() + static_cast<std::ptrdiff_t>(i) + 1, spike.begin(), spike.end());
      break;
    }
    case Kind::NearTouch:  // a vertex moved to within a hair of another vertex or edge
      v[i] = random.chance(0.5) ? near(random, v[j])
                                : near(random, along(v[j], at(j + 1), random.uniform(0.1, 0.9)));
      break;
    case Kind::RepeatedPoint:
      for (std::size_t k = 1 + random.below(3); k-- > 0;) {
        const std::size_t at_k = random.chance(0.3) ? 0 : random.below(v.size());
        v.insert(v.begin() + static_cast<std::ptrdiff_t>(at_k), v[at_k]);
      }
      break;
    case Kind::Crossing:
      std::swap(v[i], random.chance(0.5) ? v[(i + 1) % n] : v[j]);
      break;
    case Kind::CollinearVertex: {
      const Point a = v[i], b = at(i + 1);
      v.insert(v.begin() + static_cast<std::ptrdiff_t>(i) + 1, along(a, b, fraction(0.1, 0.9)));
      break;
    }
  }
  return closed(std::move(v));
}

class ValidityHardCases : public testing::TestWithParam<Place> {};

TEST_P(ValidityHardCases, TheCertificateNeverCallsValidWhatGeosCallsInvalid) {
  const Place& place = GetParam();
  Mismatches mismatches("rings");
  std::vector<std::size_t> valid(static_cast<int>(Kind::Count)),
      certified(static_cast<int>(Kind::Count));
  for (std::uint64_t seed = kFirstSeed; seed < kFirstSeed + kSeeds; ++seed) {
    Random random(seed);
    for (int k = 0; k < static_cast<int>(Kind::Count); ++k) {
      const Kind kind = static_cast<Kind>(k);
      const Ring ring = make_ring(random, place, kind);
      if (ring.size() < 4) continue;  // check_validity rejects those before the certificate
      mismatches.checked();
      const Geometry g = polygon(ring);
      const bool geos = geos_valid(geos_of(g).get());
      const bool fast = detail::certified_simple(ring);
      const bool checked = check_validity(g).valid;
      valid[k] += geos;
      certified[k] += fast;
      if ((fast && !geos) || checked != geos) {
        mismatches.add("seed " + std::to_string(seed) + ", " + kind_name(kind) + ": certified " +
                       (fast ? "simple" : "no") + ", check_validity " +
                       (checked ? "valid" : "invalid") + ", GEOS " + (geos ? "valid" : "invalid") +
                       ": POLYGON (" + text(ring) + ")");
      }
    }
  }
  for (int k = 0; k < static_cast<int>(Kind::Count); ++k) {
    RecordProperty(std::string(kind_name(static_cast<Kind>(k))) + ": GEOS valid, certified",
                   std::to_string(valid[k]) + ", " + std::to_string(certified[k]));
  }
  RecordProperty("rings", static_cast<int>(mismatches.cases()));
  // The certificate must still decide most simple rings, or it would prove nothing here.
  const int simple = static_cast<int>(Kind::Simple);
  EXPECT_GT(certified[simple], valid[simple] / 2) << "the certificate decided too few rings";
}

INSTANTIATE_TEST_SUITE_P(Places, ValidityHardCases,
                         testing::Values(kSeoul, kZero, kTiny, kFar, kUnderflow), place_name);

}  // namespace
}  // namespace jigu::geom
