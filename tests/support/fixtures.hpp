// Small input datasets built in code: shapefiles with chosen raw bytes, .cpg and .prj files.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "test_paths.hpp"

namespace jigu::test {

/// A polygon shapefile to write; string fields only, values stored as the raw bytes given.
struct ShapefileSpec {
  std::vector<std::string> fields;
  struct Row {
    std::vector<std::string> values;  ///< raw bytes, e.g. CP949-encoded Hangul
    std::string wkt;                  ///< geometry, in the CRS of `prj`
  };
  std::vector<Row> rows;
  std::optional<std::string> prj_crs = "EPSG:5186";  ///< nothing: no .prj
  std::optional<std::string> cpg;                    ///< the .cpg text; nothing: no .cpg
  unsigned char ldid = 0;                            ///< the DBF language driver id byte
};

/// Writes `<dir>/<name>.shp` (+ .shx, .dbf, optional .prj/.cpg); returns the .shp path.
std::string write_shapefile(const std::filesystem::path& dir, const std::string& name,
                            const ShapefileSpec& spec);

/// A GeoPackage layer for GDAL's own GeoPackage driver to write, in EPSG:5186.
struct GpkgSpec {
  struct Column {
    std::string name;
    int ogr_type;  ///< an OGRFieldType, e.g. OFTInteger64
  };
  std::vector<Column> fields;
  struct Row {
    std::vector<std::optional<std::string>> values;  ///< as text, GDAL converts; none: NULL
    std::string wkt;                                 ///< "" for no geometry
  };
  std::vector<Row> rows;
};

/// Writes `spec` as layer `layer` of a new GeoPackage at `path`, with GDAL; returns the path.
std::string write_gpkg(const std::filesystem::path& path, const std::string& layer,
                       const GpkgSpec& spec);

/// Writes a text file; returns its path.
std::string write_text(const std::filesystem::path& path, const std::string& text);

/// `text` with the first `from` replaced by `to`; a test failure when `from` is not in it.
std::string replaced(std::string text, const std::string& from, const std::string& to);

/// Copies every file of a shapefile (`<stem>.*`) into `dir`; returns the new .shp path.
std::string copy_shapefile(const std::string& shp, const std::filesystem::path& dir);

}  // namespace jigu::test
