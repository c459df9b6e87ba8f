// GEOS's floating-point orientation filter, so that jigu's own planar predicates give exactly
// GEOS's answer whenever doubles are enough, and hand the rest to GEOS.
#pragma once

#include <cmath>

#include "jigu/geometry.hpp"

namespace jigu::geom {

/// Returned by `orientation_filter` when doubles cannot decide.
inline constexpr int kOrientationUnsure = 2;

/// The orientation of q relative to the line p1 -> p2 (1 left, -1 right, 0 collinear) when the
/// double computation certifies it, else kOrientationUnsure. The same operations as GEOS's
/// CGAlgorithmsDD::orientationIndexFilter: when it certifies a sign, GEOS uses that sign too.
inline int orientation_filter(const Point& p1, const Point& p2, const Point& q) {
  const double detleft = (p1.x - q.x) * (p2.y - q.y);
  const double detright = (p1.y - q.y) * (p2.x - q.x);
  const double det = detleft - detright;
  const auto sign = [](double v) { return v > 0.0 ? 1 : (v < 0.0 ? -1 : 0); };
  double detsum = 0.0;
  if (detleft > 0.0) {
    if (detright <= 0.0) return sign(det);
    detsum = detleft + detright;
  } else if (detleft < 0.0) {
    if (detright >= 0.0) return sign(det);
    detsum = -detleft - detright;
  } else {
    return sign(det);
  }
  const double errbound = 1e-15 * detsum;
  if (det >= errbound || -det >= errbound) return sign(det);
  return kOrientationUnsure;
}

/// True when a product in `orientation_filter` may have lost precision to underflow: nonzero
/// factors whose product is below 1e-290, where doubles keep fewer than 53 bits. There neither
/// the filter nor GEOS's orientation index is exact (a point 5e-324 left of a nanometre edge at
/// x = 0 reads as on it), and GEOS's own predicates, which test envelopes and rectangles first,
/// may answer otherwise: only they can say what GEOS would. Such products occur only near zero.
inline bool orientation_underflows(const Point& p1, const Point& p2, const Point& q) {
  constexpr double kSmallestExact = 1e-290;
  const auto underflows = [](double u, double v) {
    return u != 0.0 && v != 0.0 && std::abs(u * v) < kSmallestExact;
  };
  return underflows(p1.x - q.x, p2.y - q.y) || underflows(p1.y - q.y, p2.x - q.x);
}

/// GEOS's own orientation index (double-double arithmetic), for what the filter leaves unsure;
/// kOrientationUnsure only if GEOS fails.
int geos_orientation(const Point& p1, const Point& p2, const Point& q);

/// The orientation of q relative to the line p1 -> p2 (1 left, -1 right, 0 collinear), exactly as
/// GEOS's Orientation::index decides it: the filter, then GEOS when the filter is unsure.
inline int orientation(const Point& p1, const Point& p2, const Point& q) {
  const int o = orientation_filter(p1, p2, q);
  return o != kOrientationUnsure ? o : geos_orientation(p1, p2, q);
}

}  // namespace jigu::geom
