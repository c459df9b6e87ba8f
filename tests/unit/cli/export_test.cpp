// `jigu export`: RFC 7946 GeoJSON that an independent validator (@mapbox/geojsonhint 3.2.0) and
// jigu's own check accept, and that GDAL reads back with the same features and attributes.
#include <gtest/gtest.h>

#include <fstream>

#include "fixtures.hpp"
#include "jigu/error.hpp"
#include "jigu/geojson_check.hpp"
#include "jigu/layer_reader.hpp"
#include "jigu/workspace.hpp"
#include "run_jigu.hpp"

namespace jigu {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void expect_geojsonhint_clean(const std::string& path) {
  const auto r = test::run_program((test::node_tools() / "geojsonhint").string(), {path});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(r.out.empty()) << "geojsonhint: " << r.out.substr(0, 500);
}

class ExportLayer : public testing::TestWithParam<std::string> {};

TEST_P(ExportLayer, IsRfc7946AndReadsBackTheSame) {
  const std::string role = GetParam();
  const auto dir = test::fresh_dir("export_" + role);
  const std::string out = (dir / (role + ".geojson")).string();
  const auto r = test::run_jigu({"export", role, "-o", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  expect_geojsonhint_clean(out);

  const std::string text = slurp(out);
  EXPECT_EQ(text.find("\"crs\""), std::string::npos);
  GeoJsonCheckOptions seoul;  // a Seoul sanity box catches swapped or projected coordinates
  seoul.check_box = true;
  seoul.west = 126.7;
  seoul.south = 37.4;
  seoul.east = 127.3;
  seoul.north = 37.8;
  EXPECT_TRUE(check_geojson(out, seoul).empty());

  const Workspace ws = load_workspace(test::geodata() / "seoul" / "jigu.toml");
  const LayerRef& ref = ws.layer(role);
  const FeatureSet original = read_layer(ref.source, ref.read_options(ReadOptions{}));
  ReadOptions back_options = ref.read_options(ReadOptions{});
  const FeatureSet back = read_layer(out, back_options);
  ASSERT_EQ(back.features.size(), original.features.size());
  EXPECT_EQ(back.info.encoding.name, "UTF-8");
  for (std::size_t i = 0; i < original.features.size(); ++i) {
    EXPECT_EQ(back.features[i].id, original.features[i].id);
    EXPECT_EQ(back.features[i].name, original.features[i].name);  // Hangul survives
    // 7 decimals of a degree are ~1 cm; back in EPSG:5186 the vertices agree to a few cm.
    const Box a = envelope(original.features[i].geometry);
    const Box b = envelope(back.features[i].geometry);
    EXPECT_NEAR(a.min.x, b.min.x, 0.05);
    EXPECT_NEAR(a.max.y, b.max.y, 0.05);
  }
}

INSTANTIATE_TEST_SUITE_P(Shipped, ExportLayer, testing::Values("districts", "zoning", "parcels"));

TEST(Export, ClassifyResultsExportTheSameWay) {
  const auto dir = test::fresh_dir("export_classify");
  const std::string out = (dir / "classified.geojson").string();
  ASSERT_EQ(test::run_jigu({"classify", "-o", out}).exit_code, 0);
  expect_geojsonhint_clean(out);
  EXPECT_TRUE(check_geojson(out, GeoJsonCheckOptions{}).empty());
}

TEST(Export, PrecisionIsHonoured) {
  const auto dir = test::fresh_dir("export_precision");
  const std::string out = (dir / "d.geojson").string();
  ASSERT_EQ(test::run_jigu({"export", "districts", "-o", out, "--precision", "5"}).exit_code, 0);
  GeoJsonCheckOptions five;
  five.max_decimals = 5;
  EXPECT_TRUE(check_geojson(out, five).empty());
  GeoJsonCheckOptions four;
  four.max_decimals = 4;
  EXPECT_FALSE(check_geojson(out, four).empty());
}

TEST(GeoJsonCheck, CatchesWhatValidatorsMiss) {
  const auto dir = test::fresh_dir("geojson_check");
  // Projected coordinates with a crs member, and a clockwise outer ring.
  const auto path = test::write_text(
      dir / "bad.geojson",
      R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:5186"}},)"
      R"("features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":)"
      R"([[[200000,600000],[200000,600010],[200010,600010],[200010,600000],[200000,600000]]]}}]})");
  const auto problems = check_geojson(path, GeoJsonCheckOptions{});
  ASSERT_GE(problems.size(), 3u);
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  EXPECT_NE(all.find("'crs'"), std::string::npos) << all;
  EXPECT_NE(all.find("not WGS 84"), std::string::npos) << all;
  EXPECT_NE(all.find("clockwise"), std::string::npos) << all;
  const auto bad_utf8 = test::write_text(dir / "utf8.geojson",
                                         "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
                                         "\"Feature\",\"properties\":{\"n\":\"\xbc\xad\"},"
                                         "\"geometry\":null}]}");
  EXPECT_THROW(check_geojson(bad_utf8, GeoJsonCheckOptions{}), InputError);
}

TEST(Export, ExistingOutputNeedsOverwrite) {
  const auto dir = test::fresh_dir("export_overwrite");
  const auto out = test::write_text(dir / "d.geojson", "{}");
  EXPECT_EQ(test::run_jigu({"export", "districts", "-o", out}).exit_code, 2);
  EXPECT_EQ(slurp(out), "{}");
}

}  // namespace
}  // namespace jigu
