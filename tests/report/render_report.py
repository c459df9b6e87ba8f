#!/usr/bin/python3
"""Renders jigu's HTML area report in headless Chromium (Debian's `chromium`) and checks the
screenshot: not blank, and every zoning colour the report's JSON names for a district is drawn
(pixels of that palette colour are present), so the maps really show the zoning.

usage: render_report.py JIGU WORK_DIR   (exit 0 when every check passes)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from PIL import Image  # Debian: python3-pil

WIDTH, HEIGHT = 1200, 12000  # tall enough for the whole report of the shipped geodata
TOLERANCE = 3  # per channel: anti-aliasing aside, fills are drawn in their exact colour
MIN_PIXELS = 400  # of each zone colour


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kw)
    if r.returncode != 0:
        sys.exit(f"render_report: {' '.join(cmd)} failed ({r.returncode}):\n{r.stderr}")
    return r


def hex_rgb(colour):
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def main():
    jigu, work = sys.argv[1], sys.argv[2]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    html = os.path.join(work, "report.html")
    data = os.path.join(work, "report.json")
    run([jigu, "report", "-o", html, "--time", "2026-01-01"])
    run([jigu, "report", "-o", data, "--time", "2026-01-01"])
    report = json.load(open(data, encoding="utf-8"))

    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(chromium):
        sys.exit(f"render_report: {chromium} missing; run tools/install-deps.sh")
    png = os.path.join(work, "report.png")
    profile = tempfile.mkdtemp(prefix="jigu-chromium-")
    try:
        run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}",
             f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={png}", "file://" + html])
    finally:
        shutil.rmtree(profile, ignore_errors=True)

    image = Image.open(png).convert("RGB")
    total = image.width * image.height
    counts = {rgb: n for n, rgb in image.getcolors(maxcolors=total)}
    failures = []
    checks = 1
    non_white = total - counts.get((255, 255, 255), 0)
    if non_white < 0.05 * total or len(counts) < 50:
        failures.append(f"screenshot nearly blank: {non_white} non-white pixels of {total}, "
                        f"{len(counts)} colours")

    def colour_pixels(colour):
        want = hex_rgb(colour)
        return sum(n for p, n in counts.items()
                   if all(abs(a - b) <= TOLERANCE for a, b in zip(p, want)))

    for district in report["districts"]:
        for zone in district["zoning"]:
            if zone["code"] is None or zone["share"] < 0.01:
                continue
            checks += 1
            n = colour_pixels(zone["colour"])
            status = "ok" if n >= MIN_PIXELS else "MISSING"
            print(f"{district['id']} {zone['code']} {zone['colour']}: {n} pixels {status}")
            if n < MIN_PIXELS:
                failures.append(f"{district['id']}: zone {zone['code']} colour {zone['colour']} "
                                f"has {n} pixels (< {MIN_PIXELS})")
    for f in failures:
        print("FAIL:", f)
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
