#include "server/site_params.hpp"

#include "jigu/error.hpp"
#include "jigu/pnu.hpp"
#include "server/params.hpp"

namespace jigu::server {

Site resolve_site(const ServerData& data, const SiteParams& p) {
  if (p.pnu && (p.lon || p.lat)) {
    throw bad_parameter("pnu", "give either pnu or lon and lat, not both");
  }
  if (p.pnu) {
    std::string pnu;
    try {
      pnu = parse_pnu(*p.pnu).text;
    } catch (const Error& e) {
      throw bad_parameter("pnu", e.what());
    }
    try {
      return data.locator.parcel_site(pnu);
    } catch (const InputError& e) {
      throw ApiError(404, "unknown-pnu", "pnu", e.what());
    }
  }
  if (!p.lon || !p.lat) {
    throw bad_parameter(p.lon ? "lat" : "lon",
                        "missing; give pnu=<19 digits> or lon=<degrees>&lat=<degrees> (WGS 84)");
  }
  const double lon = parse_number(*p.lon, "lon");
  const double lat = parse_number(*p.lat, "lat");
  if (lon < -180 || lon > 180) throw bad_parameter("lon", *p.lon + " is outside [-180, 180]");
  if (lat < -90 || lat > 90) throw bad_parameter("lat", *p.lat + " is outside [-90, 90]");
  try {
    return point_site(*p.lon + "," + *p.lat, "EPSG:4326", data.workspace.crs);
  } catch (const Error& e) {
    throw bad_parameter("lon", e.what());
  }
}

}  // namespace jigu::server
