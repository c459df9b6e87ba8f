// `jigu classify` through the real binary: outputs re-read with GDAL, overwrite safety.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fixtures.hpp"
#include "jigu/layer_reader.hpp"
#include "run_jigu.hpp"

namespace jigu {
namespace {

using test::run_jigu;

TEST(ClassifyCli, ShippedParcelsToGeoPackageReadBackWithSharesAddingUp) {
  const auto dir = test::fresh_dir("classify_cli_gpkg");
  const std::string out = (dir / "classified.gpkg").string();
  const auto r = run_jigu({"classify", "-o", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  ReadOptions o;
  o.id_field = "id";
  const FeatureSet set = read_layer(out, o);
  EXPECT_EQ(set.features.size(), 5944u);
  const int zones = set.field_index("zones");
  int straddlers = 0;
  for (const auto& f : set.features) {
    const std::string& text = std::get<std::string>(f.attributes[static_cast<std::size_t>(zones)]);
    double sum = 0;
    std::stringstream items(text);
    std::string item;
    while (std::getline(items, item, ';')) sum += std::stod(item.substr(item.rfind(':') + 1));
    EXPECT_NEAR(sum, 1.0, 1e-9) << f.id;
    if (text.find(';') != std::string::npos) ++straddlers;
    if (f.id == "1144012000101060014") {
      // geodata/README.md: UQA122 404.89 m² + UQA230 299.99 m².
      EXPECT_NE(text.find("UQA122:0.574"), std::string::npos) << text;
    }
  }
  EXPECT_GE(straddlers, 9);
  // Nothing but the output is left in the folder.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
}

TEST(ClassifyCli, RefusesToOverwriteUnlessAsked) {
  const auto dir = test::fresh_dir("classify_cli_overwrite");
  const auto out = test::write_text(dir / "keep.csv", "precious\n");
  auto r = run_jigu({"classify", "-o", out});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--overwrite"), std::string::npos) << r.err;
  std::ifstream in(out);
  std::string first;
  std::getline(in, first);
  EXPECT_EQ(first, "precious");
  r = run_jigu({"classify", "-o", out, "--overwrite"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GT(std::filesystem::file_size(out), 100000u);
}

TEST(ClassifyCli, ShapefileAndGeoJsonOutputs) {
  const auto dir = test::fresh_dir("classify_cli_formats");
  for (const char* name : {"c.shp", "c.geojson"}) {
    const std::string out = (dir / name).string();
    const auto r = run_jigu({"classify", "-o", out});
    ASSERT_EQ(r.exit_code, 0) << name << r.err;
    ReadOptions o;
    o.id_field = "id";
    const FeatureSet set = read_layer(out, o);
    EXPECT_EQ(set.features.size(), 5944u) << name;
  }
}

TEST(ClassifyCli, UnknownOutputTypeIsAUsageError) {
  const auto dir = test::fresh_dir("classify_cli_type");
  EXPECT_EQ(run_jigu({"classify", "-o", (dir / "x.xyz").string()}).exit_code, 2);
}

}  // namespace
}  // namespace jigu
