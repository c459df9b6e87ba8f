// Validity of polygon geometries (GEOS isValidDetail) and their repair (GEOS MakeValid).
#pragma once

#include <optional>
#include <string>

#include "jigu/geometry.hpp"

namespace jigu::geom {

struct Validity {
  bool valid = true;
  std::string reason;             ///< GEOS's reason, e.g. "Self-intersection"
  std::optional<Point> location;  ///< where GEOS found it
};

/// Checks a geometry: non-finite coordinates, unclosed or too-short rings, then GEOS validity.
Validity check_validity(const Geometry& geometry);

/// True when every coordinate is finite (no NaN or infinity).
bool has_finite_coordinates(const Geometry& geometry);

/// The largest |x| or |y| jigu accepts (1e9: a million kilometres in metres). Beyond it no
/// projected CRS places a point on Earth, and areas computed from it overflow to infinity.
inline constexpr double kMaxCoordinate = 1e9;

/// Why the coordinates of a geometry are unusable: a NaN or infinity, or a value beyond
/// ±kMaxCoordinate; nothing when every coordinate is usable.
std::optional<std::string> coordinate_problem(const Geometry& geometry);

/// Repairs an invalid polygonal geometry with GEOS MakeValid (the "structure" method: rings
/// are read as area boundaries, collapsed parts dropped) and returns its polygonal part; the
/// result may be empty. Unclosed rings are closed first.
Geometry repair(const Geometry& geometry);

/// Orients rings the way jigu keeps them: outer rings clockwise, holes counter-clockwise.
void normalize_orientation(Geometry& geometry);

namespace detail {
/// The fast path of `check_validity` for a one-ring polygon: true only when doubles prove the
/// ring simple, so that GEOS would call it valid. `r` must be closed with at least four points.
bool certified_simple(const Ring& r);
}  // namespace detail

}  // namespace jigu::geom
