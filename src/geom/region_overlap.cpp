#include "geom/region_overlap.hpp"

#include <algorithm>
#include <cmath>

namespace jigu::geom {

namespace {

using Edge = EdgeIndex::Edge;
using Split = OverlapScratch::Split;
using Shared = OverlapScratch::Shared;

// Above this many (A edge, B edge near A) pairs, each of A's edges asks B's bands instead.
constexpr std::size_t kPairsToTest = 4096;

Box segment_box(const Edge& e) {
  return Box{{std::min(e.a.x, e.b.x), std::min(e.a.y, e.b.y)},
             {std::max(e.a.x, e.b.x), std::max(e.a.y, e.b.y)}};
}

bool contains(const Box& outer, const Box& inner) {
  return inner.min.x >= outer.min.x && inner.max.x <= outer.max.x && inner.min.y >= outer.min.y &&
         inner.max.y <= outer.max.y;
}

bool intersects(const Box& a, const Box& b) {
  return a.min.x <= b.max.x && b.min.x <= a.max.x && a.min.y <= b.max.y && b.min.y <= a.max.y;
}

Point midpoint(const Point& p, const Point& q) {
  return {0.5 * (p.x + q.x), 0.5 * (p.y + q.y)};
}

// Position of a point of the edge along it: 0 at its start, |b - a|² at its end.
double key_on(const Edge& e, const Point& p) {
  return (p.x - e.a.x) * (e.b.x - e.a.x) + (p.y - e.a.y) * (e.b.y - e.a.y);
}

constexpr double kEpsilon = 0x1p-53;  // the unit roundoff of doubles

// Where two edges known to cross properly (each has the other's ends strictly on both sides)
// cross, computed once so that both boundaries pass through the same point; `error` becomes a
// bound on the distance from the computed point to the true crossing. The parameter along `s`
// is a ratio of two cross products, each off by at most a few roundings of its terms; the
// point is off by that error times the edge's length, plus the rounding of its coordinates.
Point crossing_point(const Edge& s, const Edge& t, double& error) {
  const double dx = s.b.x - s.a.x;
  const double dy = s.b.y - s.a.y;
  const double ex = t.b.x - t.a.x;
  const double ey = t.b.y - t.a.y;
  const double fx = t.a.x - s.a.x;
  const double fy = t.a.y - s.a.y;
  const double num = fx * ey - fy * ex;
  const double den = dx * ey - dy * ex;
  const double num_error = 8 * kEpsilon * (std::abs(fx * ey) + std::abs(fy * ex));
  const double den_error = 8 * kEpsilon * (std::abs(dx * ey) + std::abs(dy * ex));
  const double u = std::clamp(num / den, 0.0, 1.0);
  const Point at{s.a.x + u * dx, s.a.y + u * dy};
  const double u_error = (num_error + u * den_error) / std::abs(den) + 4 * kEpsilon;
  const double coordinates = std::max(std::abs(at.x), std::abs(at.y));
  error = u_error * (std::abs(dx) + std::abs(dy)) + 4 * kEpsilon * coordinates;
  return at;
}

// Records where edge i of A and edge j of B meet: the points that split either of them, the
// stretches they share, and that their rings touch. False when the filter cannot decide.
bool record_meeting(const EdgeIndex& a, std::uint32_t i, const EdgeIndex& b, std::uint32_t j,
                    OverlapScratch& s) {
  const Edge& ea = a.edge(i);
  const Edge& eb = b.edge(j);
  const int o1 = orientation(ea.a, ea.b, eb.a);
  const int o2 = orientation(ea.a, ea.b, eb.b);
  if (o1 == kOrientationUnsure || o2 == kOrientationUnsure) return false;
  if (o1 * o2 > 0) return true;  // B's edge wholly on one side of A's line
  const int o3 = orientation(eb.a, eb.b, ea.a);
  const int o4 = orientation(eb.a, eb.b, ea.b);
  if (o3 == kOrientationUnsure || o4 == kOrientationUnsure) return false;
  if (o3 * o4 > 0) return true;

  if (o1 == 0 && o2 == 0) {  // on one line: they share a stretch, a point, or nothing
    const double a_end = key_on(ea, ea.b);
    const double b1 = key_on(ea, eb.a);
    const double b2 = key_on(ea, eb.b);
    const double lo = std::max(0.0, std::min(b1, b2));
    const double hi = std::min(a_end, std::max(b1, b2));
    if (lo > hi) return true;
    s.a_contact[a.ring_of(i)] = 1;
    s.b_contact[b.ring_of(j)] = 1;
    if (b1 > 0.0 && b1 < a_end) s.a_splits.push_back({i, b1, eb.a, false});
    if (b2 > 0.0 && b2 < a_end) s.a_splits.push_back({i, b2, eb.b, false});
    const double b_end = key_on(eb, eb.b);
    const double a1 = key_on(eb, ea.a);
    const double a2 = key_on(eb, ea.b);
    if (a1 > 0.0 && a1 < b_end) s.b_splits.push_back({j, a1, ea.a, false});
    if (a2 > 0.0 && a2 < b_end) s.b_splits.push_back({j, a2, ea.b, false});
    if (lo < hi) {
      const bool same_way = b2 > b1;
      s.a_shared.push_back({i, lo, hi, same_way});
      s.b_shared.push_back(
          {j, std::max(0.0, std::min(a1, a2)), std::min(b_end, std::max(a1, a2)), same_way});
    }
    return true;
  }
  s.a_contact[a.ring_of(i)] = 1;
  s.b_contact[b.ring_of(j)] = 1;
  if (o1 != 0 && o2 != 0 && o3 != 0 && o4 != 0) {
    double error = 0.0;
    const Point at = crossing_point(ea, eb, error);
    s.crossing_error = std::max(s.crossing_error, error);
    s.a_splits.push_back({i, key_on(ea, at), at, true});
    s.b_splits.push_back({j, key_on(eb, at), at, true});
    return true;
  }
  // They touch at an end of one of them: the one whose side test is zero lies on the other
  // edge (the other two tests do not agree in sign, so the lines meet there).
  const Point& at = o1 == 0 ? eb.a : o2 == 0 ? eb.b : o3 == 0 ? ea.a : ea.b;
  if (at != ea.a && at != ea.b) s.a_splits.push_back({i, key_on(ea, at), at, false});
  if (at != eb.a && at != eb.b) s.b_splits.push_back({j, key_on(eb, at), at, false});
  return true;
}

double distance2(const Point& p, const Point& q) {
  return (p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y);
}

// The squared distance from `p` to the edge.
double distance2(const Edge& e, const Point& p) {
  const double dx = e.b.x - e.a.x;
  const double dy = e.b.y - e.a.y;
  const double t =
      std::clamp(((p.x - e.a.x) * dx + (p.y - e.a.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
  return distance2(p, Point{e.a.x + t * dx, e.a.y + t * dy});
}

// True when no edge of `other` comes within `clearance` of `p`.
bool clear_of(const EdgeIndex& other, const Point& p, double clearance) {
  bool clear = true;
  const double c2 = clearance * clearance;
  other.near(Box{{p.x - clearance, p.y - clearance}, {p.x + clearance, p.y + clearance}},
             [&](std::uint32_t j) { clear = clear && distance2(other.edge(j), p) > c2; });
  return clear;
}

// True when the sorted splits of each edge are far enough apart that rounding cannot have
// swapped a computed crossing with its neighbour (vertices that coincide exactly are fine).
bool splits_apart(const std::vector<Split>& splits, double apart) {
  const double apart2 = apart * apart;
  for (std::size_t k = 1; k < splits.size(); ++k) {
    const Split& x = splits[k - 1];
    const Split& y = splits[k];
    if (x.edge == y.edge && (x.rounded || y.rounded) && distance2(x.at, y.at) <= apart2) {
      return false;
    }
  }
  return true;
}

bool by_edge_then_key(const Split& x, const Split& y) {
  return x.edge != y.edge ? x.edge < y.edge : x.key < y.key;
}

// What to do with a piece of one region's boundary.
enum class Piece { Count, Skip, Opposite };

// Walks edge `e` of `own` piece by piece, between the points that split it: calls
// `place(p, q, mid_key)` for each piece, which says whether it counts toward the overlap's
// boundary; adds those to `sum`. `splits` and `shared` are the edge's own entries. False when
// `place` cannot decide.
template <class Place>
bool walk_edge(const Edge& edge, const Split* split, const Split* split_end, const Point& origin,
               double& sum, Place&& place) {
  Point from = edge.a;
  double from_key = 0.0;
  auto piece = [&](const Point& to, double to_key) {
    if (to == from) return true;
    const int verdict = place(from, to, 0.5 * (from_key + to_key));
    if (verdict < 0) return false;
    if (verdict > 0) sum += segment_integral(from, to, origin);
    from = to;
    from_key = to_key;
    return true;
  };
  for (; split != split_end; ++split) {
    if (!piece(split->at, split->key)) return false;
  }
  return piece(edge.b, key_on(edge, edge.b));
}

// The shared stretch of an edge that holds the key, if any.
const Shared* shared_at(const Shared* first, const Shared* last, double key) {
  for (; first != last; ++first) {
    if (key > first->from && key < first->to) return first;
  }
  return nullptr;
}

// Where a piece of one region's edge lies against the other region.
enum class Placed { SharedSameWay, SharedOpposite, Inside, Outside, Undecided };

// The piece p–q of an edge, its middle at `key` along the edge: on one of the edge's `shared`
// stretches, else where its midpoint lies in `other`; Undecided when the midpoint lies within
// `clearance` of `other`'s boundary (the true piece might lie on the other side), or the side
// is unsure.
Placed place_piece(const std::pair<const Shared*, const Shared*>& shared, const EdgeIndex& other,
                   const Point& p, const Point& q, double key, double clearance) {
  if (const Shared* on = shared_at(shared.first, shared.second, key)) {
    return on->same_way ? Placed::SharedSameWay : Placed::SharedOpposite;
  }
  const Point m = midpoint(p, q);
  if (!clear_of(other, m, clearance)) return Placed::Undecided;
  const Where w = other.locate(m);
  if (w == Where::Unsure || w == Where::Boundary) return Placed::Undecided;
  return w == Where::Inside ? Placed::Inside : Placed::Outside;
}

template <class T>
std::pair<const T*, const T*> entries_of(const std::vector<T>& v, std::size_t& at,
                                         std::uint32_t edge) {
  while (at < v.size() && v[at].edge < edge) ++at;
  const std::size_t first = at;
  while (at < v.size() && v[at].edge == edge) ++at;
  return {v.data() + first, v.data() + at};
}

}  // namespace

RegionOverlap region_overlap(const EdgeIndex& a, double a_area, const EdgeIndex& b, double b_area,
                             OverlapScratch& s) {
  RegionOverlap out;
  out.decided = true;
  if (a.size() == 0 || b.size() == 0 || !intersects(a.box(), b.box())) return out;
  s.a_splits.clear();
  s.b_splits.clear();
  s.a_shared.clear();
  s.b_shared.clear();
  s.a_contact.assign(a.rings().size(), 0);
  s.b_contact.assign(b.rings().size(), 0);
  s.crossing_error = 0.0;

  // B's edges that reach A's box: most parcels lie well inside one zone and meet none of them.
  s.b_near.clear();
  b.near(a.box(), [&](std::uint32_t j) { s.b_near.push_back(j); });
  std::sort(s.b_near.begin(), s.b_near.end());
  bool decided = true;
  if (a.size() * s.b_near.size() <= kPairsToTest) {
    for (std::uint32_t i = 0; i < a.size() && decided; ++i) {
      const Box box = segment_box(a.edge(i));
      for (std::uint32_t j : s.b_near) {
        if (intersects(box, segment_box(b.edge(j))) && !record_meeting(a, i, b, j, s)) {
          decided = false;
          break;
        }
      }
    }
  } else {  // a big site: B's edges near each of its edges, from B's bands
    for (std::uint32_t i = 0; i < a.size() && decided; ++i) {
      b.near(segment_box(a.edge(i)), [&](std::uint32_t j) {
        if (decided) decided = record_meeting(a, i, b, j, s);
      });
    }
  }
  if (!decided) return RegionOverlap{};
  std::sort(s.a_splits.begin(), s.a_splits.end(), by_edge_then_key);
  std::sort(s.b_splits.begin(), s.b_splits.end(), by_edge_then_key);
  // What rounding can do to a point here: its coordinates' last bits (a computed midpoint, a
  // computed distance) with a wide margin, and the crossings' own bounds.
  const Box& box = a.box();
  const double scale =
      std::max({std::abs(box.min.x), std::abs(box.max.x), std::abs(box.min.y), std::abs(box.max.y),
                box.max.x - box.min.x, box.max.y - box.min.y});
  const double rounding = 64 * kEpsilon * scale;
  const double clearance = 2 * s.crossing_error + rounding;
  if (!splits_apart(s.a_splits, clearance) || !splits_apart(s.b_splits, clearance)) {
    return RegionOverlap{};
  }
  const auto by_edge = [](const Shared& x, const Shared& y) { return x.edge < y.edge; };
  std::sort(s.a_shared.begin(), s.a_shared.end(), by_edge);
  std::sort(s.b_shared.begin(), s.b_shared.end(), by_edge);

  const Point origin = a.box().min;  // fewer digits lost in the products
  double sum = 0.0;
  bool a_outside = false;  // some of A's boundary lies outside B
  bool opposite = false;   // A and B share a stretch of boundary with B on the other side
  bool b_inside = false;   // some of B's boundary lies inside A

  // A's boundary: the pieces inside B, and the stretches shared the same way.
  std::size_t split_at = 0;
  std::size_t shared_at_a = 0;
  for (std::uint32_t r = 0; r < a.rings().size(); ++r) {
    const auto& span = a.rings()[r];
    if (!s.a_contact[r]) {  // wholly inside or wholly outside B: a vertex tells (exactly)
      const Where w = b.locate(a.edge(span.first).a);
      if (w == Where::Unsure || w == Where::Boundary) return RegionOverlap{};
      if (w == Where::Inside) {
        sum += a.ring_integral(r, origin);
      } else {
        a_outside = true;
      }
      continue;
    }
    for (std::uint32_t e = span.first; e < span.first + span.count; ++e) {
      const auto [split, split_end] = entries_of(s.a_splits, split_at, e);
      const auto shared = entries_of(s.a_shared, shared_at_a, e);
      const bool ok =
          walk_edge(a.edge(e), split, split_end, origin, sum,
                    [&](const Point& p, const Point& q, double key) {
                      const Placed at = place_piece(shared, b, p, q, key, clearance);
                      if (at == Placed::Undecided) return -1;
                      opposite = opposite || at == Placed::SharedOpposite;
                      a_outside = a_outside || at == Placed::Outside;
                      return at == Placed::SharedSameWay || at == Placed::Inside ? 1 : 0;
                    });
      if (!ok) return RegionOverlap{};
    }
  }

  // B's boundary: the pieces inside A (shared stretches were counted from A's side, or not at
  // all). Rings that do not meet A's boundary lie wholly inside or outside it.
  for (std::uint32_t r = 0; r < b.rings().size(); ++r) {
    const auto& span = b.rings()[r];
    if (s.b_contact[r] || !contains(a.box(), span.box)) continue;
    const Where w = a.locate(b.edge(span.first).a);
    if (w == Where::Unsure || w == Where::Boundary) return RegionOverlap{};
    if (w == Where::Inside) {
      sum += b.ring_integral(r, origin);
      b_inside = true;
    }
  }
  split_at = 0;
  std::size_t shared_at_b = 0;
  for (std::uint32_t e : s.b_near) {
    if (!s.b_contact[b.ring_of(e)]) continue;  // done above, ring by ring
    const auto [split, split_end] = entries_of(s.b_splits, split_at, e);
    const auto shared = entries_of(s.b_shared, shared_at_b, e);
    const bool ok = walk_edge(b.edge(e), split, split_end, origin, sum,
                              [&](const Point& p, const Point& q, double key) {
                                const Placed at = place_piece(shared, a, p, q, key, clearance);
                                if (at == Placed::Undecided) return -1;
                                b_inside = b_inside || at == Placed::Inside;
                                return at == Placed::Inside ? 1 : 0;
                              });
    if (!ok) return RegionOverlap{};
  }

  // An answer no overlap can have means a piece was misplaced after all: GEOS decides.
  const double most = std::min(a_area, b_area);
  const double slack = 1e-12 * most + rounding * rounding;
  if (!a_outside && !opposite && !b_inside) {
    if (a_area > b_area + slack) return RegionOverlap{};
    out.covers = true;
    out.area = a_area;
    return out;
  }
  // Clockwise outer rings: the integral runs negative.
  const double area = -sum;
  if (area < -slack || area > most + slack) return RegionOverlap{};
  out.area = std::clamp(area, 0.0, most);
  return out;
}

}  // namespace jigu::geom
