// Writing a layer with GDAL (handles/ogr_writer): what is written reads back through GDAL's own
// API with the same values and geometries (OGR_G_Equals against GDAL's reading of the same WKT),
// nothing appears at the target before commit() and nothing stays behind without it, and
// existing outputs, folders, unknown formats and CRSs are refused with their messages.
#include "handles/ogr_writer.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "fixtures.hpp"
#include "gdal_wkt.hpp"
#include "handles/geometry_convert.hpp"
#include "jigu/error.hpp"
#include "thrown.hpp"

namespace jigu::handles {
namespace {

namespace fs = std::filesystem;

const std::vector<Field> kFields = {
    {"pnu", FieldType::String}, {"floors", FieldType::Integer}, {"area_m2", FieldType::Real}};

const std::string kSquare =
    "POLYGON ((201234.5 551234.25, 201234.5 551244.25, 201244.5 551244.25, 201244.5 551234.25, "
    "201234.5 551234.25))";

WriteOptions options(const std::string& driver) {
  WriteOptions o;
  o.driver = driver;
  o.crs = "EPSG:5186";
  return o;
}

Geometry geometry(const std::string& wkt) {
  Geometry g;
  from_wkt(wkt, "test", g);
  return g;
}

std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Two features: Hangul text, an integer, a real, a polygon; then nulls and no geometry.
void write_two(OgrWriter& writer) {
  const Geometry square = geometry(kSquare);
  writer.write({std::string("1168010100100010000 대지"), std::int64_t{7}, 100.25}, &square);
  writer.write({std::monostate{}, std::monostate{}, std::monostate{}}, nullptr);
}

// What GDAL itself reads from the finished file.
void expect_gdal_reads_two(const std::string& path) {
  GDALAllRegister();
  const GdalDataset ds(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  ASSERT_NE(ds, nullptr) << path;
  OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
  ASSERT_NE(layer, nullptr);
  EXPECT_EQ(OGR_L_GetFeatureCount(layer, TRUE), 2);
  OGR_L_ResetReading(layer);
  const OgrFeature first(OGR_L_GetNextFeature(layer));
  ASSERT_NE(first, nullptr);
  const OGRFeatureH f = static_cast<OGRFeatureH>(first.get());
  EXPECT_STREQ(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "pnu")),
               "1168010100100010000 대지");
  EXPECT_EQ(OGR_F_GetFieldAsInteger64(f, OGR_F_GetFieldIndex(f, "floors")), 7);
  EXPECT_EQ(OGR_F_GetFieldAsDouble(f, OGR_F_GetFieldIndex(f, "area_m2")), 100.25);
  const OgrGeometry expected = test::gdal_wkt(kSquare);
  ASSERT_NE(OGR_F_GetGeometryRef(f), nullptr);
  EXPECT_TRUE(OGR_G_Equals(OGR_F_GetGeometryRef(f), static_cast<OGRGeometryH>(expected.get())));
  const OgrFeature second(OGR_L_GetNextFeature(layer));
  ASSERT_NE(second, nullptr);
  const OGRFeatureH g = static_cast<OGRFeatureH>(second.get());
  EXPECT_FALSE(OGR_F_IsFieldSetAndNotNull(g, OGR_F_GetFieldIndex(g, "floors")));
  EXPECT_EQ(OGR_F_GetGeometryRef(g), nullptr);
  // The CRS, as GDAL reads it back.
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
  ASSERT_NE(srs, nullptr);
  EXPECT_STREQ(OSRGetAuthorityCode(srs, nullptr), "5186");
}

class OgrWriterFormats : public testing::TestWithParam<const char*> {};

TEST_P(OgrWriterFormats, WritesWhatGdalReadsBackOnlyOnCommit) {
  const std::string driver = GetParam();
  const fs::path dir = test::fresh_dir(std::string("ogr_writer_") + GetParam());
  const std::string ext = driver == "GPKG" ? ".gpkg" : ".geojson";
  const std::string path = (dir / ("out" + ext)).string();
  {
    OgrWriter writer(path, "out", kFields, options(driver));
    write_two(writer);
    EXPECT_FALSE(fs::exists(path)) << "the target appeared before commit()";
    // Only temporary files beside the target (SQLite may add its journal to them).
    for (const std::string& f : files_in(dir)) EXPECT_EQ(f.rfind(".out.jigu-tmp-", 0), 0u) << f;
    writer.commit();
  }
  EXPECT_EQ(files_in(dir), (std::vector<std::string>{"out" + ext}));
  expect_gdal_reads_two(path);
}

INSTANTIATE_TEST_SUITE_P(Drivers, OgrWriterFormats, testing::Values("GPKG", "GeoJSON"));

// GDAL 3.6.2's FlatGeobuf driver drops a feature without geometry and reports success (as
// `ogr2ogr -f FlatGeobuf out.fgb in.geojson` of one point and one null geometry shows: ogrinfo
// counts 1 feature). The read-back count must catch it: no output with a feature missing.
TEST(OgrWriter, AFlatGeobufThatLostAFeatureIsNotPutInPlace) {
  const fs::path dir = test::fresh_dir("ogr_writer_fgb_lost");
  const std::string path = (dir / "out.fgb").string();
  OgrWriter writer(path, "out", kFields, options("FlatGeobuf"));
  write_two(writer);
  const std::string message = test::thrown<BackendError>([&] { writer.commit(); });
  EXPECT_EQ(message.rfind("'" + path +
                              "': writing failed: the finished file reads back with 1 of 2 "
                              "features",
                          0),
            0u)
      << message;
  EXPECT_TRUE(files_in(dir).empty());
}

// BUG (reported, not fixed here): the same refusal ends "; is the disk full?", sending the user
// to look at a disk that is not full, when the cause is a feature without geometry, which
// FlatGeobuf (through GDAL 3.6) cannot store. The message should name that cause.
TEST(OgrWriter, DISABLED_AFlatGeobufFeatureWithoutGeometryIsNotBlamedOnTheDisk) {
  const fs::path dir = test::fresh_dir("ogr_writer_fgb_message");
  OgrWriter writer((dir / "out.fgb").string(), "out", kFields, options("FlatGeobuf"));
  write_two(writer);
  const std::string message = test::thrown<BackendError>([&] { writer.commit(); });
  EXPECT_EQ(message.find("disk"), std::string::npos) << message;
  EXPECT_NE(message.find("geometry"), std::string::npos) << message;
}

TEST(OgrWriter, WithoutCommitNothingStays) {
  const fs::path dir = test::fresh_dir("ogr_writer_abandon");
  for (const char* name : {"out.gpkg", "out.geojson", "out.shp", "out.csv"}) {
    const std::string path = (dir / name).string();
    const std::string driver = driver_for_path(path);
    {
      OgrWriter writer(path, "out", kFields, options(driver));
      write_two(writer);
    }
    EXPECT_TRUE(files_in(dir).empty()) << name << ": " << files_in(dir).size() << " files left";
  }
}

TEST(OgrWriter, ACheckThatThrowsKeepsTheOutputOut) {
  const fs::path dir = test::fresh_dir("ogr_writer_check");
  const std::string path = (dir / "out.geojson").string();
  OgrWriter writer(path, "out", kFields, options("GeoJSON"));
  write_two(writer);
  std::string checked;
  EXPECT_THROW(writer.commit([&](const std::string& temp) {
    checked = temp;
    throw InputError("check: no");
  }),
               InputError);
  EXPECT_FALSE(checked.empty());
  EXPECT_TRUE(files_in(dir).empty());
}

TEST(OgrWriter, ExistingOutputsAreReplacedOnlyWhenAsked) {
  const fs::path dir = test::fresh_dir("ogr_writer_exists");
  const std::string path = test::write_text(dir / "out.geojson", "old");
  EXPECT_EQ(test::thrown<UsageError>([&] { OgrWriter(path, "out", kFields, options("GeoJSON")); }),
            "'" + path + "': exists; pass --overwrite to replace it");
  EXPECT_EQ(files_in(dir), (std::vector<std::string>{"out.geojson"}));
  WriteOptions replace = options("GeoJSON");
  replace.overwrite = true;
  OgrWriter writer(path, "out", kFields, replace);
  write_two(writer);
  writer.commit();
  expect_gdal_reads_two(path);
  // A shapefile's sibling counts as the output too.
  const std::string dbf = test::write_text(dir / "parcels.dbf", "old");
  EXPECT_EQ(test::thrown<UsageError>([&] {
              OgrWriter((dir / "parcels.shp").string(), "p", kFields, options("ESRI Shapefile"));
            }),
            "'" + dbf + "': exists; pass --overwrite to replace it");
}

TEST(OgrWriter, RefusesFoldersUnknownFormatsAndCrss) {
  const fs::path dir = test::fresh_dir("ogr_writer_refusals");
  fs::create_directories(dir / "taken.gpkg");
  const std::string folder = (dir / "taken.gpkg").string();
  WriteOptions replace = options("GPKG");
  replace.overwrite = true;  // even then
  EXPECT_EQ(test::thrown<UsageError>([&] { OgrWriter(folder, "out", kFields, replace); }),
            "'" + folder +
                "': exists and is not a regular file (a device, pipe or folder); name a file to "
                "write");
  const std::string path = (dir / "out.xyz").string();
  EXPECT_EQ(test::thrown<UsageError>([&] { OgrWriter(path, "out", kFields, options("Nope")); }),
            "unknown output format 'Nope'");
  WriteOptions bad_crs = options("GeoJSON");
  bad_crs.crs = "EPSG:999999";
  const std::string out = (dir / "out.geojson").string();
  EXPECT_EQ(test::thrown<CrsError>([&] { OgrWriter(out, "out", kFields, bad_crs); }),
            "'" + out + "': unknown output CRS 'EPSG:999999'");
  EXPECT_EQ(files_in(dir), (std::vector<std::string>{"taken.gpkg"})) << "a refusal left files";
}

TEST(OgrWriter, AnUnwritableFolderIsAnInputError) {
  const std::string path = "/proc/jigu-no-such-folder/out.geojson";
  const std::string message =
      test::thrown<InputError>([&] { OgrWriter(path, "out", kFields, options("GeoJSON")); });
  EXPECT_EQ(message.rfind("'" + path + "': cannot write here: ", 0), 0u) << message;
}

TEST(OgrWriter, LowerExtension) {
  EXPECT_EQ(lower_extension("a/B.GPKG"), ".gpkg");
  EXPECT_EQ(lower_extension("out.GeoJSON"), ".geojson");
  EXPECT_EQ(lower_extension("archive.tar.gz"), ".gz");
  EXPECT_EQ(lower_extension("noext"), "");
  EXPECT_EQ(lower_extension("dir.d/noext"), "");
  EXPECT_EQ(driver_for_path("X.SHP"), "ESRI Shapefile");
  EXPECT_EQ(driver_for_path("x.json"), "GeoJSON");
  EXPECT_EQ(driver_for_path("x.kml"), "");
}

}  // namespace
}  // namespace jigu::handles
