// The real Seoul boundary data in ../shared/data, read in place, against an independent oracle:
// tests/data/oracle/*.csv, made by tools/oracle/real_data_areas.py with pyproj and a Python
// shoelace / pyproj.Geod (GeographicLib), sharing no code with jigu.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "jigu/area.hpp"
#include "jigu/error.hpp"
#include "jigu/layer_reader.hpp"
#include "oracle.hpp"
#include "test_paths.hpp"

namespace jigu {
namespace {

constexpr double kRelative = 1e-7;  // the issue asks for 1e-6

std::string shared(const std::string& relative) {
  const auto path = test::shared_data() / relative;
  if (!std::filesystem::exists(path)) {
    ADD_FAILURE() << "missing shared data: " << path << " (shared/ must sit beside the repository)";
  }
  return path.string();
}

// Checks every feature's planar and geodesic area against the oracle table, by id.
void expect_areas_match(const FeatureSet& set, const std::string& oracle_file) {
  const auto oracle = test::read_oracle_areas(oracle_file);
  ASSERT_EQ(set.features.size(), oracle.size());
  GeodesicArea geodesic(set.info.crs.working);
  for (const auto& f : set.features) {
    auto it = oracle.find(f.id);
    ASSERT_NE(it, oracle.end()) << "no oracle row for " << f.id;
    const double planar = planar_area(f.geometry);
    const double geo = geodesic(f.geometry);
    EXPECT_NEAR(planar, it->second.planar_m2, kRelative * it->second.planar_m2) << f.id;
    EXPECT_NEAR(geo, it->second.geodesic_m2, kRelative * it->second.geodesic_m2) << f.id;
    if (!f.name.empty()) {
      EXPECT_EQ(f.name, it->second.name) << f.id;
    }
  }
}

TEST(RealData, Admdong2021GeoJsonAreasMatchTheOracle) {
  ReadOptions o;
  o.id_field = "adm_cd2";
  o.name_field = "adm_nm";
  const FeatureSet set = read_layer(shared("admdong-seoul-2021/hangjeongdong_seoul.geojson"), o);
  EXPECT_EQ(set.counts.read, 425);
  EXPECT_EQ(set.counts.repaired, 0);
  expect_areas_match(set, "admdong2021_areas.csv");
}

TEST(RealData, Kostat2013Cp949ShapefileAs5174HasHangulNamesAndOracleAreas) {
  ReadOptions o;
  o.id_field = "code";
  o.name_field = "name";
  o.source_crs = "EPSG:5174";
  const FeatureSet set = read_layer(shared("seoul-maps-kostat2013/seoul_submunicipalities.shp"), o);
  EXPECT_EQ(set.info.encoding.name, "CP949");
  EXPECT_EQ(set.info.encoding.origin, EncodingOrigin::Detected);
  expect_areas_match(set, "kostat2013_sub_areas_as5174.csv");
  // First rows by code, decoded by the oracle script with Python's cp949 codec.
  for (const auto& f : set.features) {
    if (f.id == "1101053") {
      EXPECT_EQ(f.name, "사직동");
    }
    if (f.id == "1101054") {
      EXPECT_EQ(f.name, "삼청동");
    }
    if (f.id == "1114066") {
      // shared/data/SOURCES.md §5: 서교동 is 1,672,499 m² read as EPSG:5174.
      EXPECT_NEAR(planar_area(f.geometry), 1672499.0, 1.0);
    }
  }
}

TEST(RealData, Kostat2013MunicipalitiesAs5174MatchTheOracle) {
  ReadOptions o;
  o.id_field = "code";
  o.name_field = "name";
  o.source_crs = "EPSG:5174";
  expect_areas_match(read_layer(shared("seoul-maps-kostat2013/seoul_municipalities.shp"), o),
                     "kostat2013_muni_areas_as5174.csv");
}

TEST(RealData, Juso2015NeighborhoodsWithHolesAndMultipartsMatchTheOracle) {
  ReadOptions o;
  o.id_field = "EMD_CD";
  o.name_field = "EMD_KOR_NM";
  const FeatureSet set = read_layer(shared("seoul-maps-juso2015/seoul_neighborhoods.shp"), o);
  EXPECT_EQ(set.info.encoding.origin, EncodingOrigin::Ldid);  // byte 0x4E
  expect_areas_match(set, "juso2015_neighborhoods_areas.csv");
}

TEST(RealData, Kostat2013ShippedPrjIsBallparkAndRefused) {
  const std::string shp = shared("seoul-maps-kostat2013/seoul_submunicipalities.shp");
  try {
    read_layer(shp, ReadOptions{});
    FAIL() << "expected a CrsError";
  } catch (const CrsError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("ballpark"), std::string::npos) << m;
    EXPECT_NE(m.find("EPSG:5174"), std::string::npos) << m;
  }
}

TEST(RealData, Kostat2013BallparkWhenInsistedIs243PpmTooLarge) {
  // SOURCES.md §5: with the .prj as is, 서교동 comes out 1,672,905 m² instead of 1,672,499.
  ReadOptions o;
  o.id_field = "code";
  o.allow_ballpark = true;
  const FeatureSet set = read_layer(shared("seoul-maps-kostat2013/seoul_submunicipalities.shp"), o);
  EXPECT_TRUE(set.info.crs.ballpark);
  for (const auto& f : set.features) {
    if (f.id == "1114066") {
      EXPECT_NEAR(planar_area(f.geometry), 1672905.0, 1.0);
    }
  }
}

TEST(RealData, Juso2015GangseoIsInvalidAndRepaired) {
  // SOURCES.md: 강서구 has a ring self-intersection at 126.820685 37.555853.
  ReadOptions o;
  o.id_field = "SIG_CD";
  const FeatureSet set = read_layer(shared("seoul-maps-juso2015/seoul_municipalities.shp"), o);
  EXPECT_EQ(set.counts.read, 25);
  EXPECT_EQ(set.counts.repaired, 1);
  ASSERT_EQ(set.problems.size(), 1u);
  EXPECT_EQ(set.problems[0].feature_id, "11500");
  EXPECT_NE(set.problems[0].message.find("Self-intersection"), std::string::npos);
  o.invalid = InvalidPolicy::Fail;
  EXPECT_THROW(read_layer(shared("seoul-maps-juso2015/seoul_municipalities.shp"), o),
               GeometryError);
}

TEST(RealData, Kostat2018QuantizedDongsHaveThreeInvalidOnes) {
  ReadOptions o;
  o.id_field = "code";
  const FeatureSet set =
      read_layer(shared("kostat2018-topo/seoul_submunicipalities_2018.geojson"), o);
  EXPECT_EQ(set.counts.read, 424);
  EXPECT_EQ(set.counts.repaired, 3);
  std::vector<std::string> ids;
  for (const auto& p : set.problems) ids.push_back(p.feature_id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"1117051", "1117061", "1119073"}));
}

}  // namespace
}  // namespace jigu
