#include "jigu/session.hpp"

#include <utility>

#include "jigu/pnu.hpp"

namespace jigu {

Session::Session(Workspace workspace, ReadOptions base)
    : m_workspace(std::move(workspace)), m_base(std::move(base)) {
  m_base.working_crs = m_workspace.crs;
}

Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

bool Session::has_layer(const std::string& role) const {
  return m_workspace.layers.count(role) > 0;
}

ReadOptions Session::read_options(const std::string& role) const {
  return m_workspace.layer(role).read_options(m_base);
}

std::shared_ptr<const FeatureSet> Session::layer(const std::string& role) {
  auto it = m_layers.find(role);
  if (it != m_layers.end()) return it->second;
  const LayerRef& ref = m_workspace.layer(role);
  auto set = std::make_shared<const FeatureSet>(read_layer(ref.source, ref.read_options(m_base)));
  m_problems.insert(m_problems.end(), set->problems.begin(), set->problems.end());
  m_layers.emplace(role, set);
  return set;
}

LayerReader Session::stream(const std::string& role) const {
  const LayerRef& ref = m_workspace.layer(role);
  return LayerReader(ref.source, ref.read_options(m_base));
}

Site Session::parcel_site(const std::string& pnu) {
  const Pnu parsed = parse_pnu(pnu);
  if (m_with_parcels) return m_with_parcels->parcel_site(parsed.text);
  if (m_layers.count("parcels")) return locator(LocatorLayers::All).parcel_site(parsed.text);
  const LayerRef& ref = m_workspace.layer("parcels");
  ReadOptions options = ref.read_options(m_base);
  if (options.id_field.empty()) return locator(LocatorLayers::All).parcel_site(parsed.text);
  options.only_id = parsed.text;
  LayerReader reader(ref.source, options);
  Feature parcel;
  const bool found = reader.next(parcel);
  m_problems.insert(m_problems.end(), reader.problems().begin(), reader.problems().end());
  if (!found) throw no_such_parcel(parsed, ref.source);
  return jigu::parcel_site(parcel);
}

const Locator& Session::locator(LocatorLayers layers) {
  // A workspace may have no parcel layer; locate then answers without parcels.
  const bool parcels = layers == LocatorLayers::All && has_layer("parcels");
  std::optional<Locator>& slot = parcels ? m_with_parcels : m_without_parcels;
  if (!slot) {
    auto districts = layer("districts");
    auto zoning = layer("zoning");
    auto parcel_set = parcels ? layer("parcels") : std::make_shared<const FeatureSet>();
    slot.emplace(std::move(districts), std::move(zoning), std::move(parcel_set));
  }
  return *slot;
}

}  // namespace jigu
