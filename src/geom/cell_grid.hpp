// A uniform grid over a polygon layer that tells, for most points, which polygons contain them
// without testing a single edge: each cell lists the polygons that contain the whole cell and
// those whose boundary may pass through it. Only the latter need a ray-crossing count. Built for
// classifying millions of points, where the R-tree query and the crossing counts over every
// candidate zone's rings were most of the time.
#pragma once

#include <cmath>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "jigu/feature_set.hpp"

namespace jigu::geom {

class CellGrid {
 public:
  /// Grids the polygonal features of `set` (others are left out). The grid is unusable (see
  /// `usable`) when the layer has no polygon with an extent, or cells would be too small for
  /// doubles to place a point in them reliably.
  explicit CellGrid(const FeatureSet& set);

  bool usable() const { return !m_cells.empty(); }

  /// The grid's lower-left corner, its cells' side, and the cell (column, row) it places `p` in
  /// (false when p is outside the grid): what tests need to put points on cell lines.
  const Point& origin() const { return m_origin; }
  double cell_size() const { return m_size; }
  bool cell(const Point& p, std::uint32_t& column_out, std::uint32_t& row_out) const {
    return column(p.x, column_out) && line(p.y, row_out);
  }

  /// Calls `f(i, whole)` for each polygon i, ascending, whose closure may contain `p`: `whole`
  /// when it certainly does (p's cell lies in its interior), otherwise p must be located against
  /// it. A polygon not named does not contain `p`. Requires `usable()`.
  template <class F>
  void visit(const Point& p, F&& f) const {
    std::uint32_t col = 0;
    std::uint32_t row = 0;
    if (!column(p.x, col) || !line(p.y, row)) return;
    const std::uint32_t word = m_cells[row * m_columns + col];
    if (word == kEmpty) return;
    if (word & kSingle) {
      f(static_cast<std::size_t>((word & ~kSingle) >> 1), (word & 1u) != 0);
      return;
    }
    for (std::uint32_t k = word;; ++k) {
      const std::uint32_t e = m_lists[k];
      f(static_cast<std::size_t>(e >> 2), (e & 1u) != 0);
      if (e & 2u) return;
    }
  }

 private:
  // A coordinate's cell along one axis. The same floor((v - origin) * scale) places query points
  // and the layer's own vertices: it never decreases as v grows, so a point of an edge lies in a
  // cell between those of the edge's ends.
  static bool cell_of(double v, double origin, double scale, std::uint32_t n, std::uint32_t& out) {
    const double k = std::floor((v - origin) * scale);
    if (!(k >= 0.0 && k < static_cast<double>(n))) return false;  // outside, or NaN
    out = static_cast<std::uint32_t>(k);
    return true;
  }
  bool column(double x, std::uint32_t& out) const {
    return cell_of(x, m_origin.x, m_scale, m_columns, out);
  }
  bool line(double y, std::uint32_t& out) const {
    return cell_of(y, m_origin.y, m_scale, m_rows, out);
  }
  void grid_polygon(const Geometry& g, std::uint32_t index,
                    std::vector<std::pair<std::uint32_t, std::uint32_t>>& out) const;

  Point m_origin;
  double m_size = 0.0;   ///< a cell's side
  double m_scale = 0.0;  ///< 1 / m_size
  std::uint32_t m_columns = 0;
  std::uint32_t m_rows = 0;
  // One word a cell, so that a point costs one cache miss, not two: most cells have a single
  // polygon, kept in the word itself; the others' lists are in m_lists.
  //   kEmpty                           no polygon
  //   kSingle | polygon << 1 | whole   one polygon (polygon < 2^29)
  //   k                                the list starting at m_lists[k]: polygon << 2 |
  //                                    last << 1 | whole, the last entry with its bit set
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
  static constexpr std::uint32_t kSingle = 0x80000000u;
  std::vector<std::uint32_t> m_cells;
  std::vector<std::uint32_t> m_lists;
};

/// A grid built by the first thread that asks for it and then shared by all: one layer's grid
/// costs tens of megabytes and a fraction of a second, too much to build per thread.
class SharedCellGrid {
 public:
  explicit SharedCellGrid(const FeatureSet& set) : m_set(set) {}

  /// The grid, or null when it is unusable for this layer.
  const CellGrid* get() const {
    std::call_once(m_once, [this] { m_grid = std::make_unique<const CellGrid>(m_set); });
    return m_grid->usable() ? m_grid.get() : nullptr;
  }

 private:
  const FeatureSet& m_set;
  mutable std::once_flag m_once;
  mutable std::unique_ptr<const CellGrid> m_grid;
};

}  // namespace jigu::geom
