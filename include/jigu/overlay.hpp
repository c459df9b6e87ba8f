// Each district's area broken down by zoning: the answer to "what zoning, in what proportions".
#pragma once

#include <string>
#include <vector>

#include "jigu/locate.hpp"

namespace jigu {

/// One zone of one district. The part no zoning covers is its own row with an empty code.
struct OverlayRow {
  std::string district_id;
  std::string district_name;
  double district_area_m2 = 0.0;  ///< planar, working CRS
  std::string code;               ///< "" for the uncovered part
  std::string zone_name;
  double area_m2 = 0.0;
  double share = 0.0;  ///< of the district; a district's shares add up to 1
  Geometry geometry;   ///< the piece itself, when asked for (OverlayOptions::with_geometry)
};

struct OverlayOptions {
  bool with_geometry = false;  ///< also compute each piece's geometry (for export)
};

/// The zoning breakdown of every district of `locator`, districts in layer order, zones by area
/// (largest first), the uncovered part last. Where generic zoning polygons overlap specific
/// ones, the specific zone wins.
std::vector<OverlayRow> overlay(const Locator& locator, const OverlayOptions& options = {});

}  // namespace jigu
