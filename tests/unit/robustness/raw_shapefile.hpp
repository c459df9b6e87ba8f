// A shapefile written byte by byte (ESRI Shapefile Technical Description, 1998), so that the
// hostile-input tests can store what GDAL's writer would refuse or fix: unclosed rings, NaN and
// infinite coordinates, record counts that disagree. Header-only, for tests/unit/robustness.
#pragma once

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "jigu/geometry.hpp"
#include "test_paths.hpp"

namespace jigu::test {

/// One record: a polygon (its parts as stored), a point, or a null shape.
struct RawShape {
  enum class Type { Null = 0, Point = 1, Polygon = 5 } type = Type::Polygon;
  std::vector<std::vector<Point>> parts;  ///< rings as stored (closed or not); a point: {{p}}
};

struct RawShapefile {
  std::vector<RawShape> shapes;
  std::vector<std::string> ids;  ///< the DBF's one field, "id" (C 20); defaults to "f<n>"
  int dbf_records = -1;          ///< records in the .dbf; -1 = one per shape
  std::string prj;               ///< the .prj text; empty = the shipped EPSG:5186 one
  bool write_prj = true;
};

namespace detail {

inline void put_be32(std::string& b, std::int32_t v) {
  const auto u = static_cast<std::uint32_t>(v);
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<char>((u >> s) & 0xFF));
}
inline void put_le32(std::string& b, std::int32_t v) {
  const auto u = static_cast<std::uint32_t>(v);
  for (int s = 0; s <= 24; s += 8) b.push_back(static_cast<char>((u >> s) & 0xFF));
}
inline void put_le16(std::string& b, std::uint16_t v) {
  b.push_back(static_cast<char>(v & 0xFF));
  b.push_back(static_cast<char>(v >> 8));
}
inline void put_double(std::string& b, double v) {
  char bytes[8];
  std::memcpy(bytes, &v, 8);  // little-endian hosts only (x86-64, arm64)
  b.append(bytes, 8);
}

inline std::string shape_content(const RawShape& s, double box[4]) {
  std::string c;
  put_le32(c, static_cast<std::int32_t>(s.type));
  if (s.type == RawShape::Type::Null) return c;
  if (s.type == RawShape::Type::Point) {
    const Point p = s.parts.at(0).at(0);
    put_double(c, p.x);
    put_double(c, p.y);
    box[0] = std::min(box[0], p.x), box[1] = std::min(box[1], p.y);
    box[2] = std::max(box[2], p.x), box[3] = std::max(box[3], p.y);
    return c;
  }
  double b[4] = {std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                 std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
  std::int32_t points = 0;
  for (const auto& part : s.parts) {
    for (const auto& p : part) {
      b[0] = std::min(b[0], p.x), b[1] = std::min(b[1], p.y);
      b[2] = std::max(b[2], p.x), b[3] = std::max(b[3], p.y);
    }
    points += static_cast<std::int32_t>(part.size());
  }
  for (int i = 0; i < 4; ++i) put_double(c, b[i]);
  put_le32(c, static_cast<std::int32_t>(s.parts.size()));
  put_le32(c, points);
  std::int32_t start = 0;
  for (const auto& part : s.parts) {
    put_le32(c, start);
    start += static_cast<std::int32_t>(part.size());
  }
  for (const auto& part : s.parts) {
    for (const auto& p : part) {
      put_double(c, p.x);
      put_double(c, p.y);
    }
  }
  box[0] = std::min(box[0], b[0]), box[1] = std::min(box[1], b[1]);
  box[2] = std::max(box[2], b[2]), box[3] = std::max(box[3], b[3]);
  return c;
}

inline std::string shp_header(std::int32_t shape_type, std::int32_t length_words,
                              const double box[4]) {
  std::string h;
  put_be32(h, 9994);
  for (int i = 0; i < 5; ++i) put_be32(h, 0);
  put_be32(h, length_words);
  put_le32(h, 1000);
  put_le32(h, shape_type);
  for (int i = 0; i < 4; ++i) put_double(h, box[i]);
  for (int i = 0; i < 4; ++i) put_double(h, 0.0);
  return h;
}

inline void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace detail

/// The shipped EPSG:5186 .prj (ESRI WKT).
inline std::string prj_5186() {
  return [] {
    std::ifstream in(geodata() / "seoul" / "districts.prj", std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }();
}

/// Writes `<dir>/<name>.shp/.shx/.dbf(/.prj)`; returns the .shp path.
inline std::string write_raw_shapefile(const std::filesystem::path& dir, const std::string& name,
                                       const RawShapefile& spec) {
  using namespace detail;
  double box[4] = {std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                   std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
  std::int32_t type = 0;
  for (const auto& s : spec.shapes) {
    if (s.type != RawShape::Type::Null) type = static_cast<std::int32_t>(s.type);
  }
  std::string records;
  std::string index;
  std::int32_t offset_words = 50;
  for (std::size_t i = 0; i < spec.shapes.size(); ++i) {
    const std::string content = shape_content(spec.shapes[i], box);
    const auto words = static_cast<std::int32_t>(content.size() / 2);
    put_be32(records, static_cast<std::int32_t>(i + 1));
    put_be32(records, words);
    records += content;
    put_be32(index, offset_words);
    put_be32(index, words);
    offset_words += 4 + words;
  }
  if (spec.shapes.empty()) box[0] = box[1] = box[2] = box[3] = 0;
  const std::filesystem::path stem = dir / name;
  write_bytes(stem.string() + ".shp",
              shp_header(type, static_cast<std::int32_t>(50 + records.size() / 2), box) + records);
  write_bytes(stem.string() + ".shx",
              shp_header(type, static_cast<std::int32_t>(50 + index.size() / 2), box) + index);

  const std::size_t n =
      spec.dbf_records < 0 ? spec.shapes.size() : static_cast<std::size_t>(spec.dbf_records);
  std::string dbf;
  dbf.push_back(0x03);
  dbf += std::string("\x7d\x01\x01", 3);  // 2025-01-01
  put_le32(dbf, static_cast<std::int32_t>(n));
  put_le16(dbf, 32 + 32 + 1);  // header: 32 + one field descriptor + terminator
  put_le16(dbf, 1 + 20);       // record: deletion flag + C(20)
  dbf += std::string(20, '\0');
  dbf[29] = 0x57;  // language driver: ANSI (not a Korean code page)
  std::string field(32, '\0');
  std::memcpy(field.data(), "id", 2);
  field[11] = 'C';
  field[16] = 20;
  dbf += field;
  dbf.push_back(0x0D);
  for (std::size_t i = 0; i < n; ++i) {
    std::string id = i < spec.ids.size() ? spec.ids[i] : "f" + std::to_string(i + 1);
    id.resize(20, ' ');
    dbf.push_back(' ');
    dbf += id;
  }
  dbf.push_back(0x1A);
  write_bytes(stem.string() + ".dbf", dbf);
  if (spec.write_prj) write_bytes(stem.string() + ".prj", spec.prj.empty() ? prj_5186() : spec.prj);
  return stem.string() + ".shp";
}

/// A closed square ring of side `size` with its lower-left corner at (x, y).
inline std::vector<Point> square(double x, double y, double size) {
  return {{x, y}, {x, y + size}, {x + size, y + size}, {x + size, y}, {x, y}};
}

}  // namespace jigu::test
