#include "server/layer_cache.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "geom/boost_geometry_adapt.hpp"
#include "jigu/error.hpp"
#include "jigu/feature_writer.hpp"
#include "jigu/geojson_check.hpp"

namespace jigu::server {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

using BgBox = bg::model::box<Point>;
using Entry = std::pair<BgBox, std::size_t>;

constexpr int kPrecision = 7;  // decimals of lon/lat: ~1 cm, as `jigu export` writes by default

Point position(const nlohmann::json& p) {
  if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number()) {
    throw BackendError("serve: GDAL wrote a GeoJSON position that is not [lon, lat]");
  }
  return Point{p[0].get<double>(), p[1].get<double>()};
}

Ring ring(const nlohmann::json& r) {
  Ring out;
  out.reserve(r.size());
  for (const auto& p : r) out.push_back(position(p));
  return out;
}

Polygon polygon(const nlohmann::json& rings) {
  Polygon poly;
  for (std::size_t i = 0; i < rings.size(); ++i) {
    (i == 0 ? poly.outer : poly.holes.emplace_back()) = ring(rings[i]);
  }
  // RFC 7946 winds outer rings counter-clockwise; jigu's registration is clockwise.
  bg::correct(poly);
  return poly;
}

// The lon/lat geometry of a GeoJSON geometry object (null: empty).
Geometry geometry(const nlohmann::json& g) {
  Geometry out;
  if (g.is_null()) return out;
  const std::string type = g.at("type").get<std::string>();
  const auto& c = g.at("coordinates");
  if (type == "Point") {
    out.kind = GeometryKind::Points;
    out.points.push_back(position(c));
  } else if (type == "MultiPoint") {
    out.kind = GeometryKind::Points;
    for (const auto& p : c) out.points.push_back(position(p));
  } else if (type == "Polygon") {
    out.kind = GeometryKind::Polygons;
    out.polygons.push_back(polygon(c));
  } else if (type == "MultiPolygon") {
    out.kind = GeometryKind::Polygons;
    for (const auto& rings : c) out.polygons.push_back(polygon(rings));
  } else {
    throw BackendError("serve: unexpected GeoJSON geometry type '" + type + "'");
  }
  return out;
}

bool intersects(const Geometry& g, const BgBox& box) {
  for (const auto& p : g.points) {
    if (bg::covered_by(p, box)) return true;
  }
  for (const auto& poly : g.polygons) {
    if (bg::intersects(poly, box)) return true;
  }
  return false;
}

}  // namespace

struct LayerCache::Impl {
  std::string name;
  std::vector<std::string> json;   // each feature, serialised
  std::vector<Geometry> geometry;  // lon/lat, for the exact test
  std::vector<Box> envelope;
  bgi::rtree<Entry, bgi::rstar<16>> tree;
  Box extent = empty_box();
};

LayerCache::LayerCache(const FeatureSet& set, const std::string& name,
                       const std::string& working_crs, const std::filesystem::path& tmp_dir)
    : m_impl(std::make_unique<Impl>()) {
  m_impl->name = name;
  const std::string path = (tmp_dir / (name + ".geojson")).string();
  {
    WriteOptions wo;
    wo.driver = "GeoJSON";
    wo.crs = working_crs;
    wo.overwrite = true;
    wo.layer_options = {"RFC7946=YES", "COORDINATE_PRECISION=" + std::to_string(kPrecision),
                        "WRITE_BBOX=NO"};
    FeatureWriter writer(path, name, set.info.fields, wo);
    for (const auto& f : set.features) writer.write(f.attributes, &f.geometry);
    GeoJsonCheckOptions check;
    check.max_decimals = kPrecision;
    writer.commit([&](const std::string& written) {
      const auto problems = check_geojson(written, check, name + ".geojson");
      if (!problems.empty()) {
        throw BackendError("serve: layer '" + name +
                           "' as GeoJSON fails jigu's RFC 7946 check: " + problems.front());
      }
    });
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  in.close();
  std::filesystem::remove(path);
  const nlohmann::json doc = nlohmann::json::parse(text.str());
  const auto& features = doc.at("features");
  std::vector<Entry> entries;
  entries.reserve(features.size());
  for (const auto& f : features) {
    const std::size_t i = m_impl->json.size();
    m_impl->json.push_back(f.dump());
    m_impl->geometry.push_back(geometry(f.at("geometry")));
    const Box box = envelope(m_impl->geometry.back());
    m_impl->envelope.push_back(box);
    if (box.min.x <= box.max.x) {
      entries.emplace_back(BgBox(box.min, box.max), i);
      expand(m_impl->extent, box);
    }
  }
  m_impl->tree = decltype(m_impl->tree)(entries.begin(), entries.end());  // packed bulk load
}

LayerCache::~LayerCache() = default;
LayerCache::LayerCache(LayerCache&&) noexcept = default;
LayerCache& LayerCache::operator=(LayerCache&&) noexcept = default;

std::vector<std::size_t> LayerCache::query(const std::optional<LonLatBox>& box, std::size_t limit,
                                           Clock::time_point deadline) const {
  std::vector<std::size_t> hits;
  auto too_many = [&] {
    return ApiError(400, "too-many-features", "bbox",
                    "bbox: more than " + std::to_string(limit) + " features of layer '" +
                        m_impl->name +
                        "' match (the limit per response); zoom in or give a "
                        "smaller bbox");
  };
  if (!box) {
    if (m_impl->json.size() > limit) throw too_many();
    hits.resize(m_impl->json.size());
    for (std::size_t i = 0; i < hits.size(); ++i) hits[i] = i;
    return hits;
  }
  const BgBox query_box(Point{box->west, box->south}, Point{box->east, box->north});
  std::vector<Entry> candidates;
  m_impl->tree.query(bgi::intersects(query_box), std::back_inserter(candidates));
  std::sort(candidates.begin(), candidates.end(),
            [](const Entry& a, const Entry& b) { return a.second < b.second; });
  std::size_t n = 0;
  for (const auto& [env, i] : candidates) {
    if (++n % 256 == 0) check_deadline(deadline);
    if (!bg::covered_by(env, query_box) && !intersects(m_impl->geometry[i], query_box)) continue;
    if (hits.size() == limit) throw too_many();
    hits.push_back(i);
  }
  return hits;
}

std::string LayerCache::collection(const std::vector<std::size_t>& features) const {
  std::size_t size = 64;
  for (const auto i : features) size += m_impl->json[i].size() + 1;
  std::string out;
  out.reserve(size);
  out += R"({"type":"FeatureCollection","name":)";
  out += nlohmann::json(m_impl->name).dump();
  out += R"(,"features":[)";
  for (std::size_t k = 0; k < features.size(); ++k) {
    if (k) out += ',';
    out += m_impl->json[features[k]];
  }
  out += "]}";
  return out;
}

std::size_t LayerCache::size() const {
  return m_impl->json.size();
}

LonLatBox LayerCache::extent() const {
  const Box& e = m_impl->extent;
  if (e.min.x > e.max.x) return {};
  return {e.min.x, e.min.y, e.max.x, e.max.y};
}

}  // namespace jigu::server
