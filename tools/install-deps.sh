#!/usr/bin/env bash
# Installs the Debian 12 packages jigu needs to build, test and regenerate its data;
# installs only what is missing, so a second run is quick and offline.
set -euo pipefail

packages=(
  # build
  g++ cmake ninja-build pkg-config clang-format
  # libraries (see README "Dependencies")
  libgdal-dev libgeos-dev libproj-dev libboost-dev
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libfmt-dev libtbb-dev
  libsqlite3-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # fuzzing and sanitizers (tools/fuzz.sh, the tsan preset): clang with libFuzzer and its runtimes
  clang-14 libclang-rt-14-dev llvm-14
  # independent oracles used by tests and by tools/ (GDAL and PROJ command lines)
  gdal-bin proj-bin
  # geodata generator and oracle scripts (Debian's Python, not a pyenv one)
  python3 python3-gdal python3-pyproj
  # independent overlay pipeline the classify/overlay tests compare against
  python3-geopandas python3-rtree
  # benchmarks (tools/bench/): GNU time for peak memory, the PostGIS peer, perf for profiles
  time postgresql-15-postgis-3 linux-perf
  # jigu serve: the HTTP library; its browser test (headless Chromium driven over the DevTools
  # protocol by Node, Hangul fonts) and load test
  libcpp-httplib-dev chromium fonts-noto-cjk wrk curl
  # jigu report: its render test (headless Chromium, Hangul fonts, a PNG reader for the screenshot)
  chromium fonts-noto-cjk python3-pil
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# npm packages the tests and the map page use (validators, Leaflet), pinned in
# tests/js/package-lock.json; each runs on Debian 12's Node 18 (the js.engines test). Debian's
# nodejs and npm are installed only when there is no npm, so a Node already there is kept.
root=$(cd "$(dirname "$0")/.." && pwd)
stamp="$root/tests/js/node_modules/.jigu-lock-sha256"
want=$(sha256sum "$root/tests/js/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    ${SUDO:-} apt-get install -y -qq --no-install-recommends nodejs npm >&2
  fi
  echo "install-deps: npm ci in tests/js" >&2
  (cd "$root/tests/js" && npm ci --no-audit --no-fund >&2)
  echo "$want" >"$stamp"
fi
