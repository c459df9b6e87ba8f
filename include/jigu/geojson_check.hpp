// jigu's own check of an exported GeoJSON file, for what the npm validators miss: RFC 7946
// (WGS 84 lon/lat within range, counter-clockwise outer rings and clockwise holes, no `crs`
// member, at most the requested decimals) and valid UTF-8 text.
#pragma once

#include <string>
#include <vector>

namespace jigu {

struct GeoJsonCheckOptions {
  int max_decimals = 7;
  /// When set, every position must lie in this lon/lat box (a sanity box for swapped or
  /// projected coordinates), e.g. Seoul: 126.7 37.4 127.3 37.8.
  bool check_box = false;
  double west = -180, south = -90, east = 180, north = 90;
};

/// The problems found, each "<where>: <what>" naming the file as `label` (default: `path`);
/// empty when the file passes. Throws InputError when the file cannot be read or is not JSON.
std::vector<std::string> check_geojson(const std::string& path, const GeoJsonCheckOptions& options,
                                       const std::string& label = {});

}  // namespace jigu
