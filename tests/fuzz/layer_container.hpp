// The input format of the layer fuzz target: a few files of one dataset in one byte string, put
// into GDAL's in-memory file system (/vsimem/) for jigu's LayerReader to open. Made to survive
// mutation: no magic, lengths clamped to what is there. tests/fuzz/pack_layer.py writes it.
//
//   byte 0      read options (see LayerFuzzOptions)
//   then        entries: 1 byte kind (index into kLayerFileKinds, modulo), 4 bytes length
//               (little-endian, clamped to the bytes left), that many bytes of content
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace jigu::fuzz {

/// File extensions an entry's kind byte selects; all files are named "in.<ext>".
inline constexpr std::array<const char*, 7> kLayerFileKinds = {"shp", "shx",     "dbf", "prj",
                                                               "cpg", "geojson", "csv"};

struct LayerEntry {
  std::string extension;
  std::string bytes;
};

struct LayerContainer {
  std::uint8_t options = 0;
  std::vector<LayerEntry> entries;  ///< a later entry of the same kind replaces an earlier one
};

inline LayerContainer unpack_layer_container(const std::uint8_t* data, std::size_t size) {
  LayerContainer c;
  if (size == 0) return c;
  c.options = data[0];
  std::size_t at = 1;
  while (at < size) {
    const char* ext = kLayerFileKinds[data[at] % kLayerFileKinds.size()];
    ++at;
    std::uint32_t length = 0;
    for (int i = 0; i < 4 && at < size; ++i, ++at) {
      length |= static_cast<std::uint32_t>(data[at]) << (8 * i);
    }
    const std::size_t n = std::min<std::size_t>(length, size - at);
    std::string bytes(reinterpret_cast<const char*>(data) + at, n);
    at += n;
    bool replaced = false;
    for (auto& e : c.entries) {
      if (e.extension == ext) {
        e.bytes = std::move(bytes);
        replaced = true;
      }
    }
    if (!replaced) c.entries.push_back({ext, std::move(bytes)});
  }
  return c;
}

}  // namespace jigu::fuzz
