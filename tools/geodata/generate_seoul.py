#!/usr/bin/python3
"""Generate jigu's shipped, illustrative Seoul dataset (geodata/seoul/).

Writes districts.shp, zoning.shp and parcels.shp (EPSG:5186, CP949 DBF + .cpg), then
reads the files back and validates them; any failed check exits 1.  The workspace
file geodata/seoul/jigu.toml is hand-written and left alone.

Real: the anchor addresses and their 법정동, the 법정동 codes, the PNU format, the
official district areas and types, the zone codes and the known base zoning.
Illustrative: every polygon shape, the zoning blocks, the parcels and their jibun
(except the three anchor parcels). See geodata/README.md.

Usage: /usr/bin/python3 tools/geodata/generate_seoul.py [OUTPUT_DIR]
Deterministic: same GDAL/GEOS build in, byte-identical files out (fixed seeds,
fixed feature order, fixed DBF date).
"""
import math
import os
import random
import sys

from osgeo import gdal, ogr, osr

SEED = 5186
DBF_DATE = "2013-01-03"  # fixed DBF "last update" date, so reruns are byte-identical
EPSG = 5186

ZONE_NAMES = {  # zoning-facts.md §2.1, names exactly as there
    "UQA122": "제2종일반주거지역", "UQA123": "제3종일반주거지역", "UQA130": "준주거지역",
    "UQA220": "일반상업지역", "UQA230": "근린상업지역", "UQA330": "준공업지역",
}

# Anchors: EPSG:5186, rounded to 1 m.  Chosen once from the real 법정동 polygons of
# ../shared/data/seoul-maps-juso2015/seoul_neighborhoods.shp (EPSG:4326 -> 5186 with
# osr, traditional GIS order), so that each point lies inside its named 법정동:
#   성수동2가 (EMD_CD 11200115): lon 127.056000 lat 37.543000 -> 364 m inside the dong
#   서교동   (EMD_CD 11440120): lon 126.922005 lat 37.551997 -> 179 m inside (Hongdae area)
#   묘동     (EMD_CD 11110151): lon 126.992133 lat 37.571412 -> 43 m inside; the point of
#            묘동 (a 190 m wide strip) farthest from its boundary, near 돈화문로/종로3가
# Dong seeds: a parcel takes the 법정동 of the nearest seed ("rough direction").  The
# seeds are the centroids of (real dong polygon ∩ one ninth of the box), for pieces
# over 1 % of the box, computed once from the same file; dongs not in
# zoning-facts.md §6 (e.g. 창전동, 낙원동, 훈정동) fall to their nearest listed neighbour.
DISTRICTS = [
    dict(dist_id="seongsu-it", name="성수 IT 산업개발진흥지구",
         name_en="Seongsu IT Industrial Development Promotion District",
         kind="산업개발진흥지구", area_off=539406, sgg_cd="11200",
         anchor=(204949, 549278), anchor_bjd="1120011500", anchor_jibun=(277, 28),
         blob=dict(n=30, aspect=1.3, bias=0.18, bias_dir=0.0),
         cell_w=(23, 37), cell_h=(22, 32),
         dongs=[("1120011500", "성수동2가", [(204637, 548907), (204609, 549305), (204599, 549671),
                 (205008, 548892), (205008, 549289), (205008, 549686), (205406, 548916), (205493, 549303),
                 (205542, 549671)]),
                ("1120011400", "성수동1가", [(204372, 548883), (204355, 549275), (204335, 549702)])],
         # all 준공업 (PRODUCT.md, zoning-facts §4.2) but one 제2종 corner block outside
         default_zone="UQA330", zones=[("UQA122", 530, -9999, 9999, -470)],
         straddlers=[("abs", 300.0), ("frac", 0.45)]),
    dict(dist_id="mapo-design", name="마포 디자인·출판 특정개발진흥지구",
         name_en="Mapo Design and Publishing Specific Development Promotion District",
         kind="특정개발진흥지구", area_off=746994, sgg_cd="11440",
         anchor=(193108, 550278), anchor_bjd="1144012000", anchor_jibun=(395, 0),
         blob=dict(n=34, aspect=1.1, bias=0.15, bias_dir=math.radians(35)),
         cell_w=(20, 32), cell_h=(22, 32),
         dongs=[("1144012000", "서교동", [(192734, 549967), (192674, 550287), (192655, 550754), (193134, 550314),
                 (193203, 550628), (193583, 550485), (193636, 550655)]),
                ("1144011500", "상수동", [(193225, 549765), (193348, 550162), (193527, 549743), (193516, 550162)]),
                ("1144012200", "합정동", [(192636, 549732)]),
                ("1144012100", "동교동", [(193179, 550858), (193692, 550845)]),
                ("1144012300", "망원동", [(191153, 550668)])],  # west of the box: no parcels
         # mostly 제2종/제3종일반주거 (zoning-facts §4.3: 260/325 % max FAR) with
         # commercial blocks and a 준주거 strip; the layout itself is illustrative
         default_zone="UQA122",
         zones=[("UQA220", -150, 330, 260, 9999), ("UQA130", -480, 230, 480, 330),
                ("UQA230", 90, -170, 300, 60), ("UQA220", -9999, -9999, -420, -520),
                ("UQA123", -9999, -9999, 9999, -300), ("UQA123", 420, -300, 9999, 230)],
         straddlers=[("abs", 300.0), ("frac", 0.45), ("abs", 310.0), ("frac", 0.4)]),
    dict(dist_id="jongno-jewelry", name="종로 귀금속 특정개발진흥지구",
         name_en="Jongno Jewelry Specific Development Promotion District",
         kind="특정개발진흥지구", area_off=140855, sgg_cd="11110",
         anchor=(199305, 552430), anchor_bjd="1111015100", anchor_jibun=(53, 0),
         blob=dict(n=24, aspect=1.35, bias=0.22, bias_dir=math.radians(-15)),
         cell_w=(16, 30), cell_h=(18, 30),
         dongs=[("1111015100", "묘동", [(199297, 552456), (199243, 552647)]),
                ("1111015200", "봉익동", [(199408, 552462), (199337, 552621)]),
                ("1111015300", "돈의동", [(199215, 552446)]),
                ("1111015400", "장사동", [(199414, 552180), (199585, 552180)]),
                ("1111015500", "관수동", [(199090, 552166), (199244, 552171)]),
                ("1111015600", "종로3가", [(199120, 552307), (199348, 552321)]),
                ("1111015700", "인의동", [(199754, 552468), (199773, 552646)]),
                ("1111015800", "예지동", [(199748, 552204), (199741, 552281)])],
         # mostly 일반상업 (likely, zoning-facts §4.4), 제3종/준주거 at the edges
         default_zone="UQA220",
         zones=[("UQA123", -9999, 100, -150, 9999), ("UQA130", 140, 90, 9999, 9999),
                ("UQA123", 300, -9999, 9999, -330)],
         straddlers=[("abs", 300.0), ("frac", 0.48), ("abs", 290.0)]),
]
MARGIN_M = 250.0   # box = district bbox grown by at least this much on every side
JITTER_M = 1.5     # interior grid vertices move up to this much: "slightly irregular"
MM = 1000          # coordinates are whole millimetres


def fail(msg):
    sys.stderr.write("generate_seoul: %s\n" % msg)
    sys.exit(1)


def shoelace2(ring):
    """Twice the signed area of an implicitly closed ring (ints stay exact)."""
    return sum(ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1] for i in range(len(ring)))


def district_ring(d, rng):
    """Star-shaped blob around the anchor, in whole mm, with area exactly official.

    Angles strictly increase and radii stay positive, so the ring is simple and
    contains the anchor; scaling about the anchor keeps both true.  Rounding to mm
    moves the area by ~1 m², so afterwards two coordinates are nudged by whole mm
    (under 0.3 m) until twice the area in mm² is within 2000 of the target, i.e. the
    area is within 0.001 m² of the official figure, computed on the stored values."""
    b = d["blob"]
    n = b["n"]
    ph2, ph3, ph5 = (rng.uniform(0, 2 * math.pi) for _ in range(3))
    sx, sy = math.sqrt(b["aspect"]), 1 / math.sqrt(b["aspect"])
    pts = []
    for k in range(n):
        t = 2 * math.pi * (k + rng.uniform(-0.3, 0.3)) / n
        r = (1 + b["bias"] * math.cos(t - b["bias_dir"]) + 0.10 * math.cos(2 * t + ph2)
             + 0.07 * math.cos(3 * t + ph3) + 0.04 * math.cos(5 * t + ph5) + rng.uniform(-0.05, 0.05))
        pts.append((sx * r * math.cos(t), sy * r * math.sin(t)))
    s = math.sqrt(2.0 * d["area_off"] / shoelace2(pts))
    ax, ay = d["anchor"]
    ring = [[round((ax + s * x) * MM), round((ay + s * y) * MM)] for x, y in pts]
    target = 2 * d["area_off"] * MM * MM
    err = shoelace2(ring) - target
    # d(2A)/dx_i = y_{i+1} - y_{i-1};  d(2A)/dy_i = x_{i-1} - x_{i+1}
    coefs = []
    for i in range(n):
        nxt, prv = ring[(i + 1) % n], ring[i - 1]
        coefs += [(i, 0, nxt[1] - prv[1]), (i, 1, prv[0] - nxt[0])]
    coefs.sort(key=lambda c: -abs(c[2]))
    (ia, xa, ca), rest = coefs[0], coefs[1:]
    for ib, xb, cb in rest:
        if ib == ia or cb == 0:
            continue
        for ka in sorted(range(-300, 301), key=abs):
            r = err + ka * ca
            kb = round(-r / cb)
            if abs(kb) <= 300 and abs(r + kb * cb) <= 2000:
                ring[ia][xa] += ka
                ring[ib][xb] += kb
                return [(x / MM, y / MM) for x, y in ring]
    fail("%s: could not fit the area" % d["dist_id"])


def breaks(lo_target, hi_target, centre, wrange, every, road, rng):
    """Grid lines (integer metres) along one axis: a parcel cell centred on the anchor,
    then parcel cells of random width, with a road strip after every few cells, out to
    beyond the target range.  Returns (lines, is_road per cell)."""
    w0 = 2 * (rng.randint(*wrange) // 2)
    right, left = [centre + w0 // 2], [centre - w0 // 2]
    kinds_r, kinds_l = [], []
    for lines, kinds, sign, stop in ((right, kinds_r, 1, hi_target), (left, kinds_l, -1, lo_target)):
        count, limit = 1, rng.randint(*every)
        while (lines[-1] - stop) * sign < 0:
            if count >= limit:
                width, is_road, count, limit = rng.randint(*road), True, 0, rng.randint(*every)
            else:
                width, is_road, count = rng.randint(*wrange), False, count + 1
            lines.append(lines[-1] + sign * width)
            kinds.append(is_road)
    return left[::-1] + right, kinds_l[::-1] + [False] + kinds_r


class Box:
    """One district's surroundings: a jittered grid of parcel and road cells."""

    def __init__(self, d, ring, rng):
        self.d = d
        ax, ay = d["anchor"]
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        self.xl, self.xk = breaks(min(xs) - MARGIN_M, max(xs) + MARGIN_M, ax, d["cell_w"], (4, 7), (8, 14), rng)
        self.yl, self.yk = breaks(min(ys) - MARGIN_M, max(ys) + MARGIN_M, ay, d["cell_h"], (2, 2), (6, 10), rng)
        self.nx, self.ny = len(self.xl) - 1, len(self.yl) - 1
        self.env = (self.xl[0], self.xl[-1], self.yl[0], self.yl[-1])
        self.v = {}  # (i, j) -> (x, y): jittered vertex, mm, shared by all cells using it
        for j in range(self.ny + 1):
            for i in range(self.nx + 1):
                dx = 0.0 if i in (0, self.nx) else rng.uniform(-JITTER_M, JITTER_M)
                dy = 0.0 if j in (0, self.ny) else rng.uniform(-JITTER_M, JITTER_M)
                self.v[i, j] = (round(self.xl[i] + dx, 3), round(self.yl[j] + dy, 3))
        self.extra = {}  # (i, j) -> point inserted on the horizontal edge v(i,j)-v(i+1,j)
        self.zone = {c: self.zone_at(c) for c in self.cells()}
        self.anchor_cell = next(c for c in self.cells() if self.cell_poly(c).Contains(pt(ax, ay)))
        self.split = {}  # cell -> (P on bottom edge, Q on top edge, part area, target)

    def cells(self):
        """Cells north-west first, row by row: the fixed order of everything derived."""
        return [(i, j) for j in range(self.ny - 1, -1, -1) for i in range(self.nx)]

    def is_road(self, c):
        return self.xk[c[0]] or self.yk[c[1]]

    def centre(self, c):
        i, j = c
        return (self.xl[i] + self.xl[i + 1]) / 2.0, (self.yl[j] + self.yl[j + 1]) / 2.0

    def zone_at(self, c):
        x, y = self.centre(c)
        x, y = x - self.d["anchor"][0], y - self.d["anchor"][1]
        for code, x0, y0, x1, y1 in self.d["zones"]:
            if x0 <= x < x1 and y0 <= y < y1:
                return code
        return self.d["default_zone"]

    def corners(self, c):
        i, j = c
        return self.v[i, j], self.v[i + 1, j], self.v[i + 1, j + 1], self.v[i, j + 1]

    def ring(self, c):
        """Cell ring (counter-clockwise) with any points other cells inserted on its
        horizontal edges, so neighbours share every vertex and tile exactly."""
        i, j = c
        bl, br, tr, tl = self.corners(c)
        out = [bl] + ([self.extra[i, j]] if (i, j) in self.extra else []) + [br, tr]
        return out + ([self.extra[i, j + 1]] if (i, j + 1) in self.extra else []) + [tl]

    def cell_poly(self, c):
        return polygon(self.ring(c))

    def make_straddlers(self):
        """Split a few parcel cells whose east neighbour lies in another zone with a
        line from bottom to top edge; the east part joins the neighbour's zone.  The
        parcel stays whole, so it straddles two zones with a chosen smaller part."""
        ax, ay = self.d["anchor"]
        cand = [c for c in self.cells() if c[0] + 1 < self.nx and not self.is_road(c)
                and not self.is_road((c[0] + 1, c[1])) and c != self.anchor_cell
                and self.zone[c] != self.zone[c[0] + 1, c[1]]]
        cand.sort(key=lambda c: (math.hypot(self.centre(c)[0] - ax, self.centre(c)[1] - ay), c))
        for kind, val in self.d["straddlers"]:
            for c in cand:
                area = self.cell_poly(c).GetArea()
                target = val if kind == "abs" else val * area
                unfit = target > 0.45 * area if kind == "abs" else target < 340  # clear of 330
                if unfit or any(
                        abs(c[0] - s[0]) <= 2 and abs(c[1] - s[1]) <= 2 for s in self.split):
                    continue
                self.split[c] = self.cut(c, target)
                cand.remove(c)
                break
            else:
                fail("%s: no cell for straddler %s %s" % (self.d["dist_id"], kind, val))

    def cut(self, c, target):
        bl, br, tr, tl = self.corners(c)
        lerp = lambda a, b, t: (round(a[0] + t * (b[0] - a[0]), 3), round(a[1] + t * (b[1] - a[1]), 3))
        lo, hi = 0.0, 1.0
        for _ in range(60):  # bisection on the east part's area, monotone in t
            t = (lo + hi) / 2
            p, q = lerp(br, bl, t), lerp(tr, tl, t)
            area = abs(shoelace2([p, br, tr, q])) / 2
            lo, hi = (t, hi) if area < target else (lo, t)
        i, j = c
        self.extra[i, j], self.extra[i, j + 1] = p, q
        return p, q, area, target

    def zone_pieces(self):
        """Connected same-zone regions (4-neighbour) as lists of piece polygons."""
        owner, comps = {}, []
        for c in self.cells():
            if c in owner:
                continue
            owner[c] = len(comps)
            comps.append([c])
            stack = [c]
            while stack:
                i, j = stack.pop()
                for n in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
                    if 0 <= n[0] < self.nx and 0 <= n[1] < self.ny and n not in owner \
                            and self.zone[n] == self.zone[c]:
                        owner[n] = owner[c]
                        comps[-1].append(n)
                        stack.append(n)
        pieces = [[] for _ in comps]
        for k, comp in enumerate(comps):
            for c in comp:
                if c not in self.split:
                    pieces[k].append(self.cell_poly(c))
                    continue
                (i, j), (p, q, _, _) = c, self.split[c]
                bl, br, tr, tl = self.corners(c)
                pieces[k].append(polygon([bl, p, q, tl]))
                pieces[owner[i + 1, j]].append(polygon([p, br, tr, q]))
        return [(self.zone[comp[0]], ps) for comp, ps in zip(comps, pieces)]


def pt(x, y):
    g = ogr.Geometry(ogr.wkbPoint)
    g.AddPoint_2D(x, y)
    return g


def area(g):
    """Area of the surface part of g (an intersection may also hold lines, points)."""
    t = ogr.GT_Flatten(g.GetGeometryType())
    if t in (ogr.wkbPolygon, ogr.wkbMultiPolygon):
        return g.GetArea()
    if t == ogr.wkbGeometryCollection:
        return sum(area(g.GetGeometryRef(k)) for k in range(g.GetGeometryCount()))
    return 0.0


def union_of(geoms):
    mp = ogr.Geometry(ogr.wkbMultiPolygon)
    for g in geoms:
        mp.AddGeometry(g)
    return mp.UnionCascaded()


def polygon(coords):
    r = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in list(coords) + [coords[0]]:
        r.AddPoint_2D(x, y)
    g = ogr.Geometry(ogr.wkbPolygon)
    g.AddGeometry(r)
    return g


def assign_jibun(box, parcels):
    """법정동 by nearest dong seed; 본번 per block (cells between roads) within a dong,
    numbered north-west first; 부번 0, 1, 2 ... within it.  The anchor parcel keeps
    its real jibun, and its 본번 is never given to another block."""
    d = box.d
    blocks = {}
    for c in parcels:
        if c == box.anchor_cell:
            continue
        x, y = box.centre(c)
        bjd = min(((x - sx) ** 2 + (y - sy) ** 2, code, name)
                  for code, name, seeds in d["dongs"] for sx, sy in seeds)[1:]
        bi, bj = sum(box.xk[:c[0]]), -sum(box.yk[:c[1]])
        blocks.setdefault(bjd, {}).setdefault((bj, bi), []).append(c)
    out = {box.anchor_cell: (d["anchor_bjd"], dict((s[0], s[1]) for s in d["dongs"])[d["anchor_bjd"]],
                             d["anchor_jibun"])}
    for bjd in sorted(blocks):
        bon = 0
        for key in sorted(blocks[bjd]):
            bon += 1
            if bjd[0] == d["anchor_bjd"] and bon == d["anchor_jibun"][0]:
                bon += 1
            for bu, c in enumerate(blocks[bjd][key]):
                out[c] = (bjd[0], bjd[1], (bon, bu))
    return out


def write_layer(path, fields, rows):
    """rows: (values, geometry).  CP949 DBF with a .cpg, EPSG:5186 .prj, fixed date."""
    for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx"):  # no stale index
        if os.path.exists(path[:-4] + ext):
            os.remove(path[:-4] + ext)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(path)
    lyr = ds.CreateLayer(os.path.basename(path)[:-4], srs, ogr.wkbPolygon,
                         ["ENCODING=CP949", "DBF_DATE_LAST_UPDATE=" + DBF_DATE])
    for name, ftype, width, prec in fields:
        fd = ogr.FieldDefn(name, ftype)
        fd.SetWidth(width)
        fd.SetPrecision(prec)
        lyr.CreateField(fd)
    for values, geom in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for (name, _, _, _), v in zip(fields, values):
            f[name] = v
        f.SetGeometry(geom)
        lyr.CreateFeature(f)
    ds = None


def read_layer(path):
    ds = ogr.Open(path)
    lyr = ds.GetLayer()
    srs = lyr.GetSpatialRef().Clone()
    names = [lyr.GetLayerDefn().GetFieldDefn(k).GetName() for k in range(lyr.GetLayerDefn().GetFieldCount())]
    feats = [({n: f[n] for n in names}, f.GetGeometryRef().Clone()) for f in lyr]
    return feats, srs


def dbf_strings(path):
    """Raw DBF string values decoded strictly as CP949 (proves the bytes are CP949)."""
    with open(path, "rb") as fh:
        data = fh.read()
    nrec, hlen, rlen = (int.from_bytes(data[a:b], "little") for a, b in ((4, 8), (8, 10), (10, 12)))
    fields, off = [], 32
    while data[off] != 0x0D:
        fields.append((data[off:off + 11].split(b"\0")[0].decode("ascii"), data[off + 16]))
        off += 32
    rows = []
    for r in range(nrec):
        pos, row = hlen + r * rlen + 1, {}
        for name, width in fields:
            row[name] = data[pos:pos + width].decode("cp949").strip()
            pos += width
        rows.append(row)
    return rows


def check(cond, msg):
    if not cond:
        fail("check failed: " + msg)


def check_files(out):
    """Per layer: CRS, .cpg, DBF bytes really CP949 and equal to what GDAL decodes,
    every geometry a valid polygon with whole-millimetre coordinates."""
    layers = {}
    for name in ("districts", "zoning", "parcels"):
        path = os.path.join(out, name + ".shp")
        feats, srs = read_layer(path)
        layers[name] = feats
        check(srs.GetAuthorityCode(None) == "5186" or (
            [srs.GetProjParm(p) for p in ("latitude_of_origin", "central_meridian", "scale_factor",
                                          "false_easting", "false_northing")] == [38, 127, 1, 200000, 600000]
            and srs.GetSemiMajor() == 6378137 and abs(srs.GetInvFlattening() - 298.257222101) < 1e-9),
            name + ": CRS is not EPSG:5186")
        with open(path[:-4] + ".cpg") as fh:
            check(fh.read().strip().upper() in ("CP949", "949"), name + ": .cpg")
        raw = dbf_strings(path[:-4] + ".dbf")
        check(len(raw) == len(feats), name + ": DBF record count")
        for (attrs, geom), rrow in zip(feats, raw):
            check(geom.GetGeometryType() == ogr.wkbPolygon and geom.IsValid(), "%s %s: valid" % (name, attrs))
            for k in range(geom.GetGeometryCount()):
                for x, y in geom.GetGeometryRef(k).GetPoints():
                    check(abs(x * MM - round(x * MM)) < 1e-4 and abs(y * MM - round(y * MM)) < 1e-4,
                          "%s %s: coordinates in whole mm" % (name, attrs))
            for k, v in attrs.items():
                if isinstance(v, str):
                    check(rrow[k] == v.strip(), "%s %s: CP949 bytes = GDAL text" % (name, k))
    return layers


def check_box(box, dgeom, zoning, parcels, roads):
    """One box: zoning is a partition of it, covers the district as required; parcels
    plus road strips tile it; the anchor parcel holds the anchor."""
    d, (x0, x1, y0, y1) = box.d, box.env
    check(abs(dgeom.GetArea() - d["area_off"]) <= 0.01, d["dist_id"] + ": area")
    check(15 <= dgeom.GetGeometryRef(0).GetPointCount() - 1 <= 40, d["dist_id"] + ": vertex count")
    check(dgeom.Contains(pt(*d["anchor"])), d["dist_id"] + ": contains anchor")
    dx0, dx1, dy0, dy1 = dgeom.GetEnvelope()
    check(min(dx0 - x0, x1 - dx1, dy0 - y0, y1 - dy1) >= MARGIN_M, d["dist_id"] + ": margin")
    box_geom = polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    boxa = box_geom.GetArea()
    zones = [(a, g) for a, g in zoning if g.Within(box_geom)]
    for k in range(len(zones)):
        for m in range(k + 1, len(zones)):
            check(area(zones[k][1].Intersection(zones[m][1])) < 1e-6, d["dist_id"] + ": zoning overlap")
    union = union_of(g for _, g in zones)
    check(abs(union.GetArea() - boxa) <= 1e-6 * boxa, d["dist_id"] + ": zoning covers box")
    check(area(dgeom.Difference(union)) < 1e-6, d["dist_id"] + ": zoning covers district")
    box.district_zones = sorted({a["code"] for a, g in zones if area(g.Intersection(dgeom)) > 1.0})
    check(box.district_zones == ["UQA330"] if d["dist_id"] == "seongsu-it" else len(box.district_zones) >= 2,
          d["dist_id"] + ": zones in district")
    tiles = [g for a, g in parcels if a["pnu"][:5] == d["sgg_cd"]] + roads
    check(all(g.Within(box_geom) for g in tiles), d["dist_id"] + ": parcels inside box")
    # sum of areas = box area = area of the union: no gaps and no overlaps
    check(abs(sum(g.GetArea() for g in tiles) - boxa) <= 1e-9 * boxa, d["dist_id"] + ": tiling area")
    check(abs(union_of(tiles).GetArea() - boxa) <= 1e-9 * boxa, d["dist_id"] + ": parcel overlap")
    box.inside = [a["pnu"] for a, g in parcels if a["pnu"][:5] == d["sgg_cd"] and g.Within(dgeom)]
    check(box.inside, d["dist_id"] + ": no parcel wholly inside")
    box.anchor_pnu = "%s1%04d%04d" % ((d["anchor_bjd"],) + d["anchor_jibun"])
    hits = [a for a, g in parcels if g.Contains(pt(*d["anchor"]))]
    check(len(hits) == 1 and hits[0]["pnu"] == box.anchor_pnu and hits[0]["note"] == "anchor",
          box.anchor_pnu + ": anchor parcel")
    return len(zones)


def validate(out, boxes, roads):
    """Read every written layer back and check what the README promises."""
    layers = check_files(out)
    zoning, parcels = layers["zoning"], layers["parcels"]
    for attrs, _ in zoning:
        check(ZONE_NAMES.get(attrs["code"]) == attrs["name"], "zone name " + attrs["code"])
    for a, _ in parcels:
        bon, bu = int(a["pnu"][11:15]), int(a["pnu"][15:])
        check(len(a["pnu"]) == 19 and a["pnu"].isdigit() and a["pnu"][:10] == a["bjd_cd"]
              and a["pnu"][10] == "1" and a["jibun"] == ("%d-%d" % (bon, bu) if bu else str(bon)), a["pnu"])
    check(len({a["pnu"] for a, _ in parcels}) == len(parcels), "PNUs are not unique")
    nzones = sum(check_box(box, dgeom, zoning, parcels, roads[box.d["dist_id"]])
                 for box, (_, dgeom) in zip(boxes, layers["districts"]))
    check(nzones == len(zoning), "every zoning feature lies in one box")
    # straddlers, measured on the files: exactly the tagged parcels cross a zone line
    envs = [g.GetEnvelope() for _, g in zoning]
    straddlers = []
    for a, g in parcels:
        x0, x1, y0, y1 = g.GetEnvelope()
        near = [z for (_, z), e in zip(zoning, envs) if e[0] <= x1 and e[1] >= x0 and e[2] <= y1 and e[3] >= y0]
        home = next(z for z in near if z.Contains(g.PointOnSurface()))
        if g.Within(home):
            check(a["note"] != "straddles-zones", a["pnu"] + ": tagged but in one zone")
            continue
        check(a["note"] == "straddles-zones", a["pnu"] + ": straddles zones but is not tagged")
        parts = sorted(((area(g.Intersection(z)), za["code"]) for za, z in zoning if g.Intersects(z)), reverse=True)
        parts = [(c, round(s, 2)) for s, c in parts if s > 1e-6]
        check(len(parts) == 2, a["pnu"] + ": straddles more than two zones")
        straddlers.append((a["pnu"], parts))
    for box in boxes:
        small = [p[1][1] for pnu, p in straddlers if pnu[:5] == box.d["sgg_cd"]]
        check(any(s <= 330 for s in small) and any(s > 330 for s in small), box.d["dist_id"] + ": straddlers")
    return layers, straddlers


def main(argv):
    gdal.UseExceptions()
    ogr.UseExceptions()
    gdal.SetConfigOption("SHAPE_ENCODING", None)  # honour the .cpg, not the caller's env
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = argv[1] if len(argv) > 1 else os.path.join(repo, "geodata", "seoul")
    os.makedirs(out, exist_ok=True)

    dist_rows, zone_rows, parcel_rows, boxes, roads = [], [], [], [], {}
    for n, d in enumerate(DISTRICTS):
        rng = random.Random(SEED * 10 + n)
        ring = district_ring(d, rng)
        dist_rows.append(((d["dist_id"], d["name"], d["name_en"], d["kind"], float(d["area_off"]), d["sgg_cd"]),
                          polygon(ring)))
        box = Box(d, ring, rng)
        box.make_straddlers()
        boxes.append(box)
        for code, pieces in box.zone_pieces():
            u = union_of(pieces)
            if u.GetGeometryType() != ogr.wkbPolygon:
                fail("%s: zone region is not one polygon" % d["dist_id"])
            zone_rows.append((("Z%04d" % (len(zone_rows) + 1), code, ZONE_NAMES[code]), u))
        cells = [c for c in box.cells() if not box.is_road(c)]
        roads[d["dist_id"]] = [box.cell_poly(c) for c in box.cells() if box.is_road(c)]
        for c, (bjd, bjd_nm, (bon, bu)) in assign_jibun(box, cells).items():
            pnu = "%s1%04d%04d" % (bjd, bon, bu)
            note = "anchor" if c == box.anchor_cell else ("straddles-zones" if c in box.split else "")
            jibun = "%d-%d" % (bon, bu) if bu else "%d" % bon
            parcel_rows.append(((pnu, bjd, bjd_nm, jibun, note), box.cell_poly(c)))
    parcel_rows.sort(key=lambda r: r[0][0])

    S, R = ogr.OFTString, ogr.OFTReal
    write_layer(os.path.join(out, "districts.shp"),
                [("dist_id", S, 20, 0), ("name", S, 60, 0), ("name_en", S, 80, 0), ("kind", S, 30, 0),
                 ("area_off", R, 12, 1), ("sgg_cd", S, 5, 0)], dist_rows)
    write_layer(os.path.join(out, "zoning.shp"),
                [("zone_id", S, 8, 0), ("code", S, 8, 0), ("name", S, 30, 0)], zone_rows)
    write_layer(os.path.join(out, "parcels.shp"),
                [("pnu", S, 19, 0), ("bjd_cd", S, 10, 0), ("bjd_nm", S, 20, 0), ("jibun", S, 12, 0),
                 ("note", S, 20, 0)], parcel_rows)

    layers, straddlers = validate(out, boxes, roads)
    summary(out, boxes, layers, straddlers)
    return 0


def summary(out, boxes, layers, straddlers):
    """A few lines for geodata/README.md: areas, anchors, example parcels."""
    src = osr.SpatialReference()
    src.ImportFromEPSG(EPSG)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    for srs in (src, dst):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_ll = osr.CoordinateTransformation(src, dst)
    print("wrote %s: %d districts, %d zoning, %d parcels" % (
        out, len(layers["districts"]), len(layers["zoning"]), len(layers["parcels"])))
    for box, (a, g) in zip(boxes, layers["districts"]):
        lon, lat, _ = to_ll.TransformPoint(*box.d["anchor"])
        print("%s: area %.3f m2 (official %d), zones %s, box %s, anchor %s = lon %.6f lat %.6f, "
              "anchor parcel %s %s, %d parcels wholly inside (first %s)" % (
                  a["dist_id"], g.GetArea(), a["area_off"], ",".join(box.district_zones), box.env,
                  box.d["anchor"], lon, lat, box.anchor_pnu,
                  "wholly inside" if box.anchor_pnu in box.inside else "partly inside",
                  len(box.inside), box.inside[0]))
    inside = {p for box in boxes for p in box.inside}
    for pnu, parts in straddlers:
        print("straddler %s%s: %s" % (pnu, " (wholly inside its district)" if pnu in inside else "",
                                      ", ".join("%s %.2f m2" % p for p in parts)))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
