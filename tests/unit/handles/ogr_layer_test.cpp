// One OGR layer read raw (handles/ogr_layer): a shapefile's text comes back as the very bytes the
// fixture stored (CP949 Hangul, undecoded), geometries with the fixture's coordinates, the three
// geometry modes agree, a missing .dbf and an ambiguous folder are refused with messages naming
// the layers, and the head of a small file is its first bytes.
#include "handles/ogr_layer.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "fixtures.hpp"
#include "jigu/error.hpp"
#include "thrown.hpp"

namespace jigu::handles {
namespace {

namespace fs = std::filesystem;

// "용도지역" and "공업지역" in CP949, as a 1990s shapefile stores them.
const std::string kYongdo = "\xbf\xeb\xb5\xb5\xc1\xf6\xbf\xaa";
const std::string kGongeop = "\xb0\xf8\xbe\xf7\xc1\xf6\xbf\xaa";

test::ShapefileSpec two_parcels() {
  test::ShapefileSpec spec;
  spec.fields = {"name", "code"};
  spec.rows = {
      {{kYongdo, "UQA100"},
       "POLYGON ((201234.5 551234.25, 201234.5 551244.25, 201244.5 551244.25, "
       "201244.5 551234.25, 201234.5 551234.25))"},
      {{kGongeop, ""},
       "POLYGON ((201244.5 551234.25, 201244.5 551244.25, 201254.5 551244.25, "
       "201254.5 551234.25, 201244.5 551234.25))"},
  };
  spec.cpg = "CP949";
  return spec;
}

std::string text_of(const AttributeValue& v) {
  return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : "(not text)";
}

TEST(OgrLayer, AShapefileGivesItsStoredBytesAndCoordinates) {
  const fs::path dir = test::fresh_dir("ogr_layer_shapefile");
  const std::string shp = test::write_shapefile(dir, "parcels", two_parcels());
  OgrLayer layer(shp, "");
  EXPECT_EQ(layer.driver(), "ESRI Shapefile");
  EXPECT_TRUE(layer.is_shapefile());
  EXPECT_EQ(layer.name(), "parcels");
  ASSERT_EQ(layer.fields().size(), 2u);
  EXPECT_EQ(layer.fields()[0].name, "name");
  EXPECT_EQ(layer.fields()[0].type, FieldType::String);
  EXPECT_EQ(layer.geometry_type(), "Polygon");
  EXPECT_EQ(layer.feature_count(), 2);
  EXPECT_EQ(fs::path(layer.file_with_extension("cpg")), dir / "parcels.cpg");
  EXPECT_EQ(layer.file_with_extension("xyz"), "");
  const auto wkt = layer.crs_wkt();
  ASSERT_TRUE(wkt.has_value());
  EXPECT_NE(wkt->find("Korea 2000"), std::string::npos) << *wkt;

  RawFeature f;
  ASSERT_TRUE(layer.next(f, GeometryRead::Convert));
  EXPECT_EQ(f.fid, 0);
  EXPECT_EQ(text_of(f.values[0]), kYongdo) << "the bytes were decoded or changed";
  EXPECT_EQ(text_of(f.values[1]), "UQA100");
  EXPECT_EQ(f.status, OgrConversion::Ok);
  EXPECT_EQ(f.geometry_type, "Polygon");
  ASSERT_EQ(f.geometry.polygons.size(), 1u);
  const Ring& r = f.geometry.polygons[0].outer;
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r.front(), (Point{201234.5, 551234.25}));
  EXPECT_EQ(r[2], (Point{201244.5, 551244.25}));
  ASSERT_TRUE(layer.next(f, GeometryRead::Convert));
  EXPECT_EQ(f.fid, 1);
  EXPECT_EQ(text_of(f.values[0]), kGongeop);
  // A shapefile stores an empty string; GDAL reads it back as unset or as "".
  EXPECT_TRUE(std::holds_alternative<std::monostate>(f.values[1]) || text_of(f.values[1]).empty());
  EXPECT_FALSE(layer.next(f, GeometryRead::Convert));
}

TEST(OgrLayer, SkipKeepAndConvertAgreeAndResetStartsOver) {
  const fs::path dir = test::fresh_dir("ogr_layer_modes");
  OgrLayer layer(test::write_shapefile(dir, "parcels", two_parcels()), "");
  RawFeature converted, kept, skipped;
  ASSERT_TRUE(layer.next(converted, GeometryRead::Convert));
  layer.reset();
  ASSERT_TRUE(layer.next(kept, GeometryRead::Keep));
  EXPECT_EQ(kept.fid, converted.fid);
  ASSERT_NE(kept.stored, nullptr);
  EXPECT_EQ(kept.status, OgrConversion::Empty) << "converted before it was asked";
  convert_stored(kept.stored, kept.blob, kept);
  EXPECT_EQ(kept.status, OgrConversion::Ok);
  EXPECT_EQ(kept.geometry_type, "Polygon");
  EXPECT_EQ(kept.geometry.polygons[0].outer, converted.geometry.polygons[0].outer);
  layer.reset();
  ASSERT_TRUE(layer.next(skipped, GeometryRead::Skip));
  EXPECT_EQ(skipped.fid, 0);
  EXPECT_TRUE(skipped.geometry.empty());
  EXPECT_EQ(skipped.values, converted.values);
  // Nothing kept: a null geometry converts to Empty, named "None".
  RawFeature none;
  convert_stored(OgrGeometry{}, "", none);
  EXPECT_EQ(none.status, OgrConversion::Empty);
  EXPECT_EQ(none.geometry_type, "None");
}

TEST(OgrLayer, AShapefileWithoutItsDbfIsRefused) {
  const fs::path dir = test::fresh_dir("ogr_layer_no_dbf");
  const std::string shp = test::write_shapefile(dir, "parcels", two_parcels());
  fs::remove(dir / "parcels.dbf");
  EXPECT_EQ(test::thrown<InputError>([&] { OgrLayer(shp, ""); }),
            "'" + shp + "': the shapefile's .dbf (its attribute table) is missing");
  // A .dbf that is there but not a dBASE table is corrupt, not missing.
  test::write_text(dir / "parcels.dbf", "not a dbase table at all, just text");
  EXPECT_EQ(test::thrown<InputError>([&] { OgrLayer(shp, ""); }),
            "'" + shp +
                "': the shapefile's .dbf (its attribute table) is corrupt: GDAL cannot read it as "
                "a dBASE table");
}

TEST(OgrLayer, AFolderOfShapefilesNeedsALayerName) {
  const fs::path dir = test::fresh_dir("ogr_layer_folder");
  test::write_shapefile(dir, "alpha", two_parcels());
  test::write_shapefile(dir, "beta", two_parcels());
  const std::string folder = dir.string();
  const std::string several = test::thrown<UsageError>([&] { OgrLayer(folder, ""); });
  EXPECT_EQ(several.rfind("'" + folder + "': has 2 layers (", 0), 0u) << several;
  EXPECT_NE(several.find("'alpha'"), std::string::npos) << several;
  EXPECT_NE(several.find("'beta'"), std::string::npos) << several;
  EXPECT_NE(several.find("); choose one with --layer"), std::string::npos) << several;
  const std::string unknown = test::thrown<InputError>([&] { OgrLayer(folder, "gamma"); });
  EXPECT_EQ(unknown.rfind("'" + folder + "': no layer 'gamma' (layers: ", 0), 0u) << unknown;
  OgrLayer beta(folder, "beta");
  EXPECT_EQ(beta.name(), "beta");
  EXPECT_EQ(beta.feature_count(), 2);
}

TEST(OgrLayer, WithoutAPrjThereIsNoCrs) {
  const fs::path dir = test::fresh_dir("ogr_layer_no_prj");
  test::ShapefileSpec spec = two_parcels();
  spec.prj_crs.reset();
  const OgrLayer layer(test::write_shapefile(dir, "parcels", spec), "");
  EXPECT_FALSE(layer.crs_wkt().has_value());
}

std::vector<std::int64_t> fids_read(OgrLayer& layer) {
  std::vector<std::int64_t> fids;
  RawFeature f;
  while (layer.next(f, GeometryRead::Skip)) fids.push_back(f.fid);
  return fids;
}

test::ShapefileSpec quoted_codes() {
  test::ShapefileSpec spec = two_parcels();
  spec.rows.push_back({{"x", "UQA100"}, spec.rows[0].wkt});
  spec.rows.push_back({{"y", "O'Neil \"q\""}, spec.rows[0].wkt});
  return spec;
}

TEST(OgrLayer, FilterEqualKeepsOnlyTheRowsWithThatText) {
  const auto dir = test::fresh_dir("ogr_layer_filter");
  const auto shp = test::write_shapefile(dir, "codes", quoted_codes());
  // The same rows from the shapefile and from GDAL's GeoJSON and GeoPackage copies of it:
  // OGR attribute filters, and SQL for a GeoPackage read through SQLite.
  std::vector<std::string> sources = {shp};
  for (const std::string format : {"GeoJSON", "GPKG"}) {
    const fs::path copy = dir / ("codes." + format);
    const std::string command =
        "ogr2ogr -q -f " + format + " '" + copy.string() + "' '" + shp + "'";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    sources.push_back(copy.string());
  }
  for (const auto& source : sources) {
    SCOPED_TRACE(source);
    OgrLayer layer(source, "");
    const std::int64_t first = fids_read(layer).at(0);  // 0 for a shapefile, 1 for a GeoPackage
    ASSERT_TRUE(layer.filter_equal(1, "UQA100"));
    EXPECT_EQ(fids_read(layer), (std::vector<std::int64_t>{first, first + 2}));
    ASSERT_TRUE(layer.filter_equal(1, "O'Neil \"q\""));
    EXPECT_EQ(fids_read(layer), (std::vector<std::int64_t>{first + 3}));
    ASSERT_TRUE(layer.filter_equal(1, "UQA1"));
    EXPECT_TRUE(fids_read(layer).empty());
    EXPECT_FALSE(layer.filter_equal(0, kYongdo));  // not ASCII: the caller compares
  }
}

TEST(ReadFileHead, GivesTheFirstBytesOrNothing) {
  const fs::path dir = test::fresh_dir("ogr_layer_head");
  const std::string path = test::write_text(dir / "parcels.cpg", std::string("CP9\0"
                                                                             "49",
                                                                             6));
  EXPECT_EQ(read_file_head(path, 3), std::optional<std::string>("CP9"));
  EXPECT_EQ(read_file_head(path, 100), std::optional<std::string>(std::string("CP9\0"
                                                                              "49",
                                                                              6)));
  EXPECT_EQ(read_file_head(path, 0), std::optional<std::string>(""));
  EXPECT_FALSE(read_file_head((dir / "missing.cpg").string(), 3).has_value());
}

}  // namespace
}  // namespace jigu::handles
