// GDAL's owners and the CPL message guard (handles/gdal_handles): GDAL's errors caught instead of
// printed, the reasons open_vector gives for each way opening fails, and a shapefile's files as
// GDAL lists them (the files written by the fixture, found on disk with std::filesystem).
#include "handles/gdal_handles.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "fixtures.hpp"
#include "jigu/error.hpp"
#include "thrown.hpp"

namespace jigu::handles {
namespace {

namespace fs = std::filesystem;

template <class F>
std::string input_error(F&& f) {
  return test::thrown<InputError>(f);
}

TEST(CplMessageCollector, GathersFailuresInOrderAndKeepsTheLastWarning) {
  CplMessageCollector messages;
  EXPECT_EQ(messages.message(), "");
  EXPECT_FALSE(messages.has_failure());
  CPLError(CE_Warning, CPLE_AppDefined, "first warning");
  CPLError(CE_Warning, CPLE_AppDefined, "second warning");
  EXPECT_FALSE(messages.has_failure());
  EXPECT_EQ(messages.message(), "second warning");  // no failure: the last warning
  EXPECT_EQ(messages.warnings().size(), 2u);
  CPLError(CE_Failure, CPLE_AppDefined, "it broke");
  CPLError(CE_Failure, CPLE_FileIO, "and again");
  EXPECT_TRUE(messages.has_failure());
  EXPECT_EQ(messages.message(), "it broke; and again");  // failures win over warnings
  CPLError(CE_Debug, CPLE_AppDefined, "debug chatter");
  EXPECT_EQ(messages.message(), "it broke; and again");
  messages.clear();
  EXPECT_FALSE(messages.has_failure());
  EXPECT_EQ(messages.message(), "");
  EXPECT_TRUE(messages.warnings().empty());
}

TEST(CplMessageCollector, NestedCollectorsTakeTheMessagesWhileTheyLive) {
  CplMessageCollector outer;
  {
    CplMessageCollector inner;
    CPLError(CE_Failure, CPLE_AppDefined, "inner");
    EXPECT_EQ(inner.message(), "inner");
  }
  EXPECT_EQ(outer.message(), "");
  CPLError(CE_Failure, CPLE_AppDefined, "outer");
  EXPECT_EQ(outer.message(), "outer");
}

TEST(OpenVector, SaysWhyADatasetCannotBeOpened) {
  const fs::path dir = test::fresh_dir("gdal_handles_open");
  const std::string missing = (dir / "missing.shp").string();
  EXPECT_EQ(input_error([&] { open_vector(missing, {}); }),
            "'" + missing + "': cannot open: no such file");
  const std::string empty = test::write_text(dir / "empty.gpkg", "");
  EXPECT_EQ(input_error([&] { open_vector(empty, {}); }),
            "'" + empty + "': cannot open: the file is empty");
  const std::string text = test::write_text(dir / "notes.bin", std::string("\x01\x02\x03zz", 5));
  EXPECT_EQ(input_error([&] { open_vector(text, {}); }),
            "'" + text + "': cannot open: not a vector format GDAL can read");
  fs::create_directories(dir / "folder" / "inner");
  const std::string folder = (dir / "folder" / "inner").string();
  EXPECT_EQ(input_error([&] { open_vector(folder, {}); }),
            "'" + folder + "': cannot open: a folder with no vector layer GDAL can read");
}

TEST(OpenVector, OpensAShapefileWithItsFiles) {
  const fs::path dir = test::fresh_dir("gdal_handles_files");
  test::ShapefileSpec spec;
  spec.fields = {"name"};
  spec.rows = {{{"a"}, "POLYGON ((0 0, 0 1, 1 1, 1 0, 0 0))"}};
  spec.cpg = "UTF-8";
  const std::string shp = test::write_shapefile(dir, "parcels", spec);
  const GdalDataset ds = open_vector(shp, {});
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(GDALDatasetGetLayerCount(ds.get()), 1);
  // What the fixture wrote, found on disk, against GDAL's own list.
  std::vector<std::string> on_disk;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().stem() == "parcels") on_disk.push_back(entry.path().extension().string());
  }
  std::sort(on_disk.begin(), on_disk.end());
  EXPECT_EQ(on_disk, (std::vector<std::string>{".cpg", ".dbf", ".prj", ".shp", ".shx"}));
  std::vector<std::string> extensions;
  for (const std::string& f : dataset_files(ds.get())) {
    EXPECT_EQ(fs::path(f).parent_path(), fs::path(shp).parent_path()) << f;
    extensions.push_back(fs::path(f).extension().string());
  }
  std::sort(extensions.begin(), extensions.end());
  EXPECT_EQ(extensions, on_disk);
}

TEST(GdalOwners, SpatialReferencesAreReleasedNotDeleted) {
  // A reference-counted SRS held by this test and by two owners: when the owners go, each must
  // have released one reference (a delete would free it under the test's feet).
  OGRSpatialReferenceH raw = OSRNewSpatialReference(nullptr);
  ASSERT_EQ(OSRImportFromEPSG(raw, 5186), OGRERR_NONE);
  EXPECT_EQ(OSRReference(raw), 2);
  EXPECT_EQ(OSRReference(raw), 3);
  {
    const OgrSrs first(raw);
    const OgrSrs second(raw);
  }
  EXPECT_EQ(OSRDereference(raw), 0);
  OSRDestroySpatialReference(raw);
}

}  // namespace
}  // namespace jigu::handles
