#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "analysis/site_answer.hpp"
#include "analysis/site_parts.hpp"
#include "geom/polygon_index.hpp"
#include "jigu/area.hpp"
#include "jigu/error.hpp"
#include "jigu/locate.hpp"
#include "jigu/pnu.hpp"

namespace jigu {

void LocateOptions::validate() const {
  if (!(inside_share > 0.0 && inside_share <= 1.0)) {
    throw UsageError("locate: the inside share must be in (0, 1]");
  }
}

struct Locator::Impl {
  using Shared = std::shared_ptr<const FeatureSet>;
  Impl(Shared d, Shared z, Shared p, LocateOptions o)
      : districts(std::move(d)),
        zoning(analysis::has_generic_zones(*z)
                   ? std::make_shared<const FeatureSet>(analysis::flatten_generic_zones(*z))
                   : std::move(z)),
        parcels(std::move(p)),
        options(o),
        district_index(*districts),
        zone_index(*zoning),
        parcel_index(*parcels) {
    for (std::size_t i = 0; i < parcels->features.size(); ++i) {
      pnu_index.emplace(parcels->features[i].id, i);
    }
  }

  Shared districts;
  Shared zoning;  ///< generic zones cut away where a specific zone lies inside them
  Shared parcels;
  LocateOptions options;
  geom::PolygonIndex district_index;
  geom::PolygonIndex zone_index;
  geom::PolygonIndex parcel_index;
  std::unordered_map<std::string, std::size_t> pnu_index;
  // GEOS prepared geometries build their internal indexes lazily: one caller at a time.
  mutable std::mutex mutex;
  mutable analysis::SiteScratch scratch;

  analysis::SiteIndexes indexes() const { return {zone_index, district_index, parcel_index}; }
};

Locator::Locator(FeatureSet districts, FeatureSet zoning, FeatureSet parcels, LocateOptions options)
    : Locator(std::make_shared<const FeatureSet>(std::move(districts)),
              std::make_shared<const FeatureSet>(std::move(zoning)),
              std::make_shared<const FeatureSet>(std::move(parcels)), options) {}

Locator::Locator(std::shared_ptr<const FeatureSet> districts,
                 std::shared_ptr<const FeatureSet> zoning,
                 std::shared_ptr<const FeatureSet> parcels, LocateOptions options) {
  options.validate();
  m_impl =
      std::make_unique<Impl>(std::move(districts), std::move(zoning), std::move(parcels), options);
}

Locator::~Locator() = default;
Locator::Locator(Locator&&) noexcept = default;
Locator& Locator::operator=(Locator&&) noexcept = default;

const FeatureSet& Locator::districts() const {
  return *m_impl->districts;
}
const FeatureSet& Locator::zoning() const {
  return *m_impl->zoning;
}
const FeatureSet& Locator::parcels() const {
  return *m_impl->parcels;
}

InputError no_such_parcel(const Pnu& pnu, const std::string& source) {
  return InputError("PNU " + pnu.text + " (" + pnu.bjd_code + " " + pnu.jibun() +
                    "): no such parcel in '" + source + "'");
}

Site parcel_site(const Feature& parcel) {
  return Site{Site::Kind::Parcel, "parcel " + parcel.id, parcel.id, parcel.geometry};
}

const Feature& Locator::parcel(const std::string& pnu) const {
  const Pnu parsed = parse_pnu(pnu);
  auto it = m_impl->pnu_index.find(parsed.text);
  if (it == m_impl->pnu_index.end()) throw no_such_parcel(parsed, m_impl->parcels->info.source);
  return m_impl->parcels->features[it->second];
}

Site Locator::parcel_site(const std::string& pnu) const {
  return jigu::parcel_site(parcel(pnu));
}

LocateResult Locator::locate(const Site& site) const {
  std::lock_guard<std::mutex> lock(m_impl->mutex);
  Impl& m = *m_impl;
  analysis::SiteAnswer a;
  if (site.geometry.kind == GeometryKind::Points) {
    if (site.geometry.points.size() != 1) {
      throw InputError(site.label + ": give one point");
    }
    a = analysis::answer_point(m.indexes(), site.geometry.points.front(), m.scratch);
  } else if (site.geometry.kind == GeometryKind::Polygons) {
    a = analysis::answer_area(m.indexes(), site.geometry, m.options.inside_share, m.scratch);
    if (a.area_m2 <= 0.0) throw InputError(site.label + ": the site has no area");
    if (site.kind == Site::Kind::Parcel) a.parcel = site.parcel;
  } else {
    throw InputError(site.label + ": the site is empty");
  }
  LocateResult r;
  r.site = site;
  r.site_area_m2 = a.area_m2;
  r.districts = std::move(a.districts);
  r.zones = std::move(a.zones);
  r.parcel = std::move(a.parcel);
  r.notes = std::move(a.notes);
  return r;
}

}  // namespace jigu
