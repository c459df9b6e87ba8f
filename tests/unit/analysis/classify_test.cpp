// Bulk classification: answers equal locate's, source order kept, any thread count.
#include "jigu/classify.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <ogr_core.h>

#include "fixtures.hpp"
#include "jigu/error.hpp"

namespace jigu {
namespace {

Ring rect(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}};
}

Feature zone(std::string id, std::string code, Ring r) {
  Feature f;
  f.id = std::move(id);
  f.code = std::move(code);
  f.name = f.code;
  f.geometry.kind = GeometryKind::Polygons;
  f.geometry.polygons = {Polygon{std::move(r), {}}};
  return f;
}

FeatureSet set_of(std::vector<Feature> features) {
  FeatureSet s;
  s.info.crs.working = "EPSG:5186";
  s.features = std::move(features);
  return s;
}

std::string wkt(double x0, double y0, double x1, double y1) {
  return "POLYGON ((" + std::to_string(x0) + " " + std::to_string(y0) + "," + std::to_string(x0) +
         " " + std::to_string(y1) + "," + std::to_string(x1) + " " + std::to_string(y1) + "," +
         std::to_string(x1) + " " + std::to_string(y0) + "," + std::to_string(x0) + " " +
         std::to_string(y0) + "))";
}

// A 40 x 10 strip of parcels, 10 m wide each, across two zones split at x = 200015.
std::string strip(const std::filesystem::path& dir, int n) {
  test::ShapefileSpec spec;
  spec.fields = {"pnu"};
  for (int i = 0; i < n; ++i) {
    const double x = 200000.0 + 10.0 * i;
    spec.rows.push_back({{std::to_string(1000 + i)}, wkt(x, 600000, x + 10, 600010)});
  }
  return test::write_shapefile(dir, "strip", spec);
}

struct Fixture {
  FeatureSet zoning = set_of({zone("a", "UQA122", rect(199000, 599000, 200015, 601000)),
                              zone("b", "UQA220", rect(200015, 599000, 201000, 601000))});
  FeatureSet districts = set_of({zone("d", "", rect(200000, 600000, 200020, 600010))});
  FeatureSet parcels;
};

std::vector<std::pair<std::string, Classification>> run(const std::string& shp, unsigned threads,
                                                        std::size_t batch) {
  Fixture fx;
  ReadOptions o;
  o.id_field = "pnu";
  LayerReader reader(shp, o);
  ClassifyOptions options;
  options.threads = threads;
  options.batch_size = batch;
  std::vector<std::pair<std::string, Classification>> out;
  classify(reader, fx.zoning, fx.districts, fx.parcels, options,
           [&](const Feature& f, const Classification& c) { out.emplace_back(f.id, c); });
  return out;
}

TEST(Classify, ParcelAcrossTheZoneLineHasBothSharesByHand) {
  const auto dir = test::fresh_dir("classify_hand");
  const auto out = run(strip(dir, 4), 1, 2);
  ASSERT_EQ(out.size(), 4u);
  // Parcel 1001 spans x 200010-200020: 5 m in each zone; 1000 lies wholly in UQA122.
  EXPECT_EQ(out[0].second.zones.size(), 1u);
  EXPECT_FALSE(out[0].second.crossed);
  ASSERT_EQ(out[1].second.zones.size(), 2u);
  EXPECT_NEAR(out[1].second.zones[0].share, 0.5, 1e-12);
  EXPECT_TRUE(out[1].second.crossed);
  // The district covers x 200000-200020: parcels 1000 and 1001 wholly, 1002 not at all.
  EXPECT_TRUE(out[0].second.in_district);
  EXPECT_EQ(out[0].second.districts.at(0).status, "inside");
  EXPECT_TRUE(out[2].second.districts.empty());
}

TEST(Classify, SameAnswersInSourceOrderWhateverTheThreadCount) {
  const auto dir = test::fresh_dir("classify_threads");
  const auto shp = strip(dir, 200);
  const auto one = run(shp, 1, 7);
  const auto two = run(shp, 2, 3);
  ASSERT_EQ(one.size(), 200u);
  ASSERT_EQ(two.size(), 200u);
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(one[i].first, std::to_string(1000 + i));
    EXPECT_EQ(two[i].first, one[i].first);
    ASSERT_EQ(two[i].second.zones.size(), one[i].second.zones.size());
    for (std::size_t k = 0; k < one[i].second.zones.size(); ++k) {
      EXPECT_EQ(two[i].second.zones[k].area_m2, one[i].second.zones[k].area_m2);  // bitwise
    }
  }
}

// The strip with parcels 1005 and 1150 drawn as bow-ties (invalid: they cross themselves).
std::string strip_with_bowties(const std::filesystem::path& dir) {
  test::ShapefileSpec spec;
  spec.fields = {"pnu"};
  for (int i = 0; i < 200; ++i) {
    const double x = 200000.0 + 10.0 * i;
    std::string geometry = wkt(x, 600000, x + 10, 600010);
    if (i == 5 || i == 150) {
      const std::string x0 = std::to_string(x), x1 = std::to_string(x + 10);
      geometry = "POLYGON ((" + x0 + " 600000," + x1 + " 600010," + x1 + " 600000," + x0 +
                 " 600010," + x0 + " 600000))";
    }
    spec.rows.push_back({{std::to_string(1000 + i)}, geometry});
  }
  return test::write_shapefile(dir, "bowties", spec);
}

struct PolicyRun {
  std::vector<std::string> ids;
  std::vector<std::string> problems;  // "feature id: code"
  GeometryCounts counts;
};

PolicyRun run_policy(const std::string& shp, InvalidPolicy policy, unsigned threads,
                     std::size_t batch) {
  Fixture fx;
  ReadOptions o;
  o.id_field = "pnu";
  o.invalid = policy;
  LayerReader reader(shp, o);
  ClassifyOptions options;
  options.threads = threads;
  options.batch_size = batch;
  PolicyRun r;
  classify(reader, fx.zoning, fx.districts, fx.parcels, options,
           [&](const Feature& f, const Classification&) { r.ids.push_back(f.id); });
  for (const auto& p : reader.problems()) r.problems.push_back(p.feature_id + ": " + p.code);
  r.counts = reader.counts();
  return r;
}

// Geometries are finished in parallel, but counts, problems and the first error are the ones
// the serial reader gives, in source order.
TEST(Classify, InvalidPolicyCountsProblemsAndErrorsInSourceOrderWhateverTheThreadCount) {
  const auto dir = test::fresh_dir("classify_invalid");
  const auto shp = strip_with_bowties(dir);
  for (unsigned threads : {1u, 2u}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    const PolicyRun skip = run_policy(shp, InvalidPolicy::Skip, threads, 3);
    EXPECT_EQ(skip.ids.size(), 198u);
    EXPECT_EQ(skip.problems, (std::vector<std::string>{"1005: invalid-geometry-skipped",
                                                       "1150: invalid-geometry-skipped"}));
    EXPECT_EQ(skip.counts.read, 200);
    EXPECT_EQ(skip.counts.valid, 198);
    EXPECT_EQ(skip.counts.skipped, 2);

    const PolicyRun repair = run_policy(shp, InvalidPolicy::Repair, threads, 3);
    EXPECT_EQ(repair.ids.size(), 200u);
    EXPECT_EQ(repair.ids.at(5), "1005");
    EXPECT_EQ(repair.problems, (std::vector<std::string>{"1005: invalid-geometry-repaired",
                                                         "1150: invalid-geometry-repaired"}));
    EXPECT_EQ(repair.counts.repaired, 2);

    try {
      run_policy(shp, InvalidPolicy::Fail, threads, 3);
      ADD_FAILURE() << "--invalid=fail did not throw";
    } catch (const GeometryError& e) {
      EXPECT_NE(std::string(e.what()).find("feature 1005"), std::string::npos) << e.what();
    }
  }
}

struct OutputRun {
  std::vector<std::string> written;
  std::string error;  // what() of the exception classify threw, if any
};

// The bow-tie strip classified on two threads, the sink failing at `fail_at`.
OutputRun run_output(const std::string& shp, InvalidPolicy policy, const std::string& fail_at) {
  Fixture fx;
  ReadOptions o;
  o.id_field = "pnu";
  o.invalid = policy;
  LayerReader reader(shp, o);
  ClassifyOptions options;
  options.threads = 2;
  options.batch_size = 3;
  OutputRun r;
  try {
    classify(reader, fx.zoning, fx.districts, fx.parcels, options,
             [&](const Feature& f, const Classification& c) {
               if (f.id == fail_at) throw BackendError("sink failed at " + f.id);
               EXPECT_GT(c.area_m2, 0.0) << f.id;
               r.written.push_back(f.id);
             });
  } catch (const Error& e) {
    r.error = e.what();
  }
  return r;
}

std::vector<std::string> ids(int from, int to, std::vector<int> without = {}) {
  std::vector<std::string> out;
  for (int i = from; i < to; ++i) {
    if (std::find(without.begin(), without.end(), i) == without.end()) {
      out.push_back(std::to_string(i));
    }
  }
  return out;
}

TEST(Classify, TheSinkSeesEachKeptFeatureInSourceOrder) {
  const auto dir = test::fresh_dir("classify_output");
  const OutputRun r = run_output(strip_with_bowties(dir), InvalidPolicy::Skip, "");
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.written, ids(1000, 1200, {1005, 1150}));  // the bow-ties are skipped
}

// An error in the sink is a feature's own: rethrown in source order, before a later feature's,
// after an earlier one's, and nothing after it is written.
TEST(Classify, AnErrorInTheSinkComesInSourceOrder) {
  const auto dir = test::fresh_dir("classify_output_error");
  const auto shp = strip_with_bowties(dir);
  const OutputRun early = run_output(shp, InvalidPolicy::Fail, "1003");
  EXPECT_EQ(early.error, "sink failed at 1003");
  EXPECT_EQ(early.written, ids(1000, 1003));

  const OutputRun late = run_output(shp, InvalidPolicy::Fail, "1100");
  EXPECT_NE(late.error.find("feature 1005"), std::string::npos) << late.error;
  EXPECT_EQ(late.written, ids(1000, 1005));

  const OutputRun repaired = run_output(shp, InvalidPolicy::Repair, "1120");
  EXPECT_EQ(repaired.error, "sink failed at 1120");
  EXPECT_EQ(repaired.written, ids(1000, 1120));
}

// Points go through the cell grid (analysis/cell_grid). Checked against the fixture worked out
// by hand: zone a is x 199000-200015, zone b 200015-201000 (both y 599000-601000), the district
// x 200000-200020, y 600000-600010; a point on the shared line x = 200015 gets a, the first.
TEST(Classify, PointsGetTheZoneAndDistrictWorkedOutByHand) {
  const auto dir = test::fresh_dir("classify_points");
  test::GpkgSpec spec;
  spec.fields = {{"id", OFTString}};
  std::vector<Point> points;
  for (double x = 198990; x <= 201010; x += 7.25) {
    for (double y = 598990; y <= 601010; y += 101.5) points.push_back({x, y});
  }
  for (double y : {599000.0, 600000.0, 600005.0, 600010.0, 601000.0}) {
    for (double x : {199000.0, 200000.0, 200015.0, 200020.0, 201000.0}) points.push_back({x, y});
  }
  for (double x = 199995; x <= 200025; x += 0.5) {
    for (double y = 599995; y <= 600015; y += 0.5) points.push_back({x, y});
  }
  for (std::size_t i = 0; i < points.size(); ++i) {
    spec.rows.push_back(
        {{std::to_string(i)},
         "POINT (" + std::to_string(points[i].x) + " " + std::to_string(points[i].y) + ")"});
  }
  const auto path = test::write_gpkg(dir / "points.gpkg", "points", spec);
  Fixture fx;
  ReadOptions o;
  o.id_field = "id";
  LayerReader reader(path, o);
  ClassifyOptions options;
  options.threads = 2;
  options.batch_size = 64;
  std::size_t seen = 0;
  classify(reader, fx.zoning, fx.districts, fx.parcels, options,
           [&](const Feature& f, const Classification& c) {
             const Point p = points.at(std::stoul(f.id));
             ++seen;
             const bool in_y = p.y >= 599000 && p.y <= 601000;
             const std::string zone = !in_y                            ? ""
                                      : p.x >= 199000 && p.x <= 200015 ? "UQA122"
                                      : p.x > 200015 && p.x <= 201000  ? "UQA220"
                                                                       : "";
             ASSERT_EQ(c.zones.size(), 1u) << f.id;
             EXPECT_EQ(c.zones[0].code, zone) << p.x << " " << p.y;
             EXPECT_EQ(c.zones[0].share, 1.0);
             const bool in_district =
                 p.x >= 200000 && p.x <= 200020 && p.y >= 600000 && p.y <= 600010;
             EXPECT_EQ(c.districts.size(), in_district ? 1u : 0u) << p.x << " " << p.y;
             EXPECT_EQ(c.in_district, in_district);
             // Codes and ids only: the names stay in the layers.
             for (const auto& d : c.districts) {
               EXPECT_EQ(d.name, "");
             }
             if (!zone.empty()) {
               EXPECT_EQ(c.zones[0].name, "");
             }
           });
  EXPECT_EQ(seen, points.size());
}

// Classify fills the same batches again and again, keeping their features' memory; nothing of
// an earlier feature may show through in a later one. Rows of varying kinds (points, polygons,
// multipolygons, no geometry; names NULL, empty or long; reals NULL or not) go through two
// batches of three, and each feature the sink sees must equal what read_layer reads, one fresh
// feature at a time.
TEST(Classify, ReusedBatchesCarryNothingOverFromEarlierFeatures) {
  const auto dir = test::fresh_dir("classify_reuse");
  test::GpkgSpec spec;
  spec.fields = {{"id", OFTString}, {"name", OFTString}, {"height", OFTReal}};
  for (int i = 0; i < 300; ++i) {
    const double x = 199500 + 3.0 * i;
    std::string wkt;
    switch (i % 5) {
      case 0:
        wkt = "POINT (" + std::to_string(x) + " 600005)";
        break;
      case 1:
        wkt = "POLYGON ((" + std::to_string(x) + " 600000, " + std::to_string(x) + " 600009, " +
              std::to_string(x + 2) + " 600009, " + std::to_string(x) + " 600000))";
        break;
      case 2:
        wkt = "MULTIPOLYGON (((" + std::to_string(x) + " 600000, " + std::to_string(x) +
              " 600004, " + std::to_string(x + 1) + " 600000, " + std::to_string(x) +
              " 600000)), ((" + std::to_string(x) + " 600006, " + std::to_string(x) + " 600009, " +
              std::to_string(x + 2) + " 600009, " + std::to_string(x) + " 600006)))";
        break;
      case 3:
        wkt = "";
        break;  // no geometry
      default:
        wkt = "POINT (" + std::to_string(x) + " 599990)";
    }
    std::optional<std::string> name;
    if (i % 3 == 1) name = "";
    if (i % 3 == 2) {
      name = "";
      for (int k = 0; k < i % 7; ++k) name->append("제2종일반주거지역 ");
    }
    std::optional<std::string> height;
    if (i % 4 != 0) height = std::to_string(i * 0.5);
    spec.rows.push_back({{"r" + std::to_string(i), name, height}, wkt});
  }
  const auto path = test::write_gpkg(dir / "mixed.gpkg", "mixed", spec);
  ReadOptions o;
  o.id_field = "id";
  o.name_field = "name";
  const FeatureSet fresh = read_layer(path, o);
  ASSERT_GT(fresh.features.size(), 200u);

  Fixture fx;
  LayerReader reader(path, o);
  ClassifyOptions options;
  options.threads = 2;
  options.batch_size = 3;
  options.max_batches = 2;
  std::size_t k = 0;
  classify(reader, fx.zoning, fx.districts, fx.parcels, options,
           [&](const Feature& f, const Classification&) {
             ASSERT_LT(k, fresh.features.size());
             const Feature& want = fresh.features[k++];
             EXPECT_EQ(f.fid, want.fid);
             EXPECT_EQ(f.id, want.id);
             EXPECT_EQ(f.name, want.name) << f.id;
             EXPECT_EQ(f.attributes, want.attributes) << f.id;
             EXPECT_EQ(f.geometry.kind, want.geometry.kind) << f.id;
             EXPECT_EQ(f.geometry.points, want.geometry.points) << f.id;
             ASSERT_EQ(f.geometry.polygons.size(), want.geometry.polygons.size()) << f.id;
             for (std::size_t p = 0; p < want.geometry.polygons.size(); ++p) {
               EXPECT_EQ(f.geometry.polygons[p].outer, want.geometry.polygons[p].outer) << f.id;
               EXPECT_EQ(f.geometry.polygons[p].holes, want.geometry.polygons[p].holes) << f.id;
             }
           });
  EXPECT_EQ(k, fresh.features.size());
}

TEST(Classify, BadOptionsAreUsageErrors) {
  ClassifyOptions o;
  o.min_share = 1.5;
  EXPECT_THROW(o.validate(), UsageError);
  o.min_share = 0.1;
  o.batch_size = 0;
  EXPECT_THROW(o.validate(), UsageError);
}

}  // namespace
}  // namespace jigu
