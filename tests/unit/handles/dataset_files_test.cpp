// The files of a vector dataset (handles/dataset_files): as many as the dataset has on disk
// (found with std::filesystem beside what the fixtures wrote), whatever the format, and a
// source that cannot be opened refused with open_vector's reason.
#include "handles/dataset_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "fixtures.hpp"
#include "jigu/error.hpp"
#include "thrown.hpp"

namespace jigu::handles {
namespace {

namespace fs = std::filesystem;

// The names of the files in `dir`, sorted.
std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> names_of(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const auto& p : paths) out.push_back(fs::path(p).filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// A .prj as ArcGIS writes it.
const char* const kEsriWgs84 =
    "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,"
    "298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

TEST(DatasetFiles, AShapefileIsItsFilesOnDisk) {
  const fs::path dir = test::fresh_dir("dataset_files_shapefile");
  test::ShapefileSpec spec;
  spec.fields = {"name"};
  spec.rows = {{{"a"}, "POLYGON ((0 0, 0 1, 1 1, 1 0, 0 0))"}};
  spec.prj_crs.reset();  // no .prj, no .cpg: three files
  const std::string shp = test::write_shapefile(dir, "parcels", spec);
  EXPECT_EQ(names_in(dir), (std::vector<std::string>{"parcels.dbf", "parcels.shp", "parcels.shx"}));
  EXPECT_EQ(names_of(source_files(shp)), names_in(dir));
  // A .cpg and a .prj added later are part of it too; an unrelated file beside it is not.
  test::write_text(dir / "parcels.cpg", "UTF-8");
  test::write_text(dir / "parcels.prj", kEsriWgs84);
  test::write_text(dir / "notes.txt", "not part of the dataset");
  EXPECT_EQ(names_of(source_files(shp)),
            (std::vector<std::string>{"parcels.cpg", "parcels.dbf", "parcels.prj", "parcels.shp",
                                      "parcels.shx"}));
}

// BUG (reported, not fixed here): GDAL's shapefile driver lists the .prj only when it can parse
// it, and parses it while listing, outside any CplMessageCollector. A .prj it cannot parse is
// then left out of the files (so `jigu report`'s input checksums miss it), and GDAL's error
// ("ERROR 1: Missing DATUM or ENSEMBLE node") is printed on stderr.
TEST(DatasetFiles, DISABLED_ACorruptPrjIsStillOneOfTheFilesAndNothingIsPrinted) {
  const fs::path dir = test::fresh_dir("dataset_files_bad_prj");
  test::ShapefileSpec spec;
  spec.fields = {"name"};
  spec.rows = {{{"a"}, "POLYGON ((0 0, 0 1, 1 1, 1 0, 0 0))"}};
  spec.prj_crs.reset();
  const std::string shp = test::write_shapefile(dir, "parcels", spec);
  test::write_text(dir / "parcels.prj", "GEOGCS[\"WGS 84\"]");  // no datum
  ::testing::internal::CaptureStderr();
  const std::vector<std::string> files = names_of(source_files(shp));
  const std::string printed = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(files, names_in(dir));
  EXPECT_EQ(printed, "");
}

TEST(DatasetFiles, OneFileFormatsAreOneFile) {
  const fs::path dir = test::fresh_dir("dataset_files_one_file");
  test::GpkgSpec spec;
  spec.rows = {{{}, "POINT (201234.5 551234.25)"}};
  const std::string gpkg = test::write_gpkg(dir / "sites.gpkg", "sites", spec);
  const std::string geojson = test::write_text(
      dir / "site.geojson",
      R"({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},)"
      R"( "geometry": {"type": "Point", "coordinates": [1, 2]}}]})");
  EXPECT_EQ(names_of(source_files(gpkg)), (std::vector<std::string>{"sites.gpkg"}));
  EXPECT_EQ(names_of(source_files(geojson)), (std::vector<std::string>{"site.geojson"}));
}

TEST(DatasetFiles, ASourceThatCannotBeOpenedIsAnInputError) {
  const fs::path dir = test::fresh_dir("dataset_files_missing");
  const std::string missing = (dir / "nope.shp").string();
  EXPECT_EQ(test::thrown<InputError>([&] { source_files(missing); }),
            "'" + missing + "': cannot open: no such file");
}

}  // namespace
}  // namespace jigu::handles
