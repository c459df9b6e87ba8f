// The orientation predicate (geom/orientation.hpp) against two oracles: the exact sign of the
// determinant in rational arithmetic (Boost.Multiprecision, every double taken exactly), which
// the filter must never contradict when it certifies a sign, and GEOS's own
// GEOSOrientationIndex_r called here directly, which `orientation` promises to equal. Cases are
// worked out by hand, then nearly collinear points at Seoul, near zero, at a micrometre scale,
// far out and where products underflow.
#include "geom/orientation.hpp"

#include <gtest/gtest.h>

#include <boost/multiprecision/cpp_int.hpp>

#include <cmath>
#include <limits>

#include "hard_cases.hpp"

namespace jigu::geom {
namespace {

using namespace hard_cases;

// The sign of (p1 - q) x (p2 - q) with no rounding at all: 1 when q is left of p1 -> p2.
int exact_orientation(const Point& p1, const Point& p2, const Point& q) {
  using boost::multiprecision::cpp_rational;
  const cpp_rational det =
      (cpp_rational(p1.x) - cpp_rational(q.x)) * (cpp_rational(p2.y) - cpp_rational(q.y)) -
      (cpp_rational(p1.y) - cpp_rational(q.y)) * (cpp_rational(p2.x) - cpp_rational(q.x));
  return det > 0 ? 1 : (det < 0 ? -1 : 0);
}

int geos_index(const Point& p1, const Point& p2, const Point& q) {
  return GEOSOrientationIndex_r(handles::geos().get(), p1.x, p1.y, p2.x, p2.y, q.x, q.y);
}

TEST(Orientation, LeftRightAndCollinearByHand) {
  // The line from (0,0) to (4,0) runs east: north of it is left.
  const Point a{0, 0}, b{4, 0};
  EXPECT_EQ(orientation_filter(a, b, {1, 1}), 1);
  EXPECT_EQ(orientation_filter(a, b, {1, -1}), -1);
  EXPECT_EQ(orientation_filter(a, b, {9, 0}), 0);   // on the line beyond the segment
  EXPECT_EQ(orientation_filter(a, b, {-3, 0}), 0);  // and before it
  EXPECT_EQ(orientation_filter(a, b, b), 0);        // at an end
  EXPECT_EQ(orientation(a, b, {2, 5}), 1);
  EXPECT_EQ(orientation(b, a, {2, 5}), -1);  // reversing the line flips the side
  // A diagonal at Seoul: q half a millimetre off the line y = x + c, both ways.
  const Point s1{201000.0, 551000.0}, s2{201100.0, 551100.0};
  EXPECT_EQ(orientation(s1, s2, {201050.0, 551050.0005}), 1);
  EXPECT_EQ(orientation(s1, s2, {201050.0, 551049.9995}), -1);
  EXPECT_EQ(orientation(s1, s2, {201050.0, 551050.0}), 0);
}

TEST(Orientation, ZeroLengthLineMakesEverythingCollinear) {
  // Both products are the same nonzero number, so the filter cannot certify their difference
  // and GEOS's double-double arithmetic says 0.
  const Point p{201234.5, 551234.25};
  EXPECT_EQ(orientation_filter(p, p, {0, 0}), kOrientationUnsure);
  EXPECT_EQ(orientation(p, p, {201235.0, 551000.0}), 0);
  EXPECT_EQ(geos_index(p, p, {201235.0, 551000.0}), 0);
  // q on p itself: a zero factor, which the filter certifies at once.
  EXPECT_EQ(orientation_filter(p, p, p), 0);
}

TEST(Orientation, TheFilterIsUnsureOnlyWhenTheRoundingErrorCouldFlipTheSign) {
  // Exactly collinear with nonzero products: det is 0, within the error bound of any rounding,
  // so the filter is unsure and GEOS decides.
  EXPECT_EQ(orientation_filter({0, 0}, {3, 3}, {1, 1}), kOrientationUnsure);
  EXPECT_EQ(orientation({0, 0}, {3, 3}, {1, 1}), 0);
  // A point a few ulps off the middle of a long line from near the origin to Seoul's scale:
  // det ≈ 1.5e5 × 2 ulps(3.5e5) ≈ 2e-5 against an error bound of 1e-15 × 1e11 = 1e-4, so doubles
  // cannot decide; exactly, the side is plain, and GEOS (so jigu) must find it.
  const Point a{0.0, 0.0}, b{300000.0, 700000.0}, m{150000.0, 350000.0};
  EXPECT_EQ(exact_orientation(a, b, m), 0);
  for (int ulps = -3; ulps <= 3; ++ulps) {
    const Point q = stepped(m, 0, ulps);
    EXPECT_EQ(orientation_filter(a, b, q), kOrientationUnsure) << ulps;
    EXPECT_EQ(orientation(a, b, q), exact_orientation(a, b, q)) << ulps;
    EXPECT_EQ(orientation(a, b, q), ulps > 0 ? 1 : (ulps < 0 ? -1 : 0)) << ulps;  // up is left
  }
  // At Seoul with a 100 m line, one ulp off is already beyond the error bound: certified.
  const Point s1{201000.0, 551000.0}, s2{201100.0, 551100.0};
  EXPECT_EQ(orientation_filter(s1, s2, stepped(Point{201050.0, 551050.0}, 0, 1)), 1);
  EXPECT_EQ(orientation_filter(s1, s2, stepped(Point{201050.0, 551050.0}, 0, -1)), -1);
}

TEST(Orientation, UnderflowIsFlaggedWhereDoublesLoseBits) {
  // Factors of 1e-150: their product 1e-300 is subnormal territory.
  EXPECT_TRUE(orientation_underflows({0, 0}, {1e-150, 1e-150}, {-1e-150, 0}));
  // Ordinary sizes, and zero factors (an exact zero product), are fine.
  EXPECT_FALSE(orientation_underflows({0, 0}, {1, 1}, {0.5, 0.25}));
  EXPECT_FALSE(orientation_underflows({0, 0}, {0, 1}, {0, 0.5}));
  EXPECT_FALSE(orientation_underflows({201000, 551000}, {201001, 551001}, {201000.5, 551000.5}));
  // The header's example: a point 5e-324 (the smallest double) left of a nanometre edge on
  // x = 0. Exactly, it is left; the products round to zero, so the filter says "on the line",
  // wrongly, and the underflow test is what tells callers not to trust it.
  const Point p1{0, 0}, p2{0, 1e-9}, q{-5e-324, 5e-10};
  EXPECT_EQ(exact_orientation(p1, p2, q), 1);
  EXPECT_EQ(orientation_filter(p1, p2, q), 0);
  EXPECT_TRUE(orientation_underflows(p1, p2, q));
}

// Nearly collinear triples: q along a -> b (at the ends, the middle or anywhere), then stepped
// by a few ulps or put 1e-9 or 1e-6 of the case's size to one side.
class OrientationHardCases : public testing::TestWithParam<Place> {};

TEST_P(OrientationHardCases, FilterNeverContradictsExactSignAndOrientationIsGeos) {
  const Place& place = GetParam();
  Random random(4242);
  Mismatches filter_wrong("certified filter signs");
  Mismatches not_geos("orientations");
  int unsure = 0, collinear = 0;
  for (int n = 0; n < 20000; ++n) {
    const double s = place.size_m;
    const Point a{place.origin.x + random.uniform(-s, s), place.origin.y + random.uniform(-s, s)};
    const Point b{place.origin.x + random.uniform(-s, s), place.origin.y + random.uniform(-s, s)};
    const double t = random.pick(std::vector<double>{0.0, 0.5, 1.0, random.uniform(-1.0, 2.0)});
    Point q = along(a, b, t, random.chance(0.5) ? 0.0 : random.pick(kOffsets_m) * s);
    if (random.chance(0.5)) {
      q = stepped(q, static_cast<int>(random.below(5)) - 2, static_cast<int>(random.below(5)) - 2);
    }
    const int exact = exact_orientation(a, b, q);
    const int f = orientation_filter(a, b, q);
    filter_wrong.checked();
    unsure += f == kOrientationUnsure;
    collinear += exact == 0;
    if (f != kOrientationUnsure && f != exact && !orientation_underflows(a, b, q)) {
      filter_wrong.add("filter " + std::to_string(f) + ", exact " + std::to_string(exact) +
                       " for " + text(a) + " -> " + text(b) + ", q " + text(q));
    }
    not_geos.checked();
    const int o = orientation(a, b, q), g = geos_index(a, b, q);
    if (o != g) {
      not_geos.add("jigu " + std::to_string(o) + ", GEOS " + std::to_string(g) + " for " + text(a) +
                   " -> " + text(b) + ", q " + text(q));
    }
  }
  // The comparison means something only if doubles were often unable to decide, and exact
  // collinearity (q at an end, at least) came up.
  EXPECT_GT(unsure, 100) << place.name;
  EXPECT_GT(collinear, 100) << place.name;
}

// Where products underflow (coordinates of ~1e-160), the filter's sign may be wrong; it must
// then be flagged, which is what the hard-case test above relies on.
TEST(Orientation, AWrongFilterSignIsAlwaysFlaggedAsUnderflow) {
  Random random(77);
  int wrong = 0;
  for (int n = 0; n < 20000; ++n) {
    const double s = random.pick(std::vector<double>{1e-150, 1e-160, 1e-200, 1e-310});
    const Point a{random.uniform(-s, s), random.uniform(-s, s)};
    const Point b{random.uniform(-s, s), random.uniform(-s, s)};
    const Point q = stepped(along(a, b, random.uniform(0.0, 1.0)), 0, 1);
    const int f = orientation_filter(a, b, q);
    if (f == kOrientationUnsure || f == exact_orientation(a, b, q)) continue;
    ++wrong;
    ASSERT_TRUE(orientation_underflows(a, b, q))
        << text(a) << " -> " << text(b) << ", q " << text(q);
  }
  EXPECT_GT(wrong, 0) << "no case reached the precision loss this test is about";
}

INSTANTIATE_TEST_SUITE_P(Places, OrientationHardCases, testing::Values(kSeoul, kZero, kTiny, kFar),
                         place_name);

}  // namespace
}  // namespace jigu::geom
