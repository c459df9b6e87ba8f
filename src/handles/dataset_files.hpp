// The files that make up a vector dataset, without GDAL types in the interface.
#pragma once

#include <string>
#include <vector>

namespace jigu::handles {

/// The files GDAL reads for the vector dataset at `source` (e.g. a shapefile's .shp, .shx, .dbf,
/// .prj and .cpg), as GDAL names them. Throws InputError naming `source` when it cannot be
/// opened.
std::vector<std::string> source_files(const std::string& source);

}  // namespace jigu::handles
