// jigu's version and the versions of the libraries it runs on.
#pragma once

#include <string>

namespace jigu {

struct Versions {
  std::string jigu;
  std::string gdal;
  std::string geos;
  std::string proj;
  std::string epsg;  ///< the EPSG database version in PROJ's proj.db
};

Versions versions();

}  // namespace jigu
