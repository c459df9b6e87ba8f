// `jigu overlay -o`: the district x zone pieces written with geometry whose areas are the
// table's areas, and which tile each district.
#include <gtest/gtest.h>

#include <map>

#include "fixtures.hpp"
#include "jigu/area.hpp"
#include "jigu/layer_reader.hpp"
#include "run_jigu.hpp"

namespace jigu {
namespace {

TEST(OverlayCli, PiecesWrittenWithGeometryMatchTheirAreasAndTileTheDistricts) {
  const auto dir = test::fresh_dir("overlay_cli_pieces");
  const std::string out = (dir / "pieces.gpkg").string();
  const auto r = test::run_jigu({"overlay", "-o", out, "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const FeatureSet pieces = read_layer(out, ReadOptions{});
  ASSERT_EQ(pieces.features.size(), 8u);  // 1 zone in Seongsu, 5 in Mapo, 2 in Jongno
  const int district = pieces.field_index("district");
  const int area = pieces.field_index("area_m2");
  const int dist_area = pieces.field_index("dist_m2");
  std::map<std::string, double> sums;
  std::map<std::string, double> expected;
  for (const auto& f : pieces.features) {
    const double a = planar_area(f.geometry);
    const double stated = std::get<double>(f.attributes[static_cast<std::size_t>(area)]);
    EXPECT_NEAR(a, stated, 1e-6 * stated);
    const auto& d = std::get<std::string>(f.attributes[static_cast<std::size_t>(district)]);
    sums[d] += a;
    expected[d] = std::get<double>(f.attributes[static_cast<std::size_t>(dist_area)]);
  }
  for (const auto& [d, sum] : sums) EXPECT_NEAR(sum, expected[d], 1e-6 * expected[d]) << d;
}

}  // namespace
}  // namespace jigu
