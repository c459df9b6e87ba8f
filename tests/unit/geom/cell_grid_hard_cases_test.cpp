// The point grid (analysis/cell_grid), the ray count behind it (analysis/edge_index) and
// `covering` held against GEOS on generated layers: partitions with shared, bent and diagonal
// edges, holes filled by islands, tiny polygons, slivers, a long ring, vertices moved onto cell
// lines, and points on and 1 ulp, 1e-9 m and 1e-6 m off vertices, edges and cell lines, at Seoul,
// near zero and near jigu's largest coordinate. Every answer must be GEOS's (the boundary belongs
// to the polygon).
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "analysis/site_parts.hpp"
#include "geom/cell_grid.hpp"
#include "geom/polygon_index.hpp"
#include "geom/validity.hpp"
#include "hard_cases.hpp"

namespace jigu::geom {
namespace {

using namespace hard_cases;

constexpr std::uint64_t kFirstSeed = 1400;
constexpr std::uint64_t kLayers = 50;  // a place
// Near jigu's largest coordinate, with blocks big enough for cells of doubles' precision there.
constexpr Place kFarBlocks{"far", kFar.origin, 6000.0};

struct Layer {
  FeatureSet set;
  std::vector<const char*> kinds;  ///< each feature's, for messages
  void add(Geometry g, const char* kind) {
    Feature f;
    f.id = std::to_string(set.features.size());
    f.geometry = std::move(g);
    set.features.push_back(std::move(f));
    kinds.push_back(kind);
  }
};

// A partition of nx × ny quadrilateral blocks whose corners are moved a little, each shared edge
// bent through up to two points (on the straight line as doubles round it, or a little off it)
// that both neighbours use; some blocks split along a bent diagonal, some with a star hole that
// an island fills. Then polygons laid over it: tiny ones (smaller than a cell, some on a block
// corner), slivers along block edges, a ring with a hole touching it, two squares meeting at a
// corner, and a star of 300 vertices (long enough for its own edge index).
Layer make_layer(Random& random, const Place& place) {
  Layer layer;
  const std::size_t nx = 2 + random.below(4);
  const std::size_t ny = 2 + random.below(4);
  const double w = place.size_m * random.uniform(0.5, 1.5);
  const double h = w * random.uniform(0.67, 1.5);
  // Around the place's origin, so that near zero the coordinates change sign.
  const Point corner{place.origin.x - 0.5 * nx * w, place.origin.y - 0.5 * ny * h};
  const auto node_index = [&](std::size_t i, std::size_t j) { return j * (nx + 1) + i; };
  std::vector<Point> nodes((nx + 1) * (ny + 1));
  for (std::size_t j = 0; j <= ny; ++j) {
    for (std::size_t i = 0; i <= nx; ++i) {
      const bool moved = i > 0 && j > 0 && i < nx && j < ny && random.chance(0.6);
      nodes[node_index(i, j)] = {corner.x + i * w + (moved ? random.uniform(-0.06, 0.06) * w : 0),
                                 corner.y + j * h + (moved ? random.uniform(-0.06, 0.06) * h : 0)};
    }
  }
  // The points an edge between two nodes bends through, from the lower-numbered node.
  std::map<std::pair<std::size_t, std::size_t>, std::vector<Point>> bends;
  const auto bend = [&](std::size_t a, std::size_t b, double t_lo, double offset) {
    const bool forward = a < b;
    auto [it, added] = bends.try_emplace({std::min(a, b), std::max(a, b)});
    if (added) {
      const Point& p = nodes[std::min(a, b)];
      const Point& q = nodes[std::max(a, b)];
      const double length = std::hypot(q.x - p.x, q.y - p.y);
      std::vector<double> ts(random.below(3));
      for (double& t : ts) t = random.uniform(t_lo, 1.0 - t_lo);
      std::sort(ts.begin(), ts.end());
      for (double t : ts) {
        it->second.push_back(
            along(p, q, t, random.chance(0.5) ? 0.0 : random.sign() * offset * length));
      }
    }
    std::vector<Point> out = it->second;
    if (!forward) std::reverse(out.begin(), out.end());
    return out;
  };
  // A ring through the given nodes, each edge bent as it is for every ring that uses it.
  const auto ring_through = [&](std::vector<std::size_t> path, bool diagonal_last) {
    Ring r;
    for (std::size_t k = 0; k < path.size(); ++k) {
      const std::size_t a = path[k];
      const std::size_t b = path[(k + 1) % path.size()];
      r.push_back(nodes[a]);
      const bool diagonal = diagonal_last && k + 1 == path.size();
      for (const Point& p : bend(a, b, diagonal ? 0.25 : 0.15, diagonal ? 0.02 : 0.04)) {
        r.push_back(p);
      }
    }
    r.push_back(r.front());
    return r;
  };
  for (std::size_t j = 0; j < ny; ++j) {
    for (std::size_t i = 0; i < nx; ++i) {
      const std::size_t a = node_index(i, j), b = node_index(i, j + 1);
      const std::size_t c = node_index(i + 1, j + 1), d = node_index(i + 1, j);
      if (random.chance(0.25)) {  // two triangles sharing the diagonal a-c (clockwise each)
        layer.add(polygon(ring_through({a, b, c}, true)), "block half");
        layer.add(polygon(ring_through({c, d, a}, true)), "block half");
        continue;
      }
      Ring outer = ring_through({a, b, c, d}, false);
      if (!random.chance(0.3)) {
        layer.add(polygon(std::move(outer)), "block");
        continue;
      }
      const Point centre{(nodes[a].x + nodes[b].x + nodes[c].x + nodes[d].x) / 4,
                         (nodes[a].y + nodes[b].y + nodes[c].y + nodes[d].y) / 4};
      const Ring island = star(random, centre, 0.25 * std::min(w, h), 3 + random.below(10));
      layer.add(polygon(std::move(outer), {reversed(island)}), "block with hole");
      if (random.chance(0.5)) layer.add(polygon(island), "island");
    }
  }
  const double cell = std::sqrt(w * h) / 12.0;  // about the grid's cell
  for (int k = 0; k < 3; ++k) {
    const double s = cell * random.uniform(1e-3, 0.3);
    const Point at = random.chance(0.5) ? random.pick(nodes)
                                        : Point{random.uniform(corner.x, corner.x + nx * w),
                                                random.uniform(corner.y, corner.y + ny * h)};
    const double sx = random.sign() * s, sy = random.sign() * s;
    Ring r = random.chance(0.5) ? rectangle(at.x, at.y, at.x + sx, at.y + sy)
                                : Ring{at, {at.x + sx, at.y}, {at.x, at.y + sy}, at};
    Geometry g = polygon(std::move(r));
    normalize_orientation(g);
    layer.add(std::move(g), "tiny");
  }
  for (int k = 0; k < 3; ++k) {
    const std::size_t i = random.below(nx), j = random.below(ny + 1);
    const Point a = nodes[node_index(i, j)], b = nodes[node_index(i + 1, j)];
    // A nanometre, a micrometre or a millimetre wide, but at least a few ulps, or it collapses.
    const double ulp = std::max(std::abs(a.x), std::abs(a.y)) * 1.2e-16;
    const double width =
        random.sign() * std::max(16 * ulp, random.pick(std::vector<double>{1e-9, 1e-6, 1e-3}));
    Ring r = random.chance(0.5) ? Ring{a, b, along(a, b, 1.0, width), along(a, b, 0.0, width), a}
                                : Ring{a, b, along(a, b, 0.5, width), a};
    Geometry g = polygon(std::move(r));
    normalize_orientation(g);
    layer.add(std::move(g), "sliver");
  }
  {
    const Point p = random.pick(nodes);
    const double s = 0.7 * w;
    // A hole touching the outer ring at one vertex: valid, and a point there is on both.
    layer.add(polygon(rectangle(p.x, p.y, p.x + s, p.y + s), {{{p.x, p.y + s / 2},
                                                               {p.x + s / 2, p.y + s / 4},
                                                               {p.x + s / 2, p.y + 3 * s / 4},
                                                               {p.x, p.y + s / 2}}}),
              "hole touching outer");
    const Point q = random.pick(nodes);
    const double t = 0.3 * w;
    layer.add(polygons({{rectangle(q.x - t, q.y - t, q.x, q.y), {}},
                        {rectangle(q.x, q.y, q.x + t, q.y + t), {}}}),
              "corners touching");
    layer.add(polygon(star(random, random.pick(nodes), 1.2 * w, 300, 0.8)), "long ring");
  }
  return layer;
}

// The least double the grid places in the cell line's column (x) or row (y) or beyond: where the
// line nearest `near` lies, as the grid sees it.
double cell_line(const CellGrid& grid, bool x_axis, double near) {
  const double o = x_axis ? grid.origin().x : grid.origin().y;
  const double k = std::round((near - o) / grid.cell_size());
  const auto index = [&](double v) -> double {
    std::uint32_t c = 0, r = 0;
    const Point p = x_axis ? Point{v, grid.origin().y} : Point{grid.origin().x, v};
    if (!grid.cell(p, c, r)) return v < o ? -1.0 : 1e18;
    return x_axis ? c : r;
  };
  double v = o + k * grid.cell_size();
  for (int n = 0; n < 64 && index(v) >= k; ++n) v = stepped(v, -1);
  for (int n = 0; n < 128 && index(v) < k; ++n) v = stepped(v, 1);
  return v;
}

// The middle line of the cell row (y) or column (x) that `near` lies in, computed as the grid
// computes the line along which it counts crossings.
double cell_middle(const CellGrid& grid, bool x_axis, double near) {
  const double o = x_axis ? grid.origin().x : grid.origin().y;
  return o + (std::floor((near - o) / grid.cell_size()) + 0.5) * grid.cell_size();
}

// Moves some vertices onto the grid's cell lines and corners, or onto the middle lines the grid
// counts crossings along, a vertex the same in every ring that has it, where that keeps every
// polygon's box (so the grid stays the same) and GEOS still calls the polygons valid.
std::size_t snap_to_cell_lines(Layer& layer, const CellGrid& grid, Random& random) {
  std::map<std::pair<double, double>, std::vector<std::pair<std::size_t, Point*>>> places;
  for (std::size_t f = 0; f < layer.set.features.size(); ++f) {
    for (Polygon& poly : layer.set.features[f].geometry.polygons) {
      for (std::size_t r = 0; r <= poly.holes.size(); ++r) {
        for (Point& p : r == 0 ? poly.outer : poly.holes[r - 1]) {
          places[{p.x, p.y}].emplace_back(f, &p);
        }
      }
    }
  }
  std::size_t moved = 0;
  for (auto& [key, uses] : places) {
    if (!random.chance(0.3)) continue;
    const Point was = *uses.front().second;
    Point to = was;
    switch (random.below(5)) {
      case 0:
        to.x = cell_line(grid, true, was.x);
        break;
      case 1:
        to.y = cell_line(grid, false, was.y);
        break;
      case 2:
        to = {cell_line(grid, true, was.x), cell_line(grid, false, was.y)};
        break;
      case 3:
        to.y = cell_middle(grid, false, was.y);
        break;
      default:
        to = {cell_middle(grid, true, was.x), cell_middle(grid, false, was.y)};
        break;
    }
    std::vector<std::size_t> features;
    std::vector<Box> boxes;
    for (auto& [f, p] : uses) {
      if (std::find(features.begin(), features.end(), f) == features.end()) {
        features.push_back(f);
        boxes.push_back(envelope(layer.set.features[f].geometry));
      }
      *p = to;
    }
    bool kept = true;
    for (std::size_t k = 0; k < features.size() && kept; ++k) {
      const Geometry& g = layer.set.features[features[k]].geometry;
      const Box b = envelope(g);
      kept = b.min == boxes[k].min && b.max == boxes[k].max && geos_valid(geos_of(g).get());
    }
    if (kept) {
      ++moved;
    } else {
      for (auto& use : uses) *use.second = was;
    }
  }
  return moved;
}

struct Query {
  Point p;
  const char* kind;
};

std::vector<Query> queries(const Layer& layer, const CellGrid& grid, Random& random) {
  std::vector<Query> out;
  static const char* const kOffsetKinds[] = {"on edge", "1e-9 m left of edge",
                                             "1e-9 m right of edge", "1e-6 m left of edge",
                                             "1e-6 m right of edge"};
  const auto ulp = [&] { return static_cast<int>(random.below(3)) - 1; };
  Box extent = empty_box();
  for (const Feature& f : layer.set.features) {
    expand(extent, envelope(f.geometry));
    for (const Polygon& poly : f.geometry.polygons) {
      for (std::size_t r = 0; r <= poly.holes.size(); ++r) {
        const Ring& ring = r == 0 ? poly.outer : poly.holes[r - 1];
        const bool long_ring = ring.size() > 100;  // a sample of its many edges
        for (std::size_t k = 1; k < ring.size(); ++k) {
          if (long_ring && !random.chance(0.2)) continue;
          const Point& a = ring[k - 1];
          const Point& b = ring[k];
          out.push_back({a, "vertex"});
          out.push_back({stepped(a, ulp(), ulp()), "vertex ± 1 ulp"});
          const std::size_t o = random.below(kOffsets_m.size());
          out.push_back({along(a, b, random.uniform(0, 1), kOffsets_m[o]), kOffsetKinds[o]});
          out.push_back(
              {stepped(along(a, b, random.uniform(0, 1)), ulp(), ulp()), "on edge ± 1 ulp"});
          // Where the edge crosses a cell line: on (or by rounding next to) both at once.
          if (random.chance(0.5) && a.x != b.x) {
            const double x = cell_line(grid, true, random.uniform(a.x, b.x));
            if ((x - a.x) * (x - b.x) <= 0) {
              const double y = a.y + (x - a.x) * (b.y - a.y) / (b.x - a.x);
              out.push_back({{x, stepped(y, ulp())}, "edge on column line"});
            }
          }
          if (random.chance(0.5) && a.y != b.y) {
            const double y = cell_line(grid, false, random.uniform(a.y, b.y));
            if ((y - a.y) * (y - b.y) <= 0) {
              const double x = a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y);
              out.push_back({{stepped(x, ulp()), y}, "edge on row line"});
            }
          }
        }
      }
    }
  }
  const double margin = grid.cell_size();
  const auto random_point = [&] {
    return Point{random.uniform(extent.min.x - margin, extent.max.x + margin),
                 random.uniform(extent.min.y - margin, extent.max.y + margin)};
  };
  for (int k = 0; k < 200; ++k) {
    const Point p = random_point();
    const Point on_lines{cell_line(grid, true, p.x), cell_line(grid, false, p.y)};
    out.push_back({p, "random"});
    out.push_back({{on_lines.x, p.y}, "column line"});
    out.push_back({{stepped(on_lines.x, -1), p.y}, "just before column line"});
    out.push_back({{p.x, on_lines.y}, "row line"});
    out.push_back({stepped(on_lines, ulp(), ulp()), "cell corner ± 1 ulp"});
  }
  // The extent's corners: the grid's first and last cells.
  out.push_back({extent.min, "extent corner"});
  out.push_back({extent.max, "extent corner"});
  out.push_back({{extent.min.x, extent.max.y}, "extent corner"});
  out.push_back({{extent.max.x, extent.min.y}, "extent corner"});
  return out;
}

std::string indexes(const std::vector<std::size_t>& v) {
  std::string s = "{";
  for (std::size_t i : v) s += (s.size() > 1 ? " " : "") + std::to_string(i);
  return s + "}";
}

class CellGridHardCases : public testing::TestWithParam<Place> {};

TEST_P(CellGridHardCases, EveryPointIsPlacedAsGeosPlacesIt) {
  const Place& place = GetParam();
  const auto& ctx = handles::geos();
  Mismatches mismatches("points × polygons");
  std::size_t points = 0, polygons_made = 0, snapped = 0, whole = 0, unsure = 0;
  for (std::uint64_t seed = kFirstSeed; seed < kFirstSeed + kLayers; ++seed) {
    Random random(seed);
    Layer layer = make_layer(random, place);
    for (std::size_t f = 0; f < layer.set.features.size(); ++f) {
      ASSERT_TRUE(geos_valid(geos_of(layer.set.features[f].geometry).get()))
          << "seed " << seed << ": the generator made an invalid " << layer.kinds[f] << " "
          << text(layer.set.features[f].geometry);
    }
    {
      const CellGrid first(layer.set);
      ASSERT_TRUE(first.usable()) << "seed " << seed;
      snapped += snap_to_cell_lines(layer, first, random);
      const CellGrid again(layer.set);
      ASSERT_EQ(again.origin(), first.origin()) << "seed " << seed << ": snapping moved the grid";
      ASSERT_EQ(again.cell_size(), first.cell_size()) << "seed " << seed;
    }
    const FeatureSet& set = layer.set;
    polygons_made += set.features.size();
    const SharedCellGrid shared(set);
    const PolygonIndex with_grid(set, &shared);
    const PolygonIndex without_grid(set);
    const CellGrid& grid = *with_grid.point_grid();
    std::vector<handles::GeosGeom> geos;
    std::vector<handles::GeosPrepared> prepared;
    std::vector<Box> boxes;
    std::vector<std::unique_ptr<EdgeIndex>> edges;
    for (const Feature& f : set.features) {
      geos.push_back(geos_of(f.geometry));
      prepared.emplace_back(GEOSPrepare_r(ctx.get(), geos.back().get()),
                            handles::GeosPreparedDeleter{ctx.get()});
      boxes.push_back(envelope(f.geometry));
      edges.push_back(std::make_unique<EdgeIndex>(f.geometry));
    }
    analysis::SiteScratch scratch;
    for (const Query& q : queries(layer, grid, random)) {
      ++points;
      const Point& p = q.p;
      const std::string where_text = "seed " + std::to_string(seed) + ", " + q.kind + " " + text(p);
      const handles::GeosGeom point =
          ctx.own(GEOSGeom_createPointFromXY_r(ctx.get(), p.x, p.y), "point");
      std::vector<std::size_t> expected;
      std::vector<Where> geos_where(set.features.size(), Where::Outside);
      for (std::size_t i = 0; i < set.features.size(); ++i) {
        const Box& b = boxes[i];
        if (p.x < b.min.x || p.x > b.max.x || p.y < b.min.y || p.y > b.max.y) continue;
        mismatches.checked();
        if (GEOSPreparedContains_r(ctx.get(), prepared[i].get(), point.get()) == 1) {
          geos_where[i] = Where::Inside;
        } else if (GEOSPreparedCovers_r(ctx.get(), prepared[i].get(), point.get()) == 1) {
          geos_where[i] = Where::Boundary;
        }
        if (geos_where[i] != Where::Outside) expected.push_back(i);
        // Unsure is an answer too: the caller then asks GEOS (covering does, checked below).
        const Where ring_count = locate_in_rings(set.features[i].geometry, p);
        const Where indexed = edges[i]->locate(p);
        unsure += (ring_count == Where::Unsure) + (indexed == Where::Unsure);
        const auto agrees = [&](Where w) { return w == Where::Unsure || w == geos_where[i]; };
        if (!agrees(ring_count) || !agrees(indexed)) {
          mismatches.add(where_text + ": polygon " + std::to_string(i) + " (" + layer.kinds[i] +
                         ") ring count says " + where_name(ring_count) + ", edge index " +
                         where_name(indexed) + ", GEOS " + where_name(geos_where[i]) + "; " +
                         text(set.features[i].geometry));
        }
      }
      const std::vector<std::size_t> gridded = analysis::covering(with_grid, p, scratch);
      const std::vector<std::size_t> searched = analysis::covering(without_grid, p, scratch);
      if (gridded != expected || searched != expected) {
        mismatches.add(where_text + ": covered by " + indexes(gridded) + " through the grid, " +
                       indexes(searched) + " through the R-tree, GEOS says " + indexes(expected));
      }
      grid.visit(p, [&](std::size_t i, bool certain) {
        if (!certain) return;
        ++whole;
        if (geos_where[i] != Where::Inside) {
          mismatches.add(where_text + ": the grid says polygon " + std::to_string(i) + " (" +
                         layer.kinds[i] + ") holds its whole cell, GEOS puts the point " +
                         where_name(geos_where[i]) + "; " + text(set.features[i].geometry));
        }
      });
    }
  }
  RecordProperty("layers", static_cast<int>(kLayers));
  RecordProperty("polygons", static_cast<int>(polygons_made));
  RecordProperty("vertices_moved_onto_cell_lines", static_cast<int>(snapped));
  RecordProperty("points", static_cast<int>(points));
  RecordProperty("point_polygon_pairs", static_cast<int>(mismatches.cases()));
  RecordProperty("decided_by_whole_cells", static_cast<int>(whole));
  RecordProperty("unsure_locates", static_cast<int>(unsure));
  // Unsure only next to zero and within rounding of edges, or the ray count proves nothing here.
  EXPECT_LT(unsure, mismatches.cases() / 100) << "too many points left to GEOS";
  // The grid must still decide points by itself, or it would prove nothing here.
  EXPECT_GT(whole, points / 20) << "the grid placed too few points without an edge test";
  EXPECT_GT(snapped, kLayers * 10) << "too few vertices were moved onto cell lines";
}

INSTANTIATE_TEST_SUITE_P(Places, CellGridHardCases, testing::Values(kSeoul, kZero, kFarBlocks),
                         place_name);

}  // namespace
}  // namespace jigu::geom
