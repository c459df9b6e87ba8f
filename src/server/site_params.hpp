// The site of a locate or check request: a parcel by PNU, or a lon/lat point.
#pragma once

#include <optional>
#include <string>

#include "jigu/locate.hpp"
#include "server/server_data.hpp"

namespace jigu::server {

struct SiteParams {
  std::optional<std::string> pnu;
  std::optional<std::string> lon;  ///< decimal text, as given (it goes into the site's label)
  std::optional<std::string> lat;
};

/// The site, in the workspace's working CRS: 400 naming the parameter for a malformed PNU, a bad
/// or out-of-range number, both or neither of pnu and lon/lat; 404 for a PNU not in the parcels.
Site resolve_site(const ServerData& data, const SiteParams& params);

}  // namespace jigu::server
