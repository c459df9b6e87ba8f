// Validity checks and repair through GEOS, with the answers worked out by hand.
#include "geom/validity.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "jigu/area.hpp"

namespace jigu::geom {
namespace {

Geometry polygon(Ring outer, std::vector<Ring> holes = {}) {
  Geometry g;
  g.kind = GeometryKind::Polygons;
  g.polygons.push_back(Polygon{std::move(outer), std::move(holes)});
  return g;
}

TEST(Validity, ASquareIsValid) {
  EXPECT_TRUE(check_validity(polygon({{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}})).valid);
}

TEST(Validity, BowTieIsInvalidAndRepairsIntoTwoTriangles) {
  // (0,0)-(2,2)-(2,0)-(0,2): crosses itself at (1,1); each triangle has area 1.
  const Geometry bowtie = polygon({{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}});
  const Validity v = check_validity(bowtie);
  EXPECT_FALSE(v.valid);
  EXPECT_NE(v.reason.find("Self-intersection"), std::string::npos) << v.reason;
  ASSERT_TRUE(v.location.has_value());
  EXPECT_NEAR(v.location->x, 1.0, 1e-12);
  EXPECT_NEAR(v.location->y, 1.0, 1e-12);
  const Geometry fixed = repair(bowtie);
  EXPECT_TRUE(check_validity(fixed).valid);
  EXPECT_EQ(fixed.polygons.size(), 2u);
  EXPECT_NEAR(planar_area(fixed), 2.0, 1e-12);
}

// One-ring polygons are first checked without GEOS; these are the cases that check must not
// call valid (GEOS gives the verdict and the reason), and the ones GEOS calls valid.
TEST(Validity, OneRingDefectsStillGetGeosVerdicts) {
  // Touches itself at the vertex (2,2).
  EXPECT_FALSE(
      check_validity(polygon({{0, 0}, {2, 2}, {4, 0}, {4, 4}, {2, 2}, {0, 4}, {0, 0}})).valid);
  // A spike out to (0,3) and back along the same line.
  EXPECT_FALSE(
      check_validity(polygon({{0, 0}, {0, 2}, {0, 3}, {0, 2}, {2, 2}, {2, 0}, {0, 0}})).valid);
  // A vertex on another edge.
  EXPECT_FALSE(check_validity(polygon({{0, 0}, {0, 4}, {4, 4}, {4, 0}, {2, 4}, {0, 0}})).valid);
  // Edges crossing far from any vertex, in a longer ring.
  const Validity crossing = check_validity(
      polygon({{0, 0}, {0, 10}, {10, 10}, {10, 6}, {-2, 4}, {-2, 3}, {10, 3}, {10, 0}, {0, 0}}));
  EXPECT_FALSE(crossing.valid);
  EXPECT_NE(crossing.reason.find("Self-intersection"), std::string::npos) << crossing.reason;
}

TEST(Validity, OneRingShapesGeosCallsValid) {
  // Concave (an L), a repeated point, and collinear vertices along an edge.
  EXPECT_TRUE(
      check_validity(polygon({{0, 0}, {0, 4}, {1, 4}, {1, 1}, {4, 1}, {4, 0}, {0, 0}})).valid);
  EXPECT_TRUE(check_validity(polygon({{0, 0}, {0, 1}, {0, 1}, {1, 1}, {1, 0}, {0, 0}})).valid);
  EXPECT_TRUE(check_validity(polygon({{0, 0}, {0, 1}, {0, 2}, {2, 2}, {2, 0}, {0, 0}})).valid);
}

TEST(Validity, UnclosedRingIsInvalidAndRepairClosesIt) {
  const Geometry open = polygon({{0, 0}, {0, 1}, {1, 1}, {1, 0}});
  const Validity v = check_validity(open);
  EXPECT_FALSE(v.valid);
  EXPECT_EQ(v.reason, "ring is not closed");
  const Geometry fixed = repair(open);
  EXPECT_NEAR(planar_area(fixed), 1.0, 1e-12);
}

TEST(Validity, ZeroAreaRingRepairsToNothing) {
  const Geometry flat = polygon({{0, 0}, {1, 1}, {2, 2}, {0, 0}});
  EXPECT_FALSE(check_validity(flat).valid);
  EXPECT_TRUE(repair(flat).empty());
}

TEST(Validity, NonFiniteCoordinatesAreInvalid) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Geometry g = polygon({{0, 0}, {0, nan}, {1, 1}, {1, 0}, {0, 0}});
  EXPECT_FALSE(has_finite_coordinates(g));
  EXPECT_FALSE(check_validity(g).valid);
}

TEST(Validity, NormalizeMakesOuterClockwiseAndHolesCounterClockwise) {
  // Outer counter-clockwise, hole clockwise: both get reversed.
  Geometry g =
      polygon({{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{{1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}}});
  normalize_orientation(g);
  auto signed_area = [](const Ring& r) {  // shoelace: > 0 counter-clockwise
    double a = 0;
    for (std::size_t i = 0; i + 1 < r.size(); ++i) a += r[i].x * r[i + 1].y - r[i + 1].x * r[i].y;
    return a / 2;
  };
  EXPECT_LT(signed_area(g.polygons[0].outer), 0);
  EXPECT_GT(signed_area(g.polygons[0].holes[0]), 0);
}

}  // namespace
}  // namespace jigu::geom
