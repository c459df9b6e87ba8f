// The map clip (geom/clip.hpp) on cases worked out by hand: what is inside, outside, touches
// or straddles the box, holes and multipolygons, points and empty geometries. The generated hard
// cases against GEOS are clip_hard_cases_test's.
#include "geom/clip.hpp"

#include <gtest/gtest.h>

#include "geom/validity.hpp"
#include "hard_cases.hpp"
#include "jigu/area.hpp"

namespace jigu::geom {
namespace {

using namespace hard_cases;

constexpr Point kO{201234.5, 551234.25};  // Seoul: sides at whole metres from here

Box box(double x0, double y0, double x1, double y1) {
  return Box{{kO.x + x0, kO.y + y0}, {kO.x + x1, kO.y + y1}};
}

Ring rect(double x0, double y0, double x1, double y1) {
  return rectangle(kO.x + x0, kO.y + y0, kO.x + x1, kO.y + y1);
}

// Outer rings clockwise, holes counter-clockwise: jigu's orientation, which the clip keeps.
void expect_oriented(const Geometry& g) {
  Geometry normalized = g;
  normalize_orientation(normalized);
  for (std::size_t i = 0; i < g.polygons.size(); ++i) {
    EXPECT_EQ(g.polygons[i].outer, normalized.polygons[i].outer) << "part " << i;
    EXPECT_EQ(g.polygons[i].holes, normalized.polygons[i].holes) << "part " << i;
  }
}

TEST(Clip, WhollyInsideComesBackAsItWas) {
  const Geometry g = polygon(rect(1, 1, 3, 2));
  const Geometry out = clip_to_box(g, box(0, 0, 10, 10));
  ASSERT_EQ(out.polygons.size(), 1u);
  EXPECT_EQ(out.polygons[0].outer, g.polygons[0].outer);
  // Its sides on the box's sides still count as inside.
  const Geometry same = polygon(rect(0, 0, 10, 10));
  EXPECT_EQ(clip_to_box(same, box(0, 0, 10, 10)).polygons[0].outer, same.polygons[0].outer);
}

TEST(Clip, OutsideOrTouchingGivesNothing) {
  const Box b = box(0, 0, 10, 10);
  EXPECT_TRUE(clip_to_box(polygon(rect(20, 20, 30, 30)), b).empty());
  EXPECT_TRUE(clip_to_box(polygon(rect(10, 2, 12, 4)), b).empty());    // along the right side
  EXPECT_TRUE(clip_to_box(polygon(rect(10, 10, 12, 12)), b).empty());  // at the corner only
  // A triangle whose apex alone touches the bottom side.
  EXPECT_TRUE(
      clip_to_box(
          polygon({{kO.x + 5, kO.y}, {kO.x + 7, kO.y - 3}, {kO.x + 3, kO.y - 3}, {kO.x + 5, kO.y}}),
          b)
          .empty());
}

TEST(Clip, StraddlingKeepsTheInsidePartByHand) {
  // A 4 x 4 square centred on the box's top-right corner: a 2 x 2 quarter is inside.
  const Geometry out = clip_to_box(polygon(rect(8, 8, 12, 12)), box(0, 0, 10, 10));
  ASSERT_EQ(out.kind, GeometryKind::Polygons);
  EXPECT_NEAR(planar_area(out), 4.0, 1e-9);
  const Box e = envelope(out);
  EXPECT_EQ(e.max.x, kO.x + 10);
  EXPECT_EQ(e.max.y, kO.y + 10);
  expect_oriented(out);
}

TEST(Clip, HolesAndPartsAreCutToo) {
  // A 10 x 10 square with a 2 x 2 hole straddling the box's right side x = 6: inside the box
  // 0..6 the square keeps 6 x 10 = 60 less the hole's 1 x 2 inside part = 58.
  const Geometry holed = polygon(rect(0, 0, 10, 10), {reversed(rect(5, 4, 7, 6))});
  const Geometry out = clip_to_box(holed, box(-1, -1, 6, 11));
  EXPECT_NEAR(planar_area(out), 58.0, 1e-9);
  expect_oriented(out);
  // A hole wholly inside the box stays a hole.
  const Geometry kept =
      clip_to_box(polygon(rect(0, 0, 10, 10), {reversed(rect(2, 2, 3, 3))}), box(1, 1, 20, 20));
  ASSERT_EQ(kept.polygons.size(), 1u);
  EXPECT_EQ(kept.polygons[0].holes.size(), 1u);
  EXPECT_NEAR(planar_area(kept), 81.0 - 1.0, 1e-9);
  expect_oriented(kept);
  // Two parts, one inside and one half in.
  const Geometry parts = polygons({Polygon{rect(1, 1, 2, 2), {}}, Polygon{rect(9, 0, 11, 1), {}}});
  const Geometry cut = clip_to_box(parts, box(0, 0, 10, 10));
  EXPECT_EQ(cut.polygons.size(), 2u);
  EXPECT_NEAR(planar_area(cut), 1.0 + 1.0, 1e-9);
  // A box inside a hole: nothing.
  EXPECT_TRUE(
      clip_to_box(polygon(rect(0, 0, 10, 10), {reversed(rect(2, 2, 8, 8))}), box(3, 3, 4, 4))
          .empty());
}

TEST(Clip, PointsAndEmptyGeometriesGiveNothing) {
  Geometry points;
  points.kind = GeometryKind::Points;
  points.points = {{kO.x + 1, kO.y + 1}};
  EXPECT_TRUE(clip_to_box(points, box(0, 0, 10, 10)).empty());
  EXPECT_TRUE(clip_to_box(Geometry{}, box(0, 0, 10, 10)).empty());
}

}  // namespace
}  // namespace jigu::geom
