// classify() when one of its stages throws (a full disk in the sink, a truncated input): the
// exception reaches the caller and nothing is lost inside TBB (under the asan preset, LeakSanitizer
// checks at exit that no batch in flight was leaked).
#include <gtest/gtest.h>

#include <filesystem>

#include "fixtures.hpp"
#include "jigu/classify.hpp"
#include "jigu/error.hpp"
#include "jigu/workspace.hpp"
#include "raw_shapefile.hpp"

namespace jigu {
namespace {

struct Shipped {
  Workspace ws = load_workspace(test::geodata() / "seoul" / "jigu.toml");
  FeatureSet zoning = read(ws.layer("zoning"));
  FeatureSet districts = read(ws.layer("districts"));
  static FeatureSet read(const LayerRef& ref) {
    return read_layer(ref.source, ref.read_options(ReadOptions{}));
  }
};

ClassifyOptions small_batches() {
  ClassifyOptions o;
  o.threads = 2;
  o.batch_size = 64;  // many batches in flight when the sink fails
  return o;
}

TEST(NothingLostClassify, AnExceptionFromTheSinkReachesTheCaller) {
  const Shipped s;
  const LayerRef& parcels = s.ws.layer("parcels");
  LayerReader input(parcels.source, parcels.read_options(ReadOptions{}));
  int seen = 0;
  EXPECT_THROW(classify(input, s.zoning, s.districts, FeatureSet{}, small_batches(),
                        [&](const Feature&, const Classification&) {
                          if (++seen == 300) throw BackendError("'out.csv': disk full");
                        }),
               BackendError);
  EXPECT_EQ(seen, 300);  // the sink is not called again after it failed
}

TEST(NothingLostClassify, AnExceptionWhileReadingReachesTheCaller) {
  const Shipped s;
  const auto dir = test::fresh_dir("nothing_lost_classify_truncated");
  test::RawShapefile spec;
  for (int i = 0; i < 2000; ++i) {
    spec.shapes.push_back({test::RawShape::Type::Polygon,
                           {test::square(204000 + 10.0 * (i % 50), 551000 + 10.0 * (i / 50), 10)}});
  }
  const auto shp = test::write_raw_shapefile(dir, "cut", spec);
  std::filesystem::resize_file(shp, std::filesystem::file_size(shp) / 2);
  ReadOptions o;
  o.encoding = "UTF-8";  // no sampling of rows for the encoding: the truncation shows in classify
  LayerReader input(shp, o);
  std::int64_t seen = 0;
  EXPECT_THROW(classify(input, s.zoning, s.districts, FeatureSet{}, small_batches(),
                        [&](const Feature&, const Classification&) { ++seen; }),
               InputError);
  EXPECT_LT(seen, 1000);
}

}  // namespace
}  // namespace jigu
