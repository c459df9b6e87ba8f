#include "jigu/version.hpp"

#include <gdal.h>
#include <geos_c.h>
#include <proj.h>

#include "handles/proj_handles.hpp"
#include "jigu/build_version.hpp"

namespace jigu {

Versions versions() {
  Versions v;
  v.jigu = JIGU_VERSION_STRING;
  v.gdal = GDALVersionInfo("RELEASE_NAME");
  v.geos = GEOSversion();
  v.proj = proj_info().version;
  const char* epsg = proj_context_get_database_metadata(handles::proj().get(), "EPSG.VERSION");
  v.epsg = epsg ? epsg : "unknown";
  return v;
}

}  // namespace jigu
