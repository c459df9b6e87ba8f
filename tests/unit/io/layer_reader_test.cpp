// Reading layers: encodings, CRS handling and invalid geometries, on shapefiles built in code.
#include "jigu/layer_reader.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "jigu/area.hpp"
#include "jigu/error.hpp"

namespace jigu {
namespace {

using test::ShapefileSpec;

const std::string kSeogyoCp949 = "\xbc\xad\xb1\xb3\xb5\xbf";  // 서교동
const std::string kTtomCp949 = "\x8c\x63";                    // 똠, not in EUC-KR
const std::string kSquare =
    "POLYGON ((200000 600000,200000 600010,200010 600010,200010 600000,200000 600000))";

ShapefileSpec korean_names() {
  ShapefileSpec spec;
  spec.fields = {"name"};
  spec.rows = {{{kSeogyoCp949}, kSquare}, {{kTtomCp949}, kSquare}};
  return spec;
}

std::string name_of(const FeatureSet& set, std::size_t i) {
  return std::get<std::string>(set.features.at(i).attributes.at(0));
}

TEST(ReadEncoding, Cp949WithoutCpgOrCodePageIsDetected) {
  const auto dir = test::fresh_dir("read_encoding_detect");
  const auto shp = test::write_shapefile(dir, "names", korean_names());
  const FeatureSet set = read_layer(shp, ReadOptions{});
  EXPECT_EQ(set.info.encoding.name, "CP949");
  EXPECT_EQ(set.info.encoding.origin, EncodingOrigin::Detected);
  EXPECT_EQ(name_of(set, 0), "서교동");
  EXPECT_EQ(name_of(set, 1), "똠");
}

TEST(ReadEncoding, CpgSayingEucKrIsDecodedAsCp949) {
  const auto dir = test::fresh_dir("read_encoding_euckr");
  ShapefileSpec spec = korean_names();
  spec.cpg = "EUC-KR";
  const FeatureSet set = read_layer(test::write_shapefile(dir, "names", spec), ReadOptions{});
  EXPECT_EQ(set.info.encoding.origin, EncodingOrigin::Cpg);
  EXPECT_EQ(set.info.encoding.name, "CP949");
  EXPECT_EQ(name_of(set, 1), "똠");  // EUC-KR proper cannot decode this syllable
}

TEST(ReadEncoding, LanguageDriverIdIsUsedWithoutCpg) {
  const auto dir = test::fresh_dir("read_encoding_ldid");
  ShapefileSpec spec = korean_names();
  spec.ldid = 0x4E;
  const FeatureSet set = read_layer(test::write_shapefile(dir, "names", spec), ReadOptions{});
  EXPECT_EQ(set.info.encoding.origin, EncodingOrigin::Ldid);
  EXPECT_EQ(name_of(set, 0), "서교동");
}

TEST(ReadEncoding, CpgSayingUtf8OverCp949BytesIsAnErrorNamingFeatureAndField) {
  const auto dir = test::fresh_dir("read_encoding_wrong_cpg");
  ShapefileSpec spec = korean_names();
  spec.cpg = "UTF-8";
  const auto shp = test::write_shapefile(dir, "names", spec);
  try {
    read_layer(shp, ReadOptions{});
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("names.shp"), std::string::npos) << m;
    EXPECT_NE(m.find("feature 0"), std::string::npos) << m;
    EXPECT_NE(m.find("field 'name'"), std::string::npos) << m;
    EXPECT_NE(m.find("--encoding"), std::string::npos) << m;
  }
}

TEST(ReadEncoding, OverrideWins) {
  const auto dir = test::fresh_dir("read_encoding_override");
  ShapefileSpec spec = korean_names();
  spec.cpg = "UTF-8";
  ReadOptions options;
  options.encoding = "cp949";
  const FeatureSet set = read_layer(test::write_shapefile(dir, "names", spec), options);
  EXPECT_EQ(set.info.encoding.origin, EncodingOrigin::Override);
  EXPECT_EQ(name_of(set, 0), "서교동");
}

TEST(ReadEncoding, BytesThatAreNeitherUtf8NorCp949AreRefused) {
  const auto dir = test::fresh_dir("read_encoding_garbage");
  ShapefileSpec spec;
  spec.fields = {"name"};
  spec.rows = {{{"\xff\xfe\xff"}, kSquare}};
  EXPECT_THROW(read_layer(test::write_shapefile(dir, "names", spec), ReadOptions{}), InputError);
}

TEST(ReadCrs, LayerWithoutCrsIsAnErrorUnlessNamed) {
  const auto dir = test::fresh_dir("read_crs_missing");
  ShapefileSpec spec = korean_names();
  spec.prj_crs.reset();
  const auto shp = test::write_shapefile(dir, "names", spec);
  try {
    read_layer(shp, ReadOptions{});
    FAIL() << "expected a CrsError";
  } catch (const CrsError& e) {
    EXPECT_NE(std::string(e.what()).find("--s-crs"), std::string::npos) << e.what();
  }
  ReadOptions named;
  named.source_crs = "EPSG:5186";
  EXPECT_EQ(read_layer(shp, named).features.size(), 2u);
}

TEST(ReadCrs, ShapefileIn5186NeedsNoTransformation) {
  const auto dir = test::fresh_dir("read_crs_same");
  const FeatureSet set =
      read_layer(test::write_shapefile(dir, "names", korean_names()), ReadOptions{});
  EXPECT_EQ(set.info.crs.source_id, "EPSG:5186");
  EXPECT_FALSE(set.info.crs.ballpark);
  EXPECT_DOUBLE_EQ(planar_area(set.features[0].geometry), 100.0);
}

// Seoul City Hall, 126.978546 E 37.566554 N. Expected values from PROJ's cs2cs command line
// (tests/data/oracle/crs_points.csv), and published as 198104.61 / 551891.01 in
// shared/reference/ecosystem.md §5.2.
TEST(ReadCrs, Wgs84PointReachesEpsg5186EastingFirst) {
  const auto dir = test::fresh_dir("read_crs_cityhall");
  const auto path = test::write_text(
      dir / "cityhall.geojson",
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":"시청"},)"
      R"("geometry":{"type":"Point","coordinates":[126.978546,37.566554]}}]})");
  const FeatureSet set = read_layer(path, ReadOptions{});
  ASSERT_EQ(set.features.size(), 1u);
  const Point p = set.features[0].geometry.points.at(0);
  EXPECT_NEAR(p.x, 198104.6055, 0.001);
  EXPECT_NEAR(p.y, 551891.0128, 0.001);
  EXPECT_FALSE(set.info.crs.ballpark);
  EXPECT_EQ(set.info.encoding.origin, EncodingOrigin::Format);
}

TEST(ReadCrs, Epsg5174PointUsesTheDatumShift) {
  // City Hall in EPSG:5174 per cs2cs; through PROJ's Korean 1985 -> Korea 2000 shift it lands
  // on cs2cs's own 5174 -> 5186 answer (198104.6084, 551891.0082).
  const auto dir = test::fresh_dir("read_crs_5174");
  const auto path = test::write_text(
      dir / "cityhall.geojson",
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},)"
      R"("geometry":{"type":"Point","coordinates":[198034.9848,451585.8324]}}]})");
  ReadOptions options;
  options.source_crs = "EPSG:5174";
  const FeatureSet set = read_layer(path, options);
  const Point p = set.features[0].geometry.points.at(0);
  EXPECT_NEAR(p.x, 198104.6084, 0.001);
  EXPECT_NEAR(p.y, 551891.0082, 0.001);
  EXPECT_NE(set.info.crs.operation.find("Korean 1985 to Korea 2000"), std::string::npos)
      << set.info.crs.operation;
  EXPECT_DOUBLE_EQ(set.info.crs.accuracy_m, 1.0);
}

TEST(ReadCrs, UnknownSourceCrsIsACrsError) {
  const auto dir = test::fresh_dir("read_crs_unknown");
  ReadOptions options;
  options.source_crs = "EPSG:12345678";
  EXPECT_THROW(read_layer(test::write_shapefile(dir, "n", korean_names()), options), CrsError);
}

ShapefileSpec bowtie() {
  ShapefileSpec spec;
  spec.fields = {"id"};
  spec.rows = {
      {{"sq"}, kSquare},
      {{"bow"},
       "POLYGON ((200000 600000,200020 600020,200020 600000,200000 600020,200000 600000))"}};
  return spec;
}

TEST(ReadInvalid, RepairIsTheDefaultAndIsCounted) {
  const auto dir = test::fresh_dir("read_invalid_repair");
  ReadOptions options;
  options.id_field = "id";
  const FeatureSet set = read_layer(test::write_shapefile(dir, "bow", bowtie()), options);
  EXPECT_EQ(set.counts.read, 2);
  EXPECT_EQ(set.counts.valid, 1);
  EXPECT_EQ(set.counts.repaired, 1);
  ASSERT_EQ(set.problems.size(), 1u);
  EXPECT_EQ(set.problems[0].feature_id, "bow");
  EXPECT_EQ(set.problems[0].code, "invalid-geometry-repaired");
  // Two 20 x 10 / 2 triangles.
  EXPECT_NEAR(planar_area(set.features[1].geometry), 200.0, 1e-6);
}

TEST(ReadInvalid, SkipDropsAndCounts) {
  const auto dir = test::fresh_dir("read_invalid_skip");
  ReadOptions options;
  options.invalid = InvalidPolicy::Skip;
  const FeatureSet set = read_layer(test::write_shapefile(dir, "bow", bowtie()), options);
  EXPECT_EQ(set.features.size(), 1u);
  EXPECT_EQ(set.counts.skipped, 1);
}

TEST(ReadInvalid, FailNamesTheFeatureAndTheSpot) {
  const auto dir = test::fresh_dir("read_invalid_fail");
  ReadOptions options;
  options.invalid = InvalidPolicy::Fail;
  options.id_field = "id";
  try {
    read_layer(test::write_shapefile(dir, "bow", bowtie()), options);
    FAIL() << "expected a GeometryError";
  } catch (const GeometryError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("feature bow"), std::string::npos) << m;
    EXPECT_NE(m.find("Self-intersection at (200010.000 600010.000)"), std::string::npos) << m;
  }
}

TEST(ReadFields, MissingKeyFieldListsTheFields) {
  const auto dir = test::fresh_dir("read_fields_missing");
  ReadOptions options;
  options.id_field = "pnu";
  try {
    read_layer(test::write_shapefile(dir, "n", korean_names()), options);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no id field 'pnu' (fields: name)"), std::string::npos)
        << e.what();
  }
}

TEST(ReadStream, LayerReaderYieldsFeaturesOneByOne) {
  const auto dir = test::fresh_dir("read_stream");
  LayerReader reader(test::write_shapefile(dir, "n", korean_names()), ReadOptions{});
  Feature f;
  int n = 0;
  while (reader.next(f)) ++n;
  EXPECT_EQ(n, 2);
  EXPECT_EQ(reader.counts().read, 2);
}

}  // namespace
}  // namespace jigu
