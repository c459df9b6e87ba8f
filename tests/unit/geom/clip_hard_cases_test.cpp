// The map clip (analysis/clip_to_box) held against GEOS's overlay (GEOSIntersection with the
// box) on generated hard cases: rectangles with sides on, 1 ulp and 1e-9 m off the box's sides,
// polygons with vertices on the box, polygons touching it at a point or along a side, holes
// crossing, touching and containing the box, slivers along and across it, multipolygon parts
// meeting on its side, and the box itself, at Seoul and near zero. The clip promises valid
// polygons inside the box with jigu's ring orientation, and GEOS's intersection area.
#include <gtest/gtest.h>

#include "geom/clip.hpp"
#include "geom/validity.hpp"
#include "hard_cases.hpp"

namespace jigu::geom {
namespace {

using namespace hard_cases;

constexpr std::uint64_t kFirstSeed = 1400;
constexpr std::uint64_t kSeeds = 250;  // a place, each giving one case of every kind

enum class Kind {
  SidesOnBox,
  VerticesOnBox,
  TouchingAtPoint,
  HoleCrossing,
  Sliver,
  General,
  PartsMeetingOnSide,
  BoxItself,
  Count
};

const char* kind_name(Kind k) {
  static const char* const names[] = {
      "sides on box", "vertices on box", "touching at a point",     "hole crossing box",
      "sliver",       "general",         "parts meeting on a side", "box itself"};
  return names[static_cast<int>(k)];
}

// A coordinate on, barely off (1 ulp, 1e-9 m) or well off a box side at `side`, `away` being the
// distance of the last.
double near_side(Random& random, double side, double away) {
  switch (random.below(5)) {
    case 0:
    case 1:
      return side;
    case 2:
      return stepped(side, random.chance(0.5) ? 1 : -1);
    case 3:
      return side + random.sign() * 1e-9;
    default:
      return side + random.sign() * away;
  }
}

// Moves some vertices of the outer ring onto the nearest box side, or onto a box corner, where
// GEOS still calls the polygon valid.
void move_onto_box(Random& random, Geometry& g, const Box& box) {
  Ring& ring = g.polygons.front().outer;
  for (std::size_t k = 0; k + 1 < ring.size(); ++k) {
    if (!random.chance(0.4)) continue;
    const Point was = ring[k];
    Point& p = ring[k];
    const double dx0 = std::abs(p.x - box.min.x), dx1 = std::abs(p.x - box.max.x);
    const double dy0 = std::abs(p.y - box.min.y), dy1 = std::abs(p.y - box.max.y);
    const double x = dx0 < dx1 ? box.min.x : box.max.x;
    const double y = dy0 < dy1 ? box.min.y : box.max.y;
    if (random.chance(0.2)) {
      p = {x, y};
    } else if (std::min(dx0, dx1) < std::min(dy0, dy1)) {
      p.x = x;
    } else {
      p.y = y;
    }
    if (k == 0) ring.back() = p;
    if (!geos_valid(geos_of(g).get())) {
      p = was;
      if (k == 0) ring.back() = was;
    }
  }
}

Geometry make_case(Random& random, const Place& place, const Box& box, Kind kind) {
  const double w = box.max.x - box.min.x, h = box.max.y - box.min.y;
  const double size = std::min(w, h);
  const Point middle{(box.min.x + box.max.x) / 2, (box.min.y + box.max.y) / 2};
  // A point of the box's boundary: a corner, or somewhere along a side.
  const auto on_boundary = [&] {
    const double t =
        random.chance(0.3) ? random.pick(std::vector<double>{0.0, 1.0}) : random.uniform(0.0, 1.0);
    switch (random.below(4)) {
      case 0:
        return Point{box.min.x, box.min.y + t * h};
      case 1:
        return Point{box.max.x, box.min.y + t * h};
      case 2:
        return Point{box.min.x + t * w, box.min.y};
      default:
        return Point{box.min.x + t * w, box.max.y};
    }
  };
  switch (kind) {
    case Kind::SidesOnBox:
      for (;;) {
        const double x0 = random.chance(0.15) ? box.max.x : near_side(random, box.min.x, 0.3 * w);
        const double x1 = random.chance(0.15) ? box.min.x : near_side(random, box.max.x, 0.3 * w);
        const double y0 = random.chance(0.15) ? box.max.y : near_side(random, box.min.y, 0.3 * h);
        const double y1 = random.chance(0.15) ? box.min.y : near_side(random, box.max.y, 0.3 * h);
        if (x0 < x1 && y0 < y1) return polygon(rectangle(x0, y0, x1, y1));
      }
    case Kind::VerticesOnBox: {
      Geometry g = polygon(
          star(random, on_boundary(), size * random.uniform(0.2, 0.8), 4 + random.below(20)));
      move_onto_box(random, g, box);
      return g;
    }
    case Kind::TouchingAtPoint: {
      // A star wholly outside but for one vertex put on the box: its centre lies `r` from the
      // touching point, straight out from the box, and its other vertices within 0.9 r.
      const Point touch = on_boundary();
      Point out{touch.x == box.min.x   ? -1.0
                : touch.x == box.max.x ? 1.0
                                       : 0.0,
                touch.y == box.min.y   ? -1.0
                : touch.y == box.max.y ? 1.0
                                       : 0.0};
      const double length = std::hypot(out.x, out.y);
      const double r = size * random.uniform(0.1, 0.5);
      const Point centre{touch.x + r * out.x / length, touch.y + r * out.y / length};
      Ring ring = star(random, centre, 0.9 * r, 4 + random.below(12));
      // The vertex nearest the box goes onto the touching point.
      std::size_t nearest = 0;
      for (std::size_t k = 0; k + 1 < ring.size(); ++k) {
        const auto d = [&](const Point& p) { return std::hypot(p.x - touch.x, p.y - touch.y); };
        if (d(ring[k]) < d(ring[nearest])) nearest = k;
      }
      ring[nearest] = touch;
      ring.back() = ring.front();
      return polygon(std::move(ring));
    }
    case Kind::HoleCrossing: {
      const double s = size * random.uniform(0.2, 0.6);
      switch (random.below(4)) {
        case 0: {  // a star hole straddling a side or corner
          const Ring hole =
              star(random, on_boundary(), 0.9 * std::min(s, size / 2), 3 + random.below(12));
          return polygon(rectangle(box.min.x - s, box.min.y - s, box.max.x + s, box.max.y + s),
                         {reversed(hole)});
        }
        case 1: {  // a hole with a vertex on, or barely off, a side
          Geometry g = polygon(star(random, middle, 0.45 * size, 4 + random.below(12)));
          move_onto_box(random, g, box);
          return polygon(rectangle(box.min.x - s, box.min.y - s, box.max.x + s, box.max.y + s),
                         {reversed(g.polygons.front().outer)});
        }
        case 2: {  // the box wholly inside a hole, or the hole's sides on the box's
          const double d = random.chance(0.5) ? 0.0 : random.uniform(0.0, 0.5) * s;
          return polygon(
              rectangle(box.min.x - 2 * s, box.min.y - 2 * s, box.max.x + 2 * s, box.max.y + 2 * s),
              {reversed(rectangle(box.min.x - d, box.min.y - d, box.max.x + d, box.max.y + d))});
        }
        default: {  // an outer ring across one side, with a hole across it too
          const double x = box.min.x + random.uniform(0.2, 0.8) * w;
          const double y = near_side(random, box.min.y, s / 2);
          return polygon(rectangle(box.min.x - s, y - s, x, y + s),
                         {reversed(rectangle(box.min.x - s / 2, y - s / 2, x - s / 2, y + s / 2))});
        }
      }
    }
    case Kind::Sliver: {
      const double width = random.pick(std::vector<double>{1e-9, 1e-6, 1e-3}) * place.size_m;
      if (random.chance(0.3)) {  // a long thin triangle across the box
        const Point a{box.min.x - random.uniform(0, 0.3) * w, box.min.y + random.uniform(0, 1) * h};
        const Point b{box.max.x + random.uniform(0, 0.3) * w, box.min.y + random.uniform(0, 1) * h};
        Geometry g = polygon({a, b, along(a, b, random.uniform(0.2, 0.8), width), a});
        normalize_orientation(g);
        return g;
      }
      // Along the bottom side: on it, barely off it, or straddling it.
      const double y0 = random.pick(std::vector<double>{
          box.min.y, stepped(box.min.y, 1), stepped(box.min.y, -1), box.min.y + 1e-9,
          box.min.y - 1e-9, box.min.y - width / 2, box.min.y - width});
      const double x0 = box.min.x + random.uniform(-0.3, 0.5) * w;
      const double x1 = box.min.x + random.uniform(0.6, 1.3) * w;
      return polygon(rectangle(x0, y0, x1, y0 + width));
    }
    case Kind::General:
      return polygon(star(
          random,
          {box.min.x + random.uniform(-0.3, 1.3) * w, box.min.y + random.uniform(-0.3, 1.3) * h},
          size * random.uniform(0.05, 1.5), 3 + random.below(40)));
    case Kind::PartsMeetingOnSide: {
      // Two squares meeting at a corner on the box's boundary: one on each side of it, or both
      // with a side along it.
      const Point p = on_boundary();
      const double a = size * random.uniform(0.05, 0.4);
      const double sx = random.sign(), sy = random.sign();
      Geometry g = polygons({{rectangle(p.x - sx * a, p.y - sy * a, p.x, p.y), {}},
                             {rectangle(p.x, p.y, p.x + sx * a, p.y + sy * a), {}}});
      normalize_orientation(g);
      return g;
    }
    case Kind::BoxItself:
    case Kind::Count:
      break;
  }
  return polygon(
      rectangle(near_side(random, box.min.x, 0.01 * w), near_side(random, box.min.y, 0.01 * h),
                near_side(random, box.max.x, 0.01 * w), near_side(random, box.max.y, 0.01 * h)));
}

// Twice the signed area of a ring by the shoelace sum: negative when it runs clockwise.
double twice_signed_area(const Ring& r) {
  double sum = 0.0;
  for (std::size_t k = 1; k < r.size(); ++k) {
    sum += (r[k - 1].x - r[0].x) * (r[k].y - r[0].y) - (r[k].x - r[0].x) * (r[k - 1].y - r[0].y);
  }
  return sum;
}

class ClipHardCases : public testing::TestWithParam<Place> {};

TEST_P(ClipHardCases, AreasAreGeosIntersectionAreasAndRingsRunAsJiguKeepsThem) {
  const Place& place = GetParam();
  const auto& ctx = handles::geos();
  Mismatches mismatches("clips");
  std::size_t invalid_inputs = 0, empty_results = 0;
  for (std::uint64_t seed = kFirstSeed; seed < kFirstSeed + kSeeds; ++seed) {
    Random random(seed);
    const Point corner{place.origin.x + random.uniform(-0.5, 0.5) * place.size_m,
                       place.origin.y + random.uniform(-0.5, 0.5) * place.size_m};
    const Box box{corner,
                  {corner.x + place.size_m * random.uniform(0.5, 1.5),
                   corner.y + place.size_m * random.uniform(0.5, 1.5)}};
    const handles::GeosGeom frame =
        geos_of(polygon(rectangle(box.min.x, box.min.y, box.max.x, box.max.y)));
    for (int k = 0; k < static_cast<int>(Kind::Count); ++k) {
      const Kind kind = static_cast<Kind>(k);
      Geometry g = make_case(random, place, box, kind);
      normalize_orientation(g);  // as jigu keeps polygons after reading
      const handles::GeosGeom input = geos_of(g);
      if (!geos_valid(input.get())) {  // the clip, like every operation, expects valid input
        ++invalid_inputs;
        continue;
      }
      mismatches.checked();
      const handles::GeosGeom overlay =
          ctx.own(GEOSIntersection_r(ctx.get(), input.get(), frame.get()), "overlay");
      const double expected = geos_area(overlay.get());
      const Geometry clipped = clip_to_box(g, box);
      const handles::GeosGeom result = geos_of(clipped);
      const double area = clipped.empty() ? 0.0 : geos_area(result.get());
      empty_results += clipped.empty();
      std::string wrong;
      // To 1e-9 of the area, or to what rounding the points where edges cross the box's sides
      // may cost: a few ulps of the coordinates times the boundary's length.
      const double ulp = std::max({std::abs(box.min.x), std::abs(box.max.x), std::abs(box.min.y),
                                   std::abs(box.max.y), 1e-300}) *
                         std::numeric_limits<double>::epsilon();
      const double length = geos_length(overlay.get());
      if (std::abs(area - expected) > std::max(1e-9 * expected, 4 * ulp * length)) {
        wrong = "area " + text(area) + ", GEOS's intersection " + text(expected);
      }
      if (!clipped.empty() && !geos_valid(result.get())) wrong += " invalid";
      if (!clipped.empty() && clipped.kind != GeometryKind::Polygons) wrong += " not polygons";
      for (const Polygon& poly : clipped.polygons) {
        const double tolerance = 4 * ulp * length;
        if (twice_signed_area(poly.outer) > tolerance) wrong += " an outer ring counter-clockwise";
        for (const Ring& hole : poly.holes) {
          if (twice_signed_area(hole) < -tolerance) wrong += " a hole clockwise";
        }
      }
      if (!wrong.empty()) {
        mismatches.add("seed " + std::to_string(seed) + ", " + kind_name(kind) + ", box " +
                       text(box.min) + " " + text(box.max) + ": " + wrong + "; " + text(g) +
                       " clipped to " + text(clipped));
      }
    }
  }
  RecordProperty("cases", static_cast<int>(mismatches.cases()));
  RecordProperty("invalid_inputs_skipped", static_cast<int>(invalid_inputs));
  RecordProperty("empty_results", static_cast<int>(empty_results));
  EXPECT_LT(invalid_inputs, mismatches.cases() / 20)
      << "the generator made too many invalid inputs";
}

INSTANTIATE_TEST_SUITE_P(Places, ClipHardCases, testing::Values(kSeoul, kZero), place_name);

}  // namespace
}  // namespace jigu::geom
