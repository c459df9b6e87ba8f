// Hostile coordinates through the real `jigu` binary: NaN, infinities, 1e308 and other numbers no
// place on Earth has, in polygons and points, and a polygon with 1,000,000 vertices. None may
// become an infinite or NaN area or share, a crash or a hang.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <numbers>
#include <sstream>
#include <string>

#include "child_process.hpp"
#include "expect_outcome.hpp"
#include "fixtures.hpp"
#include "jigu/layer_reader.hpp"
#include "raw_shapefile.hpp"

namespace jigu {
namespace {

namespace fs = std::filesystem;
using test::Outcome;
using test::RawShape;
using test::run_bounded;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

RawShape polygon(std::vector<Point> ring) {
  return {RawShape::Type::Polygon, {std::move(ring)}};
}
RawShape point(double x, double y) {
  return {RawShape::Type::Point, {{{x, y}}}};
}

// A square with one corner moved to (x, y).
RawShape square_with_corner(double x, double y) {
  auto ring = test::square(200000, 600000, 10);
  ring[2] = {x, y};
  return polygon(ring);
}

std::string shapefile(const std::string& test_name, std::vector<RawShape> shapes,
                      std::vector<std::string> ids) {
  const auto dir = test::fresh_dir(test_name);
  test::RawShapefile spec;
  spec.shapes = std::move(shapes);
  spec.ids = std::move(ids);
  return test::write_raw_shapefile(dir, "coords", spec);
}

void expect_no_inf_or_nan(const std::string& out) {
  EXPECT_EQ(out.find("inf"), std::string::npos) << out.substr(0, 2000);
  EXPECT_EQ(out.find("nan"), std::string::npos) << out.substr(0, 2000);
}

TEST(HostileCoordinates, NonFiniteVerticesAreSkippedWithAWarningOrFailOnRequest) {
  const auto shp =
      shapefile("hostile_coords_nonfinite",
                {polygon(test::square(200000, 600000, 10)), square_with_corner(kNaN, 600010),
                 square_with_corner(200010, kInf), square_with_corner(-kInf, kNaN)},
                {"ok", "nan", "inf", "both"});
  Outcome r = run_bounded({"area", shp, "--id-field", "id", "-f", "csv"});
  test::expect_warning_lines(r, "coords.shp", "invalid-coordinate");
  EXPECT_NE(r.err.find("3 x"), std::string::npos) << r.err;
  EXPECT_EQ(test::csv_rows(r.out), 1u) << r.out;
  expect_no_inf_or_nan(r.out);
  EXPECT_EQ(run_bounded({"area", shp, "--strict"}).exit_code, 3);
  r = run_bounded({"area", shp, "--id-field", "id", "--invalid", "fail"});
  test::expect_error_line(r, 1, "coords.shp", "feature nan");
}

// GDAL reads a shapefile point with a NaN coordinate as an empty point (the shapefile "no data"
// convention): reported as empty-geometry; an infinite one is an invalid coordinate.
TEST(HostileCoordinates, NonFinitePointsAreReportedByClassify) {
  const auto shp = shapefile("hostile_coords_points",
                             {point(204000, 551000), point(kNaN, 551000), point(204000, -kInf)},
                             {"p1", "p2", "p3"});
  const auto out = (fs::path(shp).parent_path() / "out.csv").string();
  const Outcome r = run_bounded({"classify", shp, "--id-field", "id", "-o", out});
  test::expect_warning_lines(r, "coords.shp", "invalid-coordinate");
  EXPECT_EQ(test::line_count(r.err), 2u) << r.err;  // p2 empty-geometry, p3 invalid-coordinate
  EXPECT_NE(r.err.find("empty-geometry (first: feature p2"), std::string::npos) << r.err;
  const std::string csv = test::slurp_file(out);
  EXPECT_EQ(test::csv_rows(csv), 2u) << csv;  // p3 skipped
  EXPECT_EQ(csv.find("p3"), std::string::npos) << csv;
  expect_no_inf_or_nan(csv);
}

// 1e308 and friends are finite, so they pass a NaN check, but no projected CRS has them: their
// areas overflow to infinity. They are invalid coordinates, like NaN.
TEST(HostileCoordinates, HugeFiniteCoordinatesNeverBecomeInfiniteAreas) {
  const auto shp = shapefile(
      "hostile_coords_huge",
      {polygon(test::square(200000, 600000, 10)), square_with_corner(1e308, 1e308),
       polygon(
           {{-1e308, -1e308}, {-1e308, 1e308}, {1e308, 1e308}, {1e308, -1e308}, {-1e308, -1e308}}),
       polygon(test::square(1e200, 1e200, 1e190))},
      {"ok", "corner", "world", "far"});
  for (const auto& command : std::vector<std::string>{"area", "classify"}) {
    SCOPED_TRACE(command);
    std::vector<std::string> args = {command, shp, "--id-field", "id"};
    const auto out = (fs::path(shp).parent_path() / "out.csv").string();
    fs::remove(out);
    if (command == "area") {
      args.insert(args.end(), {"-f", "csv"});
    } else {
      args.insert(args.end(), {"-o", out});
    }
    const Outcome r = run_bounded(args);
    test::expect_warning_lines(r, "coords.shp", "invalid-coordinate");
    EXPECT_NE(r.err.find("feature corner"), std::string::npos) << r.err;
    const std::string data = command == "area" ? r.out : test::slurp_file(out);
    EXPECT_EQ(test::csv_rows(data), 1u) << data;
    expect_no_inf_or_nan(data);
  }
}

TEST(HostileCoordinates, HugeFinitePointsAreSkippedByClassify) {
  const auto shp = shapefile("hostile_coords_huge_points",
                             {point(204000, 551000), point(1e308, 551000), point(-1e300, -1e300)},
                             {"p1", "p2", "p3"});
  const auto out = (fs::path(shp).parent_path() / "out.csv").string();
  const Outcome r = run_bounded({"classify", shp, "--id-field", "id", "-o", out});
  test::expect_warning_lines(r, "coords.shp", "invalid-coordinate");
  const std::string csv = test::slurp_file(out);
  EXPECT_EQ(test::csv_rows(csv), 1u) << csv;
  expect_no_inf_or_nan(csv);
}

// Far off but not absurd (5e8 m): planar areas are fine, the geodesic area cannot be computed
// (no inverse projection that far out). Either way the answer names the feature.
TEST(HostileCoordinates, CoordinatesOutsideTheProjectionNameTheFeature) {
  const auto shp =
      shapefile("hostile_coords_far",
                {polygon(test::square(200000, 600000, 10)), polygon(test::square(5e8, 5e8, 10))},
                {"ok", "far"});
  const Outcome r = run_bounded({"area", shp, "--id-field", "id", "-f", "csv"});
  test::expect_no_crash(r);
  if (r.exit_code == 0) {
    expect_no_inf_or_nan(r.out);
  } else {
    test::expect_error_line(r, 1, "coords.shp", "feature far");
  }
}

// A circle of 1,000,000 vertices across a shipped district's edge, generated here: area and
// classify answer within the deadline and the memory limit, and the circle is partly inside.
TEST(HostileCoordinates, PolygonWithAMillionVertices) {
  const FeatureSet districts =
      read_layer((test::geodata() / "seoul" / "districts.shp").string(), {});
  ASSERT_FALSE(districts.features.empty());
  const Point center = districts.features.front().geometry.polygons.front().outer.front();
  constexpr int kVertices = 1000000;
  constexpr double kRadius = 200;
  std::vector<Point> ring;
  ring.reserve(kVertices + 1);
  for (int i = 0; i < kVertices; ++i) {
    const double a = 2 * std::numbers::pi * i / kVertices;
    ring.push_back({center.x + kRadius * std::cos(a), center.y - kRadius * std::sin(a)});
  }
  ring.push_back(ring.front());
  const auto shp = shapefile("hostile_coords_million", {polygon(std::move(ring))}, {"circle"});

  Outcome r = run_bounded({"area", shp, "--id-field", "id", "-f", "csv"}, {.seconds = 60});
  test::expect_no_crash(r);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  std::istringstream rows(r.out);
  std::string header, row;
  std::getline(rows, header);
  std::getline(rows, row);
  const double planar = std::stod(row.substr(row.find(',', row.find(',') + 1) + 1));
  EXPECT_NEAR(planar, std::numbers::pi * kRadius * kRadius, 1.0) << row;

  const auto out = (fs::path(shp).parent_path() / "classified.csv").string();
  r = run_bounded({"classify", shp, "--id-field", "id", "-o", out}, {.seconds = 120});
  test::expect_no_crash(r);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string csv = test::slurp_file(out);
  ASSERT_EQ(test::csv_rows(csv), 1u) << csv;
  // id,area_m2,district,dist_share,...: the circle straddles the district's edge.
  std::istringstream fields(csv.substr(csv.find('\n') + 1));
  std::string id, area, district, share;
  std::getline(fields, id, ',');
  std::getline(fields, area, ',');
  std::getline(fields, district, ',');
  std::getline(fields, share, ',');
  EXPECT_FALSE(district.empty()) << csv;
  EXPECT_GT(std::stod(share), 0.05) << csv;
  EXPECT_LT(std::stod(share), 0.95) << csv;
}

}  // namespace
}  // namespace jigu
