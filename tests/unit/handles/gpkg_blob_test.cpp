// GeoPackage geometry blobs (handles/gpkg_blob). Writing: the WKB after the header is byte for
// byte what GDAL's own ISO WKB writer (OGR_G_ExportToIsoWkb) gives for the same geometry read from
// WKT, and the envelope GDAL's (OGR_G_GetEnvelope); a blob is also worked out by hand from
// GeoPackage 1.3 clause 2.1.3. Reading: the same geometry, status and emptiness as from_ogr gives
// for GDAL's own parse of the same WKB (OGR_G_CreateFromWkb), on GDAL's WKB and on odd hand-made
// WKB (empty rings, NaN points, Z, the other byte order), and broken blobs are refused.
#include "handles/gpkg_blob.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <vector>

#include "gdal_wkt.hpp"

namespace jigu::handles {
namespace {

using test::gdal_wkt;

std::string gdal_iso_wkb(OGRGeometryH g) {
  std::string wkb(static_cast<std::size_t>(OGR_G_WkbSize(g)), '\0');
  EXPECT_EQ(OGR_G_ExportToIsoWkb(g, wkbNDR, reinterpret_cast<unsigned char*>(wkb.data())),
            OGRERR_NONE);
  return wkb;
}

Geometry from_gdal(OGRGeometryH g) {
  Geometry out;
  EXPECT_NE(from_ogr(g, out), OgrConversion::Unsupported);
  return out;
}

const char* const kShapes[] = {
    "POINT (198056.366737 551885.030589)",
    "MULTIPOINT ((1 2), (3 4), (-5e-300 7e300))",
    "POLYGON ((201234.5 551234.25, 201234.5 551334.25, 201334.5 551334.25, 201334.5 551234.25, "
    "201234.5 551234.25), (201250.1 551250.3, 201260.7 551250.3, 201260.7 551270.9, "
    "201250.1 551250.3))",
    "MULTIPOLYGON (((0 0, 0 1, 1 1, 0 0)), ((5 5, 5 6, 6 6, 5 5), (5.1 5.5, 5.4 5.8, 5.1 5.8, "
    "5.1 5.5)))",
};

TEST(GpkgBlob, TheWkbIsGdalsAndTheEnvelopeToo) {
  for (const char* text : kShapes) {
    SCOPED_TRACE(text);
    const OgrGeometry theirs = gdal_wkt(text);
    const Geometry g = from_gdal(static_cast<OGRGeometryH>(theirs.get()));
    std::string blob;
    const Box box = append_gpkg_blob(g, 5186, blob);
    const bool one_point = g.kind == GeometryKind::Points && g.points.size() == 1;
    const std::size_t header = 8 + (one_point ? 0 : 32);
    ASSERT_GT(blob.size(), header);
    EXPECT_EQ(blob.substr(header), gdal_iso_wkb(static_cast<OGRGeometryH>(theirs.get())));
    OGREnvelope e;
    OGR_G_GetEnvelope(static_cast<OGRGeometryH>(theirs.get()), &e);
    EXPECT_EQ(box.min.x, e.MinX);
    EXPECT_EQ(box.max.y, e.MaxY);
    if (!one_point) {
      double stored[4];
      std::memcpy(stored, blob.data() + 8, sizeof stored);  // min x, max x, min y, max y
      EXPECT_EQ(stored[0], e.MinX);
      EXPECT_EQ(stored[1], e.MaxX);
      EXPECT_EQ(stored[2], e.MinY);
      EXPECT_EQ(stored[3], e.MaxY);
    }
    // And back: every coordinate as it was.
    Geometry back;
    std::string type;
    ASSERT_EQ(read_gpkg_blob(reinterpret_cast<const unsigned char*>(blob.data()), blob.size(), back,
                             type),
              OgrConversion::Ok);
    EXPECT_EQ(back.points, g.points);
    ASSERT_EQ(back.polygons.size(), g.polygons.size());
    for (std::size_t i = 0; i < g.polygons.size(); ++i) {
      EXPECT_EQ(back.polygons[i].outer, g.polygons[i].outer);
      EXPECT_EQ(back.polygons[i].holes, g.polygons[i].holes);
    }
  }
}

TEST(GpkgBlob, ABlobIsHeaderEnvelopeAndWkb) {
  // Worked by hand from GeoPackage 1.3 clause 2.1.3 and OGC WKB: a polygon of one ring of four
  // points, little endian.
  Geometry g;
  g.kind = GeometryKind::Polygons;
  g.polygons.push_back({{{1, 2}, {1, 4}, {3, 4}, {1, 2}}, {}});
  std::string blob = "x";  // appended to what is there
  append_gpkg_blob(g, 5186, blob);
  ASSERT_EQ(blob.size(), 1 + 8 + 32 + 1 + 4 + 4 + 4 + 4 * 16);
  EXPECT_EQ(blob.substr(0, 5), std::string("xGP\0\x03", 5));  // version 0; LE, x/y envelope
  auto i32 = [&](std::size_t at) {
    std::int32_t v;
    std::memcpy(&v, blob.data() + at, 4);
    return v;
  };
  auto f64 = [&](std::size_t at) {
    double v;
    std::memcpy(&v, blob.data() + at, 8);
    return v;
  };
  EXPECT_EQ(i32(5), 5186);
  EXPECT_EQ(f64(9), 1.0);   // min x
  EXPECT_EQ(f64(17), 3.0);  // max x
  EXPECT_EQ(f64(25), 2.0);  // min y
  EXPECT_EQ(f64(33), 4.0);  // max y
  EXPECT_EQ(blob[41], 1);   // WKB little endian
  EXPECT_EQ(i32(42), 3);    // Polygon
  EXPECT_EQ(i32(46), 1);    // one ring
  EXPECT_EQ(i32(50), 4);    // of four points
  EXPECT_EQ(f64(54 + 16), 1.0);
  EXPECT_EQ(f64(54 + 24), 4.0);

  Geometry point;
  point.kind = GeometryKind::Points;
  point.points.push_back({7.5, -1.25});
  std::string p;
  append_gpkg_blob(point, -1, p);
  ASSERT_EQ(p.size(), 8u + 21u);  // no envelope
  EXPECT_EQ(p.substr(0, 4), std::string("GP\0\x01", 4));
}

// Little-endian WKB by hand.
class Wkb {
 public:
  Wkb& u8(std::uint8_t v) { return raw(&v, 1); }
  Wkb& u32(std::uint32_t v) { return raw(&v, 4); }
  Wkb& f64(double v) { return raw(&v, 8); }
  Wkb& head(std::uint32_t type) { return u8(1).u32(type); }
  /// The closed ring (0 0) (0 1) (1 1) (0 0).
  Wkb& triangle() { return u32(4).f64(0).f64(0).f64(0).f64(1).f64(1).f64(1).f64(0).f64(0); }
  const std::string& bytes() const { return m_bytes; }

 private:
  Wkb& raw(const void* p, std::size_t n) {
    m_bytes.append(static_cast<const char*>(p), n);
    return *this;
  }
  std::string m_bytes;
};

// `wkb` behind a header without an envelope.
std::string blob_of(const std::string& wkb) {
  return std::string("GP\0\x01\0\0\0\0", 8) + wkb;
}

TEST(GpkgBlob, ReadsWhatFromOgrReadsFromGdalsParseOfTheSameWkb) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::pair<std::string, std::string>> cases;  // name, WKB
  for (const char* text : kShapes) {
    const OgrGeometry g = gdal_wkt(text);
    cases.emplace_back(text, gdal_iso_wkb(static_cast<OGRGeometryH>(g.get())));
  }
  for (const char* text : {"POINT EMPTY", "POLYGON EMPTY", "MULTIPOLYGON EMPTY", "MULTIPOINT EMPTY",
                           "POINT Z (1 2 3)", "POLYGON Z ((0 0 1, 0 1 1, 1 1 1, 0 0 1))",
                           "GEOMETRYCOLLECTION (POINT (1 2))", "LINESTRING (0 0, 1 1)"}) {
    const OgrGeometry g = gdal_wkt(text);
    cases.emplace_back(text, gdal_iso_wkb(static_cast<OGRGeometryH>(g.get())));
  }
  cases.emplace_back("polygon of one empty ring", Wkb().head(3).u32(1).u32(0).bytes());
  cases.emplace_back("polygon with an empty hole", Wkb().head(3).u32(2).triangle().u32(0).bytes());
  cases.emplace_back("multipolygon of an empty and a full polygon",
                     Wkb().head(6).u32(2).head(3).u32(0).head(3).u32(1).triangle().bytes());
  cases.emplace_back("multipoint of a NaN point and a real one",
                     Wkb().head(4).u32(2).head(1).f64(nan).f64(nan).head(1).f64(3).f64(4).bytes());
  cases.emplace_back("multipoint holding a polygon", Wkb().head(4).u32(1).head(3).u32(0).bytes());
  for (const auto& [name, wkb] : cases) {
    SCOPED_TRACE(name);
    OGRGeometryH parsed = nullptr;
    const bool gdal_reads = OGR_G_CreateFromWkb(wkb.data(), nullptr, &parsed,
                                                static_cast<int>(wkb.size())) == OGRERR_NONE;
    const OgrGeometry owned(parsed);
    Geometry theirs;
    // What GDAL cannot parse, jigu cannot read either.
    const OgrConversion expected =
        gdal_reads ? from_ogr(parsed, theirs) : OgrConversion::Unsupported;
    const std::string blob = blob_of(wkb);
    Geometry ours;
    std::string type;
    const OgrConversion got = read_gpkg_blob(reinterpret_cast<const unsigned char*>(blob.data()),
                                             blob.size(), ours, type);
    EXPECT_EQ(got, expected);
    EXPECT_EQ(ours.kind, theirs.kind);
    EXPECT_EQ(ours.points, theirs.points);
    ASSERT_EQ(ours.polygons.size(), theirs.polygons.size());
    for (std::size_t i = 0; i < ours.polygons.size(); ++i) {
      EXPECT_EQ(ours.polygons[i].outer, theirs.polygons[i].outer) << i;
      EXPECT_EQ(ours.polygons[i].holes, theirs.polygons[i].holes) << i;
    }
  }
}

TEST(GpkgBlob, TheEmptyFlagMeansNoGeometry) {
  // Flags 0x11: little endian, no envelope, empty (bit 4); GDAL writes POINT(NaN NaN) then.
  const std::string wkb = Wkb().head(1).f64(0.0).f64(0.0).bytes();
  const std::string blob = std::string("GP\0\x11\0\0\0\0", 8) + wkb;
  Geometry g;
  std::string type;
  EXPECT_EQ(
      read_gpkg_blob(reinterpret_cast<const unsigned char*>(blob.data()), blob.size(), g, type),
      OgrConversion::Empty);
  EXPECT_TRUE(g.empty());
}

// A blob by hand: a big-endian point, which GDAL's WKB reader reads for jigu.
TEST(GpkgBlob, TheOtherByteOrderAndBrokenBlobs) {
  std::vector<unsigned char> blob = {'G', 'P', 0, 0 /* big endian, no envelope */, 0,
                                     0,   0,   0, 0 /* WKB big endian */,          0,
                                     0,   0,   1 /* Point */};
  for (double v : {7.5, -1.25}) {
    unsigned char b[8];
    std::memcpy(b, &v, 8);
    for (int i = 7; i >= 0; --i) blob.push_back(b[i]);  // this machine is little endian
  }
  Geometry g;
  std::string type;
  ASSERT_EQ(read_gpkg_blob(blob.data(), blob.size(), g, type), OgrConversion::Ok);
  ASSERT_EQ(g.points.size(), 1u);
  EXPECT_EQ(g.points[0], (Point{7.5, -1.25}));

  // Cut short, or not a blob at all: unreadable, said so, never a crash.
  for (std::size_t cut : {std::size_t{3}, std::size_t{10}, blob.size() - 1}) {
    type.clear();
    EXPECT_EQ(read_gpkg_blob(blob.data(), cut, g, type), OgrConversion::Unsupported);
    EXPECT_NE(type.find("unreadable"), std::string::npos) << cut;
  }
  const unsigned char polygon_too_many_points[] = {'G', 'P', 0, 1, 0, 0, 0,    0,    1,    3,   0,
                                                   0,   0,   1, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f};
  EXPECT_EQ(read_gpkg_blob(polygon_too_many_points, sizeof polygon_too_many_points, g, type),
            OgrConversion::Unsupported);
  // An envelope code beyond x/y/z/m (5), and a header that promises an envelope it lacks.
  const unsigned char bad_envelope[] = {'G', 'P', 0, 0x0b, 0, 0, 0, 0, 1, 1, 0, 0, 0};
  EXPECT_EQ(read_gpkg_blob(bad_envelope, sizeof bad_envelope, g, type), OgrConversion::Unsupported);
  const unsigned char short_envelope[] = {'G', 'P', 0, 0x03, 0, 0, 0, 0, 1, 1, 0, 0, 0};
  EXPECT_EQ(read_gpkg_blob(short_envelope, sizeof short_envelope, g, type),
            OgrConversion::Unsupported);
}

}  // namespace
}  // namespace jigu::handles
