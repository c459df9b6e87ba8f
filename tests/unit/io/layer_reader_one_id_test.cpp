// Reading one id (ReadOptions::only_id): through the layer's own filter where it can, by
// comparing decoded ids where it cannot, always the same features in the same order as
// reading the whole layer and keeping those with that id.
#include <gtest/gtest.h>
#include <ogr_core.h>

#include "fixtures.hpp"
#include "jigu/error.hpp"
#include "jigu/layer_reader.hpp"
#include "jigu/session.hpp"

namespace jigu {
namespace {

const std::string kSquare =
    "POLYGON ((200000 600000,200000 600010,200010 600010,200010 600000,200000 600000))";
const std::string kOther =
    "POLYGON ((200020 600000,200020 600010,200030 600010,200030 600000,200020 600000))";
// A bow tie: invalid, so that reading it under --invalid=fail throws.
const std::string kBowTie =
    "POLYGON ((200000 600000,200010 600010,200010 600000,200000 600010,200000 600000))";

std::vector<std::int64_t> fids_with_id(const std::string& source, ReadOptions options,
                                       const std::string& id) {
  options.only_id = id;
  LayerReader reader(source, options);
  std::vector<std::int64_t> fids;
  Feature f;
  while (reader.next(f)) {
    EXPECT_EQ(f.id, id);
    fids.push_back(f.fid);
  }
  EXPECT_EQ(reader.counts().read, static_cast<std::int64_t>(fids.size()));
  return fids;
}

ReadOptions by(const std::string& field) {
  ReadOptions options;
  options.id_field = field;
  options.invalid = InvalidPolicy::Fail;  // a feature other than the one asked for would throw
  return options;
}

test::ShapefileSpec parcels_shapefile() {
  test::ShapefileSpec spec;
  spec.fields = {"PNU", "JIBUN"};
  spec.rows = {{{"1144012000103950000", "395"}, kSquare},
               {{"1144012000103960000", "396"}, kBowTie},
               {{"1144012000103950000", "395 again"}, kOther},
               {{"O'Neil \"x\"", "quotes"}, kOther}};
  return spec;
}

TEST(ReadOneId, ShapefileGivesOnlyThoseFeaturesAndConvertsNoOther) {
  const auto dir = test::fresh_dir("read_one_id_shp");
  const std::string shp = test::write_shapefile(dir, "parcels", parcels_shapefile());
  // Rows 0 and 2, in file order; row 1's bow tie is never validated.
  EXPECT_EQ(fids_with_id(shp, by("PNU"), "1144012000103950000"), (std::vector<std::int64_t>{0, 2}));
  EXPECT_EQ(fids_with_id(shp, by("PNU"), "O'Neil \"x\""), (std::vector<std::int64_t>{3}));
  EXPECT_TRUE(fids_with_id(shp, by("PNU"), "1144012000109990000").empty());
  EXPECT_THROW(fids_with_id(shp, by("PNU"), "1144012000103960000"), GeometryError);
}

TEST(ReadOneId, NonAsciiIdsAreComparedDecoded) {
  const auto dir = test::fresh_dir("read_one_id_cp949");
  test::ShapefileSpec spec;
  spec.fields = {"name"};
  spec.rows = {{{"\xbc\xad\xb1\xb3\xb5\xbf"}, kSquare}, {{"x"}, kBowTie}};  // 서교동 in CP949
  const std::string shp = test::write_shapefile(dir, "names", spec);
  EXPECT_EQ(fids_with_id(shp, by("name"), "서교동"), (std::vector<std::int64_t>{0}));
}

test::GpkgSpec parcels_gpkg(bool with_date) {
  test::GpkgSpec spec;
  spec.fields = {{"pnu", OFTString}, {"n", OFTInteger64}};
  if (with_date) spec.fields.push_back({"since", OFTDate});
  auto row = [&](const char* pnu, const char* n, const std::string& wkt) {
    test::GpkgSpec::Row r{{pnu, n}, wkt};
    if (with_date) r.values.push_back("2024-03-01");
    return r;
  };
  spec.rows = {row("1144012000103950000", "7", kSquare), row("1144012000103960000", "8", kBowTie),
               row("O'Neil", "42", kOther), row("1144012000103950000", "42", kOther)};
  return spec;
}

TEST(ReadOneId, GeoPackageReadThroughSqliteFiltersInSql) {
  const auto dir = test::fresh_dir("read_one_id_gpkg");
  const std::string path = test::write_gpkg(dir / "p.gpkg", "parcels", parcels_gpkg(false));
  EXPECT_EQ(fids_with_id(path, by("pnu"), "1144012000103950000"),
            (std::vector<std::int64_t>{1, 4}));
  EXPECT_EQ(fids_with_id(path, by("pnu"), "O'Neil"), (std::vector<std::int64_t>{3}));
  EXPECT_THROW(fids_with_id(path, by("pnu"), "1144012000103960000"), GeometryError);
}

TEST(ReadOneId, GeoPackageReadThroughOgrUsesItsAttributeFilter) {
  const auto dir = test::fresh_dir("read_one_id_gpkg_ogr");
  // A date field: GDAL reads this layer, not SQLite (GpkgTable::can_read).
  const std::string path = test::write_gpkg(dir / "p.gpkg", "parcels", parcels_gpkg(true));
  EXPECT_EQ(fids_with_id(path, by("pnu"), "1144012000103950000"),
            (std::vector<std::int64_t>{1, 4}));
  EXPECT_EQ(fids_with_id(path, by("pnu"), "O'Neil"), (std::vector<std::int64_t>{3}));
}

TEST(ReadOneId, NumericIdFieldsAreComparedAsJiguReadsThem) {
  const auto dir = test::fresh_dir("read_one_id_numeric");
  const std::string path = test::write_gpkg(dir / "p.gpkg", "parcels", parcels_gpkg(false));
  ReadOptions options = by("n");
  options.invalid = InvalidPolicy::Skip;  // every feature is read here, the bow tie too
  EXPECT_EQ(fids_with_id(path, options, "42"), (std::vector<std::int64_t>{3, 4}));
}

TEST(ReadOneId, NeedsAnIdField) {
  ReadOptions options;
  options.only_id = "1";
  EXPECT_THROW(options.validate(), UsageError);
}

TEST(SessionParcel, ReadsTheOneParcelAndNoOther) {
  const auto dir = test::fresh_dir("session_parcel");
  Workspace w;
  w.path = dir / "jigu.toml";
  w.layers["parcels"] =
      LayerRef{"parcels", test::write_shapefile(dir, "parcels", parcels_shapefile()),
               "",        "PNU",
               "",        "",
               "",        "",
               ""};
  Session session(w, by(""));
  const Site site = session.parcel_site("11440-12000-1-0395-0000");
  EXPECT_EQ(site.kind, Site::Kind::Parcel);
  EXPECT_EQ(site.parcel, "1144012000103950000");
  const Box box = envelope(site.geometry);  // row 0's square, not row 2's
  EXPECT_DOUBLE_EQ(box.min.x, 200000.0);
  EXPECT_DOUBLE_EQ(box.max.x, 200010.0);
  // Reading the whole layer meets the bow tie.
  EXPECT_THROW(session.layer("parcels"), GeometryError);
  try {
    session.parcel_site("1144012000109990000");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no such parcel in"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace jigu
