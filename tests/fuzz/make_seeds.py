#!/usr/bin/python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/), deterministically.

Run with Debian's Python (python3-gdal): /usr/bin/python3 tests/fuzz/make_seeds.py
The layer seeds use the container format of tests/fuzz/layer_container.hpp; `pack` below is the
writer, also usable to turn a crash's files back into an input: see tests/fuzz/README.md.
"""
import os
import shutil
import struct
import sys
import tempfile

from osgeo import ogr, osr

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ["shp", "shx", "dbf", "prj", "cpg", "geojson", "csv"]


def pack(options, files):
    """options: the read-options byte; files: [(extension, bytes)] -> one fuzz input."""
    out = bytes([options])
    for ext, data in files:
        out += bytes([KINDS.index(ext)]) + struct.pack("<I", len(data)) + data
    return out


def write(target, name, data):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)


def shapefile(rows, geom_type=ogr.wkbPolygon, epsg=5186, cpg="CP949", ldid=None, fields=("id", "name")):
    """rows: [(values (bytes), wkt)] -> [(extension, bytes)] of a shapefile made by GDAL."""
    tmp = tempfile.mkdtemp()
    patches = []
    try:
        path = os.path.join(tmp, "in.shp")
        ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(path)
        srs = None
        if epsg:
            srs = osr.SpatialReference()
            srs.ImportFromEPSG(epsg)
        layer = ds.CreateLayer("in", srs, geom_type, options=["ENCODING="])
        for f in fields:
            fd = ogr.FieldDefn(f, ogr.OFTString)
            fd.SetWidth(24)
            layer.CreateField(fd)
        for values, wkt in rows:
            feat = ogr.Feature(layer.GetLayerDefn())
            for i, v in enumerate(values):
                if v.isascii():
                    feat.SetField(i, v.decode())
                else:  # raw bytes: an ASCII stand-in of the same length, patched in the .dbf below
                    stand_in = ("~%d~" % len(patches)).ljust(len(v), "~")
                    patches.append((stand_in.encode(), v))
                    feat.SetField(i, stand_in)
            if wkt:
                feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
            layer.CreateFeature(feat)
        ds = None
        files = []
        for ext in ["shp", "shx", "dbf", "prj"]:
            p = os.path.join(tmp, "in." + ext)
            if os.path.exists(p):
                with open(p, "rb") as f:
                    data = bytearray(f.read())
                if ext == "dbf":
                    for stand_in, raw in patches:
                        data = bytearray(bytes(data).replace(stand_in, raw, 1))
                    if ldid is not None:
                        data[29] = ldid
                files.append((ext, bytes(data)))
        if cpg is not None:
            files.append(("cpg", cpg.encode()))
        return files
    finally:
        shutil.rmtree(tmp)


def main():
    for target in ["pnu", "workspace", "site", "layer", "rules", "batch_csv"]:
        shutil.rmtree(os.path.join(HERE, "corpus", target), ignore_errors=True)

    # PNU: good ones (ordinary, 산, with separators), and the usual mistakes.
    for i, text in enumerate(["1144012000103950000", "1120011400102770028", "1111013800100530000",
                              "1144012000203950012", "11440-12000-1-0395-0000", "1144012000 1 0395 0000",
                              "114401200010395000", "1144012000303950000", "1144012000100000000",
                              "0044012000103950000", "１１４４０１２０００１０３９５００００",
                              "114401200010395000a", "일일사사영일이영영영일영삼구오영영영영"]):
        write("pnu", "pnu-%02d" % i, text)

    # Workspace files: the shipped one, a minimal one, and near misses.
    with open(os.path.join(HERE, "..", "..", "geodata", "seoul", "jigu.toml"), "rb") as f:
        write("workspace", "shipped.toml", f.read())
    write("workspace", "minimal.toml", '[workspace]\ncrs = "EPSG:5186"\n[layers.districts]\nsource = "d.shp"\n')
    write("workspace", "absolute.toml",
          '[workspace]\nname = "t"\nrules = "rules.toml"\n[layers.zoning]\nsource = "/vsimem/z.shp"\n'
          'layer = "z"\ncode_field = "code"\nencoding = "CP949"\ncrs = "EPSG:5174"\n')
    write("workspace", "wrong-type.toml", '[workspace]\nname = 5\n[layers]\ndistricts = "x"\n')
    write("workspace", "no-source.toml", '[layers.parcels]\nid_field = "pnu"\n')
    write("workspace", "syntax.toml", '[workspace\nname = "unterminated\n')
    write("workspace", "inline.toml", 'layers = { districts = { source = "d.shp", id_field = "id" } }\n')

    # Sites: byte 0 = form (0 point, 1 WKT, 2 GeoJSON) + 4 * CRS (0 4326, 1 5186, 2 5174, 3 first line).
    def site(name, form, crs, text):
        write("site", name, bytes([form + 4 * crs]) + text.encode())
    site("point-4326", 0, 0, "127.056,37.543")
    site("point-5186", 0, 1, "205000.5, 551000.25")
    site("point-bad", 0, 0, "127.056;37.543")
    site("point-custom-crs", 0, 3, "EPSG:5179\n960000,1950000")
    site("wkt-polygon-5186", 1, 1, "POLYGON ((204000 550000,204100 550000,204100 550100,204000 550100,204000 550000))")
    site("wkt-multipolygon-4326", 1, 0, "MULTIPOLYGON (((127.05 37.54,127.06 37.54,127.06 37.55,127.05 37.54)),"
                                        "((127.07 37.54,127.08 37.54,127.08 37.55,127.07 37.54)))")
    site("wkt-point-5174", 1, 2, "POINT (205000 450000)")
    site("wkt-bowtie", 1, 1, "POLYGON ((0 0,10 10,10 0,0 10,0 0))")
    site("wkt-line", 1, 1, "LINESTRING (0 0,1 1)")
    site("wkt-curve", 1, 1, "CURVEPOLYGON (CIRCULARSTRING (204000 550000,204100 550100,204000 550000))")
    site("geojson-point", 2, 0, '{"type":"Point","coordinates":[127.056,37.543]}')
    site("geojson-feature", 2, 0, '{"type":"Feature","properties":{"a":1},"geometry":{"type":"Polygon",'
                                  '"coordinates":[[[126.92,37.55],[126.93,37.55],[126.93,37.56],[126.92,37.55]]]}}')
    site("geojson-null-geometry", 2, 0, '{"type":"Feature","properties":null,"geometry":null}')
    site("geojson-collection", 2, 1, '{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[204000,550000]}]}')
    site("geojson-nested", 2, 0, '{"type":"Feature","geometry":' + "[" * 40 + "]" * 40 + "}")

    # Layers: shapefiles made by GDAL (CP949 text with and without .cpg, LDID 0x4E, points, holes,
    # invalid rings), GeoJSON and CSV with WKT.
    seo = "서교동".encode("cp949")
    sq = "POLYGON ((200000 600000,200000 600010,200010 600010,200010 600000,200000 600000))"
    hole = ("POLYGON ((204000 550000,204000 550100,204100 550100,204100 550000,204000 550000),"
            "(204010 550010,204050 550010,204050 550050,204010 550050,204010 550010))")
    bowtie = "POLYGON ((200000 600000,200020 600020,200020 600000,200000 600020,200000 600000))"
    rows = [([b"p1", seo], sq), ([b"p2", b"plain"], hole), ([b"p3", seo], bowtie), ([b"p4", b""], None)]
    write("layer", "shp-cp949-cpg", pack(2, shapefile(rows)))
    write("layer", "shp-cp949-ids", pack(2 | 128, shapefile(rows)))
    write("layer", "shp-cp949-ldid", pack(2, shapefile(rows, cpg=None, ldid=0x4E)))
    write("layer", "shp-cp949-detect", pack(1, shapefile(rows, cpg=None, ldid=0)))
    write("layer", "shp-fail-policy", pack(0 | 128, shapefile(rows)))
    write("layer", "shp-bessel-5174", pack(2 | 32, shapefile(rows[:2], epsg=None)))
    write("layer", "shp-no-prj", pack(2 | 8, shapefile(rows[:2], epsg=None)))
    pts = [([b"a", b"x"], "POINT (204000 550000)"), ([b"b", b"y"], "POINT (204100 550100)")]
    write("layer", "shp-points", pack(2 | 128, shapefile(pts, geom_type=ogr.wkbPoint)))
    write("layer", "shp-attributes-only", pack(4, shapefile(rows)))
    gj = ('{"type":"FeatureCollection","features":['
          '{"type":"Feature","properties":{"id":"g1","name":"성수동"},"geometry":{"type":"Polygon",'
          '"coordinates":[[[127.05,37.54],[127.06,37.54],[127.06,37.55],[127.05,37.54]]]}},'
          '{"type":"Feature","properties":{"id":"g2","name":null},"geometry":null},'
          '{"type":"Feature","properties":{"id":3},"geometry":{"type":"MultiPoint","coordinates":[[127,37.5]]}}]}')
    write("layer", "geojson", pack(2 | 128, [("geojson", gj.encode())]))
    csv = 'id,name,WKT\nc1,종로,"POLYGON ((0 0,0 1,1 1,1 0,0 0))"\nc2,x,"POINT (1 2)"\n'
    write("layer", "csv-wkt", pack(2 | 8, [("csv", csv.encode())]))
    write("layer", "dbf-only", pack(4, [f for f in shapefile(rows) if f[0] == "dbf"]))

    # Rules files: the shipped Seoul rules, the lint case's broken file, and small ones.
    root = os.path.join(HERE, "..", "..")
    with open(os.path.join(root, "geodata", "seoul", "rules.toml"), "rb") as f:
        write("rules", "seoul.toml", f.read())
    with open(os.path.join(root, "tests", "cases", "rules-lint-bad", "bad-rules.toml"), "rb") as f:
        write("rules", "lint-bad.toml", f.read())
    small = ('[rules]\nname = "t"\nversion = "1"\nsource = "t"\n\n'
             '[[facts]]\nid = "emits"\ntext = "it emits"\nsource = "t"\n\n'
             '[[uses]]\nid = "4"\nnumber = "4"\nko = "제2종근린생활시설"\nsource = "s"\n\n'
             '[[uses]]\nid = "17"\nnumber = "17"\nko = "공장"\nen = "factory"\nsource = "s"\n\n'
             '[[uses]]\nid = "workshop"\nko = "제조업소"\nsource = "s"\nclassify = [\n'
             '  { below_m2 = 500, class = "4", unless = ["emits"], source = "s" },\n'
             '  { class = "17", source = "s" },\n]\n\n'
             '[[zones]]\nid = "UQA220"\nko = "일반상업지역"\nfamily = "commercial"\n'
             'list = "may-not-build"\nsource = "s"\n'
             'bcr = { seoul = 60, national_max = 80, source = "s" }\n'
             'far = { seoul = 800, national_min = 200, national_max = 1300, source = "s" }\n'
             'uses_source = "s"\nuses = [\n  { use = "4", rule = "allowed" },\n'
             '  { use = "17", rule = "ordinance-may-ban" },\n]\n')
    write("rules", "small.toml", small)
    write("rules", "duplicate-id.toml", small + '\n[[uses]]\nid = "17"\nko = "again"\nsource = "s"\n')
    write("rules", "class-cycle.toml", small.replace('{ class = "17", source = "s" }', '{ class = "workshop", source = "s" }'))

    # Batch CSV: the CLI cases' files, and a BOM, CRLF, quoted line breaks and quotes.
    for case in ["check-batch", "check-batch-bad-line"]:
        with open(os.path.join(root, "tests", "cases", case, "applications.csv"), "rb") as f:
            write("batch_csv", case + ".csv", f.read())
    write("batch_csv", "bom-crlf.csv", b"\xef\xbb\xbfid,pnu,use,floor_area\r\na,1120011500102770028,17,100\r\n")
    write("batch_csv", "quoted.csv", 'id,wkt,crs,use,facts\n"x ""1""","POLYGON ((0 0,0 1,\n1 1,1 0,0 0))",EPSG:5186,"공장","emits;\nlisted"\n')
    write("batch_csv", "geojson.csv", 'id,geojson,use,height,public_open_space\ng,"{""type"":""Point"",""coordinates"":[127.05,37.54]}",4,12.5,yes\n')
    write("batch_csv", "unclosed-quote.csv", 'id,pnu,use\na,"1120011500102770028,17\n')


if __name__ == "__main__":
    sys.exit(main())
