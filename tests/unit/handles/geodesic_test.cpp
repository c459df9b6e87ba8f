// Geodesic ring areas (handles/geodesic) against pyproj's Geod on corners that cs2cs turned into
// longitudes and latitudes, and against the Transverse Mercator scale factor worked out by hand.
//
// The expected areas come from this script, run with Debian's python3-pyproj 3.4.1 and cs2cs of
// PROJ 9.1.1 on this machine:
//   from pyproj import Geod; g = Geod(ellps='GRS80')
//   lat, lon <- `cs2cs -f %.15f EPSG:5186 EPSG:4326` of each corner (northing easting)
//   g.polygon_area_perimeter(lon, lat)
// 100 m square  198000..198100 × 551000..551100  -> -9999.999063756 m² (clockwise: negative)
// 10 km square  230000..240000 × 540000..550000  -> -99996983.531338066 m²
// triangle (201234.5 551234.25) (201334.5 551234.25) (201234.5 551434.25) -> 9999.999612406 m²
// A degree's 12th decimal is 1e-7 m, enough to move the 100 m square's area by 1e-5 m²: the
// corners go to 15 decimals (1e-10 m), and the tolerances below are what that allows.
#include "handles/geodesic.hpp"

#include <gtest/gtest.h>

#include "jigu/error.hpp"
#include "thrown.hpp"

namespace jigu::handles {
namespace {

Ring square(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}};
}

TEST(Geodesic, AreasAreWhatGeographicLibGivesForTheSameCorners) {
  EllipsoidalRingArea area("EPSG:5186");
  EXPECT_NEAR(area(square(198000, 551000, 198100, 551100)), 9999.999063756, 1e-7);
  EXPECT_NEAR(area(square(230000, 540000, 240000, 550000)), 99996983.531338066, 1e-5);
  const Ring triangle{
      {201234.5, 551234.25}, {201334.5, 551234.25}, {201234.5, 551434.25}, {201234.5, 551234.25}};
  EXPECT_NEAR(area(triangle), 9999.999612406, 1e-7);
}

TEST(Geodesic, OrientationDoesNotChangeTheArea) {
  EllipsoidalRingArea area("EPSG:5186");
  Ring r = square(230000, 540000, 240000, 550000);
  const double clockwise = area(r);
  std::reverse(r.begin(), r.end());
  EXPECT_NEAR(area(r), clockwise, 1e-6);
}

TEST(Geodesic, EastOfTheCentralMeridianAreasShrinkByTheScaleFactorSquared) {
  // Transverse Mercator enlarges lengths by k ≈ 1 + E² / (2 R²) at E metres from the central
  // meridian (k0 = 1 for EPSG:5186), so an ellipsoidal area is the planar one over k²:
  // for the 10 km square 30 to 40 km east, mean E² = 35000² + 10000² / 12, with R ≈ 6.37e6 m
  // at 37.5° N: 1e8 × (1 - 1.2333e9 / 4.058e13) ≈ 99996961 m², to the 1e-6 this R allows.
  EllipsoidalRingArea area("EPSG:5186");
  const double a = area(square(230000, 540000, 240000, 550000));
  EXPECT_NEAR(a, 99996961.0, 100.0);
  EXPECT_LT(a, 1e8);
  // On the central meridian, at the natural origin, the scale is 1 to within 1e-9.
  EXPECT_NEAR(area(square(199950, 599950, 200050, 600050)), 10000.0, 1e-4);
}

TEST(Geodesic, NamesTheEllipsoidAndTheCrs) {
  const EllipsoidalRingArea area("EPSG:5186");
  EXPECT_EQ(area.ellipsoid_name(), "GRS 1980");
  EXPECT_EQ(area.crs_name(), "Korea 2000 / Central Belt 2010");
  // The Bessel ellipsoid of the older Korean CRS (projinfo EPSG:5174).
  EXPECT_EQ(EllipsoidalRingArea("EPSG:5174").ellipsoid_name(), "Bessel 1841");
}

TEST(Geodesic, RefusesGeographicAndUnknownCrss) {
  EXPECT_THROW(EllipsoidalRingArea("EPSG:4326"), CrsError);
  EXPECT_THROW(EllipsoidalRingArea("EPSG:999999"), CrsError);
}

TEST(Geodesic, APointThatCannotBeTransformedIsACrsError) {
  EllipsoidalRingArea area("EPSG:5186");
  const std::string message =
      test::thrown<CrsError>([&] { area(square(200000, 600000, 200000 + 1e30, 600000 + 1e30)); });
  EXPECT_EQ(message.rfind("geodesic area: a coordinate cannot be transformed", 0), 0u) << message;
}

}  // namespace
}  // namespace jigu::handles
