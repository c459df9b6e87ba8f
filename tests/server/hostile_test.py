"""Hostile requests against a real `jigu serve` on 127.0.0.1: path traversal (plain, encoded,
double-encoded, backslashes, absolute), oversized and chunked bodies, long targets, malformed
numbers, huge boxes, unknown layers, odd methods, a foreign Host, garbage. Each gets the right
status, no file outside the map page is ever returned, and the server stays healthy. Then SIGHUP
reloads while requests run (none fails), and a broken workspace on reload keeps the old data.

usage: hostile_test.py JIGU GEODATA_DIR TMP_DIR"""
import json
import pathlib
import shutil
import signal
import sys
import threading
import time
import unittest
import urllib.parse

from jigu_server import JiguServer, wait_until

JIGU = GEODATA = TMP = None
SERVER = None
SECRETS = (b"root:", b"[workspace]", b"PROJCRS", b"\x00\x00\x00\x00")


def request_line(target, method="GET", extra=b""):
    return (f"{method} ".encode() + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra +
            b"Connection: close\r\n\r\n")


class Hostile(unittest.TestCase):
    def assertHealthy(self):
        self.assertTrue(SERVER.alive(), "the server died")
        self.assertTrue(SERVER.healthy(), "the server is not healthy")

    def tearDown(self):
        self.assertHealthy()

    def test_traversal(self):
        targets = [
            b"/../../../../etc/passwd",
            b"/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            b"/%2E%2E/%2E%2E/etc/passwd",
            b"/..%2f..%2f..%2fetc%2fpasswd",
            b"/%252e%252e/%252e%252e/etc/passwd",
            b"/leaflet/../../jigu.toml",
            b"/leaflet/..%5c..%5cjigu.toml",
            b"/..\\..\\etc\\passwd",
            b"//etc/passwd",
            b"/./app.js",
            b"/api/layers/..%2f..%2fgeodata%2fseoul%2fjigu.geojson",
            b"/api/../../etc/passwd",
            b"/%00/etc/passwd",
            b"/app.js%00.html",
        ]
        for target in targets:
            status, response = SERVER.raw(request_line(target))
            self.assertIn(status, (400,), target)
            body = response.partition(b"\r\n\r\n")[2]
            self.assertEqual(json.loads(body)["status"], status, target)
            for secret in SECRETS:
                self.assertNotIn(secret, body, target)
        for target in (b"/etc/passwd", b"/jigu.toml", b"/geodata/seoul/jigu.toml"):
            status, response = SERVER.raw(request_line(target))
            self.assertEqual(status, 404, target)
        # Absolute-form targets name no file either.
        status, _ = SERVER.raw(request_line(b"http://127.0.0.1/../../etc/passwd"))
        self.assertIn(status, (400, 404))
        status, _ = SERVER.raw(request_line(b"/etc/passwd", extra=b""))
        self.assertEqual(status, 404)

    def test_oversized_body(self):
        # Declared too large: refused before the body is read.
        head = (b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b"Content-Length: 100000000\r\nConnection: close\r\n\r\n{")
        status, _ = SERVER.raw(head)
        self.assertEqual(status, 413)
        # Actually sent, a little over the 64 KiB cap.
        body = b'{"use": "' + b"x" * (70 * 1024) + b'"}'
        status, _, _ = SERVER.request("POST", "/api/check", body=body,
                                      headers={"Content-Type": "application/json"})
        self.assertEqual(status, 413)
        # Chunked (no length to check up front): refused.
        chunked = (b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                   b"Content-Type: application/json\r\nConnection: close\r\n\r\n"
                   b"f\r\n{\"use\": \"plant\"}\r\n0\r\n\r\n")
        status, _ = SERVER.raw(chunked)
        self.assertEqual(status, 411)

    def test_long_target_and_headers(self):
        status, _ = SERVER.raw(request_line(b"/api/locate?lon=127&lat=37&x=" + b"1" * 5000))
        self.assertEqual(status, 414)
        status, _ = SERVER.raw(request_line(b"/" + b"a" * 20000))
        self.assertIn(status, (400, 414))
        status, _ = SERVER.raw(request_line(b"/healthz", extra=b"X-Big: " + b"b" * 20000 + b"\r\n"))
        self.assertIn(status, (400, 431, None))

    def test_malformed_numbers(self):
        for lat in ("abc", "NaN", "nan", "inf", "-Infinity", "1e999", "0x25", "37,5", "--37",
                    "37.5.1", "", "%00", "37%0a", "+37", "３７"):
            target = "/api/locate?lon=127.05&lat=" + urllib.parse.quote(lat, safe="%")
            status, doc = SERVER.get_json(target)
            self.assertEqual(status, 400, lat)
            self.assertEqual(doc["parameter"], "lat", lat)

    def test_huge_and_broken_bbox(self):
        status, doc = SERVER.get_json("/api/layers/parcels.geojson?bbox=-180,-90,180,90")
        self.assertEqual((status, doc["error"]), (400, "too-many-features"))
        status, doc = SERVER.get_json("/api/layers/districts.geojson?bbox=-180,-90,180,90")
        self.assertEqual(status, 200)
        self.assertEqual(len(doc["features"]), 3)
        for bbox in ("-1e308,-1e308,1e308,1e308", "0,0,0", "a,b,c,d", "1,1,0,0", "nan,0,1,1",
                     "-181,-91,181,91", "1,2,3,4,5"):
            status, doc = SERVER.get_json("/api/layers/parcels.geojson?bbox=" + bbox)
            self.assertEqual((status, doc["parameter"]), (400, "bbox"), bbox)

    def test_unknown_layer_and_endpoint(self):
        for target in ("/api/layers/secrets.geojson", "/api/layers/parcels.shp",
                       "/api/layers/.geojson", "/api/report.html", "/api"):
            status, doc = SERVER.get_json(target)
            self.assertEqual(status, 404, target)

    def test_methods_host_and_garbage(self):
        for method in ("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"):
            status, _ = SERVER.raw(request_line(b"/healthz", method=method))
            self.assertEqual(status, 405, method)
        status, _ = SERVER.raw(request_line(b"/api/locate?lon=1&lat=1", method="POST",
                                            extra=b"Content-Length: 0\r\n"))
        self.assertEqual(status, 405)
        status, _ = SERVER.raw(request_line(b"/api/check", method="POST"))
        self.assertEqual(status, 411)  # no length
        status, _ = SERVER.raw(b"GET /healthz HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
        self.assertEqual(status, 403)
        for garbage in (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,
                        b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"\r\n\r\n",
                        b"GET / HTTP/9.9\r\n\r\n"):
            SERVER.raw(garbage, timeout=10)
            self.assertHealthy()

    def test_slow_client_is_dropped(self):
        import socket
        s = socket.create_connection(("127.0.0.1", SERVER.port), timeout=30)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127")
        start = time.monotonic()
        data = s.recv(100)  # the server gives up on the stalled request and closes
        self.assertLess(time.monotonic() - start, 20)
        s.close()
        self.assertIn(data[:12], (b"", b"HTTP/1.1 408", b"HTTP/1.1 400"))


class Reload(unittest.TestCase):
    def test_sighup_reloads_without_dropping_requests(self):
        workspace = pathlib.Path(TMP) / "ws"
        shutil.rmtree(workspace, ignore_errors=True)
        shutil.copytree(GEODATA, workspace)
        server = JiguServer(JIGU, workspace=workspace / "jigu.toml")
        try:
            failures, done = [], [0]
            stop = threading.Event()

            def load():
                while not stop.is_set():
                    status, _, _ = server.request("GET", "/api/locate?lon=127.056&lat=37.543")
                    if status != 200:
                        failures.append(status)
                    done[0] += 1

            threads = [threading.Thread(target=load) for _ in range(4)]
            for t in threads:
                t.start()
            for generation in (2, 3):
                server.signal(signal.SIGHUP)
                self.assertTrue(wait_until(
                    lambda: server.get_json("/healthz")[1]["generation"] == generation, 120))
            # A broken workspace: the reload fails, the old data stays.
            toml = workspace / "jigu.toml"
            good = toml.read_text()
            toml.write_text("[workspace\nbroken")
            server.signal(signal.SIGHUP)
            self.assertTrue(wait_until(
                lambda: any("reload failed" in l for l in server.stderr_lines), 60),
                server.stderr_lines)
            self.assertEqual(server.get_json("/healthz")[1]["generation"], 3)
            toml.write_text(good)
            server.signal(signal.SIGHUP)
            self.assertTrue(wait_until(
                lambda: server.get_json("/healthz")[1]["generation"] == 4, 120))
            stop.set()
            for t in threads:
                t.join()
            self.assertEqual(failures, [])
            self.assertGreater(done[0], 10)
        finally:
            stop.set()
            self.assertEqual(server.stop(), 0)


def main():
    global JIGU, GEODATA, TMP, SERVER
    JIGU, GEODATA, TMP = sys.argv[1], sys.argv[2], sys.argv[3]
    pathlib.Path(TMP).mkdir(parents=True, exist_ok=True)
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
