#!/usr/bin/python3
"""GeoPandas's version of `jigu classify` for parcels: the optional peer of classify_bench.sh.

usage: geopandas_classify.py FABRIC_DIR OUT.csv

Reads parcels.gpkg, zoning.gpkg and districts.gpkg from FABRIC_DIR (EPSG:5186, as the
generator writes them) and writes, per parcel: pnu, planar area, dominant zone, zones as
'code:share;...' (largest first) and districts as 'id:share;...', the way jigu's CSV has them.
Zone and district parts come from geopandas.overlay(how='intersection'), the usual GeoPandas
idiom; Debian 12's GeoPandas 0.12 on Shapely 1.8 with rtree.
"""
import sys

import geopandas as gpd
import pandas as pd


def shares(parts, key, area):
    """'key:share;...' per pnu, largest share first."""
    parts = parts.groupby(["pnu", key], as_index=False)["a"].sum()
    parts = parts[parts["a"] > 0].merge(area, on="pnu")
    parts["share"] = parts["a"] / parts["area_m2"]
    parts = parts.sort_values(["pnu", "a", key], ascending=[True, False, True])
    parts["text"] = parts[key] + ":" + parts["share"].map(repr)
    joined = parts.groupby("pnu")["text"].agg(";".join)
    first = parts.groupby("pnu")[key].first()
    return joined, first


def main():
    src, out = sys.argv[1], sys.argv[2]
    parcels = gpd.read_file(f"{src}/parcels.gpkg")[["pnu", "geometry"]]
    zoning = gpd.read_file(f"{src}/zoning.gpkg")[["code", "geometry"]]
    districts = gpd.read_file(f"{src}/districts.gpkg")[["dist_id", "geometry"]]
    area = pd.DataFrame({"pnu": parcels["pnu"], "area_m2": parcels.geometry.area})

    zparts = gpd.overlay(parcels, zoning, how="intersection", keep_geom_type=True)
    zparts["a"] = zparts.geometry.area
    zones, dominant = shares(zparts, "code", area)

    dparts = gpd.overlay(parcels, districts, how="intersection", keep_geom_type=True)
    dparts["a"] = dparts.geometry.area
    dists, _ = shares(dparts, "dist_id", area)

    result = area.set_index("pnu")
    result["zone"] = dominant
    result["zones"] = zones
    result["districts"] = dists
    result.fillna({"zone": "", "zones": "", "districts": ""}).to_csv(out)


if __name__ == "__main__":
    main()
