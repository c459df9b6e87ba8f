#include "jigu/geojson_check.hpp"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "jigu/error.hpp"

namespace jigu {

namespace {

using Json = nlohmann::json;

struct Checker {
  const GeoJsonCheckOptions& options;
  std::vector<std::string> problems;
  std::string where;

  void problem(const std::string& what) {
    if (problems.size() < 100) problems.push_back(where + ": " + what);
  }

  void position(const Json& p) {
    if (!p.is_array() || p.size() < 2 || p.size() > 3 || !p[0].is_number() || !p[1].is_number()) {
      problem("a position is not [lon, lat]");
      return;
    }
    const double lon = p[0].get<double>();
    const double lat = p[1].get<double>();
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
      problem("position (" + p[0].dump() + ", " + p[1].dump() + ") is not WGS 84 lon/lat");
    } else if (options.check_box && !(lon >= options.west && lon <= options.east &&
                                      lat >= options.south && lat <= options.north)) {
      problem("position (" + p[0].dump() + ", " + p[1].dump() + ") lies outside the expected area");
    }
    // A value written with at most N decimals reads back within rounding of a multiple of 10^-N.
    const double scale = std::pow(10.0, options.max_decimals);
    for (const double v : {lon, lat}) {
      if (std::abs(std::round(v * scale) / scale - v) > 1e-9 / scale) {
        problem("coordinate " + std::to_string(v) + " has more than " +
                std::to_string(options.max_decimals) + " decimals");
        return;
      }
    }
  }

  // Signed area by the shoelace formula in lon/lat; > 0 is counter-clockwise.
  static double signed_area(const Json& ring) {
    double a = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
      a += ring[i][0].get<double>() * ring[i + 1][1].get<double>() -
           ring[i + 1][0].get<double>() * ring[i][1].get<double>();
    }
    return a / 2;
  }

  void polygon(const Json& rings) {
    if (!rings.is_array() || rings.empty()) {
      problem("a polygon has no rings");
      return;
    }
    for (std::size_t r = 0; r < rings.size(); ++r) {
      const Json& ring = rings[r];
      if (!ring.is_array() || ring.size() < 4) {
        problem("a ring has fewer than 4 positions");
        continue;
      }
      for (const auto& p : ring) position(p);
      if (ring.front() != ring.back()) problem("a ring is not closed");
      const double a = signed_area(ring);
      if (r == 0 && a < 0) problem("an outer ring is clockwise; RFC 7946 wants counter-clockwise");
      if (r > 0 && a > 0) problem("a hole is counter-clockwise; RFC 7946 wants clockwise");
    }
  }

  void geometry(const Json& g) {
    if (g.is_null()) return;
    const std::string type = g.value("type", "");
    const Json& c = g.contains("coordinates") ? g["coordinates"] : Json();
    if (type == "Point") {
      position(c);
    } else if (type == "MultiPoint" || type == "LineString") {
      for (const auto& p : c) position(p);
    } else if (type == "MultiLineString") {
      for (const auto& l : c) {
        for (const auto& p : l) position(p);
      }
    } else if (type == "Polygon") {
      polygon(c);
    } else if (type == "MultiPolygon") {
      for (const auto& p : c) polygon(p);
    } else if (type == "GeometryCollection") {
      for (const auto& part : g.value("geometries", Json::array())) geometry(part);
    } else {
      problem("unknown geometry type '" + type + "'");
    }
  }
};

}  // namespace

std::vector<std::string> check_geojson(const std::string& path, const GeoJsonCheckOptions& options,
                                       const std::string& label) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("'" + path + "': cannot read");
  Json doc;
  try {
    doc = Json::parse(in);  // throws on invalid UTF-8 in strings as well
  } catch (const Json::exception& e) {
    throw InputError("'" + path + "': not valid JSON (or not UTF-8): " + e.what());
  }
  const std::string name = "'" + (label.empty() ? path : label) + "'";
  Checker checker{options, {}, name};
  if (doc.contains("crs")) checker.problem("has a 'crs' member, which RFC 7946 removed");
  if (doc.value("type", "") != "FeatureCollection") checker.problem("is not a FeatureCollection");
  const Json& features = doc.contains("features") ? doc["features"] : Json::array();
  for (std::size_t i = 0; i < features.size(); ++i) {
    checker.where = name + " feature " + std::to_string(i);
    const Json& f = features[i];
    if (!f.contains("properties")) checker.problem("has no 'properties' member");
    if (f.contains("geometry")) checker.geometry(f["geometry"]);
  }
  return checker.problems;
}

}  // namespace jigu
