#!/usr/bin/env bash
# Quick start, step 1: installs the Debian packages jigu needs (only the missing ones), builds
# the release preset, and runs the main job on the shipped geodata: the area table of the three
# Seoul districts beside their official figures, and the area report (report.html) with maps.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
echo
./build/release/bin/jigu area
# The main job: the area report of the three districts, with maps, as one HTML file.
./build/release/bin/jigu report -o report.html --overwrite
echo
echo "setup: wrote the area report to $root/report.html (open it in a browser; it prints on A4)"
