#include "geom/cell_grid.hpp"

#include <sys/mman.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>

#include "geom/tsan_annotations.hpp"

namespace jigu::geom {

namespace {

// Cells along the side of a layer's average polygon box: a point's cell then lies on one of its
// polygon's edges for about one point in three (boundary cells over all cells, 4·12 / 12²), and
// the grid holds 144 cells a polygon.
constexpr double kCellsAcross = 12.0;
// At most 16 M cells (64 MiB of cell words), whatever the layer; bigger layers get coarser cells.
constexpr double kMaxCells = 16.0 * 1024 * 1024;
// Cells smaller than this share of the coordinates' magnitude are refused: the build's
// interpolations (a few units in the last place) must stay far below a cell.
constexpr double kMinRelativeSize = 1e-7;

// Asks Linux to back the aligned 2 MiB stretches of [data, data + bytes) with huge pages: a point
// lands in a random cell of tens of megabytes, and with 4 KiB pages nearly every lookup also
// missed the TLB (1M points, 20k zones: 0.07 s less of about 1 s). Only a hint: where
// transparent huge pages are off, nothing changes.
void ask_for_huge_pages(const void* data, std::size_t bytes) {
  constexpr std::uintptr_t kHuge = std::uintptr_t{1} << 21;
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

struct Edge {
  Point a;
  Point b;
  std::uint32_t first_row = 0;  ///< the grid rows and columns of the edge's box
  std::uint32_t last_row = 0;
  std::uint32_t first_column = 0;
  std::uint32_t last_column = 0;
};

}  // namespace

CellGrid::CellGrid(const FeatureSet& set) {
  Box extent = empty_box();
  double box_area = 0.0;
  std::size_t polygons = 0;
  for (const Feature& f : set.features) {
    if (f.geometry.kind != GeometryKind::Polygons) continue;
    const Box b = envelope(f.geometry);
    if (!(b.min.x <= b.max.x && b.min.y <= b.max.y)) continue;
    expand(extent, b);
    box_area += (b.max.x - b.min.x) * (b.max.y - b.min.y);
    ++polygons;
  }
  if (polygons == 0 || set.features.size() >= (std::size_t{1} << 29)) return;
  const double width = extent.max.x - extent.min.x;
  const double height = extent.max.y - extent.min.y;
  double size = std::sqrt(box_area / static_cast<double>(polygons)) / kCellsAcross;
  const double cells = (width / size + 1.0) * (height / size + 1.0);
  if (cells > kMaxCells) size *= std::sqrt(cells / kMaxCells) * 1.01;
  const double magnitude = std::max({std::abs(extent.min.x), std::abs(extent.max.x),
                                     std::abs(extent.min.y), std::abs(extent.max.y), 1.0});
  if (!std::isfinite(size) || !(size > kMinRelativeSize * magnitude)) return;

  m_origin = extent.min;
  m_size = size;
  m_scale = 1.0 / size;
  m_columns = static_cast<std::uint32_t>(std::floor(width * m_scale)) + 1;
  m_rows = static_cast<std::uint32_t>(std::floor(height * m_scale)) + 1;
  const std::size_t n_cells = static_cast<std::size_t>(m_columns) * m_rows;

  // (cell, entry) pairs, polygon by polygon, on every core (chunks of polygons each with its own
  // list), then sorted into cells by counting: each cell then lists its polygons in ascending
  // order. Isolated: a thread waiting for the chunks must not pick up a pipeline task that asks
  // for this very grid.
  constexpr std::size_t kChunk = 256;
  using Pairs = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
  std::vector<Pairs> parts((set.features.size() + kChunk - 1) / kChunk);
  handed_over(this);
  tbb::this_task_arena::isolate([&] {
    tbb::parallel_for(std::size_t{0}, parts.size(), [&](std::size_t k) {
      taken_over(this);
      const std::size_t end = std::min(set.features.size(), (k + 1) * kChunk);
      for (std::size_t i = k * kChunk; i < end; ++i) {
        const Geometry& g = set.features[i].geometry;
        if (g.kind == GeometryKind::Polygons) {
          grid_polygon(g, static_cast<std::uint32_t>(i), parts[k]);
        }
      }
      handed_over(&parts[k]);
    });
  });
  for (const Pairs& part : parts) taken_over(&part);
  std::vector<std::uint32_t> start(n_cells + 1, 0);
  std::size_t n_entries = 0;
  for (const Pairs& part : parts) {
    for (const auto& [cell, entry] : part) ++start[cell + 1];
    n_entries += part.size();
  }
  for (std::size_t c = 0; c < n_cells; ++c) start[c + 1] += start[c];
  std::vector<std::uint32_t> entries(n_entries);
  {
    std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
    for (const Pairs& part : parts) {
      for (const auto& [cell, entry] : part) entries[next[cell]++] = entry;
    }
  }
  parts = {};
  m_cells.reserve(n_cells);
  ask_for_huge_pages(m_cells.data(), n_cells * sizeof(std::uint32_t));
  m_cells.assign(n_cells, kEmpty);
  for (std::size_t c = 0; c < n_cells; ++c) {
    const std::uint32_t first = start[c];
    const std::uint32_t count = start[c + 1] - first;
    if (count == 1) {
      m_cells[c] = kSingle | entries[first];
    } else if (count > 1) {
      if (m_lists.size() >= kSingle) {  // beyond what a word can point to: no grid
        m_cells = {};
        m_lists = {};
        return;
      }
      m_cells[c] = static_cast<std::uint32_t>(m_lists.size());
      for (std::uint32_t k = first; k < first + count; ++k) {
        const std::uint32_t polygon = entries[k] >> 1;
        const std::uint32_t whole = entries[k] & 1u;
        m_lists.push_back(polygon << 2 | (k + 1 == first + count ? 2u : 0u) | whole);
      }
    }
  }
}

// The cells of one polygon's box: those an edge may pass through, found edge by edge and row by
// row, then each other cell inside or outside by counting crossings along its row's middle line
// from its middle point. Every doubt leaves a cell among the boundary ones, which are located
// exactly at query time.
void CellGrid::grid_polygon(const Geometry& g, std::uint32_t index,
                            std::vector<std::pair<std::uint32_t, std::uint32_t>>& out) const {
  const Box box = envelope(g);
  std::uint32_t c0 = 0, c1 = 0, r0 = 0, r1 = 0;
  if (!column(box.min.x, c0) || !column(box.max.x, c1) || !line(box.min.y, r0) ||
      !line(box.max.y, r1)) {
    return;  // an empty polygon
  }
  const std::uint32_t w = c1 - c0 + 1;
  const std::uint32_t h = r1 - r0 + 1;
  std::vector<std::uint8_t> on_edge(static_cast<std::size_t>(w) * h, 0);
  const auto mark = [&](std::uint32_t ca, std::uint32_t cb, std::uint32_t r) {
    std::fill_n(on_edge.begin() + static_cast<std::ptrdiff_t>((r - r0) * w + (ca - c0)),
                cb - ca + 1, std::uint8_t{1});
  };

  // The edges, each with its rows and columns as query points are placed; the cells each may
  // touch are marked, and the edges are listed by row for the crossing counts below.
  std::vector<Edge> edges;
  for (const auto& poly : g.polygons) {
    for (std::size_t r = 0; r <= poly.holes.size(); ++r) {
      const Ring& ring = r == 0 ? poly.outer : poly.holes[r - 1];
      for (std::size_t k = 1; k < ring.size(); ++k) {
        const Point& a = ring[k - 1];
        const Point& b = ring[k];
        if (a == b) continue;
        Edge e{a, b};
        line(std::min(a.y, b.y), e.first_row);
        line(std::max(a.y, b.y), e.last_row);
        column(std::min(a.x, b.x), e.first_column);
        column(std::max(a.x, b.x), e.last_column);
        edges.push_back(e);
      }
    }
  }
  std::vector<std::uint32_t> row_start(h + 1, 0);
  for (const Edge& e : edges) {
    for (std::uint32_t r = e.first_row; r <= e.last_row; ++r) ++row_start[r - r0 + 1];
    const std::uint32_t cl = e.first_column;
    const std::uint32_t ch = e.last_column;
    if (e.first_row == e.last_row || cl == ch) {  // within one row or one column: its box's cells
      for (std::uint32_t r = e.first_row; r <= e.last_row; ++r) mark(cl, ch, r);
      continue;
    }
    // Row by row, the columns the edge spans over the row's height, taken a thousandth of a
    // cell taller and one column wider on each side than computed, for rounding.
    const double lo_y = std::min(e.a.y, e.b.y);
    const double hi_y = std::max(e.a.y, e.b.y);
    const double slope = (e.b.x - e.a.x) / (e.b.y - e.a.y);
    const double pad = 1e-3 * m_size;
    const auto clamped = [&](double k) {
      return static_cast<std::uint32_t>(std::clamp(k, double(cl), double(ch)));
    };
    for (std::uint32_t r = e.first_row; r <= e.last_row; ++r) {
      const double y0 = std::max(lo_y, m_origin.y + r * m_size - pad);
      const double y1 = std::min(hi_y, m_origin.y + (r + 1) * m_size + pad);
      const double x0 = e.a.x + (y0 - e.a.y) * slope;
      const double x1 = e.a.x + (y1 - e.a.y) * slope;
      mark(clamped(std::floor((std::min(x0, x1) - m_origin.x) * m_scale) - 1.0),
           clamped(std::floor((std::max(x0, x1) - m_origin.x) * m_scale) + 1.0), r);
    }
  }
  for (std::uint32_t r = 0; r < h; ++r) row_start[r + 1] += row_start[r];
  std::vector<std::uint32_t> row_edges(row_start[h]);
  {
    std::vector<std::uint32_t> next(row_start.begin(), row_start.end() - 1);
    for (std::uint32_t k = 0; k < edges.size(); ++k) {
      for (std::uint32_t r = edges[k].first_row; r <= edges[k].last_row; ++r) {
        row_edges[next[r - r0]++] = k;
      }
    }
  }

  std::vector<double> crossings;
  for (std::uint32_t r = r0; r <= r1; ++r) {
    const double yc = m_origin.y + (r + 0.5) * m_size;
    std::uint32_t check = 0;
    const bool row_ok = line(yc, check) && check == r;
    crossings.clear();
    for (std::uint32_t n = row_start[r - r0]; n < row_start[r - r0 + 1]; ++n) {
      const Edge& e = edges[row_edges[n]];
      if ((e.a.y > yc) != (e.b.y > yc)) {
        crossings.push_back(e.a.x + (yc - e.a.y) * (e.b.x - e.a.x) / (e.b.y - e.a.y));
      }
    }
    std::sort(crossings.begin(), crossings.end());
    for (std::uint32_t c = c0; c <= c1; ++c) {
      const std::uint32_t cell = r * m_columns + c;
      bool boundary = on_edge[(r - r0) * w + (c - c0)] != 0;
      bool inside = false;
      if (!boundary) {
        const double xc = m_origin.x + (c + 0.5) * m_size;
        boundary = !row_ok || !column(xc, check) || check != c;
        const auto right =
            crossings.end() - std::upper_bound(crossings.begin(), crossings.end(), xc);
        inside = right % 2 == 1;
      }
      if (boundary) {
        out.emplace_back(cell, index << 1);
      } else if (inside) {
        out.emplace_back(cell, (index << 1) | 1u);
      }
    }
  }
}

}  // namespace jigu::geom
