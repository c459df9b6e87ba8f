// Hostile text through the real `jigu` binary: GeoJSON nested 10,000 and 100,000 deep, workspace
// files with a 10 MB string, PNUs in Hangul or full-width digits or with a line break. Each gives
// the documented exit code and one short line naming the file or value, in bounded time.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "child_process.hpp"
#include "expect_outcome.hpp"
#include "fixtures.hpp"
#include "raw_shapefile.hpp"

namespace jigu {
namespace {

namespace fs = std::filesystem;
using test::Outcome;
using test::run_bounded;

std::string nested(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') +
         std::string(static_cast<std::size_t>(depth), ']');
}

std::string districts_shp() {
  return (test::geodata() / "seoul" / "districts.shp").string();
}

// --- GeoJSON nested deep ---------------------------------------------------------------------

TEST(HostileGeoJson, FileNestedTenThousandDeepIsAnErrorNamingIt) {
  const auto dir = test::fresh_dir("hostile_geojson_file");
  const auto coords = test::write_text(
      dir / "coords.geojson", R"({"type":"FeatureCollection","features":[{"type":"Feature",)"
                              R"("properties":{},"geometry":{"type":"Polygon","coordinates":)" +
                                  nested(10000) + "}}]}");
  const auto props = test::write_text(
      dir / "props.geojson",
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":)" +
          nested(10000) + R"(},"geometry":{"type":"Point","coordinates":[127.05,37.54]}}]})");
  for (const auto& file : {coords, props}) {
    for (const auto& command : std::vector<std::string>{"info", "area", "export"}) {
      SCOPED_TRACE(command + " " + file);
      std::vector<std::string> args = {command, file};
      if (command == "export") args.insert(args.end(), {"-o", (dir / "out.geojson").string()});
      const Outcome r = run_bounded(args);
      test::expect_error_line(r, 1, fs::path(file).filename().string());
      EXPECT_FALSE(fs::exists(dir / "out.geojson"));
    }
  }
}

TEST(HostileGeoJson, SiteNestedDeepIsAnErrorNotAStackOverflow) {
  const auto dir = test::fresh_dir("hostile_geojson_site");
  for (const int depth : {10000, 100000, 1000000}) {
    SCOPED_TRACE(depth);
    const auto file = test::write_text(
        dir / ("site-" + std::to_string(depth) + ".json"),
        R"({"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":)" +
            nested(depth) + "}}");
    test::expect_error_line(run_bounded({"locate", "--geojson", "@" + file}), 1, "--geojson");
    const std::string bare = R"({"type":"MultiPolygon","coordinates":)" + nested(depth) + "}";
    if (depth <= 10000) {  // one argument may be at most 128 KiB (MAX_ARG_STRLEN)
      test::expect_error_line(run_bounded({"locate", "--geojson", bare}), 1, "--geojson");
    }
  }
}

TEST(HostileGeoJson, DeepPropertiesBesideAGoodGeometryStillLocate) {
  const auto dir = test::fresh_dir("hostile_geojson_props");
  const auto file = test::write_text(
      dir / "site.json", R"({"type":"Feature","properties":{"a":)" + nested(50) +
                             R"(},"geometry":{"type":"Point","coordinates":[127.056,37.543]}})");
  const Outcome r = run_bounded({"locate", "--geojson", "@" + file});
  test::expect_no_crash(r);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// --- workspace files with a 10 MB string -----------------------------------------------------

std::string ten_mb() {
  return std::string(10u << 20, 'x');
}

TEST(HostileWorkspace, TenMegabyteNameLoads) {
  const auto dir = test::fresh_dir("hostile_ws_name");
  const auto ws =
      test::write_text(dir / "jigu.toml", "[workspace]\nname = \"" + ten_mb() +
                                              "\"\n[layers.districts]\nsource = \"" +
                                              districts_shp() + "\"\nid_field = \"dist_id\"\n");
  const Outcome r = run_bounded({"--workspace", ws, "area"});
  test::expect_no_crash(r);
  EXPECT_EQ(r.exit_code, 0) << r.err.substr(0, 2000);
}

TEST(HostileWorkspace, TenMegabyteValuesGiveAShortErrorLine) {
  const auto dir = test::fresh_dir("hostile_ws_values");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"source", "[layers.districts]\nsource = \"" + ten_mb() + "\"\n"},
      {"id_field", "[layers.districts]\nsource = \"" + districts_shp() + "\"\nid_field = \"" +
                       ten_mb() + "\"\n"},
      {"crs", "[workspace]\ncrs = \"" + ten_mb() + "\"\n[layers.districts]\nsource = \"" +
                  districts_shp() + "\"\n"},
      {"unterminated", "[workspace]\nname = \"" + ten_mb() + "\n"},
      {"key", "[workspace]\n" + ten_mb() + " = 1\n[layers.districts]\nsource = \"d.shp\"\n"},
  };
  for (const auto& [name, text] : cases) {
    SCOPED_TRACE(name);
    const auto ws = test::write_text(dir / (name + ".toml"), text);
    const Outcome r = run_bounded({"--workspace", ws, "area"});
    test::expect_no_crash(r);
    ASSERT_NE(r.exit_code, 0);
    EXPECT_EQ(test::line_count(r.err), 1u) << r.err.substr(0, 2000);
    EXPECT_LT(r.err.size(), 2000u) << "an error line of " << r.err.size() << " bytes";
    // Named: the workspace file, or the layer source it names.
    EXPECT_TRUE(r.err.find(name + ".toml") != std::string::npos ||
                r.err.find("districts.shp") != std::string::npos ||
                r.err.find("d.shp") != std::string::npos || r.err.find("xxxx") != std::string::npos)
        << r.err.substr(0, 2000);
  }
}

// --- PNUs --------------------------------------------------------------------------------------

TEST(HostilePnu, HangulAndFullWidthDigitsAreOneLineErrors) {
  for (const auto& pnu :
       std::vector<std::string>{"일일사사영일이영영영일영삼구오영영영영",
                                "１１４４０１２０００１０３９５００００", "114401200010395000０"}) {
    SCOPED_TRACE(pnu);
    const Outcome r = run_bounded({"locate", "--pnu", pnu});
    test::expect_error_line(r, 1, "PNU", "not an ASCII digit");
  }
}

TEST(HostilePnu, ControlCharactersAndHugeValuesStayOnOneShortLine) {
  for (const auto& pnu : std::vector<std::string>{std::string("11440120001\n03950000"),
                                                  std::string("1144012000\r1039\x1b[2J50000"),
                                                  std::string(100000, '1')}) {
    SCOPED_TRACE(pnu.substr(0, 40));
    const Outcome r = run_bounded({"locate", "--pnu", pnu});
    test::expect_error_line(r, 1, "PNU");
    EXPECT_EQ(r.err.find('\r'), std::string::npos);
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos);
  }
}

// --- text from the data in diagnostics ------------------------------------------------------

TEST(HostileText, FeatureIdsWithLineBreaksStayOnOneLine) {
  const auto dir = test::fresh_dir("hostile_text_ids");
  test::RawShapefile spec;
  const std::vector<Point> bowtie = {
      {200000, 600000}, {200020, 600020}, {200020, 600000}, {200000, 600020}, {200000, 600000}};
  spec.shapes = {{test::RawShape::Type::Polygon, {bowtie}},
                 {test::RawShape::Type::Polygon, {bowtie}}};
  spec.ids = {"a\nb", "c\rd\x1b[2J"};
  const auto shp = test::write_raw_shapefile(dir, "ids", spec);
  Outcome r = run_bounded({"area", shp, "--id-field", "id", "--verbose"});
  test::expect_warning_lines(r, "ids.shp", "invalid-geometry-repaired");
  EXPECT_EQ(test::line_count(r.err), 2u) << r.err;  // the kind, then the second feature (-v)
  EXPECT_EQ(r.err.find('\r'), std::string::npos);
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos);
  r = run_bounded({"area", shp, "--id-field", "id", "--invalid", "fail"});
  test::expect_error_line(r, 1, "ids.shp", "feature a\\nb");
}

}  // namespace
}  // namespace jigu
