#!/usr/bin/env bash
# Where `jigu classify`'s time goes: samples one run with perf (CPU clock, DWARF call graphs,
# since the libraries have no frame pointers) and prints the CPU share of each stage of the
# classify pipeline (with the allocator's part), of each thread and of each library, then the
# top functions. Not a test; see BENCHMARKS.md.
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
# One line per frame of each sample's call stack, for the stage table; the rest are perf's own
# summaries.
perf script -i "$out/perf.data" -F tid,ip,sym,dso 2>/dev/null >"$out/stacks.txt"
perf report -i "$out/perf.data" --no-children -s sym -g none 2>/dev/null | grep -v '^#' | grep -v '^$' >"$out/self.txt"
perf report -i "$out/perf.data" --no-children -s dso -g none 2>/dev/null | grep -v '^#' | grep -v '^$' >"$out/dso.txt"
perf report -i "$out/perf.data" --no-children -s pid -g none 2>/dev/null | grep -v '^#' | grep -v '^$' >"$out/threads.txt"

/usr/bin/python3 - "$out" "$size" "$points" <<'EOF'
import re
import sys

out, size, points = sys.argv[1], sys.argv[2], sys.argv[3] == "1"

# Each sample as its frames, innermost first: (symbol, library). An inlined frame has no
# library of its own; it is in the one of the frame it was inlined into (the next one).
samples = []
frames = []
for line in open(f"{out}/stacks.txt", errors="replace"):
    if line.startswith("\t"):
        m = re.match(r"\s*[0-9a-f]+ (.*) \((.*?)\)$", line.rstrip("\n"))
        if m:
            frames.append([m.group(1), m.group(2)])
    elif frames:
        samples.append(frames)
        frames = []
if frames:
    samples.append(frames)
for frames in samples:
    for i in range(len(frames) - 2, -1, -1):
        if frames[i][1] == "inlined":
            frames[i][1] = frames[i + 1][1]
total = len(samples)
if total == 0:
    sys.exit("profile_classify: perf recorded no samples with call stacks")


# The pipeline's stages are the lambdas of jigu::classify, numbered by GCC in source order:
# #1 read (takes tbb::flow_control&), #2 work, #3 write, #4 release. TBB inlines each into its
# concrete_filter<…>::operator(), whose name carries the lambda's.
def stage(n):
    return rf"jigu::classify\(.*\)::\{{lambda\([^{{}}]*\)#{n}\}}"


ALLOC_LIB = re.compile(r"libtbbmalloc")
ALLOC_SYM = re.compile(
    r"^(__libc_|_int_|__GI___libc_)?(malloc|free|cfree|calloc|realloc|memalign|posix_memalign|"
    r"aligned_alloc|valloc|pvalloc|malloc_consolidate|tcache_\w+)\b|^operator (new|delete)")
ALLOC_STD = re.compile(r"/libc\.so|/libc-|/libstdc\+\+")


def allocator(frames):
    """Which allocator the sample's time is in, judged by its innermost frame outside the
    kernel (so page faults the allocator takes count as its time), or None."""
    for sym, lib in frames:
        if lib.startswith("[kernel"):
            continue
        if ALLOC_LIB.search(lib):
            return "tbbmalloc"
        if ALLOC_STD.search(lib) and ALLOC_SYM.search(sym):
            return "libc"
        return None
    return None


counts = {}
memo = {}


def count(key, text, pattern):
    """Counts the sample (`text`: its symbols and libraries, a line each) under `key` when one
    of its frames matches `pattern`."""
    regex = memo.setdefault(pattern, re.compile(pattern, re.M))
    if regex.search(text):
        counts[key] = counts.get(key, 0) + 1
        return True
    return False


# Top-level lines take each sample once, the first that matches; a sub-line (depth 1, 2) is a
# part of the line above it one level up. Optional lines (GEOS: the classify kernel is moving
# off it) are printed only when sampled.
top = [
    ("read", "reading zoning and districts (read_layer, before the pipeline)", r"^jigu::read_layer"),
    ("flatten", "flattening generic zones", r"flatten_generic_zones"),
    ("s1", "stage 1, serial: fetching features (classify lambda #1, flow_control)", stage(1)),
    ("s2", "stage 2, parallel: finishing and classifying (classify lambda #2)", stage(2)),
    ("s3", "stage 3, serial: settling and writing (classify lambda #3)", stage(3)),
    ("s4", "stage 4, parallel: batches handed back for reuse (classify lambda #4)", stage(4)),
    ("commit", "finishing the output (OgrWriter::commit: GPKG R-tree, flush)", r"^jigu::handles::OgrWriter::commit"),
]
sub = {
    "s1": [
        (1, "feature reading (OgrLayer::next: SQLite rows of a GeoPackage, else OGR)", r"^jigu::handles::OgrLayer::next", False),
    ],
    "s2": [
        (1, "per-thread indexes (PolygonIndex, once a thread)", r"^jigu::geom::PolygonIndex::PolygonIndex", False),
        (1, "finishing: blob or OGR -> jigu, reprojection, validity (Finisher::finish)", r"^jigu::LayerReader::Finisher::Impl::finish", False),
        (2, "validity check (check_validity)", r"^jigu::geom::check_validity", True),
        (1, "classifying parcels (answer_area)", r"^jigu::analysis::answer_area", True),
        (1, "classifying points (answer_point)", r"^jigu::analysis::answer_point", True),
        (1, "jigu geometry -> GEOS (to_geos, with its GEOS calls)", r"^jigu::handles::to_geos", True),
        (1, "in all of this stage: GEOS, any call (libgeos*)", r"libgeos", False),
        (2, "prepared covers", r"^GEOSPreparedCovers_r", True),
        (2, "prepared intersects", r"^GEOSPreparedIntersects_r", True),
        (2, "exact intersection", r"^GEOSIntersection_r", True),
        (2, "validity", r"^GEOSisValid", True),
    ],
    "s3": [
        (1, "writing features (FeatureWriter::write: GpkgRows or OGR)", r"^jigu::FeatureWriter::write", False),
    ],
}
for frames in samples:
    text = "\n".join(f"{sym}\n{lib}" for sym, lib in frames)
    where = next((key for key, _, pattern in top if count(key, text, pattern)), None)
    for _, label, pattern, _ in sub.get(where, []):
        count((where, label), text, pattern)
    kind = allocator(frames)
    if kind:
        counts[("alloc", kind)] = counts.get(("alloc", kind), 0) + 1
        if where in sub or where == "s4":
            counts[(where, "alloc")] = counts.get((where, "alloc"), 0) + 1


# Lambdas added to jigu::classify, or reordered, would shift the numbers the stages go by.
lambdas = {}
for sym in {sym for frames in samples for sym, _ in frames}:
    m = re.search(r"jigu::classify\(.*\)::\{lambda\(([^{}]*)\)#(\d+)\}", sym)
    if m:
        lambdas[int(m.group(2))] = m.group(1)
if "flow_control" not in lambdas.get(1, "flow_control") or any(n > 4 for n in lambdas):
    print("profile_classify: jigu::classify's lambdas are not the four pipeline stages this script "
          f"expects ({dict(sorted(lambdas.items()))}); update stage() in the script", file=sys.stderr)


def pct(n):
    return f"{100.0 * n / total:.1f} %"


what = "1,000,000 points" if points else f"the {size} parcels"
print(f"profile of jigu classify on {what} (perf, cpu-clock, {total} samples; share of all CPU")
print("samples; an indented line is a part of the stage, or of the line, above it)")
print()
print("| stage | share of CPU |")
print("|---|---|")
indent = "  "
placed = 0
for key, label, _ in top:
    n = counts.get(key, 0)
    placed += n
    print(f"| {label} | {pct(n)} |")
    for depth, sub_label, _, optional in sub.get(key, []):
        n = counts.get((key, sub_label), 0)
        if n or not optional:
            print(f"| {indent * depth}{sub_label} | {pct(n)} |")
    if key in sub or key == "s4":
        print(f"| {indent}in all of this stage: the allocator (counted as below) | {pct(counts.get((key, 'alloc'), 0))} |")
print(f"| everything else (start-up, the CLI, TBB's scheduler, the kernel) | {pct(total - placed)} |")
tbb, libc = counts.get(("alloc", "tbbmalloc"), 0), counts.get(("alloc", "libc"), 0)
print(f"| allocator, anywhere (innermost frame outside the kernel) | {pct(tbb + libc)} |")
print(f"| {indent}oneTBB's (libtbbmalloc*) | {pct(tbb)} |")
print(f"| {indent}malloc/free/new/delete in libc or libstdc++ | {pct(libc)} |")
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
