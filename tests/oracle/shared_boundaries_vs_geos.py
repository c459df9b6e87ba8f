#!/usr/bin/python3
"""Parcels cut along the shipped zoning's edges, as Korean parcels and zoning lines coincide,
through `jigu classify` (from a shapefile and from a GeoPackage) and `jigu locate`, compared
with Shapely's (GEOS's) intersection areas zone by zone.

The parcels are made here, seeded: a run of 2 to 5 consecutive vertices of a zone's boundary
closed by one or two vertices to either side (shared edges and vertices), the zone itself, and
strips 1-50 mm wide along a zone's boundary; then every vertex is moved by up to 0, 1e-9, 1e-6,
1e-3 or 1e-2 m, as a second survey would place it. Each (parcel, zone code) area must equal
GEOS's to 1e-9 of the parcel's area, or to the area a one-ulp shift of its boundary makes,
whichever is larger (only a sliver's tolerance is the latter).

Usage: shared_boundaries_vs_geos.py JIGU GEODATA_DIR WORK_DIR
"""
import csv
import json
import math
import random
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
from shapely.geometry import Polygon

JITTERS = [0.0, 1e-9, 1e-6, 1e-3, 1e-2]
PER_KIND = 120  # parcels of each kind at each jitter
LOCATED = 40  # of them also through `jigu locate`


def run(cmd):
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0 or result.stderr:
        sys.exit(f"{' '.join(map(str, cmd))} failed ({result.returncode}): {result.stderr}")
    return result.stdout


def offset(p, q, d):
    """The unit normal of p -> q times d."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    n = math.hypot(dx, dy)
    return -dy / n * d, dx / n * d


def make_parcels(zoning, rng):
    rings = [list(g.exterior.coords)[:-1] for z in zoning.geometry for g in getattr(z, "geoms", [z])]
    rings += [list(h.coords)[:-1] for z in zoning.geometry for g in getattr(z, "geoms", [z]) for h in g.interiors]
    made = []
    for jitter in JITTERS:
        for kind in ("shared-edges", "whole-zone", "sliver"):
            n = 0
            while n < PER_KIND:
                if kind == "whole-zone":
                    zone = zoning.geometry.iloc[rng.randrange(len(zoning))]
                    parts = list(getattr(zone, "geoms", [zone]))
                    ring = list(parts[0].exterior.coords)[:-1]
                else:
                    r = rings[rng.randrange(len(rings))]
                    first, count = rng.randrange(len(r)), rng.randint(2, 5)
                    ring = [r[(first + k) % len(r)] for k in range(count)]
                    if math.dist(ring[0], ring[-1]) < 1.0:
                        continue
                    if kind == "shared-edges":
                        d = rng.choice((-1, 1)) * rng.uniform(1.5, 8.0)
                        ox, oy = offset(ring[0], ring[-1], d)
                        ring += [(ring[-1][0] + ox, ring[-1][1] + oy), (ring[0][0] + ox, ring[0][1] + oy)]
                    else:
                        w = rng.choice((-1, 1)) * max(rng.choice((1e-3, 5e-3, 1e-2, 5e-2)), 3 * jitter)
                        ox, oy = offset(ring[0], ring[-1], w)
                        ring += [(x + ox, y + oy) for x, y in reversed(ring)]
                moved = {}
                ring = [moved.setdefault(p, (p[0] + rng.uniform(-jitter, jitter),
                                             p[1] + rng.uniform(-jitter, jitter))) for p in ring]
                poly = Polygon(ring)
                if not poly.is_valid or poly.area <= 0:
                    continue
                n += 1
                made.append((f"P{len(made):05d}", kind, jitter, poly))
    return made


def tolerance(poly):
    minx, miny, maxx, maxy = poly.bounds
    scale = max(abs(minx), abs(maxx), abs(miny), abs(maxy))
    return max(1e-9 * poly.area, (math.nextafter(scale, math.inf) - scale) * poly.length)


def main():
    jigu, geodata, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    work.mkdir(parents=True, exist_ok=True)
    zoning = gpd.read_file(geodata / "zoning.shp")[["zone_id", "code", "name", "geometry"]]
    made = make_parcels(zoning, random.Random(20261203))
    parcels = gpd.GeoDataFrame({"pnu": [m[0] for m in made], "jibun": [m[1] for m in made]},
                               geometry=[m[3] for m in made], crs=zoning.crs)

    expected = {}  # (parcel id, zone code) -> GEOS's area
    for pid, _, _, poly in made:
        for code, zone in zip(zoning.code, zoning.geometry):
            if poly.intersects(zone):
                a = poly.intersection(zone).area
                expected[(pid, code)] = expected.get((pid, code), 0.0) + a
        rest = poly.area - sum(a for (p, _), a in expected.items() if p == pid)
        if rest > tolerance(poly):
            expected[(pid, "-")] = rest  # outside the zoning: classify's '-'
    info = {m[0]: m for m in made}

    failed = 0
    checked = 0

    def compare(label, pid, code, mine):
        nonlocal failed, checked
        checked += 1
        want = expected.get((pid, code), 0.0)
        _, kind, jitter, poly = info[pid]
        if abs(mine - want) > tolerance(poly):
            failed += 1
            if failed <= 10:
                print(f"{label} {pid} ({kind}, jitter {jitter:g}) zone {code}: jigu {mine!r}, "
                      f"GEOS {want!r}, parcel {poly.area!r}")

    for fmt, name in (("ESRI Shapefile", "parcels.shp"), ("GPKG", "parcels.gpkg")):
        parcels.to_file(work / name, driver=fmt)
        workspace = work / f"{Path(name).suffix[1:]}.toml"
        workspace.write_text(
            '[workspace]\nname = "parcels along the shipped zoning\'s edges"\ncrs = "EPSG:5186"\n\n'
            f'[layers.districts]\nsource = "{(geodata / "districts.shp").resolve()}"\n'
            'id_field = "dist_id"\nname_field = "name"\n\n'
            f'[layers.zoning]\nsource = "{(geodata / "zoning.shp").resolve()}"\n'
            'id_field = "zone_id"\ncode_field = "code"\nname_field = "name"\n\n'
            f'[layers.parcels]\nsource = "{name}"\nid_field = "pnu"\nname_field = "jibun"\n',
            encoding="utf-8")
        out = work / f"classified-{Path(name).suffix[1:]}.csv"
        run([jigu, "-w", workspace, "classify", "-o", out, "--overwrite"])
        with open(out, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                area = float(row["area_m2"])
                mine = {}
                for item in filter(None, row["zones"].split(";")):
                    code, share = item.rsplit(":", 1)
                    mine[code] = float(share) * area
                for code in set(mine) | {c for (p, c) in expected if p == row["id"]}:
                    compare(f"classify ({name})", row["id"], code, mine.get(code, 0.0))

    workspace = work / "gpkg.toml"
    for pid, _, _, poly in random.Random(7).sample(made, LOCATED):
        wkt = "POLYGON((" + ", ".join(f"{x!r} {y!r}" for x, y in poly.exterior.coords) + "))"
        answer = json.loads(run([jigu, "-w", workspace, "--format", "json", "locate", "--wkt", wkt,
                                 "--crs", "EPSG:5186"]))
        mine = {z["code"] or "-": z["area_m2"] for z in answer["zones"]}
        for code in set(mine) | {c for (p, c) in expected if p == pid}:
            compare("locate", pid, code, mine.get(code, 0.0))

    print(f"{len(made)} parcels along zone edges; {checked - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
