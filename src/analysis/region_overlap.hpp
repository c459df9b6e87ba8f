// The area two polygonal regions share, from their boundaries alone (Green's theorem), without
// building their intersection: the area of A ∩ B is the integral of x dy along the pieces of A's
// boundary inside B, the pieces of B's boundary inside A, and the stretches both boundaries
// share running the same way. Every side test is decided as GEOS decides it (its filter, then its
// double-double arithmetic). A piece of boundary whose midpoint lands on the other boundary
// leaves the answer "undecided", and the caller asks GEOS instead.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/edge_index.hpp"

namespace jigu::analysis {

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
};

/// The overlap of region A (`a`, whose area is `a_area`) with region B (`b`). Both regions must
/// be valid, with clockwise outer rings and counter-clockwise holes (as jigu keeps them).
RegionOverlap region_overlap(const EdgeIndex& a, double a_area, const EdgeIndex& b,
                             OverlapScratch& scratch);

}  // namespace jigu::analysis
