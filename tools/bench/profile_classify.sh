#!/usr/bin/env bash
# Where `jigu classify`'s time goes: samples one run with perf (CPU clock, DWARF call graphs,
# since the libraries have no frame pointers) and prints the CPU share of each stage, of each
# thread and of each library, then the top functions. Not a test; see BENCHMARKS.md.
#
#   bash tools/bench/profile_classify.sh [--jigu PATH] [--data DIR] [--size 200k|1m]
#                                        [--points] [--out DIR]
#
# --points profiles the classification of the 1,000,000 points (zone and district) instead.
#
# Needs the fabrics of classify_bench.sh (run it first, or it uses build/bench-data) and
# linux-perf. Virtual machines often lack hardware counters; the cpu-clock software event
# works without them.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
jigu="$root/build/bench/bin/jigu"
data="$root/build/bench-data"
size=200k
out="$root/build/bench-profile"
points=0
while [ $# -gt 0 ]; do
  case "$1" in
    --jigu) jigu=$(realpath "$2"); shift 2 ;;
    --data) data=$(realpath "$2"); shift 2 ;;
    --size) size=$2; shift 2 ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    --points) points=1; size=1m; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "profile_classify: unknown argument '$1'; see --help" >&2; exit 2 ;;
  esac
done
command -v perf >/dev/null || { echo "profile_classify: perf is missing (linux-perf); run tools/install-deps.sh" >&2; exit 1; }
dir="$data/$size"
[ -f "$dir/parcels.gpkg" ] || { echo "profile_classify: no fabric in '$dir'; run tools/bench/classify_bench.sh first" >&2; exit 1; }
mkdir -p "$out"
rm -f "$out/classified.gpkg"
if [ "$points" = 1 ]; then
  input=(-w "$dir/points.toml" classify "$dir/points.gpkg" --id-field biz_id)
else
  input=(-w "$dir/jigu.toml" classify "$dir/parcels.gpkg" --id-field pnu)
fi
# Frequent enough for a few thousand samples per second of CPU, small enough for DWARF stacks.
perf record -q -e cpu-clock -F 250 --call-graph dwarf,16384 -o "$out/perf.data" -- \
  "$jigu" -q "${input[@]}" -o "$out/classified.gpkg" \
  --zoning "$dir/zoning.gpkg" --districts "$dir/districts.gpkg"
perf report -i "$out/perf.data" --children -s sym -g none 2>/dev/null | grep -v '^#' | grep -v '^$' >"$out/children.txt"
perf report -i "$out/perf.data" --no-children -s sym -g none 2>/dev/null | grep -v '^#' | grep -v '^$' >"$out/self.txt"
perf report -i "$out/perf.data" --no-children -s dso -g none 2>/dev/null | grep -v '^#' | grep -v '^$' >"$out/dso.txt"
perf report -i "$out/perf.data" --no-children -s pid -g none 2>/dev/null | grep -v '^#' | grep -v '^$' >"$out/threads.txt"

/usr/bin/python3 - "$out" "$size" "$points" <<'EOF'
import re
import sys

out, size, points = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
children = {}
for line in open(f"{out}/children.txt"):
    m = re.match(r"\s*([\d.]+)%\s+([\d.]+)%\s+\[.\]\s+(.*)", line)
    if m:
        children.setdefault(m.group(3).strip(), float(m.group(1)))


def share(pattern):
    """Inclusive CPU share of the first symbol matching the pattern."""
    best = 0.0
    for sym, pct in children.items():
        if re.search(pattern, sym):
            best = max(best, pct)
    return best


stages = [
    ("reading the zoning and districts (read_layer)", r"^jigu::read_layer"),
    ("flattening generic zones", r"flatten_generic_zones"),
    ("building the per-thread indexes (PolygonIndex)", r"PolygonIndex::PolygonIndex"),
    ("reading parcels (LayerReader::next, serial)", r"^jigu::LayerReader::next"),
    ("  OGR/SQLite feature reading (OgrLayer::next)", r"^jigu::handles::OgrLayer::next"),
    ("  GEOS validity check of each parcel", r"^jigu::analysis::check_validity"),
    ("classifying parcels (answer_area, parallel)", r"^jigu::analysis::answer_area"),
    ("classifying points (answer_point, parallel)", r"^jigu::analysis::answer_point"),
    ("  GEOS prepared covers (containment fast path)", r"^GEOSPreparedCovers_r"),
    ("  GEOS prepared intersects", r"^GEOSPreparedIntersects_r"),
    ("  GEOS exact intersection (crossing parcels)", r"^GEOSIntersection_r"),
    ("  jigu geometry -> GEOS", r"^jigu::handles::to_geos"),
    ("writing features (OgrWriter::write, serial)", r"^jigu::handles::OgrWriter::write"),
    ("finishing the output (OgrWriter::commit: GPKG R-tree, flush)", r"^jigu::handles::OgrWriter::commit"),
    ("malloc/free, anywhere", r"^(__GI___libc_malloc|malloc)"),
]
what = "1,000,000 points" if points else f"the {size} parcels"
print(f"profile of jigu classify on {what} (perf, cpu-clock; inclusive share of all CPU samples)")
print()
print("| stage | share of CPU |")
print("|---|---|")
for label, pattern in stages:
    pct = share(pattern)
    if pct > 0:
        print(f"| {label} | {pct:.1f} % |")
print()
print("threads (share of CPU samples; the first is the main thread, which reads and writes):")
for line in list(open(f"{out}/threads.txt"))[:4]:
    print("   " + line.rstrip())
print()
print("libraries:")
for line in list(open(f"{out}/dso.txt"))[:8]:
    print("   " + line.rstrip())
print()
print("top functions by own time:")
for line in list(open(f"{out}/self.txt"))[:15]:
    print("   " + line.rstrip()[:140])
EOF
echo "profile_classify: perf data and reports in $out"
