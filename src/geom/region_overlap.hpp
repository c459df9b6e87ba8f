// The area two polygonal regions share, from their boundaries alone (Green's theorem), without
// building their intersection: the area of A ∩ B is the integral of x dy along the pieces of A's
// boundary inside B, the pieces of B's boundary inside A, and the stretches both boundaries
// share running the same way. Every side test is decided as GEOS decides it (its filter, then its
// double-double arithmetic).
//
// It answers only what it can prove, and leaves the rest "undecided" for the caller to ask GEOS:
// split points are either vertices (exact) or crossings of two edges, each with a bound on its
// rounding error; a piece of boundary is placed by its midpoint only when that midpoint lies
// farther from the other boundary than those bounds (so that the true piece is on the same
// side); splits on one edge closer together than the bounds, and an area outside
// [0, min(area A, area B)], leave the answer undecided. Near-coincident edges, vertices within
// rounding of the other's edges and crossings at grazing angles thus go to GEOS.
#pragma once

#include <cstdint>
#include <vector>

#include "geom/edge_index.hpp"

namespace jigu::geom {

struct RegionOverlap {
  bool decided = false;  ///< false: ask GEOS
  bool covers = false;   ///< B covers A (every point of A is in B's closure)
  double area = 0.0;     ///< of A ∩ B; A's own area when B covers A
};

/// Reusable memory for `region_overlap`, one per thread.
struct OverlapScratch {
  struct Split {
    std::uint32_t edge;
    double key;  ///< position along the edge (a dot product with its direction)
    Point at;
    bool rounded;  ///< a computed crossing, not a vertex: within `crossing_error` of the truth
  };
  struct Shared {  ///< a stretch of an edge lying on the other region's boundary
    std::uint32_t edge;
    double from;
    double to;
    bool same_way;
  };
  std::vector<Split> a_splits, b_splits;
  std::vector<Shared> a_shared, b_shared;
  std::vector<char> a_contact, b_contact;  ///< per ring: it meets the other boundary
  std::vector<std::uint32_t> b_near;       ///< B's edges that reach A's box, ascending
  double crossing_error = 0.0;             ///< the largest bound of a computed crossing, metres
};

/// The overlap of region A (`a`, whose area is `a_area`) with region B (`b`, area `b_area`).
/// Both regions must be valid, with clockwise outer rings and counter-clockwise holes (as jigu
/// keeps them).
RegionOverlap region_overlap(const EdgeIndex& a, double a_area, const EdgeIndex& b, double b_area,
                             OverlapScratch& scratch);

}  // namespace jigu::geom
