#!/usr/bin/env bash
# Quick start, step 1: installs the Debian packages jigu needs (only the missing ones), builds
# the release preset, and runs the main job on the shipped geodata: the area table of the three
# Seoul districts beside their official figures.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
echo
./build/release/bin/jigu area
