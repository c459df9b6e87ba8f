// The point grid (analysis/cell_grid) against GEOS's own covers predicate, polygon by polygon,
// on the real Seoul 행정동 boundaries and on hand-made layers with shared edges and holes.
#include "geom/cell_grid.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "analysis/site_parts.hpp"
#include "geom/polygon_index.hpp"
#include "handles/geometry_convert.hpp"
#include "handles/geos_context.hpp"
#include "jigu/layer_reader.hpp"
#include "test_paths.hpp"

namespace jigu::geom {
namespace {

Ring rect(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}};
}

Feature polygons(MultiPolygon parts) {
  Feature f;
  f.geometry.kind = GeometryKind::Polygons;
  f.geometry.polygons = std::move(parts);
  return f;
}

// The polygons whose closure contains p, by GEOS alone: every polygon, no index.
class GeosOracle {
 public:
  explicit GeosOracle(const FeatureSet& set) {
    for (const Feature& f : set.features) {
      m_geoms.push_back(f.geometry.kind == GeometryKind::Polygons
                            ? handles::to_geos(handles::geos(), f.geometry)
                            : handles::GeosGeom(nullptr, handles::GeosGeomDeleter{}));
    }
  }
  std::vector<std::size_t> covering(const Point& p) const {
    const auto& ctx = handles::geos();
    const handles::GeosGeom point = ctx.own(GEOSGeom_createPointFromXY_r(ctx.get(), p.x, p.y), "p");
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < m_geoms.size(); ++i) {
      if (m_geoms[i] && GEOSCovers_r(ctx.get(), m_geoms[i].get(), point.get()) == 1) {
        out.push_back(i);
      }
    }
    return out;
  }

 private:
  std::vector<handles::GeosGeom> m_geoms;
};

// How many of `points` the grid answers: with the grid, the same polygons as GEOS, and how many
// of the points it placed in a polygon without testing an edge.
std::size_t expect_grid_agrees_with_geos(const FeatureSet& set, const std::vector<Point>& points) {
  const SharedCellGrid shared(set);
  const PolygonIndex with_grid(set, &shared);
  EXPECT_NE(with_grid.point_grid(), nullptr);
  if (with_grid.point_grid() == nullptr) return 0;
  const GeosOracle oracle(set);
  analysis::SiteScratch scratch;
  std::size_t whole = 0;
  for (const Point& p : points) {
    EXPECT_EQ(analysis::covering(with_grid, p, scratch), oracle.covering(p))
        << "point (" << std::setprecision(17) << p.x << ", " << p.y << ")";
    with_grid.point_grid()->visit(p, [&](std::size_t, bool certain) { whole += certain; });
  }
  return whole;
}

TEST(CellGrid, AgreesWithGeosOnSeoulDongsForRandomPointsVerticesAndEdgePoints) {
  ReadOptions o;
  o.id_field = "adm_cd2";
  const FeatureSet set = read_layer(
      (test::shared_data() / "admdong-seoul-2021/hangjeongdong_seoul.geojson").string(), o);
  ASSERT_EQ(set.features.size(), 425u);
  Box extent = empty_box();
  for (const Feature& f : set.features) expand(extent, envelope(f.geometry));

  std::vector<Point> points;
  std::mt19937_64 random(20261128);
  std::uniform_real_distribution<double> x(extent.min.x, extent.max.x);
  std::uniform_real_distribution<double> y(extent.min.y, extent.max.y);
  constexpr std::size_t kRandom = 20000;
  for (std::size_t k = 0; k < kRandom; ++k) points.push_back({x(random), y(random)});
  // Points on boundaries: every 13th vertex, exactly, and the middle of the edge after it, which
  // rounding puts on either side or on the edge.
  std::size_t n = 0;
  for (const Feature& f : set.features) {
    for (const auto& poly : f.geometry.polygons) {
      for (std::size_t r = 0; r <= poly.holes.size(); ++r) {
        const Ring& ring = r == 0 ? poly.outer : poly.holes[r - 1];
        for (std::size_t k = 1; k < ring.size(); ++k) {
          if (n++ % 13 != 0) continue;
          points.push_back(ring[k - 1]);
          points.push_back({(ring[k - 1].x + ring[k].x) / 2, (ring[k - 1].y + ring[k].y) / 2});
        }
      }
    }
  }
  // The extent's own corners and sides: the grid's first and last cells.
  points.push_back(extent.min);
  points.push_back(extent.max);
  points.push_back({extent.max.x, extent.min.y});
  points.push_back({extent.min.x, (extent.min.y + extent.max.y) / 2});

  const std::size_t whole = expect_grid_agrees_with_geos(set, points);
  // Seoul fills about 60 % of its box; most of those points must skip the ray count.
  EXPECT_GT(whole, kRandom / 3) << "the grid decided too few points by itself";
}

// Two squares sharing the edge x = 100, the first with a hole; an L of two parts; a triangle
// over the shared edge. Points on every kind of boundary.
TEST(CellGrid, AgreesWithGeosOnSharedEdgesHolesAndMultipolygons) {
  FeatureSet set;
  set.features.push_back(polygons({{rect(0, 0, 100, 100), {rect(40, 40, 60, 60)}}}));
  set.features.push_back(polygons({{rect(100, 0, 200, 100), {}}}));
  set.features.push_back(polygons({{rect(0, 100, 50, 200), {}}, {rect(50, 100, 200, 150), {}}}));
  set.features.push_back(polygons({{{{90, 20}, {110, 20}, {100, 80}, {90, 20}}, {}}}));
  std::vector<Point> points;
  for (double px = -10; px <= 210; px += 2.5) {
    for (double py = -10; py <= 210; py += 2.5) points.push_back({px, py});
  }
  for (Point p : {Point{50, 50}, Point{40, 50}, Point{60, 60}, Point{100, 50}, Point{100, 100},
                  Point{50, 150}, Point{50, 125}, Point{100, 80}, Point{95, 50}}) {
    points.push_back(p);
  }
  expect_grid_agrees_with_geos(set, points);

  // A point deep in the first square is decided by the grid alone; the hole's middle lies in no
  // polygon, so no cell there names the square as containing it.
  const CellGrid grid(set);
  std::vector<std::pair<std::size_t, bool>> seen;
  grid.visit({20, 20}, [&](std::size_t i, bool whole) { seen.emplace_back(i, whole); });
  EXPECT_EQ(seen, (std::vector<std::pair<std::size_t, bool>>{{0, true}}));
  seen.clear();
  grid.visit({50, 50}, [&](std::size_t i, bool whole) { seen.emplace_back(i, whole); });
  EXPECT_EQ(seen, (std::vector<std::pair<std::size_t, bool>>{}));
  seen.clear();
  grid.visit({250, 50}, [&](std::size_t i, bool whole) { seen.emplace_back(i, whole); });
  EXPECT_TRUE(seen.empty());
}

// Points the smallest double left of a sliver's side at x = 0, a nanometre long: both of the
// orientation's products underflow to 0, so a ray count reads the points as on that side. GEOS's
// own predicates answer there: outside the sliver, by its envelope.
TEST(CellGrid, AgreesWithGeosWhereOrientationsUnderflowNextToZero) {
  FeatureSet set;
  set.features.push_back(polygons({{rect(0, 0, 1, 1e-9), {}}}));
  set.features.push_back(polygons({{rect(-1, -1, 0, 1), {}}}));
  const double tiny = std::numeric_limits<double>::denorm_min();
  std::vector<Point> points;
  for (double y : {0.0, 1e-10, 5e-10, 1e-9}) {
    points.push_back({-tiny, y});
    points.push_back({tiny, y});
  }
  expect_grid_agrees_with_geos(set, points);
}

TEST(CellGrid, IsUnusableWithoutPolygonsOrWithCellsTooSmallForDoubles) {
  FeatureSet none;
  EXPECT_FALSE(CellGrid(none).usable());
  FeatureSet points;
  Feature p;
  p.geometry.kind = GeometryKind::Points;
  p.geometry.points = {{1, 2}};
  points.features.push_back(p);
  EXPECT_FALSE(CellGrid(points).usable());
  FeatureSet flat;  // a polygon with no area: no cell size
  flat.features.push_back(polygons({{{{0, 0}, {10, 0}, {20, 0}, {0, 0}}, {}}}));
  EXPECT_FALSE(CellGrid(flat).usable());
  FeatureSet far;  // millimetre polygons a billion metres out
  far.features.push_back(polygons({{rect(1e9, 1e9, 1e9 + 1e-3, 1e9 + 1e-3), {}}}));
  EXPECT_FALSE(CellGrid(far).usable());
  // Without a usable grid, points are still placed, by the R-tree.
  const SharedCellGrid shared(far);
  const PolygonIndex index(far, &shared);
  EXPECT_EQ(index.point_grid(), nullptr);
  analysis::SiteScratch scratch;
  EXPECT_EQ(analysis::covering(index, {1e9 + 5e-4, 1e9 + 5e-4}, scratch),
            std::vector<std::size_t>{0});
}

}  // namespace
}  // namespace jigu::geom
