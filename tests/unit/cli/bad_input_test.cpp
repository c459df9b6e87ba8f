// Bad inputs through the real `jigu` binary: each gives the documented exit code and one clear
// line on stderr naming the file, and never a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "fixtures.hpp"
#include "run_jigu.hpp"

namespace jigu {
namespace {

using test::run_jigu;

const std::string kSquare =
    "POLYGON ((200000 600000,200000 600010,200010 600010,200010 600000,200000 600000))";

std::string good_shapefile(const std::filesystem::path& dir) {
  test::ShapefileSpec spec;
  spec.fields = {"name"};
  spec.cpg = "CP949";
  for (int i = 0; i < 20; ++i) spec.rows.push_back({{"\xbc\xad\xb1\xb3\xb5\xbf"}, kSquare});
  return test::write_shapefile(dir, "parcels", spec);
}

std::size_t lines(const std::string& text) {
  return std::count(text.begin(), text.end(), '\n');
}

// The common shape of an error: code 1, exactly one stderr line naming `file`, no stdout.
void expect_one_line_error(const test::RunResult& r, const std::string& file,
                           const std::string& what) {
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(BadInput, MissingShx) {
  const auto dir = test::fresh_dir("bad_missing_shx");
  const auto shp = good_shapefile(dir);
  std::filesystem::remove(dir / "parcels.shx");
  expect_one_line_error(run_jigu({"area", shp}), "parcels.shp", "cannot open");
}

TEST(BadInput, MissingDbf) {
  const auto dir = test::fresh_dir("bad_missing_dbf");
  const auto shp = good_shapefile(dir);
  std::filesystem::remove(dir / "parcels.dbf");
  const auto r = run_jigu({"area", shp});
  expect_one_line_error(r, "parcels", "dbf");
}

TEST(BadInput, MissingPrjIsACrsErrorWithARemedy) {
  const auto dir = test::fresh_dir("bad_missing_prj");
  const auto shp = good_shapefile(dir);
  std::filesystem::remove(dir / "parcels.prj");
  expect_one_line_error(run_jigu({"area", shp}), "parcels.shp", "--s-crs");
  EXPECT_EQ(run_jigu({"area", shp, "--s-crs", "EPSG:5186"}).exit_code, 0);
}

TEST(BadInput, TruncatedShp) {
  const auto dir = test::fresh_dir("bad_truncated_shp");
  const auto shp = good_shapefile(dir);
  std::filesystem::resize_file(shp, std::filesystem::file_size(shp) - 150);
  const auto r = run_jigu({"area", shp});
  expect_one_line_error(r, "parcels.shp", "feature");
}

TEST(BadInput, EmptyFile) {
  const auto dir = test::fresh_dir("bad_empty");
  const auto path = test::write_text(dir / "empty.shp", "");
  expect_one_line_error(run_jigu({"info", path}), "empty.shp", "empty");
}

TEST(BadInput, NotAGeoFile) {
  const auto dir = test::fresh_dir("bad_not_geo");
  const auto path = test::write_text(dir / "notes.txt", "this is not a map\n");
  expect_one_line_error(run_jigu({"info", path}), "notes.txt", "not a vector format");
}

TEST(BadInput, NoSuchFile) {
  expect_one_line_error(run_jigu({"area", "no-such-file.shp"}), "no-such-file.shp", "no such file");
}

TEST(BadInput, Cp949WithoutCpgIsReadAsHangul) {
  const auto dir = test::fresh_dir("bad_cp949_no_cpg");
  const auto shp = good_shapefile(dir);
  std::filesystem::remove(dir / "parcels.cpg");
  const auto r = run_jigu({"area", shp, "--name-field", "name", "-f", "csv"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_NE(r.out.find("서교동"), std::string::npos) << r.out;
}

TEST(BadInput, BowTieIsRepairedWithAWarningOrFailsOnRequest) {
  const auto dir = test::fresh_dir("bad_bowtie");
  test::ShapefileSpec spec;
  spec.fields = {"id"};
  spec.rows = {
      {{"b1"},
       "POLYGON ((200000 600000,200020 600020,200020 600000,200000 600020,200000 600000))"}};
  const auto shp = test::write_shapefile(dir, "bow", spec);
  auto r = run_jigu({"area", shp, "--id-field", "id"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find("warning"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("invalid-geometry-repaired"), std::string::npos) << r.err;
  EXPECT_EQ(run_jigu({"area", shp, "--strict"}).exit_code, 3);
  r = run_jigu({"area", shp, "--id-field", "id", "--invalid", "fail"});
  expect_one_line_error(r, "bow.shp", "feature b1: invalid geometry: Self-intersection");
}

TEST(BadInput, UsageErrorsExitWithTwo) {
  EXPECT_EQ(run_jigu({"area", "--no-such-flag"}).exit_code, 2);
  EXPECT_EQ(run_jigu({"info"}).exit_code, 2);
  EXPECT_EQ(run_jigu({"area", "x.shp", "--invalid", "maybe"}).exit_code, 2);
  EXPECT_EQ(run_jigu({"--format", "xml", "area"}).exit_code, 2);
  EXPECT_EQ(run_jigu({}).exit_code, 2);
}

}  // namespace
}  // namespace jigu
