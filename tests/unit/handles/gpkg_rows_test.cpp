// GeoPackage output through SQLite (handles/gpkg_rows): the same features as GDAL's own
// GeoPackage writer gives, read back by GDAL; a file GDAL's validator accepts; the extent,
// feature count and spatial index GDAL keeps. The blob's bytes are gpkg_blob_test's.
#include "handles/gpkg_rows.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "fixtures.hpp"
#include "handles/gdal_handles.hpp"
#include "jigu/error.hpp"
#include "jigu/feature_writer.hpp"

namespace jigu {
namespace {

const std::vector<Field> kFields = {{"id", FieldType::String},
                                    {"area_m2", FieldType::Real},
                                    {"n", FieldType::Integer},
                                    {"note", FieldType::String}};

// Geometries as WKT, outer rings clockwise and holes counter-clockwise as jigu keeps them
// (so that jigu's reading of the WKT changes nothing); "" for none.
const std::vector<std::string> kShapes = {
    "POLYGON ((200000 550000,200000 550010,200010 550010,200010 550000,200000 550000))",
    "POLYGON ((200020.5 550000.25,200020.5 550010,200030 550010,200030 550000.25,200020.5 "
    "550000.25),(200022 550002,200024 550002,200024 550004,200022 550004,200022 550002))",
    "",
    "MULTIPOLYGON (((200040 550000,200040 550005,200045 550005,200045 550000,200040 550000)),"
    "((200050 550000,200050 550005,200055 550005,200055 550000,200050 550000)))",
    "POINT (200060.123456789 550001.987654321)",
    "MULTIPOINT ((200070 550000),(200071 550001))",
};

std::vector<AttributeValue> values_of(int i) {
  std::vector<AttributeValue> v(kFields.size());
  v[0] = "p" + std::to_string(i) + (i % 2 == 0 ? " 서울 \"성수\" 'IT'" : "");
  v[1] = 10.5 * i + 1.0 / 3.0;
  v[2] = std::int64_t{i} * 1000000007LL;
  if (i % 3 != 0) v[3] = std::string(static_cast<std::size_t>(i), 'x');  // "" for i = 0
  return v;
}

Geometry geometry_of(const std::string& wkt) {
  Geometry g;
  if (wkt.empty()) return g;
  OGRGeometryH made = nullptr;
  char* cursor = const_cast<char*>(wkt.c_str());
  EXPECT_EQ(OGR_G_CreateFromWkt(&cursor, nullptr, &made), OGRERR_NONE) << wkt;
  const handles::OgrGeometry owned(made);
  if (wkbFlatten(OGR_G_GetGeometryType(made)) == wkbPoint ||
      wkbFlatten(OGR_G_GetGeometryType(made)) == wkbMultiPoint) {
    g.kind = GeometryKind::Points;
    for (int k = 0; k < std::max(1, OGR_G_GetGeometryCount(made)); ++k) {
      OGRGeometryH p = OGR_G_GetGeometryCount(made) ? OGR_G_GetGeometryRef(made, k) : made;
      g.points.push_back({OGR_G_GetX(p, 0), OGR_G_GetY(p, 0)});
    }
    return g;
  }
  g.kind = GeometryKind::Polygons;
  auto ring = [](OGRGeometryH r) {
    Ring out;
    for (int k = 0; k < OGR_G_GetPointCount(r); ++k)
      out.push_back({OGR_G_GetX(r, k), OGR_G_GetY(r, k)});
    return out;
  };
  auto polygon = [&](OGRGeometryH p) {
    Polygon out{ring(OGR_G_GetGeometryRef(p, 0)), {}};
    for (int k = 1; k < OGR_G_GetGeometryCount(p); ++k)
      out.holes.push_back(ring(OGR_G_GetGeometryRef(p, k)));
    return out;
  };
  if (wkbFlatten(OGR_G_GetGeometryType(made)) == wkbPolygon) {
    g.polygons.push_back(polygon(made));
  } else {
    for (int k = 0; k < OGR_G_GetGeometryCount(made); ++k) {
      g.polygons.push_back(polygon(OGR_G_GetGeometryRef(made, k)));
    }
  }
  return g;
}

WriteOptions gpkg_options(std::vector<std::string> layer_options = {}) {
  WriteOptions o;
  o.driver = "GPKG";
  o.crs = "EPSG:5186";
  o.layer_options = std::move(layer_options);
  return o;
}

// jigu's writer: GDAL makes the table, GpkgRows the rows.
void write_with_jigu(const std::string& path, int features, const WriteOptions& options) {
  FeatureWriter writer(path, "out", kFields, options);
  for (int i = 0; i < features; ++i) {
    const Geometry g = geometry_of(kShapes[i % kShapes.size()]);
    writer.write(values_of(i), &g);
  }
  writer.commit();
}

// The oracle: the same features through GDAL's own GeoPackage writer, from the WKT.
void write_with_gdal(const std::string& path, int features) {
  test::GpkgSpec spec;
  spec.fields = {{"id", OFTString}, {"area_m2", OFTReal}, {"n", OFTInteger64}, {"note", OFTString}};
  for (int i = 0; i < features; ++i) {
    test::GpkgSpec::Row row;
    for (const auto& v : values_of(i)) {
      if (const auto* text = std::get_if<std::string>(&v)) {
        row.values.emplace_back(*text);
      } else if (const auto* real = std::get_if<double>(&v)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", *real);  // reads back exactly
        row.values.emplace_back(buf);
      } else if (const auto* integer = std::get_if<std::int64_t>(&v)) {
        row.values.emplace_back(std::to_string(*integer));
      } else {
        row.values.emplace_back(std::nullopt);
      }
    }
    row.wkt = kShapes[i % kShapes.size()];
    spec.rows.push_back(row);
  }
  test::write_gpkg(path, "out", spec);
}

// Every feature as GDAL reads it back: FID, fields (reals to 17 digits), geometry as WKB in hex.
std::string features_read_back(const std::string& path) {
  handles::GdalDataset ds = handles::open_vector(path, {});
  OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
  EXPECT_NE(layer, nullptr);
  if (layer == nullptr) return {};
  std::ostringstream out;
  char buf[64];
  while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
    const handles::OgrFeature owned(f);
    out << OGR_F_GetFID(f) << '|';
    for (int k = 0; k < OGR_F_GetFieldCount(f); ++k) {
      if (!OGR_F_IsFieldSetAndNotNull(f, k)) {
        out << "<null>|";
      } else if (OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, k)) == OFTReal) {
        std::snprintf(buf, sizeof buf, "%.17g|", OGR_F_GetFieldAsDouble(f, k));
        out << buf;
      } else {
        out << OGR_F_GetFieldAsString(f, k) << '|';
      }
    }
    if (OGRGeometryH g = OGR_F_GetGeometryRef(f)) {
      std::vector<unsigned char> wkb(static_cast<std::size_t>(OGR_G_WkbSize(g)));
      OGR_G_ExportToIsoWkb(g, wkbNDR, wkb.data());
      for (unsigned char b : wkb) {
        std::snprintf(buf, sizeof buf, "%02x", b);
        out << buf;
      }
    }
    out << '\n';
  }
  return out.str();
}

// What `sql` gives in the GeoPackage, first column of each row, joined by ';'.
std::string query(const std::string& path, const std::string& sql) {
  handles::GdalDataset ds = handles::open_vector(path, {});
  OGRLayerH result = GDALDatasetExecuteSQL(ds.get(), sql.c_str(), nullptr, nullptr);
  EXPECT_NE(result, nullptr) << sql;
  if (result == nullptr) return {};
  std::string out;
  while (OGRFeatureH f = OGR_L_GetNextFeature(result)) {
    out += (out.empty() ? "" : ";") + std::string(OGR_F_GetFieldAsString(f, 0));
    OGR_F_Destroy(f);
  }
  GDALDatasetReleaseResultSet(ds.get(), result);
  return out;
}

TEST(GpkgRows, GiveTheSameFeaturesAsGdalsOwnGeoPackageWriter) {
  const auto dir = test::fresh_dir("gpkg_rows_same");
  const std::string ours = (dir / "jigu.gpkg").string();
  const std::string theirs = (dir / "gdal.gpkg").string();
  write_with_jigu(ours, 60, gpkg_options());
  write_with_gdal(theirs, 60);
  const std::string expected = features_read_back(theirs);
  ASSERT_EQ(std::count(expected.begin(), expected.end(), '\n'), 60);
  EXPECT_EQ(features_read_back(ours), expected);
  // The blobs themselves, byte for byte (GDAL too leaves a single point without an envelope).
  const std::string blobs = "SELECT group_concat(hex(geom), ' ') FROM out";
  EXPECT_EQ(query(ours, blobs), query(theirs, blobs));
  // What GDAL records beside the rows: the extent, the count, the geometry type and CRS.
  const std::string meta =
      "SELECT min_x || ' ' || min_y || ' ' || max_x || ' ' || max_y || ' ' || srs_id FROM "
      "gpkg_contents";
  EXPECT_EQ(query(ours, meta), query(theirs, meta));
  EXPECT_EQ(query(ours, meta), "200000.0 550000.0 200071.0 550010.0 5186");
  EXPECT_EQ(query(ours, "SELECT feature_count FROM gpkg_ogr_contents"), "60");
  // The feature-count triggers are back, as GDAL made them.
  const std::string triggers =
      "SELECT group_concat(sql, ' ') FROM (SELECT sql FROM sqlite_master WHERE type = 'trigger' "
      "AND name LIKE 'trigger_%' ORDER BY name)";
  EXPECT_EQ(query(ours, triggers), query(theirs, triggers));
  EXPECT_NE(query(ours, triggers), "");
}

TEST(GpkgRows, PassGdalsGeoPackageValidator) {
  const auto dir = test::fresh_dir("gpkg_rows_validate");
  for (const auto* option : {"SPATIAL_INDEX=YES", "SPATIAL_INDEX=NO"}) {
    const std::string path = (dir / (std::string(option).substr(14) + ".gpkg")).string();
    write_with_jigu(path, 30, gpkg_options({option}));
    // osgeo_utils' validate_gpkg (python3-gdal) checks the tables, triggers, blobs and
    // extensions against the GeoPackage specification; it exits non-zero on any error.
    const std::string command =
        "/usr/bin/python3 -m osgeo_utils.samples.validate_gpkg '" + path + "' >&2";
    EXPECT_EQ(std::system(command.c_str()), 0) << option;
  }
}

TEST(GpkgRows, BuildGdalsSpatialIndexUnlessAskedNotTo) {
  const auto dir = test::fresh_dir("gpkg_rows_index");
  const std::string indexed = (dir / "indexed.gpkg").string();
  const std::string plain = (dir / "plain.gpkg").string();
  write_with_jigu(indexed, 60, gpkg_options());
  write_with_jigu(plain, 60, gpkg_options({"spatial_index=no"}));
  const std::string extension = "SELECT extension_name FROM gpkg_extensions";
  EXPECT_EQ(query(indexed, extension), "gpkg_rtree_index");
  EXPECT_EQ(query(plain, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'rtree%'"), "0");
  // Every row with a geometry is in the R-tree (one in six has none).
  EXPECT_EQ(query(indexed, "SELECT count(*) FROM rtree_out_geom"), "50");
  // GDAL's spatial filter through the index: the shapes at x 200040-200055 (every sixth from
  // the fourth).
  handles::GdalDataset ds = handles::open_vector(indexed, {});
  OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
  OGR_L_SetSpatialFilterRect(layer, 200039.0, 549999.0, 200056.0, 550006.0);
  EXPECT_EQ(OGR_L_GetFeatureCount(layer, TRUE), 10);
}

// SQLite's default limit is 32,766 values a statement (Debian's build allows 250,000): 32
// rows of 1,100 columns would pass it.
TEST(GpkgRows, AWideTableTakesFewerRowsAnInsert) {
  EXPECT_EQ(handles::rows_per_insert(12, 32766), 32u);
  EXPECT_EQ(handles::rows_per_insert(1101, 32766), 29u);
  EXPECT_EQ(handles::rows_per_insert(40000, 32766), 1u);
  EXPECT_EQ(handles::rows_per_insert(0, 32766), 32u);

  const auto dir = test::fresh_dir("gpkg_rows_wide");
  const std::string path = (dir / "wide.gpkg").string();
  std::vector<Field> fields;
  for (int k = 0; k < 1100; ++k) fields.push_back({"f" + std::to_string(k), FieldType::Integer});
  {
    FeatureWriter writer(path, "wide", fields, gpkg_options({"SPATIAL_INDEX=NO"}));
    std::vector<AttributeValue> values(fields.size());
    for (int i = 0; i < 40; ++i) {
      for (std::size_t k = 0; k < fields.size(); ++k) {
        values[k] = std::int64_t{i} * 10000 + static_cast<std::int64_t>(k);
      }
      const Geometry g = geometry_of(kShapes[0]);
      writer.write(values, &g);
    }
    writer.commit();
  }
  EXPECT_EQ(query(path, "SELECT count(*) FROM wide"), "40");
  EXPECT_EQ(query(path, "SELECT f1099 FROM wide WHERE fid = 40"), "391099");
}

// A writer that cannot start (here an unknown CRS, after the temporary file exists) leaves
// nothing behind, whatever the format.
TEST(FeatureWriter, AWriterThatCannotStartLeavesNoTemporaryFile) {
  const auto dir = test::fresh_dir("gpkg_rows_failed_start");
  for (const std::string driver : {"GPKG", "CSV", "ESRI Shapefile"}) {
    WriteOptions o = gpkg_options();
    o.driver = driver;
    o.crs = "EPSG:999999";
    EXPECT_THROW(FeatureWriter((dir / "out").string() + (driver == "GPKG" ? ".gpkg" : ".csv"),
                               "out", kFields, o),
                 CrsError)
        << driver;
    EXPECT_TRUE(std::filesystem::is_empty(dir)) << driver << " left a file behind";
  }
}

}  // namespace
}  // namespace jigu
