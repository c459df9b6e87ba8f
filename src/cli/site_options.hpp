// The flags that name a site (--pnu, --point, --wkt, --geojson, --crs), shared by locate and
// check, and turning them into a Site.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "jigu/locate.hpp"
#include "jigu/session.hpp"

namespace jigu::cli {

struct SiteFlags {
  std::string pnu;
  std::string point;
  std::string wkt;
  std::string geojson;  ///< the GeoJSON text, or @FILE to read it from a file
  std::string crs = "EPSG:4326";
};

/// Adds the four mutually exclusive site flags and --crs.
void add_site_flags(CLI::App& app, SiteFlags& flags);

/// The layers a locator needs for the site the flags name: the parcels only to find the one
/// under a point (a parcel named by PNU is read alone, see Session::parcel_site).
LocatorLayers site_layers(const SiteFlags& flags);

/// The site the flags name, in the session's working CRS. Throws UsageError when none or
/// several are given, InputError/CrsError for bad values.
Site resolve_site(const SiteFlags& flags, Session& session);

}  // namespace jigu::cli
