// SVG maps of the area report: a district's outline over its zoning (coloured with the
// conventional Korean zoning palette) and parcel outlines, with a legend, a scale bar, a north
// arrow and the district's name; and an overview of all districts. Drawn in the working CRS
// (metres, y up), flipped to SVG's y down, with the world's aspect ratio.
#pragma once

#include <string>
#include <vector>

#include "jigu/area_report.hpp"
#include "jigu/geometry.hpp"
#include "session/zone_palette.hpp"

namespace jigu::report {

/// Maps world coordinates (metres, y up) to SVG pixels (y down) in a frame of a given width.
struct MapFrame {
  Box world;              ///< the part of the world shown
  double width_px = 0.0;  ///< of the map area
  double height_px = 0.0;
  double px_per_m = 0.0;
  double left_px = 0.0;  ///< where the map area starts in the SVG
  double top_px = 0.0;

  Point to_px(const Point& p) const {
    return {left_px + (p.x - world.min.x) * px_per_m, top_px + (world.max.y - p.y) * px_per_m};
  }
};

/// A frame showing `box` grown by `margin` (a fraction of its larger side) on every side, at
/// `width_px`; the height follows from the aspect ratio.
MapFrame fit_frame(const Box& box, double width_px, double margin);

/// A round scale-bar length (1, 2 or 5 × 10^n m) of at most `max_m`.
double scale_bar_length_m(double max_m);

/// The SVG path data ("M x y L … Z") of the polygons of `geometry` in `frame`, one decimal.
std::string svg_path(const Geometry& geometry, const MapFrame& frame);

/// The map of district `index` of `report`: one <svg> element.
std::string district_map_svg(const AreaReport& report, std::size_t index);

/// The overview map of all districts: one <svg> element.
std::string overview_map_svg(const AreaReport& report);

}  // namespace jigu::report
