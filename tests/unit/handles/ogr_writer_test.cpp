// FeatureWriter's rows: prepared on several threads while another writes them in order, they
// give the same output as writing each feature in one call, in every format classify writes.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <ostream>
#include <sstream>
#include <thread>

#include "fixtures.hpp"
#include "handles/gdal_handles.hpp"
#include "jigu/error.hpp"
#include "jigu/feature_writer.hpp"

namespace jigu {
namespace {

constexpr int kFeatures = 3000;

const std::vector<Field> kFields = {{"id", FieldType::String},
                                    {"area_m2", FieldType::Real},
                                    {"n", FieldType::Integer},
                                    {"note", FieldType::String}};

std::vector<AttributeValue> values_of(int i) {
  std::vector<AttributeValue> v(kFields.size());
  v[0] = "p" + std::to_string(i) + (i % 7 == 0 ? " 서울" : "");
  v[1] = 10.5 * i + 1.0 / 3.0;
  v[2] = std::int64_t{i} * 1000003;
  // Some notes are longer than the Shapefile driver's first string width (80): it widens the
  // field while other threads prepare rows.
  if (i % 5 != 0) v[3] = std::string(static_cast<std::size_t>(i % 120), 'x');
  return v;
}

Ring square(double x, double y, double side) {
  return {{x, y}, {x, y + side}, {x + side, y + side}, {x + side, y}, {x, y}};
}

// Squares, some with a hole, some in pairs; none for every eleventh feature.
std::optional<Geometry> geometry_of(int i) {
  if (i % 11 == 0) return std::nullopt;
  const double x = 200000.0 + 20.0 * (i % 100) + 1.0 / 7.0;
  const double y = 550000.0 + 20.0 * (i / 100);
  Geometry g;
  g.kind = GeometryKind::Polygons;
  g.polygons.push_back({square(x, y, 10.0), {}});
  if (i % 3 == 0) {
    Ring hole = square(x + 2.0, y + 2.0, 3.0);
    std::reverse(hole.begin(), hole.end());
    g.polygons.back().holes.push_back(hole);
  }
  if (i % 5 == 0) g.polygons.push_back({square(x + 12.0, y, 5.0), {}});
  return g;
}

WriteOptions options_for(const std::string& driver) {
  WriteOptions o;
  o.driver = driver;
  o.crs = "EPSG:5186";
  o.with_geometry = driver != "CSV";
  return o;
}

void write_in_one_call_each(const std::string& path, const std::string& driver) {
  FeatureWriter writer(path, "out", kFields, options_for(driver));
  for (int i = 0; i < kFeatures; ++i) {
    const auto g = geometry_of(i);
    writer.write(values_of(i), g ? &*g : nullptr);
  }
  writer.commit();
}

// Three threads prepare every third row each; this one writes them in order as they are ready.
void write_prepared_rows(const std::string& path, const std::string& driver) {
  FeatureWriter writer(path, "out", kFields, options_for(driver));
  std::vector<FeatureWriter::Row> rows(kFeatures);
  std::vector<std::atomic<bool>> ready(kFeatures);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 3; ++t) {
      threads.emplace_back([&, t] {
        for (int i = t; i < kFeatures; i += 3) {
          rows[i] = writer.prepare(values_of(i));
          ready[i].store(true, std::memory_order_release);
        }
      });
    }
    for (int i = 0; i < kFeatures; ++i) {
      while (!ready[i].load(std::memory_order_acquire)) std::this_thread::yield();
      const auto g = geometry_of(i);
      writer.write(rows[i], g ? &*g : nullptr);
    }
  }
  writer.commit();
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every feature as read back: its fields as text and its geometry as WKB, in hex.
std::string features_read_back(const std::string& path) {
  handles::GdalDataset ds = handles::open_vector(path, {});
  OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
  EXPECT_NE(layer, nullptr);
  if (layer == nullptr) return {};
  std::ostringstream out;
  OGR_L_ResetReading(layer);
  while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
    const handles::OgrFeature owned(f);
    for (int k = 0; k < OGR_F_GetFieldCount(f); ++k) {
      out << (OGR_F_IsFieldSetAndNotNull(f, k) ? OGR_F_GetFieldAsString(f, k) : "<null>") << '|';
    }
    if (OGRGeometryH g = OGR_F_GetGeometryRef(f)) {
      std::vector<unsigned char> wkb(static_cast<std::size_t>(OGR_G_WkbSize(g)));
      OGR_G_ExportToWkb(g, wkbNDR, wkb.data());
      char hex[3];
      for (unsigned char b : wkb) {
        std::snprintf(hex, sizeof hex, "%02x", b);
        out << hex;
      }
    }
    out << '\n';
  }
  return out.str();
}

struct Format {
  std::string driver;
  std::string extension;
  bool same_bytes;  // no timestamps inside: the files themselves must be equal
};

void PrintTo(const Format& f, std::ostream* os) {
  *os << f.driver;
}

class FeatureWriterRows : public testing::TestWithParam<Format> {};

TEST_P(FeatureWriterRows, PreparedOnSeveralThreadsGiveTheSameOutputAsOneCallEach) {
  const Format& format = GetParam();
  const auto dir = test::fresh_dir("feature_writer_rows_" + format.extension);
  const std::string one_call = (dir / ("one_call." + format.extension)).string();
  const std::string prepared = (dir / ("prepared." + format.extension)).string();
  write_in_one_call_each(one_call, format.driver);
  write_prepared_rows(prepared, format.driver);

  const std::string expected = features_read_back(one_call);
  EXPECT_EQ(std::count(expected.begin(), expected.end(), '\n'), kFeatures);
  EXPECT_EQ(features_read_back(prepared), expected);
  if (format.same_bytes) {
    const std::string bytes = file_bytes(one_call);
    ASSERT_FALSE(bytes.empty());
    EXPECT_TRUE(file_bytes(prepared) == bytes) << "the files differ";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Formats, FeatureWriterRows,
    testing::Values(Format{"GPKG", "gpkg", false}, Format{"ESRI Shapefile", "shp", false},
                    Format{"GeoJSON", "geojson", true}, Format{"CSV", "csv", true}),
    [](const testing::TestParamInfo<Format>& tp) { return tp.param.extension; });

TEST(FeatureWriterRows, ARowIsWrittenOnceAndOnlyByTheWriterThatMadeIt) {
  const auto dir = test::fresh_dir("feature_writer_rows_misuse");
  FeatureWriter a((dir / "a.csv").string(), "a", kFields, options_for("CSV"));
  FeatureWriter b((dir / "b.csv").string(), "b", kFields, options_for("CSV"));
  FeatureWriter::Row row = a.prepare(values_of(1));
  EXPECT_THROW(b.write(row, nullptr), UsageError);
  a.write(row, nullptr);
  EXPECT_THROW(a.write(row, nullptr), UsageError);
  FeatureWriter::Row none;
  EXPECT_THROW(a.write(none, nullptr), UsageError);
  FeatureWriter::Row moved = a.prepare(values_of(2));
  FeatureWriter::Row taker = std::move(moved);
  a.write(taker, nullptr);
  a.commit();
  // (GDAL quotes 64-bit integers in CSV.)
  EXPECT_EQ(file_bytes((dir / "a.csv").string()),
            "id,area_m2,n,note\n"
            "p1,10.8333333333333,\"1000003\",x\n"
            "p2,21.3333333333333,\"2000006\",xx\n");
}

}  // namespace
}  // namespace jigu
