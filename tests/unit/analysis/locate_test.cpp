// Locate and overlay on small hand-made layers whose answers are worked out by hand.
#include "jigu/locate.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "jigu/error.hpp"
#include "jigu/overlay.hpp"
#include "jigu/pnu.hpp"

namespace jigu {
namespace {

Ring rect(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}};
}

Feature feature(std::string id, std::string code, MultiPolygon polygons, std::string name = "") {
  Feature f;
  f.id = std::move(id);
  f.code = std::move(code);
  f.name = name.empty() ? f.code : std::move(name);
  f.geometry.kind = GeometryKind::Polygons;
  f.geometry.polygons = std::move(polygons);
  return f;
}

FeatureSet set_of(std::vector<Feature> features) {
  FeatureSet s;
  s.info.crs.working = "EPSG:5186";
  s.info.source = "test";
  s.features = std::move(features);
  return s;
}

Site area_site(MultiPolygon polygons) {
  Site s;
  s.kind = Site::Kind::Geometry;
  s.label = "test site";
  s.geometry.kind = GeometryKind::Polygons;
  s.geometry.polygons = std::move(polygons);
  return s;
}

Site point(double x, double y) {
  Site s;
  s.kind = Site::Kind::Point;
  s.label = "test point";
  s.geometry.kind = GeometryKind::Points;
  s.geometry.points = {{x, y}};
  return s;
}

// Two zones side by side, x in [0,100) UQA122 and [100,200) UQA220, y in [0,100]; a district
// covering x in [50,150]; zoning does not reach y > 100.
Locator fixture() {
  FeatureSet zoning = set_of({feature("z1", "UQA122", {{rect(0, 0, 100, 100), {}}}),
                              feature("z2", "UQA220", {{rect(100, 0, 200, 100), {}}})});
  FeatureSet districts = set_of({feature("d1", "", {{rect(50, 0, 150, 100), {}}}, "District")});
  FeatureSet parcels = set_of({feature("1144012000100010000", "", {{rect(0, 0, 100, 100), {}}}),
                               feature("1144012000100020000", "", {{rect(100, 0, 200, 100), {}}})});
  return Locator(std::move(districts), std::move(zoning), std::move(parcels));
}

TEST(Locate, ParcelStraddlingTwoZonesGetsBothSharesByHand) {
  const Locator l = fixture();
  // x in [80,110], y in [0,10]: 20 x 10 in UQA122, 10 x 10 in UQA220.
  const LocateResult r = l.locate(area_site({{rect(80, 0, 110, 10), {}}}));
  ASSERT_EQ(r.zones.size(), 2u);
  EXPECT_EQ(r.zones[0].code, "UQA122");
  EXPECT_DOUBLE_EQ(r.zones[0].area_m2, 200.0);
  EXPECT_DOUBLE_EQ(r.zones[1].area_m2, 100.0);
  EXPECT_NEAR(r.zones[0].share + r.zones[1].share, 1.0, 1e-12);
  ASSERT_EQ(r.districts.size(), 1u);
  EXPECT_EQ(r.districts[0].status, "inside");  // [80,110] lies within [50,150]
}

TEST(Locate, PartlyInsideWithTheShareInside) {
  const Locator l = fixture();
  // x in [0,100]: the district covers [50,100], half of it.
  const LocateResult r = l.locate(area_site({{rect(0, 0, 100, 100), {}}}));
  ASSERT_EQ(r.districts.size(), 1u);
  EXPECT_EQ(r.districts[0].status, "partly inside");
  EXPECT_DOUBLE_EQ(r.districts[0].share, 0.5);
}

TEST(Locate, UncoveredPartIsItsOwnRowAndSharesAddUp) {
  const Locator l = fixture();
  // y in [90,110]: the top 10 m lies outside all zoning.
  const LocateResult r = l.locate(area_site({{rect(10, 90, 20, 110), {}}}));
  ASSERT_EQ(r.zones.size(), 2u);
  EXPECT_EQ(r.zones[1].code, "");
  EXPECT_DOUBLE_EQ(r.zones[1].area_m2, 100.0);
  EXPECT_DOUBLE_EQ(r.zones[0].share + r.zones[1].share, 1.0);
}

TEST(Locate, HoleAndMultipolygonSitesCountOnlyTheirArea) {
  const Locator l = fixture();
  // A 40 x 40 square at x [70,110] with a 10 x 10 hole at [95,105]: 1600 - 100 = 1500 m²;
  // plus a second part, 10 x 10 at [150,160]. UQA122 (x < 100) gets 30*40 - 5*10 = 1150;
  // UQA220 gets 10*40 - 5*10 + 100 = 450.
  const LocateResult r = l.locate(
      area_site({{rect(70, 0, 110, 40), {rect(95, 10, 105, 20)}}, {rect(150, 50, 160, 60), {}}}));
  EXPECT_DOUBLE_EQ(r.site_area_m2, 1600.0);
  ASSERT_EQ(r.zones.size(), 2u);
  EXPECT_NEAR(r.zones[0].area_m2, 1150.0, 1e-9);
  EXPECT_NEAR(r.zones[1].area_m2, 450.0, 1e-9);
}

TEST(Locate, SliverAlongAZoneBoundaryKeepsItsTinyPart) {
  const Locator l = fixture();
  const LocateResult r = l.locate(area_site({{rect(99.999, 0, 100.5, 50), {}}}));
  ASSERT_EQ(r.zones.size(), 2u);
  EXPECT_NEAR(r.zones[1].area_m2, 0.001 * 50, 1e-9);
}

TEST(Locate, PointOnAZoneBoundaryIsDeterministicAndSaysSo) {
  const Locator l = fixture();
  const LocateResult r = l.locate(point(100, 50));
  ASSERT_EQ(r.zones.size(), 1u);
  EXPECT_EQ(r.zones[0].code, "UQA122");  // the first in layer order
  ASSERT_FALSE(r.notes.empty());
  EXPECT_NE(r.notes[0].find("UQA220"), std::string::npos);
  EXPECT_EQ(r.parcel.value(), "1144012000100010000");
}

TEST(Locate, PointOnADistrictEdgeCountsAsInside) {
  const Locator l = fixture();
  const LocateResult r = l.locate(point(50, 10));
  ASSERT_EQ(r.districts.size(), 1u);
  EXPECT_EQ(r.districts[0].status, "inside");
}

TEST(Locate, PointOutsideEverything) {
  const Locator l = fixture();
  const LocateResult r = l.locate(point(500, 500));
  EXPECT_TRUE(r.districts.empty());
  EXPECT_EQ(r.zones.at(0).code, "");
  EXPECT_FALSE(r.parcel.has_value());
}

TEST(Locate, SpecificZoneWinsOverAGenericOne) {
  // A generic UQA000 square under a specific UQA122 square covering its left half.
  FeatureSet zoning = set_of({feature("g", "UQA000", {{rect(0, 0, 100, 100), {}}}),
                              feature("s", "UQA122", {{rect(0, 0, 50, 100), {}}})});
  const Locator l(set_of({}), std::move(zoning), set_of({}));
  const LocateResult r = l.locate(area_site({{rect(0, 0, 100, 100), {}}}));
  ASSERT_EQ(r.zones.size(), 2u);
  EXPECT_DOUBLE_EQ(r.zones[0].area_m2, 5000.0);
  EXPECT_DOUBLE_EQ(r.zones[1].area_m2, 5000.0);
  EXPECT_NEAR(r.zones[0].share + r.zones[1].share, 1.0, 1e-12);
}

TEST(Locate, ParcelByPnu) {
  const Locator l = fixture();
  const Site s = l.parcel_site("1144012000-1-0001-0000");
  EXPECT_EQ(s.parcel, "1144012000100010000");
  EXPECT_THROW(l.parcel_site("1144012000100090000"), InputError);
}

TEST(Overlay, EachDistrictsSharesAndAreasAddUp) {
  const Locator l = fixture();
  const auto rows = overlay(l);
  ASSERT_EQ(rows.size(), 2u);  // d1 lies half in each zone
  double area = 0, share = 0;
  for (const auto& r : rows) {
    area += r.area_m2;
    share += r.share;
  }
  EXPECT_NEAR(area, 10000.0, 1e-6 * 10000.0);
  EXPECT_NEAR(share, 1.0, 1e-12);
}

struct PnuCase {
  const char* name;
  const char* text;
  const char* error;  // nullptr: valid
};

class PnuTest : public testing::TestWithParam<PnuCase> {};

TEST_P(PnuTest, ParsesOrSaysWhatIsWrong) {
  const PnuCase& c = GetParam();
  if (c.error == nullptr) {
    EXPECT_NO_THROW(parse_pnu(c.text));
    return;
  }
  try {
    parse_pnu(c.text);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(c.error), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PnuTest,
    testing::Values(PnuCase{"SeogyoDong395", "1144012000103950000", nullptr},
                    PnuCase{"WithHyphens", "1144012000-1-0395-0000", nullptr},
                    PnuCase{"Mountain", "1111018300201970001", nullptr},
                    PnuCase{"TooShort", "114401200010395000", "18 digits"},
                    PnuCase{"Letter", "11440120001039500O0", "character 18"},
                    PnuCase{"FullWidthDigits", "１144012000103950000", "non-ASCII"},
                    PnuCase{"LandTypeThree", "1144012000303950000", "digit 11"},
                    PnuCase{"MainNumberZero", "1144012000100000001", "본번"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(Pnu, Jibun) {
  EXPECT_EQ(parse_pnu("1120011500102770028").jibun(), "277-28");
  EXPECT_EQ(parse_pnu("1144012000103950000").jibun(), "395");
  EXPECT_EQ(parse_pnu("1111018300201970001").jibun(), "산 197-1");
}

TEST(SiteParsing, PointNeedsTwoFiniteNumbers) {
  EXPECT_THROW(point_site("127.0", "EPSG:4326", "EPSG:5186"), InputError);
  EXPECT_THROW(point_site("127.0,abc", "EPSG:4326", "EPSG:5186"), InputError);
  EXPECT_THROW(point_site("127.0,nan", "EPSG:4326", "EPSG:5186"), InputError);
  const Site s = point_site("126.978546,37.566554", "EPSG:4326", "EPSG:5186");
  EXPECT_NEAR(s.geometry.points[0].x, 198104.6055, 0.001);  // cs2cs, crs_points.csv
}

TEST(SiteParsing, WktAndGeoJsonInTheWorkingCrs) {
  const Site w = wkt_site("POLYGON ((0 0,0 10,10 10,10 0,0 0))", "EPSG:5186", "EPSG:5186");
  EXPECT_EQ(w.geometry.polygons.size(), 1u);
  const Site g = geojson_site(
      R"({"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[126.978546,37.566554]}})",
      "EPSG:4326", "EPSG:5186");
  EXPECT_NEAR(g.geometry.points[0].y, 551891.0128, 0.001);
  EXPECT_THROW(wkt_site("POLYGON ((0 0,", "EPSG:5186", "EPSG:5186"), InputError);
  EXPECT_THROW(wkt_site("POLYGON ((0 0,2 2,2 0,0 2,0 0))", "EPSG:5186", "EPSG:5186"), InputError);
  EXPECT_THROW(geojson_site("{", "EPSG:4326", "EPSG:5186"), InputError);
}

}  // namespace
}  // namespace jigu
