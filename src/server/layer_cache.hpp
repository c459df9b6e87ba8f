// One workspace layer as RFC 7946 GeoJSON, written once by GDAL's GeoJSON writer (the same path
// as `jigu export`), cut into features and indexed by their lon/lat envelopes, so a bbox request
// is an R-tree query and a string concatenation.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jigu/feature_set.hpp"
#include "server/params.hpp"

namespace jigu::server {

class LayerCache {
 public:
  /// Writes `set` (in `working_crs`) as GeoJSON into `tmp_dir`, checks it with jigu's RFC 7946
  /// check, reads it back and indexes it. Throws BackendError when the written file fails.
  LayerCache(const FeatureSet& set, const std::string& name, const std::string& working_crs,
             const std::filesystem::path& tmp_dir);
  ~LayerCache();
  LayerCache(LayerCache&&) noexcept;
  LayerCache& operator=(LayerCache&&) noexcept;

  /// The features whose geometry intersects `box` (all of them without a box), in layer order.
  /// More than `limit` is a 400 naming `bbox`; past `deadline` a 503.
  std::vector<std::size_t> query(const std::optional<LonLatBox>& box, std::size_t limit,
                                 Clock::time_point deadline) const;

  /// A FeatureCollection of the given features.
  std::string collection(const std::vector<std::size_t>& features) const;

  std::size_t size() const;
  /// The layer's extent in lon/lat; all zero when empty.
  LonLatBox extent() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace jigu::server
