// Planar and geodesic areas against hand computations.
#include "jigu/area.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "jigu/error.hpp"

namespace jigu {
namespace {

Ring rect(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}};  // clockwise
}

Geometry polygons(MultiPolygon mp) {
  Geometry g;
  g.kind = GeometryKind::Polygons;
  g.polygons = std::move(mp);
  return g;
}

TEST(PlanarArea, SquareWithHoleIsOuterMinusHole) {
  // 10 x 10 = 100, minus a 2 x 3 hole = 94.
  Polygon p{rect(0, 0, 10, 10), {rect(2, 2, 4, 5)}};
  EXPECT_DOUBLE_EQ(planar_area(p), 94.0);
}

TEST(PlanarArea, DoesNotDependOnRingOrientation) {
  Ring ccw = rect(0, 0, 10, 10);
  std::reverse(ccw.begin(), ccw.end());
  EXPECT_DOUBLE_EQ(planar_area(Polygon{ccw, {}}), 100.0);
}

TEST(PlanarArea, LShapeByHand) {
  // An L: 4 x 1 bar plus a 1 x 2 leg on top = 4 + 2 = 6.
  Ring l = {{0, 0}, {0, 3}, {1, 3}, {1, 1}, {4, 1}, {4, 0}, {0, 0}};
  EXPECT_DOUBLE_EQ(planar_area(Polygon{l, {}}), 6.0);
}

TEST(PlanarArea, MultiPolygonSumsParts) {
  Geometry g = polygons({Polygon{rect(0, 0, 1, 1), {}}, Polygon{rect(5, 5, 8, 9), {}}});
  EXPECT_DOUBLE_EQ(planar_area(g), 1.0 + 12.0);
}

TEST(PlanarArea, PointsAndEmptyHaveNoArea) {
  Geometry points;
  points.kind = GeometryKind::Points;
  points.points = {{1, 2}};
  EXPECT_EQ(planar_area(points), 0.0);
  EXPECT_EQ(planar_area(Geometry{}), 0.0);
}

TEST(GeodesicArea, SquareAtTheNaturalOriginOfEpsg5186MatchesPlanar) {
  // At the natural origin of EPSG:5186 (lat 38, lon 127: x 200000, y 600000) the scale factor is
  // 1 and varies by x^2 / 2R^2 ~ 3e-9 within 500 m, so a 1 km square has 1e6 m2 on the
  // ellipsoid to well within 1e-6.
  GeodesicArea geodesic("EPSG:5186");
  const Polygon square{rect(199500, 599500, 200500, 600500), {}};
  EXPECT_NEAR(geodesic(square), 1.0e6, 1.0);
  EXPECT_EQ(geodesic.ellipsoid_name(), "GRS 1980");
}

TEST(GeodesicArea, HoleIsSubtracted) {
  GeodesicArea geodesic("EPSG:5186");
  const Polygon with_hole{rect(199500, 599500, 200500, 600500),
                          {rect(199900, 599900, 200100, 600100)}};
  EXPECT_NEAR(geodesic(with_hole), 1.0e6 - 4.0e4, 1.0);
}

TEST(GeodesicArea, RefusesAGeographicWorkingCrs) {
  EXPECT_THROW(GeodesicArea("EPSG:4326"), CrsError);
}

TEST(GeodesicArea, RefusesAnUnknownCrs) {
  EXPECT_THROW(GeodesicArea("EPSG:999999"), CrsError);
}

TEST(MeasureAreas, NamesTheMethodInEveryColumnKey) {
  FeatureSet set;
  set.info.crs.working = "EPSG:5186";
  Feature f;
  f.id = "a";
  f.geometry = polygons({Polygon{rect(199500, 599500, 200500, 600500), {}}});
  set.features.push_back(f);
  const AreaSummary s = measure_areas(set, AreaOptions{});
  EXPECT_EQ(s.planar_key, "planar_m2_epsg5186");
  EXPECT_EQ(s.geodesic_key, "geodesic_m2_grs1980");
  EXPECT_NE(s.method.planar.find("EPSG:5186"), std::string::npos);
  ASSERT_EQ(s.rows.size(), 1u);
  EXPECT_DOUBLE_EQ(s.rows[0].planar_m2, 1.0e6);
}

TEST(MeasureAreas, GroupsByFieldInKeyOrder) {
  FeatureSet set;
  set.info.crs.working = "EPSG:5186";
  set.info.fields = {Field{"zone", FieldType::String}};
  const double sizes[] = {1, 2, 3};
  const char* zones[] = {"b", "a", "b"};
  for (int i = 0; i < 3; ++i) {
    Feature f;
    f.id = std::to_string(i);
    f.attributes = {std::string(zones[i])};
    f.geometry = polygons({Polygon{rect(200000, 600000, 200000 + sizes[i], 600001), {}}});
    set.features.push_back(f);
  }
  AreaOptions options;
  options.by_field = "zone";
  const AreaSummary s = measure_areas(set, options);
  ASSERT_EQ(s.rows.size(), 2u);
  EXPECT_EQ(s.rows[0].key, "a");
  EXPECT_EQ(s.rows[0].count, 1);
  EXPECT_DOUBLE_EQ(s.rows[0].planar_m2, 2.0);
  EXPECT_EQ(s.rows[1].key, "b");
  EXPECT_EQ(s.rows[1].count, 2);
  EXPECT_DOUBLE_EQ(s.rows[1].planar_m2, 4.0);
}

TEST(MeasureAreas, UnknownFieldIsAUsageError) {
  FeatureSet set;
  set.info.crs.working = "EPSG:5186";
  AreaOptions options;
  options.by_field = "nope";
  EXPECT_THROW(measure_areas(set, options), UsageError);
}

}  // namespace
}  // namespace jigu
