// Clipping geometries to a rectangle (a map frame), through GEOS.
#pragma once

#include "jigu/geometry.hpp"

namespace jigu::analysis {

/// The polygonal part of `geometry` inside `box` (GEOS ClipByRect), rings oriented as jigu keeps
/// them; empty when nothing is inside. Non-polygonal geometries come back empty.
Geometry clip_to_box(const Geometry& geometry, const Box& box);

}  // namespace jigu::analysis
