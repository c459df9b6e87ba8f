#include "cli/site_options.hpp"

#include <fstream>
#include <sstream>

#include "jigu/error.hpp"

namespace jigu::cli {

void add_site_flags(CLI::App& app, SiteFlags& flags) {
  auto* pnu =
      app.add_option("--pnu", flags.pnu, "Parcel by its 19-digit PNU, from the parcels layer");
  auto* point = app.add_option("--point", flags.point, "A point X,Y (default lon,lat; see --crs)");
  auto* wkt = app.add_option("--wkt", flags.wkt, "A site geometry as WKT (see --crs)");
  auto* geojson = app.add_option("--geojson", flags.geojson,
                                 "A site as a GeoJSON geometry or Feature, or @FILE");
  pnu->excludes(point)->excludes(wkt)->excludes(geojson);
  point->excludes(wkt)->excludes(geojson);
  wkt->excludes(geojson);
  app.add_option("--crs", flags.crs, "CRS of --point/--wkt/--geojson coordinates")
      ->capture_default_str();
}

LocatorLayers site_layers(const SiteFlags& flags) {
  return flags.point.empty() ? LocatorLayers::WithoutParcels : LocatorLayers::All;
}

Site resolve_site(const SiteFlags& flags, Session& session) {
  const std::string& working_crs = session.workspace().crs;
  if (!flags.pnu.empty()) return session.parcel_site(flags.pnu);
  if (!flags.point.empty()) return point_site(flags.point, flags.crs, working_crs, "--point");
  if (!flags.wkt.empty()) return wkt_site(flags.wkt, flags.crs, working_crs, "--wkt");
  if (!flags.geojson.empty()) {
    std::string text = flags.geojson;
    if (text.front() == '@') {
      std::ifstream in(text.substr(1), std::ios::binary);
      if (!in) throw InputError("'" + text.substr(1) + "': cannot read the GeoJSON file");
      std::ostringstream s;
      s << in.rdbuf();
      text = s.str();
    }
    return geojson_site(text, flags.crs, working_crs, "--geojson");
  }
  throw UsageError("name a site with --pnu, --point, --wkt or --geojson");
}

}  // namespace jigu::cli
