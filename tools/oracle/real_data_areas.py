#!/usr/bin/python3
"""Independent area / CRS oracle for jigu's C++ tests.

jigu computes areas through the GDAL/GEOS/PROJ C APIs (OGR GetArea, PROJ's
geod_polygonarea).  To make its tests meaningful, the figures they compare
against are computed here by a pipeline that shares none of that code:

* vertices are transformed with pyproj (same PROJ database, different binding);
* planar areas are a plain shoelace sum written below (not OGR GetArea, not shapely);
* geodesic areas come from pyproj.Geod (GeographicLib port in pyproj), not OGR;
* reference points come from the `cs2cs` command-line tool, not from the C API.

OGR is used only to hand over raw shapefile vertices (and, for information
only, to report GEOS validity in the CSV headers).

Run:  /usr/bin/python3 tools/oracle/real_data_areas.py [DATA_DIR] [OUT_DIR]
Defaults: DATA_DIR = <repo>/../shared/data, OUT_DIR = <repo>/tests/data/oracle.
Set SOURCE_DATE_EPOCH to pin the "generated" date (otherwise today, UTC).
"""
import csv
import datetime
import json
import math
import os
import subprocess
import sys

import pyproj
from osgeo import gdal, ogr
from pyproj.transformer import TransformerGroup

gdal.UseExceptions()

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TARGET = "EPSG:5186"      # Korea 2000 / Central Belt 2010 (planar areas)
GEOG = "EPSG:4737"        # Korea 2000 geographic, GRS80 (geodesic areas)
GEOD = pyproj.Geod(ellps="GRS80")

# (output csv, source path under DATA_DIR, CRS we assign, id field, name field, open options)
LAYERS = [
    ("admdong2021_areas.csv", "admdong-seoul-2021/hangjeongdong_seoul.geojson",
     "EPSG:4326", "adm_cd2", "adm_nm", None),
    ("kostat2013_sub_areas_as5174.csv", "seoul-maps-kostat2013/seoul_submunicipalities.shp",
     "EPSG:5174", "code", "name", ["ENCODING=CP949"]),
    ("kostat2013_muni_areas_as5174.csv", "seoul-maps-kostat2013/seoul_municipalities.shp",
     "EPSG:5174", "code", "name", ["ENCODING=CP949"]),
    ("juso2015_neighborhoods_areas.csv", "seoul-maps-juso2015/seoul_neighborhoods.shp",
     "EPSG:4326", "EMD_CD", "EMD_KOR_NM", None),
]

# Reference points (lon, lat in EPSG:4326).
POINTS = [
    ("seoul_city_hall", 126.978546, 37.566554),
    ("seongsu", 127.056, 37.543),
    ("hongdae_seogyo", 126.922, 37.552),
    ("jongno", 126.9925, 37.5715),
]


def today():
    """Generation date; SOURCE_DATE_EPOCH makes reruns byte-identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch
            else datetime.datetime.now(datetime.timezone.utc))
    return when.date().isoformat()


def shoelace(xy):
    """|area| of one ring by the shoelace formula.

    Coordinates are shifted to the first vertex first: EPSG:5186 values are
    ~2e5/5e5 m, and the raw products would lose ~6 digits to cancellation.
    math.fsum keeps the sum exact-rounded and order-independent.
    """
    x0, y0 = xy[0]
    pts = [(x - x0, y - y0) for x, y in xy]
    return abs(math.fsum(pts[i][0] * pts[i + 1][1] - pts[i + 1][0] * pts[i][1]
                         for i in range(len(pts) - 1))
               + pts[-1][0] * pts[0][1] - pts[0][0] * pts[-1][1]) / 2.0


def describe(src):
    """The operation PROJ picks for src -> EPSG:5186, and how many candidates it saw."""
    group = TransformerGroup(src, TARGET, always_xy=True)
    ids = [f"{op.name} = {d['id']['authority']}:{d['id']['code']}"
           for op in group.transformers[0].operations or []
           if "id" in (d := op.to_json_dict()) and not op.name.startswith("axis order")]
    t = pyproj.Transformer.from_crs(src, TARGET, always_xy=True)
    return (f"{src} -> {TARGET}: '{t.description}' (accuracy {t.accuracy} m; "
            f"{len(group.transformers)} candidate(s), {len(group.unavailable_operations)} "
            f"unavailable; steps with ids: {'; '.join(ids) or 'n/a'})")


def read_geojson(path, id_field, name_field):
    """Yield (id, name, polygons, ogr_geom); polygons = [[ring(xy list), ...], ...]."""
    with open(path, encoding="utf-8") as f:
        fc = json.load(f)
    for feat in fc["features"]:
        g, props = feat["geometry"], feat["properties"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        polys = [[[(p[0], p[1]) for p in ring] for ring in poly] for poly in polys]
        yield (str(props[id_field]), props[name_field], polys,
               ogr.CreateGeometryFromJson(json.dumps(g)))


def read_shapefile(path, id_field, name_field, open_options):
    """Same as read_geojson, but OGR only hands over raw vertex lists (no SRS applied)."""
    ds = gdal.OpenEx(path, gdal.OF_VECTOR, open_options=open_options or [])
    for feat in ds.GetLayer(0):
        g = feat.GetGeometryRef()
        parts = ([g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]
                 if g.GetGeometryType() in (ogr.wkbMultiPolygon, ogr.wkbMultiPolygon25D) else [g])
        polys = [[[(p[0], p[1]) for p in part.GetGeometryRef(r).GetPoints()]
                  for r in range(part.GetGeometryCount())] for part in parts]
        yield str(feat.GetField(id_field)), feat.GetField(name_field), polys, g.Clone()


def areas(polys, to_5186, to_geog):
    """(planar m² in EPSG:5186, geodesic m² on GRS80): outer minus holes, parts summed."""
    planar, geodesic = [], []
    for poly in polys:
        for k, ring in enumerate(poly):
            xs, ys = to_5186.transform([p[0] for p in ring], [p[1] for p in ring])
            lons, lats = to_geog.transform(xs, ys)
            sign = 1.0 if k == 0 else -1.0
            planar.append(sign * shoelace(list(zip(xs, ys))))
            geodesic.append(sign * abs(GEOD.polygon_area_perimeter(lons, lats)[0]))
    return math.fsum(planar), math.fsum(geodesic)


def write_layer(data_dir, out_dir, spec):
    out_name, rel, src, id_field, name_field, oo = spec
    path = os.path.join(data_dir, rel)
    to_5186 = pyproj.Transformer.from_crs(src, TARGET, always_xy=True)
    to_geog = pyproj.Transformer.from_crs(TARGET, GEOG, always_xy=True)
    reader = (read_geojson(path, id_field, name_field) if path.endswith(".geojson")
              else read_shapefile(path, id_field, name_field, oo))
    rows, invalid = [], []
    for fid, name, polys, geom in reader:
        rows.append((fid, name) + areas(polys, to_5186, to_geog))
        if not geom.IsValid():
            invalid.append(fid)
    rows.sort(key=lambda r: r[0])
    assert len({r[0] for r in rows}) == len(rows), f"duplicate ids in {rel}"
    tp, tg = math.fsum(r[2] for r in rows), math.fsum(r[3] for r in rows)
    header = [
        f"source: {os.path.relpath(path, REPO)} (id={id_field}, name={name_field}"
        + (f", opened with {','.join(oo)}" if oo else "") + ")",
        f"source CRS assigned: {src}" + (" (overrides the shipped .prj: Bessel TM without "
                                         "datum shift)" if src == "EPSG:5174" else ""),
        f"method: pyproj {pyproj.__version__} (PROJ {pyproj.proj_version_str}), always_xy=True",
        "planar: " + describe(src) + "; shoelace in Python on EPSG:5186 x/y, |outer| - |holes|, parts summed",
        f"geodesic: EPSG:5186 -> {GEOG} (inverse TM, GRS80), pyproj.Geod(ellps='GRS80')"
        ".polygon_area_perimeter per ring, |outer| - |holes|, parts summed",
        f"features: {len(rows)}; total planar_m2_5186 {tp!r}; total geodesic_m2_grs80 {tg!r}; "
        f"ratio planar/geodesic {tp / tg!r}",
        f"invalid geometries (OGR IsValid, info only): {len(invalid)} {' '.join(invalid)}".rstrip(),
        f"generated: {today()} by tools/oracle/real_data_areas.py",
    ]
    with open(os.path.join(out_dir, out_name), "w", encoding="utf-8", newline="") as f:
        f.writelines(f"# {h}\n" for h in header)
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name", "planar_m2_5186", "geodesic_m2_grs80"])
        w.writerows((fid, name, repr(p), repr(g)) for fid, name, p, g in rows)
    return out_name, len(rows), tp, tg, invalid


def cs2cs(src, dst, pairs):
    """Run cs2cs with the CRSs' authority axis order; returns (command, output pairs).

    PROJ 9.1.1's cs2cs has no --only-best, and EPSG:4326 is lat/lon while
    EPSG:5186/5174 are northing/easting, so the callers swap to x = easting/lon.
    """
    cmd = ["cs2cs", "-d", "4", src, dst]
    text = "".join(f"{a} {b}\n" for a, b in pairs)
    out = subprocess.run(cmd, input=text, capture_output=True, text=True, check=True).stdout
    return " ".join(cmd), [tuple(line.split()[:2]) for line in out.splitlines()]


def write_points(out_dir):
    """Reference transformations by the cs2cs CLI (independent of the C API and pyproj)."""
    latlon = [(lat, lon) for _, lon, lat in POINTS]
    cmd1, to5186 = cs2cs("EPSG:4326", "EPSG:5186", latlon)
    cmd2, to5174 = cs2cs("EPSG:4326", "EPSG:5174", latlon[:1])
    cmd3, back = cs2cs("EPSG:5174", "EPSG:5186", to5174)   # fed the -d 4 text as printed
    rows = [(n, "EPSG:4326", repr(lon), repr(lat), "EPSG:5186", e, nn)
            for (n, lon, lat), (nn, e) in zip(POINTS, to5186)]
    n5174, e5174 = to5174[0]
    rows.insert(1, ("seoul_city_hall", "EPSG:4326", repr(POINTS[0][1]), repr(POINTS[0][2]),
                    "EPSG:5174", e5174, n5174))
    rows.insert(2, ("seoul_city_hall_via_5174", "EPSG:5174", e5174, n5174,
                    "EPSG:5186", back[0][1], back[0][0]))
    header = [
        f"reference points by the cs2cs CLI (PROJ {pyproj.proj_version_str}), 4 decimals",
        f"command: echo 'LAT LON' | {cmd1}   (input lat lon; output northing easting)",
        f"command: echo 'LAT LON' | {cmd2}   (input lat lon; output northing easting)",
        f"command: echo 'NORTHING EASTING' | {cmd3}   (input = the 5174 output above, as printed)",
        "columns swapped on write so that x = easting/longitude, y = northing/latitude",
        "published check (Seoul City Hall, PROJ 9.1.1): 5186 E 198104.61 N 551891.01; "
        "5174 E 198034.98 N 451585.83",
        f"generated: {today()} by tools/oracle/real_data_areas.py",
    ]
    with open(os.path.join(out_dir, "crs_points.csv"), "w", encoding="utf-8", newline="") as f:
        f.writelines(f"# {h}\n" for h in header)
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "src_crs", "src_x", "src_y", "dst_crs", "dst_x", "dst_y"])
        w.writerows(rows)
    return rows


def main():
    data_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "data")
    out_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(REPO, "tests", "data", "oracle")
    os.makedirs(out_dir, exist_ok=True)
    for spec in LAYERS:
        name, n, tp, tg, invalid = write_layer(os.path.normpath(data_dir), out_dir, spec)
        print(f"{name}: {n} features, planar {tp:.1f} m2, geodesic {tg:.1f} m2, "
              f"ratio {tp / tg:.8f}, invalid {len(invalid)}")
    for row in write_points(out_dir):
        print("crs_points:", ",".join(row))


if __name__ == "__main__":
    main()
