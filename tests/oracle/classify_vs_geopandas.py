#!/usr/bin/python3
"""Cross-checks `jigu classify` and `jigu overlay` against GeoPandas (Shapely), an independent
overlay pipeline, on the shipped Seoul geodata: every parcel's area and every (parcel, zone)
part area must agree to 1e-6 of the parcel's area, and every (district, zone) area to 1e-6 of
the district's area.

Usage: classify_vs_geopandas.py JIGU GEODATA_DIR WORK_DIR
"""
import csv
import subprocess
import sys
from pathlib import Path

import geopandas as gpd

TOLERANCE = 1e-6


def run(cmd):
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0 or result.stderr:
        sys.exit(f"{' '.join(cmd)} failed ({result.returncode}): {result.stderr}")
    return result.stdout


def jigu_parts(jigu, work):
    """(parcel id -> area, {(parcel id, zone code) -> area}) from a classify CSV."""
    out = work / "classified.csv"
    run([jigu, "classify", "-o", str(out), "--overwrite"])
    areas, parts = {}, {}
    with open(out, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            area = float(row["area_m2"])
            areas[row["id"]] = area
            for item in row["zones"].split(";"):
                code, share = item.rsplit(":", 1)
                parts[(row["id"], code)] = float(share) * area
    return areas, parts


def geopandas_parts(geodata):
    parcels = gpd.read_file(geodata / "parcels.shp")[["pnu", "geometry"]]
    zoning = gpd.read_file(geodata / "zoning.shp")[["code", "geometry"]]
    pieces = gpd.overlay(parcels, zoning, how="intersection", keep_geom_type=True)
    pieces["area"] = pieces.geometry.area
    parts = {(r.pnu, r.code): r.area for r in pieces.groupby(["pnu", "code"], as_index=False)["area"].sum().itertuples()}
    areas = dict(zip(parcels.pnu, parcels.geometry.area))
    covered = pieces.groupby("pnu")["area"].sum()
    for pnu, area in areas.items():
        rest = area - covered.get(pnu, 0.0)
        if rest > 1e-9 * area:
            parts[(pnu, "-")] = rest
    return areas, parts


def compare(label, jigu, oracle, scale):
    failed = 0
    for key in sorted(set(jigu) | set(oracle)):
        a, b = jigu.get(key, 0.0), oracle.get(key, 0.0)
        if abs(a - b) > TOLERANCE * scale(key):
            failed += 1
            if failed <= 10:
                print(f"{label} {key}: jigu {a!r} vs geopandas {b!r}")
    return failed


def main():
    jigu, geodata, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    work.mkdir(parents=True, exist_ok=True)
    j_areas, j_parts = jigu_parts(jigu, work)
    g_areas, g_parts = geopandas_parts(geodata)
    failed = compare("parcel area", j_areas, g_areas, lambda k: g_areas[k])
    failed += compare("parcel zone part", j_parts, g_parts, lambda k: g_areas[k[0]])

    rows = list(csv.DictReader(run([jigu, "overlay", "--format", "csv"]).splitlines()))
    j_overlay = {(r["district"], r["zone"] or "-"): float(r["area_m2"]) for r in rows}
    d_area = {r["district"]: float(r["district_area_m2"]) for r in rows}
    districts = gpd.read_file(geodata / "districts.shp")[["dist_id", "geometry"]]
    zoning = gpd.read_file(geodata / "zoning.shp")[["code", "geometry"]]
    pieces = gpd.overlay(districts, zoning, how="intersection", keep_geom_type=True)
    pieces["area"] = pieces.geometry.area
    g_overlay = {(r.dist_id, r.code): r.area for r in pieces.groupby(["dist_id", "code"], as_index=False)["area"].sum().itertuples()}
    failed += compare("district zone", j_overlay, g_overlay, lambda k: d_area[k[0]])

    checked = len(g_areas) + len(g_parts) + len(g_overlay)
    print(f"{checked - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
