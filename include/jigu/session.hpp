// A workspace opened once: each layer read on first use and shared by whatever asks for it next,
// so a command pays only for the layers it uses (`overlay` never reads the parcels).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jigu/feature_set.hpp"
#include "jigu/layer_reader.hpp"
#include "jigu/locate.hpp"
#include "jigu/workspace.hpp"

namespace jigu {

/// Not thread-safe: one session per thread (a Locator it hands out may serve several threads).
class Session {
 public:
  /// `base`: the read policies (invalid geometries, encodings); the working CRS is always the
  /// workspace's.
  explicit Session(Workspace workspace, ReadOptions base = {});
  ~Session();
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;

  const Workspace& workspace() const { return m_workspace; }

  /// Whether the workspace has a layer with this role.
  bool has_layer(const std::string& role) const;

  /// The options the layer with this role is read with (the base, the working CRS and the
  /// layer's own overrides). Throws UsageError naming the workspace when it has no such layer.
  ReadOptions read_options(const std::string& role) const;

  /// The layer with this role, read on first use and kept. Throws like `read_layer`.
  std::shared_ptr<const FeatureSet> layer(const std::string& role);

  /// A streaming reader over the layer with this role, for a verb that visits each feature once
  /// (classify); nothing is kept. Its problems are the reader's, not the session's.
  LayerReader stream(const std::string& role) const;

  /// Indexes over the districts, the zoning and (unless `layers` says not, and when the
  /// workspace has them) the parcels, built on first use from the shared layers.
  const Locator& locator(LocatorLayers layers = LocatorLayers::All);

  /// The parcel with this PNU as a site. Unless the parcel layer is read already, only that
  /// parcel is read, through the layer's filter. Throws InputError when the PNU is malformed
  /// or no parcel has it, UsageError when the workspace has no parcel layer.
  Site parcel_site(const std::string& pnu);

  /// Problems met reading the layers so far, in reading order.
  const std::vector<Problem>& problems() const { return m_problems; }

 private:
  Workspace m_workspace;
  ReadOptions m_base;
  std::map<std::string, std::shared_ptr<const FeatureSet>> m_layers;
  std::optional<Locator> m_with_parcels;
  std::optional<Locator> m_without_parcels;
  std::vector<Problem> m_problems;
};

}  // namespace jigu
