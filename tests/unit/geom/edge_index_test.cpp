// The edge index and ray-crossing count (geom/edge_index.hpp): where points lie (by hand, and
// against GEOS's prepared Contains/Covers on parcels cut along a zoning's edges, with the
// zoning's vertices and edge points as queries), which edges a box reaches (against a scan of
// every edge), the rings' integrals (against their areas by hand), and the index's handling of
// repeated points, flat rings, empty input and reuse.
#include "geom/edge_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numbers>
#include <set>

#include "../analysis/shared_boundary_cases.hpp"
#include "geom/validity.hpp"
#include "hard_cases.hpp"

namespace jigu::geom {
namespace {

using namespace hard_cases;

Geometry normalized(Geometry g) {
  normalize_orientation(g);
  return g;
}

TEST(EdgeIndex, LocatesPointsInsideOnTheBoundaryAndInHoles) {
  const Geometry g = normalized(polygon(rectangle(0, 0, 4, 4), {rectangle(1, 1, 2, 2)}));
  const EdgeIndex index(g);
  EXPECT_EQ(index.locate({0.5, 0.5}), Where::Inside);
  EXPECT_EQ(index.locate({1.5, 1.5}), Where::Outside);  // in the hole
  EXPECT_EQ(index.locate({4, 2}), Where::Boundary);
  EXPECT_EQ(index.locate({1, 1}), Where::Boundary);  // the hole's corner
  EXPECT_EQ(index.locate({5, 2}), Where::Outside);
}

TEST(EdgeIndex, ManyBandsGiveTheSameAnswersAsOneRingWalk) {
  // A 200-vertex star: the index spreads its edges over bands; every answer must equal the
  // plain walk over the rings.
  Ring ring;
  for (int i = 0; i < 200; ++i) {
    const double a = 2 * std::numbers::pi * i / 200;
    const double r = i % 2 ? 10 : 4;
    ring.push_back({r * std::cos(a), r * std::sin(a)});
  }
  ring.push_back(ring.front());
  const Geometry g = normalized(polygon(ring));
  const EdgeIndex index(g);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-11, 11);
  for (int i = 0; i < 5000; ++i) {
    const Point p{u(rng), u(rng)};
    ASSERT_EQ(index.locate(p), locate_in_rings(g, p)) << p.x << " " << p.y;
  }
  int near = 0;
  index.near(Box{{-1, -1}, {1, 1}}, [&](std::uint32_t) { ++near; });
  EXPECT_EQ(near, 0);  // the star's inner vertices are 4 from the centre
  index.near(Box{{-20, -20}, {20, 20}}, [&](std::uint32_t) { ++near; });
  EXPECT_EQ(near, 200);  // every edge once
}

TEST(RayStep, CountsEdgesTheRayCrossesAndStopsOnTheBoundary) {
  const Point p{0, 0};
  int crossings = 0;
  // Right of p, upward and downward: both crossed.
  EXPECT_EQ(ray_step({1, -1}, {1, 1}, p, crossings), Where::Outside);
  EXPECT_EQ(crossings, 1);
  EXPECT_EQ(ray_step({2, 1}, {2, -1}, p, crossings), Where::Outside);
  EXPECT_EQ(crossings, 2);
  // Left of p, wholly above, wholly below, and leaning away to the left: none crossed.
  EXPECT_EQ(ray_step({-1, -1}, {-1, 1}, p, crossings), Where::Outside);
  EXPECT_EQ(ray_step({-5, 1}, {5, 2}, p, crossings), Where::Outside);
  EXPECT_EQ(ray_step({-5, -1}, {5, -2}, p, crossings), Where::Outside);
  EXPECT_EQ(ray_step({1, -1}, {-3, 1}, p, crossings), Where::Outside);  // meets y = 0 at x = -1
  EXPECT_EQ(crossings, 2);
  // On the edge, at either end of it, and on a horizontal edge: boundary.
  EXPECT_EQ(ray_step({1, -1}, {-1, 1}, p, crossings), Where::Boundary);
  EXPECT_EQ(ray_step({0, 0}, {3, 5}, p, crossings), Where::Boundary);
  EXPECT_EQ(ray_step({3, 5}, {0, 0}, p, crossings), Where::Boundary);
  EXPECT_EQ(ray_step({-1, 0}, {1, 0}, p, crossings), Where::Boundary);
  // A horizontal edge at p's height but beside it is no crossing.
  EXPECT_EQ(ray_step({1, 0}, {3, 0}, p, crossings), Where::Outside);
  EXPECT_EQ(crossings, 2);
}

TEST(RayStep, AVertexOnTheRayCountsOnceWhereTheBoundaryCrossesAndTwiceOrNotWhereItTouches) {
  const Point p{0, 0};
  // Through (3, 0), going on upward: one crossing between the two edges.
  int through = 0;
  ray_step({3, -1}, {3, 0}, p, through);
  ray_step({3, 0}, {3, 1}, p, through);
  EXPECT_EQ(through, 1);
  // Down to (3, 0) and back up (a tip touching the ray from above): parity unchanged.
  int above = 0;
  ray_step({2, 1}, {3, 0}, p, above);
  ray_step({3, 0}, {4, 1}, p, above);
  EXPECT_EQ(above % 2, 0);
  // Up to (3, 0) and back down (a tip touching from below): parity unchanged.
  int below = 0;
  ray_step({2, -1}, {3, 0}, p, below);
  ray_step({3, 0}, {4, -1}, p, below);
  EXPECT_EQ(below % 2, 0);
}

TEST(EdgeIndex, PointsLevelWithVerticesByHand) {
  // A diamond and a triangle whose lowest vertex is level with the points.
  const Geometry diamond = normalized(polygon({{0, -1}, {1, 0}, {0, 1}, {-1, 0}, {0, -1}}));
  const Geometry tip = normalized(polygon({{2, 1}, {3, 0}, {4, 1}, {2, 1}}));
  for (const Geometry* g : {&diamond, &tip}) {
    const EdgeIndex index(*g);
    const bool is_diamond = g == &diamond;
    SCOPED_TRACE(is_diamond ? "diamond" : "tip");
    // Left of everything, its ray through the diamond's two side vertices or the tip's vertex.
    EXPECT_EQ(locate_in_rings(*g, {-3, 0}), Where::Outside);
    EXPECT_EQ(locate_in_rings(*g, {0, 0}), is_diamond ? Where::Inside : Where::Outside);
    EXPECT_EQ(locate_in_rings(*g, {3, 0}), is_diamond ? Where::Outside : Where::Boundary);
    EXPECT_EQ(locate_in_rings(*g, {3, 0.5}), is_diamond ? Where::Outside : Where::Inside);
    for (const Point& q : {Point{-3, 0}, Point{0, 0}, Point{3, 0}, Point{3, 0.5}, Point{1, 0}}) {
      EXPECT_EQ(index.locate(q), locate_in_rings(*g, q)) << text(q);
    }
  }
}

TEST(EdgeIndex, RepeatedPointsAreLeftOutAndRingsKeepTheirEdges) {
  // A clockwise unit square with its corners doubled, and a hole that is a single point.
  const Geometry g = polygons({Polygon{{{0, 0}, {0, 0}, {0, 1}, {1, 1}, {1, 1}, {1, 0}, {0, 0}},
                                       {{{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}}}},
                               Polygon{rectangle(3, 0, 4, 2), {}}});
  const EdgeIndex index(g);
  ASSERT_EQ(index.size(), 8u);
  ASSERT_EQ(index.rings().size(), 2u);  // the one-point hole bounds nothing
  EXPECT_EQ(index.rings()[0].first, 0u);
  EXPECT_EQ(index.rings()[0].count, 4u);
  EXPECT_EQ(index.rings()[1].first, 4u);
  EXPECT_EQ(index.rings()[1].count, 4u);
  EXPECT_EQ(index.rings()[1].box.min.x, 3.0);
  EXPECT_EQ(index.rings()[1].box.max.y, 2.0);
  for (std::uint32_t e = 0; e < index.size(); ++e) {
    EXPECT_NE(index.edge(e).a, index.edge(e).b) << e;
    EXPECT_EQ(index.ring_of(e), e < 4 ? 0u : 1u) << e;
  }
  EXPECT_EQ(index.box().min.x, 0.0);
  EXPECT_EQ(index.box().min.y, 0.0);
  EXPECT_EQ(index.box().max.x, 4.0);
  EXPECT_EQ(index.box().max.y, 2.0);
  EXPECT_EQ(index.locate({0.5, 0.5}), Where::Inside);  // the point "hole" takes nothing away
}

TEST(EdgeIndex, RingIntegralIsMinusTheAreaOfAClockwiseRing) {
  // At Seoul, relative to a corner so that every product is exact: a 2 x 3 clockwise outer ring
  // gives -6, a 1 x 0.5 counter-clockwise hole +0.5.
  const Point o{201234.5, 551234.25};
  const Geometry g = normalized(polygon(rectangle(o.x, o.y, o.x + 2, o.y + 3),
                                        {rectangle(o.x + 0.5, o.y + 1, o.x + 1.5, o.y + 1.5)}));
  const EdgeIndex index(g);
  ASSERT_EQ(index.rings().size(), 2u);
  EXPECT_EQ(index.ring_integral(0, o), -6.0);
  EXPECT_EQ(index.ring_integral(1, o), 0.5);
  // The same from another origin, by a whole number of metres: the integral does not move.
  EXPECT_EQ(index.ring_integral(0, {o.x - 7, o.y + 11}), -6.0);
  // The clockwise triangle (0,0) -> (0,2) -> (3,0) of area 3, segment by segment: 0, then
  // (0 + 3) / 2 × (0 - 2) = -3, then 0 (a horizontal edge).
  EXPECT_EQ(segment_integral({0, 0}, {0, 2}, {0, 0}), 0.0);
  EXPECT_EQ(segment_integral({0, 2}, {3, 0}, {0, 0}), -3.0);
  EXPECT_EQ(segment_integral({3, 0}, {0, 0}, {0, 0}), 0.0);
  EXPECT_EQ(segment_integral({0, 2}, {3, 0}, {1, 5}), -1.0);  // (−1 + 2)/2 × −2
}

TEST(EdgeIndex, EmptyAndPointGeometriesIndexNothing) {
  Geometry points;
  points.kind = GeometryKind::Points;
  points.points = {{0, 0}, {1, 1}};
  for (const Geometry& g : {Geometry{}, points}) {
    const EdgeIndex index(g);
    EXPECT_EQ(index.size(), 0u);
    EXPECT_TRUE(index.rings().empty());
    EXPECT_EQ(index.locate({0, 0}), Where::Outside);
    int calls = 0;
    index.near(Box{{-1e9, -1e9}, {1e9, 1e9}}, [&](std::uint32_t) { ++calls; });
    EXPECT_EQ(calls, 0);
  }
}

TEST(EdgeIndex, AFlatRingHasOneBandAndItsPointsOnTheBoundary) {
  // Zero height (an invalid ring, but indexed all the same): no division by the height.
  const Geometry flat = polygon({{0, 5}, {10, 5}, {20, 5}, {0, 5}});
  const EdgeIndex index(flat);
  EXPECT_EQ(index.size(), 3u);
  EXPECT_EQ(index.locate({15, 5}), Where::Boundary);
  EXPECT_EQ(index.locate({25, 5}), Where::Outside);
  EXPECT_EQ(index.locate({15, 5.5}), Where::Outside);
  int calls = 0;
  index.near(Box{{12, 5}, {13, 5}}, [&](std::uint32_t) { ++calls; });
  EXPECT_EQ(calls, 2);  // (10,5)-(20,5) and the closing (20,5)-(0,5)
}

// Every edge whose box meets `box` (closed intervals), by scanning them all.
std::set<std::uint32_t> edges_near(const EdgeIndex& index, const Box& box) {
  std::set<std::uint32_t> out;
  for (std::uint32_t e = 0; e < index.size(); ++e) {
    const auto& s = index.edge(e);
    if (std::max(s.a.x, s.b.x) < box.min.x || std::min(s.a.x, s.b.x) > box.max.x ||
        std::max(s.a.y, s.b.y) < box.min.y || std::min(s.a.y, s.b.y) > box.max.y) {
      continue;
    }
    out.insert(e);
  }
  return out;
}

class EdgeIndexNear : public ::testing::TestWithParam<Place> {};

TEST_P(EdgeIndexNear, CallsEachEdgeThatReachesTheBoxExactlyOnce) {
  Random random(31);
  const Place& place = GetParam();
  std::size_t found = 0;
  for (int n = 0; n < 20; ++n) {
    // A big star with holes: hundreds of edges over many bands.
    const Ring outer = star(random, place.origin, place.size_m, 300 + random.below(400));
    const Geometry g =
        normalized(polygon(outer, {reversed(star(random, place.origin, 0.3 * place.size_m, 50))}));
    const EdgeIndex index(g);
    for (int q = 0; q < 200; ++q) {
      Box box;
      const Point c{place.origin.x + random.uniform(-1.2, 1.2) * place.size_m,
                    place.origin.y + random.uniform(-1.2, 1.2) * place.size_m};
      switch (q % 4) {
        case 0: {  // a vertex as a point box
          const Point v = outer[random.below(outer.size())];
          box = Box{v, v};
          break;
        }
        case 1:  // a flat box, one line
          box = Box{c, {c.x + random.uniform(0, place.size_m), c.y}};
          break;
        default: {
          const double w = random.uniform(0, 0.5) * place.size_m;
          const double h = random.uniform(0, 0.5) * place.size_m;
          box = Box{c, {c.x + w, c.y + h}};
        }
      }
      std::multiset<std::uint32_t> called;
      index.near(box, [&](std::uint32_t e) { called.insert(e); });
      const std::set<std::uint32_t> expected = edges_near(index, box);
      ASSERT_EQ(std::set<std::uint32_t>(called.begin(), called.end()), expected)
          << "case " << n << ", box " << text(box.min) << " " << text(box.max);
      ASSERT_EQ(called.size(), expected.size()) << "an edge was reported twice";
      found += expected.size();
    }
  }
  EXPECT_GT(found, 1000u) << "the boxes reached too few edges to prove anything";
}

INSTANTIATE_TEST_SUITE_P(Places, EdgeIndexNear, ::testing::Values(kSeoul, kZero, kTiny, kFar),
                         place_name);

TEST(EdgeIndex, ReusingAnIndexKeepsNothingOfTheLastGeometry) {
  Random random(5);
  const Geometry big = normalized(polygon(star(random, kSeoul.origin, 40, 800)));
  const Geometry small = normalized(polygon(
      rectangle(kSeoul.origin.x, kSeoul.origin.y, kSeoul.origin.x + 3, kSeoul.origin.y + 2)));
  EdgeIndex reused(big);
  reused.assign(small);
  const EdgeIndex fresh(small);
  EXPECT_EQ(reused.size(), 4u);
  EXPECT_EQ(reused.rings().size(), 1u);
  for (int n = 0; n < 2000; ++n) {
    const Point p{kSeoul.origin.x + random.uniform(-1, 4), kSeoul.origin.y + random.uniform(-1, 3)};
    ASSERT_EQ(reused.locate(p), fresh.locate(p)) << text(p);
  }
  int calls = 0;
  reused.near(Box{{kSeoul.origin.x - 50, kSeoul.origin.y - 50},
                  {kSeoul.origin.x + 50, kSeoul.origin.y + 50}},
              [&](std::uint32_t) { ++calls; });
  EXPECT_EQ(calls, 4);
}

// Parcels cut along a zoning's edges (sliver, shared-edge, vertex-on-edge, hole-touching...),
// located at the zoning's vertices, the exact midpoints of its edges and points a nanometre off
// them: each answer is GEOS's, or Unsure (which sends the caller to GEOS).
TEST(EdgeIndex, AgreesWithGeosWhereParcelAndZoneBoundariesMeet) {
  const auto& ctx = handles::geos();
  analysis::testing::SharedBoundaryCases cases(2026, kSeoul.origin);
  std::vector<Point> queries;
  for (const Feature& zone : cases.zoning().features) {
    for (const Polygon& poly : zone.geometry.polygons) {
      for (std::size_t r = 0; r <= poly.holes.size(); ++r) {
        const Ring& ring = r == 0 ? poly.outer : poly.holes[r - 1];
        for (std::size_t i = 1; i < ring.size(); ++i) {
          queries.push_back(ring[i]);
          queries.push_back(along(ring[i - 1], ring[i], 0.5));
          queries.push_back(along(ring[i - 1], ring[i], 0.5, 1e-9));
          queries.push_back(along(ring[i - 1], ring[i], 0.5, -1e-9));
        }
      }
    }
  }
  Mismatches mismatches("point × parcel answers");
  std::size_t boundary = 0, inside = 0;
  for (int kind = 0; kind < analysis::testing::kCaseKinds; ++kind) {
    for (int n = 0; n < 25; ++n) {
      const analysis::testing::BoundaryCase c =
          cases.next(static_cast<analysis::testing::CaseKind>(kind), 0.0);
      const handles::GeosGeom g = geos_of(c.parcel);
      if (!geos_valid(g.get())) continue;
      const handles::GeosPrepared prepared(GEOSPrepare_r(ctx.get(), g.get()),
                                           handles::GeosPreparedDeleter{ctx.get()});
      const EdgeIndex index(c.parcel);
      for (const Point& p : queries) {
        const Box& b = index.box();
        if (p.x < b.min.x || p.x > b.max.x || p.y < b.min.y || p.y > b.max.y) continue;
        mismatches.checked();
        const Where theirs = geos_where(prepared.get(), p);
        boundary += theirs == Where::Boundary;
        inside += theirs == Where::Inside;
        for (const Where ours : {index.locate(p), locate_in_rings(c.parcel, p)}) {
          if (ours != Where::Unsure && ours != theirs) {
            mismatches.add(std::string(analysis::testing::case_kind_name(c.kind)) + " parcel " +
                           text(c.parcel) + ", point " + text(p) + ": jigu " + where_name(ours) +
                           ", GEOS " + where_name(theirs));
          }
        }
      }
    }
  }
  EXPECT_GT(boundary, 200u) << "too few points on parcel boundaries to prove anything";
  EXPECT_GT(inside, 200u);
}

}  // namespace
}  // namespace jigu::geom
