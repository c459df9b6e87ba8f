// The polygon index (geom/polygon_index.hpp): which features a box reaches (against a scan of
// every feature's envelope), the code table, areas (by hand), the lazily made GEOS copies (their
// areas from GEOS itself), and where points lie (against GEOS's prepared Contains/Covers) along
// both paths: the plain ring walk for small polygons and the edge index for large ones. Inputs
// are a 4 x 4 block of parcels sharing edges and corners at Seoul, points and an empty feature
// among them.
#include "geom/polygon_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "geom/validity.hpp"
#include "hard_cases.hpp"

namespace jigu::geom {
namespace {

using namespace hard_cases;

constexpr Point kOrigin{201234.5, 551234.25};
constexpr double kCell = 10.0;

Feature feature(std::string code, Geometry g) {
  Feature f;
  f.code = std::move(code);
  normalize_orientation(g);
  f.geometry = std::move(g);
  return f;
}

// Features 0..15: 10 m squares in a 4 x 4 block, row by row, sharing edges and corners, codes
// cycling through three; 16: two points; 17: empty; 18: a big star of 600 vertices over the
// block, with a square hole.
FeatureSet block() {
  FeatureSet set;
  const char* const codes[] = {"UQA100", "UQA200", "UQA300"};
  for (int j = 0; j < 4; ++j) {
    for (int i = 0; i < 4; ++i) {
      const double x = kOrigin.x + i * kCell, y = kOrigin.y + j * kCell;
      set.features.push_back(
          feature(codes[(4 * j + i) % 3], polygon(rectangle(x, y, x + kCell, y + kCell))));
    }
  }
  Geometry points;
  points.kind = GeometryKind::Points;
  points.points = {{kOrigin.x + 5, kOrigin.y + 5}, {kOrigin.x + 100, kOrigin.y + 100}};
  set.features.push_back(feature("UQA100", points));
  set.features.push_back(feature("UQA400", Geometry{}));
  Random random(18);
  const Point centre{kOrigin.x + 2 * kCell, kOrigin.y + 2 * kCell};
  set.features.push_back(feature(
      "UQA500",
      polygon(star(random, centre, 30.0, 600, 0.7),
              {reversed(rectangle(centre.x - 5, centre.y - 5, centre.x + 5, centre.y + 5))})));
  return set;
}

TEST(PolygonIndex, QueryReturnsThePolygonsWhoseEnvelopeMeetsTheBoxInOrder) {
  const FeatureSet set = block();
  const PolygonIndex index(set);
  std::vector<std::size_t> out{99};  // the query replaces what was there
  // A point box on the corner four squares share (and inside the star).
  const Point corner{kOrigin.x + kCell, kOrigin.y + kCell};
  index.query(Box{corner, corner}, out);
  EXPECT_EQ(out, (std::vector<std::size_t>{0, 1, 4, 5, 18}));
  // A flat box along the shared edge x = origin + 10, lower half of the first square.
  index.query(Box{{corner.x, kOrigin.y}, {corner.x, kOrigin.y + 4}}, out);
  EXPECT_EQ(out, (std::vector<std::size_t>{0, 1, 18}));
  // Beyond everything, though the second point lies there: points are not indexed.
  index.query(Box{{kOrigin.x + 99, kOrigin.y + 99}, {kOrigin.x + 101, kOrigin.y + 101}}, out);
  EXPECT_TRUE(out.empty());
  // A hair (one ulp) past the block's right edge reaches only the star, which sticks out.
  const double right = kOrigin.x + 4 * kCell;
  index.query(Box{{stepped(right, 1), kOrigin.y + 1}, {stepped(right, 1), kOrigin.y + 1}}, out);
  EXPECT_EQ(out, (std::vector<std::size_t>{18}));
}

TEST(PolygonIndex, QueryAgreesWithAScanOfEnvelopes) {
  const FeatureSet set = block();
  const PolygonIndex index(set);
  Random random(3);
  std::vector<std::size_t> out;
  for (int n = 0; n < 3000; ++n) {
    const Point a{kOrigin.x + random.uniform(-20, 60), kOrigin.y + random.uniform(-20, 60)};
    // Boxes from points to half the block, some snapped to the grid of shared edges.
    Point b{a.x + random.uniform(0, 20) * random.chance(0.8),
            a.y + random.uniform(0, 20) * random.chance(0.8)};
    Box box{a, b};
    if (random.chance(0.3)) {
      box.min.x = kOrigin.x + kCell * std::round((box.min.x - kOrigin.x) / kCell);
      box.max.x = std::max(box.max.x, box.min.x);
    }
    index.query(box, out);
    std::vector<std::size_t> expected;
    for (std::size_t i = 0; i < set.features.size(); ++i) {
      if (set.features[i].geometry.kind != GeometryKind::Polygons) continue;
      const Box e = envelope(set.features[i].geometry);
      if (e.max.x < box.min.x || e.min.x > box.max.x || e.max.y < box.min.y ||
          e.min.y > box.max.y) {
        continue;
      }
      expected.push_back(i);
    }
    ASSERT_EQ(out, expected) << "box " << text(box.min) << " " << text(box.max);
  }
}

TEST(PolygonIndex, CodesAreasAndGeosCopies) {
  const FeatureSet set = block();
  for (const auto copies : {PolygonIndex::GeosCopies::Now, PolygonIndex::GeosCopies::OnFirstUse}) {
    const PolygonIndex index(set, nullptr, copies);
    EXPECT_FALSE(index.empty());
    EXPECT_EQ(index.point_grid(), nullptr);
    for (std::size_t i = 0; i < set.features.size(); ++i) {
      EXPECT_EQ(index.code(i), set.features[i].code) << i;
      EXPECT_EQ(&index.feature(i), &set.features[i]);
    }
    for (std::size_t i = 0; i < 16; ++i) EXPECT_NEAR(index.area(i), 100.0, 1e-9) << i;
    EXPECT_EQ(index.area(16), 0.0);  // points
    EXPECT_EQ(index.area(17), 0.0);  // empty
    EXPECT_EQ(index.geos(16), nullptr);
    EXPECT_EQ(index.prepared(16), nullptr);
    EXPECT_EQ(index.geos(17), nullptr);
    EXPECT_EQ(index.prepared(17), nullptr);
    // The star's area from GEOS's copy of it, less the 10 x 10 hole, equals the index's.
    ASSERT_NE(index.geos(18), nullptr);
    ASSERT_NE(index.prepared(18), nullptr);
    const double geos_area_m2 = geos_area(index.geos(18));
    EXPECT_NEAR(index.area(18), geos_area_m2, 1e-9 * geos_area_m2);
    EXPECT_GT(geos_area_m2, 0.45 * 3.14159 * 30 * 30 - 100);  // vertices 21 to 30 m out
    EXPECT_NEAR(geos_area(index.geos(5)), 100.0, 1e-9);
    EXPECT_EQ(index.geos(5), index.geos(5)) << "made once, then kept";
  }
}

TEST(PolygonIndex, ASetWithoutPolygonsIsEmpty) {
  FeatureSet set;
  Geometry points;
  points.kind = GeometryKind::Points;
  points.points = {{0, 0}};
  set.features.push_back(feature("A", points));
  set.features.push_back(feature("B", Geometry{}));
  const PolygonIndex index(set);
  EXPECT_TRUE(index.empty());
  std::vector<std::size_t> out;
  index.query(Box{{-1e9, -1e9}, {1e9, 1e9}}, out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(index.code(1), "B");
}

// The squares' shared corners and edges, their midpoints, points a nanometre and an ulp beside
// them, the star's vertices and edge midpoints, and random points.
std::vector<Point> queries(const FeatureSet& set, Random& random) {
  std::vector<Point> out;
  for (int j = 0; j <= 8; ++j) {
    for (int i = 0; i <= 8; ++i) {
      const Point p{kOrigin.x + i * kCell / 2, kOrigin.y + j * kCell / 2};
      out.push_back(p);
      out.push_back(stepped(p, 1, 0));
      out.push_back(stepped(p, 0, -1));
      out.push_back({p.x + 1e-9, p.y});
    }
  }
  const Ring& star_ring = set.features[18].geometry.polygons[0].outer;
  for (std::size_t k = 1; k < star_ring.size(); k += 7) {
    out.push_back(star_ring[k]);
    out.push_back(along(star_ring[k - 1], star_ring[k], 0.5));
    out.push_back(along(star_ring[k - 1], star_ring[k], 0.5, 1e-9));
  }
  for (int n = 0; n < 1000; ++n) {
    out.push_back({kOrigin.x + random.uniform(-15, 55), kOrigin.y + random.uniform(-15, 55)});
  }
  return out;
}

TEST(PolygonIndex, LocateAgreesWithGeosForSmallAndIndexedPolygons) {
  const FeatureSet set = block();
  const PolygonIndex index(set);
  Random random(12);
  Mismatches mismatches("point × polygon answers");
  std::size_t boundary = 0, unsure = 0;
  for (int pass = 0; pass < 2; ++pass) {
    // The second pass after every edge index is built: the small squares' answers then come
    // from their edge index instead of the ring walk.
    if (pass == 1) {
      for (std::size_t i = 0; i < 16; ++i) (void)index.edges(i);
    }
    for (const Point& p : queries(set, random)) {
      for (std::size_t i : {std::size_t{0}, std::size_t{5}, std::size_t{15}, std::size_t{18}}) {
        const Box e = envelope(set.features[i].geometry);
        if (p.x < e.min.x || p.x > e.max.x || p.y < e.min.y || p.y > e.max.y) continue;
        mismatches.checked();
        const Where ours = index.locate(i, p);
        const Where theirs = geos_where(index.prepared(i), p);
        boundary += theirs == Where::Boundary;
        if (ours == Where::Unsure) {
          ++unsure;
        } else if (ours != theirs) {
          mismatches.add("pass " + std::to_string(pass) + ", polygon " + std::to_string(i) +
                         ", point " + text(p) + ": jigu " + where_name(ours) + ", GEOS " +
                         where_name(theirs));
        }
      }
    }
  }
  EXPECT_GT(boundary, 300u) << "too few points on boundaries to prove anything";
  EXPECT_LT(unsure, mismatches.cases() / 100);
}

}  // namespace
}  // namespace jigu::geom
