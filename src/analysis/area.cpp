#include "jigu/area.hpp"

#include <cctype>
#include <cmath>
#include <map>

#include "handles/geodesic.hpp"
#include "jigu/error.hpp"

namespace jigu {

struct GeodesicArea::Impl {
  explicit Impl(const std::string& working) : crs(working), ring_area(working) {}
  std::string crs;
  mutable handles::EllipsoidalRingArea ring_area;
};

GeodesicArea::GeodesicArea(const std::string& working_crs)
    : m_impl(std::make_unique<Impl>(working_crs)) {}

GeodesicArea::~GeodesicArea() = default;
GeodesicArea::GeodesicArea(GeodesicArea&&) noexcept = default;
GeodesicArea& GeodesicArea::operator=(GeodesicArea&&) noexcept = default;

double GeodesicArea::operator()(const Polygon& polygon) const {
  double area = m_impl->ring_area(polygon.outer);
  for (const auto& h : polygon.holes) area -= m_impl->ring_area(h);
  return area;
}

double GeodesicArea::operator()(const Geometry& geometry) const {
  double area = 0.0;
  for (const auto& p : geometry.polygons) area += (*this)(p);
  return area;
}

AreaMethod GeodesicArea::method() const {
  return AreaMethod{"planar in " + m_impl->crs + " (" + m_impl->ring_area.crs_name() + ")",
                    "geodesic on the " + m_impl->ring_area.ellipsoid_name() +
                        " ellipsoid (PROJ geod_polygonarea)"};
}

const std::string& GeodesicArea::ellipsoid_name() const {
  return m_impl->ring_area.ellipsoid_name();
}

void AreaOptions::validate() const {
  if (!by_field.empty() && !official_area_field.empty()) {
    throw UsageError("area: official areas are per feature; drop --by or the official-area field");
  }
}

namespace {

std::string slug(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
  }
  return out;
}

int required_field(const FeatureSet& features, const std::string& name) {
  const int index = features.field_index(name);
  if (index < 0) {
    throw UsageError("area: '" + features.info.source + "' has no field '" + name + "'");
  }
  return index;
}

std::string text_of(const AttributeValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return "";
}

std::optional<double> number_of(const AttributeValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  return std::nullopt;
}

}  // namespace

AreaSummary measure_areas(const FeatureSet& features, const AreaOptions& options) {
  options.validate();
  GeodesicArea geodesic(features.info.crs.working);
  AreaSummary summary;
  summary.method = geodesic.method();
  summary.planar_key = "planar_m2_" + slug(features.info.crs.working);
  summary.geodesic_key = "geodesic_m2_" + slug(geodesic.ellipsoid_name());
  const int by = options.by_field.empty() ? -1 : required_field(features, options.by_field);
  const int official = options.official_area_field.empty()
                           ? -1
                           : required_field(features, options.official_area_field);
  std::map<std::string, AreaRow> groups;
  for (const auto& f : features.features) {
    AreaRow row;
    row.key = f.id;
    row.name = f.name;
    row.planar_m2 = planar_area(f.geometry);
    try {
      row.geodesic_m2 = geodesic(f.geometry);
    } catch (const CrsError& e) {
      throw CrsError("'" + features.info.source + "' layer '" + features.info.layer + "' feature " +
                     f.id + ": " + e.what());
    }
    if (official >= 0)
      row.official_m2 = number_of(f.attributes[static_cast<std::size_t>(official)]);
    if (by < 0) {
      summary.rows.push_back(std::move(row));
      continue;
    }
    const std::string key = text_of(f.attributes[static_cast<std::size_t>(by)]);
    auto [it, inserted] = groups.try_emplace(key);
    AreaRow& group = it->second;
    if (inserted) {
      group.key = key;
      group.count = 0;
    }
    ++group.count;
    group.planar_m2 += row.planar_m2;
    group.geodesic_m2 += row.geodesic_m2;
  }
  for (auto& [key, row] : groups) summary.rows.push_back(std::move(row));
  return summary;
}

}  // namespace jigu
