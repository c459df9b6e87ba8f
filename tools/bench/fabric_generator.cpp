// Seeded synthetic Seoul-sized parcel fabric for the classify benchmark: parcels, a zoning
// partition, a few districts and optionally business points, written as GeoPackages in
// EPSG:5186. Every value is a pure function of (seed, element index), so the output does not
// depend on iteration order, and two runs with the same arguments give the same features.
//
// Layout. The extent is a grid of road lines (8-14 m wide) around city blocks of 87.5 m x
// 100 m (centreline to centreline); each block holds 5 x 2 parcels on a jittered node grid
// (interior edges get a jittered mid-vertex), so parcels tile the block exactly and no two
// overlap. Zoning is a grid of zone cells whose lines run along a subset of the road lines,
// with a vertex every ~12 m jittered inside the road, so a parcel normally lies in exactly
// one zone. A fraction of zone nodes (--displaced) is moved off its road crossing into the
// blocks; the edges at such a node cut through parcels, which is what makes some parcels
// straddle zones. Adjacent cells share their edge polylines vertex for vertex, so the zoning
// is a partition of the extent rectangle.
//
// With --shared-boundaries, zoning is drawn along parcel boundaries instead, as Korean zoning
// is (see SharedZoning below): zone and parcel boundaries then coincide vertex for vertex, and
// --jitter M moves the parcels' vertices by up to M metres, as a second survey would place them.
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

// ---------------------------------------------------------------- deterministic randomness
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// A uniform number in [0, 1) from the seed and up to four keys.
double u01(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0,
           std::uint64_t d = 0) {
  std::uint64_t h = mix(seed ^ mix(a ^ mix(b ^ mix(c ^ mix(d)))));
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}
double sym(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0,
           std::uint64_t d = 0) {
  return 2.0 * u01(seed, a, b, c, d) - 1.0;
}

// Stream tags keep the draws of different things independent.
// clang-format off
enum Tag : std::uint64_t {
  RoadX = 1, RoadY, NodeX, NodeY, MidX, MidY, ZoneDisp, ZoneDispX, ZoneDispY, ZoneEdge,
  ZoneBase, ZoneOther, ZoneOtherCode, DistCentre, DistShape, PointKind, PointBlock, PointPos,
  GiveEast, GiveEastCut, GiveNorth, GiveNorthFrom, GiveNorthTo, JitterX, JitterY
};
// clang-format on

double mm(double v) { return std::round(v * 1000.0) / 1000.0; }

struct Xy {
  double x, y;
};

// ---------------------------------------------------------------- options
struct Options {
  std::string out_dir;
  long long parcels = 200000;
  long long zones = 10000;
  int districts = 6;
  long long points = 0;
  std::uint64_t seed = 20260301;
  double displaced = -1;  // < 0: the default for the size
  bool shared_boundaries = false;
  double jitter_m = 0;
};

[[noreturn]] void usage(const char* msg) {
  std::fprintf(stderr,
               "jigu_bench_fabric: %s\n"
               "usage: jigu_bench_fabric --out DIR [--parcels N] [--zones N] [--districts N]\n"
               "                         [--points N] [--seed N] [--displaced P]\n"
               "                         [--shared-boundaries [--jitter M]]\n"
               "  N parcels must be a multiple of 10 (blocks of 5 x 2 parcels)\n"
               "  --shared-boundaries: zoning drawn along parcel boundaries; P is then the share\n"
               "    of blocks on a zone's east or north edge that give parcels to the neighbour\n"
               "  --jitter M: parcels' vertices moved by up to M metres (zones' are not)\n",
               msg);
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value for " + a).c_str());
      return argv[++i];
    };
    if (a == "--out") o.out_dir = value();
    else if (a == "--parcels") o.parcels = std::stoll(value());
    else if (a == "--zones") o.zones = std::stoll(value());
    else if (a == "--districts") o.districts = std::stoi(value());
    else if (a == "--points") o.points = std::stoll(value());
    else if (a == "--seed") o.seed = std::stoull(value());
    else if (a == "--displaced") o.displaced = std::stod(value());
    else if (a == "--shared-boundaries")
      o.shared_boundaries = true;
    else if (a == "--jitter")
      o.jitter_m = std::stod(value());
    else usage(("unknown argument " + a).c_str());
  }
  if (o.out_dir.empty()) usage("--out is required");
  if (o.parcels <= 0 || o.parcels % 10 != 0) usage("--parcels must be a positive multiple of 10");
  if (o.zones <= 0) usage("--zones must be positive");
  if (o.districts < 0 || o.districts > 20) usage("--districts must be 0..20");
  if (!(o.jitter_m >= 0 && o.jitter_m <= 0.5)) usage("--jitter must be 0..0.5 metres");
  if (o.jitter_m > 0 && !o.shared_boundaries) usage("--jitter goes with --shared-boundaries");
  return o;
}

/// The factor pair a * b = n whose ratio a / b is closest to `ratio` (a <= max_a, b <= max_b).
std::pair<long long, long long> factor_pair(long long n, double ratio, long long max_a,
                                            long long max_b) {
  std::pair<long long, long long> best{0, 0};
  double best_cost = 1e300;
  for (long long b = 1; b <= n; ++b) {
    if (n % b != 0) continue;
    long long a = n / b;
    if (a > max_a || b > max_b) continue;
    // Ties (e.g. 200x100 vs 160x125 for 1.6) go to the squarer pair.
    double cost = std::abs(std::log(static_cast<double>(a) / static_cast<double>(b) / ratio)) +
                  1e-9 * std::abs(std::log(static_cast<double>(a) / static_cast<double>(b)));
    if (cost < best_cost) {
      best_cost = cost;
      best = {a, b};
    }
  }
  if (best.first == 0) throw std::runtime_error("no factor pair for " + std::to_string(n));
  return best;
}

// ---------------------------------------------------------------- the fabric's geometry
constexpr double kBlockW = 87.5;   // road centreline to centreline, x
constexpr double kBlockH = 100.0;  // y
constexpr int kCols = 5;
constexpr int kRows = 2;
constexpr double kCentreX = 197500.0;  // around Seoul City Hall's part of EPSG:5186
constexpr double kCentreY = 552500.0;

// The six zone codes of the shipped geodata, their names (zoning-facts §2.1) and how common
// each is as the base of a neighbourhood.
struct ZoneKind {
  const char* code;
  const char* name;
  double weight;
};
constexpr std::array<ZoneKind, 6> kZoneKinds{{
    {"UQA122", "제2종일반주거지역", 0.32},
    {"UQA123", "제3종일반주거지역", 0.26},
    {"UQA130", "준주거지역", 0.08},
    {"UQA220", "일반상업지역", 0.10},
    {"UQA230", "근린상업지역", 0.07},
    {"UQA330", "준공업지역", 0.17},
}};

int pick_zone_kind(double u) {
  double acc = 0;
  for (std::size_t i = 0; i < kZoneKinds.size(); ++i) {
    acc += kZoneKinds[i].weight;
    if (u < acc) return static_cast<int>(i);
  }
  return static_cast<int>(kZoneKinds.size()) - 1;
}

// The 25 자치구 codes, for PNU-like ids; each gets a 5 x 5 share of the extent.
constexpr std::array<const char*, 25> kGuCodes{
    "11380", "11290", "11305", "11320", "11350",  //
    "11410", "11110", "11230", "11260", "11215",  //
    "11440", "11140", "11200", "11740", "11710",  //
    "11500", "11170", "11560", "11590", "11680",  //
    "11470", "11530", "11545", "11620", "11650"};

class Fabric {
 public:
  Fabric(const Options& o) : m_o(o) {
    long long blocks = o.parcels / (kCols * kRows);
    // Blocks in a Seoul-like 1.4 : 1 (35 km x 25 km at a million parcels) rectangle.
    auto [bx, by] = factor_pair(blocks, 1.4 * kBlockH / kBlockW, blocks, blocks);
    m_bx = bx;
    m_by = by;
    m_x0 = mm(kCentreX - 0.5 * static_cast<double>(m_bx) * kBlockW);
    m_y0 = mm(kCentreY - 0.5 * static_cast<double>(m_by) * kBlockH);
    auto [zx, zy] = factor_pair(o.zones, static_cast<double>(m_bx) / static_cast<double>(m_by),
                                m_bx, m_by);
    m_zx = zx;
    m_zy = zy;
    for (long long k = 0; k <= m_zx; ++k) m_zone_road_x.push_back((k * m_bx + m_zx / 2) / m_zx);
    for (long long l = 0; l <= m_zy; ++l) m_zone_road_y.push_back((l * m_by + m_zy / 2) / m_zy);
    m_zone_road_x.front() = 0;
    m_zone_road_x.back() = m_bx;
    m_zone_road_y.front() = 0;
    m_zone_road_y.back() = m_by;
    // Map each block column/row to its zone column/row.
    m_block_zone_x.resize(static_cast<std::size_t>(m_bx));
    m_block_zone_y.resize(static_cast<std::size_t>(m_by));
    for (long long k = 0; k < m_zx; ++k)
      for (long long b = m_zone_road_x[k]; b < m_zone_road_x[k + 1]; ++b) m_block_zone_x[b] = k;
    for (long long l = 0; l < m_zy; ++l)
      for (long long b = m_zone_road_y[l]; b < m_zone_road_y[l + 1]; ++b) m_block_zone_y[b] = l;
    double min_cell_w = 1e300, min_cell_h = 1e300;
    for (long long k = 0; k < m_zx; ++k)
      min_cell_w = std::min(min_cell_w, road_x(m_zone_road_x[k + 1]) - road_x(m_zone_road_x[k]));
    for (long long l = 0; l < m_zy; ++l)
      min_cell_h = std::min(min_cell_h, road_y(m_zone_road_y[l + 1]) - road_y(m_zone_road_y[l]));
    m_disp_max_x = std::min(35.0, 0.3 * min_cell_w);
    m_disp_max_y = std::min(35.0, 0.3 * min_cell_h);
    // 0.15 makes 6-11 % of the parcels straddle zones; classify_bench.sh picks the value
    // per size for about 10 %.
    m_displaced = o.displaced >= 0 ? o.displaced : 0.15;
  }

  long long blocks_x() const { return m_bx; }
  long long blocks_y() const { return m_by; }
  long long zones_x() const { return m_zx; }
  long long zones_y() const { return m_zy; }
  double x0() const { return m_x0; }
  double y0() const { return m_y0; }
  double width() const { return static_cast<double>(m_bx) * kBlockW; }
  double height() const { return static_cast<double>(m_by) * kBlockH; }

  double road_x(long long r) const { return m_x0 + static_cast<double>(r) * kBlockW; }
  double road_y(long long r) const { return m_y0 + static_cast<double>(r) * kBlockH; }
  double road_w_x(long long r) const { return 8.0 + 6.0 * u01(m_o.seed, RoadX, r); }
  double road_w_y(long long r) const { return 8.0 + 6.0 * u01(m_o.seed, RoadY, r); }

  /// The block's inner rectangle (its parcels' outline).
  std::array<double, 4> block_rect(long long i, long long j) const {
    return {mm(road_x(i) + 0.5 * road_w_x(i)), mm(road_y(j) + 0.5 * road_w_y(j)),
            mm(road_x(i + 1) - 0.5 * road_w_x(i + 1)), mm(road_y(j + 1) - 0.5 * road_w_y(j + 1))};
  }

  /// Parcel grid node (a, b), a = 0..kCols, b = 0..kRows, of block (i, j).
  Xy parcel_node(long long i, long long j, int a, int b) const {
    auto r = block_rect(i, j);
    std::uint64_t blk = static_cast<std::uint64_t>(j * m_bx + i);
    double fx = static_cast<double>(a) / kCols;
    double fy = static_cast<double>(b) / kRows;
    if (a != 0 && a != kCols) fx += 0.25 / kCols * sym(m_o.seed, NodeX, blk, a, b);
    if (b != 0 && b != kRows) fy += 0.16 / kRows * sym(m_o.seed, NodeY, blk, a, b);
    return {mm(r[0] + (r[2] - r[0]) * fx), mm(r[1] + (r[3] - r[1]) * fy)};
  }

  /// Ring of parcel (a, b) of block (i, j), counter-clockwise, closed.
  void parcel_ring(long long i, long long j, int a, int b, std::vector<Xy>& ring) const {
    ring.clear();
    std::uint64_t blk = static_cast<std::uint64_t>(j * m_bx + i);
    Xy p00 = parcel_node(i, j, a, b), p10 = parcel_node(i, j, a + 1, b);
    Xy p11 = parcel_node(i, j, a + 1, b + 1), p01 = parcel_node(i, j, a, b + 1);
    // A jittered mid-vertex on interior edges, shared by the two parcels along it.
    auto mid = [&](Xy p, Xy q, std::uint64_t kind, int ea, int eb) {
      double dx = q.x - p.x, dy = q.y - p.y, len = std::hypot(dx, dy);
      double t = 0.5 + 0.15 * sym(m_o.seed, MidX, blk, kind * 64 + ea, eb);
      double off = 1.0 * sym(m_o.seed, MidY, blk, kind * 64 + ea, eb);
      return Xy{mm(p.x + dx * t - dy / len * off), mm(p.y + dy * t + dx / len * off)};
    };
    ring.push_back(p00);
    if (b != 0) ring.push_back(mid(p00, p10, 0, a, b));  // bottom edge, interior if b > 0
    ring.push_back(p10);
    if (a + 1 != kCols) ring.push_back(mid(p10, p11, 1, a + 1, b));  // right edge
    ring.push_back(p11);
    if (b + 1 != kRows) ring.push_back(mid(p01, p11, 0, a, b + 1));  // top edge, reversed below
    ring.push_back(p01);
    if (a != 0) ring.push_back(mid(p00, p01, 1, a, b));  // left edge
    ring.push_back(p00);
    // The top and left mid-vertices were computed along the shared edge's own direction so
    // both neighbours get the identical point; only their place in the ring differs.
  }

  /// Zone node (k, l): on its road crossing, or displaced into the blocks.
  bool node_displaced(long long k, long long l) const {
    if (k == 0 || l == 0 || k == m_zx || l == m_zy) return false;
    return u01(m_o.seed, ZoneDisp, k, l) < m_displaced;
  }
  Xy zone_node(long long k, long long l) const {
    Xy p{road_x(m_zone_road_x[k]), road_y(m_zone_road_y[l])};
    if (node_displaced(k, l)) {
      // At least 40 % of the maximum, so a displaced node really leaves the road.
      auto amount = [](double s) { return (s < 0 ? -1.0 : 1.0) * (0.4 + 0.6 * std::abs(s)); };
      p.x += m_disp_max_x * amount(sym(m_o.seed, ZoneDispX, k, l));
      p.y += m_disp_max_y * amount(sym(m_o.seed, ZoneDispY, k, l));
    }
    return {mm(p.x), mm(p.y)};
  }

  /// Polyline of a zone edge, from its first node to its second, both included.
  /// horizontal: node (k, l) -> (k + 1, l); vertical: node (k, l) -> (k, l + 1).
  void zone_edge(bool horizontal, long long k, long long l, std::vector<Xy>& line) const {
    line.clear();
    long long k2 = horizontal ? k + 1 : k, l2 = horizontal ? l : l + 1;
    Xy p = zone_node(k, l), q = zone_node(k2, l2);
    bool boundary = horizontal ? (l == 0 || l == m_zy) : (k == 0 || k == m_zx);
    double amp = 0;
    if (!boundary) {
      bool on_road = !node_displaced(k, l) && !node_displaced(k2, l2);
      double road_w = horizontal ? road_w_y(m_zone_road_y[l]) : road_w_x(m_zone_road_x[k]);
      amp = on_road ? std::min(3.0, 0.5 * road_w - 1.0) : 3.0;
    }
    double dx = q.x - p.x, dy = q.y - p.y, len = std::hypot(dx, dy);
    int n = std::max(1, static_cast<int>(len / 12.0));
    line.push_back(p);
    std::uint64_t key = static_cast<std::uint64_t>((l * (m_zx + 1) + k) * 2 + (horizontal ? 0 : 1));
    for (int s = 1; s < n; ++s) {
      double t = static_cast<double>(s) / n;
      double off = amp * sym(m_o.seed, ZoneEdge, key, s);
      line.push_back({mm(p.x + dx * t - dy / len * off), mm(p.y + dy * t + dx / len * off)});
    }
    line.push_back(q);
  }

  /// Ring of zone cell (k, l), counter-clockwise, closed.
  void zone_ring(long long k, long long l, std::vector<Xy>& ring) const {
    ring.clear();
    std::vector<Xy> e;
    zone_edge(true, k, l, e);  // bottom, west to east
    ring.insert(ring.end(), e.begin(), e.end());
    zone_edge(false, k + 1, l, e);  // east, south to north
    ring.insert(ring.end(), e.begin() + 1, e.end());
    zone_edge(true, k, l + 1, e);  // top, reversed: east to west
    ring.insert(ring.end(), e.rbegin() + 1, e.rend());
    zone_edge(false, k, l, e);  // west, reversed: north to south
    ring.insert(ring.end(), e.rbegin() + 1, e.rend());
  }

  bool cell_displaced(long long k, long long l) const {
    return node_displaced(k, l) || node_displaced(k + 1, l) || node_displaced(k, l + 1) ||
           node_displaced(k + 1, l + 1);
  }

  /// Neighbourhoods of about 6 x 6 cells share a base zone; a third of cells differ.
  int zone_kind(long long k, long long l) const {
    int base = pick_zone_kind(u01(m_o.seed, ZoneBase, k / 6, l / 6));
    if (u01(m_o.seed, ZoneOther, k, l) < 0.33) return pick_zone_kind(u01(m_o.seed, ZoneOtherCode, k, l));
    return base;
  }

  long long zone_col_of_block(long long i) const { return m_block_zone_x[i]; }
  long long zone_row_of_block(long long j) const { return m_block_zone_y[j]; }
  /// The road line on the west (south) side of zone column k (row l).
  long long zone_road_x(long long k) const { return m_zone_road_x[k]; }
  long long zone_road_y(long long l) const { return m_zone_road_y[l]; }
  double displaced_share() const { return m_displaced; }

  /// PNU-like id: 법정동 code (자치구 from a 5 x 5 split of the extent, 동 from a finer split),
  /// land type 1, 본번 = block number in the 동, 부번 = parcel number in the block.
  std::string pnu(long long i, long long j, int a, int b) const {
    long long gu_x = std::min<long long>(4, i * 5 / m_bx), gu_y = std::min<long long>(4, j * 5 / m_by);
    const char* gu = kGuCodes[static_cast<std::size_t>((4 - gu_y) * 5 + gu_x)];
    // 동: a grid of 20 x 20 blocks within the 구.
    long long dong_x = i / 20, dong_y = j / 20;
    long long dongs_x = (m_bx + 19) / 20;
    long long dong = (dong_y * dongs_x + dong_x) % 899;  // 101..999
    long long bon = (j % 20) * 20 + (i % 20) + 1;
    int bu = b * kCols + a;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%03lld001%04lld%04d", gu, 101 + dong, bon, bu);
    return buf;
  }

 private:
  const Options& m_o;
  long long m_bx = 0, m_by = 0, m_zx = 0, m_zy = 0;
  double m_x0 = 0, m_y0 = 0;
  std::vector<long long> m_zone_road_x, m_zone_road_y, m_block_zone_x, m_block_zone_y;
  double m_disp_max_x = 0, m_disp_max_y = 0, m_displaced = 0;
};

// ---------------------------------------------------------------- zoning along parcel boundaries
// With --shared-boundaries the extent is tiled by atoms that share their vertices exactly: the
// parcels, and the road between blocks cut into a square at each crossing and a strip along
// each side of each block (a strip's sides carry the vertices of the block edges they face).
// Each zone is the union of its atoms, its ring what is left of their edges once every edge
// met in both directions is taken out. Zone cell (k, l) holds its blocks and the roads on their
// west and south, so its lines run along block edges; a share of the blocks on its east edge
// give their easternmost parcel columns (both rows) to the east neighbour, and of those on its
// north edge (but the last column) a run of their top-row parcels to the north neighbour, so
// that zone lines also run through blocks, along the parcels' jittered interior edges.
class SharedZoning {
 public:
  SharedZoning(const Fabric& fab, const Options& o) : m_fab(fab), m_o(o) {}

  /// The zone cell that parcel (a, b) of block (i, j) belongs to.
  std::pair<long long, long long> owner(long long i, long long j, int a, int b) const {
    long long k = m_fab.zone_col_of_block(i), l = m_fab.zone_row_of_block(j);
    bool east_edge = k + 1 < m_fab.zones_x() && i + 1 == m_fab.zone_road_x(k + 1);
    bool north_edge = l + 1 < m_fab.zones_y() && j + 1 == m_fab.zone_road_y(l + 1);
    double share = m_fab.displaced_share();
    if (east_edge && u01(m_o.seed, GiveEast, i, j) < share) {
      int cut = 1 + static_cast<int>(4.0 * u01(m_o.seed, GiveEastCut, i, j));  // 1..4
      if (a >= cut) return {k + 1, l};
    } else if (north_edge && !east_edge && b == kRows - 1 &&
               u01(m_o.seed, GiveNorth, i, j) < share) {
      int from = static_cast<int>(kCols * u01(m_o.seed, GiveNorthFrom, i, j));
      int to = static_cast<int>(kCols * u01(m_o.seed, GiveNorthTo, i, j));
      if (a >= std::min(from, to) && a <= std::max(from, to)) return {k, l + 1};
    }
    return {k, l};
  }

  /// A parcel vertex as the second survey places it: moved by a function of the vertex alone,
  /// so that every parcel sharing it moves it alike.
  Xy moved(Xy p) const {
    if (m_o.jitter_m == 0) return p;
    auto kx = static_cast<std::uint64_t>(std::llround(p.x * 1000.0));
    auto ky = static_cast<std::uint64_t>(std::llround(p.y * 1000.0));
    return {p.x + m_o.jitter_m * sym(m_o.seed, JitterX, kx, ky),
            p.y + m_o.jitter_m * sym(m_o.seed, JitterY, kx, ky)};
  }

  /// Ring of zone cell (k, l), counter-clockwise, closed; false if its atoms do not make one
  /// ring. `touching` gets the global indexes of the parcels with an edge on that ring.
  bool zone_ring(long long k, long long l, std::vector<Xy>& ring,
                 std::vector<long long>& touching) {
    m_edges.clear();
    touching.clear();
    std::vector<Xy> atom;
    bool overlap = false;
    auto add = [&](long long parcel) {
      for (std::size_t v = 0; v + 1 < atom.size(); ++v) {
        auto reverse = m_edges.find(key(atom[v + 1], atom[v]));
        if (reverse != m_edges.end()) {
          m_edges.erase(reverse);  // inside the zone: two of its atoms share it
        } else {
          overlap |= !m_edges.emplace(key(atom[v], atom[v + 1]), Edge{atom[v], atom[v + 1], parcel})
                          .second;
        }
      }
    };
    long long bx = m_fab.blocks_x(), by = m_fab.blocks_y();
    bool last_x = k + 1 == m_fab.zones_x(), last_y = l + 1 == m_fab.zones_y();
    long long r0 = m_fab.zone_road_x(k), r1 = m_fab.zone_road_x(k + 1) + (last_x ? 1 : 0);
    long long s0 = m_fab.zone_road_y(l), s1 = m_fab.zone_road_y(l + 1) + (last_y ? 1 : 0);
    // Parcels: the cell's blocks and those of its west and south neighbours that give some.
    for (long long j = std::max(0LL, s0 - 1); j < std::min(by, s1); ++j)
      for (long long i = std::max(0LL, r0 - 1); i < std::min(bx, r1); ++i)
        for (int b = 0; b < kRows; ++b)
          for (int a = 0; a < kCols; ++a) {
            if (owner(i, j, a, b) != std::make_pair(k, l)) continue;
            m_fab.parcel_ring(i, j, a, b, atom);
            add(((j * bx + i) * kRows + b) * kCols + a);
          }
    // Roads: crossings (r, s) and the strips west of (r, j) and south of (i, s) of each block.
    for (long long s = s0; s < s1; ++s)
      for (long long r = r0; r < r1; ++r) {
        rect(road_x0(r), road_y0(s), road_x1(r), road_y1(s), atom);
        add(-1);
        if (s < by) {
          vertical_strip(r, s, atom);
          add(-1);
        }
        if (r < bx) {
          horizontal_strip(r, s, atom);
          add(-1);
        }
      }
    if (overlap || m_edges.empty()) return false;
    // Chain what is left, from its lowest-leftmost vertex.
    std::unordered_map<std::uint64_t, const Edge*> from;
    const Edge* start = nullptr;
    for (const auto& [_, e] : m_edges) {
      if (!from.emplace(vertex_key(e.from), &e).second) return false;  // two rings meet there
      if (!start || e.from.y < start->from.y ||
          (e.from.y == start->from.y && e.from.x < start->from.x))
        start = &e;
      if (e.parcel >= 0) touching.push_back(e.parcel);
    }
    std::sort(touching.begin(), touching.end());
    touching.erase(std::unique(touching.begin(), touching.end()), touching.end());
    ring.clear();
    ring.push_back(start->from);
    for (const Edge* e = start;;) {
      ring.push_back(e->to);
      if (ring.size() > m_edges.size() + 1) return false;
      auto next = from.find(vertex_key(e->to));
      if (next == from.end()) return false;
      e = next->second;
      if (e == start) break;
    }
    return ring.size() == m_edges.size() + 1;  // one ring took every edge: no holes, no islands
  }

 private:
  struct Edge {
    Xy from, to;
    long long parcel;  // global index, or -1 for road
  };
  struct EdgeKey {
    std::uint64_t from, to;
    bool operator==(const EdgeKey&) const = default;
  };
  struct EdgeHash {
    std::size_t operator()(const EdgeKey& e) const { return mix(e.from ^ mix(e.to)); }
  };
  // Vertices are whole millimetres below 2^32 mm (4,294 km), so (x, y) packs into one word.
  static std::uint64_t vertex_key(Xy p) {
    return static_cast<std::uint64_t>(std::llround(p.x * 1000.0)) << 32 ^
           static_cast<std::uint64_t>(std::llround(p.y * 1000.0));
  }
  static EdgeKey key(Xy p, Xy q) { return {vertex_key(p), vertex_key(q)}; }

  // Road r runs between block columns r - 1 and r (road 0 and road bx along the extent's
  // edges); likewise road s between block rows.
  double road_x0(long long r) const { return r == 0 ? m_fab.x0() : m_fab.block_rect(r - 1, 0)[2]; }
  double road_x1(long long r) const {
    return r == m_fab.blocks_x() ? mm(m_fab.road_x(r)) : m_fab.block_rect(r, 0)[0];
  }
  double road_y0(long long s) const { return s == 0 ? m_fab.y0() : m_fab.block_rect(0, s - 1)[3]; }
  double road_y1(long long s) const {
    return s == m_fab.blocks_y() ? mm(m_fab.road_y(s)) : m_fab.block_rect(0, s)[1];
  }

  static void rect(double x0, double y0, double x1, double y1, std::vector<Xy>& ring) {
    ring.assign({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}});
  }

  /// Road r beside block row j, with the vertices of the block edges on either side.
  void vertical_strip(long long r, long long j, std::vector<Xy>& ring) const {
    double x0 = road_x0(r), x1 = road_x1(r), y0 = m_fab.block_rect(0, j)[1],
           y1 = m_fab.block_rect(0, j)[3];
    ring.assign({{x0, y0}, {x1, y0}});
    if (r < m_fab.blocks_x()) ring.push_back(m_fab.parcel_node(r, j, 0, 1));
    ring.push_back({x1, y1});
    ring.push_back({x0, y1});
    if (r > 0) ring.push_back(m_fab.parcel_node(r - 1, j, kCols, 1));
    ring.push_back({x0, y0});
  }

  /// Road s beside block column i, with the vertices of the block edges on either side.
  void horizontal_strip(long long i, long long s, std::vector<Xy>& ring) const {
    double x0 = m_fab.block_rect(i, 0)[0], x1 = m_fab.block_rect(i, 0)[2], y0 = road_y0(s),
           y1 = road_y1(s);
    ring.clear();
    if (s > 0) {
      for (int a = 0; a <= kCols; ++a) ring.push_back(m_fab.parcel_node(i, s - 1, a, kRows));
    } else {
      ring.assign({{x0, y0}, {x1, y0}});
    }
    if (s < m_fab.blocks_y()) {
      for (int a = kCols; a >= 0; --a) ring.push_back(m_fab.parcel_node(i, s, a, 0));
    } else {
      ring.push_back({x1, y1});
      ring.push_back({x0, y1});
    }
    ring.push_back(ring.front());
  }

  const Fabric& m_fab;
  const Options& m_o;
  std::unordered_map<EdgeKey, Edge, EdgeHash> m_edges;
};

// ---------------------------------------------------------------- small planar checks
double ring_area(const std::vector<Xy>& r) {
  double s = 0;
  for (std::size_t i = 0; i + 1 < r.size(); ++i) s += r[i].x * r[i + 1].y - r[i + 1].x * r[i].y;
  return 0.5 * s;
}

bool point_in_ring(Xy p, const std::vector<Xy>& r) {
  bool in = false;
  for (std::size_t i = 0, j = r.size() - 2; i + 1 < r.size(); j = i++) {
    if ((r[i].y > p.y) != (r[j].y > p.y) &&
        p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x)
      in = !in;
  }
  return in;
}

double cross(Xy o, Xy a, Xy b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

bool segments_cross(Xy a, Xy b, Xy c, Xy d) {
  double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
  return ((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0)) && d1 != 0 && d2 != 0 && d3 != 0 &&
         d4 != 0;
}

/// Whether ring `in` lies inside ring `out` (no crossing edges, a vertex inside).
bool ring_within(const std::vector<Xy>& in, const std::vector<Xy>& out) {
  if (!point_in_ring(in[0], out)) return false;
  for (std::size_t i = 0; i + 1 < in.size(); ++i)
    for (std::size_t j = 0; j + 1 < out.size(); ++j)
      if (segments_cross(in[i], in[i + 1], out[j], out[j + 1])) return false;
  return true;
}

// ---------------------------------------------------------------- GeoPackage writing
struct Writer {
  GDALDatasetUniquePtr ds;
  OGRLayer* layer = nullptr;
  std::string tmp_path, final_path;
  long long in_txn = 0;

  Writer(const std::string& dir, const std::string& name, OGRwkbGeometryType type,
         const std::vector<std::pair<std::string, int>>& string_fields) {
    final_path = dir + "/" + name + ".gpkg";
    tmp_path = dir + "/." + name + ".tmp.gpkg";  // renamed when complete
    std::filesystem::remove(tmp_path);
    auto* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!drv) throw std::runtime_error("GDAL has no GPKG driver");
    ds.reset(drv->Create(tmp_path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw std::runtime_error("cannot create " + tmp_path);
    OGRSpatialReference srs;
    srs.importFromEPSG(5186);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const char* lco[] = {"SPATIAL_INDEX=YES", "GEOMETRY_NAME=geom", "FID=fid", nullptr};
    layer = ds->CreateLayer(name.c_str(), &srs, type, const_cast<char**>(lco));
    if (!layer) throw std::runtime_error("cannot create layer " + name);
    for (auto& [fname, width] : string_fields) {
      OGRFieldDefn f(fname.c_str(), OFTString);
      f.SetWidth(width);
      if (layer->CreateField(&f) != OGRERR_NONE) throw std::runtime_error("cannot create field " + fname);
    }
    ds->StartTransaction();
  }

  OGRFeatureDefn* defn() { return layer->GetLayerDefn(); }

  void add(OGRFeature& f) {
    if (layer->CreateFeature(&f) != OGRERR_NONE) throw std::runtime_error("cannot write to " + tmp_path);
    if (++in_txn == 200000) {
      ds->CommitTransaction();
      ds->StartTransaction();
      in_txn = 0;
    }
  }

  void finish() {
    ds->CommitTransaction();
    ds.reset();  // closing builds the deferred R-tree spatial index
    std::filesystem::rename(tmp_path, final_path);
  }
};

OGRPolygon* make_polygon(const std::vector<Xy>& ring) {
  auto* lr = new OGRLinearRing();
  lr->setNumPoints(static_cast<int>(ring.size()), FALSE);
  for (std::size_t i = 0; i < ring.size(); ++i) lr->setPoint(static_cast<int>(i), ring[i].x, ring[i].y);
  auto* poly = new OGRPolygon();
  poly->addRingDirectly(lr);
  return poly;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int fail(const std::string& what) {
  std::fprintf(stderr, "jigu_bench_fabric: check failed: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse(argc, argv);
  GDALAllRegister();
  CPLSetConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF");
  CPLSetConfigOption("OGR_SQLITE_CACHE", "512");
  std::filesystem::create_directories(o.out_dir);
  Fabric fab(o);
  auto t0 = std::chrono::steady_clock::now();
  std::printf("fabric: %lld parcels in %lld x %lld blocks, %lld zones in %lld x %lld cells, "
              "extent x %.1f..%.1f y %.1f..%.1f (EPSG:5186), seed %llu\n",
              o.parcels, fab.blocks_x(), fab.blocks_y(), o.zones, fab.zones_x(), fab.zones_y(),
              fab.x0(), fab.x0() + fab.width(), fab.y0(), fab.y0() + fab.height(),
              static_cast<unsigned long long>(o.seed));

  // ---- zoning
  double zone_area_sum = 0;
  std::vector<std::vector<Xy>> displaced_cells;  // rings of cells with a displaced node, by index
  std::vector<long long> displaced_index(static_cast<std::size_t>(fab.zones_x() * fab.zones_y()), -1);
  SharedZoning shared(fab, o);
  std::vector<long long> touching;
  std::vector<char> on_zone_boundary(o.shared_boundaries ? static_cast<std::size_t>(o.parcels) : 0);
  {
    Writer w(o.out_dir, "zoning", wkbPolygon, {{"zone_id", 8}, {"code", 8}, {"name", 30}});
    std::vector<Xy> ring;
    long long id = 0;
    for (long long l = 0; l < fab.zones_y(); ++l)
      for (long long k = 0; k < fab.zones_x(); ++k) {
        if (!o.shared_boundaries) {
          fab.zone_ring(k, l, ring);
        } else if (!shared.zone_ring(k, l, ring, touching)) {
          return fail("zone cell " + std::to_string(k) + "," + std::to_string(l) +
                      " is not one ring");
        } else {
          for (long long p : touching) on_zone_boundary[static_cast<std::size_t>(p)] = 1;
        }
        double a = ring_area(ring);
        if (!(a > 0)) return fail("zone cell " + std::to_string(k) + "," + std::to_string(l) + " not counter-clockwise");
        zone_area_sum += a;
        if (!o.shared_boundaries && fab.cell_displaced(k, l)) {
          displaced_index[static_cast<std::size_t>(l * fab.zones_x() + k)] = static_cast<long long>(displaced_cells.size());
          displaced_cells.push_back(ring);
        }
        const ZoneKind& z = kZoneKinds[static_cast<std::size_t>(fab.zone_kind(k, l))];
        OGRFeature f(w.defn());
        char zid[24];
        std::snprintf(zid, sizeof zid, "Z%06lld", ++id);
        f.SetField(0, zid);
        f.SetField(1, z.code);
        f.SetField(2, z.name);
        OGRPolygon* poly = make_polygon(ring);
        // Every zone is checked with GEOS: the partition is only a partition if each is valid.
        if (!poly->IsValid()) return fail(std::string("zone ") + zid + " is not valid");
        f.SetGeometryDirectly(poly);
        w.add(f);
      }
    w.finish();
  }
  double extent_area = fab.width() * fab.height();
  if (std::abs(zone_area_sum - extent_area) > 1e-9 * extent_area)
    return fail("zone areas sum to " + std::to_string(zone_area_sum) + ", extent is " + std::to_string(extent_area));
  std::printf("zoning: %lld polygons%s, areas sum to the extent (%.0f m2), each valid; %.1f s\n",
              o.zones, o.shared_boundaries ? " along parcel boundaries" : "", extent_area,
              seconds_since(t0));

  // ---- parcels
  long long straddling = 0, given = 0, touch = 0;
  double parcel_area_sum = 0;
  {
    Writer w(o.out_dir, "parcels", wkbPolygon, {{"pnu", 19}, {"jibun", 12}});
    std::vector<Xy> ring;
    std::vector<Xy> block_ring;
    for (long long j = 0; j < fab.blocks_y(); ++j)
      for (long long i = 0; i < fab.blocks_x(); ++i) {
        long long k = fab.zone_col_of_block(i), l = fab.zone_row_of_block(j);
        long long di = displaced_index[static_cast<std::size_t>(l * fab.zones_x() + k)];
        for (int b = 0; b < kRows; ++b)
          for (int a = 0; a < kCols; ++a) {
            fab.parcel_ring(i, j, a, b, ring);
            if (o.shared_boundaries) {
              for (Xy& v : ring) v = shared.moved(v);
              given += shared.owner(i, j, a, b) != std::make_pair(k, l);
              touch += on_zone_boundary[static_cast<std::size_t>(
                  ((j * fab.blocks_x() + i) * kRows + b) * kCols + a)];
            }
            double area = ring_area(ring);
            if (!(area > 0)) return fail("parcel ring not counter-clockwise");
            parcel_area_sum += area;
            // A parcel in a cell whose nodes are all on roads lies inside that cell by
            // construction; otherwise test it against the cell.
            if (di >= 0 && !ring_within(ring, displaced_cells[static_cast<std::size_t>(di)])) ++straddling;
            OGRFeature f(w.defn());
            std::string pnu = fab.pnu(i, j, a, b);
            f.SetField(0, pnu.c_str());
            int bon = std::stoi(pnu.substr(11, 4)), bu = std::stoi(pnu.substr(15, 4));
            std::string jibun = bu == 0 ? std::to_string(bon) : std::to_string(bon) + "-" + std::to_string(bu);
            f.SetField(1, jibun.c_str());
            OGRPolygon* poly = make_polygon(ring);
            // Moved vertices could in principle fold a parcel: check those with GEOS too.
            if (o.jitter_m > 0 && !poly->IsValid()) {
              delete poly;
              return fail("parcel " + pnu + " is not valid after the jitter");
            }
            f.SetGeometryDirectly(poly);
            w.add(f);
          }
      }
    w.finish();
  }
  auto pct = [&](long long n) {
    return 100.0 * static_cast<double>(n) / static_cast<double>(o.parcels);
  };
  if (o.shared_boundaries) {
    std::printf(
        "parcels: %lld polygons, %.1f%% of the extent's area, each wholly in one zone before any "
        "jitter, "
        "%lld (%.1f%%) given to a neighbouring zone, %lld (%.1f%%) with an edge on their "
        "zone's boundary, vertices moved by up to %g m; %.1f s\n",
        o.parcels, 100.0 * parcel_area_sum / extent_area, given, pct(given), touch, pct(touch),
        o.jitter_m, seconds_since(t0));
  } else {
    std::printf(
        "parcels: %lld polygons, %.1f%% of the extent's area, %lld (%.1f%%) straddle a zone "
        "boundary; %.1f s\n",
        o.parcels, 100.0 * parcel_area_sum / extent_area, straddling, pct(straddling),
        seconds_since(t0));
  }

  // ---- districts: irregular star-shaped blobs that do not overlap
  if (o.districts > 0) {
    static const char* kNames[] = {"가람 산업개발진흥지구", "나루 특정개발진흥지구", "다솜 산업개발진흥지구",
                                   "마루 특정개발진흥지구", "바다 산업개발진흥지구", "사랑 특정개발진흥지구",
                                   "아라 산업개발진흥지구", "자람 특정개발진흥지구", "차돌 산업개발진흥지구",
                                   "하늘 특정개발진흥지구"};
    Writer w(o.out_dir, "districts", wkbPolygon, {{"dist_id", 20}, {"name", 60}, {"kind", 30}});
    double r_max = 0.09 * std::min(fab.width(), fab.height());
    std::vector<std::pair<Xy, double>> placed;
    for (int d = 0, attempt = 0; d < o.districts; ++attempt) {
      if (attempt > 10000) return fail("cannot place the districts without overlap");
      double r = r_max * (0.5 + 0.5 * u01(o.seed, DistCentre, attempt, 0));
      Xy c{fab.x0() + r_max * 1.6 + (fab.width() - 3.2 * r_max) * u01(o.seed, DistCentre, attempt, 1),
           fab.y0() + r_max * 1.6 + (fab.height() - 3.2 * r_max) * u01(o.seed, DistCentre, attempt, 2)};
      bool clash = false;
      for (auto& [pc, pr] : placed)
        if (std::hypot(pc.x - c.x, pc.y - c.y) < 1.5 * (pr + r) + 200) clash = true;
      if (clash) continue;
      placed.push_back({c, r});
      std::vector<Xy> ring;
      int n = 48;
      double ph[3], am[3] = {0.18, 0.10, 0.06};
      for (int h = 0; h < 3; ++h) ph[h] = 6.283185307179586 * u01(o.seed, DistShape, d, h);
      for (int s = 0; s < n; ++s) {
        double t = 6.283185307179586 * s / n;
        double rr = r * (1.0 + am[0] * std::sin(2 * t + ph[0]) + am[1] * std::sin(3 * t + ph[1]) +
                         am[2] * std::sin(5 * t + ph[2]) + 0.04 * sym(o.seed, DistShape, d, 100 + s));
        ring.push_back({mm(c.x + rr * std::cos(t)), mm(c.y + rr * std::sin(t))});
      }
      ring.push_back(ring.front());
      OGRFeature f(w.defn());
      char id[24];
      std::snprintf(id, sizeof id, "D%02d", d + 1);
      f.SetField(0, id);
      f.SetField(1, kNames[d % 10]);
      f.SetField(2, d % 2 == 0 ? "산업개발진흥지구" : "특정개발진흥지구");
      OGRPolygon* poly = make_polygon(ring);
      if (!poly->IsValid()) return fail(std::string("district ") + id + " is not valid");
      f.SetGeometryDirectly(poly);
      w.add(f);
      ++d;
    }
    w.finish();
    std::printf("districts: %d polygons; %.1f s\n", o.districts, seconds_since(t0));
  }

  // ---- points: nine in ten inside a block (where businesses are), the rest anywhere
  if (o.points > 0) {
    Writer w(o.out_dir, "points", wkbPoint, {{"biz_id", 12}});
    for (long long n = 0; n < o.points; ++n) {
      Xy p;
      std::uint64_t un = static_cast<std::uint64_t>(n);
      if (u01(o.seed, PointKind, un) < 0.9) {
        long long blk = static_cast<long long>(u01(o.seed, PointBlock, un) * static_cast<double>(fab.blocks_x() * fab.blocks_y()));
        auto r = fab.block_rect(blk % fab.blocks_x(), blk / fab.blocks_x());
        p = {r[0] + 0.5 + (r[2] - r[0] - 1.0) * u01(o.seed, PointPos, un, 0),
             r[1] + 0.5 + (r[3] - r[1] - 1.0) * u01(o.seed, PointPos, un, 1)};
      } else {
        p = {fab.x0() + fab.width() * u01(o.seed, PointPos, un, 2), fab.y0() + fab.height() * u01(o.seed, PointPos, un, 3)};
      }
      OGRFeature f(w.defn());
      char id[24];
      std::snprintf(id, sizeof id, "B%08lld", n + 1);
      f.SetField(0, id);
      f.SetGeometryDirectly(new OGRPoint(p.x, p.y));
      w.add(f);
    }
    w.finish();
    std::printf("points: %lld; %.1f s\n", o.points, seconds_since(t0));
  }
  std::printf("written to %s in %.1f s\n", o.out_dir.c_str(), seconds_since(t0));
  return 0;
}
