#!/usr/bin/env bash
# Data-race check of the parallel code (issue 7): builds the `tsan` preset (clang-14,
# ThreadSanitizer) and runs, under it, the classify and locator unit tests and whole
# `jigu classify` runs on the shipped geodata with 2 and 4 threads (parcels to CSV and GeoJSON,
# and the parcels' centroids as points). Any ThreadSanitizer report fails the run.
#
#   bash tools/tsan.sh
#
# TBB itself is not instrumented (Debian's libtbb), so the hand-over of batches between
# pipeline stages is made visible to ThreadSanitizer by the annotations in
# src/analysis/classify.cpp; tests/tsan.supp holds suppressions for third-party frames only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if ! command -v clang++-14 >/dev/null; then bash tools/install-deps.sh; fi
cmake --preset tsan >/dev/null
cmake --build --preset tsan --target jigu jigu_unit_tests
bin=build/tsan/bin
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/tests/tsan.supp:${TSAN_OPTIONS:-}"
"$bin/jigu_unit_tests" --gtest_filter='Classify.*:Locat*.*'
for threads in 2 4; do
  for ext in csv geojson; do
    echo "tsan.sh: jigu classify --threads $threads -o parcels.$ext" >&2
    "$bin/jigu" -q classify --threads "$threads" -o "$out/parcels-$threads.$ext"
  done
done
ogr2ogr -q -dialect SQLite -sql "SELECT pnu, ST_Centroid(geometry) AS geometry FROM parcels" \
  "$out/points.gpkg" geodata/seoul/parcels.shp
"$bin/jigu" -q classify "$out/points.gpkg" --threads 2 -o "$out/points.csv"
echo "tsan.sh: no data race reported" >&2
