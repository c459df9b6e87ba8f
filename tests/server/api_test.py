"""API tests against a real `jigu serve` on 127.0.0.1 (a free port): statuses, JSON shapes, the
same JSON as the CLI's --format json, and bbox queries against an independent filter (GDAL/OGR
and GEOS through Python's osgeo, on the shipped shapefile).

usage: api_test.py JIGU GEODATA_DIR"""
import json
import subprocess
import sys
import unittest
import urllib.parse

from osgeo import ogr, osr

from jigu_server import JiguServer

JIGU = GEODATA = None
SERVER = None
ANCHOR = "1120011500102770028"  # 성수동2가 277-28, wholly inside the Seongsu district


def cli_json(*args):
    out = subprocess.run([JIGU, *args, "--format", "json"], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def independent_bbox_ids(layer_file, id_field, bbox):
    """Ids of the features whose geometry, in WGS 84 lon/lat, intersects the bbox, in layer
    order: OGR reads, OSR/PROJ reprojects, GEOS decides (not jigu's code)."""
    ogr.UseExceptions()
    osr.UseExceptions()
    ds = ogr.Open(str(layer_file))
    layer = ds.GetLayer(0)
    source = layer.GetSpatialRef()
    source.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_wgs84 = osr.CoordinateTransformation(source, wgs84)
    w, s, e, n = bbox
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((w, s), (e, s), (e, n), (w, n), (w, s)):
        ring.AddPoint_2D(x, y)
    rect = ogr.Geometry(ogr.wkbPolygon)
    rect.AddGeometry(ring)
    ids = []
    for f in layer:
        g = f.GetGeometryRef().Clone()
        g.Transform(to_wgs84)
        if g.Intersects(rect):
            ids.append(f.GetField(id_field))
    return ids


def clean_box(layer_file, base):
    """`base` shifted by the first of a few small steps after which no parcel lies so close to the
    box's edges that the 7-decimal rounding of the served coordinates could decide it: the
    independent filter answers the same for the box grown and shrunk by 1e-6 degrees (~10 cm)."""
    for k in range(20):
        d = k * 0.0000137
        bbox = (base[0] + d, base[1] + d, base[2] + d, base[3] + d)
        grown = independent_bbox_ids(layer_file, "pnu", (bbox[0] - 1e-6, bbox[1] - 1e-6,
                                                         bbox[2] + 1e-6, bbox[3] + 1e-6))
        shrunk = independent_bbox_ids(layer_file, "pnu", (bbox[0] + 1e-6, bbox[1] + 1e-6,
                                                          bbox[2] - 1e-6, bbox[3] - 1e-6))
        if grown == shrunk:
            return bbox
    raise AssertionError(f"no clean box near {base}")


class Api(unittest.TestCase):
    def get(self, target):
        return SERVER.get_json(target)

    def test_healthz(self):
        status, doc = self.get("/healthz")
        self.assertEqual(status, 200)
        self.assertEqual(doc["status"], "ok")
        self.assertEqual(doc["features"], {"districts": 3, "parcels": 5944, "zoning": 13})

    def test_layers(self):
        status, doc = self.get("/api/layers")
        self.assertEqual(status, 200)
        self.assertEqual([l["name"] for l in doc["layers"]], ["districts", "zoning", "parcels"])
        for layer in doc["layers"]:
            self.assertEqual(set(layer) >= {"name", "url", "features", "bbox", "id_field"}, True)
        self.assertEqual(doc["workspace"]["crs"], "EPSG:5186")

    def test_layer_geojson_is_rfc7946(self):
        status, headers, body = SERVER.request("GET", "/api/layers/zoning.geojson")
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "application/geo+json")
        doc = json.loads(body)
        self.assertEqual(doc["type"], "FeatureCollection")
        self.assertNotIn("crs", doc)
        self.assertEqual(len(doc["features"]), 13)
        for f in doc["features"]:
            for ring in f["geometry"]["coordinates"] if f["geometry"]["type"] == "Polygon" else []:
                for lon, lat in ring:
                    self.assertTrue(126.7 < lon < 127.3 and 37.4 < lat < 37.8)
            # RFC 7946: outer rings counter-clockwise (positive shoelace area in lon/lat).
            outer = f["geometry"]["coordinates"][0]
            area2 = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(outer, outer[1:]))
            self.assertGreater(area2, 0)

    def test_bbox_matches_an_independent_filter(self):
        parcels = GEODATA + "/parcels.shp"
        boxes = [
            (127.0555, 37.5425, 127.0575, 37.5440),   # around the Seongsu anchor
            (126.9200, 37.5500, 126.9260, 37.5540),   # Mapo, 서교동
            (126.9950, 37.5700, 127.0000, 37.5730),   # Jongno, 묘동
            (127.0400, 37.5350, 127.0700, 37.5500),   # a wide Seongsu box
        ]
        for base in boxes:
            bbox = clean_box(parcels, base)
            expected = independent_bbox_ids(parcels, "pnu", bbox)
            self.assertGreater(len(expected), 0, bbox)
            status, doc = self.get("/api/layers/parcels.geojson?bbox=" + ",".join(map(str, bbox)))
            self.assertEqual(status, 200, doc)
            got = [f["properties"]["pnu"] for f in doc["features"]]
            self.assertEqual(got, expected, bbox)
            print(f"  bbox {bbox}: {len(got)} parcels, as the independent filter", file=sys.stderr)

    def test_bbox_over_the_limit_is_a_clear_400(self):
        status, doc = self.get("/api/layers/parcels.geojson?bbox=-180,-90,180,90")
        self.assertEqual(status, 400)
        self.assertEqual(doc["error"], "too-many-features")
        self.assertEqual(doc["parameter"], "bbox")
        self.assertIn("zoom in", doc["message"])

    def test_locate_by_pnu_equals_the_cli(self):
        status, doc = self.get(f"/api/locate?pnu={ANCHOR}")
        self.assertEqual(status, 200)
        self.assertEqual(doc, cli_json("locate", "--pnu", ANCHOR))
        self.assertEqual(doc["districts"][0]["id"], "seongsu-it")
        self.assertEqual(doc["districts"][0]["status"], "inside")

    def test_locate_by_point_equals_the_cli(self):
        status, doc = self.get("/api/locate?lon=127.056&lat=37.543")
        self.assertEqual(status, 200)
        self.assertEqual(doc, cli_json("locate", "--point", "127.056,37.543"))
        self.assertIsNotNone(doc["parcel"])

    def test_check_verdicts_equal_the_cli(self):
        cases = [
            ({"pnu": ANCHOR, "use": "지식산업센터", "floor_area": 12000, "encouraged_share": 0.6},
             ["--pnu", ANCHOR, "--use", "지식산업센터", "--floor-area", "12000",
              "--encouraged-share", "0.6"]),
            ({"pnu": ANCHOR, "use": "지식산업센터", "floor_area": 12000, "encouraged_share": 0.4},
             ["--pnu", ANCHOR, "--use", "지식산업센터", "--floor-area", "12000",
              "--encouraged-share", "0.4"]),
            ({"pnu": "1144012000101060014", "use": "출판사", "floor_area": 400,
              "encouraged_share": 0.7, "far": 250},
             ["--pnu", "1144012000101060014", "--use", "출판사", "--floor-area", "400",
              "--encouraged-share", "0.7", "--far", "250"]),
            ({"pnu": "1111015100100530000", "use": "귀금속 공방", "floor_area": 450},
             ["--pnu", "1111015100100530000", "--use", "귀금속 공방", "--floor-area", "450"]),
            ({"lon": "127.056", "lat": "37.543", "use": "지식산업센터", "floor_area": 12000},
             ["--point", "127.056,37.543", "--use", "지식산업센터", "--floor-area", "12000"]),
        ]
        for params, args in cases:
            expected = cli_json("check", *args)
            query = "&".join(f"{k}={urllib.parse.quote(str(v))}" for k, v in params.items())
            status, doc = self.get("/api/check?" + query)
            self.assertEqual(status, 200, doc)
            self.assertEqual(doc, expected, args)
            status, _, body = SERVER.request("POST", "/api/check", body=json.dumps(params),
                                             headers={"Content-Type": "application/json"})
            self.assertEqual(status, 200, body)
            self.assertEqual(json.loads(body), expected, args)
            print(f"  check {' '.join(args)}: {doc['status']}", file=sys.stderr)

    def test_check_errors(self):
        status, doc = self.get("/api/check?pnu=" + ANCHOR + "&use=" +
                               urllib.parse.quote("지식산업샌터"))
        self.assertEqual((status, doc["parameter"]), (400, "use"))
        self.assertIn("지식산업센터", doc["message"])  # the suggestion
        status, doc = self.get(f"/api/check?pnu={ANCHOR}&use=17&floor_area=-1")
        self.assertEqual((status, doc["parameter"]), (400, "floor_area"))

    def test_errors_are_json_with_fitting_statuses(self):
        cases = [
            ("/api/locate?lat=37.5", 400, "lon"),
            ("/api/locate?lon=abc&lat=37.5", 400, "lon"),
            ("/api/locate?lon=127&lat=95", 400, "lat"),
            ("/api/locate?pnu=12345", 400, "pnu"),
            ("/api/locate?pnu=1120011500199990001", 404, "pnu"),
            ("/api/locate?lon=127&lat=37&bogus=1", 400, "bogus"),
            ("/api/layers/nope.geojson", 404, None),
            ("/api/nope", 404, None),
        ]
        for target, status, parameter in cases:
            got, doc = self.get(target)
            self.assertEqual(got, status, target)
            self.assertEqual(doc["status"], status, target)
            self.assertEqual(doc["parameter"], parameter, target)
            self.assertTrue(doc["message"], target)

    def test_report_equals_the_cli(self):
        status, headers, body = SERVER.request("GET", "/api/report", timeout=300)
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "application/json")
        doc = json.loads(body)
        self.assertEqual(doc["schema"], "jigu-area-report/1")
        self.assertEqual(len(doc["districts"]), 3)
        # The same builder and writer as `jigu report -f json` at the same report time.
        cli = subprocess.run([JIGU, "report", "--format", "json", "--time", doc["generated"]],
                             capture_output=True, text=True, check=True).stdout
        self.assertEqual(doc, json.loads(cli))

    def test_layers_carry_the_report_palette(self):
        status, doc = self.get("/api/layers")
        palette = {p["code"]: p["fill"] for p in doc["zoning_palette"]}
        self.assertEqual(palette["UQA330"], "#8aa4dc")  # 준공업: the report maps' blue-violet
        self.assertTrue(all(f.startswith("#") and len(f) == 7 for f in palette.values()))

    def test_map_page_and_library_are_served(self):
        status, headers, body = SERVER.request("GET", "/")
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("text/html"))
        self.assertIn(b"leaflet/leaflet.js", body)
        for asset in ("/app.js", "/app.css", "/leaflet/leaflet.js", "/leaflet/leaflet.css"):
            self.assertEqual(SERVER.request("GET", asset)[0], 200, asset)


def main():
    global JIGU, GEODATA, SERVER
    JIGU, GEODATA = sys.argv[1], sys.argv[2]
    SERVER = JiguServer(JIGU)
    try:
        result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    finally:
        code = SERVER.stop()
    if code != 0:
        print(f"jigu serve exited with {code} after SIGTERM; stderr: {SERVER.stderr_lines}")
        sys.exit(1)
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
