// Pieces of the area report: checksums (FIPS 180-4 test vectors), numbers for people, the zoning
// palette, the map frame (aspect ratio, y flip), the scale bar, and write-then-rename output.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "jigu/error.hpp"
#include "jigu/output_file.hpp"
#include "jigu/report.hpp"
#include "report/svg_map.hpp"
#include "session/area_report_format.hpp"
#include "test_paths.hpp"

namespace jigu {
namespace {

TEST(Sha256, MatchesTheFips180Vectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // 55 and 56 bytes straddle the padding boundary.
  EXPECT_EQ(sha256_hex(std::string(55, 'x')).size(), 64u);
  EXPECT_NE(sha256_hex(std::string(55, 'x')), sha256_hex(std::string(56, 'x')));
}

TEST(Sha256, OfAFileEqualsOfItsBytes) {
  const auto dir = test::fresh_dir("report_sha256");
  const std::string text(200000, 'q');
  { std::ofstream(dir / "f.bin", std::ios::binary) << text; }
  EXPECT_EQ(sha256_file((dir / "f.bin").string()), sha256_hex(text));
  EXPECT_THROW(sha256_file((dir / "missing").string()), InputError);
}

TEST(ReportNumbers, GroupThousandsWithFixedDecimals) {
  EXPECT_EQ(report::grouped(539406.0, 2), "539,406.00");
  EXPECT_EQ(report::grouped(1427253.8049, 2), "1,427,253.80");
  EXPECT_EQ(report::grouped(999.999, 2), "1,000.00");
  EXPECT_EQ(report::grouped(-0.0004, 2), "0.00");  // no sign on a value that rounds to zero
  EXPECT_EQ(report::grouped(-1234.5, 1), "-1,234.5");
  EXPECT_EQ(report::grouped(std::int64_t{5944}), "5,944");
  EXPECT_EQ(report::signed_grouped(-0.34, 2), "\u22120.34");
  EXPECT_EQ(report::signed_grouped(12.0, 2), "+12.00");
  EXPECT_EQ(report::signed_grouped(0.0004, 2), "±0.00");
  EXPECT_EQ(report::m2(539406.0, 0), "539,406 m²");
  EXPECT_EQ(report::m2(std::nullopt), "\u2014");
  EXPECT_EQ(report::percent_of_share(0.52962), "52.96 %");
  EXPECT_EQ(report::limit_pct(480.0), "480 %");
  EXPECT_EQ(report::limit_pct(62.5), "62.5 %");
  EXPECT_EQ(report::exact(0.1), "0.1");
  EXPECT_EQ(report::escape_xml("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
}

TEST(ReportArea, DifferenceFromTheOfficialFigure) {
  ReportArea a;
  a.planar_m2 = 101.0;
  EXPECT_FALSE(a.difference_m2());
  a.official_m2 = 100.0;
  EXPECT_DOUBLE_EQ(*a.difference_m2(), 1.0);
  EXPECT_DOUBLE_EQ(*a.difference_pct(), 1.0);
}

TEST(ZoningPalette, OneDistinctColourPerCodeAndFamilyFallbacks) {
  std::set<std::string> codes, colours;
  for (const auto& c : report::zoning_palette()) {
    EXPECT_TRUE(codes.insert(c.code).second) << c.code;
    EXPECT_TRUE(colours.insert(c.fill).second) << c.code << " repeats " << c.fill;
    EXPECT_EQ(c.fill.size(), 7u);
    EXPECT_EQ(report::zone_colour(c.code), c.fill);
  }
  for (const char* code : {"UQA122", "UQA123", "UQA130", "UQA220", "UQA230", "UQA330"}) {
    EXPECT_TRUE(codes.count(code)) << code << " (shipped geodata) has no colour";
  }
  EXPECT_EQ(report::zone_colour("UQA199"), report::zone_colour("UQA100"));  // residential family
  EXPECT_EQ(report::zone_colour("UQA431"), report::zone_colour("UQA400"));  // green family
  EXPECT_EQ(report::zone_colour(""), "#ffffff");                            // no zoning
  EXPECT_EQ(report::zone_colour("XYZ"), "#c8c8c8");
}

TEST(MapFrame, KeepsTheAspectRatioAndFlipsY) {
  const Box world{{200000.0, 550000.0}, {201000.0, 550500.0}};  // 1000 m × 500 m
  const report::MapFrame f = report::fit_frame(world, 720.0, 0.0);
  EXPECT_DOUBLE_EQ(f.width_px, 720.0);
  EXPECT_NEAR(f.height_px, 360.0, 1e-9);
  const Point top_left = f.to_px({200000.0, 550500.0});
  const Point bottom_right = f.to_px({201000.0, 550000.0});
  EXPECT_NEAR(top_left.x, 0.0, 1e-9);
  EXPECT_NEAR(top_left.y, 0.0, 1e-9);  // north is up: the largest y is at the top
  EXPECT_NEAR(bottom_right.x, 720.0, 1e-9);
  EXPECT_NEAR(bottom_right.y, 360.0, 1e-9);
  // A margin grows the world on every side by a share of its larger side.
  const report::MapFrame m = report::fit_frame(world, 720.0, 0.1);
  EXPECT_NEAR(m.world.min.x, 199900.0, 1e-6);
  EXPECT_NEAR(m.world.max.y, 550600.0, 1e-6);
  EXPECT_NEAR(m.height_px / m.width_px, 700.0 / 1200.0, 1e-12);
}

TEST(MapFrame, ScaleBarLengthsAreRound) {
  EXPECT_DOUBLE_EQ(report::scale_bar_length_m(730.0), 500.0);
  EXPECT_DOUBLE_EQ(report::scale_bar_length_m(199.0), 100.0);
  EXPECT_DOUBLE_EQ(report::scale_bar_length_m(200.0), 200.0);
  EXPECT_DOUBLE_EQ(report::scale_bar_length_m(4100.0), 2000.0);
  EXPECT_DOUBLE_EQ(report::scale_bar_length_m(0.3), 0.2);
}

TEST(MapFrame, PathsArePixelsWithOneDecimal) {
  const report::MapFrame f = report::fit_frame(Box{{0, 0}, {10, 10}}, 100.0, 0.0);
  Geometry g;
  g.kind = GeometryKind::Polygons;
  g.polygons.push_back(Polygon{{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}, {}});
  EXPECT_EQ(report::svg_path(g, f), "M0.0 100.0L0.0 0.0L100.0 0.0L100.0 100.0Z");
}

TEST(ReportFile, WrittenThroughATemporaryFileAndNeverOverwrittenUnasked) {
  const auto dir = test::fresh_dir("report_atomic");
  const std::string path = (dir / "r.html").string();
  write_file_atomically(path, "one", false);
  EXPECT_THROW(write_file_atomically(path, "two", false), UsageError);
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, "one");
  write_file_atomically(path, "three", true);
  std::ifstream again(path);
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(again)), {}), "three");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u);  // no temporary file left behind
  EXPECT_THROW(write_file_atomically((dir / "no-such-dir" / "r.html").string(), "x", false),
               InputError);
}

TEST(ReportFormat, ByExtensionOrByName) {
  EXPECT_EQ(report_format_for_path("a/b/report.HTML"), ReportFormat::Html);
  EXPECT_EQ(report_format_for_path("r.md"), ReportFormat::Markdown);
  EXPECT_EQ(report_format_for_path("r.csv"), ReportFormat::Csv);
  EXPECT_EQ(report_format_for_path("r.json"), ReportFormat::Json);
  EXPECT_FALSE(report_format_for_path("r.pdf"));
  EXPECT_EQ(parse_report_format("markdown"), ReportFormat::Markdown);
  EXPECT_THROW(parse_report_format("pdf"), UsageError);
}

}  // namespace
}  // namespace jigu
