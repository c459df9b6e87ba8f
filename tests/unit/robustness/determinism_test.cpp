// Determinism: the same inputs give byte-identical CSV, JSON and GeoJSON outputs across runs and
// thread counts (GeoPackage embeds timestamps, so it is compared through CSV and GeoJSON).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "child_process.hpp"
#include "expect_outcome.hpp"
#include "fixtures.hpp"

namespace jigu {
namespace {

namespace fs = std::filesystem;
using test::run_bounded;

std::string classify_to(const fs::path& out, const std::string& threads) {
  const test::Outcome r =
      run_bounded({"classify", "-o", out.string(), "--threads", threads}, {.seconds = 120});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  return test::slurp_file(out);
}

TEST(Deterministic, ClassifyIsByteIdenticalAcrossRunsAndThreadCounts) {
  const auto dir = test::fresh_dir("deterministic_classify");
  for (const auto& ext : std::vector<std::string>{".csv", ".geojson"}) {
    SCOPED_TRACE(ext);
    const std::string one = classify_to(dir / ("t1" + ext), "1");
    const std::string two = classify_to(dir / ("t2" + ext), "2");
    const std::string again = classify_to(dir / ("t2-again" + ext), "2");
    const std::string four = classify_to(dir / ("t4" + ext), "4");
    ASSERT_GT(one.size(), 100000u);
    EXPECT_TRUE(one == two) << "--threads 1 and --threads 2 differ";
    EXPECT_TRUE(two == again) << "two runs with --threads 2 differ";
    EXPECT_TRUE(one == four) << "--threads 1 and --threads 4 differ";
  }
}

TEST(Deterministic, ReportsAreByteIdenticalAcrossRuns) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"area", "-f", "json"},
           {"area", "-f", "csv"},
           {"overlay", "-f", "json"},
           {"locate", "--pnu", "1144012000101060014", "-f", "json"},
           {"locate", "--point", "127.056,37.543", "-f", "json"},
           {"info", (test::geodata() / "seoul" / "parcels.shp").string(), "-f", "json"}}) {
    SCOPED_TRACE(testing::PrintToString(args));
    const test::Outcome first = run_bounded(args);
    const test::Outcome second = run_bounded(args);
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_FALSE(first.out.empty());
    EXPECT_TRUE(first.out == second.out) << "two runs differ";
  }
}

TEST(Deterministic, ExportIsByteIdenticalAcrossRuns) {
  const auto dir = test::fresh_dir("deterministic_export");
  for (const auto& layer : std::vector<std::string>{"parcels", "zoning"}) {
    const auto a = dir / (layer + "-a.geojson");
    const auto b = dir / (layer + "-b.geojson");
    ASSERT_EQ(run_bounded({"export", layer, "-o", a.string()}).exit_code, 0);
    ASSERT_EQ(run_bounded({"export", layer, "-o", b.string()}).exit_code, 0);
    EXPECT_TRUE(test::slurp_file(a) == test::slurp_file(b)) << layer;
  }
}

}  // namespace
}  // namespace jigu
