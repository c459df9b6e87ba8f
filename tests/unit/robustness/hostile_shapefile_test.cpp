// Hostile shapefiles through the real `jigu` binary: truncated and bit-flipped .shp/.shx/.dbf,
// parts that disagree, a garbage .prj, and rings that are unclosed, self-intersecting, of zero area
// or with spikes. Each gives the documented exit code and one line naming the file (and feature),
// within a deadline and an address-space limit; none crashes.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
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

constexpr int kFeatures = 20;

// 20 squares, ids f1..f20, in EPSG:5186.
std::string good_shapefile(const fs::path& dir) {
  test::RawShapefile spec;
  for (int i = 0; i < kFeatures; ++i) {
    spec.shapes.push_back(
        {test::RawShape::Type::Polygon, {test::square(200000 + 20.0 * i, 600000, 10)}});
  }
  return test::write_raw_shapefile(dir, "good", spec);
}

Outcome area_of(const std::string& shp, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"area", shp, "--id-field", "id", "-f", "csv"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_bounded(args, {.seconds = 30});
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// --- truncated parts -------------------------------------------------------------------------

struct Truncation {
  std::string name;
  std::string ext;  // the part cut short
  long keep;        // bytes kept; negative: counted back from the end
  int exit_code;    // 0 only where nothing of substance is lost
};

void PrintTo(const Truncation& t, std::ostream* os) {
  *os << t.name;
}

class HostileTruncated : public testing::TestWithParam<Truncation> {};

TEST_P(HostileTruncated, FailsWithOneLineOrReadsEverything) {
  const Truncation& t = GetParam();
  const auto dir = test::fresh_dir("hostile_truncated_" + t.name);
  const std::string shp = good_shapefile(dir);
  const fs::path part = dir / ("good." + t.ext);
  const auto size = static_cast<long>(fs::file_size(part));
  fs::resize_file(part, static_cast<std::uintmax_t>(t.keep >= 0 ? t.keep : size + t.keep));
  const Outcome r = area_of(shp);
  if (t.exit_code == 0) {
    test::expect_no_crash(r);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(test::csv_rows(r.out), static_cast<std::size_t>(kFeatures));
  } else {
    test::expect_error_line(r, t.exit_code, "good.shp");
  }
}

INSTANTIATE_TEST_SUITE_P(
    Parts, HostileTruncated,
    testing::Values(
        Truncation{"shp_empty", "shp", 0, 1}, Truncation{"shp_half_header", "shp", 50, 1},
        Truncation{"shp_header_only", "shp", 100, 1},
        Truncation{"shp_mid_first_record", "shp", 108, 1}, Truncation{"shp_half", "shp", 1410, 1},
        Truncation{"shp_last_byte", "shp", -1, 1}, Truncation{"shx_empty", "shx", 0, 1},
        Truncation{"shx_header_only", "shx", 100, 1}, Truncation{"shx_half", "shx", 180, 1},
        Truncation{"shx_last_byte", "shx", -1, 1}, Truncation{"dbf_empty", "dbf", 0, 1},
        Truncation{"dbf_half_header", "dbf", 16, 1}, Truncation{"dbf_header_only", "dbf", 65, 1},
        Truncation{"dbf_half", "dbf", 243, 1}, Truncation{"dbf_last_record_cut", "dbf", -2, 1},
        Truncation{"dbf_eof_marker_only", "dbf", -1, 0}),
    [](const auto& p) { return std::string(p.param.name); });

// --- bit flips -------------------------------------------------------------------------------

// Deterministic bit flips (std::mt19937's raw output is the same everywhere): most in the headers,
// where the counts and offsets are, the rest anywhere. Every variant either reads all 20 features,
// reports what it dropped as a warning, or fails with one line naming the file.
class HostileBitFlips : public testing::TestWithParam<std::string> {};

TEST_P(HostileBitFlips, NeverCrashNorDropFeaturesSilently) {
  const std::string ext = GetParam();
  const auto dir = test::fresh_dir("hostile_bitflip_" + ext);
  const auto good_dir = dir / "good";
  fs::create_directories(good_dir);
  good_shapefile(good_dir);
  const std::string original = read_bytes(good_dir / ("good." + ext));
  std::mt19937 rng(20250101u + static_cast<unsigned>(ext[1]));
  constexpr int kVariants = 16;
  for (int v = 0; v < kVariants; ++v) {
    const auto vdir = dir / std::to_string(v);
    fs::create_directories(vdir);
    for (const char* e : {"shp", "shx", "dbf", "prj"}) {
      fs::copy_file(good_dir / (std::string("good.") + e), vdir / (std::string("good.") + e));
    }
    std::string bytes = original;
    const int flips = 1 + static_cast<int>(rng() % 4);
    std::string what;
    for (int k = 0; k < flips; ++k) {
      const std::size_t limit =
          (rng() % 2) ? std::min<std::size_t>(bytes.size(), 128) : bytes.size();
      const std::size_t at = rng() % limit;
      const int bit = static_cast<int>(rng() % 8);
      bytes[at] = static_cast<char>(bytes[at] ^ (1 << bit));
      what += " byte " + std::to_string(at) + " bit " + std::to_string(bit);
    }
    write_bytes(vdir / ("good." + ext), bytes);
    SCOPED_TRACE("good." + ext + ":" + what);
    const Outcome r = area_of((vdir / "good.shp").string());
    test::expect_no_crash(r);
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
    if (r.exit_code == 1) {
      EXPECT_EQ(test::line_count(r.err), 1u) << r.err;
      EXPECT_NE(r.err.find("good."), std::string::npos) << r.err;
      EXPECT_TRUE(r.out.empty());
    } else if (test::csv_rows(r.out) != static_cast<std::size_t>(kFeatures)) {
      // Fewer rows only with the dropped features reported.
      EXPECT_NE(r.err.find("warning"), std::string::npos)
          << test::csv_rows(r.out) << " rows of " << kFeatures << " and no warning";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Parts, HostileBitFlips, testing::Values("shp", "shx", "dbf"),
                         [](const auto& p) { return std::string(p.param); });

// --- parts that disagree ---------------------------------------------------------------------

TEST(HostileShapefile, DbfWithFewerRecordsThanShapesIsAnError) {
  const auto dir = test::fresh_dir("hostile_dbf_fewer");
  test::RawShapefile spec;
  for (int i = 0; i < 5; ++i)
    spec.shapes.push_back(
        {test::RawShape::Type::Polygon, {test::square(200000 + 20.0 * i, 600000, 10)}});
  spec.dbf_records = 3;
  const auto shp = test::write_raw_shapefile(dir, "short", spec);
  test::expect_error_line(area_of(shp), 1, "short.shp", ".dbf");
  test::expect_error_line(run_bounded({"info", shp}), 1, "short.shp", "3");
}

TEST(HostileShapefile, DbfWithMoreRecordsThanShapesIsAnError) {
  const auto dir = test::fresh_dir("hostile_dbf_more");
  test::RawShapefile spec;
  for (int i = 0; i < 3; ++i)
    spec.shapes.push_back(
        {test::RawShape::Type::Polygon, {test::square(200000 + 20.0 * i, 600000, 10)}});
  spec.dbf_records = 5;
  const auto shp = test::write_raw_shapefile(dir, "long", spec);
  test::expect_error_line(area_of(shp), 1, "long.shp", ".dbf");
}

TEST(HostileShapefile, CorruptDbfIsNotCalledMissing) {
  const auto dir = test::fresh_dir("hostile_dbf_corrupt");
  const auto shp = good_shapefile(dir);
  write_bytes(dir / "good.dbf",
              "this is no dBASE table, just text that is long enough to look at\n");
  const Outcome r = area_of(shp);
  test::expect_error_line(r, 1, "good.");
  EXPECT_EQ(r.err.find("missing"), std::string::npos) << r.err;
}

TEST(HostileShapefile, GarbagePrjIsACrsErrorNamingTheFile) {
  const auto dir = test::fresh_dir("hostile_prj");
  const auto shp = good_shapefile(dir);
  for (const auto& garbage : std::vector<std::string>{std::string("PROJCS[\"broken\",GEOGCS[", 23),
                                                      std::string("\x00\xff\xfe garbage \x01", 14),
                                                      std::string(5000, '['), std::string("")}) {
    write_bytes(dir / "good.prj", garbage);
    const Outcome r = area_of(shp);
    SCOPED_TRACE("prj: " + garbage.substr(0, 40));
    test::expect_error_line(r, 1, "good.shp");
  }
}

// --- rings -----------------------------------------------------------------------------------

struct BadRing {
  std::string name;
  std::vector<std::vector<Point>> parts;
  std::string reason;  // in the warning and the --invalid=fail error
};

void PrintTo(const BadRing& b, std::ostream* os) {
  *os << b.name;
}

class HostileRing : public testing::TestWithParam<BadRing> {};

// Repaired (or collapsed) with a warning naming file and feature; 3 with --strict; with
// --invalid=fail one error line naming the feature; --invalid=skip drops it with a warning.
TEST_P(HostileRing, IsRepairedOrRejectedAsThePolicySays) {
  const BadRing& b = GetParam();
  const auto dir = test::fresh_dir("hostile_ring_" + b.name);
  test::RawShapefile spec;
  spec.shapes.push_back({test::RawShape::Type::Polygon, {test::square(200000, 600000, 10)}});
  spec.shapes.push_back({test::RawShape::Type::Polygon, b.parts});
  spec.ids = {"ok", "bad"};
  const auto shp = test::write_raw_shapefile(dir, "rings", spec);

  Outcome r = area_of(shp);
  test::expect_warning_lines(r, "rings.shp", "feature bad");
  EXPECT_NE(r.err.find(b.reason), std::string::npos) << r.err;
  EXPECT_EQ(test::csv_rows(r.out), 2u) << r.out;
  EXPECT_EQ(r.out.find("nan"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("inf"), std::string::npos) << r.out;

  EXPECT_EQ(area_of(shp, {"--strict"}).exit_code, 3);

  r = area_of(shp, {"--invalid", "fail"});
  test::expect_error_line(r, 1, "rings.shp", "feature bad");

  r = area_of(shp, {"--invalid", "skip"});
  test::expect_warning_lines(r, "rings.shp", "skipped");
  EXPECT_EQ(test::csv_rows(r.out), 1u) << r.out;
}

const double kX = 200000, kY = 600000;
INSTANTIATE_TEST_SUITE_P(
    Rings, HostileRing,
    testing::Values(
        BadRing{"unclosed",
                {{{kX, kY}, {kX, kY + 10}, {kX + 10, kY + 10}, {kX + 10, kY}}},
                "not closed"},
        BadRing{"bowtie",
                {{{kX, kY}, {kX + 20, kY + 20}, {kX + 20, kY}, {kX, kY + 20}, {kX, kY}}},
                "Self-intersection"},
        BadRing{"zero_area_collinear",
                {{{kX, kY}, {kX + 10, kY}, {kX + 20, kY}, {kX, kY}}},
                "Self-intersection"},
        BadRing{"zero_area_one_point", {{{kX, kY}, {kX, kY}, {kX, kY}, {kX, kY}}}, "feature bad"},
        BadRing{"two_points", {{{kX, kY}, {kX, kY}}}, "fewer than 4 points"},
        BadRing{"spike",
                {{{kX, kY},
                  {kX, kY + 10},
                  {kX + 5, kY + 10},
                  {kX + 5, kY + 50},
                  {kX + 5, kY + 10},
                  {kX + 10, kY + 10},
                  {kX + 10, kY},
                  {kX, kY}}},
                "Self-intersection"},
        BadRing{"overlapping_parts",
                {test::square(kX, kY, 10), test::square(kX + 5, kY, 10)},
                "feature bad"}),
    [](const auto& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace jigu
