#include "handles/gpkg_blob.hpp"

#include <ogr_api.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "handles/gdal_handles.hpp"

namespace jigu::handles {

namespace {

static_assert(sizeof(Point) == 2 * sizeof(double), "a ring must copy as x, y, x, y ...");

constexpr bool kLittleEndian = std::endian::native == std::endian::little;
constexpr std::uint8_t kNativeWkbOrder = kLittleEndian ? 1 : 0;

// WKB geometry type codes (OGC Simple Features 1.2.1, 8.2.3).
enum WkbType : std::uint32_t { kPoint = 1, kPolygon = 3, kMultiPoint = 4, kMultiPolygon = 6 };

constexpr std::size_t kHeader = 8;       // "GP", version, flags, srs_id
constexpr std::size_t kWkbHead = 1 + 4;  // byte order, type
constexpr std::size_t kCount = 4;
constexpr std::size_t kPointWkb = kWkbHead + sizeof(Point);

std::size_t ring_bytes(const Ring& r) {
  return kCount + r.size() * sizeof(Point);
}

std::size_t polygon_bytes(const Polygon& p) {
  std::size_t n = kWkbHead + kCount + ring_bytes(p.outer);
  for (const auto& h : p.holes) n += ring_bytes(h);
  return n;
}

// Writes into memory sized beforehand, in this machine's byte order.
class Writer {
 public:
  explicit Writer(char* at) : m_at(at) {}
  template <class T>
  void put(T value) {
    static_assert(std::is_arithmetic_v<T>);
    std::memcpy(m_at, &value, sizeof value);
    m_at += sizeof value;
  }
  void wkb_head(WkbType type) {
    put(kNativeWkbOrder);
    put<std::uint32_t>(type);
  }
  void ring(const Ring& r) {
    put(static_cast<std::uint32_t>(r.size()));
    std::memcpy(m_at, r.data(), r.size() * sizeof(Point));
    m_at += r.size() * sizeof(Point);
  }
  void polygon(const Polygon& p) {
    wkb_head(kPolygon);
    put(static_cast<std::uint32_t>(1 + p.holes.size()));
    ring(p.outer);
    for (const auto& h : p.holes) ring(h);
  }
  void point(const Point& p) {
    wkb_head(kPoint);
    put(p.x);
    put(p.y);
  }

 private:
  char* m_at;
};

// Reads WKB in this machine's byte order, checking every read against the end; false as soon
// as something is not a plain 2-D point or polygon, or runs past the end.
class Reader {
 public:
  Reader(const unsigned char* at, const unsigned char* end) : m_at(at), m_end(end) {}

  bool geometry(Geometry& out) {
    std::uint32_t type = 0;
    if (!head(type)) return false;
    switch (type) {
      case kPoint:
        return point_body(out);
      case kPolygon:
        return polygon_body(out.polygons);
      case kMultiPoint:
      case kMultiPolygon: {
        std::uint32_t n = 0;
        if (!get(n)) return false;
        const std::uint32_t part = type == kMultiPoint ? kPoint : kPolygon;
        for (std::uint32_t i = 0; i < n; ++i) {
          std::uint32_t t = 0;
          if (!head(t) || t != part) return false;
          if (!(part == kPoint ? point_body(out) : polygon_body(out.polygons))) return false;
        }
        return true;
      }
      default:
        return false;
    }
  }

 private:
  template <class T>
  bool get(T& value) {
    if (static_cast<std::size_t>(m_end - m_at) < sizeof value) return false;
    std::memcpy(&value, m_at, sizeof value);
    m_at += sizeof value;
    return true;
  }
  bool head(std::uint32_t& type) {
    std::uint8_t order = 0;
    return get(order) && order == kNativeWkbOrder && get(type);
  }
  bool point_body(Geometry& out) {
    Point p;
    if (!get(p.x) || !get(p.y)) return false;
    if (!(std::isnan(p.x) && std::isnan(p.y))) out.points.push_back(p);  // NaN, NaN: empty
    return true;
  }
  bool ring(Ring& r) {
    std::uint32_t n = 0;
    if (!get(n) || static_cast<std::size_t>(m_end - m_at) / sizeof(Point) < n) return false;
    r.resize(n);
    if (n == 0) return true;  // an empty ring: r.data() may be null, which memcpy must not get
    std::memcpy(r.data(), m_at, n * sizeof(Point));
    m_at += n * sizeof(Point);
    return true;
  }
  bool polygon_body(MultiPolygon& out) {
    std::uint32_t rings = 0;
    if (!get(rings)) return false;
    if (rings == 0) return true;  // an empty polygon adds nothing
    Polygon p;
    if (!ring(p.outer)) return false;
    p.holes.resize(rings - 1);
    for (auto& h : p.holes) {
      if (!ring(h)) return false;
    }
    out.push_back(std::move(p));
    return true;
  }

  const unsigned char* m_at;
  const unsigned char* m_end;
};

}  // namespace

Box append_gpkg_blob(const Geometry& geometry, std::int32_t srs_id, std::string& out) {
  const bool one_point = geometry.kind == GeometryKind::Points && geometry.points.size() == 1;
  std::size_t wkb = 0;
  if (geometry.kind == GeometryKind::Points) {
    wkb = one_point ? kPointWkb : kWkbHead + kCount + geometry.points.size() * kPointWkb;
  } else if (geometry.polygons.size() == 1) {
    wkb = polygon_bytes(geometry.polygons.front());
  } else {
    wkb = kWkbHead + kCount;
    for (const auto& p : geometry.polygons) wkb += polygon_bytes(p);
  }
  const std::size_t start = out.size();
  out.resize(start + kHeader + (one_point ? 0 : 4 * sizeof(double)) + wkb);
  Writer w(out.data() + start);
  w.put<char>('G');
  w.put<char>('P');
  w.put<std::uint8_t>(0);  // version 1
  // Flags: bit 0 the byte order (1 = little endian), bits 1-3 the envelope (1 = x/y).
  w.put<std::uint8_t>(static_cast<std::uint8_t>(kNativeWkbOrder | (one_point ? 0 : 2)));
  w.put(srs_id);
  const Box box = envelope(geometry);
  if (!one_point) {
    w.put(box.min.x);
    w.put(box.max.x);
    w.put(box.min.y);
    w.put(box.max.y);
  }
  if (geometry.kind == GeometryKind::Points) {
    if (!one_point) {
      w.wkb_head(kMultiPoint);
      w.put(static_cast<std::uint32_t>(geometry.points.size()));
    }
    for (const auto& p : geometry.points) w.point(p);
  } else if (geometry.polygons.size() == 1) {
    w.polygon(geometry.polygons.front());
  } else {
    w.wkb_head(kMultiPolygon);
    w.put(static_cast<std::uint32_t>(geometry.polygons.size()));
    for (const auto& p : geometry.polygons) w.polygon(p);
  }
  return box;
}

OgrConversion read_gpkg_blob(const unsigned char* data, std::size_t size, Geometry& out,
                             std::string& type_name) {
  out.clear();
  // The envelope's size by the flags' bits 1-3: none, x/y, x/y/z, x/y/m, x/y/z/m.
  static constexpr std::size_t kEnvelope[] = {0, 32, 48, 48, 64};
  const std::uint8_t flags = size >= kHeader ? data[3] : 0;
  const unsigned envelope_code = (flags >> 1) & 7u;
  if (size < kHeader || data[0] != 'G' || data[1] != 'P' || envelope_code > 4 ||
      size < kHeader + kEnvelope[envelope_code]) {
    type_name = "unreadable (not a GeoPackage geometry blob)";
    return OgrConversion::Unsupported;
  }
  if (flags & 0x10) return OgrConversion::Empty;  // bit 4: an empty geometry
  const unsigned char* wkb = data + kHeader + kEnvelope[envelope_code];
  const std::size_t wkb_size = size - kHeader - kEnvelope[envelope_code];
  Reader reader(wkb, data + size);
  if (!reader.geometry(out)) {
    // Not plain 2-D points or polygons in this byte order: GDAL reads it.
    OGRGeometryH g = nullptr;
    const CplMessageCollector quiet;
    if (OGR_G_CreateFromWkb(wkb, nullptr, &g, static_cast<int>(wkb_size)) != OGRERR_NONE ||
        g == nullptr) {
      out = Geometry{};
      type_name = "unreadable (the GeoPackage blob holds no valid WKB)";
      return OgrConversion::Unsupported;
    }
    const OgrGeometry owned(g);
    const OgrConversion status = from_ogr(g, out);
    if (status == OgrConversion::Unsupported)
      type_name = OGRGeometryTypeToName(OGR_G_GetGeometryType(g));
    return status;
  }
  // As OGR_G_IsEmpty: polygons whose rings are all empty are no geometry.
  const bool any_ring = std::any_of(out.polygons.begin(), out.polygons.end(), [](auto& p) {
    return !p.outer.empty() ||
           std::any_of(p.holes.begin(), p.holes.end(), [](auto& h) { return !h.empty(); });
  });
  if (!any_ring && out.points.empty()) {
    out = Geometry{};
    return OgrConversion::Empty;
  }
  return settle_kind(out);
}

}  // namespace jigu::handles
