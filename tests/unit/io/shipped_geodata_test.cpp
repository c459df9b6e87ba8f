// The shipped Seoul geodata (geodata/seoul): official areas, locations checked against the real
// 2015 법정동 polygons in shared/data, a zoning partition, and well-formed PNUs.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "geom/boost_geometry_adapt.hpp"
#include "handles/geometry_convert.hpp"
#include "jigu/area.hpp"
#include "jigu/layer_reader.hpp"
#include "jigu/workspace.hpp"
#include "test_paths.hpp"

namespace jigu {
namespace {

Workspace shipped() {
  return load_workspace(test::geodata() / "seoul" / "jigu.toml");
}

FeatureSet read(const Workspace& ws, const std::string& role) {
  const LayerRef& ref = ws.layer(role);
  return read_layer(ref.source, ref.read_options(ReadOptions{}));
}

const Feature& by_id(const FeatureSet& set, const std::string& id) {
  for (const auto& f : set.features) {
    if (f.id == id) return f;
  }
  throw std::runtime_error("no feature " + id);
}

TEST(ShippedGeodata, DistrictPlanarAreasAreTheOfficialFigures) {
  const Workspace ws = shipped();
  const FeatureSet districts = read(ws, "districts");
  const std::map<std::string, double> official = {
      {"seongsu-it", 539406.0}, {"mapo-design", 746994.0}, {"jongno-jewelry", 140855.0}};
  ASSERT_EQ(districts.features.size(), 3u);
  EXPECT_EQ(districts.info.encoding.origin, EncodingOrigin::Cpg);
  EXPECT_EQ(districts.info.crs.source_id, "EPSG:5186");
  GeodesicArea geodesic(ws.crs);
  for (const auto& [id, area] : official) {
    const Feature& f = by_id(districts, id);
    EXPECT_NEAR(planar_area(f.geometry), area, 1.0) << id;
    // In EPSG:5186 near Seoul the scale factor is 1 within ~2e-6 (oracle tables show 1.6e-6).
    EXPECT_NEAR(geodesic(f.geometry), area, 5e-6 * area) << id;
  }
  EXPECT_EQ(by_id(districts, "seongsu-it").name, "성수 IT 산업개발진흥지구");
}

// The anchor parcels must lie in their real 법정동, as drawn in the 2015 JUSO polygons.
TEST(ShippedGeodata, AnchorParcelsLieInTheirReal법정동) {
  const FeatureSet parcels = read(shipped(), "parcels");
  ReadOptions o;
  o.id_field = "EMD_CD";
  const FeatureSet dongs =
      read_layer((test::shared_data() / "seoul-maps-juso2015/seoul_neighborhoods.shp").string(), o);
  const std::map<std::string, std::string> anchors = {{"1120011500102770028", "11200115"},
                                                      {"1144012000103950000", "11440120"},
                                                      {"1111015100100530000", "11110151"}};
  for (const auto& [pnu, dong] : anchors) {
    const Feature& parcel = by_id(parcels, pnu);
    Point centroid;
    boost::geometry::centroid(parcel.geometry.polygons.at(0), centroid);
    const Feature& d = by_id(dongs, dong);
    bool inside = false;
    for (const auto& poly : d.geometry.polygons) inside |= boost::geometry::within(centroid, poly);
    EXPECT_TRUE(inside) << pnu << " is not in 법정동 " << dong;
  }
}

TEST(ShippedGeodata, ZoningIsAPartitionCoveringEveryDistrict) {
  const Workspace ws = shipped();
  const FeatureSet zoning = read(ws, "zoning");
  const FeatureSet districts = read(ws, "districts");
  const auto& ctx = handles::geos();
  std::vector<handles::GeosGeom> parts;
  std::vector<GEOSGeometry*> raw;
  double sum = 0;
  for (const auto& z : zoning.features) {
    sum += planar_area(z.geometry);
    parts.push_back(handles::to_geos(ctx, z.geometry));
    raw.push_back(parts.back().get());
  }
  handles::GeosGeom collection =
      ctx.own(GEOSGeom_createCollection_r(ctx.get(), GEOS_GEOMETRYCOLLECTION, raw.data(),
                                          static_cast<unsigned>(raw.size())),
              "collection");
  for (auto& p : parts) (void)p.release();  // now owned by the collection
  handles::GeosGeom all = ctx.own(GEOSUnaryUnion_r(ctx.get(), collection.get()), "union");
  double union_area = 0;
  GEOSArea_r(ctx.get(), all.get(), &union_area);
  EXPECT_NEAR(union_area, sum, 1e-6 * sum) << "zoning polygons overlap";
  for (const auto& d : districts.features) {
    handles::GeosGeom g = handles::to_geos(ctx, d.geometry);
    handles::GeosGeom uncovered = ctx.own(GEOSDifference_r(ctx.get(), g.get(), all.get()), "diff");
    double gap = 0;
    GEOSArea_r(ctx.get(), uncovered.get(), &gap);
    EXPECT_LT(gap, 1e-3) << d.id << " is not covered by zoning";
  }
  // Seongsu is all 준공업 (zoning-facts.md §4.2): its zoning is UQA330 wherever it is.
  handles::GeosGeom seongsu = handles::to_geos(ctx, by_id(districts, "seongsu-it").geometry);
  for (const auto& z : zoning.features) {
    if (z.code == "UQA330") continue;
    handles::GeosGeom zg = handles::to_geos(ctx, z.geometry);
    handles::GeosGeom both = ctx.own(GEOSIntersection_r(ctx.get(), zg.get(), seongsu.get()), "x");
    double a = 0;
    GEOSArea_r(ctx.get(), both.get(), &a);
    EXPECT_LT(a, 1e-6) << z.code << " inside Seongsu";
  }
}

TEST(ShippedGeodata, ZoneNamesDecodeFromCp949) {
  const FeatureSet zoning = read(shipped(), "zoning");
  const std::map<std::string, std::string> names = {
      {"UQA122", "제2종일반주거지역"}, {"UQA123", "제3종일반주거지역"}, {"UQA130", "준주거지역"},
      {"UQA220", "일반상업지역"},      {"UQA230", "근린상업지역"},      {"UQA330", "준공업지역"}};
  for (const auto& z : zoning.features) {
    ASSERT_TRUE(names.count(z.code)) << z.code;
    EXPECT_EQ(z.name, names.at(z.code));
  }
}

TEST(ShippedGeodata, PnusAreWellFormedUniqueAndUseReal법정동Codes) {
  const FeatureSet parcels = read(shipped(), "parcels");
  // zoning-facts.md §6.
  const std::set<std::string> dongs = {"1120011400", "1120011500", "1144012000", "1144012200",
                                       "1144012100", "1144011500", "1144012300", "1111015100",
                                       "1111015200", "1111015300", "1111015400", "1111015500",
                                       "1111015600", "1111015700", "1111015800"};
  std::set<std::string> seen;
  int straddlers = 0;
  const int note = parcels.field_index("note");
  for (const auto& p : parcels.features) {
    ASSERT_EQ(p.id.size(), 19u) << p.id;
    EXPECT_EQ(p.id.find_first_not_of("0123456789"), std::string::npos) << p.id;
    EXPECT_TRUE(dongs.count(p.id.substr(0, 10))) << p.id;
    EXPECT_EQ(p.id[10], '1') << p.id;
    EXPECT_TRUE(seen.insert(p.id).second) << "duplicate " << p.id;
    const auto* n = std::get_if<std::string>(&p.attributes.at(static_cast<std::size_t>(note)));
    if (n != nullptr && *n == "straddles-zones") ++straddlers;
  }
  EXPECT_GT(parcels.features.size(), 2000u);
  EXPECT_GE(straddlers, 3);
}

}  // namespace
}  // namespace jigu
