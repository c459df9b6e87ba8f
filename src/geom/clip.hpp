// Clipping geometries to a rectangle (a map frame), through GEOS's overlay.
#pragma once

#include "jigu/geometry.hpp"

namespace jigu::geom {

/// The polygonal part of `geometry` inside `box` (GEOS Intersection with the box: valid polygons
/// for valid input, parts that only touch the box dropped), rings oriented as jigu keeps them;
/// empty when nothing is inside. Non-polygonal geometries come back empty.
Geometry clip_to_box(const Geometry& geometry, const Box& box);

}  // namespace jigu::geom
