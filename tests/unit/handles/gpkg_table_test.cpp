// GeoPackage tables read through SQLite (handles/gpkg_table): the same FIDs, values
// and geometries, in the same order, as GDAL's own reading of the same file gives.
#include "handles/gpkg_table.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "handles/ogr_layer.hpp"

namespace jigu {
namespace {

using handles::GeometryRead;
using handles::OgrConversion;
using handles::RawFeature;

bool same_geometry(const Geometry& a, const Geometry& b) {
  if (a.kind != b.kind || a.points != b.points || a.polygons.size() != b.polygons.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.polygons.size(); ++i) {
    if (a.polygons[i].outer != b.polygons[i].outer || a.polygons[i].holes != b.polygons[i].holes) {
      return false;
    }
  }
  return true;
}

// Every feature as GDAL reads it (OGR_L_GetNextFeature, then jigu's from_ogr), against what
// OgrLayer gives with `mode`.
void expect_as_gdal_reads(const std::string& path, GeometryRead mode) {
  handles::OgrLayer layer(path, "");
  handles::GdalDataset ds = handles::open_vector(path, {});
  OGRLayerH gdal = GDALDatasetGetLayer(ds.get(), 0);
  RawFeature ours;
  int n = 0;
  while (OGRFeatureH f = OGR_L_GetNextFeature(gdal)) {
    const handles::OgrFeature owned(f);
    SCOPED_TRACE("feature " + std::to_string(OGR_F_GetFID(f)));
    ASSERT_TRUE(layer.next(ours, mode));
    EXPECT_EQ(ours.fid, OGR_F_GetFID(f));
    ASSERT_EQ(ours.values.size(), static_cast<std::size_t>(OGR_F_GetFieldCount(f)));
    for (int k = 0; k < OGR_F_GetFieldCount(f); ++k) {
      const AttributeValue& v = ours.values[static_cast<std::size_t>(k)];
      if (!OGR_F_IsFieldSetAndNotNull(f, k)) {
        EXPECT_TRUE(std::holds_alternative<std::monostate>(v)) << k;
      } else if (OGR_F_GetFieldDefnRef(f, k) != nullptr &&
                 OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, k)) == OFTInteger64) {
        EXPECT_EQ(std::get<std::int64_t>(v), OGR_F_GetFieldAsInteger64(f, k)) << k;
      } else if (OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, k)) == OFTReal) {
        EXPECT_EQ(std::get<double>(v), OGR_F_GetFieldAsDouble(f, k)) << k;
      } else {
        EXPECT_EQ(std::get<std::string>(v), OGR_F_GetFieldAsString(f, k)) << k;
      }
    }
    RawFeature theirs;
    theirs.status = handles::from_ogr(OGR_F_GetGeometryRef(f), theirs.geometry);
    if (mode == GeometryRead::Keep) {
      handles::convert_stored(ours.stored, ours.blob, ours);
    }
    EXPECT_EQ(ours.status, theirs.status);
    EXPECT_TRUE(same_geometry(ours.geometry, theirs.geometry));
    if (ours.status == OgrConversion::Unsupported) {
      EXPECT_EQ(ours.geometry_type,
                OGRGeometryTypeToName(OGR_G_GetGeometryType(OGR_F_GetGeometryRef(f))));
    }
    ++n;
  }
  EXPECT_FALSE(layer.next(ours, mode)) << "more features than GDAL reads";
  EXPECT_GT(n, 0);
}

test::GpkgSpec mixed_table() {
  test::GpkgSpec spec;
  spec.fields = {{"pnu", OFTString}, {"n", OFTInteger64}, {"share", OFTReal}, {"note", OFTString}};
  const std::vector<std::string> shapes = {
      // Plain 2-D points and polygons: read by jigu.
      "POLYGON ((0 0,0 10,10 10,10 0,0 0),(2 2,4 2,4 4,2 4,2 2))",
      "MULTIPOLYGON (((20 0,20 5,25 5,25 0,20 0)),((30 0,30 5,35 5,35 0,30 0)))",
      "POINT (200060.123456789 550001.987654321)",
      "MULTIPOINT ((1 2),(3 4))",
      "",
      "POLYGON EMPTY",
      "MULTIPOLYGON (((40 0,40 5,45 5,45 0,40 0)),EMPTY)",
      // Anything else: through GDAL's WKB reader.
      "POLYGON Z ((0 0 1,0 10 2,10 10 3,10 0 4,0 0 1))",
      "CURVEPOLYGON (CIRCULARSTRING (0 0,10 10,20 0,10 -10,0 0))",
      "GEOMETRYCOLLECTION (POINT (1 1),POINT (2 2))",
      "GEOMETRYCOLLECTION (POINT (1 1),POLYGON ((0 0,0 1,1 1,1 0,0 0)))",
      "LINESTRING (0 0,1 1)",
      "POINT M (5 6 7)",
  };
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    test::GpkgSpec::Row row;
    row.values = {"1168010100" + std::to_string(i) + (i % 2 ? " 성수 \"IT\" 'x'" : ""),
                  std::to_string(static_cast<long long>(i) * 3000000019LL - 5),
                  i % 3 == 0 ? std::nullopt : std::optional<std::string>("0.1"),
                  i % 4 == 0 ? std::optional<std::string>("") : std::nullopt};
    row.wkt = shapes[i];
    spec.rows.push_back(row);
  }
  return spec;
}

TEST(GpkgTable, ReadsWhatGdalReads) {
  const auto dir = test::fresh_dir("gpkg_table_same");
  const std::string path = test::write_gpkg(dir / "mixed.gpkg", "mixed", mixed_table());
  expect_as_gdal_reads(path, GeometryRead::Keep);
  expect_as_gdal_reads(path, GeometryRead::Convert);
}

TEST(GpkgTable, ALayerWithDatesIsReadByGdalAsBefore) {
  const auto dir = test::fresh_dir("gpkg_table_dates");
  test::GpkgSpec spec;
  spec.fields = {{"pnu", OFTString}, {"since", OFTDate}};
  spec.rows = {{{"a", "2024-03-01"}, "POINT (1 2)"}, {{"b", std::nullopt}, ""}};
  EXPECT_FALSE(handles::GpkgTable::can_read({{"pnu", FieldType::String}, {"d", FieldType::Date}}));
  const std::string path = test::write_gpkg(dir / "dates.gpkg", "dates", spec);
  expect_as_gdal_reads(path, GeometryRead::Keep);
}

TEST(GpkgTable, ResetStartsOver) {
  const auto dir = test::fresh_dir("gpkg_table_reset");
  const std::string path = test::write_gpkg(dir / "mixed.gpkg", "mixed", mixed_table());
  handles::OgrLayer layer(path, "");
  RawFeature f;
  ASSERT_TRUE(layer.next(f, GeometryRead::Skip));
  ASSERT_TRUE(layer.next(f, GeometryRead::Skip));
  EXPECT_EQ(f.fid, 2);
  EXPECT_TRUE(f.blob.empty());  // Skip: no geometry
  layer.reset();
  ASSERT_TRUE(layer.next(f, GeometryRead::Skip));
  EXPECT_EQ(f.fid, 1);
}

}  // namespace
}  // namespace jigu
