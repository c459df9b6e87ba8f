// Fuzz target: the layer loader (LayerReader/read_layer) fed whole shapefiles (.shp/.shx/.dbf/
// .prj/.cpg), GeoJSON or CSV as byte strings through GDAL's in-memory files (/vsimem/), as GDAL's
// own shape fuzzer does. Bounded like GDAL's ogr_fuzzer: at most 1000 features per input.
// Every input either reads, each feature with text in valid UTF-8 and a geometry in the working
// CRS with finite coordinates, or gives an InputError/CrsError/GeometryError/UsageError.
#include <cpl_vsi.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <variant>

#include "fuzz_support.hpp"
#include "jigu/layer_reader.hpp"
#include "layer_container.hpp"

namespace {

constexpr int kMaxFeatures = 1000;

bool valid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int len = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) return false;
    for (int k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0xC0) != 0x80) {
        return false;
      }
    }
    i += static_cast<std::size_t>(len);
  }
  return true;
}

void check_feature(const jigu::Feature& f, bool geometry_loaded) {
  for (const auto& v : f.attributes) {
    if (const auto* s = std::get_if<std::string>(&v); s != nullptr && !valid_utf8(*s)) {
      jigu::fuzz::fail("feature " + f.id + ": an attribute that is not UTF-8");
    }
  }
  if (!valid_utf8(f.id)) jigu::fuzz::fail("a feature id that is not UTF-8");
  if (!geometry_loaded) return;
  auto finite = [](const jigu::Point& p) { return std::isfinite(p.x) && std::isfinite(p.y); };
  for (const auto& p : f.geometry.points) {
    if (!finite(p)) jigu::fuzz::fail("feature " + f.id + ": a point that is not finite");
  }
  for (const auto& poly : f.geometry.polygons) {
    for (const auto& p : poly.outer) {
      if (!finite(p)) jigu::fuzz::fail("feature " + f.id + ": a vertex that is not finite");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const jigu::fuzz::LayerContainer c = jigu::fuzz::unpack_layer_container(data, size);
  const std::string dir = "/vsimem/jigu_fuzz_layer/";
  std::string main_file;
  int main_rank = 99;
  for (const auto& e : c.entries) {
    const std::string path = dir + "in." + e.extension;
    // GDAL reads the bytes in place (no copy, not owned); unlinked before `c` goes away.
    VSIFCloseL(VSIFileFromMemBuffer(path.c_str(),
                                    reinterpret_cast<GByte*>(const_cast<char*>(e.bytes.data())),
                                    static_cast<vsi_l_offset>(e.bytes.size()), FALSE));
    const int rank = e.extension == "shp"       ? 0
                     : e.extension == "geojson" ? 1
                     : e.extension == "csv"     ? 2
                     : e.extension == "dbf"     ? 3
                                                : 99;
    if (rank < main_rank) {
      main_rank = rank;
      main_file = path;
    }
  }
  if (!main_file.empty()) {
    jigu::ReadOptions o;
    switch (c.options & 3) {
      case 0:
        o.invalid = jigu::InvalidPolicy::Fail;
        break;
      case 1:
        o.invalid = jigu::InvalidPolicy::Skip;
        break;
      default:
        o.invalid = jigu::InvalidPolicy::Repair;
        break;
    }
    o.load_geometry = (c.options & 4) == 0;
    o.require_crs = (c.options & 8) == 0;
    if (c.options & 16) o.encoding = "CP949";
    if (c.options & 32) o.source_crs = "EPSG:5174";
    o.allow_ballpark = (c.options & 64) != 0;
    if (c.options & 128) {
      o.id_field = "id";
      o.name_field = "name";
    }
    jigu::fuzz::expect_clean([&] {
      jigu::LayerReader reader(main_file, o);
      jigu::Feature f;
      for (int i = 0; i < kMaxFeatures && reader.next(f); ++i) check_feature(f, o.load_geometry);
      const auto& n = reader.counts();
      if (n.read < n.valid + n.repaired + n.skipped) jigu::fuzz::fail("counts that do not add up");
    });
  }
  for (const auto& e : c.entries) VSIUnlink((dir + "in." + e.extension).c_str());
  return 0;
}
