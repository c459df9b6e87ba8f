// The planar helpers of jigu/geometry.hpp (src/analysis/geometry.cpp): the empty box, growing a
// box, a geometry's envelope and clearing a geometry. Boxes are worked out by hand, then held
// against GEOS's own envelope (GEOSGeom_getXMin_r and friends) on random multipolygons with holes
// at Seoul and far out.
#include "jigu/geometry.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "../geom/hard_cases.hpp"

namespace jigu {
namespace {

using namespace geom::hard_cases;

void expect_box(const Box& b, double x0, double y0, double x1, double y1) {
  EXPECT_EQ(b.min.x, x0);
  EXPECT_EQ(b.min.y, y0);
  EXPECT_EQ(b.max.x, x1);
  EXPECT_EQ(b.max.y, y1);
}

TEST(Geometry, TheEmptyBoxIsInvertedAndExpandingItGivesTheOtherBox) {
  const Box e = empty_box();
  EXPECT_GT(e.min.x, e.max.x);
  EXPECT_GT(e.min.y, e.max.y);
  // Inverted by infinities, so that any finite box, however far out, replaces it.
  EXPECT_TRUE(std::isinf(e.min.x) && e.min.x > 0);
  EXPECT_TRUE(std::isinf(e.max.y) && e.max.y < 0);
  Box b = empty_box();
  expand(b, Box{{-1e9, 551234.25}, {-1e9, 551234.25}});  // a single point
  expect_box(b, -1e9, 551234.25, -1e9, 551234.25);
  // Expanding by the empty box changes nothing.
  expand(b, empty_box());
  expect_box(b, -1e9, 551234.25, -1e9, 551234.25);
}

TEST(Geometry, ExpandIsTheUnionOfTwoBoxes) {
  Box b{{0, 0}, {2, 1}};
  expand(b, Box{{1, -3}, {1.5, 0.5}});  // sticks out below only
  expect_box(b, 0, -3, 2, 1);
  expand(b, Box{{-5, 4}, {-4, 6}});  // apart, up and to the left
  expect_box(b, -5, -3, 2, 6);
  expand(b, Box{{-1, -1}, {1, 1}});  // inside
  expect_box(b, -5, -3, 2, 6);
}

TEST(Geometry, EnvelopeOfPointsAndPolygonsByHand) {
  Geometry points;
  points.kind = GeometryKind::Points;
  points.points = {{201000.5, 551000.25}, {200999.0, 551003.0}, {201002.0, 550999.75}};
  expect_box(envelope(points), 200999.0, 550999.75, 201002.0, 551003.0);

  // Two parts; the second's hole lies inside its outer ring, so the outer rings decide.
  const Geometry g = polygons({Polygon{rectangle(-3, -2, -1, 4), {}},
                               Polygon{rectangle(5, 0, 9, 1), {rectangle(6, 0.25, 7, 0.75)}}});
  expect_box(envelope(g), -3, -2, 9, 4);
}

TEST(Geometry, EnvelopeOfAnEmptyGeometryIsInverted) {
  const Box b = envelope(Geometry{});
  EXPECT_GT(b.min.x, b.max.x);
  EXPECT_GT(b.min.y, b.max.y);
  // A polygon with no points at all (an empty ring) bounds nothing either.
  const Box r = envelope(polygons({Polygon{}}));
  EXPECT_GT(r.min.x, r.max.x);
}

TEST(Geometry, ClearEmptiesButKeepsTheMemory) {
  Geometry g = polygon(rectangle(0, 0, 1, 1));
  g.points = {{1, 2}};
  const auto capacity = g.polygons.capacity();
  g.clear();
  EXPECT_TRUE(g.empty());
  EXPECT_EQ(g.kind, GeometryKind::Empty);
  EXPECT_TRUE(g.polygons.empty());
  EXPECT_TRUE(g.points.empty());
  EXPECT_EQ(g.polygons.capacity(), capacity);
}

TEST(Geometry, PointsAreEqualOnlyWhenBothCoordinatesAre) {
  EXPECT_EQ((Point{1, 2}), (Point{1, 2}));
  EXPECT_NE((Point{1, 2}), (Point{2, 1}));
  EXPECT_NE((Point{201234.5, 551234.25}), stepped(Point{201234.5, 551234.25}, 0, 1));
  EXPECT_EQ((Point{0.0, 0.0}), (Point{-0.0, 0.0}));  // == on doubles: signed zeros are equal
}

class GeometryEnvelope : public testing::TestWithParam<Place> {};

TEST_P(GeometryEnvelope, IsGeosEnvelopeForMultipolygonsWithHoles) {
  const Place& place = GetParam();
  const auto& ctx = handles::geos();
  Random random(915);
  for (int n = 0; n < 500; ++n) {
    MultiPolygon parts;
    const std::size_t count = 1 + random.below(3);
    for (std::size_t k = 0; k < count; ++k) {
      const Point c{place.origin.x + random.uniform(-5, 5) * place.size_m,
                    place.origin.y + random.uniform(-5, 5) * place.size_m};
      Polygon p{star(random, c, place.size_m, 3 + random.below(12), 0.6), {}};
      // A hole well inside: the star's inner radius is at least 0.6 of the outer.
      if (random.chance(0.5)) {
        p.holes.push_back(reversed(star(random, c, 0.3 * place.size_m, 3 + random.below(6), 0.5)));
      }
      parts.push_back(std::move(p));
    }
    const Geometry g = polygons(std::move(parts));
    const handles::GeosGeom theirs = geos_of(g);
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    ASSERT_EQ(GEOSGeom_getXMin_r(ctx.get(), theirs.get(), &x0), 1);
    ASSERT_EQ(GEOSGeom_getYMin_r(ctx.get(), theirs.get(), &y0), 1);
    ASSERT_EQ(GEOSGeom_getXMax_r(ctx.get(), theirs.get(), &x1), 1);
    ASSERT_EQ(GEOSGeom_getYMax_r(ctx.get(), theirs.get(), &y1), 1);
    SCOPED_TRACE(text(g));
    expect_box(envelope(g), x0, y0, x1, y1);
  }
}

INSTANTIATE_TEST_SUITE_P(Places, GeometryEnvelope, testing::Values(kSeoul, kZero, kTiny, kFar),
                         place_name);

}  // namespace
}  // namespace jigu
