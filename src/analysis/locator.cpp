#include <algorithm>
#include <map>
#include <mutex>
#include <unordered_map>

#include "analysis/polygon_index.hpp"
#include "analysis/site_parts.hpp"
#include "jigu/area.hpp"
#include "jigu/error.hpp"
#include "jigu/locate.hpp"
#include "jigu/pnu.hpp"
#include "jigu/workspace.hpp"

namespace jigu {

void LocateOptions::validate() const {
  if (!(inside_share > 0.0 && inside_share <= 1.0)) {
    throw UsageError("locate: the inside share must be in (0, 1]");
  }
}

struct Locator::Impl {
  Impl(FeatureSet d, FeatureSet z, FeatureSet p, LocateOptions o)
      : districts(std::move(d)),
        zoning(analysis::flatten_generic_zones(std::move(z))),
        parcels(std::move(p)),
        options(o),
        district_index(districts),
        zone_index(zoning),
        parcel_index(parcels) {
    for (std::size_t i = 0; i < parcels.features.size(); ++i) {
      pnu_index.emplace(parcels.features[i].id, i);
    }
  }

  FeatureSet districts;
  FeatureSet zoning;
  FeatureSet parcels;
  LocateOptions options;
  analysis::PolygonIndex district_index;
  analysis::PolygonIndex zone_index;
  analysis::PolygonIndex parcel_index;
  std::unordered_map<std::string, std::size_t> pnu_index;
  // GEOS prepared geometries build their internal indexes lazily: one caller at a time.
  mutable std::mutex mutex;
  mutable std::vector<std::size_t> scratch;

  std::string status(double share) const {
    if (share >= options.inside_share) return "inside";
    return share > 0.0 ? "partly inside" : "outside";
  }

  void locate_point(const Point& p, LocateResult& r) const;
  void locate_area(LocateResult& r) const;
};

void Locator::Impl::locate_point(const Point& p, LocateResult& r) const {
  const auto zones = analysis::covering(zone_index, p, scratch);
  if (!zones.empty()) {
    const Feature& z = zoning.features[zones.front()];
    r.zones.push_back(ZoneHit{z.code, z.name, 0.0, 1.0});
    if (zones.size() > 1) {
      std::string others;
      for (std::size_t k = 1; k < zones.size(); ++k) {
        others += (k > 1 ? ", " : "") + zoning.features[zones[k]].code;
      }
      r.notes.push_back("the point lies on a zone boundary; it also touches " + others +
                        "; the zone listed is the first in the zoning layer's order");
    }
  } else {
    r.zones.push_back(ZoneHit{"", "(no zoning)", 0.0, 1.0});
  }
  for (std::size_t i : analysis::covering(district_index, p, scratch)) {
    const Feature& d = districts.features[i];
    r.districts.push_back(DistrictHit{d.id, d.name, 0.0, 1.0, "inside"});
  }
  const auto under = analysis::covering(parcel_index, p, scratch);
  if (!under.empty()) {
    r.parcel = parcels.features[under.front()].id;
    if (under.size() > 1) {
      r.notes.push_back(
          "the point lies on a parcel boundary; the parcel given is the first in "
          "the parcel layer's order");
    }
  }
}

void Locator::Impl::locate_area(LocateResult& r) const {
  const analysis::PreparedSite site = analysis::prepare_site(r.site.geometry);
  r.site_area_m2 = site.area_m2;
  if (site.area_m2 <= 0.0) throw InputError(r.site.label + ": the site has no area");
  std::map<std::string, ZoneHit> by_code;
  double covered = 0.0;
  for (const auto& part : analysis::site_parts(zone_index, site, true, scratch)) {
    const Feature& z = zoning.features[part.index];
    ZoneHit& hit = by_code[z.code];
    hit.code = z.code;
    hit.name = z.name;
    hit.area_m2 += part.area_m2;
    covered += part.area_m2;
  }
  for (auto& [code, hit] : by_code) {
    hit.share = hit.area_m2 / site.area_m2;
    r.zones.push_back(hit);
  }
  const double uncovered = site.area_m2 - covered;
  if (uncovered > 1e-9 * site.area_m2) {
    r.zones.push_back(ZoneHit{"", "(no zoning)", uncovered, uncovered / site.area_m2});
  } else if (uncovered < -1e-6 * site.area_m2) {
    r.notes.push_back("zoning polygons overlap under this site; zone shares add up to more than 1");
  }
  for (const auto& part : analysis::site_parts(district_index, site, false, scratch)) {
    const Feature& d = districts.features[part.index];
    const double share = std::min(1.0, part.area_m2 / site.area_m2);
    r.districts.push_back(DistrictHit{d.id, d.name, part.area_m2, share, status(share)});
  }
}

Locator::Locator(FeatureSet districts, FeatureSet zoning, FeatureSet parcels,
                 LocateOptions options) {
  options.validate();
  m_impl =
      std::make_unique<Impl>(std::move(districts), std::move(zoning), std::move(parcels), options);
}

Locator::~Locator() = default;
Locator::Locator(Locator&&) noexcept = default;
Locator& Locator::operator=(Locator&&) noexcept = default;

const FeatureSet& Locator::districts() const {
  return m_impl->districts;
}
const FeatureSet& Locator::zoning() const {
  return m_impl->zoning;
}
const FeatureSet& Locator::parcels() const {
  return m_impl->parcels;
}

const Feature& Locator::parcel(const std::string& pnu) const {
  const Pnu parsed = parse_pnu(pnu);
  auto it = m_impl->pnu_index.find(parsed.text);
  if (it == m_impl->pnu_index.end()) {
    throw InputError("PNU " + parsed.text + " (" + parsed.bjd_code + " " + parsed.jibun() +
                     "): no such parcel in '" + m_impl->parcels.info.source + "'");
  }
  return m_impl->parcels.features[it->second];
}

Site Locator::parcel_site(const std::string& pnu) const {
  const Feature& f = parcel(pnu);
  return Site{Site::Kind::Parcel, "parcel " + f.id, f.id, f.geometry};
}

LocateResult Locator::locate(const Site& site) const {
  std::lock_guard<std::mutex> lock(m_impl->mutex);
  LocateResult r;
  r.site = site;
  if (site.geometry.kind == GeometryKind::Points) {
    if (site.geometry.points.size() != 1) {
      throw InputError(site.label + ": give one point");
    }
    m_impl->locate_point(site.geometry.points.front(), r);
  } else if (site.geometry.kind == GeometryKind::Polygons) {
    m_impl->locate_area(r);
    if (site.kind == Site::Kind::Parcel) r.parcel = site.parcel;
  } else {
    throw InputError(site.label + ": the site is empty");
  }
  std::sort(r.districts.begin(), r.districts.end(), [](const DistrictHit& a, const DistrictHit& b) {
    return a.share != b.share ? a.share > b.share : a.id < b.id;
  });
  std::stable_sort(r.zones.begin(), r.zones.end(), [](const ZoneHit& a, const ZoneHit& b) {
    if (a.code.empty() != b.code.empty()) return b.code.empty();  // "(no zoning)" last
    return a.area_m2 != b.area_m2 ? a.area_m2 > b.area_m2 : a.code < b.code;
  });
  return r;
}

Locator open_locator(const Workspace& workspace, const ReadOptions& base,
                     std::vector<Problem>* problems) {
  ReadOptions options = base;
  options.working_crs = workspace.crs;
  auto read = [&](const std::string& role) {
    const LayerRef& ref = workspace.layer(role);
    FeatureSet set = read_layer(ref.source, ref.read_options(options));
    if (problems != nullptr) {
      problems->insert(problems->end(), set.problems.begin(), set.problems.end());
    }
    return set;
  };
  FeatureSet districts = read("districts");
  FeatureSet zoning = read("zoning");
  // A workspace may have no parcel layer; locate then answers without parcels.
  FeatureSet parcels = workspace.layers.count("parcels") ? read("parcels") : FeatureSet{};
  return Locator(std::move(districts), std::move(zoning), std::move(parcels));
}

}  // namespace jigu
