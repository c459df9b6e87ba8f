// Sites given on the command line or in requests: a point, WKT or GeoJSON, in any CRS.
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "geom/validity.hpp"
#include "handles/geometry_convert.hpp"
#include "handles/proj_handles.hpp"
#include "jigu/error.hpp"
#include "jigu/site.hpp"

namespace jigu {

namespace {

double parse_number(const std::string& text, const std::string& what) {
  double value = 0.0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  while (begin < end && *begin == ' ') ++begin;
  while (end > begin && end[-1] == ' ') --end;
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end || begin == end || !std::isfinite(value)) {
    throw InputError(what + ": '" + text + "' is not a finite number");
  }
  return value;
}

void reproject(Geometry& g, const std::string& crs, const std::string& working,
               const std::string& what) {
  handles::transform_points(crs, working, g.points, what);
  for (auto& poly : g.polygons) {
    handles::transform_points(crs, working, poly.outer, what);
    for (auto& h : poly.holes) handles::transform_points(crs, working, h, what);
  }
}

Site finish(Geometry g, const std::string& label, const std::string& crs,
            const std::string& working) {
  if (const auto problem = geom::coordinate_problem(g)) throw InputError(label + ": " + *problem);
  reproject(g, crs, working, label);
  const geom::Validity v = geom::check_validity(g);
  if (!v.valid) throw InputError(label + ": invalid geometry: " + v.reason);
  geom::normalize_orientation(g);
  Site site;
  site.kind = g.kind == GeometryKind::Points ? Site::Kind::Point : Site::Kind::Geometry;
  site.label = label;
  site.geometry = std::move(g);
  return site;
}

}  // namespace

Site point_site(const std::string& xy, const std::string& crs, const std::string& working_crs,
                const std::string& name) {
  const std::string what = name + " '" + xy + "'";
  const auto comma = xy.find(',');
  if (comma == std::string::npos || xy.find(',', comma + 1) != std::string::npos) {
    throw InputError(what + ": give X,Y (lon,lat in " + crs + ")");
  }
  Geometry g;
  g.kind = GeometryKind::Points;
  g.points.push_back(
      {parse_number(xy.substr(0, comma), what), parse_number(xy.substr(comma + 1), what)});
  return finish(std::move(g), "point " + xy + " (" + crs + ")", crs, working_crs);
}

Site wkt_site(const std::string& wkt, const std::string& crs, const std::string& working_crs,
              const std::string& name) {
  Geometry g;
  handles::from_wkt(wkt, name, g);
  return finish(std::move(g), "WKT site (" + crs + ")", crs, working_crs);
}

Site geojson_site(const std::string& json, const std::string& crs, const std::string& working_crs,
                  const std::string& name) {
  // Take the geometry out of a Feature; a bare geometry passes as it is.
  std::string geometry = json;
  try {
    // No geometry nests deeper than a few levels (GDAL's reader stops at 32); refusing deeper
    // JSON while parsing keeps dump() below from recursing a hostile depth off the stack.
    constexpr int kMaxDepth = 64;
    const auto doc = nlohmann::json::parse(
        json, [&name](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
          if (depth > kMaxDepth) {
            throw InputError(name + ": nested more than " + std::to_string(kMaxDepth) +
                             " levels deep; no GeoJSON geometry needs that");
          }
          return true;
        });
    if (doc.is_object() && doc.value("type", "") == "Feature") {
      if (!doc.contains("geometry") || doc["geometry"].is_null()) {
        throw InputError(name + ": the Feature has no geometry");
      }
      geometry = doc["geometry"].dump();
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(name + ": not valid JSON: " + e.what());
  }
  Geometry g;
  handles::from_geojson(geometry, name, g);
  return finish(std::move(g), "GeoJSON site (" + crs + ")", crs, working_crs);
}

}  // namespace jigu
