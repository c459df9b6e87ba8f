// Conversions between jigu's geometry and OGR / GEOS (handles/geometry_convert): what WKT and
// GeoJSON become (coordinates by hand, curves against the circle's area), what is refused, and
// the geometries made for OGR and GEOS held against the same text read by GDAL's and GEOS's own
// readers (OGR_G_Equals, GEOSEquals_r, their areas) with Seoul coordinates bit for bit.
#include "handles/geometry_convert.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "gdal_wkt.hpp"
#include "jigu/error.hpp"
#include "thrown.hpp"

namespace jigu::handles {
namespace {

Geometry wkt(const std::string& text) {
  Geometry g;
  from_wkt(text, "test", g);
  return g;
}

using test::gdal_wkt;

// GEOS's own reading of `text`.
GeosGeom geos_wkt(const std::string& text) {
  const auto& ctx = geos();
  GEOSWKTReader* reader = GEOSWKTReader_create_r(ctx.get());
  GEOSGeometry* g = GEOSWKTReader_read_r(ctx.get(), reader, text.c_str());
  GEOSWKTReader_destroy_r(ctx.get(), reader);
  return ctx.own(g, "read WKT");
}

// A square with a hole at Seoul, x = easting first; the hole's corners are not on a grid.
const std::string kSeoulPolygon =
    "POLYGON ((201234.5 551234.25, 201234.5 551334.25, 201334.5 551334.25, 201334.5 551234.25, "
    "201234.5 551234.25), (201250.1 551250.3, 201260.7 551250.3, 201260.7 551270.9, "
    "201250.1 551250.3))";

TEST(GeometryConvert, WktPolygonKeepsItsRingsAndEveryDigit) {
  const Geometry g = wkt(kSeoulPolygon);
  ASSERT_EQ(g.kind, GeometryKind::Polygons);
  ASSERT_EQ(g.polygons.size(), 1u);
  const Polygon& p = g.polygons[0];
  ASSERT_EQ(p.outer.size(), 5u);
  EXPECT_EQ(p.outer[1], (Point{201234.5, 551334.25}));
  ASSERT_EQ(p.holes.size(), 1u);
  ASSERT_EQ(p.holes[0].size(), 4u);
  // The decimal text as the C library reads it, bit for bit.
  EXPECT_EQ(p.holes[0][0].x, std::strtod("201250.1", nullptr));
  EXPECT_EQ(p.holes[0][2].y, std::strtod("551270.9", nullptr));
  EXPECT_TRUE(g.points.empty());
}

TEST(GeometryConvert, PointsMultiPointsAndCollectionsOfOneKind) {
  const Geometry one = wkt("POINT (198056.366737 551885.030589)");
  ASSERT_EQ(one.kind, GeometryKind::Points);
  ASSERT_EQ(one.points.size(), 1u);
  EXPECT_EQ(one.points[0], (Point{198056.366737, 551885.030589}));
  EXPECT_EQ(wkt("MULTIPOINT ((1 2), (3 4), (5 6))").points.size(), 3u);
  // A collection of polygons, one nested in a multipolygon, and an empty point among points.
  const Geometry polys =
      wkt("GEOMETRYCOLLECTION (POLYGON ((0 0, 0 1, 1 1, 0 0)), "
          "MULTIPOLYGON (((5 5, 5 6, 6 6, 5 5)), ((7 7, 7 8, 8 8, 7 7))))");
  EXPECT_EQ(polys.kind, GeometryKind::Polygons);
  EXPECT_EQ(polys.polygons.size(), 3u);
  const Geometry pts = wkt("GEOMETRYCOLLECTION (POINT (1 2), POINT EMPTY, POINT (3 4))");
  EXPECT_EQ(pts.kind, GeometryKind::Points);
  EXPECT_EQ(pts.points.size(), 2u);
  // Z values are dropped, x/y kept.
  EXPECT_EQ(wkt("POINT Z (1 2 3)").points[0], (Point{1, 2}));
}

TEST(GeometryConvert, CurvesAreLinearisedIntoPolygons) {
  // A circle of radius 10 as a curve polygon: linearised, its area is within 0.1 % of 100 π.
  const Geometry g = wkt("CURVEPOLYGON (CIRCULARSTRING (-10 0, 10 0, -10 0))");
  ASSERT_EQ(g.kind, GeometryKind::Polygons);
  ASSERT_EQ(g.polygons.size(), 1u);
  EXPECT_GT(g.polygons[0].outer.size(), 20u);
  double twice_area = 0.0;
  const Ring& r = g.polygons[0].outer;
  for (std::size_t i = 1; i < r.size(); ++i)
    twice_area += r[i - 1].x * r[i].y - r[i].x * r[i - 1].y;
  EXPECT_NEAR(std::abs(twice_area) / 2, 100 * std::numbers::pi, 0.1 * std::numbers::pi);
  for (const Point& p : r) EXPECT_NEAR(std::hypot(p.x, p.y), 10.0, 1e-9);
}

TEST(GeometryConvert, LinesMixedCollectionsEmptiesAndBadTextAreInputErrors) {
  const auto message = [](const std::string& text) {
    return test::thrown<InputError>([&] { wkt(text); });
  };
  EXPECT_EQ(message("LINESTRING (0 0, 1 1)"), "test: only points and polygons are supported");
  EXPECT_EQ(message("GEOMETRYCOLLECTION (POINT (0 0), POLYGON ((0 0, 0 1, 1 1, 0 0)))"),
            "test: only points and polygons are supported");
  EXPECT_EQ(message("POLYGON EMPTY"), "test: the geometry is empty");
  EXPECT_EQ(message("GEOMETRYCOLLECTION EMPTY"), "test: the geometry is empty");
  EXPECT_EQ(message("POLYGON ((0 0, 1 1").rfind("test: not valid WKT", 0), 0u);
  EXPECT_EQ(message("banana").rfind("test: not valid WKT", 0), 0u);
}

TEST(GeometryConvert, GeoJsonGeometries) {
  Geometry g;
  from_geojson(R"({"type": "Polygon", "coordinates": [[[0,0],[0,2],[3,2],[3,0],[0,0]]]})", "site",
               g);
  ASSERT_EQ(g.kind, GeometryKind::Polygons);
  EXPECT_EQ(g.polygons[0].outer[2], (Point{3, 2}));
  from_geojson(R"({"type": "Point", "coordinates": [127.0, 37.5]})", "site", g);
  ASSERT_EQ(g.kind, GeometryKind::Points);
  EXPECT_EQ(g.points[0], (Point{127.0, 37.5}));  // longitude first, as GeoJSON has it
  EXPECT_THROW(from_geojson(R"({"type": "LineString", "coordinates": [[0,0],[1,1]]})", "site", g),
               InputError);
  const std::string bad = test::thrown<InputError>([&] { from_geojson("{not json", "site", g); });
  EXPECT_EQ(bad.rfind("site: not a GeoJSON geometry", 0), 0u) << bad;
}

TEST(GeometryConvert, SettleKind) {
  Geometry g;
  EXPECT_EQ(settle_kind(g), OgrConversion::Empty);
  EXPECT_EQ(g.kind, GeometryKind::Empty);
  g.points = {{1, 1}};
  EXPECT_EQ(settle_kind(g), OgrConversion::Ok);
  EXPECT_EQ(g.kind, GeometryKind::Points);
  g.polygons.push_back(Polygon{{{0, 0}, {0, 1}, {1, 1}, {0, 0}}, {}});
  EXPECT_EQ(settle_kind(g), OgrConversion::Unsupported);
  EXPECT_TRUE(g.points.empty() && g.polygons.empty());
  EXPECT_EQ(g.kind, GeometryKind::Empty);
  EXPECT_EQ(from_ogr(nullptr, g), OgrConversion::Empty);
}

TEST(GeometryConvert, ToOgrIsWhatGdalReadsFromTheSameText) {
  const struct {
    const char* wkt;
    OGRwkbGeometryType type;
  } cases[] = {
      {"POINT (198056.366737 551885.030589)", wkbPoint},
      {"MULTIPOINT ((1 2), (3 4))", wkbMultiPoint},
      {"POLYGON ((0 0, 0 1, 1 1, 1 0, 0 0))", wkbPolygon},
      {"MULTIPOLYGON (((0 0, 0 1, 1 1, 0 0)), ((5 5, 5 6, 6 6, 5 5), (5.1 5.5, 5.4 5.8, 5.1 5.8, "
       "5.1 5.5)))",
       wkbMultiPolygon},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.wkt);
    const OgrGeometry ours = to_ogr(wkt(c.wkt));
    const OgrGeometry theirs = gdal_wkt(c.wkt);
    EXPECT_EQ(wkbFlatten(OGR_G_GetGeometryType(ours.get())), c.type);
    EXPECT_TRUE(OGR_G_Equals(ours.get(), theirs.get()));
  }
  // Seoul: GDAL's area of the holed square, and the hole's vertices bit for bit.
  const OgrGeometry ours = to_ogr(wkt(kSeoulPolygon));
  const OgrGeometry theirs = gdal_wkt(kSeoulPolygon);
  EXPECT_TRUE(OGR_G_Equals(ours.get(), theirs.get()));
  // 100 × 100 less the triangle ½ × 10.6 × 20.6 (in decimals; within rounding of the doubles).
  EXPECT_NEAR(OGR_G_Area(ours.get()), 10000.0 - 0.5 * 10.6 * 20.6, 1e-6);
  const OGRGeometryH hole = OGR_G_GetGeometryRef(ours.get(), 1);
  EXPECT_EQ(OGR_G_GetX(hole, 1), OGR_G_GetX(OGR_G_GetGeometryRef(theirs.get(), 1), 1));
  // An empty geometry becomes an empty polygonal one.
  const OgrGeometry empty = to_ogr(Geometry{});
  EXPECT_TRUE(OGR_G_IsEmpty(empty.get()));
  const auto type = wkbFlatten(OGR_G_GetGeometryType(empty.get()));
  EXPECT_TRUE(type == wkbPolygon || type == wkbMultiPolygon) << type;
}

TEST(GeometryConvert, ToGeosIsWhatGeosReadsFromTheSameText) {
  const auto& ctx = geos();
  for (const char* text : {"POINT (198056.366737 551885.030589)", "MULTIPOINT ((1 2), (3 4))",
                           "POLYGON ((0 0, 0 1, 1 1, 1 0, 0 0))",
                           "MULTIPOLYGON (((0 0, 0 1, 1 1, 0 0)), ((5 5, 5 6, 6 6, 5 5)))"}) {
    SCOPED_TRACE(text);
    const GeosGeom ours = to_geos(ctx, wkt(text));
    const GeosGeom theirs = geos_wkt(text);
    EXPECT_EQ(GEOSGeomTypeId_r(ctx.get(), ours.get()), GEOSGeomTypeId_r(ctx.get(), theirs.get()));
    // Exactly equal, vertex for vertex (tolerance 0).
    EXPECT_EQ(GEOSEqualsExact_r(ctx.get(), ours.get(), theirs.get(), 0.0), 1);
  }
  const GeosGeom seoul = to_geos(ctx, wkt(kSeoulPolygon));
  EXPECT_EQ(GEOSEqualsExact_r(ctx.get(), seoul.get(), geos_wkt(kSeoulPolygon).get(), 0.0), 1);
  double area = 0.0;
  ASSERT_EQ(GEOSArea_r(ctx.get(), seoul.get(), &area), 1);
  EXPECT_NEAR(area, 10000.0 - 0.5 * 10.6 * 20.6, 1e-6);
  const GeosGeom empty = to_geos(ctx, Geometry{});
  EXPECT_EQ(GEOSisEmpty_r(ctx.get(), empty.get()), 1);
  EXPECT_EQ(GEOSGeomTypeId_r(ctx.get(), empty.get()), GEOS_POLYGON);
}

TEST(GeometryConvert, FromGeosKeepsTheAreaBearingPartsAndEveryDigit) {
  const auto& ctx = geos();
  // Back from GEOS, bit for bit, rings as they were.
  const Geometry seoul = from_geos(ctx, geos_wkt(kSeoulPolygon).get());
  const Geometry read = wkt(kSeoulPolygon);
  ASSERT_EQ(seoul.kind, GeometryKind::Polygons);
  EXPECT_EQ(seoul.polygons[0].outer, read.polygons[0].outer);
  EXPECT_EQ(seoul.polygons[0].holes, read.polygons[0].holes);
  // A collection: polygons win, lines and points dropped.
  const Geometry mixed = from_geos(
      ctx, geos_wkt("GEOMETRYCOLLECTION (LINESTRING (0 0, 9 9), POINT (4 4), "
                    "POLYGON ((0 0, 0 1, 1 1, 0 0)), MULTIPOLYGON (((5 5, 5 6, 6 6, 5 5))))")
               .get());
  EXPECT_EQ(mixed.kind, GeometryKind::Polygons);
  EXPECT_EQ(mixed.polygons.size(), 2u);
  EXPECT_TRUE(mixed.points.empty());
  // Points without polygons stay points; lines alone, and empties, become empty.
  const Geometry pts =
      from_geos(ctx, geos_wkt("GEOMETRYCOLLECTION (POINT (4 4), LINESTRING (0 0, 1 1))").get());
  EXPECT_EQ(pts.kind, GeometryKind::Points);
  EXPECT_EQ(pts.points, (std::vector<Point>{{4, 4}}));
  EXPECT_EQ(from_geos(ctx, geos_wkt("LINESTRING (0 0, 1 1)").get()).kind, GeometryKind::Empty);
  EXPECT_EQ(from_geos(ctx, geos_wkt("POLYGON EMPTY").get()).kind, GeometryKind::Empty);
  EXPECT_EQ(from_geos(ctx, geos_wkt("MULTIPOLYGON (EMPTY, ((0 0, 0 1, 1 1, 0 0)))").get())
                .polygons.size(),
            1u);
}

TEST(GeometryConvert, GeosRefusesRingsItCannotBuildAndSaysWhy) {
  // Two points cannot make a linear ring: GEOS fails, and the error carries its message.
  const Geometry bad{GeometryKind::Polygons, {}, {Polygon{{{0, 0}, {1, 1}}, {}}}};
  const std::string what = test::thrown<GeometryError>([&] { to_geos(geos(), bad); });
  EXPECT_EQ(what.rfind("geos: cannot build a ring: ", 0), 0u) << what;
  EXPECT_GT(what.size(), std::string("geos: cannot build a ring: ").size()) << "no GEOS reason";
}

}  // namespace
}  // namespace jigu::handles
