// PROJ's owners and operations (handles/proj_handles): coordinates transformed as PROJ's own
// command-line tools transform them, with easting/longitude first, ballpark operations flagged or
// refused, unknown and geographic CRSs refused with messages that say so, and the point that
// cannot be transformed named.
//
// The expected coordinates come from PROJ 9.1.1's cs2cs on this machine (network off), e.g.
//   echo "37.5665 126.9780" | cs2cs -f %.6f EPSG:4326 EPSG:5186   -> 551885.030589 198056.366737
//   echo "38 127"           | cs2cs -f %.6f EPSG:4326 EPSG:5186   -> 600000.000000 200000.000000
//   echo "37.5 127.5"       | cs2cs -f %.6f EPSG:4326 EPSG:5186   -> 544621.564414 244212.868806
//   echo "551885.030589 198056.366737" | cs2cs -f %.6f EPSG:5186 EPSG:5174
//                                                                  -> 451579.850855 197986.745507
// (cs2cs follows each CRS's axis order: latitude and northing first; jigu's points are x/y.)
// Operation names and the ballpark flag are projinfo's:
//   projinfo -s EPSG:4326 -t EPSG:5186 --spatial-test intersects
//     -> "Inverse of Korea 2000 to WGS 84 (1) + Korea Central Belt 2010, 1 m"
//   projinfo -s EPSG:4230 -t EPSG:5186 --spatial-test intersects
//     -> "Ballpark geographic offset from ED50 to Korea 2000 + ..., has ballpark transformation"
#include "handles/proj_handles.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>

#include "jigu/error.hpp"
#include "thrown.hpp"

namespace jigu::handles {
namespace {

template <class F>
std::string crs_error(F&& f) {
  return test::thrown<CrsError>(f);
}

void expect_near(const Point& p, double x, double y, double tolerance) {
  EXPECT_NEAR(p.x, x, tolerance);
  EXPECT_NEAR(p.y, y, tolerance);
}

TEST(ProjHandles, TransformsLonLatToKorea2000AsCs2csDoes) {
  std::vector<Point> points{{126.9780, 37.5665}, {127.0, 38.0}, {127.5, 37.5}};
  transform_points("EPSG:4326", "EPSG:5186", points, "test");
  // cs2cs prints six decimals: agreement to a millimetre is agreement to its last digit.
  expect_near(points[0], 198056.366737, 551885.030589, 1e-6);
  expect_near(points[1], 200000.0, 600000.0, 1e-6);  // the projection's natural origin
  expect_near(points[2], 244212.868806, 544621.564414, 1e-6);
  // And back.
  transform_points("EPSG:5186", "EPSG:4326", points, "test");
  expect_near(points[0], 126.9780, 37.5665, 1e-10);
  expect_near(points[2], 127.5, 37.5, 1e-10);
}

TEST(ProjHandles, TransformsBetweenKoreanDatumsAsCs2csDoes) {
  std::vector<Point> points{{198056.366737, 551885.030589}};
  transform_points("EPSG:5186", "EPSG:5174", points, "test");
  expect_near(points[0], 197986.745507, 451579.850855, 1e-5);
}

TEST(ProjHandles, TheSameCrsIsNoOperationAndLeavesPointsAlone) {
  const Pj a = make_crs("EPSG:5186", "test");
  const Pj b = make_crs("EPSG:5186", "test");
  const Operation op = make_operation(a.get(), b.get());
  EXPECT_EQ(op.op, nullptr);
  EXPECT_EQ(op.accuracy_m, 0.0);
  EXPECT_FALSE(op.ballpark);
  std::vector<Point> points{{201234.5, 551234.25}};
  transform_points("EPSG:5186", "EPSG:5186", points, "test");
  EXPECT_EQ(points[0], (Point{201234.5, 551234.25}));
  // A null operation leaves buffers as they are.
  double xy[2] = {1.5, 2.5};
  EXPECT_FALSE(try_transform_xy(nullptr, xy, 1).has_value());
  EXPECT_EQ(xy[0], 1.5);
}

TEST(ProjHandles, OperationsAreTheOnesProjinfoRanksFirst) {
  const Pj wgs84 = make_crs("EPSG:4326", "test");
  const Pj korea = make_crs("EPSG:5186", "test");
  const Operation op = make_operation(wgs84.get(), korea.get());
  ASSERT_NE(op.op, nullptr);
  EXPECT_EQ(op.name, "Inverse of Korea 2000 to WGS 84 (1) + Korea Central Belt 2010");
  EXPECT_EQ(op.accuracy_m, 1.0);
  EXPECT_FALSE(op.ballpark);
  const Pj ed50 = make_crs("EPSG:4230", "test");
  const Operation ballpark = make_operation(ed50.get(), korea.get());
  EXPECT_TRUE(ballpark.ballpark);
  EXPECT_NE(ballpark.name.find("Ballpark"), std::string::npos) << ballpark.name;
}

TEST(ProjHandles, BallparkTransformationsAreRefused) {
  std::vector<Point> points{{127.0, 37.5}};
  const std::string message =
      crs_error([&] { transform_points("EPSG:4230", "EPSG:5186", points, "site"); });
  EXPECT_EQ(message,
            "site: only a ballpark transformation (no datum shift) exists from EPSG:4230 to "
            "EPSG:5186");
  EXPECT_EQ(points[0], (Point{127.0, 37.5})) << "refused, yet the points moved";
}

TEST(ProjHandles, UnknownAndNonCrsDefinitionsAreRefused) {
  const std::string unknown = crs_error([] { make_crs("EPSG:999999", "layer 'a'"); });
  EXPECT_EQ(unknown.rfind("layer 'a': unknown CRS 'EPSG:999999'", 0), 0u) << unknown;
  EXPECT_NE(unknown.find("; use e.g. EPSG:5186, WKT or PROJJSON"), std::string::npos) << unknown;
  // A PROJ string without +type=crs is a coordinate operation, not a CRS.
  EXPECT_EQ(crs_error([] { make_crs("+proj=utm +zone=52 +ellps=GRS80", "layer 'a'"); }),
            "layer 'a': '+proj=utm +zone=52 +ellps=GRS80' is not a coordinate reference system");
  EXPECT_EQ(crs_error([] { make_working_crs("EPSG:4326"); }),
            "working CRS 'EPSG:4326' is not a projected CRS; areas need metres (e.g. EPSG:5186)");
  EXPECT_EQ(crs_error([] { make_working_crs("EPSG:5186"); }), "(no error)");
}

TEST(ProjHandles, ThePointThatCannotBeTransformedIsNamed) {
  const Pj wgs84 = make_crs("EPSG:4326", "test");
  const Pj korea = make_crs("EPSG:5186", "test");
  const Operation op = make_operation(wgs84.get(), korea.get());
  // The second point has a latitude beyond the pole: PROJ returns infinities for it.
  double xy[] = {127.0, 37.5, 127.0, 95.0, 127.0, 37.0};
  const auto bad = try_transform_xy(op.op.get(), xy, 3);
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(*bad, 1u);
  double again[] = {127.0, 37.5, 127.0, 95.0};
  EXPECT_EQ(crs_error([&] { transform_xy(op.op.get(), again, 2, "layer 'x'"); }),
            "layer 'x': a coordinate cannot be transformed (point 2); check the layer's CRS");
  double nan_point[] = {std::numeric_limits<double>::quiet_NaN(), 37.5};
  EXPECT_EQ(try_transform_xy(op.op.get(), nan_point, 1), std::optional<std::size_t>(0));
}

TEST(ProjHandles, ObjectIdsAndResolvingALayersCrs) {
  EXPECT_EQ(object_id(make_crs("EPSG:5186", "test").get()), "EPSG:5186");
  // A CRS given as a PROJ string has no identifier.
  EXPECT_EQ(object_id(make_crs("+proj=longlat +ellps=GRS80 +no_defs +type=crs", "test").get()), "");
  // A layer's WKT without an identifier (as a .prj would give it) is identified as EPSG:5186;
  // the WKT is PROJ's own for EPSG:5186 with the ID nodes removed.
  const char* wkt =
      "PROJCRS[\"Korea 2000 / Central Belt 2010\",BASEGEOGCRS[\"Korea 2000\",DATUM[\"Geocentric "
      "datum of Korea\",ELLIPSOID[\"GRS 1980\",6378137,298.257222101,LENGTHUNIT[\"metre\",1]]],"
      "PRIMEM[\"Greenwich\",0,ANGLEUNIT[\"degree\",0.0174532925199433]]],CONVERSION[\"Korea "
      "Central Belt 2010\",METHOD[\"Transverse Mercator\"],PARAMETER[\"Latitude of natural "
      "origin\",38,ANGLEUNIT[\"degree\",0.0174532925199433]],PARAMETER[\"Longitude of natural "
      "origin\",127,ANGLEUNIT[\"degree\",0.0174532925199433]],PARAMETER[\"Scale factor at "
      "natural origin\",1,SCALEUNIT[\"unity\",1]],PARAMETER[\"False easting\",200000,"
      "LENGTHUNIT[\"metre\",1]],PARAMETER[\"False northing\",600000,LENGTHUNIT[\"metre\",1]]],"
      "CS[Cartesian,2],AXIS[\"northing (X)\",north,ORDER[1],LENGTHUNIT[\"metre\",1]],"
      "AXIS[\"easting (Y)\",east,ORDER[2],LENGTHUNIT[\"metre\",1]]]";
  const CrsResolution r = resolve_crs(wkt, false, "EPSG:5186", "layer 'parcels'");
  EXPECT_EQ(r.info.source_name, "Korea 2000 / Central Belt 2010");
  EXPECT_EQ(r.info.source_id, "EPSG:5186");
  EXPECT_EQ(r.info.working_name, "Korea 2000 / Central Belt 2010");
  EXPECT_FALSE(r.info.source_overridden);
  EXPECT_EQ(r.operation.op, nullptr) << "the same CRS needs no operation";
  // Overridden by the user: messages then name the flag.
  const std::string message =
      crs_error([] { resolve_crs("EPSG:0", true, "EPSG:5186", "layer 'parcels'"); });
  EXPECT_EQ(message.rfind("layer 'parcels': --s-crs: unknown CRS 'EPSG:0'", 0), 0u) << message;
  const CrsResolution lonlat = resolve_crs("EPSG:4326", true, "EPSG:5186", "layer 'p'");
  EXPECT_TRUE(lonlat.info.source_overridden);
  EXPECT_EQ(lonlat.info.source_id, "EPSG:4326");
  EXPECT_EQ(lonlat.info.accuracy_m, 1.0);
  EXPECT_EQ(lonlat.info.operation, lonlat.operation.name);
}

TEST(ProjHandles, EachThreadHasItsOwnContext) {
  PJ_CONTEXT* mine = proj().get();
  PJ_CONTEXT* other = nullptr;
  std::vector<Point> theirs{{127.0, 38.0}};
  std::thread t([&] {
    other = proj().get();
    transform_points("EPSG:4326", "EPSG:5186", theirs, "thread");
  });
  t.join();
  EXPECT_NE(mine, nullptr);
  EXPECT_NE(other, mine);
  expect_near(theirs[0], 200000.0, 600000.0, 1e-6);
}

}  // namespace
}  // namespace jigu::handles
